/**
 * Flow packs: rules, flows, segments and a persona in one JSON file, to move a set of
 * conversations between browsers or share it. Format documented in docs/flow-pack.md. A pack is
 * checked as a whole before anything is written: one bad field refuses the file with a message
 * naming it, and nothing changes.
 */
import { reason } from '../rules/reason.ts';
import { Checker, formatErrors, isRecord, WHOLE_FILE, type CheckError } from '../validation/checks.ts';
import { migrateRule } from '../storage/migrations.ts';
import * as v from 'valibot';
import { PersonaSchema, packFlowSchema, type Flow, type Persona } from './flow-model.ts';
import { checkSchema, object, textSchema } from '../validation/schema-check.ts';
import { RuleSchema, SegmentSchema, type Rule, type Segment } from '../rules/rule-model.ts';
import { validateFlow } from './flow-validation.ts';
import { validateRule, validateSegment } from '../rules/rule-validation.ts';
import { MAX_PACK_FLOWS, MAX_PACK_RULES, MAX_PACK_SEGMENTS } from './pack-limits.ts';

export const PACK_FORMAT = 'tact-flow-pack';
export const PACK_VERSION = 1;
/** Largest pack accepted, in characters of JSON. */
export const MAX_PACK_CHARS = 5_000_000;

/**
 * Where exported packs say their JSON Schema is (`$schema`), so that an editor checks and completes
 * them: docs/flow-pack.schema.json, written by `npm run schema`. Relative, as Tact has no web
 * address of its own: it works for a pack saved beside the schema (or with the editor told where
 * the schema is; docs/flow-pack.md).
 */
export const PACK_SCHEMA_REF = 'flow-pack.schema.json';

/**
 * The pack as one schema, from the same field schemas the import checks with, for the published
 * JSON Schema. `checkPack` checks a pack part by part instead (old rule versions are upgraded
 * first; each flow's graph, and its targets, are checked by `validateFlow`); a test holds that
 * packs it accepts fit this schema.
 */
export const PackSchema = /* @__PURE__ */ (() =>
  object({
    /** The pack's JSON Schema, for editors; ignored on import. */
    $schema: v.optional(textSchema(2000)),
    format: v.literal(PACK_FORMAT),
    version: v.literal(PACK_VERSION),
    name: v.optional(textSchema(200)),
    exportedAt: v.optional(textSchema(40)),
    persona: v.optional(PersonaSchema),
    flows: v.pipe(v.array(packFlowSchema()), v.maxLength(MAX_PACK_FLOWS)),
    rules: v.optional(v.pipe(v.array(RuleSchema), v.maxLength(MAX_PACK_RULES))),
    segments: v.optional(v.pipe(v.array(SegmentSchema), v.maxLength(MAX_PACK_SEGMENTS))),
  }))();

export interface FlowPack {
  /** The pack's JSON Schema (`PACK_SCHEMA_REF`) in exported packs; ignored on import. */
  $schema?: string;
  format: typeof PACK_FORMAT;
  version: number;
  name?: string;
  exportedAt?: string;
  /** Given to every flow of the pack that has no persona of its own. */
  persona?: Persona;
  flows: Flow[];
  rules: Rule[];
  segments?: Segment[];
}

export type PackCheck = { ok: true; pack: FlowPack } | { ok: false; errors: CheckError[]; message: string };

function refuse(errors: CheckError[]): PackCheck {
  const shown = errors.slice(0, 8);
  const more =
    errors.length > shown.length
      ? `\n…and ${errors.length - shown.length} more ${errors.length - shown.length === 1 ? 'problem' : 'problems'}.`
      : '';
  return {
    ok: false,
    errors,
    message: `This file is not a valid Tact flow pack; nothing was imported.\n${formatErrors(shown)}${more}`,
  };
}

/** Parses pack text (size-checked) and checks it; see `checkPack`. */
export function parsePack(text: string, existingFlowIds: ReadonlySet<string> = new Set()): PackCheck {
  if (text.length > MAX_PACK_CHARS)
    return refuse([
      {
        path: WHOLE_FILE,
        message: `is too large (${(text.length / 1e6).toFixed(1)} MB; at most ${MAX_PACK_CHARS / 1e6} MB)`,
        reason: reason('v-pack-too-large', {
          size: Math.round(text.length / 1e5) / 10,
          max: MAX_PACK_CHARS / 1e6,
        }),
      },
    ]);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return refuse([
      { path: WHOLE_FILE, message: `is not valid JSON (${(error as Error).message})`, reason: reason('v-pack-json') },
    ]);
  }
  return checkPack(data, existingFlowIds);
}

/**
 * Checks a parsed pack: format marker and version, every flow (graph included), every rule (old
 * rule versions are upgraded first; a rule's flow must be in the pack or already installed),
 * every segment, and no duplicate ids.
 */
export function checkPack(data: unknown, existingFlowIds: ReadonlySet<string> = new Set()): PackCheck {
  const c = new Checker('pack');
  if (!c.object(data)) return refuse(c.errors);
  if (data.format !== PACK_FORMAT)
    c.fail(
      `must be "${PACK_FORMAT}" (is this a Tact flow pack?)`,
      'format',
      reason('v-pack-format', { format: PACK_FORMAT }),
    );
  // A later format is said as such: "choose from 1" told the marketer nothing about why.
  if (typeof data.version === 'number' && Number.isInteger(data.version) && data.version > PACK_VERSION)
    c.fail(
      `is ${data.version}: the pack comes from a newer Tact, and this one reads version ${PACK_VERSION}`,
      'version',
      reason('v-pack-newer', { version: data.version, supported: PACK_VERSION }),
    );
  else c.oneOf(data.version, 'version', [PACK_VERSION]);
  if (data.name !== undefined) c.string(data.name, 'name', { max: 200 });
  let persona: Persona | undefined;
  if (data.persona !== undefined) {
    const checked = checkSchema(PersonaSchema, data.persona, c.at('persona'));
    if (checked.ok) persona = checked.value;
    else c.errors.push(...checked.errors);
  }
  const flows: Flow[] = [];
  const rules: Rule[] = [];
  const segments: Segment[] = [];
  if (c.array(data.flows, 'flows', { max: MAX_PACK_FLOWS })) {
    const seen = new Set<string>();
    data.flows.forEach((raw, i) => {
      const withPersona = isRecord(raw) && raw.persona === undefined && persona ? { ...raw, persona } : raw;
      const r = validateFlow(withPersona, c.at('flows') + `[${i}]`);
      if (!r.ok) c.errors.push(...r.errors);
      else if (seen.has(r.value.id))
        c.fail(`duplicate flow id "${r.value.id}"`, 'flows', reason('v-duplicate-id', { id: r.value.id }));
      else {
        seen.add(r.value.id);
        flows.push(r.value);
      }
    });
  }
  const flowIds = new Set([...existingFlowIds, ...flows.map((f) => f.id)]);
  if (data.rules !== undefined && c.array(data.rules, 'rules', { max: MAX_PACK_RULES })) {
    const seen = new Set<string>();
    data.rules.forEach((raw, i) => {
      let upgraded: unknown = raw;
      try {
        upgraded = migrateRule(raw);
      } catch {
        /* reported by the validator below */
      }
      const r = validateRule(upgraded, c.at('rules') + `[${i}]`, flowIds);
      if (!r.ok) c.errors.push(...r.errors);
      else if (seen.has(r.value.id))
        c.fail(`duplicate rule id "${r.value.id}"`, 'rules', reason('v-duplicate-id', { id: r.value.id }));
      else {
        seen.add(r.value.id);
        rules.push(r.value);
      }
    });
  }
  if (data.segments !== undefined && c.array(data.segments, 'segments', { max: MAX_PACK_SEGMENTS })) {
    const seen = new Set<string>();
    data.segments.forEach((raw, i) => {
      const r = validateSegment(raw, c.at('segments') + `[${i}]`);
      if (!r.ok) c.errors.push(...r.errors);
      else if (seen.has(r.value.id))
        c.fail(`duplicate segment id "${r.value.id}"`, 'segments', reason('v-duplicate-id', { id: r.value.id }));
      else {
        seen.add(r.value.id);
        segments.push(r.value);
      }
    });
  }
  if (!c.ok) return refuse(c.errors);
  if (flows.length === 0 && rules.length === 0 && segments.length === 0)
    return refuse([{ path: 'pack', message: 'contains no flows, rules or segments', reason: reason('v-pack-empty') }]);
  return {
    ok: true,
    pack: {
      format: PACK_FORMAT,
      version: PACK_VERSION,
      ...(typeof data.name === 'string' ? { name: data.name } : {}),
      ...(persona ? { persona } : {}),
      flows,
      rules,
      segments,
    },
  };
}

/** Builds a pack of everything given, ready to save as JSON. */
export function buildPack(parts: {
  flows: Flow[];
  rules: Rule[];
  segments: Segment[];
  name?: string;
  now?: number;
}): FlowPack {
  return {
    $schema: PACK_SCHEMA_REF,
    format: PACK_FORMAT,
    version: PACK_VERSION,
    name: parts.name ?? 'Tact flows',
    exportedAt: new Date(parts.now ?? Date.now()).toISOString(),
    flows: parts.flows,
    rules: parts.rules,
    segments: parts.segments,
  };
}
