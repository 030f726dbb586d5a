import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { migrateSiteVisits, retainedSite, visitCount, withPageView, type SiteVisits } from './site-visits.ts';

const MIN = 60_000;
const DAY = 86_400_000;
const dayOf = (at: number) => new Date(at).toISOString().slice(0, 10);
const T0 = Date.UTC(2026, 0, 10, 12);

describe('site visits', () => {
  test('a visit begins after the session gap; counted on its day', () => {
    let site: SiteVisits = { origin: 'https://a.example', enabled: true };
    site = withPageView(site, T0, dayOf(T0), 30);
    site = withPageView(site, T0 + 10 * MIN, dayOf(T0), 30);
    site = withPageView(site, T0 + 50 * MIN, dayOf(T0), 30);
    site = withPageView(site, T0 + DAY, dayOf(T0 + DAY), 30);
    assert.deepEqual(site.visitsByDay, { '2026-01-10': 2, '2026-01-11': 1 });
    assert.equal(visitCount(site), 3);
  });

  test('retention forgets old days and old times; keeps a site turned off, drops one that is on', () => {
    const cutoff = T0 + 5 * DAY;
    const cutoffDay = dayOf(cutoff);
    const recent = {
      origin: 'https://r.example',
      enabled: true,
      visitsByDay: { '2026-01-01': 4, '2026-01-20': 1 },
      lastSeenAt: T0 + 10 * DAY,
    };
    assert.deepEqual(retainedSite(recent, cutoff, cutoffDay), { ...recent, visitsByDay: { '2026-01-20': 1 } });
    const forgotten = {
      origin: 'https://f.example',
      enabled: true,
      visitsByDay: { '2026-01-02': 9 },
      lastSeenAt: T0,
      sessionStartedAt: T0,
    };
    assert.equal(retainedSite(forgotten, cutoff, cutoffDay), undefined);
    const off = { ...forgotten, origin: 'https://off.example', enabled: false };
    assert.deepEqual(retainedSite(off, cutoff, cutoffDay), { origin: 'https://off.example', enabled: false });
  });

  test('property: after retention, nothing older than the window remains, and a site turned off is never lost', () => {
    const day = fc.integer({ min: 0, max: 400 }).map((d) => dayOf(T0 + d * DAY));
    const site = fc.record({
      origin: fc.constant('https://s.example'),
      enabled: fc.boolean(),
      visitsByDay: fc.option(fc.dictionary(day, fc.integer({ min: 1, max: 50 })), { nil: undefined }),
      lastSeenAt: fc.option(fc.integer({ min: T0, max: T0 + 400 * DAY }), { nil: undefined }),
    });
    fc.assert(
      fc.property(site, fc.integer({ min: 0, max: 400 }), (s, cutoffDays) => {
        const cutoff = T0 + cutoffDays * DAY;
        const kept = retainedSite(s, cutoff, dayOf(cutoff));
        if (!s.enabled) assert.equal(kept?.enabled, false);
        if (!kept) return;
        for (const d of Object.keys(kept.visitsByDay ?? {})) assert.ok(d >= dayOf(cutoff));
        assert.ok(kept.lastSeenAt === undefined || kept.lastSeenAt >= cutoff);
        assert.deepEqual(retainedSite(kept, cutoff, dayOf(cutoff)), kept, 'applying it again changes nothing');
      }),
    );
  });

  test('a version 2 record keeps its total, on the day of its last visit', () => {
    assert.deepEqual(migrateSiteVisits({ origin: 'o', enabled: true, visits: 7, lastSeenAt: T0 }, dayOf), {
      origin: 'o',
      enabled: true,
      lastSeenAt: T0,
      visitsByDay: { '2026-01-10': 7 },
    });
    assert.deepEqual(migrateSiteVisits({ origin: 'o', enabled: false }, dayOf), { origin: 'o', enabled: false });
  });
});
