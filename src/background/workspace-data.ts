/**
 * Workspace operations of the options page that touch several stores at once: deleting a rule or
 * a flow with the rules that start it (and those rules' A/B experiment logs), putting deleted
 * flows, rules and logs back (undo), importing a flow pack, naming the seeds in the interface's
 * language, the sites list, and clearing everything Tact learnt about the visitor. Each is one transaction: it happens whole or
 * not at all. The caller re-arms open tabs afterwards (`plan/changed`).
 */
import { visitCount } from '../core/visitor/site-visits.ts';
import { validateFlow } from '../core/flows/flow-validation.ts';
import { defaultsRenamed } from '../core/flows/default-pack.ts';
import { validateRule, validateSegment } from '../core/rules/rule-validation.ts';
import { WHOLE_FILE, type CheckError, type Validated } from '../core/validation/checks.ts';
import { reason } from '../core/rules/reason.ts';
import type { Flow } from '../core/flows/flow-model.ts';
import { ruleFlowIds, type Rule } from '../core/rules/rule-model.ts';
import type { FlowPack } from '../core/flows/flow-pack.ts';
import type { ExperimentLog } from '../core/experiments/experiment-log.ts';
import type { ClearedData, PackCounts, PackUndo, SiteSummary } from '../shared/protocol.ts';
import { RequestError } from './request-error.ts';
import { allOrNothing, type TactDatabase } from './store.ts';

type MetaStore = { get(key: string): Promise<unknown>; put(value: unknown, key: string): Promise<unknown> };

async function bumpRulesVersion(meta: MetaStore): Promise<void> {
  await meta.put((((await meta.get('rulesVersion')) as number | undefined) ?? 0) + 1, 'rulesVersion');
}

type RuleStores = {
  objectStore(name: 'rules' | 'experiments'): {
    get(key: string): Promise<unknown>;
    delete(key: string): Promise<unknown>;
  };
};

/**
 * Deletes rules and their A/B experiment logs in the caller's transaction; returns the logs that
 * existed (a rule without variants has none). A deleted test's log would otherwise stay, unread,
 * until retention forgot its last exposure: a visitor's trail kept for nothing.
 */
async function deleteRulesIn(tx: RuleStores, ruleIds: readonly string[]): Promise<ExperimentLog[]> {
  const logs: ExperimentLog[] = [];
  for (const id of ruleIds) {
    const log = (await tx.objectStore('experiments').get(id)) as ExperimentLog | undefined;
    if (log) logs.push(log);
    await tx.objectStore('experiments').delete(id);
    await tx.objectStore('rules').delete(id);
  }
  return logs;
}

/**
 * Deletes a rule and its experiment log, in one transaction. Returns exactly what was removed,
 * for undo; `rule: null` when there was no such rule.
 */
export async function deleteRule(
  d: TactDatabase,
  id: string,
): Promise<{ rule: Rule | null; experiments: ExperimentLog[] }> {
  const tx = d.transaction(['rules', 'experiments'], 'readwrite');
  const rule = (await tx.objectStore('rules').get(id)) ?? null;
  const experiments = rule ? await deleteRulesIn(tx, [id]) : [];
  await tx.done;
  return { rule, experiments };
}

/**
 * Deletes a flow and every rule that starts it, an A/B test's arm included (a rule without its
 * flow could never fire, and a test missing an arm would compare nothing), with those rules'
 * experiment logs. Returns exactly what was removed, for undo; `flow: null` when there was no
 * such flow.
 */
export async function deleteFlow(
  d: TactDatabase,
  id: string,
): Promise<{ flow: Flow | null; rules: Rule[]; experiments: ExperimentLog[] }> {
  const tx = d.transaction(['flows', 'rules', 'experiments', 'meta'], 'readwrite');
  const flow = (await tx.objectStore('flows').get(id)) ?? null;
  const rules = (await tx.objectStore('rules').getAll()).filter((r) => ruleFlowIds(r).includes(id));
  let experiments: ExperimentLog[] = [];
  if (flow) {
    await tx.objectStore('flows').delete(id);
    experiments = await deleteRulesIn(
      tx,
      rules.map((r) => r.id),
    );
    await bumpRulesVersion(tx.objectStore('meta'));
  }
  await tx.done;
  return flow ? { flow, rules, experiments } : { flow: null, rules: [], experiments: [] };
}

/**
 * Renames the seeded flows and rules still under a default's name into the language of
 * `languageTag` (defaultsRenamed), in one transaction; returns how many of each.
 */
export async function nameDefaultsIn(d: TactDatabase, languageTag: string): Promise<{ flows: number; rules: number }> {
  const tx = d.transaction(['flows', 'rules', 'meta'], 'readwrite');
  const renamed = defaultsRenamed(
    await tx.objectStore('flows').getAll(),
    await tx.objectStore('rules').getAll(),
    languageTag,
  );
  for (const f of renamed.flows) await tx.objectStore('flows').put(f);
  for (const r of renamed.rules) await tx.objectStore('rules').put(r);
  // A rule's name is in its traces: the rule index is made anew.
  if (renamed.rules.length) await bumpRulesVersion(tx.objectStore('meta'));
  await tx.done;
  return { flows: renamed.flows.length, rules: renamed.rules.length };
}

/** The items `check` accepts (each checked at `path[i]`); its problems with the others go into `problems`. */
function validItems<T>(
  items: readonly unknown[],
  path: string,
  check: (item: unknown, at: string) => Validated<T>,
  problems: CheckError[],
): T[] {
  return items.flatMap((item, i) => {
    const checked = check(item, `${path}[${i}]`);
    if (checked.ok) return [checked.value];
    problems.push(...checked.errors);
    return [];
  });
}

/** Refuses a put-back that cannot be whole: its transaction is aborted before anything is written. */
async function refusePutBack(
  tx: { abort(): void; done: Promise<void> },
  problems: CheckError[],
  /** The sentence above the problems: "Nothing was restored", or for an import "The import was not undone". */
  code: 'req-nothing-restored' | 'req-import-not-undone' = 'req-nothing-restored',
): Promise<never> {
  tx.abort();
  await tx.done.catch(() => undefined);
  throw new RequestError(code, undefined, problems);
}

/** An item to put back whose id was taken again since it was deleted. */
const existsAgain = (path: string, id: string): CheckError => ({
  path,
  message: `"${id}" exists again: it was not replaced`,
  reason: reason('req-exists-again', { id }),
});

/**
 * Puts back flows, rules and the rules' experiment logs (the undo of a delete). Everything is
 * validated first, and nothing is written when anything is wrong or when an id has been taken
 * again in the meantime. A log is put back only with its rule (`experiments` are checked by the
 * message's schema; here, that each one's rule is restored with it).
 */
export async function restoreItems(
  d: TactDatabase,
  flows: unknown[],
  rules: unknown[],
  experiments: readonly ExperimentLog[] = [],
): Promise<{ flows: number; rules: number }> {
  const problems: CheckError[] = [];
  const okFlows = validItems(flows, 'flows', validateFlow, problems);
  const tx = d.transaction(['flows', 'rules', 'experiments', 'meta'], 'readwrite');
  const storedFlowIds = new Set(await tx.objectStore('flows').getAllKeys());
  const storedRuleIds = new Set(await tx.objectStore('rules').getAllKeys());
  const flowIds = new Set([...storedFlowIds, ...okFlows.map((f) => f.id)]);
  const okRules = validItems(rules, 'rules', (r, at) => validateRule(r, at, flowIds), problems);
  okFlows.forEach((f, i) => {
    if (storedFlowIds.has(f.id)) problems.push(existsAgain(`flows[${i}]`, f.id));
  });
  okRules.forEach((r, i) => {
    if (storedRuleIds.has(r.id)) problems.push(existsAgain(`rules[${i}]`, r.id));
  });
  const restoredRuleIds = new Set(okRules.map((r) => r.id));
  // Only a page that did not get the logs from a delete sends one without its rule: no words of
  // its own for the reader, the English message is for the log.
  experiments.forEach((log, i) => {
    if (!restoredRuleIds.has(log.ruleId))
      problems.push({ path: `experiments[${i}].ruleId`, message: `"${log.ruleId}" is not a rule put back with it` });
  });
  if (problems.length) await refusePutBack(tx, problems);
  for (const f of okFlows) await tx.objectStore('flows').put(f);
  for (const r of okRules) await tx.objectStore('rules').put(r);
  for (const log of experiments) await tx.objectStore('experiments').put(log);
  await bumpRulesVersion(tx.objectStore('meta'));
  await tx.done;
  return { flows: okFlows.length, rules: okRules.length };
}

/**
 * A fingerprint of a stored item: its JSON hashed (cyrb53, 53 bits, in base 36). An item read back
 * from IndexedDB keeps its keys' order, so the same item gives the same fingerprint; any edit, in
 * this window or another, gives another. Not a secret: it only tells "changed since".
 */
function fingerprint(item: unknown): string {
  const text = JSON.stringify(item) ?? '';
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * Writes each item, noting the stored one it replaces as it was, or its id when it is new, and
 * the fingerprint of what it wrote.
 */
async function putNoting<T extends { id: string }>(
  items: readonly T[],
  store: { get(id: string): Promise<T | undefined>; put(item: T): Promise<unknown> },
  replaced: T[],
  added: string[],
  written: { id: string; sum: string }[],
): Promise<void> {
  for (const item of items) {
    const before = await store.get(item.id);
    if (before) replaced.push(before);
    else added.push(item.id);
    await store.put(item);
    written.push({ id: item.id, sum: fingerprint(item) });
  }
}

/**
 * The items an import wrote that are no longer as it wrote them (edited or deleted since, in this
 * options window or another): undoing would overwrite or bring back over that change.
 */
async function changedSince(
  written: readonly { id: string; sum: string }[],
  store: { get(id: string): Promise<{ name?: string } | undefined> },
  problems: CheckError[],
): Promise<void> {
  for (const { id, sum } of written) {
    const now = await store.get(id);
    if (now && fingerprint(now) === sum) continue;
    problems.push({
      // No field of a form to point at: the sentence names the item ("written.flows:" before it
      // meant nothing to the marketer reading the refusal).
      path: WHOLE_FILE,
      message: `"${id}" was changed or deleted since the import`,
      reason: reason('req-import-changed-since', { name: now?.name ?? id }),
    });
  }
}

/**
 * Writes a checked flow pack (flows, rules, segments) in one transaction, all or nothing: a write
 * that throws (a value IndexedDB cannot store, a full disk) aborts the transaction, so the flows
 * written before it are not kept either; the error is passed on. Returns what it changed, for
 * `undoPack`: the items it replaced as they were, and the ids it added.
 */
export async function storePack(d: TactDatabase, pack: FlowPack): Promise<PackUndo> {
  const tx = d.transaction(['flows', 'rules', 'segments', 'meta'], 'readwrite');
  const undo: PackUndo = {
    replaced: { flows: [], rules: [], segments: [] },
    added: { flows: [], rules: [], segments: [] },
    written: { flows: [], rules: [], segments: [] },
  };
  const { replaced, added, written } = undo;
  // A put that throws before its request is made (DataCloneError) does not abort by itself.
  await allOrNothing(tx, async () => {
    await putNoting(pack.flows, tx.objectStore('flows'), replaced.flows, added.flows, written.flows);
    await putNoting(pack.rules, tx.objectStore('rules'), replaced.rules, added.rules, written.rules);
    await putNoting(
      pack.segments ?? [],
      tx.objectStore('segments'),
      replaced.segments,
      added.segments,
      written.segments,
    );
    await bumpRulesVersion(tx.objectStore('meta'));
  });
  return undo;
}

/**
 * Takes an import back (`storePack`'s answer): the items it replaced are put back as they were
 * (validated again, as the page sends them), the ones it added are deleted (an added rule with
 * its experiment log). Refused, changing nothing, when a rule kept after it would start a flow
 * it deletes or test a segment it deletes (a rule made since the import, from what it brought),
 * or when an item the import wrote was changed or deleted since (in another options window, say):
 * the undo would silently overwrite that change. One transaction.
 */
export async function undoPack(d: TactDatabase, undo: PackUndo): Promise<PackCounts> {
  const problems: CheckError[] = [];
  const flows = validItems(undo.replaced.flows, 'replaced.flows', validateFlow, problems);
  const rules = validItems(undo.replaced.rules, 'replaced.rules', validateRule, problems);
  const segments = validItems(undo.replaced.segments, 'replaced.segments', validateSegment, problems);
  const tx = d.transaction(['flows', 'rules', 'segments', 'experiments', 'meta'], 'readwrite');
  const goneFlows = new Set(undo.added.flows);
  const goneSegments = new Set(undo.added.segments);
  const rewritten = new Set([...undo.added.rules, ...rules.map((r) => r.id)]);
  for (const rule of await tx.objectStore('rules').getAll()) {
    if (rewritten.has(rule.id)) continue;
    const flow = ruleFlowIds(rule).find((id) => goneFlows.has(id));
    if (flow)
      problems.push({
        path: 'added.flows',
        message: `flow "${flow}" is started by rule "${rule.id}", made since the import`,
        reason: reason('req-import-flow-in-use', { flow, rule: rule.name }),
      });
    for (const c of rule.conditions)
      if (c.kind === 'segment' && goneSegments.has(c.segment))
        problems.push({
          path: 'added.segments',
          message: `segment "${c.segment}" is a condition of rule "${rule.id}", made since the import`,
          reason: reason('req-import-segment-in-use', { segment: c.segment, rule: rule.name }),
        });
  }
  await changedSince(undo.written.flows, tx.objectStore('flows'), problems);
  await changedSince(undo.written.rules, tx.objectStore('rules'), problems);
  await changedSince(undo.written.segments, tx.objectStore('segments'), problems);
  if (problems.length) await refusePutBack(tx, problems, 'req-import-not-undone');
  await allOrNothing(tx, async () => {
    for (const id of undo.added.flows) await tx.objectStore('flows').delete(id);
    await deleteRulesIn(tx, undo.added.rules);
    for (const id of undo.added.segments) await tx.objectStore('segments').delete(id);
    for (const flow of flows) await tx.objectStore('flows').put(flow);
    for (const rule of rules) await tx.objectStore('rules').put(rule);
    for (const segment of segments) await tx.objectStore('segments').put(segment);
    await bumpRulesVersion(tx.objectStore('meta'));
  });
  return {
    flows: flows.length + goneFlows.size,
    rules: rules.length + undo.added.rules.length,
    segments: segments.length + undo.added.segments.length,
  };
}

/** Every site Tact has a record of, most recently seen first. */
export async function listSites(d: TactDatabase): Promise<SiteSummary[]> {
  const sites = await d.getAll('sites');
  return sites
    .map((s) => ({ origin: s.origin, enabled: s.enabled, visits: visitCount(s), lastSeenAt: s.lastSeenAt }))
    .sort((a, b) => (b.lastSeenAt ?? 0) - (a.lastSeenAt ?? 0) || a.origin.localeCompare(b.origin));
}

/** Meta keys that record the visitor's history (budget spent, dismissals, last shows). */
const VISITOR_META = ['lastShownByRule', 'budget', 'dismissals', 'visitorId'];

/**
 * Deletes what Tact learnt and logged in this browser: events (answers included) and their
 * counts, conversations, the visitor profile (tags, attributes), page views, decision traces,
 * the budget, dismissals and last shows, visit counts, A/B exposures and goals, and the
 * pseudonymous visitor id (A/B variants are drawn again, as for a new visitor). Kept: flows,
 * rules, segments, settings, and sites turned off (the visitor's own choice). Returns what went,
 * for the message.
 */
export async function clearVisitorData(
  d: TactDatabase,
): Promise<ClearedData & { activeConversations: { id: string; tabId: number }[] }> {
  const tx = d.transaction(
    ['events', 'rollups', 'conversations', 'profile', 'pageViews', 'traces', 'meta', 'sites', 'experiments'],
    'readwrite',
  );
  const events = await tx.objectStore('events').count();
  let answers = 0;
  let cursor = await tx.objectStore('events').openCursor();
  while (cursor) {
    if (cursor.value.type === 'answered') answers++;
    cursor = await cursor.continue();
  }
  const conversations = await tx.objectStore('conversations').getAll();
  const profile = (await tx.objectStore('profile').count()) > 0;
  for (const store of ['events', 'rollups', 'conversations', 'profile', 'pageViews', 'traces', 'experiments'] as const)
    await tx.objectStore(store).clear();
  await tx.objectStore('profile').put({ tags: [], tagExpiry: {}, attributes: {} }, 'visitor');
  for (const key of VISITOR_META) await tx.objectStore('meta').delete(key);
  let site = await tx.objectStore('sites').openCursor();
  while (site) {
    if (site.value.enabled) await site.delete();
    else await site.update({ origin: site.value.origin, enabled: false });
    site = await site.continue();
  }
  await tx.done;
  return {
    events,
    answers,
    conversations: conversations.length,
    profile,
    activeConversations: conversations.filter((c) => c.status === 'active').map((c) => ({ id: c.id, tabId: c.tabId })),
  };
}
