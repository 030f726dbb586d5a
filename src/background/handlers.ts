/**
 * The background's answer to every message of the protocol. `handleMessage` is the one entry:
 * it classifies the sender, validates the payload, and dispatches to the handler for its type.
 * Anything malformed or foreign is dropped and logged; nothing here can crash the background.
 */
import { validateFlow } from '../core/flows/flow-validation.ts';
import { validateRule, validateSegment } from '../core/rules/rule-validation.ts';
import { buildPack, checkPack, parsePack } from '../core/flows/flow-pack.ts';
import { flowOverview, flowStats, OVERVIEW_TYPES } from '../core/results/flow-stats.ts';
import { conversationTable } from '../core/results/conversation-rows.ts';
import { describeSignal } from '../core/signals/signal-model.ts';
import { isEmptyPlan } from '../core/signals/arming-plan.ts';
import { reason } from '../core/rules/reason.ts';
import { ruleNameFor } from '../core/flows/default-pack.ts';
import { EVENT_TYPES, type TactEvent } from '../core/results/event-model.ts';
import type { Rollup } from '../core/storage/migrations.ts';
import { ext } from '../shared/browser-api.ts';
import {
  sendToTab,
  type BackgroundMessageType,
  type Reply,
  type ToBackground,
  type ToContent,
} from '../shared/protocol.ts';
import { checkBackgroundMessage, senderRole, type CheckedMessage } from '../shared/message-boundary.ts';
import { checkSchema } from '../core/validation/schema-check.ts';
import { PolicySettingsSchema } from '../core/rules/policy.ts';
import {
  act,
  answer,
  attach,
  close,
  localeOf,
  markOpened,
  ownedConversation,
  markShown,
  pause,
  withdraw,
  releaseFrame,
  reply,
  type FrameRef,
} from './conversations.ts';
import {
  approvalsStale,
  firstApproval,
  hello,
  onSignal,
  previewTabs,
  recordGoalClick,
  startPreview,
  tabDecisions,
} from './page-views.ts';
import { experimentResults } from './experiments.ts';
import {
  contentScriptIn,
  previewState,
  rememberPicked,
  resetCaps,
  setActAs,
  simulate,
  startPicker,
} from './preview-handlers.ts';
import { failureReason, RequestError } from './request-error.ts';
import {
  injectContentModules,
  pageContextNow,
  syncContentScripts,
  type ContentModule,
} from './content-registration.ts';
import { pagePlace, senderOrigin, type SenderPlace } from './sender-origin.ts';
import { db, readSettings } from './store.ts';
import {
  clearVisitorData,
  deleteFlow,
  deleteRule,
  listSites,
  nameDefaultsIn,
  restoreItems,
  storePack,
  undoPack,
} from './workspace-data.ts';

/** Most answer events read for the answers to learn from (the newest; grouping keeps 400 distinct per question). */
const FREE_TEXT_READ_LIMIT = 5000;

type Handler<K extends BackgroundMessageType> = (
  payload: ToBackground[K]['req'],
  sender: chrome.runtime.MessageSender,
) => Promise<ToBackground[K]['res']>;

function frameOf(sender: chrome.runtime.MessageSender): FrameRef {
  return { tabId: sender.tab?.id ?? -1, frameId: sender.frameId ?? -1 };
}

function placeOf(sender: chrome.runtime.MessageSender): SenderPlace {
  return { origin: sender.origin, url: sender.url, tabUrl: sender.tab?.url };
}

/** The page a content script's hello is about, its site taken from the browser (sender-origin.ts). */
function helloPage(claimedUrl: string, sender: chrome.runtime.MessageSender): { origin: string; url: string } {
  const place = pagePlace(placeOf(sender), claimedUrl);
  if (!place.ok) {
    console.warn('[tact] refused page/hello:', place.reason);
    throw new RequestError('req-no-site');
  }
  return place;
}

/** The site a content script's message comes from, from the browser's sender information. */
function siteOf(sender: chrome.runtime.MessageSender): string {
  const origin = senderOrigin(placeOf(sender));
  if (!origin) throw new RequestError('req-no-site');
  return origin;
}

const handlers: { [K in BackgroundMessageType]: Handler<K> } = {
  'page/hello': async (p, s) => {
    const page = helloPage(p.url, s);
    const answer = await hello({ ...p, url: page.url }, s.tab!.id!, page.origin);
    // Before the answer, so the page finds what it arms and mounts with (content.ts, `moduleOf`).
    const frame = frameOf(s);
    const files = modulesFor(answer, p.present);
    await injectContentModules(frame.tabId, frame.frameId, files, s.documentId).catch((error: unknown) => {
      console.warn('[tact] could not inject the content modules', error);
    });
    return answer;
  },
  'page/approval': (p, s) => firstApproval(p.pageViewId, s.tab!.id!, siteOf(s), p.context),
  'page/goal-click': async (p, s) => {
    await recordGoalClick(p.pageViewId, p.selector, s.tab!.id!, siteOf(s));
    return null;
  },
  'page/signal': (p, s) =>
    onSignal(p.pageViewId, p.signal, p.quiet, s.tab!.id!, siteOf(s), p.held, p.context, p.predicted),
  'overlay/attach': (p, s) => attach(p.conversationId, frameOf(s)),
  'overlay/reply': (p, s) => reply(p.conversationId, p, p.replyId, frameOf(s)),
  'overlay/answer': (p, s) => answer(p.conversationId, p, p.text, frameOf(s)),
  'overlay/act': (p, s) => act(p.conversationId, p, frameOf(s)),
  'overlay/resize': async (p, s) => {
    const conv = await ownedConversation(p.conversationId, frameOf(s));
    await sendToTab(conv.tabId, 'overlay/resize', { conversationId: conv.id, width: p.width, height: p.height });
    return null;
  },
  'overlay/close': async (p, s) => {
    const conv = await close(p.conversationId, p.reason, frameOf(s));
    await sendToTab(conv.tabId, 'overlay/unmount', { conversationId: conv.id });
    if (p.reason === 'never-here') await broadcast('site/changed', { origin: conv.origin, enabled: false });
    return null;
  },
  'overlay/open': async (p, s) => {
    await markOpened(p.conversationId, frameOf(s));
    return null;
  },
  'overlay/restore': (p, s) => releaseFrame(p.conversationId, s.tab!.id!, siteOf(s)),
  'overlay/dismiss': async (p, s) => {
    const conv = await close(p.conversationId, 'dismissed', { tabId: s.tab!.id!, origin: siteOf(s) });
    await sendToTab(conv.tabId, 'overlay/unmount', { conversationId: conv.id });
    return null;
  },
  'overlay/shown': async (p, s) => {
    await markShown(p.conversationId, s.tab!.id!, siteOf(s), p.held);
    return null;
  },
  'overlay/withdraw': async (p, s) => {
    await withdraw(p.conversationId, s.tab!.id!, siteOf(s), p.held);
    return null;
  },
  'overlay/pause': async (p, s) => {
    await pause(p.conversationId, s.tab!.id!, siteOf(s), p.loss, p.restored);
    return null;
  },
  'overlay/why': async (p, s) => {
    const conv = await ownedConversation(p.conversationId, frameOf(s));
    const record = conv.why;
    // A preview started by hand has no decision: no rule or signal to name ("the rule “preview”").
    if (conv.preview && !record) return { signal: reason('unknown'), rule: '', checks: [], forced: true };
    const trace = record?.decision.rules.find((r) => r.ruleId === conv.ruleId);
    // In the conversation's language, as the rest of the "why": a seeded rule is named in it too.
    const locale = localeOf(await (await db()).get('flows', conv.flowId));
    return {
      signal: record ? describeSignal(record.signal) : reason('unknown'),
      rule: ruleNameFor(conv.ruleId, trace?.ruleName ?? conv.ruleId, locale),
      checks: [...(record?.decision.policy ?? []), ...(trace?.checks ?? [])].map((c) => ({
        label: c.label,
        detail: c.detail,
      })),
    };
  },
  'site/get': async (p) => {
    const site = await (await db()).get('sites', p.origin);
    return site ?? { origin: p.origin, enabled: true };
  },
  'site/set': async (p) => {
    const site = { origin: p.origin, enabled: p.enabled };
    const d = await db();
    const tx = d.transaction('sites', 'readwrite');
    const stored = (await tx.store.get(p.origin)) ?? { origin: p.origin, enabled: true };
    await tx.store.put({ ...stored, enabled: p.enabled });
    await tx.done;
    await broadcast('site/changed', site);
    return site;
  },
  'workspace/get': async () => {
    const d = await db();
    const [flows, rules, eventCount] = await Promise.all([d.getAll('flows'), d.getAll('rules'), d.count('events')]);
    return { flows, rules, answers: await newestEvents({ type: 'answered', limit: 200 }), eventCount };
  },
  'rules/save': async (p) => {
    const d = await db();
    const flowIds = new Set(await d.getAllKeys('flows'));
    const checked = validateRule(p.rule, 'rule', flowIds);
    if (!checked.ok) throw new RequestError('req-rule-invalid', undefined, checked.errors);
    await d.put('rules', checked.value);
    await rulesChanged();
    return checked.value;
  },
  'rules/delete': async (p) => {
    const removed = await deleteRule(await db(), p.id);
    await rulesChanged();
    return removed;
  },
  'segments/save': async (p) => {
    const checked = validateSegment(p.segment, 'segment');
    if (!checked.ok) throw new RequestError('req-segment-invalid', undefined, checked.errors);
    await (await db()).put('segments', checked.value);
    return checked.value;
  },
  'settings/get': async () => readSettings((await db()).transaction('settings')),
  'settings/set': async (p) => {
    const d = await db();
    const tx = d.transaction('settings', 'readwrite');
    const current = await readSettings(tx);
    // The patch was checked field by field; the whole is checked again so nothing malformed is stored.
    const merged = checkSchema(
      PolicySettingsSchema,
      { ...current, ...p, quietMoments: { ...current.quietMoments, ...p.quietMoments } },
      'settings',
    );
    if (!merged.ok) throw new RequestError('req-settings-invalid', undefined, merged.errors);
    const next = merged.value;
    await tx.store.put(next, 'policy');
    await tx.done;
    await broadcast('plan/changed', {});
    return next;
  },
  'pack/import': async (p) => {
    const d = await db();
    const existing = new Set(await d.getAllKeys('flows'));
    const checked = typeof p.pack === 'string' ? parsePack(p.pack, existing) : checkPack(p.pack, existing);
    if (!checked.ok) throw new RequestError('req-pack-refused', undefined, checked.errors);
    // All or nothing: one transaction for the whole pack, aborted on any error.
    const undo = await storePack(d, checked.pack);
    await broadcast('plan/changed', {});
    return {
      flows: checked.pack.flows.length,
      rules: checked.pack.rules.length,
      segments: checked.pack.segments?.length ?? 0,
      undo,
    };
  },
  'pack/undo': async (p) => {
    const undone = await undoPack(await db(), p);
    await broadcast('plan/changed', {});
    return undone;
  },
  'pack/export': async () => {
    const d = await db();
    const [flows, rules, segments] = await Promise.all([d.getAll('flows'), d.getAll('rules'), d.getAll('segments')]);
    return buildPack({ flows, rules, segments });
  },
  'preview/start': async (p) => {
    await contentScriptIn(p.tabId);
    const conv = await startPreview(p.tabId, p.flowId, await pageContextNow(p.tabId, ['overlay-frame.js']));
    if (!(await sendToTab(p.tabId, 'overlay/mount', { conversationId: conv.id }))) {
      throw new RequestError('req-not-running');
    }
    return { conversationId: conv.id };
  },
  'preview/simulate': (p) => simulate(p.tabId, p.signal),
  'preview/act-as': (p) => setActAs(p.tabId, p.actAs),
  'preview/reset-caps': (p) => resetCaps(p.origin),
  'preview/state': (p) => previewState(p.tabId),
  'preview/tabs': () => previewTabs(),
  'picker/start': (p) => startPicker(p.tabId),
  'picker/picked': async (p, s) => {
    siteOf(s);
    await rememberPicked(s.tab!.id!, s.url ?? s.tab?.url ?? '', p.selector, p.label);
    return null;
  },
  'experiments/results': (p) => experimentResults(p.flowId),
  'stats/flow': async (p) => {
    const d = await db();
    const [flow, rollups] = await Promise.all([
      d.get('flows', p.flowId),
      d.getAllFromIndex('rollups', 'by-flow', p.flowId),
    ]);
    return flowStats(flow, p.flowId, rollups, p.from, p.to, p.locale);
  },
  'stats/overview': async (p) => {
    const d = await db();
    const [flows, rollups] = await Promise.all([d.getAll('flows'), overviewRollups(p.from, p.to)]);
    return flowOverview(flows, rollups, p.from, p.to);
  },
  'results/conversations': async (p) => {
    const d = await db();
    const [flow, events] = await Promise.all([d.get('flows', p.flowId), eventsForExport(p.flowId, p.from, p.to)]);
    return conversationTable(flow, p.flowId, events, { from: p.from, to: p.to });
  },
  'flows/save': async (p) => {
    const checked = validateFlow(p.flow, 'flow');
    if (!checked.ok) throw new RequestError('req-flow-invalid', undefined, checked.errors);
    await (await db()).put('flows', checked.value);
    await rulesChanged();
    return checked.value;
  },
  'flows/delete': async (p) => {
    const removed = await deleteFlow(await db(), p.id);
    if (removed.flow) await broadcast('plan/changed', {});
    return removed;
  },
  'workspace/name-defaults': async (p) => {
    const renamed = await nameDefaultsIn(await db(), p.language);
    if (renamed.flows || renamed.rules) await broadcast('plan/changed', {});
    return renamed;
  },
  'workspace/restore': async (p) => {
    const restored = await restoreItems(await db(), p.flows, p.rules, p.experiments);
    await broadcast('plan/changed', {});
    return restored;
  },
  'sites/list': async () => listSites(await db()),
  'sites/remove': async (p) => {
    await (await db()).delete('sites', p.origin);
    await broadcast('site/changed', { origin: p.origin, enabled: true });
    return null;
  },
  'data/clear': async () => {
    const { activeConversations, ...cleared } = await clearVisitorData(await db());
    for (const c of activeConversations) await sendToTab(c.tabId, 'overlay/unmount', { conversationId: c.id });
    await broadcast('plan/changed', {});
    return cleared;
  },
  'events/list': (p) => newestEvents({ flowId: p.flowId, limit: p.limit }),
  'answers/free-text': async (p) => {
    const answers = await newestEvents({ flowId: p.flowId, type: 'answered', limit: FREE_TEXT_READ_LIMIT });
    return answers.filter((e) => e.replyId === 'text' && !e.preview && e.label);
  },
  'trace/get': (p) => tabDecisions(p.tabId),
};

/**
 * The on-demand parts of the content script a hello's answer needs: the overlay frame where a
 * conversation follows the visitor (shown at once; the page view arms nothing then); the detectors
 * and the frame where the plan arms something and the visitor is there (`present`: the content
 * script says hello at their first sign of presence); nothing otherwise. A hello sent before
 * the visitor showed up (a few seconds after the load, or woken for the preview tools) gets them
 * with the hello it says again at that sign: a page view nobody interacts with never loads them.
 */
function modulesFor(answer: ToBackground['page/hello']['res'], present?: boolean): ContentModule[] {
  if (!answer.enabled) return [];
  if (answer.resume) return ['overlay-frame.js'];
  return present && !isEmptyPlan(answer.plan) ? ['detectors.js', 'overlay-frame.js'] : [];
}

/**
 * Sends a message to every tab's content script; each keeps only what concerns it. A changed
 * plan (rules, flows, settings) first moves the content script's registration to the sites the
 * rules can now match.
 */
async function broadcast<K extends 'site/changed' | 'plan/changed'>(type: K, payload: ToContent[K]): Promise<void> {
  if (type === 'plan/changed') await syncContentScripts();
  const tabs = await ext.tabs.query({});
  await Promise.all(tabs.map((t) => (t.id === undefined ? Promise.resolve(false) : sendToTab(t.id, type, payload))));
}

async function bumpRulesVersion(meta: {
  get(key: string): Promise<unknown>;
  put(value: unknown, key: string): Promise<unknown>;
}): Promise<void> {
  await meta.put((((await meta.get('rulesVersion')) as number | undefined) ?? 0) + 1, 'rulesVersion');
}

/** Rules or flows changed: invalidate the engine's rule index and re-arm open pages. */
async function rulesChanged(): Promise<void> {
  const d = await db();
  const tx = d.transaction('meta', 'readwrite');
  await bumpRulesVersion(tx.store);
  await tx.done;
  await broadcast('plan/changed', {});
}

/**
 * The events a flow's export needs. With a date range, read through `by-flow-type-time`, one range
 * per event type, so the cost follows the flow's events of those days, not the whole log's
 * (bench:results: 30 days of a busy flow among 190 000 events), from the first day's midnight to a
 * day after the last one (a conversation that started late on the last day may finish after
 * midnight; `conversationTable` keeps only those that started in range). A conversation read there
 * without its `shown` event (it started the evening before the first day, or has none) is read
 * whole through `by-conversation`, so `conversationTable` dates it by its start, as it would from
 * the whole log: before, it became a row "started" at its ending.
 */
async function eventsForExport(flowId: string, from?: string, to?: string): Promise<TactEvent[]> {
  const store = (await db()).transaction('events').store;
  // Every day: one read of the flow index, in the log's order (bench:results, one run: 1.1 s for
  // a flow's 51 768 events, where six ranges of the other index took 1.6 s).
  if (!from && !to) return store.index('by-flow').getAll(flowId);
  const index = store.index('by-flow-type-time');
  const start = from ? new Date(`${from}T00:00:00`).getTime() : -Infinity;
  const end = to ? new Date(`${to}T00:00:00`).getTime() + 2 * 86_400_000 : Infinity;
  const parts = await Promise.all(
    EVENT_TYPES.map((type) => index.getAll(IDBKeyRange.bound([flowId, type, start], [flowId, type, end], false, true))),
  );
  const events = parts.flat();
  if (!from) return events;
  const started = new Set(parts[EVENT_TYPES.indexOf('shown')]!.map((e) => e.conversationId));
  const partial = new Set(
    events.filter((e) => e.type !== 'would-show' && !started.has(e.conversationId)).map((e) => e.conversationId),
  );
  if (!partial.size) return events;
  const whole = await Promise.all([...partial].map((id) => store.index('by-conversation').getAll(id)));
  return [...events.filter((e) => !partial.has(e.conversationId)), ...whole.flat().filter((e) => e.flowId === flowId)];
}

/**
 * The rollup counters the overview of every flow adds up (shown, opened, completed, dismissed,
 * would-show), of days `from`..`to` only, through `by-type-day`: not the per-step and per-reply
 * counters of answers, most of them on a busy log.
 */
async function overviewRollups(from?: string, to?: string): Promise<Rollup[]> {
  const index = (await db()).transaction('rollups').store.index('by-type-day');
  const parts = await Promise.all(
    OVERVIEW_TYPES.map((type) => index.getAll(IDBKeyRange.bound([type, from ?? ''], [type, to ?? '\uffff']))),
  );
  return parts.flat();
}

/**
 * Newest events first, optionally of one flow, of one type, or both: each read through its index,
 * so the newest 200 answers (or one flow's newest 5 000) cost that many records whatever the
 * number of other events.
 */
async function newestEvents(opts: { flowId?: string; type?: TactEvent['type']; limit: number }): Promise<TactEvent[]> {
  const store = (await db()).transaction('events').store;
  const out: TactEvent[] = [];
  let cursor = opts.flowId
    ? opts.type
      ? await store
          .index('by-flow-type-time')
          .openCursor(
            IDBKeyRange.bound([opts.flowId, opts.type, -Infinity], [opts.flowId, opts.type, Infinity]),
            'prev',
          )
      : await store.index('by-flow').openCursor(IDBKeyRange.only(opts.flowId), 'prev')
    : opts.type
      ? await store
          .index('by-type-time')
          .openCursor(IDBKeyRange.bound([opts.type, -Infinity], [opts.type, Infinity]), 'prev')
      : await store.index('by-time').openCursor(null, 'prev');
  while (cursor && out.length < opts.limit) {
    if (!opts.type || cursor.value.type === opts.type) out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return out;
}

/**
 * Handles one incoming runtime message. Returns the reply to send, or `undefined` when the message
 * is dropped (foreign or malformed): the sender then gets no answer at all.
 */
export async function handleMessage(
  message: unknown,
  sender: chrome.runtime.MessageSender,
): Promise<Reply<unknown> | undefined> {
  const role = senderRole(
    { id: sender.id, url: sender.url, tabId: sender.tab?.id, frameId: sender.frameId },
    ext.runtime.id,
    ext.runtime.getURL(''),
  );
  if (typeof role === 'object') {
    console.warn('[tact] dropped message:', role.refused);
    return undefined;
  }
  const checked = checkBackgroundMessage(message, role);
  if (!checked.ok) {
    console.warn(`[tact] dropped ${checked.foreign ? 'foreign' : 'malformed'} message from ${role}:`, checked.reason);
    return checked.foreign ? undefined : { ok: false, error: checked.reason };
  }
  try {
    const value = await dispatch(checked.message, sender);
    return { ok: true, value };
  } catch (error) {
    if (!(error instanceof RequestError)) console.error(`[tact] ${checked.message.type} failed`, error);
    const reason = failureReason(error);
    if (!(error instanceof RequestError)) return { ok: false, error: reason.code, reason };
    return { ok: false, error: error.message, reason, ...(error.problems ? { problems: error.problems } : {}) };
  }
}

/**
 * Writes that may turn a decision from "show" to "not now" elsewhere: the visitor's tags and
 * answers (a conversation shown or answered), a dismissal's back-off, segments. Once one is done,
 * the armed pages' pre-approvals are stale (`approvalsStale`; a decision says so itself, in
 * `onSignal`; rules, settings and sites make every page say hello again).
 */
const STALE_AFTER = new Set<BackgroundMessageType>([
  'overlay/shown',
  'overlay/reply',
  'overlay/answer',
  'overlay/act',
  'overlay/close',
  'overlay/dismiss',
  'segments/save',
]);

async function dispatch(m: CheckedMessage, sender: chrome.runtime.MessageSender): Promise<unknown> {
  const handler = handlers[m.type] as Handler<typeof m.type>;
  const value = await handler(m.payload, sender);
  if (STALE_AFTER.has(m.type)) approvalsStale().catch(() => undefined);
  return value;
}
