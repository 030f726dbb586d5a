/**
 * Schema migrations and the event log, on fake-indexeddb: a database written by version 1 opens
 * with everything intact and converted; a fresh one is seeded; events and their rollups are
 * written together or not at all; a database from a newer Tact is refused.
 */
import 'fake-indexeddb/auto';
import { forceCloseDatabase } from 'fake-indexeddb';
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { openDB, unwrap } from 'idb';
import {
  appendEvents,
  db,
  DB_VERSION,
  liveness,
  openTactDB,
  readSettings,
  UPGRADES,
  type TactDB,
  type TactDatabase,
} from './store.ts';
import { DEFAULT_FLOWS, DEFAULT_RULES } from '../core/flows/default-pack.ts';
import { MODEL_VERSION, type Flow } from '../core/flows/flow-model.ts';
import { RULE_VERSION, type Rule } from '../core/rules/rule-model.ts';
import type { TactEvent } from '../core/results/event-model.ts';
import { migrateRule, rollupsOf, scopeRuleSeededForAnySite, type Rollup } from '../core/storage/migrations.ts';
import { DEMO_SHOP_CONDITION } from '../core/rules/demo-shop.ts';
import { DEFAULT_SETTINGS, localDay } from '../core/rules/policy.ts';
import { migrateSiteVisits } from '../core/visitor/site-visits.ts';

let seq = 0;
/** A database name no other test uses. */
const dbName = (what: string) => `tact-test-${what}-${process.pid}-${++seq}`;

/** Local noon of a date, so its local day is that date in any time zone. */
const noon = (y: number, m: number, d: number, minutes = 0) => new Date(y, m - 1, d, 12, minutes).getTime();

const MY_FLOW: Flow = {
  id: 'my-flow',
  version: MODEL_VERSION,
  name: 'My finder',
  persona: { name: 'Kim', avatar: 'K' },
  start: 'ask',
  nodes: {
    ask: {
      type: 'choice',
      text: 'Looking for a pack?',
      replies: [
        { id: 'yes', label: 'Yes', next: 'size' },
        { id: 'no', label: 'No' },
      ],
    },
    size: { type: 'input', text: 'How many litres?', next: 'thanks' },
    thanks: { type: 'end', text: 'Thanks!' },
  },
};

/** Rules as version 1 stored them: no `shadow`, version 1. */
const V1_RULES = [
  {
    id: 'my-rule',
    version: 1,
    name: 'Finder on product pages',
    enabled: true,
    trigger: { signal: 'scroll-depth', atLeast: 50 },
    conditions: [
      { kind: 'url', match: 'glob', pattern: '/shop/*' },
      { kind: 'visitor-tag', tag: 'vip', present: false },
    ],
    flowId: 'my-flow',
    entry: 'pill',
    priority: 7,
    frequency: { every: 'days', days: 3 },
  },
  {
    id: 'my-exit',
    version: 1,
    name: 'Leaving',
    enabled: false,
    trigger: { signal: 'exit-intent' },
    conditions: [],
    flowId: 'my-flow',
    entry: 'panel',
    priority: 0,
    frequency: { every: 'visitor' },
  },
];

const ev = (
  at: number,
  type: TactEvent['type'],
  conversationId: string,
  extra: Partial<TactEvent> = {},
): TactEvent => ({
  at,
  type,
  conversationId,
  flowId: 'my-flow',
  ruleId: 'my-rule',
  origin: 'https://shop.example',
  path: '/shop/item-1',
  ...extra,
});

/** Events as version 1 logged them, over two days and two flows. */
const V1_EVENTS: TactEvent[] = [
  ev(noon(2025, 5, 10, 0), 'shown', 'c1', { nodeId: 'ask' }),
  ev(noon(2025, 5, 10, 1), 'answered', 'c1', { nodeId: 'ask', replyId: 'yes', label: 'Yes' }),
  ev(noon(2025, 5, 10, 2), 'answered', 'c1', { nodeId: 'size', replyId: 'text', label: '40' }),
  ev(noon(2025, 5, 10, 3), 'completed', 'c1', { nodeId: 'thanks' }),
  ev(noon(2025, 5, 10, 4), 'shown', 'c2', { nodeId: 'ask' }),
  ev(noon(2025, 5, 10, 5), 'answered', 'c2', { nodeId: 'ask', replyId: 'yes', label: 'Yes' }),
  ev(noon(2025, 5, 10, 6), 'dismissed', 'c2', { nodeId: 'size' }),
  ev(noon(2025, 5, 11, 0), 'shown', 'c3', { nodeId: 'ask' }),
  ev(noon(2025, 5, 11, 1), 'answered', 'c3', { nodeId: 'ask', replyId: 'no', label: 'No' }),
  ev(noon(2025, 5, 11, 2), 'completed', 'c3', { nodeId: 'ask' }),
  ev(noon(2025, 5, 11, 3), 'shown', 'c4', { flowId: 'exit-offer', ruleId: 'exit-anywhere', nodeId: 'ask' }),
  ev(noon(2025, 5, 11, 4), 'dismissed', 'c4', { flowId: 'exit-offer', ruleId: 'exit-anywhere', nodeId: 'ask' }),
];

/** The rollups the upgrade must compute from V1_EVENTS, counted by hand. */
function rollup(
  flowId: string,
  day: string,
  type: TactEvent['type'],
  count: number,
  nodeId = '',
  replyId = '',
): Rollup {
  return { key: `${flowId}|${day}|${type}|${nodeId}|${replyId}`, flowId, day, type, nodeId, replyId, count };
}
const EXPECTED_ROLLUPS: Rollup[] = [
  rollup('my-flow', '2025-05-10', 'shown', 2),
  rollup('my-flow', '2025-05-10', 'answered', 2, 'ask', 'yes'),
  rollup('my-flow', '2025-05-10', 'answered', 1, 'size', 'text'),
  rollup('my-flow', '2025-05-10', 'completed', 1, 'thanks'),
  rollup('my-flow', '2025-05-10', 'dismissed', 1, 'size'),
  rollup('my-flow', '2025-05-11', 'shown', 1),
  rollup('my-flow', '2025-05-11', 'answered', 1, 'ask', 'no'),
  rollup('my-flow', '2025-05-11', 'completed', 1, 'ask'),
  rollup('exit-offer', '2025-05-11', 'shown', 1),
  rollup('exit-offer', '2025-05-11', 'dismissed', 1, 'ask'),
].sort((a, b) => a.key.localeCompare(b.key));

const SITES = [
  {
    origin: 'https://shop.example',
    enabled: true,
    visits: 4,
    sessionStartedAt: noon(2025, 5, 11),
    lastSeenAt: noon(2025, 5, 11, 5),
  },
  { origin: 'https://annoying.example', enabled: false },
];
const CONVERSATION = {
  id: 'c3',
  flowId: 'my-flow',
  ruleId: 'my-rule',
  entry: 'pill',
  tabId: 4,
  pageViewId: 'pv-1',
  origin: 'https://shop.example',
  path: '/shop/item-1',
  startedAt: noon(2025, 5, 11),
  nodeId: 'ask',
  vars: {},
  transcript: [],
  done: true,
};
const PAGE_VIEW = {
  pageViewId: 'pv-1',
  tabId: 4,
  origin: 'https://shop.example',
  url: 'https://shop.example/shop/item-1',
  startedAt: noon(2025, 5, 11),
};
const META: [string, unknown][] = [
  ['lastShownByRule', { 'my-rule': noon(2025, 5, 11) }],
  ['budget', { day: '2025-05-11', total: 1.5, bySite: { 'https://shop.example': 1.5 } }],
  ['backgroundStarts', 12],
];

/** Writes a database exactly as version 1 did: schema step 0 only, then v1-shaped records. */
async function writeV1Database(name: string, opts: { empty?: boolean } = {}): Promise<void> {
  const d = await openDB<TactDB>(name, 1, {
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- as in openTactDB: the upgrade transaction waits for the requests
    async upgrade(db, _old, _new, tx) {
      await UPGRADES[0]!(db, tx, true);
    },
  });
  assert.equal(d.version, 1);
  assert.deepEqual([...d.objectStoreNames].sort(), [
    'conversations',
    'events',
    'flows',
    'meta',
    'pageViews',
    'profile',
    'rules',
    'sites',
    'traces',
  ]);
  if (!opts.empty) {
    const tx = d.transaction(
      ['flows', 'rules', 'profile', 'events', 'sites', 'conversations', 'pageViews', 'traces', 'meta'],
      'readwrite',
    );
    await tx.objectStore('flows').put(MY_FLOW);
    for (const r of V1_RULES) await tx.objectStore('rules').put(r as unknown as Rule);
    await tx.objectStore('profile').put({ tags: ['vip', 'interest-backpacks'] }, 'visitor');
    for (const e of V1_EVENTS) await tx.objectStore('events').add(e);
    for (const s of SITES) await tx.objectStore('sites').put(s);
    await tx.objectStore('conversations').put(CONVERSATION as never);
    await tx.objectStore('pageViews').put(PAGE_VIEW);
    await tx.objectStore('traces').put({ tabId: 4, records: [] });
    for (const [k, v] of META) await tx.objectStore('meta').put(v, k);
    await tx.done;
  }
  d.close();
}

async function withDb<T>(name: string, fn: (d: TactDatabase) => Promise<T>): Promise<T> {
  const d = await openTactDB(name);
  try {
    return await fn(d);
  } finally {
    d.close();
  }
}

const byKey = (a: Rollup, b: Rollup) => a.key.localeCompare(b.key);
const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id);

describe('migration from schema version 1', () => {
  test('opens a version 1 database with everything intact and converted', async () => {
    const name = dbName('v1');
    await writeV1Database(name);
    await withDb(name, async (d) => {
      assert.equal(d.version, DB_VERSION);
      assert.equal(DB_VERSION, 7);

      // New stores exist (and the rollups have their index).
      for (const s of ['segments', 'settings', 'rollups', 'experiments'] as const)
        assert.ok(d.objectStoreNames.contains(s), `store ${s}`);
      assert.ok(d.transaction('rollups').store.indexNames.contains('by-flow'));

      // Rules: version 2, shadow off, every other field unchanged.
      const rules = (await d.getAll('rules')).sort(byId);
      assert.deepEqual(rules, V1_RULES.map((r) => ({ ...r, version: RULE_VERSION, shadow: false })).sort(byId));

      // Profile: tags kept, empty expiry and attributes added.
      assert.deepEqual(await d.get('profile', 'visitor'), {
        tags: ['vip', 'interest-backpacks'],
        tagExpiry: {},
        attributes: {},
      });

      // Events: all there, same ids, same content.
      const events = await d.getAll('events');
      assert.equal(events.length, V1_EVENTS.length);
      assert.deepEqual(
        events.map(({ id: _id, ...e }) => e),
        V1_EVENTS,
      );
      assert.deepEqual(
        events.map((e) => e.id),
        V1_EVENTS.map((_, i) => i + 1),
      );
      assert.equal((await d.getAllFromIndex('events', 'by-flow', 'my-flow')).length, 10);

      // Rollups backfilled with exact counts.
      assert.deepEqual((await d.getAll('rollups')).sort(byKey), EXPECTED_ROLLUPS);
      assert.equal((await d.getAllFromIndex('rollups', 'by-flow', 'exit-offer')).length, 2);

      // Nothing seeded over existing data: no default flows or rules appear.
      assert.deepEqual(await d.getAll('flows'), [MY_FLOW]);
      assert.deepEqual((await d.getAllKeys('rules')).sort(), ['my-exit', 'my-rule']);
      assert.deepEqual(await d.getAll('segments'), []);
      assert.deepEqual(await d.getAll('settings'), []);
      assert.deepEqual(await readSettings(d.transaction('settings')), DEFAULT_SETTINGS);

      // Sites: visit totals counted per day since version 3 (on the last visit's day).
      assert.deepEqual(
        (await d.getAll('sites')).sort((a, b) => a.origin.localeCompare(b.origin)),
        [...SITES].map((site) => migrateSiteVisits(site, localDay)).sort((a, b) => a.origin.localeCompare(b.origin)),
      );
      // Everything else untouched.
      assert.deepEqual(await d.getAll('conversations'), [CONVERSATION]);
      assert.deepEqual(await d.getAll('pageViews'), [PAGE_VIEW]);
      assert.deepEqual(await d.getAll('traces'), [{ tabId: 4, records: [] }]);
      for (const [k, v] of META) assert.deepEqual(await d.get('meta', k), v, `meta ${k}`);
    });
  });

  test('opening the upgraded database again changes nothing (no second backfill)', async () => {
    const name = dbName('v1-twice');
    await writeV1Database(name);
    await withDb(name, async () => {});
    await withDb(name, async (d) => {
      assert.deepEqual((await d.getAll('rollups')).sort(byKey), EXPECTED_ROLLUPS);
      assert.equal(await d.count('events'), V1_EVENTS.length);
      assert.deepEqual(await d.getAllKeys('flows'), ['my-flow']);
    });
  });

  test('new events after the upgrade add to the backfilled rollups', async () => {
    const name = dbName('v1-append');
    await writeV1Database(name);
    await withDb(name, async (d) => {
      const tx = d.transaction(['events', 'rollups'], 'readwrite');
      await appendEvents(tx, [ev(noon(2025, 5, 10, 30), 'shown', 'c9', { nodeId: 'ask' })]);
      await tx.done;
      assert.equal((await d.get('rollups', 'my-flow|2025-05-10|shown||'))?.count, 3);
      assert.equal(await d.count('events'), V1_EVENTS.length + 1);
    });
  });

  test('an empty version 1 database gets an empty profile and is not seeded', async () => {
    const name = dbName('v1-empty');
    await writeV1Database(name, { empty: true });
    await withDb(name, async (d) => {
      assert.deepEqual(await d.get('profile', 'visitor'), { tags: [], tagExpiry: {}, attributes: {} });
      assert.equal(await d.count('flows'), 0);
      assert.equal(await d.count('rules'), 0);
      assert.equal(await d.count('rollups'), 0);
    });
  });
});

describe('migration from schema version 3: default rules seeded for any site', () => {
  /** The rules an install before the demo-shop scope holds: its eight defaults, one edited, and the marketer's own. */
  async function writeV3Database(name: string): Promise<Rule[]> {
    const d = await openDB<TactDB>(name, 3, {
      // eslint-disable-next-line @typescript-eslint/no-misused-promises -- as in openTactDB: the upgrade transaction waits for the requests
      async upgrade(db, _old, _new, tx) {
        for (let v = 0; v < 3; v++) await UPGRADES[v]!(db, tx, true);
      },
    });
    const unscoped = DEFAULT_RULES.map((r) => ({ ...r, conditions: r.conditions.slice(1) }));
    const edited = { ...unscoped.find((r) => r.id === 'checkout-exit')!, priority: 21 };
    const own: Rule = { ...unscoped.find((r) => r.id === 'exit-anywhere')!, id: 'my-exit', name: 'My exit' };
    const stored = [...unscoped.filter((r) => r.id !== edited.id), edited, own];
    const tx = d.transaction(['rules', 'meta'], 'readwrite');
    for (const r of stored) await tx.objectStore('rules').put(r);
    await tx.objectStore('meta').put(41, 'rulesVersion');
    await tx.done;
    d.close();
    return stored;
  }

  test('the defaults never edited get the demo-shop condition, as a fresh install seeds them; edited and own rules stay', async () => {
    const name = dbName('v3-scope');
    const stored = await writeV3Database(name);
    await withDb(name, async (d) => {
      assert.equal(d.version, DB_VERSION);
      const rules = new Map((await d.getAll('rules')).map((r) => [r.id, r]));
      for (const def of DEFAULT_RULES.filter((r) => r.id !== 'checkout-exit'))
        assert.deepEqual(rules.get(def.id), def, `${def.id}: as a fresh install seeds it`);
      assert.deepEqual(
        rules.get('checkout-exit'),
        stored.find((r) => r.id === 'checkout-exit'),
        'edited: unchanged',
      );
      assert.deepEqual(
        rules.get('my-exit'),
        stored.find((r) => r.id === 'my-exit'),
        "the marketer's own: unchanged",
      );
      assert.equal(await d.get('meta', 'rulesVersion'), 42, 'caches of the rules reload');
    });
  });

  test('rules as the first versions seeded them (rule model v1, four rules) are recognised after their v1 → v2 upgrade', () => {
    const v1Exit = {
      id: 'exit-anywhere',
      version: 1,
      name: 'Leaving any other page',
      enabled: true,
      trigger: { signal: 'exit-intent' },
      conditions: [],
      flowId: 'exit-offer',
      entry: 'panel',
      priority: 0,
      frequency: { every: 'days', days: 1 },
    };
    const scoped = scopeRuleSeededForAnySite(migrateRule(v1Exit));
    assert.deepEqual(scoped.conditions, [DEMO_SHOP_CONDITION]);
    const changed = migrateRule({ ...v1Exit, frequency: { every: 'days', days: 2 } });
    assert.equal(scopeRuleSeededForAnySite(changed), changed);
  });
});

describe('a fresh database', () => {
  test('is created at the current version and seeded with the default pack', async () => {
    await withDb(dbName('fresh'), async (d) => {
      assert.equal(d.version, DB_VERSION);
      assert.deepEqual((await d.getAll('flows')).sort(byId), [...DEFAULT_FLOWS].sort(byId));
      assert.deepEqual((await d.getAll('rules')).sort(byId), [...DEFAULT_RULES].sort(byId));
      assert.deepEqual(await d.get('profile', 'visitor'), { tags: [], tagExpiry: {}, attributes: {} });
      assert.equal(await d.count('events'), 0);
      assert.equal(await d.count('rollups'), 0);
      assert.equal(await d.count('segments'), 0);
      for (const r of await d.getAll('rules')) assert.equal(r.version, RULE_VERSION);
    });
  });

  test('reopening does not seed again over changes', async () => {
    const name = dbName('fresh-reopen');
    await withDb(name, async (d) => {
      await d.delete('rules', 'exit-anywhere');
      await d.delete('flows', 'article-newsletter');
    });
    await withDb(name, async (d) => {
      assert.equal(await d.get('rules', 'exit-anywhere'), undefined);
      assert.equal(await d.get('flows', 'article-newsletter'), undefined);
      assert.equal(await d.count('rules'), DEFAULT_RULES.length - 1);
    });
  });
});

describe('appendEvents', () => {
  const day = '2025-05-10';

  test("adds the events and counts them in the rollups, in the caller's transaction", async () => {
    await withDb(dbName('append'), async (d) => {
      const events = [
        ev(noon(2025, 5, 10), 'shown', 'a', { nodeId: 'ask' }),
        ev(noon(2025, 5, 10, 1), 'answered', 'a', { nodeId: 'ask', replyId: 'yes', label: 'Yes' }),
        ev(noon(2025, 5, 10, 2), 'answered', 'b', { nodeId: 'ask', replyId: 'yes', label: 'Yes' }),
        ev(noon(2025, 5, 10, 3), 'would-show', '', { ruleId: 'shadow-rule' }),
      ];
      const tx = d.transaction(['events', 'rollups', 'meta'], 'readwrite');
      await tx.objectStore('meta').put('marker', 'same-tx');
      await appendEvents(tx, events);
      await tx.done;
      const stored = await d.getAll('events');
      assert.deepEqual(
        stored.map(({ id: _id, ...e }) => e),
        events,
      );
      assert.ok(stored.every((e) => typeof e.id === 'number'));
      assert.deepEqual(
        (await d.getAll('rollups')).sort(byKey),
        [
          rollup('my-flow', day, 'answered', 2, 'ask', 'yes'),
          rollup('my-flow', day, 'shown', 1),
          rollup('my-flow', day, 'would-show', 1),
        ].sort(byKey),
      );
      assert.equal(await d.get('meta', 'same-tx'), 'marker');

      // A second batch adds to the same counters.
      const tx2 = d.transaction(['events', 'rollups'], 'readwrite');
      await appendEvents(tx2, [
        ev(noon(2025, 5, 10, 9), 'shown', 'c', { nodeId: 'ask' }),
        ev(noon(2025, 5, 11), 'shown', 'd', { nodeId: 'ask' }),
      ]);
      await tx2.done;
      assert.equal((await d.get('rollups', `my-flow|${day}|shown||`))?.count, 2);
      assert.equal((await d.get('rollups', 'my-flow|2025-05-11|shown||'))?.count, 1);
      assert.equal(await d.count('events'), 6);
    });
  });

  test('no events: nothing written', async () => {
    await withDb(dbName('append-none'), async (d) => {
      const tx = d.transaction(['events', 'rollups'], 'readwrite');
      await appendEvents(tx, []);
      await tx.done;
      assert.equal(await d.count('events'), 0);
      assert.equal(await d.count('rollups'), 0);
    });
  });

  test('an aborted transaction leaves neither events nor rollups', async () => {
    await withDb(dbName('append-abort'), async (d) => {
      const first = d.transaction(['events', 'rollups'], 'readwrite');
      await appendEvents(first, [ev(noon(2025, 5, 10), 'shown', 'a', { nodeId: 'ask' })]);
      await first.done;

      const tx = d.transaction(['events', 'rollups', 'meta'], 'readwrite');
      await appendEvents(tx, [
        ev(noon(2025, 5, 10, 1), 'shown', 'b', { nodeId: 'ask' }),
        ev(noon(2025, 5, 10, 2), 'dismissed', 'b', { nodeId: 'ask' }),
      ]);
      await tx.objectStore('meta').put(1, 'budget');
      tx.abort();
      await assert.rejects(tx.done, (e: Error) => e.name === 'AbortError');

      assert.equal(await d.count('events'), 1);
      assert.deepEqual(await d.getAll('rollups'), [rollup('my-flow', day, 'shown', 1)]);
      assert.equal(await d.get('meta', 'budget'), undefined);
    });
  });

  test('a failing write half-way aborts the whole batch: the events before it are not kept either', async () => {
    await withDb(dbName('append-fail'), async (d) => {
      const first = d.transaction(['events', 'rollups'], 'readwrite');
      await appendEvents(first, [ev(noon(2025, 5, 10), 'shown', 'a', { nodeId: 'ask' })]);
      await first.done;
      const [existing] = await d.getAllKeys('events');

      const tx = d.transaction(['events', 'rollups'], 'readwrite');
      const batch = [
        ev(noon(2025, 5, 10, 1), 'shown', 'b', { nodeId: 'ask' }),
        { ...ev(noon(2025, 5, 10, 2), 'completed', 'b', { nodeId: 'thanks' }), id: existing },
      ];
      await assert.rejects(appendEvents(tx, batch), (e: Error) => e.name === 'ConstraintError');
      await assert.rejects(tx.done);

      assert.equal(await d.count('events'), 1);
      assert.deepEqual(await d.getAll('rollups'), [rollup('my-flow', day, 'shown', 1)]);
    });
  });
});

describe('a database from a newer Tact', () => {
  test('opening it rejects with a VersionError and leaves it alone', async () => {
    const name = dbName('newer');
    const newer = await openDB(name, DB_VERSION + 1, {
      upgrade(db) {
        db.createObjectStore('future');
      },
    });
    newer.close();
    await assert.rejects(openTactDB(name), (e: Error) => e.name === 'VersionError');
    const again = await openDB(name);
    assert.equal(again.version, DB_VERSION + 1);
    assert.deepEqual([...again.objectStoreNames], ['future']);
    again.close();
  });
});

describe('rollups: batched and one-by-one writes agree', () => {
  /** A varied log: several flows, days, types, steps and replies, previews and shadow shows. */
  function variedEvents(n: number): TactEvent[] {
    const types: TactEvent['type'][] = ['shown', 'answered', 'answered', 'dismissed', 'completed', 'would-show'];
    return Array.from({ length: n }, (_, i) => {
      const h = Math.imul(i + 1, 2654435761) >>> 0; // Knuth's multiplicative hash: well-mixed bits
      const type = types[h % types.length]!;
      const at = noon(2025, 5, 1 + ((h >>> 4) % 9), i % 50);
      return ev(at, type, type === 'would-show' ? '' : `c${i % 40}`, {
        flowId: ['my-flow', 'other-flow', 'third'][(h >>> 9) % 3]!,
        ...(type === 'would-show' ? {} : { nodeId: ['ask', 'size', 'thanks'][(h >>> 13) % 3]! }),
        ...(type === 'answered' ? { replyId: ['yes', 'no', 'text'][(h >>> 17) % 3]!, label: 'x' } : {}),
        ...((h >>> 21) % 11 === 0 ? { preview: true } : {}),
      });
    });
  }

  test('rollupsOf sums per key and leaves previews out', () => {
    const sums = rollupsOf([
      ev(noon(2025, 5, 10), 'shown', 'a', { nodeId: 'ask' }),
      ev(noon(2025, 5, 10, 5), 'shown', 'b', { nodeId: 'ask' }),
      ev(noon(2025, 5, 10, 6), 'shown', 'p', { nodeId: 'ask', preview: true }),
      ev(noon(2025, 5, 11), 'answered', 'a', { nodeId: 'size', replyId: 'text', label: '30' }),
    ]);
    assert.deepEqual(
      [...sums.values()].sort(byKey),
      [
        rollup('my-flow', '2025-05-10', 'shown', 2),
        rollup('my-flow', '2025-05-11', 'answered', 1, 'size', 'text'),
      ].sort(byKey),
    );
  });

  test('one transaction of 600 events, batches of 37 and one event per transaction store the same events and rollups', async () => {
    const events = variedEvents(600);
    const results: { rollups: Rollup[]; events: TactEvent[] }[] = [];
    for (const batch of [events.length, 37, 1]) {
      await withDb(dbName(`append-batch-${batch}`), async (d) => {
        for (let i = 0; i < events.length; i += batch) {
          const tx = d.transaction(['events', 'rollups'], 'readwrite');
          await appendEvents(tx, events.slice(i, i + batch));
          await tx.done;
        }
        results.push({
          rollups: (await d.getAll('rollups')).sort(byKey),
          events: (await d.getAll('events')).map(({ id: _id, ...e }) => e),
        });
      });
    }
    const [bulk, chunked, single] = results;
    assert.deepEqual(bulk!.events, events, 'events kept in order');
    assert.deepEqual(chunked, bulk);
    assert.deepEqual(single, bulk);
    assert.deepEqual(bulk!.rollups, [...rollupsOf(events).values()].sort(byKey));
    assert.equal(
      bulk!.rollups.reduce((n, r) => n + r.count, 0),
      events.filter((e) => !e.preview).length,
    );
    assert.ok(bulk!.rollups.length > 100, `a varied log (${bulk!.rollups.length} counters)`);
  });
});

describe('the shared connection', () => {
  test('a connection the browser closed is replaced on next use, not reused dead', async () => {
    const first = await db();
    await first.put('meta', 1, 'probe');
    forceCloseDatabase(unwrap(first) as never); // its types ask for the class, it takes an instance
    const second = await db();
    assert.notEqual(second, first, 'a new connection');
    assert.equal(await second.get('meta', 'probe'), 1);
  });
});

describe('migration from schema version 2', () => {
  /** A database as version 2 wrote it: no v3 indexes, visit totals on sites. */
  async function writeV2Database(name: string, conversations: number): Promise<void> {
    const d = await openDB<TactDB>(name, 2, {
      // eslint-disable-next-line @typescript-eslint/no-misused-promises -- as in openTactDB: the upgrade transaction waits for the requests
      async upgrade(db, _old, _new, tx) {
        await UPGRADES[0]!(db, tx, true);
        await UPGRADES[1]!(db, tx, true);
      },
    });
    const tx = d.transaction(['sites', 'conversations', 'events', 'pageViews'], 'readwrite');
    await tx
      .objectStore('sites')
      .put({ origin: 'https://shop.example', enabled: true, visits: 4, lastSeenAt: noon(2025, 5, 11) } as never);
    await tx.objectStore('sites').put({ origin: 'https://off.example', enabled: false });
    for (let i = 0; i < conversations; i++)
      await tx.objectStore('conversations').put({
        ...CONVERSATION,
        id: `c${i}`,
        origin: i % 2 ? 'https://shop.example' : 'https://other.example',
        startedAt: noon(2025, 5, 1) + i * 60_000,
      } as never);
    await tx.objectStore('events').add(ev(noon(2025, 5, 10), 'answered', 'c1', { nodeId: 'ask', replyId: 'yes' }));
    await tx.objectStore('pageViews').put(PAGE_VIEW);
    await tx.done;
    assert.equal(d.version, 2);
    d.close();
  }

  test('adds the hot-path indexes over the records already stored, and counts visits per day', async () => {
    const name = dbName('v2');
    await writeV2Database(name, 40);
    await withDb(name, async (d) => {
      assert.equal(d.version, DB_VERSION);
      assert.ok(d.objectStoreNames.contains('experiments'), 'and, since version 5, the A/B logs');
      const tx = d.transaction(['conversations', 'events', 'pageViews']);
      assert.deepEqual([...tx.objectStore('conversations').indexNames].sort(), ['by-origin-start', 'by-start']);
      assert.ok(tx.objectStore('events').indexNames.contains('by-type-time'));
      assert.ok(tx.objectStore('pageViews').indexNames.contains('by-start'));
      // The indexes cover what was stored before the upgrade.
      const shop = await tx
        .objectStore('conversations')
        .index('by-origin-start')
        .getAll(IDBKeyRange.bound(['https://shop.example', -Infinity], ['https://shop.example', Infinity]));
      assert.equal(shop.length, 20);
      assert.ok(shop.every((c) => c.origin === 'https://shop.example'));
      assert.equal(await tx.objectStore('conversations').index('by-start').count(), 40);
      assert.equal(
        await tx
          .objectStore('events')
          .index('by-type-time')
          .count(IDBKeyRange.bound(['answered', 0], ['answered', Infinity])),
        1,
      );
      assert.equal(await tx.objectStore('pageViews').index('by-start').count(), 1);
      assert.deepEqual(await d.get('sites', 'https://shop.example'), {
        origin: 'https://shop.example',
        enabled: true,
        lastSeenAt: noon(2025, 5, 11),
        visitsByDay: { '2025-05-11': 4 },
      });
      assert.deepEqual(await d.get('sites', 'https://off.example'), { origin: 'https://off.example', enabled: false });
    });
  });
});

describe('migration from schema version 5: the live page views indexed', () => {
  test('the page views stored stay as they were; the index starts empty, and marks what is written after', async () => {
    const name = dbName('v5');
    const v5 = await openDB<TactDB>(name, 5, {
      // eslint-disable-next-line @typescript-eslint/no-misused-promises -- as in openTactDB: the upgrade transaction waits for the requests
      async upgrade(db, _old, _new, tx) {
        for (let v = 0; v < 5; v++) await UPGRADES[v]!(db, tx, true);
      },
    });
    // Armed page views with nothing shown, as version 5 kept them (tabs of a session since gone,
    // or of content scripts the update cut off), and one that showed something.
    const stored = [
      { ...PAGE_VIEW, armed: ['exit-intent' as const] },
      { ...PAGE_VIEW, pageViewId: 'pv-2', tabId: 5, armed: ['dwell' as const] },
      { ...PAGE_VIEW, pageViewId: 'pv-3', tabId: 6, armed: ['dwell' as const], shownConversationId: 'c1' },
    ];
    for (const view of stored) await v5.put('pageViews', view);
    await v5.put('meta', 12, 'backgroundStarts');
    v5.close();
    await withDb(name, async (d) => {
      assert.equal(d.version, DB_VERSION);
      const views = d.transaction('pageViews').store;
      assert.deepEqual([...views.indexNames].sort(), ['by-live-tab', 'by-start', 'by-tab']);
      assert.deepEqual(
        (await d.getAll('pageViews')).sort((a, b) => a.pageViewId.localeCompare(b.pageViewId)),
        stored,
      );
      assert.equal(await d.get('meta', 'backgroundStarts'), 12);
      // No content script of the older version can be told anything: none is marked live.
      assert.equal(await d.countFromIndex('pageViews', 'by-live-tab'), 0);
      // A page view written as the background writes it now is.
      await d.put('pageViews', liveness({ ...stored[1]!, pageViewId: 'pv-4' }));
      assert.deepEqual(await d.getAllKeysFromIndex('pageViews', 'by-live-tab', 5), ['pv-4']);
    });
  });
});

describe('migration from schema version 6: the Results reads indexed', () => {
  test('the events and rollups stored are indexed by flow, type and time, and by type and day', async () => {
    const name = dbName('v6');
    const v6 = await openTactDB(name, 6);
    const tx = v6.transaction(['events', 'rollups'], 'readwrite');
    await appendEvents(tx, V1_EVENTS);
    await tx.done;
    const events = await v6.getAll('events');
    const rollups = await v6.getAll('rollups');
    v6.close();
    await withDb(name, async (d) => {
      assert.equal(d.version, DB_VERSION);
      assert.deepEqual(await d.getAll('events'), events, 'events unchanged');
      assert.deepEqual(await d.getAll('rollups'), rollups, 'rollups unchanged');
      const answered = await d.getAllFromIndex(
        'events',
        'by-flow-type-time',
        IDBKeyRange.bound(['my-flow', 'answered', noon(2025, 5, 10, 2)], ['my-flow', 'answered', Infinity]),
      );
      assert.deepEqual(
        answered.map((e) => [e.conversationId, e.label]),
        [
          ['c1', '40'],
          ['c2', 'Yes'],
          ['c3', 'No'],
        ],
      );
      const shownOn11 = await d.getAllFromIndex('rollups', 'by-type-day', ['shown', localDay(noon(2025, 5, 11))]);
      assert.deepEqual(shownOn11.map((r) => [r.flowId, r.count]).sort(), [
        ['exit-offer', 1],
        ['my-flow', 1],
      ]);
    });
  });
});
