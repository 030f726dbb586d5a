/**
 * The rule model: when to start which flow (a trigger, conditions that must all hold, frequency,
 * entry and priority), and segments (named groups of visitors). Documented in docs/rule-model.md;
 * declared once, as valibot schemas from which the types are inferred; validated by `validateRule`
 * (rule-validation.ts); decided by the engine (engine.ts). Keys a schema does not know are left
 * out when a rule is validated (packs and older data may carry them).
 */
import { reason } from './reason.ts';
import * as v from 'valibot';
import { MAX_PROGRAM_SIZE } from './linear-regex.ts';
import { asciiHost } from './site-host.ts';
import { regexIssue, type PatternIssueCode } from './pattern-check.ts';
import { isPlausibleSelector, TriggerSchema } from '../signals/signal-model.ts';
import {
  idSchema,
  integerSchema,
  numberSchema,
  object,
  problemCheck,
  textSchema,
  timeSchema,
  type CodedProblem,
} from '../validation/schema-check.ts';

/** Schema version of rules written by this build (flows are at `MODEL_VERSION`, flow-model.ts). */
export const RULE_VERSION = 2;

const URL_MATCHES = ['exact', 'prefix', 'glob', 'regex'] as const;
export type UrlMatch = (typeof URL_MATCHES)[number];

/** How a text field of the page or the visitor is compared. */
export const TEXT_OPS = ['equals', 'contains', 'starts-with', 'regex', 'present', 'absent'] as const;
export type TextOp = (typeof TEXT_OPS)[number];

/** Fields of the page context a condition can test. */
export const PAGE_FIELDS = [
  'lang',
  'referrer',
  'title',
  'utm.source',
  'utm.medium',
  'utm.campaign',
  'utm.term',
  'utm.content',
  'product.name',
  'product.currency',
] as const;
export type PageField = (typeof PAGE_FIELDS)[number];

const DEVICES = ['desktop', 'mobile', 'tablet'] as const;
export type Device = (typeof DEVICES)[number];

/** What each pattern problem means, for the marketer (the pages have it in fr and ru too). */
const REGEX_PROBLEMS: Record<PatternIssueCode, (at: number) => string> = {
  'bad-regex': () => 'is not a valid regular expression',
  'regex-backreference': (at) =>
    `uses a back-reference (\\1, \\k<…>) at character ${at}: Tact matches patterns in linear time, so that they can never stall a page, and cannot follow back-references`,
  'regex-lookaround': (at) =>
    `uses a lookahead or lookbehind ((?=, (?!, (?<=, (?<!) at character ${at}: Tact matches patterns in linear time, so that they can never stall a page, and cannot use them`,
  'regex-too-complex': () =>
    `is too large once its repetitions are written out (more than ${MAX_PROGRAM_SIZE} steps per character): use fewer or smaller {n,m} repetitions`,
};

/** A regular expression Tact cannot run (`ignoreCase` as the condition uses it), at `path`, or undefined. */
function regexProblem(pattern: string, ignoreCase: boolean, path: string[]): CodedProblem[] {
  const issue = regexIssue(pattern, ignoreCase);
  if (!issue) return [];
  const at = issue.params.at;
  const why =
    issue.code === 'regex-too-complex'
      ? reason('v-regex-too-complex', { max: MAX_PROGRAM_SIZE })
      : reason(`v-${issue.code}`, { at });
  return [{ message: REGEX_PROBLEMS[issue.code](at), reason: why, path }];
}

/** Optional lower and upper bounds, checked across fields below (one needed, min ≤ max). */
const bound = (limit: number) => v.optional(numberSchema({ min: 0, max: limit }));

/**
 * A site condition's host once in its ASCII form (`asciiHost`): a name or an IPv4 address,
 * optionally `*.` before it and `:port` after it. A Unicode name (магазин.рф) passes as its punycode.
 */
const SITE_HOST = /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/i;

/** Conditions a segment may use: only what is known about the visitor. */
const VISITOR_CONDITION_KINDS = ['visitor-tag', 'visitor-attribute', 'visit-count'] as const;

/** One schema per condition kind (`kind` tells them apart); checks across fields in `conditionProblems`. */
export const CONDITION_OPTIONS = /* @__PURE__ */ (() =>
  [
    /** The page's site: a host (`news.example`), optionally with a port, or `*.news.example` for it and its subdomains. */
    v.object({
      kind: v.literal('site'),
      host: v.pipe(
        textSchema(260),
        problemCheck((host: string) =>
          SITE_HOST.test(asciiHost(host))
            ? undefined
            : {
                message:
                  'must be a host name like news.example (or *.news.example for its subdomains too), without https:// or a path',
                reason: reason('v-site-not-host'),
              },
        ),
      ),
    }),
    /** The page's path (no query, no hash) against a glob: `*` any run of characters, `?` one character. */
    v.object({ kind: v.literal('path'), pattern: textSchema(500) }),
    /** The advanced form: the page address (or its path and query, for a pattern starting with "/"). */
    v.object({ kind: v.literal('url'), match: v.picklist(URL_MATCHES), pattern: textSchema(500) }),
    v.object({ kind: v.literal('min-seconds-on-page'), seconds: numberSchema({ min: 0, max: 3600 }) }),
    v.object({
      kind: v.literal('page'),
      field: v.picklist(PAGE_FIELDS),
      op: v.picklist(TEXT_OPS),
      value: v.optional(textSchema(500, 0)),
    }),
    v.object({ kind: v.literal('price'), min: bound(1e9), max: bound(1e9) }),
    v.object({ kind: v.literal('visitor-tag'), tag: idSchema, present: v.boolean() }),
    v.object({
      kind: v.literal('visitor-attribute'),
      name: idSchema,
      op: v.picklist(TEXT_OPS),
      value: v.optional(textSchema(500, 0)),
    }),
    v.object({ kind: v.literal('segment'), segment: idSchema, member: v.boolean() }),
    v.object({ kind: v.literal('visit-count'), min: bound(1e6), max: bound(1e6) }),
    /** Local time of day, "HH:MM" to "HH:MM" (may wrap past midnight). */
    v.object({ kind: v.literal('time-of-day'), from: timeSchema, to: timeSchema }),
    /** Local day of week: 0 = Sunday … 6 = Saturday. */
    v.object({
      kind: v.literal('day-of-week'),
      days: v.pipe(v.array(integerSchema(0, 6)), v.minLength(1), v.maxLength(7)),
    }),
    v.object({
      kind: v.literal('device'),
      devices: v.pipe(v.array(v.picklist(DEVICES)), v.minLength(1), v.maxLength(3)),
    }),
    v.object({ kind: v.literal('viewport'), minWidth: bound(100_000), maxWidth: bound(100_000) }),
  ] as const)();

type ConditionOption = v.InferOutput<(typeof CONDITION_OPTIONS)[number]>;

/** Bounds of a range: one of them needed, the lower not above the upper. */
export function rangeProblems(c: Record<string, unknown>, minKey: string, maxKey: string): CodedProblem[] {
  const min = c[minKey];
  const max = c[maxKey];
  if (min === undefined && max === undefined)
    return [{ message: `needs ${minKey} or ${maxKey}`, reason: reason('v-needs-bound') }];
  if (typeof min === 'number' && typeof max === 'number' && min > max)
    return [{ message: `${minKey} must not exceed ${maxKey}`, reason: reason('v-min-above-max'), path: [maxKey] }];
  return [];
}

/** What a well-typed condition still gets wrong across its fields (a value its test needs, a bad regex, min > max). */
export function conditionProblems(c: ConditionOption): CodedProblem[] {
  switch (c.kind) {
    case 'url':
      return c.match === 'regex' ? regexProblem(c.pattern, false, ['pattern']) : [];
    case 'page':
    case 'visitor-attribute':
      if (c.op === 'present' || c.op === 'absent') return [];
      if (c.value === undefined)
        return [{ message: 'must be text, got undefined', reason: reason('v-missing'), path: ['value'] }];
      if (c.value === '') return [{ message: 'must not be empty', reason: reason('v-empty'), path: ['value'] }];
      return c.op === 'regex' ? regexProblem(c.value, true, ['value']) : [];
    case 'price':
    case 'visit-count':
      return rangeProblems(c, 'min', 'max');
    case 'viewport':
      return rangeProblems(c, 'minWidth', 'maxWidth');
    default:
      return [];
  }
}

/** A condition that must hold for a rule to fire. */
const ConditionSchema = /* @__PURE__ */ (() =>
  v.pipe(v.variant('kind', CONDITION_OPTIONS), problemCheck(conditionProblems)))();
export type Condition = v.InferOutput<typeof ConditionSchema>;
export type ConditionKind = Condition['kind'];

/** The conditions on the page's address: decided once per page view, as its URL cannot change (`isUrlCondition`, url-match.ts). */
export type UrlCondition = Extract<Condition, { kind: 'site' | 'path' | 'url' }>;

/** A segment's condition: a condition on the visitor only. */
const VisitorConditionSchema = /* @__PURE__ */ (() =>
  v.pipe(
    ConditionSchema,
    problemCheck((c) =>
      (VISITOR_CONDITION_KINDS as readonly string[]).includes(c.kind)
        ? undefined
        : {
            message: `must be one of ${VISITOR_CONDITION_KINDS.map((k) => JSON.stringify(k)).join(', ')}, got ${JSON.stringify(c.kind)}`,
            reason: reason('v-condition-kind', { options: { list: VISITOR_CONDITION_KINDS, or: true } }),
            path: ['kind'],
          },
    ),
  ))();

/** How often one visitor may see a rule's flow. */
const FrequencySchema = /* @__PURE__ */ (() =>
  v.variant('every', [
    v.object({ every: v.picklist(['page-view', 'session', 'visitor']) }),
    v.object({ every: v.literal('days'), days: integerSchema(1, 3650) }),
  ]))();
export type Frequency = v.InferOutput<typeof FrequencySchema>;

/** How the overlay enters: a slide-in panel, or a small launcher pill that opens on click. */
const ENTRY_MODES = ['panel', 'pill'] as const;
export type EntryMode = (typeof ENTRY_MODES)[number];

const dateSchema = /* @__PURE__ */ (() =>
  v.pipe(
    textSchema(40),
    problemCheck((s: string) =>
      Number.isNaN(Date.parse(s))
        ? { message: 'must be a date like 2026-12-01 or 2026-12-01T09:00', reason: reason('v-date') }
        : undefined,
    ),
  ))();

/** Most arms an A/B test may have (the control included), and most goals it may count. */
const MAX_VARIANTS = 4;
const MAX_GOALS = 5;

/**
 * One arm of an A/B test: the flow it shows, or the hold-out (`flowId: null`), which shows nothing,
 * and its relative share of visitors (1 and 1 is half and half). Its `id` is what exposures and
 * events record, so renaming or changing a flow keeps the results apart.
 */
const VariantSchema = /* @__PURE__ */ (() =>
  object({ id: idSchema, flowId: v.nullable(idSchema), weight: integerSchema(1, 1000) }))();

/** A goal is reached within this many days of the visitor's first exposure. */
const withinDays = /* @__PURE__ */ (() => integerSchema(1, 90))();

/** What counts as a conversion: a page visited, an element clicked, or a flow completed. */
const GoalSchema = /* @__PURE__ */ (() =>
  v.pipe(
    v.variant('kind', [
      /** A page whose address matches, as a `url` condition matches it. */
      v.object({
        kind: v.literal('url'),
        id: idSchema,
        match: v.picklist(URL_MATCHES),
        pattern: textSchema(500),
        withinDays,
      }),
      /** A click on an element matching this CSS selector, or inside one. */
      v.object({
        kind: v.literal('click'),
        id: idSchema,
        selector: v.pipe(
          textSchema(300),
          problemCheck((s: string) =>
            isPlausibleSelector(s)
              ? undefined
              : { message: 'is not a CSS selector Tact can use', reason: reason('v-ab-selector') },
          ),
        ),
        withinDays,
      }),
      v.object({ kind: v.literal('flow-completed'), id: idSchema, flowId: idSchema, withinDays }),
    ]),
    problemCheck((g) => (g.kind === 'url' && g.match === 'regex' ? regexProblem(g.pattern, false, ['pattern']) : [])),
  ))();

/** Reason-coded problems of a rule across its fields: one flow or an A/B test, and the test's own sense. */
function experimentProblems(rule: {
  flowId?: string | undefined;
  variants?: readonly { id: string; flowId: string | null }[] | undefined;
  goals?: readonly { id: string }[] | undefined;
}): CodedProblem[] {
  const { flowId, variants, goals } = rule;
  if (variants === undefined) {
    const problems: CodedProblem[] = [];
    if (flowId === undefined)
      problems.push({
        message: 'needs a flow to start (flowId), or variants to split visitors between',
        reason: reason('v-ab-flow-or-variants'),
        path: ['flowId'],
      });
    if (goals !== undefined)
      problems.push({
        message: 'goals count only for a rule with variants',
        reason: reason('v-ab-goals-without-variants'),
        path: ['goals'],
      });
    return problems;
  }
  const problems: CodedProblem[] = [];
  if (flowId !== undefined)
    problems.push({
      message: "starts its variants' flows, so it cannot also have a single flowId",
      reason: reason('v-ab-flow-and-variants'),
      path: ['flowId'],
    });
  const holdOuts = variants.filter((x) => x.flowId === null).length;
  if (holdOuts > 1)
    problems.push({
      message: 'may have one hold-out (a variant with flowId null) at most',
      reason: reason('v-ab-holdouts', { count: holdOuts }),
      path: ['variants'],
    });
  problems.push(...duplicateIds(variants, 'variants'), ...duplicateIds(goals ?? [], 'goals'));
  if (!goals?.length)
    problems.push({
      message: 'needs at least one goal, so that its variants can be compared',
      reason: reason('v-ab-needs-goal'),
      path: ['goals'],
    });
  return problems;
}

function duplicateIds(items: readonly { id: string }[], key: string): CodedProblem[] {
  const seen = new Set<string>();
  const problems: CodedProblem[] = [];
  items.forEach((item, i) => {
    if (seen.has(item.id))
      problems.push({
        message: `uses the id "${item.id}" twice`,
        reason: reason('v-duplicate-id', { id: item.id }),
        path: [key, i, 'id'],
      });
    seen.add(item.id);
  });
  return problems;
}

/** When to start which flow. */
export const RuleSchema = /* @__PURE__ */ (() =>
  v.pipe(
    object({
      id: idSchema,
      version: v.picklist([RULE_VERSION as number]),
      name: textSchema(120),
      enabled: v.boolean(),
      /** Shadow mode: evaluate and log "would have shown", never show. */
      shadow: v.boolean(),
      trigger: TriggerSchema,
      conditions: v.pipe(v.array(ConditionSchema), v.maxLength(50)),
      /** The flow this rule starts; absent when it runs an A/B test (`variants`). */
      flowId: v.optional(idSchema),
      /** An A/B test instead of one flow: 2–4 arms, each visitor always in the same one (variant-assignment.ts). */
      variants: v.optional(v.pipe(v.array(VariantSchema), v.minLength(2), v.maxLength(MAX_VARIANTS))),
      /** What counts as a conversion in the test; the first is the one its results lead with. */
      goals: v.optional(v.pipe(v.array(GoalSchema), v.minLength(1), v.maxLength(MAX_GOALS))),
      entry: v.picklist(ENTRY_MODES),
      /** Higher wins when several rules fire on the same signal. */
      priority: integerSchema(-1000, 1000),
      frequency: FrequencySchema,
      /** Optional active period (ISO 8601 date-times); outside it the rule does not fire. */
      schedule: v.optional(
        v.pipe(
          object({ start: v.optional(dateSchema), end: v.optional(dateSchema) }),
          problemCheck((s) =>
            s.start !== undefined && s.end !== undefined && Date.parse(s.start) >= Date.parse(s.end)
              ? { message: 'must be after the start', reason: reason('v-end-before-start'), path: ['end'] }
              : undefined,
          ),
        ),
      ),
    }),
    problemCheck((rule) => experimentProblems(rule)),
  ))();
export type Rule = v.InferOutput<typeof RuleSchema>;
export type Variant = v.InferOutput<typeof VariantSchema>;
export type Goal = v.InferOutput<typeof GoalSchema>;

/** The flows a rule may start: its flow, or its variants' flows (not the hold-out). */
export function ruleFlowIds(rule: Pick<Rule, 'flowId' | 'variants'>): string[] {
  if (rule.variants) return [...new Set(rule.variants.flatMap((x) => (x.flowId === null ? [] : [x.flowId])))];
  return rule.flowId === undefined ? [] : [rule.flowId];
}

/** A named group of visitors, defined by conditions on the visitor and recomputed live. */
export const SegmentSchema = /* @__PURE__ */ (() =>
  object({
    id: idSchema,
    name: textSchema(120),
    /** Visitor conditions only: visitor-tag, visitor-attribute, visit-count. */
    conditions: v.pipe(v.array(VisitorConditionSchema), v.minLength(1), v.maxLength(20)),
  }))();
export type Segment = v.InferOutput<typeof SegmentSchema>;
