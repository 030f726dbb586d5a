/**
 * The background's decision on a signal of a page view, at a cost that does not grow with the
 * rules that cannot fire on the page, nor with the ones outranked. decide() traces every rule that
 * could fire on the page, with worded checks: at 10 000 rules that is ~145 rules and most of the
 * time a signal cost. Here the page view's plan (page-rules.ts) holds a trigger's competing rules
 * by priority, so the first one that passes wins and the rest are not looked at; shadow-mode rules
 * are all looked at (each may "would have shown"); checks are tested without being worded, and
 * only the deciding rule is traced. The rest of the trace is worked out again when someone reads
 * it: the decision's replay keeps what decide() needs to trace the same rules with the same result
 * (a property test holds that both decide alike).
 */
import { conditionHolds } from './conditions.ts';
import {
  armOf,
  decide,
  decisionBasis,
  ruleAllowed,
  settle,
  traceRule,
  type Arm,
  type Decision,
  type DecisionInput,
  type TracedRule,
} from './engine.ts';
import { triggerMatches } from '../signals/signal-model.ts';
import type { PageRules, PlannedRule } from './page-rules.ts';

/** What a decision needs to be decided again with its whole trace: its input without the rules. */
export type DecisionReplay = Omit<DecisionInput, 'rules' | 'flowIds'> & { flowIds: string[] };

/**
 * Decides like `decide({ ...input, rules: page })`, tracing only the rule that decides (see
 * `Decision.brief`). `input.page.url` must be the page's; for another URL it is decide() itself.
 */
export function decideQuick(input: Omit<DecisionInput, 'rules'>, page: PageRules): Decision {
  if (input.page.url !== page.url) return decide({ ...input, rules: page });
  const basis = decisionBasis(input);
  const plan = page.plan(input.signal.type);
  const brief = { candidates: plan.candidates };
  // A policy check that fails (site off, snoozed, busy…) blocks every rule: nothing to look at.
  if (!basis.policyOk) return { ...settle(basis, [], [], [], page.size), brief };
  const visitorId = input.visitorId ?? '';
  const passes = ({ rule, rest }: PlannedRule): Arm | undefined => {
    if (!triggerMatches(rule.trigger, input.signal)) return undefined;
    for (const c of rest) if (!conditionHolds(c, basis.ctx)) return undefined;
    const arm = armOf(rule, visitorId);
    return ruleAllowed(rule, arm, input, basis) ? arm : undefined;
  };
  const wouldShow: Decision['wouldShow'] = [];
  for (const planned of plan.shadow) {
    const flowId = passes(planned)?.flowId;
    if (flowId) wouldShow.push({ ruleId: planned.rule.id, flowId });
  }
  let winner: TracedRule | undefined;
  for (const planned of plan.live)
    if (passes(planned)) {
      winner = traceRule(planned.rule, input, basis, page.knownCheck?.bind(page));
      break;
    }
  return { ...settle(basis, winner ? [winner] : [], wouldShow, winner ? [winner.trace] : [], page.size), brief };
}

/**
 * The decision's input as kept with it, to trace it whole later: the local time as it was (a
 * later reading may be in another time zone), and only the "last shown" times of the rules that
 * could fire on the page (the others cannot change its trace).
 */
export function replayOf(input: Omit<DecisionInput, 'rules'>, page: PageRules): DecisionReplay {
  const { ctx } = decisionBasis(input);
  const ids = page.plan(input.signal.type).ids;
  const lastShownByRule: Record<string, number> = {};
  for (const [id, at] of Object.entries(input.lastShownByRule)) if (ids.has(id)) lastShownByRule[id] = at;
  // Whatever else the caller's object carries (its rules, when it is a whole DecisionInput) stays out.
  const { rules: _rules, ...kept } = input as Partial<Pick<DecisionInput, 'rules'>> & typeof input;
  return {
    ...kept,
    localMinutes: ctx.localMinutes,
    localDay: ctx.localDay,
    lastShownByRule,
    flowIds: [...input.flowIds],
  };
}

/** The whole trace of a decision taken by `decideQuick`, from its replay and the same rules. */
export function decideAgain(replay: DecisionReplay, page: PageRules): Decision {
  return decide({ ...replay, flowIds: new Set(replay.flowIds), rules: page });
}
