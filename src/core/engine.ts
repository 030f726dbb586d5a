/**
 * The trigger engine's decision: given a signal, the page, the visitor and the rules, which flow
 * (if any) to start now. Pure and synchronous so it runs unchanged in Node tests; every decision
 * comes with a trace that says, per rule, which check passed and which blocked it.
 */
import type { Condition, Rule, Signal, VisitorProfile } from './model.ts';
import { describeSignal, describeTrigger, noisyReasons, triggerMatches, type QuietState } from './signal-model.ts';
import { urlMatches } from './url-match.ts';

/** Seconds a page must have been open before Tact may speak, unless the visitor is leaving. */
export const DEFAULT_MIN_SECONDS_ON_PAGE = 3;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface DecisionInput {
  now: number;
  signal: Signal;
  page: { url: string; startedAt: number };
  siteEnabled: boolean;
  /** An overlay was already shown in this page view. */
  pageViewShown: boolean;
  profile: VisitorProfile;
  /** When each rule's flow was last shown to this visitor (epoch ms), by rule id. */
  lastShownByRule: Readonly<Record<string, number>>;
  rules: readonly Rule[];
  /** Ids of flows that exist; a rule pointing elsewhere never fires. */
  flowIds: ReadonlySet<string>;
  minSecondsOnPage?: number;
  /** The page's "bad moment" state when the signal was sent; absent means quiet. */
  quiet?: QuietState;
}

export interface Check {
  /** What was checked, in plain words. */
  label: string;
  passed: boolean;
  /** The value seen, in plain words. */
  detail: string;
}

export type RuleOutcome = 'fired' | 'not-triggered' | 'conditions-failed' | 'blocked' | 'outranked' | 'disabled';

export interface RuleTrace {
  ruleId: string;
  ruleName: string;
  outcome: RuleOutcome;
  checks: Check[];
}

export interface Decision {
  show: { ruleId: string; flowId: string; entry: Rule['entry'] } | null;
  /** Checks that apply to every rule (site on, one overlay per page view). */
  policy: Check[];
  rules: RuleTrace[];
}

/** Decides whether a signal starts a flow. Never throws on well-typed input. */
export function decide(input: DecisionInput): Decision {
  const policy: Check[] = [
    { label: 'Tact is on for this site', passed: input.siteEnabled, detail: input.siteEnabled ? 'on' : 'turned off for this site' },
    {
      label: 'At most one conversation per page view',
      passed: !input.pageViewShown,
      detail: input.pageViewShown ? 'one was already shown on this page' : 'none shown yet',
    },
  ];
  const noisy = noisyReasons(input.quiet);
  if (input.signal.type !== 'exit-intent') {
    policy.push({ label: 'Waits for a quiet moment', passed: noisy.length === 0, detail: noisy.length ? `visitor is ${noisy.join(', ')}` : 'quiet' });
  }
  const policyOk = policy.every((c) => c.passed);
  const traces: RuleTrace[] = [];
  const candidates: { rule: Rule; trace: RuleTrace }[] = [];

  for (const rule of input.rules) {
    const trace: RuleTrace = { ruleId: rule.id, ruleName: rule.name, outcome: 'fired', checks: [] };
    traces.push(trace);
    if (!rule.enabled) {
      trace.outcome = 'disabled';
      continue;
    }
    const triggerCheck = checkTrigger(rule, input.signal);
    trace.checks.push(triggerCheck);
    if (!triggerCheck.passed) {
      trace.outcome = 'not-triggered';
      continue;
    }
    const conditionChecks = rule.conditions.map((c) => checkCondition(c, input));
    trace.checks.push(...conditionChecks);
    if (!conditionChecks.every((c) => c.passed)) {
      trace.outcome = 'conditions-failed';
      continue;
    }
    const blocks = [
      checkFlowExists(rule, input.flowIds),
      checkMinTime(input),
      checkFrequency(rule, input),
    ];
    trace.checks.push(...blocks);
    if (!policyOk || !blocks.every((c) => c.passed)) {
      trace.outcome = 'blocked';
      continue;
    }
    candidates.push({ rule, trace });
  }

  // Highest priority wins; ties go to the rule listed first, so the order is stable.
  candidates.sort((a, b) => b.rule.priority - a.rule.priority);
  const winner = candidates[0];
  for (const c of candidates.slice(1)) {
    c.trace.outcome = 'outranked';
    c.trace.checks.push({ label: 'Highest priority among rules that fired', passed: false, detail: `"${winner!.rule.name}" ranks higher` });
  }
  return {
    show: winner ? { ruleId: winner.rule.id, flowId: winner.rule.flowId, entry: winner.rule.entry } : null,
    policy,
    rules: traces,
  };
}

function checkTrigger(rule: Rule, signal: Signal): Check {
  return { label: `Trigger: ${describeTrigger(rule.trigger)}`, passed: triggerMatches(rule.trigger, signal), detail: describeSignal(signal) };
}

export { describeSignal };

function checkCondition(c: Condition, input: DecisionInput): Check {
  switch (c.kind) {
    case 'url': {
      const passed = urlMatches(input.page.url, c.match, c.pattern);
      return { label: `Page URL ${c.match === 'regex' ? 'matches /' + c.pattern + '/' : c.match + ' ' + JSON.stringify(c.pattern)}`, passed, detail: input.page.url };
    }
    case 'min-seconds-on-page': {
      const seconds = Math.max(0, (input.now - input.page.startedAt) / 1000);
      return { label: `At least ${c.seconds} s on the page`, passed: seconds >= c.seconds, detail: `${seconds.toFixed(1)} s` };
    }
    case 'visitor-tag': {
      const has = input.profile.tags.includes(c.tag);
      return { label: `Visitor ${c.present ? 'has' : 'does not have'} tag "${c.tag}"`, passed: has === c.present, detail: has ? 'has it' : 'does not have it' };
    }
  }
}

function checkFlowExists(rule: Rule, flowIds: ReadonlySet<string>): Check {
  const passed = flowIds.has(rule.flowId);
  return { label: 'The flow exists', passed, detail: passed ? rule.flowId : `flow "${rule.flowId}" is missing` };
}

function checkMinTime(input: DecisionInput): Check {
  const min = input.minSecondsOnPage ?? DEFAULT_MIN_SECONDS_ON_PAGE;
  const seconds = Math.max(0, (input.now - input.page.startedAt) / 1000);
  if (input.signal.type === 'exit-intent') {
    return { label: `Not in the first ${min} s of the page view`, passed: true, detail: 'exit intent is exempt' };
  }
  return { label: `Not in the first ${min} s of the page view`, passed: seconds >= min, detail: `${seconds.toFixed(1)} s on the page` };
}

function checkFrequency(rule: Rule, input: DecisionInput): Check {
  const last = Object.hasOwn(input.lastShownByRule, rule.id) ? input.lastShownByRule[rule.id] : undefined;
  const f = rule.frequency;
  if (f.every === 'page-view') return { label: 'Frequency: once per page view', passed: true, detail: 'not shown on this page yet' };
  if (last === undefined) return { label: frequencyLabel(rule), passed: true, detail: 'never shown to this visitor' };
  if (f.every === 'visitor') return { label: frequencyLabel(rule), passed: false, detail: 'already shown to this visitor' };
  const waitUntil = last + f.days * DAY_MS;
  const passed = input.now >= waitUntil;
  const hours = Math.ceil((waitUntil - input.now) / 3_600_000);
  return { label: frequencyLabel(rule), passed, detail: passed ? 'enough time has passed' : `shown recently; may show again in ${hours} h` };
}

function frequencyLabel(rule: Rule): string {
  const f = rule.frequency;
  if (f.every === 'visitor') return 'Frequency: once per visitor';
  if (f.every === 'days') return `Frequency: at most once every ${f.days} day(s)`;
  return 'Frequency: once per page view';
}
