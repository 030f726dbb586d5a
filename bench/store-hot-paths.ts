/**
 * Hot paths of the background's store, on fake-indexeddb in Node: `npm run bench:store`.
 *
 * Seeds a database with many conversations (over 50 sites) and events (1 in 20 an answer), then
 * measures, median of 5:
 *  - a page hello on a site with a conversation to resume (it looks for the site's recent one);
 *  - `workspace/get` (flows, rules and the newest 200 answers), through the real message handler;
 *  - a retention run that deletes a third of the events: its total time and its longest
 *    transaction (a service worker may be stopped while one runs).
 * fake-indexeddb is much slower than a browser's IndexedDB: compare the numbers with each other
 * (run on the code before and after a change), not with a browser. Options: --events N
 * --conversations N.
 */
import 'fake-indexeddb/auto';
import { performance } from 'node:perf_hooks';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const EVENTS = arg('events', 30_000);
const CONVERSATIONS = arg('conversations', 3_000);
const SITES = 50;
const DAY = 86_400_000;

(globalThis as { chrome?: unknown }).chrome = {
  runtime: { id: 'bench', getURL: (p: string) => `chrome-extension://bench/${p}` },
  tabs: { query: () => Promise.resolve([]), sendMessage: () => Promise.resolve(undefined) },
};
const { db, appendEvents } = await import('../src/background/store.ts');
const { hello } = await import('../src/background/page-views.ts');
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
console.log(
  `seeded ${CONVERSATIONS} conversations and ${EVENTS} events in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

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
t = performance.now();
const retention = (await applyRetention(now)) as
  number | { events: number; transactions: number; longestTransactionMs: number };
const retentionMs = performance.now() - t;
const summary =
  typeof retention === 'number' ? { events: retention, transactions: 1, longestTransactionMs: retentionMs } : retention;

console.log(`hello (resume lookup)          median ${median(helloMs).toFixed(1)} ms`);
console.log(`workspace/get (200 answers)    median ${median(workspaceMs).toFixed(1)} ms`);
console.log(
  `retention: ${summary.events} events deleted in ${retentionMs.toFixed(0)} ms, ${summary.transactions} transaction(s), longest ${summary.longestTransactionMs.toFixed(0)} ms`,
);
