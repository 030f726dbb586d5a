/**
 * Page views and signals: the content script says hello once per page view (which may reach an
 * A/B test's URL goal, recorded in the same transaction), then reports signals. On a signal the engine decides, and everything the decision implies is written in one
 * transaction: the trace, the page view's "already shown" mark, the rule's last-shown time, the
 * day's budget, the new conversation and its events. Two tabs deciding at the same moment cannot
 * both take the same slot, and a background stopped half-way leaves nothing half-written.
 */
import { startConversation, startEffects } from '../core/flows/flow-runner.ts';
import type { PageContext, Signal, QuietState } from '../core/signals/signal-model.ts';
import type { SignalType } from '../core/signals/signal-kinds.ts';
import { watchedQuietKeys } from '../core/signals/signal-kinds.ts';
import { emptyPlan, isEmptyPlan } from '../core/signals/arming-plan.ts';
import { presenceTimeoutMs } from '../core/signals/presence.ts';
import type { IDBPTransaction, StoreNames } from 'idb';
import type { EntryMode, Rule, Segment } from '../core/rules/rule-model.ts';
import type { Flow } from '../core/flows/flow-model.ts';
import type { VisitorProfile } from '../core/visitor/visitor-model.ts';
import type { TactEvent } from '../core/results/event-model.ts';
import { armedSignals, planFor } from '../core/rules/arming.ts';
import { buildRuleIndex, type RuleIndex } from '../core/rules/rule-index.ts';
import { PageRulesCache, rulesForPage } from '../core/rules/page-rules.ts';
import { decideAgain, decideQuick, replayOf } from '../core/rules/quick-decide.ts';
import { approvalOf, type FirstApproval, type PageApproval, type WordedPaint } from '../core/rules/first-decision.ts';
import {
  emptyDismissals,
  localDay,
  type BudgetState,
  type DismissalState,
  type PolicySettings,
} from '../core/rules/policy.ts';
import { visitCount, withPageView } from '../core/visitor/site-visits.ts';
import {
  sendToTab,
  type DecisionRecord,
  type Hold,
  type PageContextReply,
  type PreviewTab,
  type ToBackground,
} from '../shared/protocol.ts';
import { ext } from '../shared/browser-api.ts';
import { localeOf, openingEvents, personaOf, runContext } from './conversations.ts';
import { bubbleWords } from './bubble-words.ts';
import { pendingClickGoals, recordExposure, recordGoalAction, storedVisitorId, visitorIdIn } from './experiments.ts';
import { notingReads, pageSafeLines, type FirstBubble } from '../core/flows/first-bubble.ts';
import { RequestError } from './request-error.ts';
import { actAsVisitor, describeActAs } from '../core/rules/preview-overrides.ts';
import { PREVIEW_META_KEY, readTabPreview, type PreviewMeta } from './tab-preview-state.ts';
import {
  allOrNothing,
  answerBeforeCommit,
  appendEvents,
  db,
  liveness,
  mayShow,
  notLive,
  readSettings,
  writesBegun,
  type Conversation,
  type PageView,
  type SiteRecord,
  type TactDB,
} from './store.ts';

const TRACES_PER_TAB = 20;

/**
 * The rule index, rebuilt when `meta.rulesVersion` changes. A cache only: lost with the
 * background and rebuilt on the next signal.
 */
let cachedIndex: { version: number; index: RuleIndex; rules: Rule[] } | undefined;

function indexFor(
  version: number,
  rules: () => Promise<Rule[]>,
): Promise<{ index: RuleIndex; rules: Rule[] }> | { index: RuleIndex; rules: Rule[] } {
  if (cachedIndex && cachedIndex.version === version) return cachedIndex;
  return rules().then((all) => indexOf(version, all));
}

/** `indexFor` with the rules of that version at hand. */
function indexOf(version: number, rules: Rule[]): NonNullable<typeof cachedIndex> {
  if (cachedIndex && cachedIndex.version === version) return cachedIndex;
  return (cachedIndex = { version, index: buildRuleIndex(rules), rules });
}

/** Each recent page view's rules, its URL conditions matched once (a cache, as above). */
const pageRules = new PageRulesCache();

/**
 * Works out, once the hello is answered, what the page view's signals will decide with: the rule
 * index and, for each trigger the page arms, the rules that can fire on its address, laid out for
 * the quick decision; then reads ahead what its first signal's decision reads (`readAhead`). Its
 * first signal then costs what later ones do, and waits for no read. A cache only: a background
 * stopped since works it out again on that signal.
 */
function prepareDecisions(
  version: number,
  rules: Rule[],
  view: { pageViewId: string; tabId: number; url: string },
  armed: SignalType[],
): void {
  if (!armed.length) return;
  setTimeout(() => {
    // The rules changed since this hello read them: its signals will decide with the new ones.
    if (!cachedIndex || cachedIndex.version <= version) {
      const { index } = indexOf(version, rules);
      const page = pageRules.get(version, view.pageViewId, view.url, index);
      for (const signal of armed) page.plan(signal);
    }
    readAhead(view.pageViewId, view.tabId).catch(() => undefined); // the signal then reads for itself
  }, 0);
}

/** The stores a signal's decision reads. */
const DECISION_READS: StoreNames<TactDB>[] = [
  'pageViews',
  'sites',
  'rules',
  'flows',
  'segments',
  'profile',
  'settings',
  'meta',
  'traces',
];

/** What a signal's decision reads, for its page view (`readDecisionInputs`). */
interface DecisionReads {
  view: PageView;
  rulesVersion: number;
  index: RuleIndex;
  site: SiteRecord | undefined;
  flowIds: Set<string>;
  storedProfile: VisitorProfile | undefined;
  previewMeta: PreviewMeta | undefined;
  allSegments: Segment[];
  settings: PolicySettings;
  lastShownByRule: Record<string, number>;
  budget: BudgetState | undefined;
  dismissals: DismissalState;
  trace: DecisionRecord[];
  /** Undefined until the first decision that needs one makes it (`visitorIdIn`). */
  visitorId: string | undefined;
  /** Flows read ahead (those the page view's rules may start); any other is read when it starts. */
  flows: Map<string, Flow>;
}

/**
 * Reads what a decision needs in two batches of requests (not one after the other); undefined
 * when the page view is unknown.
 */
async function readDecisionInputs(
  tx: IDBPTransaction<TactDB, StoreNames<TactDB>[], IDBTransactionMode>,
  pageViewId: string,
  tabId: number,
): Promise<DecisionReads | undefined> {
  const meta = tx.objectStore('meta');
  const [
    view,
    storedVersion,
    flowKeys,
    storedProfile,
    previewMeta,
    allSegments,
    settings,
    storedLastShown,
    budget,
    storedDismissals,
    storedTrace,
    visitorId,
  ] = await Promise.all([
    tx.objectStore('pageViews').get(pageViewId),
    meta.get('rulesVersion'),
    tx.objectStore('flows').getAllKeys(),
    tx.objectStore('profile').get('visitor'),
    meta.get(PREVIEW_META_KEY),
    tx.objectStore('segments').getAll(),
    readSettings(tx),
    meta.get('lastShownByRule'),
    meta.get('budget'),
    meta.get('dismissals'),
    tx.objectStore('traces').get(tabId),
    storedVisitorId(tx),
  ]);
  if (!view) return undefined;
  const rulesVersion = (storedVersion as number | undefined) ?? 0;
  const [{ index }, site] = await Promise.all([
    indexFor(rulesVersion, () => tx.objectStore('rules').getAll()),
    tx.objectStore('sites').get(view.origin),
  ]);
  return {
    view,
    rulesVersion,
    index,
    site,
    flowIds: new Set(flowKeys),
    storedProfile,
    previewMeta: previewMeta as PreviewMeta | undefined,
    allSegments,
    settings,
    lastShownByRule: (storedLastShown as Record<string, number> | undefined) ?? {},
    budget: budget as BudgetState | undefined,
    dismissals: (storedDismissals as DismissalState | undefined) ?? emptyDismissals(),
    trace: storedTrace?.records ?? [],
    visitorId,
    flows: new Map(),
  };
}

/**
 * Page views' decision inputs read ahead, each with the count of read-write transactions begun
 * when it was read (`writesBegun`): used only while nothing was written since, so what is kept
 * here is what the database holds. A cache in memory, lost with the background (the decision then
 * reads), taken by the decision that uses it, and only the latest few page views kept.
 */
const readAheads = new Map<string, { at: number; tabId: number; reads: DecisionReads }>();
const READ_AHEADS_KEPT = 8;

/**
 * Reads ahead a page view's decision inputs, with the flows its armed triggers' rules may start;
 * returns them, or undefined when the page view is unknown or something was written meanwhile.
 */
async function readAhead(pageViewId: string, tabId: number): Promise<DecisionReads | undefined> {
  const d = await db();
  const at = writesBegun();
  const tx = d.transaction(DECISION_READS, 'readonly');
  const reads = await readDecisionInputs(tx, pageViewId, tabId);
  if (!reads) return undefined;
  const page = pageRules.get(reads.rulesVersion, pageViewId, reads.view.url, reads.index);
  const ids = new Set(
    (reads.view.armed ?? []).flatMap((signal) =>
      page.plan(signal).live.flatMap(({ rule }) => [rule.flowId, ...(rule.variants ?? []).map((v) => v.flowId)]),
    ),
  );
  for (const flow of await Promise.all(
    [...ids].filter((id) => id != null).map((id) => tx.objectStore('flows').get(id)),
  ))
    if (flow) reads.flows.set(flow.id, flow);
  await tx.done; // finished before a hello answers with it: none left running on the connection
  if (writesBegun() !== at) return undefined; // written meanwhile: the decision reads for itself
  readAheads.delete(pageViewId);
  readAheads.set(pageViewId, { at, tabId, reads });
  for (const key of readAheads.keys()) if (readAheads.size > READ_AHEADS_KEPT) readAheads.delete(key);
  return reads;
}

/**
 * The pre-approval of a page view (core/rules/first-decision.ts): what its next decision would
 * read now, for the content script to decide its first signal with and paint the first bubble
 * without waiting for this background. Read as the decision reads (and kept as its read-ahead);
 * read again when something was written meanwhile, so it is what the database holds when it is
 * answered (any later write tells the page it is stale: `approvalsStale`). `context`: the page
 * context the content script read just now, if it did (only when a first bubble's words read it:
 * `pageWords`). With the id a conversation it paints takes (random, unused). Null for a
 * tab where the marketer acts as another visitor, or when it could not be read unchanged.
 */
export async function firstApproval(
  pageViewId: string,
  tabId: number,
  origin: string,
  context: PageContext | undefined,
): Promise<PageApproval | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const at = writesBegun();
    const reads = await readAhead(pageViewId, tabId);
    if (writesBegun() !== at) continue;
    if (!reads || reads.view.tabId !== tabId || reads.view.origin !== origin)
      throw new RequestError('req-page-view-unknown');
    if (readTabPreview(reads.previewMeta, tabId).actAs !== undefined) return null;
    return { ...approvalFrom(reads, context), conversationId: crypto.randomUUID() };
  }
  return null;
}

/** The decision's input as `evaluateSignal` makes it from `reads`, without the moment's values. */
function stateOf(reads: DecisionReads, view: PageView, profile: VisitorProfile, segments: Segment[]) {
  const { site } = reads;
  return {
    page: { url: view.url, startedAt: view.startedAt, ...(view.context ? { context: view.context } : {}) },
    origin: view.origin,
    siteEnabled: site?.enabled ?? true,
    pageViewShown: view.shownConversationId !== undefined,
    pageViewHeldOut: view.heldOutRuleId !== undefined,
    profile,
    segments,
    visitCount: Math.max(1, visitCount(site)),
    ...(site?.sessionStartedAt !== undefined ? { sessionStartedAt: site.sessionStartedAt } : {}),
    lastShownByRule: reads.lastShownByRule,
    flowIds: reads.flowIds,
    settings: reads.settings,
    ...(reads.budget ? { budget: reads.budget } : {}),
    dismissals: reads.dismissals,
  };
}

/** A page view's pre-approval from its decision inputs, its first bubbles worded with `context`. */
function approvalFrom(reads: DecisionReads, context: PageContext | undefined): FirstApproval {
  const profile = reads.storedProfile ?? { tags: [] };
  const view = withPageContext(reads.view, context);
  const page = pageRules.get(reads.rulesVersion, view.pageViewId, view.url, reads.index);
  const paintOf = (rule: Rule, flowId: string): WordedPaint | undefined => {
    const flow = reads.flows.get(flowId);
    if (!flow) return undefined; // not read ahead: the background paints it
    const opened = openingOf(flow, view, rule.id, rule.entry, Date.now());
    // Worded with the page's data watched: words that read it are marked (`pageWords`), and hold
    // only for the context the page sent (without one, the page asks again with it).
    let readsPage = false;
    const noted = () => (readsPage = true);
    const started = {
      ...opened,
      scope: { ...opened.scope, page: notingReads(opened.scope?.page ?? {}, noted, ['url']) },
      pageContext: notingReads(opened.pageContext ?? {}, noted),
    };
    try {
      const opening = startConversation(flow, runContext(flow, started, profile, reads.allSegments));
      const first = firstBubbleOf(flow, opening.transcript, started);
      return { entry: rule.entry, first, ...(readsPage ? { readsPage } : {}) };
    } catch {
      return undefined; // a flow that breaks at its start: the background's decision says so
    }
  };
  const input = {
    ...stateOf(reads, reads.view, profile, reads.allSegments),
    ...(reads.visitorId ? { visitorId: reads.visitorId } : {}),
  };
  return approvalOf(view.pageViewId, input, page, reads.view.armed ?? [], paintOf);
}

/** A conversation of `flow` at its start on page view `view` (its scope and page context from it). */
function openingOf(flow: Flow, view: PageView, ruleId: string, entry: EntryMode, now: number): Conversation {
  return {
    id: crypto.randomUUID(),
    flowId: flow.id,
    ruleId,
    entry,
    tabId: view.tabId,
    pageViewId: view.pageViewId,
    origin: view.origin,
    path: new URL(view.url).pathname,
    startedAt: now,
    scope: scopeOf(view),
    pageContext: view.context ?? {},
    nodeId: flow.start,
    transcript: [],
    status: 'active',
  };
}

/** The page's data a conversation's `{{page.…}}` variables read, from its page view. */
function scopeOf(view: PageView): NonNullable<Conversation['scope']> {
  return {
    page: {
      title: view.context?.title ?? '',
      url: view.url,
      lang: view.context?.lang ?? '',
      product: view.context?.product ?? {},
    },
  };
}

/** What the content script paints at once: never more than the page could know (first-bubble.ts). */
function firstBubbleOf(flow: Flow, transcript: Conversation['transcript'], started: Conversation): FirstBubble {
  const lines = pageSafeLines(flow, transcript, runContext(flow, started, undefined, []));
  const locale = localeOf(flow);
  const persona = personaOf(flow, locale);
  return { ...persona, lines, words: bubbleWords(persona.name, locale) };
}

/**
 * Something a decision reads was written (a decision that spent the budget or set a rule's "last
 * shown", a dismissal, the visitor's tags, segments, a new visit): every live page view (armed, and
 * may still show something) is told that its pre-approval is stale, and asks for a new one. Read
 * from the `by-live-tab` index, so it reaches the page views armed before this background last
 * stopped, and costs what the open tabs Tact runs on cost, however long the retained history: each
 * tab is messaged once, about its newest live page view, whose id the message carries (a content
 * script ignores a notice for another page view). `except`: a page view not to tell, the one whose
 * hello made the write (its answer's pre-approval is read after it).
 */
export async function approvalsStale(except?: string): Promise<void> {
  const live = await (await db()).getAllFromIndex('pageViews', 'by-live-tab');
  const newestByTab = new Map<number, PageView>();
  for (const v of live) {
    const kept = newestByTab.get(v.tabId);
    if (mayShow(v) && (!kept || kept.startedAt < v.startedAt)) newestByTab.set(v.tabId, v);
  }
  if (except !== undefined)
    for (const [tabId, v] of newestByTab) if (v.pageViewId === except) newestByTab.delete(tabId);
  await Promise.all(
    [...newestByTab.values()].map((v) => sendToTab(v.tabId, 'first/stale', { pageViewId: v.pageViewId })),
  );
}

/**
 * A tab closed (`tabId`), or the browser started again (`'every-tab'`, for the page views started
 * before `before`: tab ids start again in a new session): their page views are no longer live, and
 * are no longer told their pre-approval is stale. Their records stay, for what else reads them.
 */
export async function pageViewsClosed(tabId: number | 'every-tab', before = Infinity): Promise<void> {
  const tx = (await db()).transaction('pageViews', 'readwrite');
  const range = tabId === 'every-tab' ? undefined : IDBKeyRange.only(tabId);
  let cursor = await tx.store.index('by-live-tab').openCursor(range);
  while (cursor) {
    if (cursor.value.startedAt < before) await cursor.update(notLive(cursor.value));
    cursor = await cursor.continue();
  }
  await tx.done;
}

/** Whether a page view's decision inputs are read ahead and still what the database holds. */
export function readAheadHolds(pageViewId: string): boolean {
  return readAheads.get(pageViewId)?.at === writesBegun();
}

/** A page view's inputs read ahead, if nothing was written since they were read; taken (used once). */
function takeReadAhead(pageViewId: string, tabId: number): DecisionReads | undefined {
  const entry = readAheads.get(pageViewId);
  readAheads.delete(pageViewId);
  return entry && entry.at === writesBegun() && entry.tabId === tabId ? entry.reads : undefined;
}

/**
 * Registers a page view and tells the content script what to listen for. `origin` is the site the
 * browser says the hello came from (`pagePlace` in sender-origin.ts checked that `req.url` is on
 * it); the payload's URL is never trusted for the site.
 */
export async function hello(
  req: ToBackground['page/hello']['req'],
  tabId: number,
  origin: string,
): Promise<ToBackground['page/hello']['res']> {
  const now = Date.now();
  const d = await db();
  const tx = d.transaction(['pageViews', 'sites', 'rules', 'settings', 'meta', 'experiments'], 'readwrite');
  const settings = await readSettings(tx);
  const stored: SiteRecord = (await tx.objectStore('sites').get(origin)) ?? { origin, enabled: true };
  // A new visit begins after `sessionMinutes` without a page view on this site.
  const site = withPageView(stored, now, localDay(now), settings.sessionMinutes);
  await tx.objectStore('sites').put(site);
  const rules = site.enabled ? await tx.objectStore('rules').getAll() : [];
  const rulesVersion = ((await tx.objectStore('meta').get('rulesVersion')) as number | undefined) ?? 0;
  // The content script waits out only the busy states the settings' quiet-moment rules turn on,
  // and for as long as they say.
  const base = planFor(req.url, rules);
  const armAfterMs = presenceTimeoutMs(base);
  const plan = site.enabled
    ? {
        ...base,
        quiet: watchedQuietKeys(settings.quietMoments),
        holdMs: settings.maxHoldSeconds * 1000,
        ...(armAfterMs === undefined ? {} : { armAfterMs }),
      }
    : emptyPlan();
  const views = tx.objectStore('pageViews');
  // One tab keeps only its current page view; older ones can no longer receive signals.
  for (const key of await views.index('by-tab').getAllKeys(tabId)) if (key !== req.pageViewId) await views.delete(key);
  const view = await views.get(req.pageViewId);
  // A new page view may be an A/B test's goal ("visited /checkout"); a hello again for the same one is not.
  if (!view) await recordGoalAction(tx, rules, { kind: 'page', at: now, url: req.url });
  const goalClicks = await pendingClickGoals(tx, rules);
  await views.put(
    liveness({
      ...(view ?? {
        pageViewId: req.pageViewId,
        tabId,
        origin,
        url: req.url,
        // Said hello at the visitor's first sign of presence, not at its start (content.ts).
        startedAt: now - Math.min(req.age ?? 0, now),
        // The rest of the context comes with the first signal (`withPageContext`).
        context: { title: req.title },
      }),
      armed: armedSignals(plan),
    }),
  );
  await tx.done;
  // A new visit of the site: rules on the visit count may decide otherwise in its other tabs. Not
  // this page view: its pre-approval, in this answer, is read after the visit was counted. Told
  // too, it asked for it again with a second message as it armed (the first page of every visit:
  // a message handled and a `page/approval` round trip more at load, ARCHITECTURE.md).
  if (visitCount(site) !== visitCount(stored)) approvalsStale(req.pageViewId).catch(() => undefined);
  const resume = site.enabled ? await takeOverConversation(origin, tabId, req.pageViewId, now) : undefined;
  // A page that arms gets its pre-approval with this answer: asked for with a second message once
  // armed, it cost the page ~0.8 ms of script at load (`bench:content`, ARCHITECTURE.md). Read after
  // the hello's writes, it reads ahead what the first signal would read.
  const approval =
    site.enabled && !resume && !isEmptyPlan(plan)
      ? ((await firstApproval(req.pageViewId, tabId, origin, undefined).catch(() => null)) ?? undefined)
      : undefined;
  if (site.enabled && !approval)
    prepareDecisions(rulesVersion, rules, { pageViewId: req.pageViewId, tabId, url: req.url }, armedSignals(plan));
  return {
    enabled: site.enabled,
    plan,
    ...(resume ? { resume } : {}),
    ...(goalClicks.length ? { goalClicks } : {}),
    ...(approval ? { approval } : {}),
  };
}

/** A conversation older than this is not brought back on a new page. */
const RESUME_WITHIN_MS = 30 * 60_000;

/**
 * A conversation still going on for this site (started within the last 30 minutes, answered at
 * least once, neither finished nor dismissed) follows the visitor to this page view: it is re-bound to this tab and
 * page view (the frame that attaches next), and the overlay in its previous tab is closed.
 */
async function takeOverConversation(
  origin: string,
  tabId: number,
  pageViewId: string,
  now: number,
): Promise<{ conversationId: string; entry: Conversation['entry'] } | undefined> {
  const d = await db();
  const tx = d.transaction(['conversations', 'pageViews'], 'readwrite');
  let newest: Conversation | undefined;
  // Only this site's conversations of the last 30 minutes, newest first (index by origin and start).
  const recent = IDBKeyRange.bound([origin, now - RESUME_WITHIN_MS], [origin, Infinity], true);
  let cursor = await tx.objectStore('conversations').index('by-origin-start').openCursor(recent, 'prev');
  while (cursor) {
    const c = cursor.value;
    // Only a conversation the visitor took part in follows them; an ignored one stays behind.
    if (c.status === 'active' && c.transcript.some((l) => l.from === 'visitor')) {
      newest = c;
      break;
    }
    cursor = await cursor.continue();
  }
  if (!newest) {
    await tx.done;
    return undefined;
  }
  const previousTab = newest.tabId;
  // A conversation paused on the last page (it kept removing the overlay) gets another chance here.
  const { frameId: _unbound, paused: _paused, ...rest } = newest;
  await tx.objectStore('conversations').put({ ...rest, tabId, pageViewId });
  const view = await tx.objectStore('pageViews').get(pageViewId);
  if (view) await tx.objectStore('pageViews').put(liveness({ ...view, shownConversationId: newest.id }));
  await tx.done;
  if (previousTab !== tabId) await sendToTab(previousTab, 'overlay/unmount', { conversationId: newest.id });
  return { conversationId: newest.id, entry: newest.entry };
}

/**
 * The page view with the page context its content script read (at its first signal, or for the
 * preview tools): the title from hello stays unless the page has one now.
 */
function withPageContext(view: PageView, context: PageContext | undefined): PageView {
  return context ? { ...view, context: { ...view.context, ...context } } : view;
}

/**
 * Evaluates a signal; starts a conversation when a rule fires and the policy allows it. `context`:
 * the page context, which comes with a page view's first signal. Answers as soon as the decision
 * is made and its writes are issued, before they are committed: the visitor's first bubble waits
 * for the decision, not for the disk (see `evaluateSignal`).
 */
export async function onSignal(
  pageViewId: string,
  signal: Signal,
  quiet: QuietState | undefined,
  tabId: number,
  origin: string,
  held?: Hold,
  context?: PageContext,
  predicted?: Predicted,
): Promise<ToBackground['page/signal']['res']> {
  const opts = {
    origin,
    ...(held ? { held } : {}),
    ...(context ? { context } : {}),
    ...(predicted ? { predicted } : {}),
  };
  const { result, record, committed } = await evaluateSignal(pageViewId, signal, quiet, tabId, opts);
  const { show, heldOut, wouldShow } = record.decision;
  committed.then(
    // It spent budget, set a rule's "last shown" or took its page view's turn: pre-approvals are stale.
    () => (show || heldOut || wouldShow.length ? approvalsStale() : undefined),
    (error: unknown) => console.error('[tact] a decision could not be stored', error),
  );
  return result;
}

/** The rule, flow and proposed conversation id of a first bubble the content script painted (`page/signal`). */
type Predicted = NonNullable<ToBackground['page/signal']['req']['predicted']>;

/**
 * `onSignal`, also returning the decision's record (brief, without its replay). `opts.origin` is the site the browser says a
 * content script's signal came from (absent for the popup's simulation). A simulated signal (the popup's preview tools),
 * or any signal on a tab where the marketer acts as another visitor, is a preview: what it starts is
 * marked and never counted, and it spends no budget and sets no frequency record.
 *
 * Everything is read at once (two batches of requests, not one request after the other), decided,
 * and written in the same transaction; it returns once the writes are issued, with `committed`
 * settling when they are on disk. A second decision (another tab) runs after this transaction
 * commits, as before, so it sees this one's budget and marks. Should the commit fail, nothing of the
 * decision is kept and the conversation does not exist: the overlay frame that asks for it is told
 * so, and the content script takes its first bubble away (`overlay/attach`).
 */
export async function evaluateSignal(
  pageViewId: string,
  signal: Signal,
  quiet: QuietState | undefined,
  tabId: number,
  opts: { simulated?: boolean; origin?: string; held?: Hold; context?: PageContext; predicted?: Predicted } = {},
): Promise<{ result: ToBackground['page/signal']['res']; record: DecisionRecord; committed: Promise<void> }> {
  const d = await db();
  // Read ahead since the hello, nothing written since: decided without waiting for any read. Taken
  // before the transaction begins (it counts as a write), in the same task.
  const ahead = takeReadAhead(pageViewId, tabId);
  const tx = d.transaction([...DECISION_READS, 'conversations', 'events', 'rollups', 'experiments'], 'readwrite');
  // A decision that fails half-way (a stored flow that breaks at its start) keeps nothing: no
  // trace, no "would have shown", no budget, no event.
  const { value, committed } = await answerBeforeCommit(tx, async () => {
    const meta = tx.objectStore('meta');
    const reads = ahead ?? (await readDecisionInputs(tx, pageViewId, tabId));
    // A content script speaks only for its own tab's page view on its own site.
    if (!reads || reads.view.tabId !== tabId || (opts.origin !== undefined && reads.view.origin !== opts.origin))
      throw new RequestError('req-page-view-unknown');
    const { rulesVersion, index, settings, lastShownByRule } = reads;
    const view = withPageContext(reads.view, opts.context);
    // Not awaited: a failing write aborts the transaction (`committed` says so).
    if (view !== reads.view)
      tx.objectStore('pageViews')
        .put(view)
        .catch(() => undefined);
    const ownProfile = reads.storedProfile ?? { tags: [] };
    const actAs = readTabPreview(reads.previewMeta, tabId).actAs;
    const { profile, segments } = actAsVisitor(ownProfile, reads.allSegments, actAs);
    const preview = opts.simulated === true || actAs !== undefined;
    const now = Date.now();
    const visitorId = reads.visitorId ?? (await visitorIdIn(tx));
    const page = pageRules.get(rulesVersion, pageViewId, view.url, index);
    // The same input a pre-approval hands the content script (`approvalFrom`), with the moment's values.
    const input = {
      now,
      signal,
      visitorId,
      quiet,
      ...stateOf(reads, view, profile, segments),
      ...(opts.held ? { held: { ms: opts.held.ms, while: opts.held.while } } : {}),
    };
    // Only the deciding rule is traced now; the others when someone reads the decision (tabDecisions).
    const decision = decideQuick(input, page);
    // The content script painted a first bubble already: it stays if this decision shows the same
    // rule and flow (under the id it proposed, unless a conversation has it), else it goes.
    const predicted = opts.predicted;
    const kept =
      predicted !== undefined &&
      decision.show?.ruleId === predicted.ruleId &&
      decision.show.flowId === predicted.flowId &&
      (await tx.objectStore('conversations').getKey(predicted.conversationId)) === undefined;

    // Writes are issued without waiting for each: the transaction runs them in order, and a
    // failing one aborts it (`committed` says so). Each is handled as it is issued: a decision
    // that throws after issuing some (a flow read ahead that breaks at its start) aborts them,
    // and they must not reject unhandled.
    const writes = { push: (write: Promise<unknown>) => void write.catch(() => undefined) };
    const record: DecisionRecord = {
      at: now,
      url: view.url,
      signal,
      decision,
      replay: { rulesVersion, input: replayOf(input, page) },
      ...(preview
        ? {
            preview: {
              simulated: opts.simulated === true,
              ...(actAs ? { actAs: describeActAs(actAs, segments) } : {}),
            },
          }
        : {}),
      ...(predicted ? { firstPaint: { ruleId: predicted.ruleId, kept } } : {}),
    };
    writes.push(tx.objectStore('traces').put({ tabId, records: [...reads.trace, record].slice(-TRACES_PER_TAB) }));

    const path = new URL(view.url).pathname;
    // A shadow rule "would have shown" at most once per page view, and then waits for its own
    // frequency, exactly as if it had shown: so its count compares with the live rule's.
    const wouldShow = decision.wouldShow.filter((w) => !(view.wouldShown ?? []).includes(w.ruleId));
    const events: TactEvent[] = wouldShow.map((w) => ({
      at: now,
      type: 'would-show',
      conversationId: '',
      flowId: w.flowId,
      ruleId: w.ruleId,
      origin: view.origin,
      path,
      ...(preview ? { preview: true } : {}),
    }));
    let lastShown = lastShownByRule;
    if (wouldShow.length) {
      view.wouldShown = [...(view.wouldShown ?? []), ...wouldShow.map((w) => w.ruleId)];
      writes.push(tx.objectStore('pageViews').put(view));
      if (!preview) {
        lastShown = { ...lastShown, ...Object.fromEntries(wouldShow.map((w) => [w.ruleId, now])) };
        writes.push(meta.put(lastShown, 'lastShownByRule'));
      }
    }
    let result: ToBackground['page/signal']['res'] = { show: null };
    // A/B hold-out: nothing shown, but the visitor counts as exposed now, as they would have seen
    // the flow, and the rule waits for its frequency as if it had shown. The page view's one turn
    // is taken, as a shown flow takes it: otherwise a lower-priority rule (or this one again, when
    // it fires every page view) could show here, and the hold-out would no longer be "no Tact".
    // The budget is not charged: it counts interruptions the visitor had, and this was none.
    if (decision.heldOut) {
      view.heldOutRuleId = decision.heldOut.ruleId;
      await tx.objectStore('pageViews').put(liveness(view));
    }
    if (decision.heldOut && !preview) {
      await recordExposure(tx, decision.heldOut.ruleId, decision.heldOut.variantId, now);
      await meta.put({ ...lastShown, [decision.heldOut.ruleId]: now }, 'lastShownByRule');
    }
    if (decision.show) {
      const flow = reads.flows.get(decision.show.flowId) ?? (await tx.objectStore('flows').get(decision.show.flowId))!;
      const scope = scopeOf(view);
      const base = {
        id: kept ? predicted.conversationId : crypto.randomUUID(),
        flowId: flow.id,
        ruleId: decision.show.ruleId,
        entry: decision.show.entry,
        tabId,
        pageViewId,
        origin: view.origin,
        path,
        startedAt: now,
        why: whyOf(record),
        scope,
        pageContext: view.context ?? {},
        ...(preview ? { preview: true } : {}),
        ...(decision.show.variantId !== undefined ? { variantId: decision.show.variantId } : {}),
      };
      const started = { ...base, nodeId: flow.start, transcript: [], status: 'active' as const };
      const ctx = runContext(flow, started, profile, segments);
      // A signal's conversation is shown by the content script once the visitor is free, and counts
      // as shown only then (markShown); its budget weight and the rule's "last shown" are reserved
      // now, so two tabs deciding at once still get one slot, and given back if it is never seen.
      // A simulated one is mounted at once by the popup's preview tools, and counts at once.
      const seenLater = opts.simulated !== true;
      const opening = startEffects(flow, ctx);
      const reserved = {
        day: decision.budget.day,
        weight: settings.entryWeights[decision.show.entry],
        ...(lastShown[decision.show.ruleId] !== undefined ? { lastShown: lastShown[decision.show.ruleId] } : {}),
      };
      const conv: Conversation = {
        ...base,
        ...startConversation(flow, ctx),
        ...(base.entry === 'panel' ? { openedAt: now } : {}),
        ...(seenLater ? { unseen: { tags: opening.tags, ...(preview ? {} : { reserved }) } } : {}),
      };
      // A preview leaves the visitor's own profile alone (as "preview this flow" does); a
      // conversation seen later tags the visitor only once seen (markShown), never if withdrawn.
      if (opening.tags.length && !preview && !seenLater) {
        ownProfile.tags = [...new Set([...ownProfile.tags, ...opening.tags])];
        writes.push(tx.objectStore('profile').put(ownProfile, 'visitor'));
      }
      writes.push(tx.objectStore('conversations').put(conv));
      writes.push(tx.objectStore('pageViews').put(liveness({ ...view, shownConversationId: conv.id })));
      if (!preview) {
        writes.push(meta.put({ ...lastShown, [decision.show.ruleId]: now }, 'lastShownByRule'));
        writes.push(meta.put(decision.budget, 'budget'));
      }
      if (!seenLater) events.push(...openingEvents(conv, opening.tags));
      result = {
        show: { conversationId: conv.id, entry: conv.entry, first: firstBubbleOf(flow, conv.transcript, started) },
      };
    }
    writes.push(appendEvents(tx, events));
    return { result, record: whyOf(record) };
  });
  return { ...value, committed };
}

/**
 * A decision without its replay: as a conversation keeps it for "why am I seeing this?" (its
 * deciding rule's trace is enough), and as the popup's simulation gets it back.
 */
function whyOf(record: DecisionRecord): DecisionRecord {
  const { replay: _replay, ...why } = record;
  return why;
}

/**
 * A tab's decisions as the "why" views show them. A decision kept brief (decideQuick) is traced
 * whole again from its replay with the same rules, so it reads as if every rule had been traced
 * when it was taken (a property test holds that it is the same trace). One taken before the rules
 * last changed keeps its deciding rule's trace and the count of the others (`decision.brief`).
 */
export async function tabDecisions(tabId: number): Promise<DecisionRecord[]> {
  const d = await db();
  const tx = d.transaction(['traces', 'rules', 'meta'], 'readonly');
  const records = (await tx.objectStore('traces').get(tabId))?.records ?? [];
  const rulesVersion = ((await tx.objectStore('meta').get('rulesVersion')) as number | undefined) ?? 0;
  const index = records.some((r) => r.replay?.rulesVersion === rulesVersion)
    ? (await indexFor(rulesVersion, () => tx.objectStore('rules').getAll())).index
    : undefined;
  await tx.done;
  return records.map(({ replay, ...record }) =>
    replay && index && replay.rulesVersion === rulesVersion
      ? { ...record, decision: decideAgain(replay.input, rulesForPage(index, replay.input.page.url)) }
      : record,
  );
}

/**
 * The visitor clicked an element matching an A/B goal's selector (the content script watches only
 * the selectors its hello named): recorded against the goals it reaches, if the page view is this
 * tab's on this site.
 */
export async function recordGoalClick(
  pageViewId: string,
  selector: string,
  tabId: number,
  origin: string,
): Promise<void> {
  const d = await db();
  const tx = d.transaction(['pageViews', 'rules', 'meta', 'experiments'], 'readwrite');
  await allOrNothing(tx, async () => {
    const view = await tx.objectStore('pageViews').get(pageViewId);
    if (!view || view.tabId !== tabId || view.origin !== origin) throw new RequestError('req-page-view-unknown');
    await recordGoalAction(tx, await tx.objectStore('rules').getAll(), { kind: 'click', at: Date.now(), selector });
  });
}

/**
 * The open tabs Tact runs on, with the URL and title of each one's latest page view, the most
 * recently used first. Read from Tact's own page views, so no "tabs" permission is needed to know
 * a tab's address; tabs closed since are left out.
 */
export async function previewTabs(): Promise<PreviewTab[]> {
  // `hello` keeps one page view per tab (its current one), so each view is a tab.
  const views = await (await db()).getAll('pageViews');
  const open = await Promise.all(
    views.map(async (v) => {
      const tab = await ext.tabs.get(v.tabId).catch(() => undefined);
      return tab ? { view: v, used: tab.lastAccessed ?? v.startedAt } : undefined;
    }),
  );
  return open
    .filter((x): x is { view: PageView; used: number } => x !== undefined)
    .sort((a, b) => b.used - a.used)
    .map(({ view }) => ({ tabId: view.tabId, url: view.url, title: view.context?.title || view.url }));
}

/**
 * Starts a flow on a tab now, for a marketer's preview: the real overlay and the real runner, but
 * no rule, no policy, no budget; marked as a preview so its events never count in results.
 */
export async function startPreview(tabId: number, flowId: string, context?: PageContextReply): Promise<Conversation> {
  const d = await db();
  const tx = d.transaction(
    ['pageViews', 'flows', 'profile', 'segments', 'conversations', 'events', 'rollups'],
    'readwrite',
  );
  return allOrNothing(tx, async () => {
    const views = await tx.objectStore('pageViews').index('by-tab').getAll(tabId);
    const newest = views.sort((a, b) => b.startedAt - a.startedAt)[0];
    // The context the tab's content script read just now, if it is about this page view.
    const view =
      newest && context?.pageViewId === newest.pageViewId ? withPageContext(newest, context.context) : newest;
    if (!view) throw new RequestError('req-not-running');
    const flow = await tx.objectStore('flows').get(flowId);
    if (!flow) throw new RequestError('req-no-flow', { flow: flowId });
    const profile = (await tx.objectStore('profile').get('visitor')) ?? { tags: [] };
    const now = Date.now();
    const base = {
      id: crypto.randomUUID(),
      flowId,
      ruleId: 'preview',
      entry: 'panel' as const,
      tabId,
      pageViewId: view.pageViewId,
      origin: view.origin,
      path: new URL(view.url).pathname,
      startedAt: now,
      preview: true,
      scope: scopeOf(view),
      pageContext: view.context ?? {},
    };
    const ctx = runContext(
      flow,
      { ...base, nodeId: flow.start, transcript: [], status: 'active' },
      profile,
      await tx.objectStore('segments').getAll(),
    );
    const conv: Conversation = { ...base, ...startConversation(flow, ctx), openedAt: now };
    await tx.objectStore('conversations').put(conv);
    await tx.objectStore('pageViews').put(liveness({ ...view, shownConversationId: conv.id }));
    await appendEvents(tx, openingEvents(conv));
    return conv;
  });
}
