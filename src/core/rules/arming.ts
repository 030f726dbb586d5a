/**
 * Which detectors a page needs: the union of the triggers of the enabled rules that could still
 * fire on this URL. A rule whose URL conditions fail here is left out, so a page where no rule
 * applies gets an empty plan and the content script attaches no listener at all.
 */
import type { Rule } from './rule-model.ts';
import { SIGNAL_TYPES, type SignalType } from '../signals/signal-kinds.ts';
import { addToPlan, emptyPlan, type ArmingPlan } from '../signals/arming-plan.ts';
import { urlConditionsHold } from './url-match.ts';

export function planFor(url: string, rules: readonly Rule[]): ArmingPlan {
  const plan = emptyPlan();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    if (!urlConditionsHold(rule, url)) continue;
    addToPlan(plan, rule.trigger);
  }
  return plan;
}

/**
 * The kinds of signal a plan has the page listen for, in `SIGNAL_TYPES` order; empty for an empty
 * plan. Kept with each page view, so "what did Tact listen for here" can be read afterwards.
 */
export function armedSignals(plan: ArmingPlan): SignalType[] {
  const armed = new Set<SignalType>(plan.flags);
  if (plan.exitIntent) armed.add('exit-intent');
  if (plan.scrollDepths.length || plan.contentDepths.length) armed.add('scroll-depth');
  if (plan.dwellSeconds.length) armed.add('dwell');
  if (plan.idleSeconds.length) armed.add('idle');
  if (plan.hesitation.length) armed.add('hesitation');
  if (plan.intents.length) armed.add('intent');
  return SIGNAL_TYPES.filter((t) => armed.has(t));
}
