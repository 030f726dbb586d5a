/**
 * The trigger engine's decision: given a signal, the page, the visitor, the policy's state and
 * the rules, which flow (if any) to start now. Pure and synchronous so it runs unchanged in Node
 * tests; every decision comes with a trace that says, per candidate rule, which check passed and
 * which blocked it, as reasons (codes and parameters) the pages word in the reader's language.
 */
import { checkCondition, type Check, type ConditionContext } from './conditions.ts';
import type { Condition, EntryMode, Rule, Segment, Variant } from './rule-model.ts';
import { assignVariant } from '../experiments/variant-assignment.ts';
import {
  type PageContext,
  type Signal,
  describeSignal,
  describeTrigger,
  noisyReasons,
  triggerMatches,
  type QuietState,
} from '../signals/signal-model.ts';
import { UNSEEN_STATES, type BusyState } from '../signals/signal-kinds.ts';
import type { VisitorProfile } from '../visitor/visitor-model.ts';
import {
  backoffUntil,
  budgetToday,
  DEFAULT_SETTINGS,
  localDay,
  own,
  spend,
  spentOnSite,
  type BudgetState,
  type DismissalState,
  type PolicySettings,
} from './policy.ts';
import type { RuleIndex } from './rule-index.ts';
import { reason } from './reason.ts';

export { describeSignal };

/** Kept for callers that only need the default; the setting lives in PolicySettings. */
export const DEFAULT_MIN_SECONDS_ON_PAGE = DEFAULT_SETTINGS.minSecondsOnPage;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface DecisionInput {
  now: number;
  signal: Signal;
  page: { url: string; startedAt: number; context?: PageContext };
  /** The site's origin, for per-site budget and back-off. */
  origin?: string;
  siteEnabled: boolean;
  /** An overlay was already shown in this page view. */
  pageViewShown: boolean;
  /**
   * An A/B rule's hold-out already took this page view's turn: nothing was shown, and nothing else
   * is, as in the other arms (their flow is the page view's one conversation). No budget is spent.
   */
  pageViewHeldOut?: boolean;
  profile: VisitorProfile;
  /** The visitor's pseudonymous id, stable per browser profile (or site visitor): their A/B arms follow from it. */
  visitorId?: string;
  segments?: readonly Segment[];
  /** Visits (sessions) of this site, this one included. */
  visitCount?: number;
  /** When the current visit of this site began (for once-per-session rules). */
  sessionStartedAt?: number;
  /** When each rule's flow was last shown to this visitor (epoch ms), by rule id. */
  lastShownByRule: Readonly<Record<string, number>>;
  /** The rules to consider: a list, or an index built once with `buildRuleIndex`. */
  rules: readonly Rule[] | RuleIndex;
  /** Ids of flows that exist; a rule pointing elsewhere never fires. */
  flowIds: ReadonlySet<string>;
  settings?: Partial<PolicySettings>;
  budget?: BudgetState;
  dismissals?: DismissalState;
  /** The page's "bad moment" state when the signal was sent; absent means quiet. */
  quiet?: QuietState;
  /** The content script held the signal back this long, while the visitor was busy in these ways. */
  held?: { ms: number; while: BusyState[] };
  /** Older callers pass this directly; `settings.minSecondsOnPage` wins when both are set. */
  minSecondsOnPage?: number;
  /** Local time, for time-of-day and day-of-week conditions; computed from `now` when absent. */
  localMinutes?: number;
  localDay?: number;
}

type RuleOutcome = 'fired' | 'shadow' | 'not-triggered' | 'conditions-failed' | 'blocked' | 'outranked' | 'disabled';

export interface RuleTrace {
  ruleId: string;
  ruleName: string;
  outcome: RuleOutcome;
  checks: Check[];
}

export interface Decision {
  /** What to show; `variantId` when the rule runs an A/B test (its visitor's arm). */
  show: { ruleId: string; flowId: string; entry: EntryMode; variantId?: string } | null;
  /**
   * The winning rule runs an A/B test and this visitor is in its hold-out: nothing is shown (and
   * no budget spent), but the visitor counts as exposed, as they would have seen the flow.
   */
  heldOut?: { ruleId: string; variantId: string };
  /** Shadow-mode rules that would have shown their flow here (nothing is shown for them). */
  wouldShow: { ruleId: string; flowId: string }[];
  /** Checks that apply to every rule (site on, snooze, one per page view, quiet moment). */
  policy: Check[];
  /** One trace per candidate rule (rules of another trigger or URL are not candidates). */
  rules: RuleTrace[];
  /** The budget after this decision (spent only when something is shown). */
  budget: BudgetState;
  /** How many enabled rules exist, candidates or not. */
  ruleCount: number;
  /**
   * Set when the decision was taken by `decideQuick` (quick-decide.ts): `rules` then holds the
   * deciding rule's trace only, and `candidates` says how many rules could fire on the page for
   * this signal; `decide()` on the same input traces every one of them, as the background does
   * when someone reads the decision.
   */
  brief?: { candidates: number };
}

function isIndex(rules: DecisionInput['rules']): rules is RuleIndex {
  return !Array.isArray(rules);
}

/** What every rule's checks of one decision share: the settings, the policy's checks, the conditions' inputs. */
export interface DecisionBasis {
  settings: PolicySettings;
  now: number;
  origin: string;
  budget: BudgetState;
  /** Checks that apply to every rule, and whether they all passed. */
  policy: Check[];
  policyOk: boolean;
  ctx: ConditionContext;
}

/** The part of a decision that does not depend on any rule. */
export function decisionBasis(input: Omit<DecisionInput, 'rules'>): DecisionBasis {
  const settings: PolicySettings = {
    ...DEFAULT_SETTINGS,
    ...(input.minSecondsOnPage !== undefined ? { minSecondsOnPage: input.minSecondsOnPage } : {}),
    ...input.settings,
  };
  const now = input.now;
  const origin = input.origin ?? safeOrigin(input.page.url);
  const budget = budgetToday(input.budget, localDay(now));

  const policy: Check[] = [
    {
      label: reason('check-site-on'),
      passed: input.siteEnabled,
      detail: reason(input.siteEnabled ? 'seen-site-on' : 'seen-site-off'),
    },
    {
      label: reason('check-one-per-page'),
      passed: !input.pageViewShown && !input.pageViewHeldOut,
      detail: reason(
        input.pageViewShown ? 'seen-page-shown' : input.pageViewHeldOut ? 'seen-page-held-out' : 'seen-page-none-shown',
      ),
    },
    {
      label: reason('check-not-snoozed'),
      passed: !(settings.snoozeUntil > now),
      detail:
        settings.snoozeUntil > now
          ? reason('seen-snoozed-until', { until: { at: settings.snoozeUntil } })
          : reason('seen-not-snoozed'),
    },
  ];
  policy.push(quietCheck(input, settings));

  const date = new Date(now);
  const ctx: ConditionContext = {
    now,
    url: input.page.url,
    pageStartedAt: input.page.startedAt,
    page: input.page.context ?? {},
    profile: input.profile,
    segments: input.segments ?? [],
    visitCount: input.visitCount ?? 1,
    localMinutes: input.localMinutes ?? date.getHours() * 60 + date.getMinutes(),
    localDay: input.localDay ?? date.getDay(),
  };
  return { settings, now, origin, budget, policy, policyOk: policy.every((c) => c.passed), ctx };
}

/** One rule's trace in a decision, and the arm it would show; `live` when it can show now (not shadow). */
export interface TracedRule {
  rule: Rule;
  trace: RuleTrace;
  arm: Arm;
  /** Passed every check and is not in shadow mode: it competes on priority. */
  live: boolean;
}

/**
 * Evaluates one rule with its worded checks, as the trace shows it; a rule that competes is traced
 * as `fired` (the caller marks the outranked ones).
 */
export function traceRule(
  rule: Rule,
  input: Omit<DecisionInput, 'rules'>,
  basis: DecisionBasis,
  knownCheck?: (c: Condition) => Check | undefined,
): TracedRule {
  const trace: RuleTrace = { ruleId: rule.id, ruleName: rule.name, outcome: 'fired', checks: [] };
  const arm: Arm = { flowId: undefined };
  const done = (outcome: RuleOutcome, a: Arm = arm): TracedRule => {
    trace.outcome = outcome;
    return { rule, trace, arm: a, live: false };
  };
  if (!rule.enabled) return done('disabled');
  const trigger: Check = {
    label: reason('check-trigger', { trigger: describeTrigger(rule.trigger) }),
    passed: triggerMatches(rule.trigger, input.signal),
    detail: describeSignal(input.signal),
  };
  trace.checks.push(trigger);
  if (!trigger.passed) return done('not-triggered');
  const conditions = rule.conditions.map((c) => knownCheck?.(c) ?? checkCondition(c, basis.ctx));
  trace.checks.push(...conditions);
  if (!conditions.every((c) => c.passed)) return done('conditions-failed');
  const ruleArm = armOf(rule, input.visitorId ?? '');
  if (ruleArm.variant) trace.checks.push(variantCheck(ruleArm.variant));
  const blocks = ruleBlocks(rule, ruleArm, input, basis);
  trace.checks.push(...blocks);
  if (!basis.policyOk || !blocks.every((c) => c.passed)) return done('blocked', ruleArm);
  if (rule.shadow) {
    trace.checks.push({ label: reason('check-shadow'), passed: false, detail: reason('seen-shadow') });
    return done('shadow', ruleArm);
  }
  return { rule, trace, arm: ruleArm, live: true };
}

/** The decision once the competing rules are known: the winner by priority, what it spends. */
export function settle(
  basis: DecisionBasis,
  live: readonly TracedRule[],
  wouldShow: Decision['wouldShow'],
  traces: RuleTrace[],
  ruleCount: number,
): Decision {
  const winner = live[0];
  for (const c of live.slice(1)) {
    c.trace.outcome = 'outranked';
    c.trace.checks.push({
      label: reason('check-priority'),
      passed: false,
      detail: reason('seen-ranks-higher', { rule: winner!.rule.name }),
    });
  }
  const shown = winner && winner.arm.flowId !== null ? winner : undefined;
  const heldOut = winner && winner.arm.flowId === null ? winner : undefined;
  const weight = shown ? basis.settings.entryWeights[shown.rule.entry] : 0;
  return {
    show: shown
      ? {
          ruleId: shown.rule.id,
          flowId: shown.arm.flowId!,
          entry: shown.rule.entry,
          ...(shown.arm.variant ? { variantId: shown.arm.variant.id } : {}),
        }
      : null,
    ...(heldOut?.arm.variant ? { heldOut: { ruleId: heldOut.rule.id, variantId: heldOut.arm.variant.id } } : {}),
    wouldShow,
    policy: basis.policy,
    rules: traces,
    budget: shown ? spend(basis.budget, basis.origin, weight) : basis.budget,
    ruleCount,
  };
}

/** Decides whether a signal starts a flow. Never throws on well-typed input. */
export function decide(input: DecisionInput): Decision {
  const basis = decisionBasis(input);
  const index = isIndex(input.rules) ? input.rules : null;
  const rules = index ? index.candidates(input.signal.type, input.page.url) : (input.rules as readonly Rule[]);
  const knownCheck = index?.knownCheck?.bind(index);
  const traces: RuleTrace[] = [];
  const live: TracedRule[] = [];
  const wouldShow: Decision['wouldShow'] = [];

  for (const rule of rules) {
    const traced = traceRule(rule, input, basis, knownCheck);
    traces.push(traced.trace);
    if (traced.live) live.push(traced);
    else if (traced.trace.outcome === 'shadow' && traced.arm.flowId)
      wouldShow.push({ ruleId: rule.id, flowId: traced.arm.flowId });
  }

  // Highest priority wins; ties go to the rule listed first (sort is stable).
  live.sort((a, b) => b.rule.priority - a.rule.priority);
  return settle(basis, live, wouldShow, traces, index ? index.size : rules.filter((r) => r.enabled).length);
}

/**
 * The quiet-moment check, with the hold the content script made (if any). Exit intent does not
 * wait for a pause, but is never shown over fullscreen content or a modal dialog (unseen,
 * unreachable).
 */
function quietCheck(input: Omit<DecisionInput, 'rules'>, settings: PolicySettings): Check {
  const exit = input.signal.type === 'exit-intent';
  const noisy = noisyReasons(input.quiet, settings.quietMoments, exit ? UNSEEN_STATES : undefined);
  const held = input.held && input.held.ms > 0 ? input.held : undefined;
  const heldFor = held ? { measure: held.ms / 1000, unit: 'second' as const, digits: 1 } : undefined;
  const heldWhile = held ? noisyReasons(Object.fromEntries(held.while.map((k) => [k, true])) as QuietState) : [];
  const states = { list: noisy };
  return {
    label: reason(exit ? 'check-not-over-fullscreen' : 'check-quiet-moment'),
    passed: noisy.length === 0,
    detail: noisy.length
      ? heldFor
        ? reason('seen-busy-held', { states, held: heldFor })
        : reason('seen-busy', { states })
      : heldFor
        ? reason('seen-quiet-after-hold', {
            held: heldFor,
            states: heldWhile.length ? { list: heldWhile } : reason('busy-any'),
          })
        : reason('seen-quiet'),
  };
}

/**
 * The flow a rule would start for this visitor: its own, or its A/B arm's (null: the hold-out,
 * which shows nothing; undefined: a rule with neither, which never fires).
 */
export interface Arm {
  flowId: string | null | undefined;
  variant?: Variant;
}

/** The arm of an A/B rule this visitor is in (or the rule's own flow). */
export function armOf(rule: Rule, visitorId: string): Arm {
  if (!rule.variants) return { flowId: rule.flowId };
  const variant = assignVariant(visitorId, rule.id, rule.variants);
  return variant ? { flowId: variant.flowId, variant } : { flowId: undefined };
}

/** The trace's line for the visitor's arm of an A/B test: its flow, or the hold-out's nothing. */
function variantCheck(variant: Variant): Check {
  return {
    label: reason('check-ab-variant'),
    passed: true,
    detail:
      variant.flowId === null
        ? reason('seen-ab-holdout', { variant: variant.id })
        : reason('seen-ab-variant', { variant: variant.id, flow: variant.flowId }),
  };
}

/** Whether a rule's flow exists (a hold-out has none to check). */
const flowExists = (flowId: string | null | undefined, input: Omit<DecisionInput, 'rules'>) =>
  flowId === null || (flowId !== undefined && input.flowIds.has(flowId));

/** Seconds on the page when the signal came; exit intent is exempt from the first seconds. */
const firstSecondsOver = (input: Omit<DecisionInput, 'rules'>, settings: PolicySettings) =>
  input.signal.type === 'exit-intent' ||
  Math.max(0, (input.now - input.page.startedAt) / 1000) >= settings.minSecondsOnPage;

/** A rule's dates as epoch ms (open ends at ±Infinity), or null when it has none. */
function scheduleOf(rule: Rule): { start: number; end: number } | null {
  if (!rule.schedule?.start && !rule.schedule?.end) return null;
  return {
    start: rule.schedule.start ? Date.parse(rule.schedule.start) : -Infinity,
    end: rule.schedule.end ? Date.parse(rule.schedule.end) : Infinity,
  };
}

/** Whether a show of `weight` fits in what is left of a budget of `max`. */
const fits = (used: number, weight: number, max: number) => used + weight <= max + 1e-9;

/** When a dismissal back-off of the rule's flow and of the site ends (0: none). */
function backoffs(flowId: string | null | undefined, input: Omit<DecisionInput, 'rules'>, basis: DecisionBasis) {
  const dismissals = input.dismissals!;
  const hours = basis.settings.backoffHours;
  return {
    flowWait: flowId ? backoffUntil(own(dismissals.byFlow, flowId), hours) : 0,
    siteWait: backoffUntil(own(dismissals.bySite, basis.origin), hours),
  };
}

/**
 * Whether a rule that passed its trigger and conditions may show now, with the same tests as
 * `ruleBlocks` but no words: what the page view's quick decision runs for every rule it looks at.
 */
export function ruleAllowed(rule: Rule, arm: Arm, input: Omit<DecisionInput, 'rules'>, basis: DecisionBasis): boolean {
  const { settings, budget, now } = basis;
  if (!flowExists(arm.flowId, input) || !firstSecondsOver(input, settings)) return false;
  const schedule = scheduleOf(rule);
  if (schedule && !(now >= schedule.start && now < schedule.end)) return false;
  const weight = settings.entryWeights[rule.entry];
  if (!fits(spentOnSite(budget, basis.origin), weight, settings.maxPerSitePerDay)) return false;
  if (!fits(budget.total, weight, settings.maxPerDay)) return false;
  if (input.dismissals) {
    const { flowWait, siteWait } = backoffs(arm.flowId, input, basis);
    if (now < flowWait || now < siteWait) return false;
  }
  return frequencyAllows(rule, input);
}

/**
 * The per-rule policy checks: flow exists, schedule, budget, back-off, frequency. A hold-out
 * goes through the same checks as the flows it is compared with (so it counts its visitors at the
 * moments they would have seen one), except the flow's own.
 */
function ruleBlocks(rule: Rule, arm: Arm, input: Omit<DecisionInput, 'rules'>, basis: DecisionBasis): Check[] {
  const { settings, budget, origin, now } = basis;
  const checks: Check[] = [];
  const flowId = arm.flowId;
  if (flowId !== null) {
    const flowOk = flowExists(flowId, input);
    checks.push({
      label: reason('check-flow-exists'),
      passed: flowOk,
      detail: flowOk ? reason('value', { value: flowId! }) : reason('seen-flow-missing', { flow: flowId ?? '' }),
    });
  }

  const minLabel = reason('check-first-seconds', { seconds: { measure: settings.minSecondsOnPage, unit: 'second' } });
  const firstSecondsOk = firstSecondsOver(input, settings);
  if (input.signal.type === 'exit-intent')
    checks.push({ label: minLabel, passed: firstSecondsOk, detail: reason('seen-exit-exempt') });
  else {
    const seconds = Math.max(0, (now - input.page.startedAt) / 1000);
    checks.push({
      label: minLabel,
      passed: firstSecondsOk,
      detail: reason('seen-on-page', { seconds: { measure: seconds, unit: 'second', digits: 1 } }),
    });
  }

  const schedule = scheduleOf(rule);
  if (schedule) {
    const { start, end } = schedule;
    checks.push({
      label: reason('check-dates'),
      passed: now >= start && now < end,
      detail:
        now < start
          ? reason('seen-starts', { at: { at: start } })
          : now >= end
            ? reason('seen-ended', { at: { at: end } })
            : reason('seen-active'),
    });
  }

  const weight = settings.entryWeights[rule.entry];
  const site = spentOnSite(budget, origin);
  const siteFits = fits(site, weight, settings.maxPerSitePerDay);
  checks.push({
    label: reason('check-per-site-day', { max: settings.maxPerSitePerDay }),
    passed: siteFits,
    detail: reason(siteFits ? 'seen-site-used' : 'seen-site-spent', { count: site }),
  });
  const dayFits = fits(budget.total, weight, settings.maxPerDay);
  checks.push({
    label: reason('check-per-day', { max: settings.maxPerDay }),
    passed: dayFits,
    detail: reason(dayFits ? 'seen-day-used' : 'seen-day-spent', { count: budget.total }),
  });

  if (input.dismissals) {
    const { flowWait, siteWait } = backoffs(flowId, input, basis);
    checks.push({
      label: reason('check-backoff-flow'),
      passed: now >= flowWait,
      detail:
        now >= flowWait
          ? reason('seen-no-dismissal')
          : reason('seen-dismissed-flow', { wait: { wait: flowWait - now } }),
    });
    checks.push({
      label: reason('check-backoff-site'),
      passed: now >= siteWait,
      detail:
        now >= siteWait
          ? reason('seen-no-dismissal')
          : reason('seen-dismissed-site', { wait: { wait: siteWait - now } }),
    });
  }

  checks.push(checkFrequency(rule, input));
  return checks;
}

/** When the rule last showed its flow to this visitor (epoch ms), if ever. */
const lastShownOf = (rule: Rule, input: Omit<DecisionInput, 'rules'>) =>
  own(input.lastShownByRule as Record<string, number>, rule.id);

/** Whether the rule's frequency lets it show again now. */
function frequencyAllows(rule: Rule, input: Omit<DecisionInput, 'rules'>): boolean {
  const last = lastShownOf(rule, input);
  const f = rule.frequency;
  switch (f.every) {
    case 'page-view':
      return true;
    case 'session':
      return last === undefined || last < (input.sessionStartedAt ?? input.page.startedAt);
    case 'visitor':
      return last === undefined;
    case 'days':
      return last === undefined || input.now >= last + f.days * DAY_MS;
  }
}

function checkFrequency(rule: Rule, input: Omit<DecisionInput, 'rules'>): Check {
  const last = lastShownOf(rule, input);
  const passed = frequencyAllows(rule, input);
  const f = rule.frequency;
  switch (f.every) {
    case 'page-view':
      return { label: reason('check-freq-page-view'), passed, detail: reason('seen-not-shown-page') };
    case 'session':
      return {
        label: reason('check-freq-visit'),
        passed,
        detail: reason(passed ? 'seen-not-shown-visit' : 'seen-shown-visit'),
      };
    case 'visitor':
      return {
        label: reason('check-freq-visitor'),
        passed,
        detail: reason(passed ? 'seen-never-shown' : 'seen-shown-visitor'),
      };
    case 'days': {
      const label = reason('check-freq-days', { days: f.days });
      if (last === undefined) return { label, passed, detail: reason('seen-never-shown') };
      const waitUntil = last + f.days * DAY_MS;
      return {
        label,
        passed,
        detail: passed
          ? reason('seen-enough-time')
          : reason('seen-shown-recently', { wait: { wait: waitUntil - input.now } }),
      };
    }
  }
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
