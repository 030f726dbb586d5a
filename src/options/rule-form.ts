/**
 * The rule editor's model, pure: defaults when the marketer picks another trigger or condition
 * kind, conversions between form inputs and rule fields (an empty number field is "not set",
 * a schedule without dates is no schedule), a canonical form for "has anything changed?", and
 * validation errors filed by field so each is shown next to its input.
 */
import { reason } from '../core/rules/reason.ts';
import type { CheckError } from '../core/validation/checks.ts';
import { validateRule } from '../core/rules/rule-validation.ts';
import {
  ruleFlowIds,
  type Condition,
  type ConditionKind,
  type Goal,
  type Rule,
  type Variant,
} from '../core/rules/rule-model.ts';
import type { Flow } from '../core/flows/flow-model.ts';
import type { Trigger } from '../core/signals/signal-model.ts';
import type { SignalType } from '../core/signals/signal-kinds.ts';

export const CONDITION_KINDS: readonly ConditionKind[] = [
  'site',
  'path',
  'url',
  'page',
  'price',
  'visitor-tag',
  'visitor-attribute',
  'segment',
  'visit-count',
  'time-of-day',
  'day-of-week',
  'device',
  'viewport',
  'min-seconds-on-page',
];

/** A trigger of the given kind with sensible thresholds, keeping what still applies from `from`. */
export function defaultTrigger(signal: SignalType, from?: Trigger): Trigger {
  const seconds = from && 'seconds' in from ? from.seconds : undefined;
  switch (signal) {
    case 'scroll-depth':
      return { signal, atLeast: 50 };
    case 'dwell':
      return { signal, seconds: seconds ?? 10 };
    case 'idle':
      return { signal, seconds: seconds ?? 20 };
    case 'hesitation':
      return { signal, selector: '', ms: 1500 };
    case 'intent':
      return { signal, intent: 'hesitating', atLeast: 0.7 };
    default:
      return { signal };
  }
}

/** A new condition of a kind, filled with a valid or obviously-to-fill starting value. */
export function defaultCondition(kind: ConditionKind): Condition {
  switch (kind) {
    case 'site':
      return { kind, host: '' };
    case 'path':
      return { kind, pattern: '/*' };
    case 'url':
      return { kind, match: 'prefix', pattern: '/' };
    case 'min-seconds-on-page':
      return { kind, seconds: 5 };
    case 'page':
      return { kind, field: 'lang', op: 'equals', value: '' };
    case 'price':
      return { kind, min: 0 };
    case 'visitor-tag':
      return { kind, tag: '', present: true };
    case 'visitor-attribute':
      return { kind, name: '', op: 'present' };
    case 'segment':
      return { kind, segment: '', member: true };
    case 'visit-count':
      return { kind, min: 2 };
    case 'time-of-day':
      return { kind, from: '09:00', to: '18:00' };
    case 'day-of-week':
      return { kind, days: [1, 2, 3, 4, 5] };
    case 'device':
      return { kind, devices: ['desktop'] };
    case 'viewport':
      return { kind, minWidth: 768 };
  }
}

/**
 * A number field's value: `undefined` when empty (an optional bound left out), else the number
 * typed, which may be NaN for text the browser could not read (validation then names the field).
 */
export function numberFromInput(value: string): number | undefined {
  const v = value.trim();
  return v === '' ? undefined : Number(v);
}

/** An `<input type="datetime-local">` value for a stored date (ISO or date-only), or ''. */
export function dateTimeInputValue(iso: string | undefined): string {
  if (!iso) return '';
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00` : iso.slice(0, 16);
}

/**
 * The rule as it will be saved: optional fields that are not set are left out (an empty bound,
 * a schedule with no dates, a text operator that takes no value), so two drafts that mean the
 * same thing compare equal.
 */
export function canonicalRule(rule: Rule): Rule {
  const out = JSON.parse(
    JSON.stringify(rule, (_k, v: unknown) => (typeof v === 'number' && Number.isNaN(v) ? 'NaN' : v)),
  ) as Rule & { schedule?: Record<string, unknown> };
  // NaN is kept (as text) so an unreadable number stays an error instead of silently vanishing.
  const restoreNaN = (o: unknown): unknown =>
    o === 'NaN'
      ? Number.NaN
      : Array.isArray(o)
        ? o.map(restoreNaN)
        : o && typeof o === 'object'
          ? Object.fromEntries(Object.entries(o).map(([k, v]) => [k, restoreNaN(v)]))
          : o;
  const r = restoreNaN(out) as Rule & { schedule?: Record<string, unknown> };
  if (r.schedule) {
    for (const k of ['start', 'end'] as const) if (!r.schedule[k]) delete r.schedule[k];
    if (Object.keys(r.schedule).length === 0) delete r.schedule;
  }
  r.conditions = r.conditions.map((c) =>
    'op' in c && (c.op === 'present' || c.op === 'absent')
      ? (({ value: _v, ...rest }) => rest)(c as Condition & { value?: string })
      : c,
  );
  return r;
}

/** True when two drafts mean the same rule. */
export function sameRule(a: Rule, b: Rule): boolean {
  return stableStringify(canonicalRule(a)) === stableStringify(canonicalRule(b));
}

function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return typeof v === 'number' && Number.isNaN(v) ? 'NaN' : JSON.stringify(v);
}

/**
 * Validates a draft with the engine's own `validateRule` and files the errors by field path
 * relative to the rule (`trigger.seconds`, `conditions[1].pattern`, `schedule.end`); an error
 * about a whole condition is filed under `conditions[i]`. `word` gives an error's sentence (the
 * editor words coded problems in the reader's language).
 */
export function ruleFormErrors(
  rule: Rule,
  flowIds: ReadonlySet<string>,
  takenIds?: ReadonlySet<string>,
  word: (e: CheckError) => string = (e) => e.message,
): Map<string, string[]> {
  const checked = validateRule(canonicalRule(rule), 'rule', flowIds);
  const errors: CheckError[] = checked.ok ? [] : checked.errors;
  const out = new Map<string, string[]>();
  const add = (path: string, message: string) => out.set(path, [...(out.get(path) ?? []), message]);
  for (const e of errors) add(e.path.replace(/^rule\.?/, '') || 'rule', word(e));
  if (takenIds?.has(rule.id))
    add(
      'id',
      word({
        path: 'id',
        message: 'is already used by another rule',
        reason: reason('v-duplicate-id', { id: rule.id }),
      }),
    );
  return out;
}

/** Every tag the flows can give a visitor (replies, options, tag actions), sorted: suggestions for tag conditions. */
export function knownTags(flows: readonly Flow[]): string[] {
  const tags = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'tags' && Array.isArray(x)) for (const tag of x) if (typeof tag === 'string') tags.add(tag);
        walk(x);
      }
    }
  };
  for (const f of flows) walk(f.nodes);
  return [...tags].sort();
}

/** An id `prefix-N` not in `taken` (N from 1): new variants and goals get one. */
function freeId(prefix: string, taken: readonly { id: string }[]): string {
  for (let n = 1; ; n++) if (!taken.some((x) => x.id === `${prefix}-${n}`)) return `${prefix}-${n}`;
}

/** What a goal of a kind starts as (the first flow of the test for "flow completed"). */
export function defaultGoal(kind: Goal['kind'], rule: Rule): Goal {
  const base = { id: freeId('goal', rule.goals ?? []), withinDays: 7 };
  switch (kind) {
    case 'url':
      return { ...base, kind, match: 'prefix', pattern: '/' };
    case 'click':
      return { ...base, kind, selector: '' };
    case 'flow-completed':
      return { ...base, kind, flowId: ruleFlowIds(rule)[0] ?? '' };
  }
}

/** A new variant showing `flowId` (null: the hold-out), weight 1. */
export function newVariant(rule: Rule, flowId: string | null): Variant {
  return { id: freeId('variant', rule.variants ?? []), flowId, weight: 1 };
}

/**
 * The rule turned into an A/B test: its flow becomes the first variant, a second variant shows
 * `otherFlowId` (or the same flow: the marketer picks), and the test counts "the flow completed"
 * until the marketer chooses a goal; or, with `on` false, back to one flow (the first variant's).
 */
export function withTest(rule: Rule, on: boolean, otherFlowId: string | undefined): Rule {
  const { flowId, variants, goals, ...rest } = rule;
  if (!on) {
    const first = variants?.find((x) => x.flowId !== null)?.flowId ?? flowId ?? otherFlowId ?? '';
    return { ...rest, flowId: first };
  }
  if (variants) return rule;
  const a = { id: 'a', flowId: flowId ?? otherFlowId ?? '', weight: 1 };
  const b = { id: 'b', flowId: otherFlowId ?? a.flowId, weight: 1 };
  const test: Rule = { ...rest, variants: [a, b] };
  return { ...test, goals: [defaultGoal('flow-completed', test)] };
}
