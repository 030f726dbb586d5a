/**
 * Retention on fake-indexeddb and its daily alarm: the alarm is there after every background
 * start (browsers drop alarms over a restart), and an existing schedule is left alone.
 */
import 'fake-indexeddb/auto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRetention, ensureRetentionAlarm, resumeRetention, RETENTION_ALARM, type AlarmsApi } from './retention.ts';
import { appendEvents, db } from './store.ts';
import { localDay } from '../core/rules/policy.ts';
import type { TactEvent } from '../core/results/event-model.ts';

const DAY = 86_400_000;
const NOW = Date.now();
const OLD = NOW - 200 * DAY; // past the default 180 days
const RECENT = NOW - 3 * DAY;

function event(at: number, i: number): TactEvent {
  return {
    at,
    type: 'shown',
    conversationId: `c${i}`,
    flowId: 'exit-offer',
    ruleId: 'r',
    origin: 'https://a.example',
    path: '/',
  };
}

async function clearAll(): Promise<void> {
  const d = await db();
  for (const store of ['events', 'rollups', 'conversations', 'pageViews', 'sites', 'experiments', 'meta'] as const)
    await d.clear(store);
}

/** Alarms as a browser keeps them; `restart()` drops them all, as Firefox does over a restart. */
function fakeAlarms() {
  const alarms = new Map<string, Pick<chrome.alarms.Alarm, 'name' | 'scheduledTime' | 'periodInMinutes'>>();
  let clock = 1_000_000;
  const api: AlarmsApi = {
    get: (name) => Promise.resolve(alarms.get(name)),
    create: (name, info) => {
      alarms.set(name, {
        name,
        scheduledTime: clock + (info.delayInMinutes ?? 0) * 60_000,
        periodInMinutes: info.periodInMinutes,
      });
    },
  };
  return {
    api,
    alarms,
    advance: (ms: number) => (clock += ms),
    restart: () => alarms.clear(),
  };
}

describe('the retention alarm', () => {
  test('is created at the first start, and again after a browser restart dropped it', async () => {
    const browser = fakeAlarms();
    assert.equal(await ensureRetentionAlarm(browser.api), true);
    assert.equal(browser.alarms.get(RETENTION_ALARM)?.periodInMinutes, 24 * 60);
    browser.restart();
    assert.equal(browser.alarms.size, 0);
    assert.equal(await ensureRetentionAlarm(browser.api), true, 'the start after the restart re-creates it');
    assert.ok(browser.alarms.has(RETENTION_ALARM));
  });

  test('a background that restarts often does not push retention back', async () => {
    const browser = fakeAlarms();
    await ensureRetentionAlarm(browser.api);
    const scheduled = browser.alarms.get(RETENTION_ALARM)!.scheduledTime;
    for (let i = 0; i < 10; i++) {
      browser.advance(30_000); // a service worker stopped after 30 s idle and woken again
      assert.equal(await ensureRetentionAlarm(browser.api), false);
    }
    assert.equal(browser.alarms.get(RETENTION_ALARM)!.scheduledTime, scheduled);
  });
});

describe('retention', () => {
  test('deletes old events, conversations and page views in batches, each its own transaction; counts stay', async () => {
    await clearAll();
    const d = await db();
    const tx = d.transaction(['events', 'rollups', 'conversations', 'pageViews'], 'readwrite');
    await appendEvents(tx, [
      ...Array.from({ length: 1200 }, (_, i) => event(OLD + i, i)),
      ...Array.from({ length: 30 }, (_, i) => event(RECENT + i, i)),
    ]);
    for (let i = 0; i < 700; i++)
      await tx
        .objectStore('conversations')
        .put({ id: `old${i}`, origin: 'https://a.example', startedAt: OLD + i } as never);
    await tx.objectStore('conversations').put({ id: 'new', origin: 'https://a.example', startedAt: RECENT } as never);
    await tx
      .objectStore('pageViews')
      .put({ pageViewId: 'v-old', tabId: 1, origin: 'o', url: 'u', startedAt: NOW - 3 * DAY });
    await tx
      .objectStore('pageViews')
      .put({ pageViewId: 'v-new', tabId: 2, origin: 'o', url: 'u', startedAt: NOW - DAY });
    await tx.done;
    const rollups = await d.getAll('rollups');

    const summary = await applyRetention(NOW, 500);
    assert.deepEqual(
      { events: summary.events, conversations: summary.conversations, pageViews: summary.pageViews },
      { events: 1200, conversations: 700, pageViews: 1 },
    );
    // 1 200 events: 500 + 500 + 200; 700 conversations: 500 + 200; page views 1; sites and
    // experiments 1 each (empty passes).
    assert.equal(summary.transactions, 3 + 2 + 1 + 1 + 1);
    assert.equal(await d.count('events'), 30);
    assert.deepEqual(await d.getAllKeys('conversations'), ['new']);
    assert.deepEqual(await d.getAllKeys('pageViews'), ['v-new']);
    assert.deepEqual(await d.getAll('rollups'), rollups, 'the counts are kept');
    assert.equal(await d.get('meta', 'retentionPending'), undefined);
  });

  test('sites: only what the visitor set outlives the window (sites turned off), visit counts of old days go', async () => {
    await clearAll();
    const d = await db();
    const oldDay = localDay(OLD);
    const recentDay = localDay(RECENT);
    await d.put('sites', {
      origin: 'https://gone.example',
      enabled: true,
      visitsByDay: { [oldDay]: 12 },
      lastSeenAt: OLD,
      sessionStartedAt: OLD,
    });
    await d.put('sites', {
      origin: 'https://off.example',
      enabled: false,
      visitsByDay: { [oldDay]: 2 },
      lastSeenAt: OLD,
    });
    await d.put('sites', {
      origin: 'https://kept.example',
      enabled: true,
      visitsByDay: { [oldDay]: 30, [recentDay]: 2 },
      lastSeenAt: RECENT,
    });
    const summary = await applyRetention(NOW);
    assert.equal(await d.get('sites', 'https://gone.example'), undefined, 'a site visited long ago is forgotten');
    assert.deepEqual(await d.get('sites', 'https://off.example'), { origin: 'https://off.example', enabled: false });
    assert.deepEqual(await d.get('sites', 'https://kept.example'), {
      origin: 'https://kept.example',
      enabled: true,
      visitsByDay: { [recentDay]: 2 },
      lastSeenAt: RECENT,
    });
    assert.deepEqual([summary.sites, summary.sitesTrimmed], [1, 2]);
  });

  test("A/B logs: exposures older than the window go with their visitors' actions; a log left empty goes", async () => {
    await clearAll();
    const d = await db();
    await d.put('experiments', {
      ruleId: 'old-test',
      exposures: [{ visitorId: 'v', variantId: 'a', at: OLD }],
      actions: [{ visitorId: 'v', kind: 'completed', at: OLD + DAY, flowId: 'f' }],
    });
    await d.put('experiments', {
      ruleId: 'running-test',
      exposures: [
        { visitorId: 'v', variantId: 'a', at: OLD },
        { visitorId: 'w', variantId: 'b', at: RECENT },
      ],
      actions: [
        { visitorId: 'v', kind: 'click', at: OLD + 1, selector: '#buy' },
        { visitorId: 'w', kind: 'click', at: RECENT + 1, selector: '#buy' },
      ],
    });
    const summary = await applyRetention(NOW);
    assert.equal(await d.get('experiments', 'old-test'), undefined, 'a test met long ago is forgotten');
    assert.deepEqual(await d.get('experiments', 'running-test'), {
      ruleId: 'running-test',
      exposures: [{ visitorId: 'w', variantId: 'b', at: RECENT }],
      actions: [{ visitorId: 'w', kind: 'click', at: RECENT + 1, selector: '#buy' }],
    });
    assert.deepEqual([summary.experiments, summary.experimentsTrimmed], [1, 1]);
  });

  test('a run the background stopped half-way is finished at the next start; none is started without one', async () => {
    await clearAll();
    const d = await db();
    const tx = d.transaction(['events', 'rollups'], 'readwrite');
    await appendEvents(tx, [event(OLD, 1), event(RECENT, 2)]);
    await tx.done;
    assert.equal(await resumeRetention(), undefined, 'nothing pending: nothing runs');
    assert.equal(await d.count('events'), 2);
    await d.put('meta', NOW, 'retentionPending'); // as left by a run the browser stopped
    const summary = await resumeRetention();
    assert.equal(summary?.events, 1);
    assert.equal(await d.count('events'), 1);
    assert.equal(await d.get('meta', 'retentionPending'), undefined);
  });
});
