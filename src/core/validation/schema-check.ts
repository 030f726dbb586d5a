/**
 * Runs a valibot schema and turns its issues into Tact's `CheckError`s: the exact path of the field
 * (`flows[2].nodes.ask.replies[1].next`) and the rest of a sentence in plain words ("must be at most
 * 4 characters (got 5)"), one error per field. Models and messages are declared once, as schemas
 * (their TypeScript types are inferred from them); this is the one place that words what a schema
 * refuses, so every validator speaks alike.
 */
import * as v from 'valibot';
import { isRecord, type CheckError, type Validated } from './checks.ts';
import { reason, type Reason, type ReasonCode } from '../rules/reason.ts';

/** Any valibot schema (with or without a pipe). */
export type AnySchema = v.GenericSchema;

/** Letters, digits, "-" and "_": ids of flows, rules, nodes, replies, tags, attributes. */
export const ID_PATTERN = /^[A-Za-z0-9_-]+$/;
const ID_MESSAGE = 'may contain only letters, digits, "-" and "_"';

/** An id: 1–80 letters, digits, "-" or "_". */
export const idSchema = /* @__PURE__ */ (() =>
  v.pipe(v.string(), v.minLength(1), v.maxLength(80), v.regex(ID_PATTERN, ID_MESSAGE)))();

const TIME_MESSAGE = 'must be a time like 09:30';

/** A time of day, "9:30" or "09:30" (a regex, so the JSON Schema carries it too). */
export const timeSchema = /* @__PURE__ */ (() =>
  v.pipe(v.string(), v.minLength(1), v.maxLength(5), v.regex(/^([01]?\d|2[0-3]):[0-5]\d$/, TIME_MESSAGE)))();

/** Text of `min`–`max` characters (at least one by default). */
// @__NO_SIDE_EFFECTS__
export function textSchema(max: number, min = 1) {
  return v.pipe(v.string(), v.minLength(min), v.maxLength(max));
}

/** A finite number, optionally bounded and whole. */
// @__NO_SIDE_EFFECTS__
export function numberSchema(opts: { min?: number; max?: number; integer?: boolean } = {}) {
  return v.pipe(
    v.number(),
    v.finite(),
    problemCheck((n: number) =>
      opts.integer && !Number.isInteger(n)
        ? { message: 'must be a whole number', reason: reason('v-whole-number') }
        : undefined,
    ),
    numberBounds(opts.min, opts.max),
  );
}

/**
 * A number's bounds as one action of its own type, `requirement` holding them, so that the
 * published JSON Schema can carry them (scripts/flow-pack-schema.ts). valibot's `minValue` and
 * `maxValue` would too, but cost 88 B gzip more in a bundle carrying the schemas (the embed's).
 */
// @__NO_SIDE_EFFECTS__
function numberBounds(min: number | undefined, max: number | undefined) {
  return {
    ...problemCheck((n: number) => {
      if (min !== undefined && n < min)
        return { message: `must be at least ${min}`, reason: reason('v-at-least', { min }) };
      if (max !== undefined && n > max)
        return { message: `must be at most ${max}`, reason: reason('v-at-most', { max }) };
      return undefined;
    }),
    type: 'number_bounds',
    requirement: { min, max },
  };
}

/** A whole number within bounds. */
// @__NO_SIDE_EFFECTS__
export function integerSchema(min: number, max: number) {
  return numberSchema({ min, max, integer: true });
}

/**
 * Valibot's object and record schemas take a list for an object; Tact's messages and models never
 * do, so these wrappers refuse lists first ("must be an object, got a list").
 */
// @__NO_SIDE_EFFECTS__
function plainObject<S extends v.GenericSchema>(schema: S) {
  return v.pipe(
    v.custom<v.InferInput<S>>(isRecord, (issue) => `must be an object, got ${describe(issue.input)}`),
    schema,
  );
}

/** An object of these fields; any other key is refused (messages: only Tact's own code sends them). */
// @__NO_SIDE_EFFECTS__
export function strictObject<E extends v.ObjectEntries>(entries: E) {
  return plainObject(v.strictObject(entries));
}

/** An object of these fields; other keys are left out of the output (models: packs and older data may carry them). */
// @__NO_SIDE_EFFECTS__
export function object<E extends v.ObjectEntries>(entries: E) {
  return plainObject(v.object(entries));
}

/** An object keyed by names (nodes by id, variables by name). */
// @__NO_SIDE_EFFECTS__
export function record<K extends v.GenericSchema<string>, V extends v.GenericSchema>(key: K, value: V) {
  return plainObject(v.record(key, value));
}

/**
 * An object keyed by names with at most `max` entries. The entries are counted before any of them
 * is checked, so a huge object (50 000 variables) is refused at once, with `tooMany(count)` as the
 * message (the rest of a sentence: "must set at most 20 variables (got 21)").
 */
// @__NO_SIDE_EFFECTS__
export function cappedRecord<K extends v.GenericSchema<string>, V extends v.GenericSchema>(
  key: K,
  value: V,
  max: number,
  tooMany: (count: number) => string,
) {
  const message = (issue: { input: object }) => tooMany(Object.keys(issue.input).length);
  return v.pipe(
    v.custom<v.InferInput<v.RecordSchema<K, V, undefined>>>(
      isRecord,
      (issue) => `must be an object, got ${describe(issue.input)}`,
    ),
    v.maxEntries(max, message),
    v.record(key, value),
    // Never fails (the first one did already); the published JSON Schema reads it, as its
    // conversion starts at a pipe's last schema (scripts/flow-pack-schema.ts).
    v.maxEntries(max, message),
  );
}

/** A problem a check found, worded in English and given as a code the pages word in the reader's language. */
export interface CodedProblem {
  /** The problem in English, for logs. */
  message: string;
  /** The problem as a reason, for the pages to word in the reader's language. */
  reason?: Reason;
  /** Where, below the checked value (`['replies', 1, 'id']`); the value itself when absent. */
  path?: (string | number)[];
}

/**
 * A validation action for checks across fields or with a code (a duplicate id, min above max, a
 * regular expression Tact cannot run): each problem is reported at its own path below the checked
 * value, and a code is passed on as the error's `issue` by `checkSchema`.
 */
// @__NO_SIDE_EFFECTS__
export function problemCheck<T>(
  problemsOf: (value: T) => CodedProblem | CodedProblem[] | undefined,
): v.BaseValidation<T, T, v.BaseIssue<T>> {
  return {
    kind: 'validation',
    type: 'problem',
    reference: problemCheck,
    async: false,
    expects: null,
    '~run'(dataset, config) {
      if (!dataset.typed) return dataset;
      const found = problemsOf(dataset.value);
      for (const problem of found === undefined ? [] : Array.isArray(found) ? found : [found]) {
        v._addIssue({ ...this, requirement: problem, message: undefined }, 'value', dataset, config, {
          message: problem.message,
          path: pathItems(dataset.value, problem.path ?? []),
          input: valueAt(dataset.value, problem.path ?? []),
        });
      }
      return dataset;
    },
  };
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let at = value;
  for (const key of path) at = (at as Record<string | number, unknown> | undefined)?.[key];
  return at;
}

function pathItems(
  value: unknown,
  path: readonly (string | number)[],
): [v.IssuePathItem, ...v.IssuePathItem[]] | undefined {
  const items: v.IssuePathItem[] = [];
  let at = value as Record<string | number, unknown>;
  for (const key of path) {
    const next = at[key] as Record<string | number, unknown>;
    items.push(
      typeof key === 'number'
        ? { type: 'array', origin: 'value', input: at as unknown as unknown[], key, value: next }
        : { type: 'object', origin: 'value', input: at, key, value: next },
    );
    at = next;
  }
  return items.length ? (items as [v.IssuePathItem, ...v.IssuePathItem[]]) : undefined;
}

/** Validation stops at a field's first problem, as a reader fixes one thing at a time. */
const CONFIG = { abortPipeEarly: true } as const;

/**
 * Validates `input` against `schema`. On success the value is the schema's output: a new object in
 * which keys the schema does not know are left out (stripped) where the schema strips them.
 * `base` prefixes every error path (`flow`, `payload`, `flows[2]`).
 */
export function checkSchema<S extends AnySchema>(schema: S, input: unknown, base = ''): Validated<v.InferOutput<S>> {
  const result = v.safeParse(schema, input, CONFIG);
  if (result.success) return { ok: true, value: result.output };
  return { ok: false, errors: result.issues.map((issue) => toCheckError(schema, issue, base)) };
}

/** The path of an issue under `base`: `base.key[3].other`. */
function pathOf(issue: v.BaseIssue<unknown>, base: string): string {
  let path = base;
  for (const item of issue.path ?? []) {
    const key = item.key;
    if (typeof key === 'number') path += `[${key}]`;
    else path += path ? `.${String(key)}` : String(key);
  }
  return path || '(root)';
}

function toCheckError(root: AnySchema, issue: v.BaseIssue<unknown>, base: string): CheckError {
  const message = messageOf(root, issue);
  // A problemCheck's issue carries its problem as the requirement (numberBounds renames its type).
  const coded = isRecord(issue.requirement) ? (issue.requirement as Partial<CodedProblem>).reason : undefined;
  return { path: pathOf(issue, base), message, reason: coded ?? reasonOf(root, issue, message) };
}

/** What a missing field asks for, by the field's name: "Choose the step this leads to". */
const MISSING: Record<string, ReasonCode> = {
  next: 'v-missing-next',
  otherwise: 'v-missing-next',
  text: 'v-missing-text',
  label: 'v-missing-label',
  id: 'v-missing-id',
};

/** The kind of value a schema expects, as the reason for a value of another kind. */
const TYPE_REASONS: Record<string, ReasonCode> = {
  string: 'v-type-text',
  number: 'v-type-number',
  boolean: 'v-type-boolean',
  Object: 'v-type-object',
  Array: 'v-type-list',
};

/**
 * A valibot issue as a reason, by its kind and path (never valibot's own words): a field that is
 * absent asks for what it needs, a value of the wrong kind says which kind is wanted, lengths and
 * counts say the limit. A check that has no code yet keeps its English sentence (`v-other`).
 */
function reasonOf(root: AnySchema, issue: v.BaseIssue<unknown>, message: string): Reason {
  const input = issue.input;
  const last = issue.path?.at(-1);
  if (issue.type.endsWith('object') && last?.origin === 'key' && issue.expected !== 'never') {
    const key = typeof last.key === 'string' ? last.key : '';
    return reason(Object.hasOwn(MISSING, key) ? MISSING[key]! : 'v-missing');
  }
  if (issue.type.endsWith('object') && issue.expected === 'never') return reason('v-unknown-field');
  switch (issue.type) {
    case 'min_length': {
      const min = issue.requirement as number;
      return Array.isArray(input)
        ? reason('v-min-items', { min })
        : min === 1
          ? reason('v-empty')
          : reason('v-min-chars', { min });
    }
    case 'max_length': {
      const max = issue.requirement as number;
      const length = (input as { length: number }).length;
      return Array.isArray(input)
        ? reason('v-max-items', { max, count: length })
        : reason('v-max-chars', { max, length });
    }
    case 'min_entries':
      return reason('v-min-items', { min: issue.requirement as number });
    case 'max_entries':
      return reason('v-max-items', { max: issue.requirement as number, count: Object.keys(input as object).length });
    case 'finite':
      return reason('v-type-number');
    case 'regex':
      // By the sentence its schema gives (a table here would land in every bundle that imports this module).
      return message === ID_MESSAGE
        ? reason('v-id-chars')
        : message === TIME_MESSAGE
          ? reason('v-time')
          : reason('v-other', { message });
    case 'problem':
    case 'check':
    case 'custom':
    case 'raw_check':
      return message.startsWith('must be an object, got ')
        ? reason(input === undefined ? 'v-missing' : 'v-type-object')
        : reason('v-other', { message });
  }
  if (issue.kind === 'schema') {
    if (input === undefined) return reason('v-missing');
    const typed = TYPE_REASONS[issue.expected ?? ''];
    if (typed) return reason(typed);
    const options = (issue.expected ?? '').replace(/[()]/g, '').split(' | ').filter(Boolean);
    return options.length
      ? reason('v-one-of', { options: { list: options.slice(0, 8), or: true } })
      : reason('v-invalid');
  }
  return reason('v-other', { message });
}

/** The rest of a sentence after the field's name. */
function messageOf(root: AnySchema, issue: v.BaseIssue<unknown>): string {
  const input = issue.input;
  const last = issue.path?.at(-1);
  // A required field that is absent: worded as its schema's type, "got undefined".
  if (issue.type.endsWith('object') && last?.origin === 'key' && issue.expected !== 'never') {
    const field = schemaAt(root, issue.path ?? []);
    return field ? expectedType(field.expects, undefined) : 'is missing';
  }
  if (issue.type.endsWith('object') && issue.expected === 'never') return 'is not a field Tact knows';
  switch (issue.type) {
    case 'min_length': {
      const min = issue.requirement as number;
      if (Array.isArray(input)) return `must have at least ${min} ${min === 1 ? 'item' : 'items'}, got ${input.length}`;
      return min === 1 ? 'must not be empty' : `must be at least ${min} characters`;
    }
    case 'max_length': {
      const max = issue.requirement as number;
      const length = (input as { length: number }).length;
      return Array.isArray(input)
        ? `must have at most ${max} ${max === 1 ? 'item' : 'items'}, got ${length}`
        : `must be at most ${max} characters (got ${length})`;
    }
    case 'min_entries':
      return `must have at least ${issue.requirement as number} ${issue.requirement === 1 ? 'item' : 'items'}`;
    case 'max_entries':
      // A capped record says what it counts (cappedRecord); valibot's own message starts "Invalid".
      return issue.message.startsWith('Invalid ')
        ? `must have at most ${issue.requirement as number} items, got ${Object.keys(input as object).length}`
        : issue.message;
    case 'finite':
      return `must be a number, got ${describe(input)}`;
    case 'regex':
    case 'problem':
    case 'check':
    case 'custom':
    case 'raw_check':
      return issue.message;
  }
  if (issue.kind === 'schema') return expectedType(issue.expected, input);
  return issue.message;
}

/** "must be text, got 5"; "must be one of "a", "b", got "c"". */
function expectedType(expected: string | null, input: unknown): string {
  const got = `got ${describe(input)}`;
  switch (expected) {
    case 'string':
      return `must be text, ${got}`;
    case 'number':
      return `must be a number, ${got}`;
    case 'boolean':
      return `must be true or false, ${got}`;
    case 'Object':
      return `must be an object, ${got}`;
    case 'Array':
      return `must be a list, ${got}`;
    case 'null':
      return `must be null, ${got}`;
    case 'unknown':
      return 'is missing';
  }
  const options = (expected ?? '').replace(/[()]/g, '').split(' | ').filter(Boolean);
  if (options.length === 0) return `is not valid, ${got}`;
  let list = options.join(', ');
  // Long lists are cut so the message stays one readable line.
  if (list.length > 70) list = `${options.slice(0, 4).join(', ')}, … (${options.length} kinds)`;
  return `must be one of ${list}, ${got}`;
}

/** A short description of a value for error messages, never the whole value. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value.length > 40 ? `"${value.slice(0, 40)}…"` : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return typeof value === 'number' ? String(value) : typeof value;
}

type SchemaNode = AnySchema & {
  pipe?: SchemaNode[];
  entries?: Record<string, AnySchema>;
  item?: AnySchema;
  value?: AnySchema;
  wrapped?: AnySchema;
  options?: SchemaNode[];
  key?: string;
  getter?: (input: unknown) => AnySchema;
};

/** The schema of the field at `path` (objects, records, lists, variants, optionals, lazies). */
function schemaAt(root: AnySchema, path: readonly v.IssuePathItem[]): AnySchema | undefined {
  let node: SchemaNode | undefined = root;
  for (const item of path) {
    node = unwrap(node, item.input);
    if (!node) return undefined;
    const key = item.key as string | number;
    if (node.entries) node = node.entries[key];
    else if (node.item) node = node.item;
    else if (node.value) node = node.value;
    else return undefined;
  }
  return unwrap(node, undefined);
}

/** Looks through optional/nullable wrappers, lazies and variants (picking the option the input selects). */
function unwrap(node: SchemaNode | undefined, input: unknown): SchemaNode | undefined {
  for (let i = 0; node && i < 10; i++) {
    const inner = node.pipe?.findLast(
      (item) => item.kind === 'schema' && item !== node && (item.type !== 'custom' || item.pipe !== undefined),
    );
    if (inner) node = inner;
    else if (node.wrapped) node = node.wrapped;
    else if (node.getter) node = node.getter(input);
    else if (node.type === 'variant' && node.options && node.key) {
      const key = node.key;
      const discriminator = (input as Record<string, unknown> | undefined)?.[key];
      node = node.options.find((o) => {
        const entry = o.entries?.[key];
        return entry !== undefined && v.is(entry, discriminator);
      });
    } else return node;
  }
  return node;
}
