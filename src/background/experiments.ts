/**
 * A/B tests on the background side: the visitor's pseudonymous id, exposures and goals. Each
 * function writes in the caller's transaction, so an exposure is stored with what makes it one
 * (the overlay seen, or a hold-out's decision) and a goal with what reaches it (a page view, a
 * completed flow, a click): a background stopped in between leaves both or neither. The logs are
 * pure data (core/experiments/experiment-log.ts); the results are computed from them on request.
 */
import type { IDBPTransaction, StoreNames } from 'idb';
import {
  emptyLog,
  experimentReports,
  withAction,
  withExposure,
  type ExperimentLog,
  type ExperimentResults,
} from '../core/experiments/experiment-log.ts';
import type { VisitorAction } from '../core/experiments/goal-evaluation.ts';
import type { Rule } from '../core/rules/rule-model.ts';
import { db, type TactDB } from './store.ts';

const VISITOR_ID_KEY = 'visitorId';

type Tx<S extends StoreNames<TactDB>> = IDBPTransaction<TactDB, (S | StoreNames<TactDB>)[], 'readwrite'>;

/** The visitor id if one was made already (a read-only transaction cannot make it: `visitorIdIn`). */
export async function storedVisitorId(tx: {
  objectStore(name: 'meta'): { get(key: string): Promise<unknown> };
}): Promise<string | undefined> {
  const stored = await tx.objectStore('meta').get(VISITOR_ID_KEY);
  return typeof stored === 'string' ? stored : undefined;
}

/**
 * This browser profile's pseudonymous visitor id (random, created at first need, kept in `meta`):
 * what sticky A/B assignment hashes with the rule's id. Forgotten with the visitor's data, after
 * which the visitor may land in other variants, as a new visitor would.
 */
export async function visitorIdIn(tx: Tx<'meta'>): Promise<string> {
  const meta = tx.objectStore('meta');
  const stored = await meta.get(VISITOR_ID_KEY);
  if (typeof stored === 'string') return stored;
  const id = crypto.randomUUID();
  await meta.put(id, VISITOR_ID_KEY);
  return id;
}

/** Records the visitor's first exposure to a rule's test (later ones add nothing). */
export async function recordExposure(
  tx: Tx<'experiments' | 'meta'>,
  ruleId: string,
  variantId: string,
  at: number,
): Promise<void> {
  const visitorId = await visitorIdIn(tx);
  const store = tx.objectStore('experiments');
  const log = (await store.get(ruleId)) ?? emptyLog(ruleId);
  const updated = withExposure(log, { visitorId, variantId, at });
  if (updated) await store.put(updated);
}

/** The A/B rules among `rules` with a goal of the action's kind. */
function rulesWithGoal(rules: readonly Rule[], kind: 'url' | 'click' | 'flow-completed'): Rule[] {
  return rules.filter((r) => r.variants && r.goals?.some((g) => g.kind === kind));
}

const GOAL_KIND = { page: 'url', click: 'click', completed: 'flow-completed' } as const;

/**
 * Records what the visitor did against the goals of every A/B test they were exposed to, where it
 * reaches a goal they had not reached yet within its window. `rules` are the stored rules (the
 * caller has them, or reads them in the same transaction).
 */
export async function recordGoalAction(
  tx: Tx<'experiments' | 'meta'>,
  rules: readonly Rule[],
  action: VisitorAction,
): Promise<void> {
  const candidates = rulesWithGoal(rules, GOAL_KIND[action.kind]);
  if (!candidates.length) return;
  const visitorId = await visitorIdIn(tx);
  const store = tx.objectStore('experiments');
  for (const rule of candidates) {
    const log = await store.get(rule.id);
    const updated = log && withAction(log, rule.goals!, visitorId, action);
    if (updated) await store.put(updated);
  }
}

/**
 * The click goals' selectors the content script should watch: those of tests this visitor was
 * exposed to and has not reached yet (none, and no listener, for everyone else).
 */
export async function pendingClickGoals(tx: Tx<'experiments' | 'meta'>, rules: readonly Rule[]): Promise<string[]> {
  const candidates = rulesWithGoal(rules, 'click');
  if (!candidates.length) return [];
  const visitorId = await visitorIdIn(tx);
  const selectors = new Set<string>();
  for (const rule of candidates) {
    const log = await tx.objectStore('experiments').get(rule.id);
    if (!log?.exposures.some((e) => e.visitorId === visitorId)) continue;
    for (const g of rule.goals!)
      if (
        g.kind === 'click' &&
        !log.actions.some((a) => a.visitorId === visitorId && a.kind === 'click' && a.selector === g.selector)
      )
        selectors.add(g.selector);
  }
  return [...selectors];
}

/** The results of every A/B rule (those starting `flowId` only, when given), from their logs. */
export async function experimentResults(flowId?: string): Promise<ExperimentResults[]> {
  const d = await db();
  const tx = d.transaction(['rules', 'experiments'], 'readonly');
  const rules = (await tx.objectStore('rules').getAll()).filter(
    (r) => r.variants && r.goals && (flowId === undefined || r.variants.some((x) => x.flowId === flowId)),
  );
  const results: ExperimentResults[] = [];
  for (const rule of rules) {
    const log: ExperimentLog = (await tx.objectStore('experiments').get(rule.id)) ?? emptyLog(rule.id);
    results.push({
      ruleId: rule.id,
      ruleName: rule.name,
      variants: rule.variants!,
      goals: experimentReports(rule.variants!, rule.goals!, log),
    });
  }
  await tx.done;
  return results;
}
