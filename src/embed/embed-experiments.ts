/**
 * A/B tests in the site build, for the one visitor on this site: their exposure to each test they
 * met and the goals they reached since, kept in their record as the extension's `ExperimentLog`
 * (core/experiments/experiment-log.ts, the same pure functions: one exposure per test, the first;
 * an action kept only when it reaches a goal not reached yet, after the exposure and within its
 * window). Each goal reached is announced once as `tact_goal` (its id in `answer`), so the site's
 * analytics count conversions without evaluating goals itself. Goals counted here: a URL visited
 * (each page view, single-page-app routes too), an element clicked and a flow completed.
 */
import type { PackCheck } from '../core/flows/flow-pack.ts';
import { emptyLog, goalsNewlyReached, withAction, withExposure } from '../core/experiments/experiment-log.ts';
import type { VisitorAction } from '../core/experiments/goal-evaluation.ts';
import type { Rule } from '../core/rules/rule-model.ts';
import { sendSiteEvent, type AnalyticsTargets } from './analytics-adapters.ts';
import { updateVisitor, type EmbedVisitor } from './embed-store.ts';

// The entry checks the pack through this module, the engine's dependency already: importing
// flow-pack.ts directly split the every-page chunk in two (+164 B gzip, one more request per page).
export { checkPack } from '../core/flows/flow-pack.ts';

/** The visitor with their exposure to a test recorded (unchanged when they were exposed before). */
export function withExposureOf(visitor: EmbedVisitor, ruleId: string, variantId: string, at: number): EmbedVisitor {
  const log = visitor.experiments?.[ruleId] ?? emptyLog(ruleId);
  const next = withExposure(log, { visitorId: visitor.id, variantId, at });
  return next ? { ...visitor, experiments: { ...visitor.experiments, [ruleId]: next } } : visitor;
}

/** A goal the visitor just reached, in the variant they were exposed to. */
export interface ReachedGoal {
  ruleId: string;
  variantId: string;
  goalId: string;
}

/** The visitor with `action` recorded in each test it reaches a new goal of, and those goals. */
export function withGoalAction(
  visitor: EmbedVisitor,
  rules: readonly Rule[],
  action: VisitorAction,
): { visitor: EmbedVisitor; reached: ReachedGoal[] } {
  let next = visitor;
  const reached: ReachedGoal[] = [];
  for (const rule of rules) {
    const log = visitor.experiments?.[rule.id];
    if (!log || !rule.goals?.length) continue;
    const goals = goalsNewlyReached(log, rule.goals, visitor.id, action);
    if (!goals.length) continue;
    const variantId = log.exposures.find((e) => e.visitorId === visitor.id)!.variantId;
    reached.push(...goals.map((g) => ({ ruleId: rule.id, variantId, goalId: g.id })));
    next = {
      ...next,
      experiments: { ...next.experiments, [rule.id]: withAction(log, rule.goals, visitor.id, action)! },
    };
  }
  return { visitor: next, reached };
}

/**
 * Records `action` in the visitor's record, in one transaction, and sends `tact_goal` for each
 * goal it reached; `pageUrl` is the page it happened on.
 */
export async function recordGoalAction(
  origin: string,
  rules: readonly Rule[],
  action: VisitorAction,
  targets: AnalyticsTargets,
  pageUrl: string,
): Promise<void> {
  const { reached, visitorId } = await updateVisitor(origin, (v) => {
    const { visitor, reached } = withGoalAction(v, rules, action);
    return { visitor, result: { reached, visitorId: v.id } };
  });
  for (const r of reached)
    sendSiteEvent(targets, {
      event: 'tact_goal',
      flow: null,
      rule: r.ruleId,
      variant: r.variantId,
      step: null,
      answer: r.goalId,
      visitor: visitorId,
      page: new URL(pageUrl).pathname,
      at: new Date(action.at).toISOString(),
    });
}

/**
 * A page view (a load or a single-page-app route) or a click on a goal's element, as a goal action:
 * a goal of a test the visitor met is reached here. Nothing is written for a visitor who met no
 * test, or for a pack that did not pass the extension's checks (`checkPack`, run once per run by
 * the entry; the engine says why). The entry calls it only for a pack with a goal of that kind.
 */
export async function recordSiteAction(
  checked: PackCheck,
  action: VisitorAction,
  url: string,
  targets: AnalyticsTargets,
): Promise<void> {
  if (!checked.ok) return;
  await recordGoalAction(new URL(url).origin, checked.pack.rules, action, targets, url);
}
