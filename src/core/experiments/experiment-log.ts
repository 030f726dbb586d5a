/**
 * What a device remembers of one A/B rule: who was exposed to which variant (each visitor once,
 * at their first exposure) and the actions that reached one of its goals. Pure, so the background
 * (one IndexedDB record per rule, written in the transaction of what it records) and the tests
 * share it. Only actions that count are kept: one per visitor and goal, the first after the
 * exposure and within the goal's window, so a log never grows with browsing.
 */
import type { Goal, Variant } from './experiment-model.ts';
import { goalReachedAt, type VisitorAction } from './goal-evaluation.ts';
import { experimentReport, tallyVariants, type Exposure, type ExperimentReport } from './experiment-results.ts';

/** An action of one visitor. */
type LoggedAction = VisitorAction & { visitorId: string };

/** One A/B rule's exposures and the actions that reached its goals. */
export interface ExperimentLog {
  ruleId: string;
  exposures: Exposure[];
  actions: LoggedAction[];
}

/** An empty log for a rule. */
export function emptyLog(ruleId: string): ExperimentLog {
  return { ruleId, exposures: [], actions: [] };
}

/**
 * The log with `exposure` recorded, or undefined when this visitor was already exposed (their
 * first exposure is the one that counts: goals are measured from it).
 */
export function withExposure(log: ExperimentLog, exposure: Exposure): ExperimentLog | undefined {
  if (log.exposures.some((e) => e.visitorId === exposure.visitorId)) return undefined;
  return { ...log, exposures: [...log.exposures, exposure] };
}

/**
 * The log with `action` recorded for `visitorId`, or undefined when it adds nothing: the visitor
 * was not exposed, or the action reaches none of `goals` within its window, or only goals this
 * visitor had already reached.
 */
export function withAction(
  log: ExperimentLog,
  goals: readonly Goal[],
  visitorId: string,
  action: VisitorAction,
): ExperimentLog | undefined {
  return goalsNewlyReached(log, goals, visitorId, action).length
    ? { ...log, actions: [...log.actions, { ...action, visitorId }] }
    : undefined;
}

/**
 * The goals `action` reaches for `visitorId` that they had not reached yet, after their exposure
 * and within each goal's window (none when they were not exposed): what `withAction` records, and
 * what the site build announces as `tact_goal`.
 */
export function goalsNewlyReached(
  log: ExperimentLog,
  goals: readonly Goal[],
  visitorId: string,
  action: VisitorAction,
): Goal[] {
  const exposure = log.exposures.find((e) => e.visitorId === visitorId);
  if (!exposure) return [];
  const before = log.actions.filter((a) => a.visitorId === visitorId);
  return goals.filter(
    (g) => goalReachedAt(g, exposure.at, [action]) !== null && goalReachedAt(g, exposure.at, before) === null,
  );
}

/**
 * The log as retention keeps it: exposures before `cutoff` forgotten, and with them their
 * visitors' actions (an action counts only after its visitor's exposure, so it would count for
 * nothing, and it is part of the visitor's trail); `undefined` when nothing remains, so the
 * record goes. A visitor forgotten this way who meets the test again is exposed anew.
 */
export function retainedLog(log: ExperimentLog, cutoff: number): ExperimentLog | undefined {
  const exposures = log.exposures.filter((e) => e.at >= cutoff);
  if (!exposures.length) return undefined;
  const kept = new Set(exposures.map((e) => e.visitorId));
  return { ...log, exposures, actions: log.actions.filter((a) => kept.has(a.visitorId) && a.at >= cutoff) };
}

/** A rule's results: one report per goal, in the rule's order of goals. */
export interface GoalReport {
  goal: Goal;
  report: ExperimentReport;
}

/** One A/B rule's results, as the options page shows them. */
export interface ExperimentResults {
  ruleId: string;
  ruleName: string;
  /** The variants, for their flows and weights (the reports name them by id). */
  variants: Variant[];
  goals: GoalReport[];
}

/** The reports of a rule's test from its log (variants removed since are left out). */
export function experimentReports(
  variants: readonly Variant[],
  goals: readonly Goal[],
  log: ExperimentLog,
): GoalReport[] {
  const byVisitor = new Map<string, VisitorAction[]>();
  for (const { visitorId, ...action } of log.actions)
    byVisitor.set(visitorId, [...(byVisitor.get(visitorId) ?? []), action]);
  const actionsOf = (visitorId: string) => byVisitor.get(visitorId) ?? [];
  return goals.map((goal) => ({
    goal,
    report: experimentReport(variants, tallyVariants(variants, log.exposures, actionsOf, goal)),
  }));
}
