/**
 * Validation of flows and rules. Every entry point (seeding, saving from the options page,
 * tests) goes through these; errors name the exact field.
 */
import { regexIssue, type PatternIssueCode } from './pattern-check.ts';
import { MAX_PROGRAM_SIZE } from './linear-regex.ts';
import { Checker, isRecord, type Validated } from '../validation/checks.ts';
import { PAGE_FIELDS, RULE_VERSION, TEXT_OPS, type Rule, type Segment } from './rule-model.ts';
import { SCROLL_DEPTHS, INTENTS, SIGNAL_TYPES } from '../signals/signal-model.ts';

/** Checks a rule's shape; `flowIds`, when given, also checks that the flow exists. */
export function validateRule(input: unknown, path = 'rule', flowIds?: ReadonlySet<string>): Validated<Rule> {
  const c = new Checker(path);
  if (!c.object(input)) return { ok: false, errors: c.errors };
  const r = input;
  c.id(r.id, 'id');
  c.oneOf(r.version, 'version', [RULE_VERSION]);
  c.string(r.name, 'name', { max: 120 });
  c.boolean(r.enabled, 'enabled');
  c.boolean(r.shadow, 'shadow');
  if (c.object(r.trigger, 'trigger')) validateTrigger(r.trigger, c.child('trigger'));
  if (c.array(r.conditions, 'conditions', { max: 50 })) {
    r.conditions.forEach((cond, i) => validateCondition(cond, c.child('conditions').child(i)));
  }
  if (c.id(r.flowId, 'flowId') && flowIds && !flowIds.has(r.flowId)) {
    c.fail(`starts flow "${r.flowId}", which does not exist`, 'flowId');
  }
  c.oneOf(r.entry, 'entry', ['panel', 'pill']);
  c.number(r.priority, 'priority', { min: -1000, max: 1000, integer: true });
  if (c.object(r.frequency, 'frequency')) {
    const fr = c.child('frequency');
    if (
      fr.oneOf(r.frequency.every, 'every', ['page-view', 'session', 'visitor', 'days']) &&
      r.frequency.every === 'days'
    ) {
      fr.number(r.frequency.days, 'days', { min: 1, max: 3650, integer: true });
    }
  }
  if (r.schedule !== undefined && c.object(r.schedule, 'schedule')) {
    const sc = c.child('schedule');
    for (const key of ['start', 'end'] as const) {
      const v = r.schedule[key];
      if (v !== undefined && sc.string(v, key, { max: 40 }) && Number.isNaN(Date.parse(v)))
        sc.fail('must be a date like 2026-12-01 or 2026-12-01T09:00', key);
    }
    if (
      typeof r.schedule.start === 'string' &&
      typeof r.schedule.end === 'string' &&
      Date.parse(r.schedule.start) >= Date.parse(r.schedule.end)
    )
      sc.fail('must be after the start', 'end');
  }
  return c.ok ? { ok: true, value: input as unknown as Rule } : { ok: false, errors: c.errors };
}

/** Checks a rule trigger: a known signal and its threshold. */
function validateTrigger(t: Record<string, unknown>, c: Checker): void {
  if (!c.oneOf(t.signal, 'signal', SIGNAL_TYPES)) return;
  switch (t.signal) {
    case 'scroll-depth':
      c.oneOf(t.atLeast, 'atLeast', SCROLL_DEPTHS);
      break;
    case 'dwell':
    case 'idle':
      c.number(t.seconds, 'seconds', { min: 1, max: 3600, integer: true });
      break;
    case 'hesitation':
      if (c.string(t.selector, 'selector', { max: 300 }) && !isPlausibleSelector(t.selector))
        c.fail('is not a CSS selector Tact can use', 'selector');
      c.number(t.ms, 'ms', { min: 200, max: 60_000, integer: true });
      break;
    case 'intent':
      c.oneOf(t.intent, 'intent', INTENTS);
      c.number(t.atLeast, 'atLeast', { min: 0.05, max: 1 });
      break;
  }
}

/** A cheap syntax check that works without a DOM (the content script ignores selectors that throw). */
function isPlausibleSelector(s: string): boolean {
  // ">" is the child combinator; "<", braces and ";" never belong in a selector.
  if (/[{}<;]|\/\*/.test(s)) return false;
  let depth = 0;
  for (const ch of s) {
    if (ch === '[' || ch === '(') depth++;
    else if (ch === ']' || ch === ')') depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

const CONDITION_KINDS = [
  'site',
  'path',
  'url',
  'min-seconds-on-page',
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
] as const;
/** Conditions a segment may use: only what is known about the visitor. */
const VISITOR_CONDITION_KINDS = ['visitor-tag', 'visitor-attribute', 'visit-count'] as const;

function optionalRange(c: Checker, v: Record<string, unknown>, minKey: string, maxKey: string, limit: number): void {
  if (v[minKey] === undefined && v[maxKey] === undefined) c.fail(`needs ${minKey} or ${maxKey}`);
  if (v[minKey] !== undefined) c.number(v[minKey], minKey, { min: 0, max: limit });
  if (v[maxKey] !== undefined) c.number(v[maxKey], maxKey, { min: 0, max: limit });
  if (typeof v[minKey] === 'number' && typeof v[maxKey] === 'number' && v[minKey] > v[maxKey])
    c.fail(`${minKey} must not exceed ${maxKey}`, maxKey);
}

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

function checkRegex(c: Checker, pattern: string, key: string, ignoreCase: boolean): void {
  const issue = regexIssue(pattern, ignoreCase);
  if (issue) c.fail(REGEX_PROBLEMS[issue.code](issue.params.at), key, issue);
}

function textOp(c: Checker, v: Record<string, unknown>): void {
  if (!c.oneOf(v.op, 'op', TEXT_OPS)) return;
  if (v.op === 'present' || v.op === 'absent') return;
  if (c.string(v.value, 'value', { max: 500 }) && v.op === 'regex') checkRegex(c, v.value, 'value', true);
}

/** A site condition's host: a name or an IPv4 address, optionally `*.` before it and `:port` after it. */
const SITE_HOST = /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/i;

/** Checks one condition; `allowed` limits the kinds (segments take visitor conditions only). */
export function validateCondition(cond: unknown, c: Checker, allowed: readonly string[] = CONDITION_KINDS): void {
  if (!c.object(cond)) return;
  if (!c.oneOf(cond.kind, 'kind', allowed)) return;
  switch (cond.kind) {
    case 'site':
      if (c.string(cond.host, 'host', { max: 260 }) && !SITE_HOST.test(cond.host.trim()))
        c.fail(
          'must be a host name like news.example (or *.news.example for its subdomains too), without https:// or a path',
          'host',
          { code: 'site-not-host', params: {} },
        );
      break;
    case 'path':
      c.string(cond.pattern, 'pattern', { max: 500 });
      break;
    case 'url':
      if (
        c.oneOf(cond.match, 'match', ['exact', 'prefix', 'glob', 'regex']) &&
        c.string(cond.pattern, 'pattern', { max: 500 })
      ) {
        if (cond.match === 'regex') checkRegex(c, cond.pattern, 'pattern', false);
      }
      break;
    case 'min-seconds-on-page':
      c.number(cond.seconds, 'seconds', { min: 0, max: 3600 });
      break;
    case 'page':
      c.oneOf(cond.field, 'field', PAGE_FIELDS);
      textOp(c, cond);
      break;
    case 'price':
      optionalRange(c, cond, 'min', 'max', 1e9);
      break;
    case 'visitor-tag':
      c.id(cond.tag, 'tag');
      c.boolean(cond.present, 'present');
      break;
    case 'visitor-attribute':
      c.id(cond.name, 'name');
      textOp(c, cond);
      break;
    case 'segment':
      c.id(cond.segment, 'segment');
      c.boolean(cond.member, 'member');
      break;
    case 'visit-count':
      optionalRange(c, cond, 'min', 'max', 1e6);
      break;
    case 'time-of-day':
      for (const key of ['from', 'to'] as const) {
        if (c.string(cond[key], key, { max: 5 }) && !/^([01]?\d|2[0-3]):[0-5]\d$/.test(cond[key]))
          c.fail('must be a time like 09:30', key);
      }
      break;
    case 'day-of-week':
      if (c.array(cond.days, 'days', { min: 1, max: 7 }))
        cond.days.forEach((d, i) => c.child('days').number(d, i, { min: 0, max: 6, integer: true }));
      break;
    case 'device':
      if (c.array(cond.devices, 'devices', { min: 1, max: 3 }))
        cond.devices.forEach((d, i) => c.child('devices').oneOf(d, i, ['desktop', 'mobile', 'tablet']));
      break;
    case 'viewport':
      optionalRange(c, cond, 'minWidth', 'maxWidth', 100_000);
      break;
  }
}

/** Checks a segment: an id, a name and visitor conditions only. */
export function validateSegment(input: unknown, path = 'segment'): Validated<Segment> {
  const c = new Checker(path);
  if (!c.object(input)) return { ok: false, errors: c.errors };
  c.id(input.id, 'id');
  c.string(input.name, 'name', { max: 120 });
  if (c.array(input.conditions, 'conditions', { min: 1, max: 20 })) {
    input.conditions.forEach((cond, i) =>
      validateCondition(cond, c.child('conditions').child(i), VISITOR_CONDITION_KINDS),
    );
  }
  return c.ok ? { ok: true, value: input as unknown as Segment } : { ok: false, errors: c.errors };
}

/** True when `value` looks like a record with a string `id` (for quick pre-checks). */
export function hasId(value: unknown): value is { id: string } {
  return isRecord(value) && typeof value.id === 'string';
}
