/**
 * The interruption policy's bookkeeping: the daily budget (overall and per site), the back-off
 * after dismissals (doubling, capped at 30 days) and the local calendar day.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  backoffUntil,
  budgetToday,
  DEFAULT_SETTINGS,
  emptyDismissals,
  localDay,
  own,
  recordDismissal,
  refund,
  spend,
  spentOnSite,
  type BudgetState,
} from './policy.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Noon local time, so a few hours either way stay on the same local day in any time zone. */
const NOON = new Date(2025, 4, 14, 12, 0, 0).getTime();
const SHOP = 'https://shop.example';
const BLOG = 'https://blog.example';

describe('localDay', () => {
  test('is the local calendar date, zero-padded', () => {
    assert.equal(localDay(new Date(2025, 0, 5, 9, 30).getTime()), '2025-01-05');
    assert.equal(localDay(new Date(2025, 11, 31, 23, 59, 59, 999).getTime()), '2025-12-31');
    assert.equal(localDay(NOON), '2025-05-14');
  });

  test('changes exactly at local midnight', () => {
    const midnight = new Date(2025, 4, 15, 0, 0, 0).getTime();
    assert.equal(localDay(midnight - 1), '2025-05-14');
    assert.equal(localDay(midnight), '2025-05-15');
  });

  test('crosses month and year boundaries', () => {
    assert.equal(localDay(new Date(2024, 1, 29, 12).getTime()), '2024-02-29');
    assert.equal(localDay(new Date(2024, 1, 29, 12).getTime() + DAY), '2024-03-01');
    assert.equal(localDay(new Date(2025, 11, 31, 12).getTime() + DAY), '2026-01-01');
  });

  test('sorts like time (string order is chronological)', () => {
    const days = [0, 1, 30, 31, 59, 365].map((n) => localDay(NOON + n * DAY));
    assert.deepEqual([...days].sort(), days);
  });
});

describe('budgetToday', () => {
  test('no record yet: an empty budget for today', () => {
    assert.deepEqual(budgetToday(undefined, '2025-05-14'), { day: '2025-05-14', total: 0, bySite: {} });
  });

  test("today's record is kept as is", () => {
    const b: BudgetState = { day: '2025-05-14', total: 1.5, bySite: { [SHOP]: 1.5 } };
    assert.equal(budgetToday(b, '2025-05-14'), b);
  });

  test("yesterday's record counts as empty", () => {
    const b: BudgetState = { day: '2025-05-13', total: 4, bySite: { [SHOP]: 2, [BLOG]: 2 } };
    assert.deepEqual(budgetToday(b, '2025-05-14'), { day: '2025-05-14', total: 0, bySite: {} });
  });

  test('a record from a later day (clock moved back) also counts as empty, not as spent', () => {
    const b: BudgetState = { day: '2025-05-15', total: 4, bySite: { [SHOP]: 4 } };
    assert.deepEqual(budgetToday(b, '2025-05-14'), { day: '2025-05-14', total: 0, bySite: {} });
  });
});

describe('spend and spentOnSite', () => {
  test('adds the weight to the total and to the site', () => {
    const b0 = budgetToday(undefined, '2025-05-14');
    const b1 = spend(b0, SHOP, 1);
    assert.deepEqual(b1, { day: '2025-05-14', total: 1, bySite: { [SHOP]: 1 } });
    const b2 = spend(b1, SHOP, 0.5);
    assert.deepEqual(b2, { day: '2025-05-14', total: 1.5, bySite: { [SHOP]: 1.5 } });
    const b3 = spend(b2, BLOG, 0.5);
    assert.deepEqual(b3, { day: '2025-05-14', total: 2, bySite: { [SHOP]: 1.5, [BLOG]: 0.5 } });
    assert.equal(spentOnSite(b3, SHOP), 1.5);
    assert.equal(spentOnSite(b3, BLOG), 0.5);
    assert.equal(spentOnSite(b3, 'https://other.example'), 0);
  });

  test("the demo shop's shows spend its own budget, not the day's overall one", () => {
    const demo = 'http://northwind.localhost:4180';
    let b = budgetToday(undefined, '2025-05-14');
    for (let i = 0; i < 6; i++) b = spend(b, demo, 1);
    assert.deepEqual(b, { day: '2025-05-14', total: 0, bySite: { [demo]: 6 } });
    b = spend(b, SHOP, 1);
    assert.equal(b.total, 1);
  });

  test('does not change the budget it was given', () => {
    const b0: BudgetState = { day: '2025-05-14', total: 1, bySite: { [SHOP]: 1 } };
    const copy = structuredClone(b0);
    spend(b0, SHOP, 1);
    spend(b0, BLOG, 1);
    assert.deepEqual(b0, copy);
  });

  test('sums of fractional weights stay exact (no 0.1 + 0.2 drift)', () => {
    let b = budgetToday(undefined, '2025-05-14');
    for (let i = 0; i < 10; i++) b = spend(b, SHOP, 0.1);
    assert.equal(b.total, 1);
    assert.equal(spentOnSite(b, SHOP), 1);
    b = spend(spend(budgetToday(undefined, 'd'), SHOP, 0.1), SHOP, 0.2);
    assert.equal(b.total, 0.3);
  });

  test('an origin named like an Object.prototype member is just another site', () => {
    const b = budgetToday(undefined, '2025-05-14');
    assert.equal(spentOnSite(b, 'constructor'), 0);
    assert.equal(spentOnSite(b, '__proto__'), 0);
    const b1 = spend(b, 'toString', 1);
    assert.equal(spentOnSite(b1, 'toString'), 1);
    assert.equal(b1.total, 1);
  });

  test('the default settings are considerate: a pill costs less than a panel, caps are small', () => {
    assert.ok(DEFAULT_SETTINGS.entryWeights.pill < DEFAULT_SETTINGS.entryWeights.panel);
    assert.ok(DEFAULT_SETTINGS.maxPerSitePerDay <= DEFAULT_SETTINGS.maxPerDay);
    assert.ok(DEFAULT_SETTINGS.minSecondsOnPage > 0);
    assert.ok(DEFAULT_SETTINGS.backoffHours > 0);
    assert.equal(DEFAULT_SETTINGS.snoozeUntil, 0);
  });
});

describe('dismissals and back-off', () => {
  test('no dismissal: no back-off', () => {
    assert.equal(backoffUntil(undefined, 24), 0);
    assert.equal(backoffUntil({ count: 0, lastAt: NOON }, 24), 0);
    assert.deepEqual(emptyDismissals(), { byFlow: {}, bySite: {} });
  });

  test('recordDismissal counts per flow and per site, remembering the last time', () => {
    let s = emptyDismissals();
    s = recordDismissal(s, 'exit-offer', SHOP, NOON);
    assert.deepEqual(s, {
      byFlow: { 'exit-offer': { count: 1, lastAt: NOON } },
      bySite: { [SHOP]: { count: 1, lastAt: NOON } },
    });
    s = recordDismissal(s, 'exit-offer', BLOG, NOON + HOUR);
    s = recordDismissal(s, 'pricing-help', SHOP, NOON + 2 * HOUR);
    assert.deepEqual(s.byFlow, {
      'exit-offer': { count: 2, lastAt: NOON + HOUR },
      'pricing-help': { count: 1, lastAt: NOON + 2 * HOUR },
    });
    assert.deepEqual(s.bySite, {
      [SHOP]: { count: 2, lastAt: NOON + 2 * HOUR },
      [BLOG]: { count: 1, lastAt: NOON + HOUR },
    });
  });

  test('on the demo shop, a dismissal backs off that site only, never the flow on other sites', () => {
    const demo = 'http://northwind.localhost:4173';
    const s = recordDismissal(emptyDismissals(), 'exit-offer', demo, NOON);
    assert.deepEqual(s, { byFlow: {}, bySite: { [demo]: { count: 1, lastAt: NOON } } });
    assert.equal(backoffUntil(own(s.byFlow, 'exit-offer'), 24), 0, 'the flow may show on another site at once');
    assert.ok(backoffUntil(own(s.bySite, demo), 24) > NOON, 'the demo shop itself waits');
    // Another site on the same machine is not the demo shop.
    const local = recordDismissal(emptyDismissals(), 'exit-offer', 'http://127.0.0.1:4173', NOON);
    assert.deepEqual(local.byFlow, { 'exit-offer': { count: 1, lastAt: NOON } });
  });

  test('recordDismissal does not change the state it was given', () => {
    const s0 = recordDismissal(emptyDismissals(), 'f', SHOP, NOON);
    const copy = structuredClone(s0);
    recordDismissal(s0, 'f', SHOP, NOON + HOUR);
    assert.deepEqual(s0, copy);
  });

  test('the first dismissal waits backoffHours, each further one doubles the wait', () => {
    for (const hours of [1, 6, 24]) {
      let s = emptyDismissals();
      for (let n = 1; n <= 5; n++) {
        s = recordDismissal(s, 'f', SHOP, NOON);
        const wait = hours * HOUR * 2 ** (n - 1);
        assert.equal(backoffUntil(own(s.byFlow, 'f'), hours), NOON + wait, `flow, ${n} dismissal(s), ${hours} h`);
        assert.equal(backoffUntil(own(s.bySite, SHOP), hours), NOON + wait, `site, ${n} dismissal(s), ${hours} h`);
      }
    }
  });

  test('the wait counts from the last dismissal', () => {
    let s = recordDismissal(emptyDismissals(), 'f', SHOP, NOON);
    s = recordDismissal(s, 'f', SHOP, NOON + 100 * HOUR);
    assert.equal(backoffUntil(own(s.byFlow, 'f'), 24), NOON + 100 * HOUR + 48 * HOUR);
  });

  test('the wait is capped at 30 days, however many dismissals', () => {
    const cap = 30 * DAY;
    // 24 h · 2^5 = 32 days > 30 days
    assert.equal(backoffUntil({ count: 5, lastAt: NOON }, 24), NOON + 16 * DAY);
    assert.equal(backoffUntil({ count: 6, lastAt: NOON }, 24), NOON + cap);
    assert.equal(backoffUntil({ count: 50, lastAt: NOON }, 24), NOON + cap);
    assert.equal(backoffUntil({ count: 1000, lastAt: NOON }, 24), NOON + cap);
    // A first back-off longer than the cap is capped too.
    assert.equal(backoffUntil({ count: 1, lastAt: NOON }, 24 * 45), NOON + cap);
  });

  test('backoffHours 0 turns the back-off off', () => {
    assert.equal(backoffUntil({ count: 1, lastAt: NOON }, 0), NOON);
    assert.equal(backoffUntil({ count: 10, lastAt: NOON }, 0), NOON);
  });

  test('own() reads own properties only', () => {
    const map: Record<string, number> = { a: 1 };
    assert.equal(own(map, 'a'), 1);
    assert.equal(own(map, 'b'), undefined);
    assert.equal(own(map, 'toString'), undefined);
    assert.equal(own(map, '__proto__'), undefined);
  });
});

describe('refund: a conversation never seen gives back what it reserved', () => {
  const day = localDay(NOON);
  test('spend then refund on the same day is the budget before', () => {
    const before: BudgetState = { day, total: 1.5, bySite: { [SHOP]: 1, [BLOG]: 0.5 } };
    assert.deepEqual(refund(spend(before, SHOP, 0.5), day, SHOP, 0.5), { ...before, bySite: { ...before.bySite } });
    assert.deepEqual(refund(spend(before, SHOP, 0.1), day, SHOP, 0.1).total, 1.5);
  });
  test('another day: nothing to give back (the budget started from zero); never below zero', () => {
    const today: BudgetState = { day: 'other-day', total: 1, bySite: { [SHOP]: 1 } };
    assert.equal(refund(today, day, SHOP, 1), today);
    assert.deepEqual(refund({ day, total: 0.2, bySite: { [SHOP]: 0.2 } }, day, SHOP, 1), {
      day,
      total: 0,
      bySite: { [SHOP]: 0 },
    });
  });
});
