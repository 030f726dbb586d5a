/**
 * Which page views are told that their pre-approval is stale (`approvalsStale`), on fake-indexeddb
 * and a stand-in for the browser's tabs: only the live ones (armed, nothing shown or held out,
 * their tab open), each tab once, with its page view's id, whatever the retained history holds,
 * and without reading that history.
 */
import 'fake-indexeddb/auto';
import { forceCloseDatabase } from 'fake-indexeddb';
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { unwrap } from 'idb';

/** The `first/stale` notices sent, as [tab, page view]. */
let told: [number, string][] = [];
(globalThis as { chrome?: unknown }).chrome = {
  runtime: { id: 'tact-test-id', getURL: (path: string) => `chrome-extension://tact-test-id/${path}` },
  tabs: {
    query: () => Promise.resolve([]),
    sendMessage: (tabId: number, message: { type: string; payload: { pageViewId?: string } }) => {
      if (message.type === 'first/stale') told.push([tabId, message.payload.pageViewId!]);
      return Promise.resolve(undefined);
    },
  },
};
const { approvalsStale, hello, onSignal, pageViewsClosed } = await import('./page-views.ts');
const { withdraw } = await import('./conversations.ts');
const { db } = await import('./store.ts');
const { testRule } = await import('../core/test-support/test-rule.ts');

const ORIGIN = 'https://shop.example';
const EXIT = { type: 'exit-intent' } as const;
let tab = 100;

/** A page view said hello in a new tab (a path outside /shop/ arms nothing). */
async function pageView(path: string, tabId = ++tab): Promise<{ id: string; tabId: number }> {
  const id = crypto.randomUUID();
  await hello({ pageViewId: id, url: `${ORIGIN}${path}`, title: path }, tabId, ORIGIN);
  return { id, tabId };
}

/** The notices `approvalsStale` sends now, sorted by tab. */
async function notices(): Promise<[number, string][]> {
  told = [];
  await approvalsStale();
  return told.sort((a, b) => a[0] - b[0]);
}

/**
 * Page view records IndexedDB hands out while `work` runs (each `get` result, each record of a
 * `getAll`, each step of a cursor), counted at the IDB API so any way of reading counts.
 */
async function pageViewsReadBy(work: () => Promise<unknown>): Promise<number> {
  let read = 0;
  const count = (request: IDBRequest) =>
    request.addEventListener('success', () => {
      const r: unknown = request.result;
      read += Array.isArray(r) ? r.length : r != null ? 1 : 0;
    });
  const originals: [object, string, unknown][] = [];
  for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype])
    for (const name of ['get', 'getAll', 'openCursor'] as const) {
      const original = (proto as unknown as Record<string, (...args: unknown[]) => IDBRequest>)[name]!;
      originals.push([proto, name, original]);
      (proto as unknown as Record<string, unknown>)[name] = function (
        this: IDBObjectStore | IDBIndex,
        ...args: unknown[]
      ) {
        const request = original.apply(this, args);
        const store = this instanceof IDBIndex ? this.objectStore : this;
        if (store.name === 'pageViews') count(request);
        return request;
      };
    }
  try {
    await work();
  } finally {
    for (const [proto, name, original] of originals) (proto as Record<string, unknown>)[name] = original;
  }
  return read;
}

beforeEach(async () => {
  const d = await db();
  await d.clear('pageViews');
  await d.clear('conversations');
  await d.clear('meta');
  await d.put(
    'settings',
    { ...(await d.get('settings', 'policy')), maxPerSitePerDay: 100, maxPerDay: 100 } as never,
    'policy',
  );
  const [flow] = await d.getAll('flows');
  await d.clear('rules');
  // Exit intent on the pages under /shop/ of any site, once per page view.
  await d.put(
    'rules',
    testRule({ id: 'exit-everywhere', conditions: [{ kind: 'path', pattern: '/shop/*' }], flowId: flow!.id }),
  );
  await d.put('meta', ++tab, 'rulesVersion');
});

describe('the page views told their pre-approval is stale', () => {
  test('each armed page view of an open tab, once, with its id; not one that arms nothing', async () => {
    const [a, b] = [await pageView('/shop/a'), await pageView('/shop/b')];
    await pageView('/quiet');
    assert.deepEqual(await notices(), [
      [a.tabId, a.id],
      [b.tabId, b.id],
    ]);
  });

  test("a closed tab's page view is not told, its record stays", async () => {
    const [a, b] = [await pageView('/shop/a'), await pageView('/shop/b')];
    await pageViewsClosed(a.tabId);
    assert.deepEqual(await notices(), [[b.tabId, b.id]]);
    assert.ok(await (await db()).get('pageViews', a.id), 'the page view is still there for what else reads it');
  });

  test('a page view that showed something is not told; withdrawn unseen, it listens on and is told again', async () => {
    const a = await pageView('/shop/a');
    const { show } = await onSignal(a.id, EXIT, undefined, a.tabId, ORIGIN);
    assert.ok(show, 'the exit question is shown');
    assert.deepEqual(await notices(), []);
    await withdraw(show.conversationId, a.tabId, ORIGIN, { ms: 30_000, while: ['typing'] });
    assert.deepEqual(await notices(), [[a.tabId, a.id]]);
  });

  test('a new page view in the same tab replaces the earlier one', async () => {
    const a = await pageView('/shop/a');
    const next = await pageView('/shop/next', a.tabId);
    assert.deepEqual(await notices(), [[a.tabId, next.id]]);
    // The tab's new page is one no rule applies to: nothing to tell.
    await pageView('/quiet', a.tabId);
    assert.deepEqual(await notices(), []);
  });

  test('a new visit tells the armed page views of other tabs, not the one whose hello began it', async () => {
    const a = await pageView('/shop/a');
    told = [];
    // The first page view of another site: a new visit (its answer's pre-approval counts it).
    const id = crypto.randomUUID();
    const tabId = ++tab;
    await hello({ pageViewId: id, url: 'https://other.example/shop/x', title: 'x' }, tabId, 'https://other.example');
    // The notices go out without the hello waiting for them: wait for the other tab's.
    for (let i = 0; i < 1000 && !told.length; i++) await new Promise((next) => setImmediate(next));
    assert.deepEqual(told, [[a.tabId, a.id]]);
    assert.deepEqual(await notices(), [
      [a.tabId, a.id],
      [tabId, id],
    ]);
  });

  test("a browser start: the last session's page views are no longer live, those said hello since are", async () => {
    const old = await pageView('/shop/old');
    const d = await db();
    await d.put('pageViews', { ...(await d.get('pageViews', old.id))!, startedAt: Date.now() - 60_000 });
    const restored = await pageView('/shop/restored');
    await pageViewsClosed('every-tab', Date.now() - 1000);
    assert.deepEqual(await notices(), [[restored.tabId, restored.id]]);
  });

  test('a background stopped and started again still tells them (nothing is kept in memory)', async () => {
    const a = await pageView('/shop/a');
    forceCloseDatabase(unwrap(await db()) as never); // its types ask for the class, it takes an instance
    assert.deepEqual(await notices(), [[a.tabId, a.id]]);
  });
});

describe('a long retained history', () => {
  test('2 000 page views of closed tabs: neither told nor read', async () => {
    const d = await db();
    const live = [await pageView('/shop/a'), await pageView('/shop/b')];
    // Page views of tabs closed since, still retained (armed, nothing shown), as a closed tab
    // leaves them (`pageViewsClosed`).
    const { liveTab: _closed, ...template } = (await d.get('pageViews', live[0]!.id))!;
    const tx = d.transaction('pageViews', 'readwrite');
    for (let i = 0; i < 2000; i++)
      void tx.store.put({ ...template, pageViewId: `old-${i}`, tabId: 10_000 + i, startedAt: template.startedAt - i });
    await tx.done;
    let sent: [number, string][] = [];
    const read = await pageViewsReadBy(async () => (sent = await notices()));
    assert.deepEqual(
      sent,
      live.map((p) => [p.tabId, p.id]),
    );
    assert.ok(read <= live.length, `${read} page views read for ${live.length} live ones`);
  });
});
