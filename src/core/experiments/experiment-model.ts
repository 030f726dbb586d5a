/**
 * The A/B model: a rule may split its visitors between 2–4 flows, or between a flow and a hold-out
 * that shows nothing, and name the goals that count as a conversion. Declared once, as the rule
 * model's schemas (`VariantSchema`, `GoalSchema` in rules/rule-model.ts); each visitor's variant is
 * sticky (variant-assignment.ts); results per variant come from experiment-results.ts.
 */
export type { Goal, Variant } from '../rules/rule-model.ts';
