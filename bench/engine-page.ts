/**
 * Bench-only page for `npm run bench:engine` (part b): runs inside a throwaway copy of the
 * extension (chrome-extension://…/bench.html), so IndexedDB is the browser's real one. Driven by
 * bench/engine.ts through `window.tactBench`; never shipped (scripts/build.mjs does not bundle it).
 *
 * Works on the extension's own database (opened with the real `openTactDB`: schema, indexes,
 * seeding), so the real background answers `stats/flow` from the same data. Every event is written
 * by the real `appendEvents` (events + rollups in one transaction): the probes use the
 * background's transaction sizes, the loader that brings the log to a million events uses the same
 * function with thousands of events per transaction (relaxed durability). Stats come from the real
 * `flowStats` over the rollups; the baseline scans the events themselves.
 */
import { appendEvents, openTactDB, type TactDatabase } from '../src/background/store.ts';
import { resolveText } from '../src/core/flows/localized-text.ts';
import { flowStats } from '../src/core/results/flow-stats.ts';
import { MODEL_VERSION, type Flow } from '../src/core/flows/flow-model.ts';
import type { TactEvent } from '../src/core/results/event-model.ts';
import { mulberry32 } from '../src/core/test-support/rule-mix.ts';

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
  /** `events`: how many events will be written over the period (they are spread evenly over it). */
  open(
    name: string,
    opts: { flows: number; startAt: number; spanDays: number; seed: number; events: number },
  ): Promise<{ flowIds: string[] }>;
  /**
   * Appends `count` events with the real `appendEvents`, `batch` per transaction. `relaxed` opens
   * the transactions with relaxed durability (the loader); otherwise with the browser's default,
   * as the background does.
   */
  append(count: number, batch: number, relaxed: boolean): Promise<FillResult>;
  counts(): Promise<{ events: number; rollups: number; byFlow: Record<string, number> }>;
  /** The `stats/flow` handler's work, in this page: the flow and its rollups in one read, then `flowStats`. */
  statsFromRollups(
    flowId: string,
  ): Promise<{ ms: number; totals: Totals; rollups: number; funnelSteps: number; days: number }>;
  /** Baseline: the same totals from the flow's events, one cursor step per event (by-flow index). */
  scanCursor(flowId: string): Promise<{ ms: number; totals: Totals; events: number }>;
  /** Baseline: the same totals from the flow's events, read in one getAll of the by-flow index. */
  scanGetAll(flowId: string): Promise<{ ms: number; totals: Totals; events: number }>;
  estimate(): Promise<{ usage?: number; quota?: number; indexedDB?: number }>;
  closeAndDelete(): Promise<{ deleted: boolean }>;
}

declare global {
  interface Window {
    tactBench: BenchApi;
  }
}

let db: TactDatabase | undefined;
let dbName = '';
let flows: Flow[] = [];
let weights: number[] = [];
let rand = mulberry32(1);
let startAt = 0;
let spanMs = 0;
let clock = 0;
let stepMs = 0;

/** A three-question finder, like the templates: two choices, a free-text question, endings. */
function syntheticFlow(i: number): Flow {
  return {
    id: `bench-flow-${i}`,
    version: MODEL_VERSION,
    name: `Bench finder ${i}`,
    persona: { name: 'Kim', avatar: 'K' },
    start: 'q1',
    nodes: {
      q1: {
        type: 'choice',
        text: 'What brings you here today?',
        replies: [
          { id: 'buy', label: 'Buying', next: 'q2' },
          { id: 'look', label: 'Looking', next: 'q2' },
          { id: 'help', label: 'Need help', next: 'q3' },
        ],
      },
      q2: {
        type: 'choice',
        text: 'For which activity?',
        replies: [
          { id: 'hike', label: 'Hiking', next: 'q3' },
          { id: 'run', label: 'Running', next: 'q3' },
          { id: 'climb', label: 'Climbing', next: 'end' },
          { id: 'other', label: 'Other', next: 'end' },
        ],
      },
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
  // Time moves forward through the period in one pass of about `events` events (starting over if
  // more are written): writes are chronological like a real log, so a large transaction touches
  // the rollup counters of a day or two, not of the whole period.
  clock += stepMs * (0.5 + rand());
  if (clock >= startAt + spanMs) clock = startAt + rand() * stepMs;
  const at = Math.round(clock);
  const base = {
    conversationId: crypto.randomUUID(),
    flowId: flow.id,
    ruleId: `rule-${flow.id}`,
    origin: 'https://shop.example',
    path: `/shop/item-${Math.floor(rand() * 5000)}`,
  };
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
      const reply: (typeof node.replies)[number] = node.replies[Math.floor(rand() * node.replies.length)]!;
      out.push({ at: t, type: 'answered', ...base, nodeId, replyId: reply.id, label: resolveText(reply.label) });
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

/** Counts an event as the rollups do (previews never count; the bench writes none), in the totals compared. */
function count(totals: Totals, e: TactEvent): void {
  if (e.preview) return;
  const key = e.type === 'would-show' ? 'wouldShow' : e.type;
  if (Object.hasOwn(totals, key)) totals[key as keyof Totals]++;
}

const api: BenchApi = {
  async open(name, opts) {
    dbName = name;
    db = await openTactDB(name);
    rand = mulberry32(opts.seed);
    const defaults = await db.getAll('flows');
    // The busiest flows are three-question finders; the seeded default flows are the quieter tail.
    flows = [
      ...Array.from({ length: Math.max(0, opts.flows - defaults.length) }, (_, i) => syntheticFlow(i)),
      ...defaults,
    ].slice(0, opts.flows);
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
    stepMs = spanMs / (opts.events / 3.3); // about 3.3 events per conversation
    return { flowIds: flows.map((f) => f.id) };
  },

  async append(count, batch, relaxed) {
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
      const tx = d.transaction(['events', 'rollups'], 'readwrite', relaxed ? { durability: 'relaxed' } : {});
      await appendEvents(tx, chunk);
      await tx.done;
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
    const [flow, rollups] = await Promise.all([
      tx.objectStore('flows').get(flowId),
      tx.objectStore('rollups').index('by-flow').getAll(flowId),
    ]);
    await tx.done;
    const s = flowStats(flow, flowId, rollups);
    const ms = performance.now() - t0;
    const answered = s.answers.reduce((n, a) => n + a.replies.reduce((m, r) => m + r.count, 0), 0);
    return {
      ms,
      totals: { shown: s.shown, completed: s.completed, dismissed: s.dismissed, wouldShow: s.wouldShow, answered },
      rollups: rollups.length,
      funnelSteps: s.funnel.length,
      days: s.daily.length,
    };
  },

  async scanCursor(flowId) {
    const d = need();
    const t0 = performance.now();
    const totals = emptyTotals();
    let events = 0;
    const tx = d.transaction('events', 'readonly');
    let cursor = await tx.store.index('by-flow').openCursor(flowId);
    while (cursor) {
      count(totals, cursor.value);
      events++;
      cursor = await cursor.continue();
    }
    await tx.done;
    return { ms: performance.now() - t0, totals, events };
  },

  async scanGetAll(flowId) {
    const d = need();
    const t0 = performance.now();
    const totals = emptyTotals();
    const all = await d.getAllFromIndex('events', 'by-flow', flowId);
    for (const e of all) count(totals, e);
    return { ms: performance.now() - t0, totals, events: all.length };
  },

  async estimate() {
    const e = (await navigator.storage.estimate()) as StorageEstimate & { usageDetails?: { indexedDB?: number } };
    return { usage: e.usage, quota: e.quota, indexedDB: e.usageDetails?.indexedDB };
  },

  async closeAndDelete() {
    db?.close();
    db = undefined;
    // The background holds a connection too: it closes it when asked (`blocking`), so a
    // "blocked" event is followed by success; give up after 10 s.
    const deleted = await new Promise<boolean>((resolve) => {
      const req = indexedDB.deleteDatabase(dbName);
      const timer = setTimeout(() => resolve(false), 10_000);
      req.onsuccess = () => {
        clearTimeout(timer);
        resolve(true);
      };
      req.onerror = () => {
        clearTimeout(timer);
        resolve(false);
      };
    });
    return { deleted };
  },
};

window.tactBench = api;
document.title = 'tact bench ready';
