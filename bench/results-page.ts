/**
 * Bench-only page for `npm run bench:results`: runs inside a throwaway copy of the extension
 * (chrome-extension://…/bench.html), so it writes the browser's real IndexedDB of the extension,
 * the one the background answers the options page from. Never shipped (scripts/build.mjs does not
 * bundle it). Driven by bench/results.ts through `window.tactResults`.
 *
 * It seeds what a busy site's marketer would have after a few weeks, shaped as Tact writes it:
 * flows (finders of six questions, some with a free-text question that branches on intents),
 * rules (two of them A/B tests, with their logs as `core/experiments/experiment-log.ts` builds
 * them), conversation records, and every event through the real `appendEvents` (events and
 * rollups in one transaction). It also reads the whole log with a plain cursor: the baseline the
 * bench compares the Results requests with.
 */
import { appendEvents, openTactDB, type TactDatabase } from '../src/background/store.ts';
import { MODEL_VERSION, type Flow } from '../src/core/flows/flow-model.ts';
import type { Rule } from '../src/core/rules/rule-model.ts';
import type { TactEvent } from '../src/core/results/event-model.ts';
import { emptyLog, withAction, withExposure, type ExperimentLog } from '../src/core/experiments/experiment-log.ts';
import { mulberry32 } from '../src/core/test-support/rule-mix.ts';

export interface SeedPlan {
  flows: number;
  conversations: number;
  /** About this many events in all (conversations get the steps that make the count). */
  events: number;
  freeText: number;
  days: number;
  seed: number;
}

export interface SeedReport {
  flowIds: string[];
  /** The flows with a free-text question, the busiest first. */
  freeTextFlowIds: string[];
  events: number;
  freeText: number;
  conversations: number;
  exposures: number;
  ms: number;
}

export interface ResultsBenchApi {
  seed(plan: SeedPlan): Promise<SeedReport>;
  counts(): Promise<{ events: number; rollups: number; conversations: number; byFlow: Record<string, number> }>;
  /** Baseline: every event read with a plain cursor over the store (no index), and its count. */
  scanAll(): Promise<{ ms: number; events: number }>;
  /**
   * Appends `n` times one step's events (an answer and the ending) with the real `appendEvents`,
   * one transaction each with the browser's default durability, as the background writes them;
   * each transaction's time in ms.
   */
  appendSteps(flowId: string, n: number): Promise<number[]>;
  /** Appends `n` conversations of `flowId` (shown, completed); the driver has the background announce them. */
  live(flowId: string, n: number): Promise<void>;
}

declare global {
  interface Window {
    tactResults: ResultsBenchApi;
  }
}

const DAY = 86_400_000;
const CHOICES = ['Yes', 'No', 'Not sure', 'Later'];
/** Free-text answers a busy shop gets: many repeated, some rare. */
const ASKED = [
  'do you sell gift cards',
  'is there a student discount',
  'can I pick it up in store',
  'do you ship to Canada',
  'how long is the warranty',
  'is it waterproof',
  'what colours are there',
  'can I pay in instalments',
  'do you have it in size 46',
  'where is my order',
  'can I change my delivery address',
  'is the price going down soon',
];
const OBJECTS = ['the tent', 'boots', 'the jacket', 'a backpack', 'the stove', 'poles', 'a sleeping bag', 'gloves'];
const SIZES = ['XS', 'S', 'M', 'L', 'XL', '38', '40', '42', '44', '46'];

let db: TactDatabase | undefined;
let rand = mulberry32(1);

/** A finder of six choice questions, then (for `freeText`) a question answered in the visitor's words. */
function finder(i: number, freeText: boolean): Flow {
  const nodes: Flow['nodes'] = {};
  for (let q = 1; q <= 6; q++)
    nodes[`q${q}`] = {
      type: 'choice',
      text: `Question ${q} of finder ${i}: which suits you best?`,
      replies: CHOICES.map((label, k) => ({
        id: `r${k}`,
        label,
        next: q < 6 ? `q${q + 1}` : freeText ? 'ask' : 'end',
      })),
    };
  if (freeText)
    nodes.ask = {
      type: 'input',
      text: 'Anything else we can help you with? Tell me in your own words.',
      match: {
        intents: {
          price: { en: ['how much does it cost', 'price', 'is there a discount'] },
          delivery: { en: ['how long is delivery', 'shipping cost', 'when will it arrive'] },
          human: { en: ['talk to a person', 'customer service', 'call someone'] },
        },
        next: { price: 'end', delivery: 'end', human: 'end' },
        fallback: 'end',
      },
    };
  nodes.end = { type: 'end', text: 'Thank you!' };
  return {
    id: `finder-${i}`,
    version: MODEL_VERSION,
    name: `Finder ${i}`,
    persona: { name: 'Kim', avatar: 'K' },
    start: 'q1',
    nodes,
  };
}

function abRule(id: string, variants: Rule['variants'], priority: number): Rule {
  return {
    id,
    version: 2,
    name: `A/B ${id}`,
    enabled: true,
    shadow: false,
    trigger: { signal: 'exit-intent' },
    conditions: [{ kind: 'url', match: 'prefix', pattern: '/shop/' }],
    variants,
    goals: [
      { id: 'cart', kind: 'click', selector: '#add-to-cart', withinDays: 7 },
      { id: 'checkout', kind: 'url', match: 'prefix', pattern: '/checkout', withinDays: 7 },
    ],
    entry: 'panel',
    priority,
    frequency: { every: 'page-view' },
  };
}

function need(): TactDatabase {
  if (!db) throw new Error('seed() first');
  return db;
}

/** A free-text answer as the visitors of a busy shop write them: some often, many once (about 1 000 different). */
function freeTextAnswer(): string {
  const base = ASKED[Math.floor(rand() ** 2 * ASKED.length)]!;
  if (rand() < 0.4) return base;
  const object = OBJECTS[Math.floor(rand() * OBJECTS.length)]!;
  return rand() < 0.5
    ? `${base} for ${object}`
    : `${base} for ${object} in ${SIZES[Math.floor(rand() * SIZES.length)]}`;
}

const api: ResultsBenchApi = {
  async seed(plan) {
    const t0 = performance.now();
    db = await openTactDB('tact');
    rand = mulberry32(plan.seed);
    const defaults = await db.getAll('flows');
    const own = Math.max(0, plan.flows - defaults.length);
    const freeTextCount = Math.max(1, Math.round(own / 6));
    const flows = Array.from({ length: own }, (_, i) => finder(i, i < freeTextCount));
    const all = [...flows, ...defaults];
    const rules: Rule[] = [
      abRule(
        'ab-question-vs-greeting',
        [
          { id: 'question', flowId: flows[0]?.id ?? defaults[0]!.id, weight: 1 },
          { id: 'greeting', flowId: flows[1]?.id ?? defaults[1]!.id, weight: 1 },
        ],
        200,
      ),
      abRule(
        'ab-finder-vs-none',
        [
          { id: 'finder', flowId: flows[2]?.id ?? defaults[0]!.id, weight: 1 },
          { id: 'none', flowId: null, weight: 1 },
        ],
        190,
      ),
    ];
    {
      const tx = db.transaction(['flows', 'rules'], 'readwrite');
      for (const f of flows) await tx.objectStore('flows').put(f);
      for (const r of rules) await tx.objectStore('rules').put(r);
      await tx.done;
    }
    // A skewed popularity (1/rank): a few flows take most conversations.
    const raw = all.map((_, i) => 1 / (i + 1));
    const sum = raw.reduce((a, b) => a + b, 0);
    const pick = (): Flow => {
      let x = rand() * sum;
      for (let i = 0; i < all.length; i++) if ((x -= raw[i]!) <= 0) return all[i]!;
      return all.at(-1)!;
    };
    const startAt = Date.now() - plan.days * DAY;
    const step = (plan.days * DAY) / plan.conversations;
    // Events a conversation writes on average through a finder: shown, opened, ~4.5 answers, an
    // ending; `would-show` events of shadow rules make up the rest of the planned count.
    const wouldShowRate = Math.max(0, plan.events / plan.conversations - 7.2);
    // About 28 % of conversations reach a free-text question (the first flows are the busiest).
    const freeTextShare = Math.min(1, plan.freeText / Math.max(1, plan.conversations * 0.28));
    const logs = new Map<string, ExperimentLog>(rules.map((r) => [r.id, emptyLog(r.id)]));
    let events = 0;
    let freeText = 0;
    let exposures = 0;
    let batch: TactEvent[] = [];
    let conversations: unknown[] = [];
    const flush = async () => {
      const tx = need().transaction(['events', 'rollups', 'conversations'], 'readwrite', { durability: 'relaxed' });
      for (const c of conversations) void tx.objectStore('conversations').put(c as never);
      await appendEvents(tx, batch);
      await tx.done;
      events += batch.length;
      batch = [];
      conversations = [];
    };
    for (let c = 0; c < plan.conversations; c++) {
      const at = Math.round(startAt + c * step + rand() * step);
      const abIndex = c % 10 === 0 ? 0 : c % 10 === 1 ? 1 : -1;
      const visitorId = `visitor-${c}`;
      let flow = pick();
      let variantId: string | undefined;
      if (abIndex >= 0) {
        const rule = rules[abIndex]!;
        const variant = rule.variants![Math.floor(rand() * 2)]!;
        variantId = variant.id;
        const log = logs.get(rule.id)!;
        let next = withExposure(log, { visitorId, variantId: variant.id, at }) ?? log;
        exposures++;
        if (rand() < (variant.flowId ? 0.12 : 0.09))
          next =
            withAction(next, rule.goals!, visitorId, {
              kind: 'page',
              at: at + 3_600_000,
              url: 'https://shop.example/checkout',
            }) ?? next;
        logs.set(rule.id, next);
        if (!variant.flowId) continue; // the hold-out shows nothing
        flow = all.find((f) => f.id === variant.flowId)!;
      }
      const conversationId = `conv-${c}`;
      const base = {
        conversationId,
        flowId: flow.id,
        ruleId: abIndex >= 0 ? rules[abIndex]!.id : `rule-${flow.id}`,
        origin: 'https://shop.example',
        path: `/shop/item-${Math.floor(rand() * 3000)}`,
      };
      for (let w = wouldShowRate; w > 0; w--)
        if (rand() < Math.min(1, w))
          batch.push({ ...base, at: at - 1000, type: 'would-show', conversationId: '', ruleId: `shadow-${flow.id}` });
      batch.push({ ...base, at, type: 'shown', nodeId: flow.start, tags: [] });
      batch.push({ ...base, at: at + 200, type: 'opened', nodeId: flow.start });
      let nodeId: string | undefined = flow.start;
      let t = at;
      let status: 'completed' | 'dismissed' = 'completed';
      for (let s = 0; nodeId && s < 12; s++) {
        const node: Flow['nodes'][string] | undefined = flow.nodes[nodeId];
        t += 1500 + Math.floor(rand() * 6000);
        if (!node || node.type === 'end') break;
        if (rand() < 0.1) {
          status = 'dismissed';
          break;
        }
        if (node.type === 'choice') {
          const reply: (typeof node.replies)[number] = node.replies[Math.floor(rand() * node.replies.length)]!;
          const label = typeof reply.label === 'string' ? reply.label : 'reply';
          batch.push({ ...base, at: t, type: 'answered', nodeId, replyId: reply.id, label, tags: [] });
          nodeId = reply.next;
        } else if (node.type === 'input' && node.match && rand() < freeTextShare && freeText < plan.freeText) {
          const label = freeTextAnswer();
          const strength = rand() < 0.5 ? 'none' : rand() < 0.5 ? 'weak' : 'strong';
          const intent = strength === 'none' ? null : 'price';
          batch.push({
            ...base,
            at: t,
            type: 'answered',
            nodeId,
            replyId: 'text',
            label,
            match: { intent, strength },
            tags: [],
          });
          freeText++;
          nodeId = intent ? node.match.next[intent] : node.match.fallback;
        } else if (node.type === 'input') {
          status = 'dismissed';
          break;
        } else break;
      }
      batch.push({ ...base, at: t, type: status, nodeId: nodeId ?? '' });
      conversations.push({
        id: conversationId,
        flowId: flow.id,
        ruleId: base.ruleId,
        entry: 'panel',
        tabId: 1000 + c,
        pageViewId: `pv-${c}`,
        origin: base.origin,
        path: base.path,
        startedAt: at,
        nodeId: nodeId ?? '',
        status,
        transcript: [],
        ...(variantId ? { variantId } : {}),
      });
      if (batch.length >= 5000) await flush();
    }
    await flush();
    {
      const tx = need().transaction('experiments', 'readwrite');
      for (const log of logs.values()) await tx.store.put(log);
      await tx.done;
    }
    return {
      flowIds: all.map((f) => f.id),
      freeTextFlowIds: flows.slice(0, freeTextCount).map((f) => f.id),
      events,
      freeText,
      conversations: plan.conversations,
      exposures,
      ms: performance.now() - t0,
    };
  },

  async counts() {
    const d = need();
    const byFlow: Record<string, number> = {};
    for (const id of await d.getAllKeys('flows')) byFlow[id] = await d.countFromIndex('events', 'by-flow', id);
    return {
      events: await d.count('events'),
      rollups: await d.count('rollups'),
      conversations: await d.count('conversations'),
      byFlow,
    };
  },

  async scanAll() {
    const t0 = performance.now();
    const tx = need().transaction('events');
    let events = 0;
    let cursor = await tx.store.openCursor();
    while (cursor) {
      events++;
      cursor = await cursor.continue();
    }
    return { ms: performance.now() - t0, events };
  },

  async appendSteps(flowId, n) {
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const at = Date.now();
      const base = { flowId, ruleId: `rule-${flowId}`, origin: 'https://shop.example', path: '/shop/step' };
      const conversationId = `step-${at}-${i}`;
      const t0 = performance.now();
      const tx = need().transaction(['events', 'rollups'], 'readwrite');
      await appendEvents(tx, [
        { ...base, conversationId, at, type: 'answered', nodeId: 'q6', replyId: 'r1', label: 'No', tags: [] },
        { ...base, conversationId, at, type: 'completed', nodeId: 'end' },
      ]);
      await tx.done;
      times.push(performance.now() - t0);
    }
    return times;
  },

  async live(flowId, n) {
    const at = Date.now();
    const base = { flowId, ruleId: `rule-${flowId}`, origin: 'https://shop.example', path: '/shop/live' };
    const events: TactEvent[] = [];
    for (let i = 0; i < n; i++) {
      const conversationId = `live-${at}-${i}`;
      events.push({ ...base, conversationId, at, type: 'shown', nodeId: 'q1' });
      events.push({ ...base, conversationId, at, type: 'completed', nodeId: 'end' });
    }
    const tx = need().transaction(['events', 'rollups'], 'readwrite');
    await appendEvents(tx, events);
    await tx.done;
  },
};

window.tactResults = api;
document.title = 'tact results bench ready';
