/**
 * The popup's preview tools on a live tab: simulate a signal through the real engine, act as
 * another visitor, reset a site's caps, pick an element. Everything they start is a preview
 * (marked, never counted); the decisions are traced as usual, so "why" explains them.
 */
import { resetSiteCaps, type ActAs, type ResetSummary } from '../core/rules/preview-overrides.ts';
import { emptyDismissals, type BudgetState, type DismissalState } from '../core/rules/policy.ts';
import type { Signal } from '../core/signals/signal-model.ts';
import { sendToTab, type PreviewState, type ToBackground } from '../shared/protocol.ts';
import { evaluateSignal } from './page-views.ts';
import { RequestError } from './request-error.ts';
import { ensureContentScript, injectContentModules, pageContextNow } from './content-registration.ts';
import { db, type PageView } from './store.ts';
import {
  pickExpected,
  PREVIEW_META_KEY,
  readTabPreview,
  withTabPreview,
  type PreviewMeta,
} from './tab-preview-state.ts';

async function currentPageView(tabId: number): Promise<PageView | undefined> {
  const views = await (await db()).getAllFromIndex('pageViews', 'by-tab', tabId);
  return views.sort((a, b) => b.startedAt - a.startedAt)[0];
}

/** How long a content script put into a tab or woken now may take to say hello. */
const HELLO_WAIT_MS = 5000;

/**
 * The content script runs in the tab, put there now if no rule's site covers the page (the
 * preview tools work on any page), and its page view is known: one that still waited for the
 * visitor says hello now. Throws the "not running" error when the browser gives no access to the
 * page (a browser page, access withheld) or it never says hello.
 */
export async function contentScriptIn(tabId: number): Promise<void> {
  const since = Date.now();
  let greeted: string | undefined;
  try {
    greeted = await ensureContentScript(tabId);
  } catch {
    throw new RequestError('req-not-running');
  }
  if (greeted === undefined) return;
  while ((await currentPageView(tabId))?.pageViewId !== greeted) {
    if (Date.now() - since > HELLO_WAIT_MS) throw new RequestError('req-not-running');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs `signal` on the tab's current page view, as if its content script had sent it; shows what it starts. */
export async function simulate(tabId: number, signal: Signal): Promise<ToBackground['preview/simulate']['res']> {
  await contentScriptIn(tabId);
  const view = await currentPageView(tabId);
  if (!view) throw new RequestError('req-not-running');
  // The page context as the page says it now (its content script reads it only for a first signal).
  const read = await pageContextNow(tabId);
  const { result, record, committed } = await evaluateSignal(view.pageViewId, signal, undefined, tabId, {
    simulated: true,
    ...(read?.pageViewId === view.pageViewId ? { context: read.context } : {}),
  });
  await committed; // the popup reads what it started
  const conversationId = result.show?.conversationId ?? null;
  if (conversationId !== null) await injectContentModules(tabId, 0, ['overlay-frame.js']);
  const mounted = conversationId !== null && (await sendToTab(tabId, 'overlay/mount', { conversationId }));
  return { record, conversationId, mounted };
}

async function updateTab(tabId: number, change: Parameters<typeof withTabPreview>[2]): Promise<void> {
  const d = await db();
  const tx = d.transaction('meta', 'readwrite');
  await tx.store.put(
    withTabPreview((await tx.store.get(PREVIEW_META_KEY)) as PreviewMeta | undefined, tabId, change),
    PREVIEW_META_KEY,
  );
  await tx.done;
}

/** Acts as `actAs` on this tab from the next decision on (null: the visitor's own profile again). */
export async function setActAs(tabId: number, actAs: ActAs | null): Promise<ActAs | null> {
  const value = actAs ? { tags: [...new Set(actAs.tags)], segments: [...new Set(actAs.segments)] } : null;
  if (value) {
    const known = new Set(await (await db()).getAllKeys('segments'));
    const unknown = value.segments.filter((s) => !known.has(s));
    if (unknown.length) throw new RequestError('req-no-segment', { segment: unknown[0]! });
  }
  await updateTab(tabId, (t) => ({ ...t, actAs: value ?? undefined }));
  return value;
}

/**
 * Keeps the element the picker chose on a tab, for the popup. Refused unless the popup asked this
 * tab for a pick (`picker/start`) within the last `PICK_WINDOW_MS`; one pick per request.
 */
export async function rememberPicked(tabId: number, url: string, selector: string, label: string): Promise<void> {
  const d = await db();
  const tx = d.transaction('meta', 'readwrite');
  const meta = (await tx.store.get(PREVIEW_META_KEY)) as PreviewMeta | undefined;
  const now = Date.now();
  if (!pickExpected(readTabPreview(meta, tabId), now)) {
    await tx.done;
    throw new RequestError('req-no-pick');
  }
  await tx.store.put(
    withTabPreview(meta, tabId, (t) => ({ ...t, pickAskedAt: undefined, picked: { selector, label, url, at: now } })),
    PREVIEW_META_KEY,
  );
  await tx.done;
}

/** Notes that the popup asked this tab for a pick (the previous pick is forgotten). */
export async function expectPick(tabId: number, now = Date.now()): Promise<void> {
  await updateTab(tabId, (t) => ({ ...t, picked: undefined, pickAskedAt: now }));
}

/** The tab's preview state and the signals its content script reported in the current page view. */
export async function previewState(tabId: number): Promise<PreviewState> {
  // The popup opened on this tab: its tools need the content script, also where no rule's site covers the page.
  await contentScriptIn(tabId).catch(() => undefined);
  const d = await db();
  const [meta, view, traces] = await Promise.all([
    d.get('meta', PREVIEW_META_KEY) as Promise<PreviewMeta | undefined>,
    currentPageView(tabId),
    d.get('traces', tabId),
  ]);
  const tab = readTabPreview(meta, tabId);
  const signals = view
    ? (traces?.records ?? [])
        .filter((r) => r.url === view.url && r.at >= view.startedAt && !r.preview?.simulated)
        .map((r) => ({ at: r.at, signal: r.signal }))
        .reverse()
    : [];
  return {
    actAs: tab.actAs ?? null,
    picked: tab.picked ?? null,
    page: view ? { url: view.url, startedAt: view.startedAt } : null,
    signals,
  };
}

/**
 * Resets a site's caps for previewing: today's budget spent there, its back-offs (the site's and
 * those of flows dismissed there), the frequency records of rules shown (or held out) there, and
 * the "already shown" and hold-out marks of its page views; then the site's open tabs re-arm their detectors.
 */
export async function resetCaps(origin: string): Promise<ResetSummary> {
  const d = await db();
  const tx = d.transaction(['meta', 'conversations', 'pageViews'], 'readwrite');
  const flowIds: string[] = [];
  const ruleIds: string[] = [];
  const ofSite = IDBKeyRange.bound([origin, -Infinity], [origin, Infinity]);
  let cursor = await tx.objectStore('conversations').index('by-origin-start').openCursor(ofSite);
  while (cursor) {
    const c = cursor.value;
    ruleIds.push(c.ruleId);
    if (c.status === 'dismissed') flowIds.push(c.flowId);
    cursor = await cursor.continue();
  }
  const tabs = new Set<number>();
  let views = await tx.objectStore('pageViews').openCursor();
  while (views) {
    const v = views.value;
    if (v.origin === origin) {
      tabs.add(v.tabId);
      ruleIds.push(...(v.wouldShown ?? []), ...(v.heldOutRuleId !== undefined ? [v.heldOutRuleId] : []));
      if (v.shownConversationId !== undefined || v.wouldShown || v.heldOutRuleId !== undefined) {
        const { shownConversationId: _shown, wouldShown: _would, heldOutRuleId: _heldOut, ...rest } = v;
        await views.update(rest);
      }
    }
    views = await views.continue();
  }
  const meta = tx.objectStore('meta');
  const { state, summary } = resetSiteCaps(
    {
      budget: (await meta.get('budget')) as BudgetState | undefined,
      dismissals: ((await meta.get('dismissals')) as DismissalState | undefined) ?? emptyDismissals(),
      lastShownByRule: ((await meta.get('lastShownByRule')) as Record<string, number> | undefined) ?? {},
    },
    origin,
    Date.now(),
    flowIds,
    ruleIds,
  );
  await meta.put(state.budget, 'budget');
  await meta.put(state.dismissals, 'dismissals');
  await meta.put(state.lastShownByRule, 'lastShownByRule');
  await tx.done;
  // Pages that already showed something stopped listening: say hello again to re-arm.
  await Promise.all([...tabs].map((tabId) => sendToTab(tabId, 'plan/changed', {})));
  return summary;
}

/** Starts the element picker in the tab's page. */
export async function startPicker(tabId: number): Promise<null> {
  await contentScriptIn(tabId);
  await injectContentModules(tabId, 0, ['picker.js']);
  await expectPick(tabId);
  if (!(await sendToTab(tabId, 'picker/start', {}))) throw new RequestError('req-not-running');
  return null;
}

/**
 * Forgets every tab's preview state. Tab ids start again with a new browser session, so an
 * override left from the last one must not apply to an unrelated tab that gets the same id.
 */
export async function forgetPreviewTabs(): Promise<void> {
  await (await db()).delete('meta', PREVIEW_META_KEY);
}
