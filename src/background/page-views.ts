/**
 * Page views and signals: the content script says hello once per page view, then reports
 * signals. On a signal the engine decides, and the decision, the page view's "already shown"
 * mark, the rule's last-shown time, the new conversation and the "shown" event are written in one
 * transaction: two tabs deciding at the same moment cannot both take the same slot, and a
 * background stopped half-way leaves nothing half-written.
 */
import { decide } from '../core/engine.ts';
import { startConversation } from '../core/flow-runner.ts';
import type { Signal } from '../core/model.ts';
import type { DecisionRecord, ToBackground } from '../shared/protocol.ts';
import { planFor } from '../core/arming.ts';
import { emptyPlan, type QuietState } from '../core/signal-model.ts';
import { conversationEvent } from './conversations.ts';
import { RequestError } from './request-error.ts';
import { db, type Conversation } from './store.ts';

const TRACES_PER_TAB = 20;

/** Registers a page view and tells the content script what to listen for. */
export async function hello(req: ToBackground['page/hello']['req'], tabId: number): Promise<ToBackground['page/hello']['res']> {
  const origin = new URL(req.url).origin;
  const d = await db();
  const tx = d.transaction(['pageViews', 'sites', 'rules'], 'readwrite');
  const site = await tx.objectStore('sites').get(origin);
  const enabled = site?.enabled ?? true;
  const views = tx.objectStore('pageViews');
  // One tab keeps only its current page view; older ones can no longer receive signals.
  for (const key of await views.index('by-tab').getAllKeys(tabId)) if (key !== req.pageViewId) await views.delete(key);
  if (!(await views.get(req.pageViewId))) await views.put({ pageViewId: req.pageViewId, tabId, origin, url: req.url, startedAt: Date.now() });
  const rules = enabled ? await tx.objectStore('rules').getAll() : [];
  await tx.done;
  return { enabled, plan: enabled ? planFor(req.url, rules) : emptyPlan() };
}

/** Evaluates a signal; starts a conversation when a rule fires and the policy allows it. */
export async function onSignal(pageViewId: string, signal: Signal, quiet: QuietState | undefined, tabId: number): Promise<ToBackground['page/signal']['res']> {
  const d = await db();
  const tx = d.transaction(['pageViews', 'sites', 'rules', 'flows', 'profile', 'meta', 'conversations', 'events', 'traces'], 'readwrite');
  const view = await tx.objectStore('pageViews').get(pageViewId);
  if (!view || view.tabId !== tabId) throw new RequestError('Unknown page view; reload the page.');
  const site = await tx.objectStore('sites').get(view.origin);
  const rules = await tx.objectStore('rules').getAll();
  const flowIds = new Set(await tx.objectStore('flows').getAllKeys());
  const profile = (await tx.objectStore('profile').get('visitor')) ?? { tags: [] };
  const lastShownByRule = ((await tx.objectStore('meta').get('lastShownByRule')) as Record<string, number> | undefined) ?? {};
  const now = Date.now();
  const decision = decide({
    now,
    signal,
    page: { url: view.url, startedAt: view.startedAt },
    siteEnabled: site?.enabled ?? true,
    pageViewShown: view.shownConversationId !== undefined,
    profile,
    lastShownByRule,
    rules,
    flowIds,
    quiet,
  });

  const traces = tx.objectStore('traces');
  const record: DecisionRecord = { at: now, url: view.url, signal, decision };
  const kept = (await traces.get(tabId))?.records ?? [];
  await traces.put({ tabId, records: [...kept, record].slice(-TRACES_PER_TAB) });

  let result: ToBackground['page/signal']['res'] = { show: null };
  if (decision.show) {
    const flow = (await tx.objectStore('flows').get(decision.show.flowId))!;
    const conv: Conversation = {
      id: crypto.randomUUID(),
      flowId: flow.id,
      ruleId: decision.show.ruleId,
      entry: decision.show.entry,
      tabId,
      pageViewId,
      origin: view.origin,
      path: new URL(view.url).pathname,
      startedAt: now,
      ...startConversation(flow),
    };
    await tx.objectStore('conversations').put(conv);
    await tx.objectStore('pageViews').put({ ...view, shownConversationId: conv.id });
    await tx.objectStore('meta').put({ ...lastShownByRule, [decision.show.ruleId]: now }, 'lastShownByRule');
    await tx.objectStore('events').add(conversationEvent(conv, 'shown', { nodeId: conv.nodeId }));
    result = { show: { conversationId: conv.id, entry: conv.entry } };
  }
  await tx.done;
  return result;
}
