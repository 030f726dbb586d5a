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
import { MATCHING } from './conditions.ts';
import { conditionHoldsWith, type PatternTests } from './condition-holds.ts';
import { armOf, decisionBasis, ruleAllowed, type DecisionInput } from './engine.ts';
import type { Condition, EntryMode, Rule, UrlCondition } from './rule-model.ts';
import { isUrlCondition } from './url-match.ts';
import type { VisitorProfile } from '../visitor/visitor-model.ts';
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
interface ApprovedRule {
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
  /**
   * Its first bubble's words read the page context (`{{page.title}}`, a branch on the device):
   * they hold only for the context they were worded with (the one the pre-approval was asked with).
   */
  pageWords?: true;
}

/** A page view's pre-approval: its state and, per armed trigger, the rules that compete, highest first. */
export interface FirstApproval {
  pageViewId: string;
  state: ApprovalState;
  triggers: Partial<Record<SignalType, ApprovedRule[]>>;
  /**
   * The pattern tests its conditions need, answered for this page view (`PatternTests`), by key
   * (`addressKey`, `regexKey`): every site, path and URL condition (the address cannot change
   * within a page view), and the regular expressions on the visitor's attributes. A regular
   * expression on the page context is not answered: a decision that needs it is the background's.
   */
  answers: Record<string, boolean>;
}

/**
 * A pre-approval as the page view gets it: with the id the conversation it paints takes, made by
 * the background (`crypto` costs a content script's world ~1 ms of script the first time).
 */
export type PageApproval = FirstApproval & { conversationId: string };

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
  /** Its words read the page context (`ApprovedRule.pageWords`). */
  pageWords?: true;
}

/** A first bubble as the background words it: `readsPage` when its words read the page context. */
export type WordedPaint = NonNullable<ApprovedRule['paint']> & { readsPage?: boolean };

/** The origin of a URL, or the URL itself when it is not one (as `decisionBasis` takes it). */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

const addressKey = (c: UrlCondition) => JSON.stringify(c);
const regexKey = (pattern: string, text: string) => JSON.stringify(['regex', pattern, text]);

/** The pattern tests of every condition `conditions` may need on the page at `url`, answered. */
function answersFor(conditions: readonly Condition[], url: string, profile: VisitorProfile): Record<string, boolean> {
  const answers: Record<string, boolean> = {};
  const attributes = profile.attributes ?? {};
  for (const c of conditions) {
    if (isUrlCondition(c)) answers[addressKey(c)] = MATCHING.address(c, url);
    else if (c.kind === 'visitor-attribute' && c.op === 'regex' && Object.hasOwn(attributes, c.name)) {
      const text = attributes[c.name]!;
      answers[regexKey(c.value ?? '', text)] = MATCHING.regex(c.value ?? '', text);
    }
  }
  return answers;
}

/** A decision that needs a pattern test the pre-approval does not answer: it is the background's. */
class Unanswered extends Error {}

/** The pattern tests of a pre-approval, from its answers. */
function answered({ answers }: FirstApproval): PatternTests {
  const answer = (key: string) => {
    if (!Object.hasOwn(answers, key)) throw new Unanswered(key);
    return answers[key]!;
  };
  return { address: (c) => answer(addressKey(c)), regex: (pattern, text) => answer(regexKey(pattern, text)) };
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
  paintOf: (rule: Rule, flowId: string) => WordedPaint | undefined,
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
      const worded = flowId ? paintOf(rule, flowId) : undefined;
      return {
        rule,
        rest,
        // No flow (an A/B test whose arms do not cover this visitor): never allowed, as in decide().
        arm: arm && {
          ...(flowId !== undefined ? { flowId } : {}),
          ...(arm.variant ? { variantId: arm.variant.id } : {}),
        },
        ...(worded ? { paint: { entry: worded.entry, first: worded.first } } : {}),
        ...(worded?.readsPage ? { pageWords: true as const } : {}),
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
  const conditions = [
    ...Object.values(triggers).flatMap((rules) => rules.flatMap((r) => r.rest)),
    ...(aboutVisitor ? (segments ?? []).flatMap((s) => s.conditions) : []),
  ];
  return {
    pageViewId,
    triggers,
    answers: answersFor(conditions, input.page.url, profile),
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
 * the rule's arm is a hold-out or not known here, when a rule on the way needs a pattern test the
 * pre-approval does not answer (a regular expression on the page context), or when there is no
 * bubble to paint (the background then decides alone, as without a pre-approval). Patterns are
 * never matched here (`answers`): the page's `detectors.js` carries no matching code.
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
  const tests = answered(approval);
  try {
    for (const { rule, rest, arm, paint, pageWords } of approval.triggers[moment.signal.type] ?? []) {
      if (!triggerMatches(rule.trigger, moment.signal)) continue;
      if (!rest.every((c) => conditionHoldsWith(c, basis.ctx, tests))) continue;
      if (!arm) return undefined;
      if (!ruleAllowed(rule, { flowId: arm.flowId }, input, basis)) continue;
      return arm.flowId && paint
        ? { ruleId: rule.id, flowId: arm.flowId, paint, ...(pageWords ? { pageWords } : {}) }
        : undefined;
    }
  } catch (error) {
    if (error instanceof Unanswered) return undefined;
    throw error;
  }
  return undefined;
}
