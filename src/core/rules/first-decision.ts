/**
 * The first decision, taken by the content script at the trigger: the background hands an armed
 * page view a pre-approval (what its next decision would read, narrowed to the rules that can fire
 * on the page for the triggers it arms, each with its visitor's arm and its first bubble), and
 * the content script decides with it, with the same checks the background runs (`decisionBasis`,
 * the trigger, the conditions, `ruleAllowed`), on the moment's own values: the signal, the time,
 * the quiet-moment snapshot and hold, the page context. When that says "show", the first bubble is
 * painted at once, without the round trip to the background; the background still decides, from
 * what it holds, and only what it decides is kept (ARCHITECTURE.md, "A predicted first decision").
 *
 * Both decide alike on the same state (a property test holds it, engine-policy.test.ts). They
 * differ only when the state changed between the pre-approval and the signal (another tab spent
 * the day's budget meanwhile): the background then refuses and the bubble goes. The background
 * tells every armed page view when such a write happens, and each asks for a new pre-approval.
 */
import { conditionHolds } from './conditions.ts';
import { armOf, decisionBasis, ruleAllowed, type DecisionInput } from './engine.ts';
import type { Condition, EntryMode, Rule } from './rule-model.ts';
import type { PageRules } from './page-rules.ts';
import { triggerMatches, type PageContext, type QuietState, type Signal } from '../signals/signal-model.ts';
import type { BusyState, SignalType } from '../signals/signal-kinds.ts';
import type { FirstBubble } from '../flows/first-bubble.ts';

/**
 * What a decision reads that the moment does not give: the stored state, as JSON (it crosses the
 * runtime's messaging). Narrowed to what the page view's rules can look at: the "last shown" times
 * of its candidate rules, their flows, the budget and dismissals of its site only (the page must
 * not learn where else the visitor went), and the visitor's profile and segments only when a rule
 * asks about the visitor.
 */
type ApprovalState = Omit<
  DecisionInput,
  'rules' | 'now' | 'signal' | 'quiet' | 'held' | 'flowIds' | 'visitorId' | 'localMinutes' | 'localDay'
> & { flowIds: string[] };

/** One rule that may decide a trigger on the page, as the quick decision looks at it. */
export interface ApprovedRule {
  rule: Rule;
  /** Its conditions other than the address's (those hold on this page). */
  rest: Condition[];
  /**
   * The flow the visitor's arm shows (null: an A/B test's hold-out), or undefined when the arm is
   * not known here (an A/B test before the visitor has an id): a decision it takes is left to the
   * background.
   */
  arm: { flowId?: string | null; variantId?: string } | undefined;
  /** The first bubble of its flow, when the background could word it (else the background paints). */
  paint?: { entry: EntryMode; first: FirstBubble };
}

/** A page view's pre-approval: its state and, per armed trigger, the rules that compete, highest first. */
export interface FirstApproval {
  pageViewId: string;
  state: ApprovalState;
  triggers: Partial<Record<SignalType, ApprovedRule[]>>;
}

/** The moment of a signal, as the content script sees it. */
export interface SignalMoment {
  now: number;
  signal: Signal;
  quiet?: QuietState;
  held?: { ms: number; while: BusyState[] };
  /** The page context the background will decide with (sent with this signal or an earlier one). */
  context?: PageContext;
}

/** What the content script may paint at once: the rule the background is expected to show. */
export interface FirstPrediction {
  ruleId: string;
  flowId: string;
  paint: { entry: EntryMode; first: FirstBubble };
}

/** The origin of a URL, or the URL itself when it is not one (as `decisionBasis` takes it). */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** Conditions that read the visitor's profile or segments (nested ones included). */
const ASKS_ABOUT_VISITOR = /"kind":"(visitor-tag|visitor-attribute|segment)"/;

/**
 * The pre-approval of a page view: `input` is what the background's decision would read now
 * (without the moment's values), `page` the page view's rules, `armed` the triggers it listens
 * for, `paintOf` the first bubble of a rule's flow (undefined: none to paint).
 */
export function approvalOf(
  pageViewId: string,
  input: Omit<DecisionInput, 'rules' | 'now' | 'signal' | 'quiet' | 'held' | 'localMinutes' | 'localDay'>,
  page: PageRules,
  armed: readonly SignalType[],
  paintOf: (rule: Rule, flowId: string) => ApprovedRule['paint'],
): FirstApproval {
  const triggers: FirstApproval['triggers'] = {};
  const ruleIds = new Set<string>();
  const flowIds = new Set<string>();
  for (const type of armed) {
    triggers[type] = page.plan(type).live.map(({ rule, rest }): ApprovedRule => {
      ruleIds.add(rule.id);
      const known = input.visitorId !== undefined || !rule.variants;
      const arm = known ? armOf(rule, input.visitorId ?? '') : undefined;
      const flowId = arm?.flowId;
      if (flowId && input.flowIds.has(flowId)) flowIds.add(flowId);
      const paint = flowId ? paintOf(rule, flowId) : undefined;
      return {
        rule,
        rest,
        // No flow (an A/B test whose arms do not cover this visitor): never allowed, as in decide().
        arm: arm && {
          ...(flowId !== undefined ? { flowId } : {}),
          ...(arm.variant ? { variantId: arm.variant.id } : {}),
        },
        ...(paint ? { paint } : {}),
      };
    });
  }
  const origin = input.origin ?? originOf(input.page.url);
  const own = <T>(record: Record<string, T>, keys: Iterable<string>) => {
    const kept: Record<string, T> = {};
    for (const key of keys) if (Object.hasOwn(record, key)) kept[key] = record[key]!;
    return kept;
  };
  const aboutVisitor = Object.values(triggers).some((rules) =>
    rules.some((r) => ASKS_ABOUT_VISITOR.test(JSON.stringify(r.rest))),
  );
  const { flowIds: _all, visitorId: _id, profile, segments, budget, dismissals, lastShownByRule, ...rest } = input;
  return {
    pageViewId,
    triggers,
    state: {
      ...rest,
      origin,
      profile: aboutVisitor ? profile : { tags: [] },
      ...(aboutVisitor && segments ? { segments } : {}),
      lastShownByRule: own(lastShownByRule, ruleIds),
      flowIds: [...flowIds],
      ...(budget ? { budget: { ...budget, bySite: own(budget.bySite, [origin]) } } : {}),
      ...(dismissals
        ? { dismissals: { byFlow: own(dismissals.byFlow, flowIds), bySite: own(dismissals.bySite, [origin]) } }
        : {}),
    },
  };
}

/**
 * Decides a signal with a pre-approval as the background's quick decision would on the same state
 * (`decideQuick`): the first live rule that passes decides. Returns what to paint when that rule
 * shows a flow whose first bubble came with the pre-approval; undefined when nothing shows, when
 * the rule's arm is a hold-out or not known here, or when there is no bubble to paint (the
 * background then decides alone, as without a pre-approval).
 */
export function predictFirst(approval: FirstApproval, moment: SignalMoment): FirstPrediction | undefined {
  const { state } = approval;
  const input = {
    ...state,
    flowIds: new Set(state.flowIds),
    now: moment.now,
    signal: moment.signal,
    ...(moment.quiet ? { quiet: moment.quiet } : {}),
    ...(moment.held ? { held: moment.held } : {}),
    page: { ...state.page, context: { ...state.page.context, ...moment.context } },
  };
  const basis = decisionBasis(input);
  if (!basis.policyOk) return undefined;
  for (const { rule, rest, arm, paint } of approval.triggers[moment.signal.type] ?? []) {
    if (!triggerMatches(rule.trigger, moment.signal) || !rest.every((c) => conditionHolds(c, basis.ctx))) continue;
    if (!arm) return undefined;
    if (!ruleAllowed(rule, { flowId: arm.flowId }, input, basis)) continue;
    return arm.flowId && paint ? { ruleId: rule.id, flowId: arm.flowId, paint } : undefined;
  }
  return undefined;
}
