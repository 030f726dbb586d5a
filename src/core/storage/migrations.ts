/**
 * Upgrades of stored records from older schema versions, pure so they are tested in Node. The
 * IndexedDB upgrade (background/store.ts) applies them inside its version-change transaction.
 */
import { RULE_VERSION, type Rule } from '../rules/rule-model.ts';
import type { TactEvent } from '../results/event-model.ts';
import * as v from 'valibot';
import {
  AttributesSchema,
  TagExpirySchema,
  VisitorProfileSchema,
  type VisitorProfile,
} from '../visitor/visitor-model.ts';
import { isRecord } from '../validation/checks.ts';
import { localDay } from '../rules/policy.ts';
import { DEMO_SHOP_CONDITION } from '../rules/demo-shop.ts';
import { canonicalJson } from '../validation/canonical-json.ts';
import rulesSeededForAnySite from './rules-seeded-for-any-site.json' with { type: 'json' };

/** The default rules as versions before the demo-shop scope seeded them, each as canonical JSON. */
const SEEDED_FOR_ANY_SITE = new Set(rulesSeededForAnySite.map((rule) => canonicalJson(rule)));

/**
 * A rule seeded by a version before the default rules were for the demo shop only, and never
 * edited since (exactly as seeded), gets the demo-shop condition first, as a fresh install seeds
 * it: it stops talking on every site. Any other rule, edited or the marketer's own, is returned
 * unchanged: nothing tells an edit apart from an intent to keep it everywhere.
 */
export function scopeRuleSeededForAnySite(rule: Rule): Rule {
  if (!SEEDED_FOR_ANY_SITE.has(canonicalJson(rule))) return rule;
  return { ...rule, conditions: [DEMO_SHOP_CONDITION, ...rule.conditions] };
}

/** A rule as stored by any version, brought to the current rule model (v1 → v2: shadow mode off). */
export function migrateRule(stored: unknown): Rule {
  if (!isRecord(stored)) throw new Error('stored rule is not an object');
  // A missing version means the first model; anything newer or malformed is left as it is, for
  // the validator to refuse rather than silently relabel.
  const version = stored.version === undefined ? 1 : stored.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version > RULE_VERSION)
    return stored as unknown as Rule;
  let rule: Record<string, unknown> = { ...stored };
  if (version < 2) rule = { ...rule, version: 2, shadow: false };
  return rule as unknown as Rule;
}

/** A profile as stored by any version (v1 had tags only). */
export function migrateProfile(stored: unknown): VisitorProfile {
  if (v.is(VisitorProfileSchema, stored))
    return { ...stored, tagExpiry: stored.tagExpiry ?? {}, attributes: stored.attributes ?? {} };
  // Otherwise keep what still matches the model.
  const p = isRecord(stored) ? stored : {};
  const tags = Array.isArray(p.tags) ? p.tags.filter((t): t is string => typeof t === 'string') : [];
  return {
    tags,
    tagExpiry: isRecord(p.tagExpiry) && v.is(TagExpirySchema, p.tagExpiry) ? p.tagExpiry : {},
    attributes: isRecord(p.attributes) && v.is(AttributesSchema, p.attributes) ? p.attributes : {},
  };
}

/** One counter of the stats rollups: events of one type, per flow, day, step and reply. */
export interface Rollup {
  key: string;
  flowId: string;
  /** Local day, "YYYY-MM-DD". */
  day: string;
  type: TactEvent['type'];
  nodeId: string;
  replyId: string;
  count: number;
}

/** The rollup counter an event adds one to. Free-text answers count under reply "text". */
function rollupKeyOf(e: TactEvent, day: string): Omit<Rollup, 'count'> {
  const nodeId = e.type === 'answered' || e.type === 'dismissed' || e.type === 'completed' ? (e.nodeId ?? '') : '';
  const replyId = e.type === 'answered' ? (e.replyId ?? '') : '';
  return {
    key: [e.flowId, day, e.type, nodeId, replyId].join('|'),
    flowId: e.flowId,
    day,
    type: e.type,
    nodeId,
    replyId,
  };
}

/**
 * The rollup counters a batch of events adds, summed per key: the one definition of what the log's
 * events count as, shared by the write path (`appendEvents`, with which `npm run bench:engine` also
 * fills its million events) and the v1 → v2 backfill. Previews are logged but never counted.
 * `into` lets a caller keep adding to the same sums (the backfill walks a cursor).
 */
export function rollupsOf(
  events: Iterable<TactEvent>,
  dayOf: (at: number) => string = localDay,
  into: Map<string, Rollup> = new Map(),
): Map<string, Rollup> {
  for (const e of events) {
    if (e.preview) continue;
    const k = rollupKeyOf(e, dayOf(e.at));
    const r = into.get(k.key);
    if (r) r.count++;
    else into.set(k.key, { ...k, count: 1 });
  }
  return into;
}

/** A stored counter (or none yet) with a batch's sum for the same key added to it. */
export function addRollup(stored: Rollup | undefined, delta: Rollup): Rollup {
  return { ...delta, count: delta.count + (stored?.count ?? 0) };
}
