/**
 * The A/B model: a rule may split its visitors between 2–4 flows, or between a flow and a hold-out
 * that shows nothing, and name the goals that count as a conversion. Each visitor's variant is
 * sticky (variant-assignment.ts); results per variant come from experiment-results.ts.
 */
import type { UrlMatch } from '../rules/rule-model.ts';

/** One arm of an experiment: a flow to show, or the hold-out (`flowId: null`), with its share. */
export interface Variant {
  /** Stable id, recorded on every exposure and event, so renaming a flow keeps the results. */
  id: string;
  /** The flow this arm shows; null for the hold-out, which shows nothing. */
  flowId: string | null;
  /** Relative share of visitors (any positive numbers; 1 and 1 is half and half). */
  weight: number;
}

/** What counts as a conversion: a page visited, an element clicked or a flow completed. */
type GoalTarget =
  | { kind: 'url'; match: UrlMatch; pattern: string }
  /** A click on an element matching this CSS selector, or inside one. */
  | { kind: 'click'; selector: string }
  | { kind: 'flow-completed'; flowId: string };

/** A goal: its target, reached within `withinDays` days of the visitor's first exposure. */
export type Goal = GoalTarget & { id: string; withinDays: number };
