/**
 * The trigger engine's decision: given a signal, the page, the visitor, the policy's state and
 * the rules, which flow (if any) to start now. Pure and synchronous so it runs unchanged in Node
 * tests; every decision comes with a trace that says, per candidate rule, which check passed and
 * which blocked it, as reasons (codes and parameters) the pages word in the reader's language.
 */
import { checkCondition, type Check, type ConditionContext } from './conditions.ts';
import type { EntryMode, Rule, Segment, Variant } from './rule-model.ts';
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
}

function isIndex(rules: DecisionInput['rules']): rules is RuleIndex {
  return !Array.isArray(rules);
}

/** Decides whether a signal starts a flow. Never throws on well-typed input. */
export function decide(input: DecisionInput): Decision {
  const settings: PolicySettings = {
    ...DEFAULT_SETTINGS,
    ...(input.minSecondsOnPage !== undefined ? { minSecondsOnPage: input.minSecondsOnPage } : {}),
    ...input.settings,
  };
  const now = input.now;
  const origin = input.origin ?? safeOrigin(input.page.url);
  const day = localDay(now);
  const budget = budgetToday(input.budget, day);

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
  const policyOk = policy.every((c) => c.passed);

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

  const index = isIndex(input.rules) ? input.rules : null;
  const rules = index ? index.candidates(input.signal.type, input.page.url) : (input.rules as readonly Rule[]);
  const traces: RuleTrace[] = [];
  const live: { rule: Rule; trace: RuleTrace; arm: Arm }[] = [];
  const wouldShow: Decision['wouldShow'] = [];

  for (const rule of rules) {
    const trace: RuleTrace = { ruleId: rule.id, ruleName: rule.name, outcome: 'fired', checks: [] };
    traces.push(trace);
    if (!rule.enabled) {
      trace.outcome = 'disabled';
      continue;
    }
    const trigger: Check = {
      label: reason('check-trigger', { trigger: describeTrigger(rule.trigger) }),
      passed: triggerMatches(rule.trigger, input.signal),
      detail: describeSignal(input.signal),
    };
    trace.checks.push(trigger);
    if (!trigger.passed) {
      trace.outcome = 'not-triggered';
      continue;
    }
    const conditions = rule.conditions.map((c) => index?.knownCheck?.(c) ?? checkCondition(c, ctx));
    trace.checks.push(...conditions);
    if (!conditions.every((c) => c.passed)) {
      trace.outcome = 'conditions-failed';
      continue;
    }
    const arm = armOf(rule, input.visitorId ?? '');
    if (arm.variant) trace.checks.push(variantCheck(arm.variant));
    const blocks = ruleBlocks(rule, arm, input, settings, budget, origin);
    trace.checks.push(...blocks);
    if (!policyOk || !blocks.every((c) => c.passed)) {
      trace.outcome = 'blocked';
      continue;
    }
    if (rule.shadow) {
      trace.outcome = 'shadow';
      trace.checks.push({ label: reason('check-shadow'), passed: false, detail: reason('seen-shadow') });
      if (arm.flowId) wouldShow.push({ ruleId: rule.id, flowId: arm.flowId });
      continue;
    }
    live.push({ rule, trace, arm });
  }

  // Highest priority wins; ties go to the rule listed first (sort is stable).
  live.sort((a, b) => b.rule.priority - a.rule.priority);
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
  const weight = shown ? settings.entryWeights[shown.rule.entry] : 0;
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
    policy,
    rules: traces,
    budget: shown ? spend(budget, origin, weight) : budget,
    ruleCount: index ? index.size : rules.filter((r) => r.enabled).length,
  };
}

/**
 * The quiet-moment check, with the hold the content script made (if any). Exit intent does not
 * wait for a pause, but is never shown over fullscreen content or a modal dialog (unseen,
 * unreachable).
 */
function quietCheck(input: DecisionInput, settings: PolicySettings): Check {
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
interface Arm {
  flowId: string | null | undefined;
  variant?: Variant;
}

function armOf(rule: Rule, visitorId: string): Arm {
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

/**
 * The per-rule policy checks: flow exists, schedule, budget, back-off, frequency. A hold-out
 * goes through the same checks as the flows it is compared with (so it counts its visitors at the
 * moments they would have seen one), except the flow's own.
 */
function ruleBlocks(
  rule: Rule,
  arm: Arm,
  input: DecisionInput,
  settings: PolicySettings,
  budget: BudgetState,
  origin: string,
): Check[] {
  const now = input.now;
  const checks: Check[] = [];
  const flowId = arm.flowId;
  if (flowId !== null) {
    const flowOk = flowId !== undefined && input.flowIds.has(flowId);
    checks.push({
      label: reason('check-flow-exists'),
      passed: flowOk,
      detail: flowOk ? reason('value', { value: flowId }) : reason('seen-flow-missing', { flow: flowId ?? '' }),
    });
  }

  const minLabel = reason('check-first-seconds', { seconds: { measure: settings.minSecondsOnPage, unit: 'second' } });
  if (input.signal.type === 'exit-intent')
    checks.push({ label: minLabel, passed: true, detail: reason('seen-exit-exempt') });
  else {
    const seconds = Math.max(0, (now - input.page.startedAt) / 1000);
    checks.push({
      label: minLabel,
      passed: seconds >= settings.minSecondsOnPage,
      detail: reason('seen-on-page', { seconds: { measure: seconds, unit: 'second', digits: 1 } }),
    });
  }

  if (rule.schedule?.start || rule.schedule?.end) {
    const start = rule.schedule.start ? Date.parse(rule.schedule.start) : -Infinity;
    const end = rule.schedule.end ? Date.parse(rule.schedule.end) : Infinity;
    const passed = now >= start && now < end;
    checks.push({
      label: reason('check-dates'),
      passed,
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
  checks.push({
    label: reason('check-per-site-day', { max: settings.maxPerSitePerDay }),
    passed: site + weight <= settings.maxPerSitePerDay + 1e-9,
    detail: reason(site + weight <= settings.maxPerSitePerDay + 1e-9 ? 'seen-site-used' : 'seen-site-spent', {
      count: site,
    }),
  });
  checks.push({
    label: reason('check-per-day', { max: settings.maxPerDay }),
    passed: budget.total + weight <= settings.maxPerDay + 1e-9,
    detail: reason(budget.total + weight <= settings.maxPerDay + 1e-9 ? 'seen-day-used' : 'seen-day-spent', {
      count: budget.total,
    }),
  });

  const dismissals = input.dismissals;
  if (dismissals) {
    const flowWait = flowId ? backoffUntil(own(dismissals.byFlow, flowId), settings.backoffHours) : 0;
    const siteWait = backoffUntil(own(dismissals.bySite, origin), settings.backoffHours);
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

function checkFrequency(rule: Rule, input: DecisionInput): Check {
  const last = own(input.lastShownByRule as Record<string, number>, rule.id);
  const f = rule.frequency;
  switch (f.every) {
    case 'page-view':
      return { label: reason('check-freq-page-view'), passed: true, detail: reason('seen-not-shown-page') };
    case 'session': {
      const since = input.sessionStartedAt ?? input.page.startedAt;
      const passed = last === undefined || last < since;
      return {
        label: reason('check-freq-visit'),
        passed,
        detail: reason(passed ? 'seen-not-shown-visit' : 'seen-shown-visit'),
      };
    }
    case 'visitor':
      return {
        label: reason('check-freq-visitor'),
        passed: last === undefined,
        detail: reason(last === undefined ? 'seen-never-shown' : 'seen-shown-visitor'),
      };
    case 'days': {
      if (last === undefined)
        return {
          label: reason('check-freq-days', { days: f.days }),
          passed: true,
          detail: reason('seen-never-shown'),
        };
      const waitUntil = last + f.days * DAY_MS;
      const passed = input.now >= waitUntil;
      return {
        label: reason('check-freq-days', { days: f.days }),
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
