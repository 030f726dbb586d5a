/**
 * Hot paths of the background's store, on fake-indexeddb in Node: `npm run bench:store`.
 *
 * Seeds a database with many conversations (over 50 sites) and events (1 in 20 an answer), then
 * measures, median of 5:
 *  - a page hello on a site with a conversation to resume (it looks for the site's recent one);
 *  - `workspace/get` (flows, rules and the newest 200 answers), through the real message handler;
 *  - a retention run that deletes a third of the events: its total time and its longest
 *    transaction (a service worker may be stopped while one runs);
 *  - what follows every answer, reply, shown or dismissed overlay: telling the live page views
 *    their pre-approval is stale (`approvalsStale`), with a long retained history of page views
 *    (tabs closed since, armed, nothing shown) and a few open tabs. Before and after in one run:
 *    the whole history read and filtered (as `approvalsStale` did before the `by-live-tab`
 *    index), then the index; with the messages each sends.
 * fake-indexeddb is much slower than a browser's IndexedDB: compare the numbers with each other
 * (run on the code before and after a change), not with a browser. Options: --events N
 * --conversations N --page-views N.
 */
import 'fake-indexeddb/auto';
import { performance } from 'node:perf_hooks';
import { numberOption } from './bench-options.ts';
import { median } from './bench-stats.ts';

const EVENTS = numberOption('events', 30_000);
const CONVERSATIONS = numberOption('conversations', 3_000);
const PAGE_VIEWS = numberOption('page-views', 5_000);
const OPEN_TABS = 8;
const SITES = 50;
const DAY = 86_400_000;

/** Messages sent to tabs (the `first/stale` notices counted). */
let staleNotices = 0;
(globalThis as { chrome?: unknown }).chrome = {
  runtime: { id: 'bench', getURL: (p: string) => `chrome-extension://bench/${p}` },
  tabs: {
    query: () => Promise.resolve([]),
    sendMessage: (_tab: number, m: { type: string }) => {
      if (m.type === 'first/stale') staleNotices++;
      return Promise.resolve(undefined);
    },
  },
};
const { db, appendEvents } = await import('../src/background/store.ts');
const { approvalsStale, hello } = await import('../src/background/page-views.ts');
const { sendToTab } = await import('../src/shared/protocol.ts');
const { handleMessage } = await import('../src/background/handlers.ts');
const { applyRetention } = await import('../src/background/retention.ts');

const now = Date.now();
const site = (i: number) => `https://shop${i % SITES}.example`;
const d = await db();
let t = performance.now();
for (let start = 0; start < CONVERSATIONS; start += 500) {
  const tx = d.transaction('conversations', 'readwrite');
  for (let i = start; i < Math.min(CONVERSATIONS, start + 500); i++)
    void tx.store.put({
      id: `c${i}`,
      flowId: 'exit-offer',
      ruleId: 'exit-anywhere',
      entry: 'panel',
      tabId: 1000 + i,
      pageViewId: `v${i}`,
      origin: site(i),
      path: '/',
      // The newest one per site is recent and answered: a hello there resumes it.
      startedAt: i >= CONVERSATIONS - SITES ? now - 60_000 : now - 200 * DAY + i * 1000,
      nodeId: 'ask',
      status: 'active',
      transcript: i >= CONVERSATIONS - SITES ? [{ from: 'visitor', text: 'hi' }] : [],
    } as never);
  await tx.done;
}
for (let start = 0; start < EVENTS; start += 1000) {
  const tx = d.transaction(['events', 'rollups'], 'readwrite');
  await appendEvents(
    tx,
    Array.from({ length: Math.min(1000, EVENTS - start) }, (_, k) => {
      const i = start + k;
      return {
        // The first third is past retention.
        at: i < EVENTS / 3 ? now - 200 * DAY + i : now - 100 * DAY + i * 100,
        type: i % 20 === 0 ? ('answered' as const) : ('shown' as const),
        conversationId: `c${i % CONVERSATIONS}`,
        flowId: 'exit-offer',
        ruleId: 'exit-anywhere',
        origin: site(i),
        path: '/',
      };
    }),
  );
  await tx.done;
}
// The retained page views of tabs closed since (armed, nothing shown), 2 days of them at most.
for (let start = 0; start < PAGE_VIEWS; start += 1000) {
  const tx = d.transaction('pageViews', 'readwrite');
  for (let i = start; i < Math.min(PAGE_VIEWS, start + 1000); i++)
    void tx.store.put({
      pageViewId: `pv${i}`,
      tabId: 10_000 + i,
      origin: site(i),
      url: `${site(i)}/item/${i}`,
      startedAt: now - 2 * DAY + i * 10,
      context: { title: `Item ${i}`, lang: 'en', product: { name: `Item ${i}`, price: 49 } },
      armed: ['exit-intent', 'dwell'],
    });
  await tx.done;
}
console.log(
  `seeded ${CONVERSATIONS} conversations, ${EVENTS} events and ${PAGE_VIEWS} page views in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);

const helloMs: number[] = [];
for (let k = 0; k < 5; k++) {
  t = performance.now();
  const answer = await hello(
    { pageViewId: crypto.randomUUID(), url: `${site(k)}/next`, title: 'Next' },
    5 + k,
    site(k),
  );
  helloMs.push(performance.now() - t);
  if (!answer.resume) throw new Error('the hello should resume the site’s conversation');
}
const workspaceMs: number[] = [];
for (let k = 0; k < 5; k++) {
  t = performance.now();
  const reply = await handleMessage(
    { protocol: 'tact/1', type: 'workspace/get', payload: null },
    { id: 'bench', url: 'chrome-extension://bench/options.html' },
  );
  workspaceMs.push(performance.now() - t);
  if (!reply?.ok || (reply.value as { answers: unknown[] }).answers.length !== 200)
    throw new Error('200 answers expected');
}
// The open tabs: page views that said hello, armed (the shipped exit rule, for any site here).
const exit = (await d.get('rules', 'exit-anywhere'))!;
await d.put('rules', { ...exit, conditions: [] });
await d.put('meta', 1, 'rulesVersion');
// (On sites with no conversation to resume: a resumed one would take the page view's turn.)
for (let k = 0; k < OPEN_TABS; k++) {
  const origin = `https://open${k}.example`;
  await hello({ pageViewId: crypto.randomUUID(), url: `${origin}/item`, title: 'Open' }, 500 + k, origin);
}

/** `approvalsStale` as it was before the `by-live-tab` index: the whole history read, then filtered. */
async function approvalsStaleBefore(): Promise<void> {
  const views = await (await db()).getAll('pageViews');
  await Promise.all(
    views
      .filter((v) => v.armed?.length && v.shownConversationId === undefined && v.heldOutRuleId === undefined)
      .map((v) => sendToTab(v.tabId, 'first/stale', { pageViewId: v.pageViewId })),
  );
}
const staleMs = { before: [] as number[], now: [] as number[] };
const staleSent = { before: 0, now: 0 };
for (let k = 0; k < 5; k++)
  for (const [which, run] of [
    ['before', approvalsStaleBefore],
    ['now', approvalsStale],
  ] as const) {
    staleNotices = 0;
    t = performance.now();
    await run();
    staleMs[which].push(performance.now() - t);
    staleSent[which] = staleNotices;
  }

t = performance.now();
const retention = (await applyRetention(now)) as
  number | { events: number; transactions: number; longestTransactionMs: number };
const retentionMs = performance.now() - t;
const summary =
  typeof retention === 'number' ? { events: retention, transactions: 1, longestTransactionMs: retentionMs } : retention;

console.log(`hello (resume lookup)          median ${median(helloMs).toFixed(1)} ms`);
console.log(`workspace/get (200 answers)    median ${median(workspaceMs).toFixed(1)} ms`);
console.log(
  `stale notice after an answer, ${PAGE_VIEWS} retained page views, ${OPEN_TABS} open tabs: ` +
    `before (history read) median ${median(staleMs.before).toFixed(1)} ms, ${staleSent.before} messages; ` +
    `now (live index) median ${median(staleMs.now).toFixed(1)} ms, ${staleSent.now} messages`,
);
console.log(
  `retention: ${summary.events} events deleted in ${retentionMs.toFixed(0)} ms, ${summary.transactions} transaction(s), longest ${summary.longestTransactionMs.toFixed(0)} ms`,
);
