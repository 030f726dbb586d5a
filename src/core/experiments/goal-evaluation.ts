/**
 * Whether a visitor reached a goal: a pure reading of what they did after they were first
 * exposed to an experiment (their variant was decided at a moment the rule fired).
 */
import { urlMatches } from '../rules/url-match.ts';
import type { Goal } from './experiment-model.ts';

const DAY_MS = 86_400_000;

/** Something a visitor did that a goal may count. */
export type VisitorAction =
  | { kind: 'page'; at: number; url: string }
  /** A click on (or inside) an element matching `selector`, one of the goals' selectors. */
  | { kind: 'click'; at: number; selector: string }
  | { kind: 'completed'; at: number; flowId: string };

/**
 * The time of the first action that reaches `goal` at or after `exposedAt` and within its
 * window of `withinDays` days, or null when there is none.
 */
export function goalReachedAt(goal: Goal, exposedAt: number, actions: readonly VisitorAction[]): number | null {
  const until = exposedAt + goal.withinDays * DAY_MS;
  let first: number | null = null;
  for (const a of actions) {
    if (a.at < exposedAt || a.at > until) continue;
    if (!reaches(goal, a)) continue;
    if (first === null || a.at < first) first = a.at;
  }
  return first;
}

function reaches(goal: Goal, action: VisitorAction): boolean {
  switch (goal.kind) {
    case 'url':
      return action.kind === 'page' && urlMatches(action.url, goal.match, goal.pattern);
    case 'click':
      return action.kind === 'click' && action.selector === goal.selector;
    case 'flow-completed':
      return action.kind === 'completed' && action.flowId === goal.flowId;
  }
}
