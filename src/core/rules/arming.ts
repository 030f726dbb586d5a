/**
 * Which detectors a page needs: the union of the triggers of the enabled rules that could still
 * fire on this URL. A rule whose URL conditions fail here is left out, so a page where no rule
 * applies gets an empty plan and the content script attaches no listener at all.
 */
import type { Rule } from './rule-model.ts';
import { addToPlan, emptyPlan, type ArmingPlan } from '../signals/signal-model.ts';
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
