/**
 * Bench-only page for `npm run bench:engine` (part b): runs inside a throwaway copy of the
 * extension (chrome-extension://…/bench.html), so IndexedDB is the browser's real one. Driven by
 * bench/engine.ts through `window.tactBench`; never shipped (scripts/build.mjs does not bundle it).
 *
 * Works on a scratch database opened with the real `openTactDB` (schema, indexes, seeding) and
 * writes with the real `appendEvents` (events + rollups in one transaction); stats come from the
 * real `flowStats` over the rollups.
 */
import { appendEvents, openTactDB, type TactDatabase } from '../src/background/store.ts';
import { rollupKeyOf, type Rollup } from '../src/core/migrations.ts';
import { localDay } from '../src/core/policy.ts';
import { flowStats } from '../src/core/stats.ts';
import { MODEL_VERSION, type Flow, type TactEvent } from '../src/core/model.ts';

export interface FillResult {
  events: number;
  transactions: number;
  ms: number;
}

export interface Totals {
  shown: number;
  completed: number;
  dismissed: number;
  wouldShow: number;
  answered: number;
}

export interface BenchApi {
  open(name: string, opts: { flows: number; startAt: number; spanDays: number; seed: number }): Promise<{ flowIds: string[] }>;
  /** Appends `count` events with the real `appendEvents`, `batch` per transaction. */
  fill(count: number, batch: number): Promise<FillResult>;
  /**
   * Bench-side bulk loader: writes the same records `appendEvents` would (events, and rollup
   * counters increased by the same amounts) but issues a transaction's requests without waiting
   * for each one, and adds up the rollups of a transaction in memory first. Only used to reach a
   * large log quickly; its rate is reported separately.
   */
  bulk(count: number, batch: number): Promise<FillResult>;
  counts(): Promise<{ events: number; rollups: number; byFlow: Record<string, number> }>;
  statsFromRollups(flowId: string): Promise<{ ms: number; totals: Totals; rollups: number; funnelSteps: number; days: number }>;
  scanEvents(flowId: string): Promise<{ ms: number; totals: Totals; events: number }>;
  closeAndDelete(): Promise<{ deleted: boolean }>;
}

declare global {
  interface Window {
    tactBench: BenchApi;
  }
}

/** Events per pass through the whole period. */
const SWEEP_EVENTS = 50_000;

let db: TactDatabase | undefined;
let dbName = '';
let flows: Flow[] = [];
let weights: number[] = [];
let rand = mulberry32(1);
let startAt = 0;
let spanMs = 0;
let clock = 0;
let stepMs = 0;

/** A small, fast, seeded PRNG, so runs are comparable. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A three-question finder, like the templates: two choices, a free-text question, endings. */
function syntheticFlow(i: number): Flow {
  return {
    id: `bench-flow-${i}`,
    version: MODEL_VERSION,
    name: `Bench finder ${i}`,
    persona: { name: 'Kim', avatar: 'K' },
    start: 'q1',
    nodes: {
      q1: { type: 'choice', text: 'What brings you here today?', replies: [{ id: 'buy', label: 'Buying', next: 'q2' }, { id: 'look', label: 'Looking', next: 'q2' }, { id: 'help', label: 'Need help', next: 'q3' }] },
      q2: { type: 'choice', text: 'For which activity?', replies: [{ id: 'hike', label: 'Hiking', next: 'q3' }, { id: 'run', label: 'Running', next: 'q3' }, { id: 'climb', label: 'Climbing', next: 'end' }, { id: 'other', label: 'Other', next: 'end' }] },
      q3: { type: 'input', text: 'Anything else we should know?', next: 'end' },
      end: { type: 'end', text: 'Thank you!' },
    },
  };
}

function pickFlow(): Flow {
  let x = rand();
  for (let i = 0; i < flows.length; i++) {
    x -= weights[i]!;
    if (x <= 0) return flows[i]!;
  }
  return flows[flows.length - 1]!;
}

/** One conversation's events, as the background logs them: shown, answers, then completed or dismissed. */
function conversation(out: TactEvent[]): void {
  const flow = pickFlow();
  // Time moves forward through the period in sweeps of about SWEEP_EVENTS events, then starts
  // over: writes are chronological like a real log, and a log cut short still covers every day.
  clock += stepMs * (0.5 + rand());
  if (clock >= startAt + spanMs) clock = startAt + rand() * stepMs;
  const at = Math.round(clock);
  const base = { conversationId: crypto.randomUUID(), flowId: flow.id, ruleId: `rule-${flow.id}`, origin: 'https://shop.example', path: `/shop/item-${Math.floor(rand() * 5000)}` };
  if (rand() < 0.03) out.push({ at, type: 'would-show', ...base, conversationId: '', ruleId: `shadow-${flow.id}` });
  out.push({ at, type: 'shown', ...base, nodeId: flow.start });
  let nodeId: string | undefined = flow.start;
  let t = at;
  for (let step = 0; nodeId && step < 10; step++) {
    const node: Flow['nodes'][string] | undefined = flow.nodes[nodeId];
    t += 2000 + Math.floor(rand() * 8000);
    if (!node) break;
    if (node.type === 'end') {
      out.push({ at: t, type: 'completed', ...base, nodeId });
      return;
    }
    if (rand() < 0.18) {
      out.push({ at: t, type: 'dismissed', ...base, nodeId });
      return;
    }
    if (node.type === 'choice') {
      const reply: { id: string; label: string; next?: string } = node.replies[Math.floor(rand() * node.replies.length)]!;
      out.push({ at: t, type: 'answered', ...base, nodeId, replyId: reply.id, label: reply.label });
      nodeId = reply.next;
    } else if (node.type === 'input') {
      out.push({ at: t, type: 'answered', ...base, nodeId, replyId: 'text', label: 'something' });
      nodeId = node.next;
    } else {
      break; // the bench flows use choices, inputs and endings only
    }
  }
  out.push({ at: t, type: 'completed', ...base, nodeId: nodeId ?? '' });
}

function need(): TactDatabase {
  if (!db) throw new Error('open() first');
  return db;
}

const emptyTotals = (): Totals => ({ shown: 0, completed: 0, dismissed: 0, wouldShow: 0, answered: 0 });

const api: BenchApi = {
  async open(name, opts) {
    dbName = name;
    db = await openTactDB(name);
    rand = mulberry32(opts.seed);
    const defaults = await db.getAll('flows');
    // The busiest flows are three-question finders; the seeded default flows are the quieter tail.
    flows = [...Array.from({ length: Math.max(0, opts.flows - defaults.length) }, (_, i) => syntheticFlow(i)), ...defaults].slice(0, opts.flows);
    const tx = db.transaction('flows', 'readwrite');
    for (const f of flows) await tx.store.put(f);
    await tx.done;
    // A gently skewed popularity (1/sqrt(rank)): some flows are busier than others.
    const raw = flows.map((_, i) => 1 / Math.sqrt(i + 1));
    const sum = raw.reduce((a, b) => a + b, 0);
    weights = raw.map((w) => w / sum);
    startAt = opts.startAt;
    spanMs = opts.spanDays * 86_400_000;
    clock = startAt;
    stepMs = spanMs / (SWEEP_EVENTS / 3.3); // about 3.3 events per conversation
    return { flowIds: flows.map((f) => f.id) };
  },

  async fill(count, batch) {
    const d = need();
    const t0 = performance.now();
    let events = 0;
    let transactions = 0;
    let pending: TactEvent[] = [];
    while (events < count) {
      while (pending.length < batch) conversation(pending);
      const take = Math.min(batch, count - events);
      const chunk = pending.slice(0, take);
      pending = pending.slice(take);
      const tx = d.transaction(['events', 'rollups'], 'readwrite');
      await appendEvents(tx, chunk);
      await tx.done;
      events += chunk.length;
      transactions++;
    }
    return { events, transactions, ms: performance.now() - t0 };
  },

  async bulk(count, batch) {
    const d = need();
    const t0 = performance.now();
    let events = 0;
    let transactions = 0;
    let pending: TactEvent[] = [];
    while (events < count) {
      while (pending.length < batch) conversation(pending);
      const take = Math.min(batch, count - events);
      const chunk = pending.slice(0, take);
      pending = pending.slice(take);
      const sums = new Map<string, Rollup>();
      for (const e of chunk) {
        const k = rollupKeyOf(e, localDay(e.at));
        const r = sums.get(k.key) ?? { ...k, count: 0 };
        r.count++;
        sums.set(k.key, r);
      }
      const tx = d.transaction(['events', 'rollups'], 'readwrite');
      const store = tx.objectStore('events');
      const rollups = tx.objectStore('rollups');
      const writes: Promise<unknown>[] = chunk.map((e) => store.add(e));
      for (const r of sums.values()) writes.push(rollups.get(r.key).then((old) => rollups.put({ ...r, count: r.count + (old?.count ?? 0) })));
      await Promise.all([...writes, tx.done]);
      events += chunk.length;
      transactions++;
    }
    return { events, transactions, ms: performance.now() - t0 };
  },

  async counts() {
    const d = need();
    const byFlow: Record<string, number> = {};
    for (const f of flows) byFlow[f.id] = await d.countFromIndex('events', 'by-flow', f.id);
    return { events: await d.count('events'), rollups: await d.count('rollups'), byFlow };
  },

  async statsFromRollups(flowId) {
    const d = need();
    const t0 = performance.now();
    const tx = d.transaction(['flows', 'rollups'], 'readonly');
    const [flow, rollups] = await Promise.all([tx.objectStore('flows').get(flowId), tx.objectStore('rollups').index('by-flow').getAll(flowId)]);
    await tx.done;
    const s = flowStats(flow, flowId, rollups);
    const ms = performance.now() - t0;
    const answered = s.answers.reduce((n, a) => n + a.replies.reduce((m, r) => m + r.count, 0), 0);
    return { ms, totals: { shown: s.shown, completed: s.completed, dismissed: s.dismissed, wouldShow: s.wouldShow, answered }, rollups: rollups.length, funnelSteps: s.funnel.length, days: s.daily.length };
  },

  async scanEvents(flowId) {
    const d = need();
    const t0 = performance.now();
    const totals = emptyTotals();
    let events = 0;
    const tx = d.transaction('events', 'readonly');
    let cursor = await tx.store.index('by-flow').openCursor(flowId);
    while (cursor) {
      const e = cursor.value;
      events++;
      if (e.type === 'would-show') totals.wouldShow++;
      else totals[e.type]++;
      cursor = await cursor.continue();
    }
    await tx.done;
    return { ms: performance.now() - t0, totals, events };
  },

  async closeAndDelete() {
    db?.close();
    db = undefined;
    const deleted = await new Promise<boolean>((resolve) => {
      const req = indexedDB.deleteDatabase(dbName);
      req.onsuccess = () => resolve(true);
      req.onerror = () => resolve(false);
      req.onblocked = () => resolve(false);
    });
    return { deleted };
  },
};

window.tactBench = api;
document.title = 'tact bench ready';
