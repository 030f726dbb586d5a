/**
 * decide() with the interruption policy's inputs: budget (entry weights, per site, per day, local
 * day reset), snooze, back-off after dismissals, shadow mode, schedule, per-visit frequency, every
 * kind of condition and the quiet moment. Then property-based tests (fast-check) of the policy's
 * invariants over random rules, signals, settings, budgets, dismissals and times.
 */
import { checkInEnglish, inEnglish } from '../test-support/catalogue.ts';
import { waitParts } from './reason-words.ts';

/** A wait in the units `waitParts` chose, abbreviated as the tests write them ("4 min 48 s"). */
const UNIT_ABBR = { second: 's', minute: 'min', hour: 'h', day: 'd' } as const;
const describeWait = (ms: number) =>
  waitParts(ms)
    .map((p) => `${p.value} ${UNIT_ABBR[p.unit]}`)
    .join(' ');
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decide, type Decision, type DecisionInput, type RuleTrace } from './engine.ts';
import { buildRuleIndex } from './rule-index.ts';
import { rulesForPage } from './page-rules.ts';
import { decideAgain, decideQuick, replayOf } from './quick-decide.ts';
import { approvalOf, predictFirst } from './first-decision.ts';
import { generateRules, makeQueries } from '../test-support/rule-mix.ts';
import { urlConditionsHold, urlMatches } from './url-match.ts';
import type { QuietState, PageContext, Signal, Trigger } from '../signals/signal-model.ts';
import { FLAG_SIGNALS, INTENTS, SCROLL_DEPTHS } from '../signals/signal-kinds.ts';
import {
  PAGE_FIELDS,
  RULE_VERSION,
  TEXT_OPS,
  type Condition,
  type Device,
  type EntryMode,
  type Frequency,
  type Rule,
  type Segment,
  type UrlMatch,
} from './rule-model.ts';
import { localDay, type BudgetState, type DismissalState, type PolicySettings } from './policy.ts';
import { testRule as rule } from '../test-support/test-rule.ts';

// ---------------------------------------------------------------- fixtures

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Wednesday 14 May 2025, noon local time (the tests hold in any time zone). */
const NOW = new Date(2025, 4, 14, 12, 0, 0).getTime();
const TODAY = localDay(NOW);
const SHOP = 'https://shop.example';
const BLOG = 'https://blog.example';
const EXIT: Signal = { type: 'exit-intent' };
const SCROLL_50: Signal = { type: 'scroll-depth', percent: 50 };
const FLOWS = new Set(['exit-offer', 'pricing-help', 'checkout-reassurance']);

function input(over: Partial<DecisionInput> = {}): DecisionInput {
  return {
    now: NOW,
    signal: EXIT,
    page: { url: `${SHOP}/pricing?plan=plus`, startedAt: NOW - 30 * SECOND },
    siteEnabled: true,
    pageViewShown: false,
    profile: { tags: [] },
    lastShownByRule: {},
    rules: [rule({ id: 'r' })],
    flowIds: FLOWS,
    ...over,
  };
}

function traceOf(d: Decision, ruleId: string): RuleTrace {
  const t = d.rules.find((r) => r.ruleId === ruleId);
  assert.ok(t, `no trace for rule ${ruleId}`);
  return t;
}

/** The check of a trace whose label contains `part`. */
function check(t: RuleTrace, part: string) {
  const c = t.checks.find((x) => inEnglish(x.label).includes(part));
  assert.ok(
    c,
    `rule ${t.ruleId} has no check labelled like "${part}"; got ${JSON.stringify(t.checks.map((x) => inEnglish(x.label)))}`,
  );
  return checkInEnglish(c);
}

function policyCheck(d: Decision, part: string) {
  const c = d.policy.find((x) => inEnglish(x.label).includes(part));
  assert.ok(
    c,
    `no policy check labelled like "${part}"; got ${JSON.stringify(d.policy.map((x) => inEnglish(x.label)))}`,
  );
  return checkInEnglish(c);
}

/** Decides with a single rule that has these conditions; true when it shows. */
function fires(conditions: Condition[], over: Partial<DecisionInput> = {}): boolean {
  const d = decide(input({ rules: [rule({ id: 'c', conditions })], ...over }));
  return d.show?.ruleId === 'c';
}

const budget = (total: number, bySite: Record<string, number>, day = TODAY): BudgetState => ({ day, total, bySite });

// ---------------------------------------------------------------- budget

describe('decide: budget with entry weights', () => {
  const settings: Partial<PolicySettings> = { maxPerSitePerDay: 1, maxPerDay: 10 };

  test('a pill costs 0.5: with maxPerSitePerDay 1, two pills fit and a third does not', () => {
    const rules = [rule({ id: 'pill', entry: 'pill' })];
    const d1 = decide(input({ rules, settings }));
    assert.deepEqual(d1.show, { ruleId: 'pill', flowId: 'exit-offer', entry: 'pill' });
    assert.deepEqual(d1.budget, budget(0.5, { [SHOP]: 0.5 }));
    const d2 = decide(input({ rules, settings, budget: d1.budget }));
    assert.equal(d2.show?.ruleId, 'pill');
    assert.deepEqual(d2.budget, budget(1, { [SHOP]: 1 }));
    const d3 = decide(input({ rules, settings, budget: d2.budget }));
    assert.equal(d3.show, null);
    assert.equal(traceOf(d3, 'pill').outcome, 'blocked');
    const site = check(traceOf(d3, 'pill'), 'per site per day');
    assert.equal(site.passed, false);
    assert.match(inEnglish(site.detail), /already 1 shown on this site today/);
    assert.deepEqual(d3.budget, d2.budget, 'nothing shown, nothing spent');
  });

  test('a panel (weight 1) after one pill (0.5) does not fit a site cap of 1', () => {
    const d = decide(
      input({ rules: [rule({ id: 'panel', entry: 'panel' })], settings, budget: budget(0.5, { [SHOP]: 0.5 }) }),
    );
    assert.equal(d.show, null);
    assert.equal(check(traceOf(d, 'panel'), 'per site per day').passed, false);
    assert.equal(check(traceOf(d, 'panel'), 'per day overall').passed, true);
  });

  test('when a panel no longer fits, a lower-priority pill still can', () => {
    const rules = [
      rule({ id: 'panel', entry: 'panel', priority: 10 }),
      rule({ id: 'pill', entry: 'pill', priority: 0 }),
    ];
    const d = decide(input({ rules, settings, budget: budget(0.5, { [SHOP]: 0.5 }) }));
    assert.equal(d.show?.ruleId, 'pill');
    assert.equal(traceOf(d, 'panel').outcome, 'blocked');
    assert.deepEqual(d.budget, budget(1, { [SHOP]: 1 }));
  });

  test('the per-site cap is per site: another site still has its budget', () => {
    const d = decide(
      input({
        rules: [rule({ id: 'panel' })],
        settings,
        budget: budget(1, { [SHOP]: 1 }),
        page: { url: `${BLOG}/journal/a`, startedAt: NOW - 30 * SECOND },
      }),
    );
    assert.equal(d.show?.ruleId, 'panel');
    assert.deepEqual(d.budget, budget(2, { [SHOP]: 1, [BLOG]: 1 }));
  });

  test('the explicit origin is the one charged', () => {
    const d = decide(input({ rules: [rule({ id: 'panel' })], origin: 'https://other.example' }));
    assert.deepEqual(d.budget.bySite, { 'https://other.example': 1 });
  });

  test('the overall daily cap counts every site', () => {
    const s: Partial<PolicySettings> = { maxPerSitePerDay: 5, maxPerDay: 2 };
    const rules = [rule({ id: 'panel' })];
    const d1 = decide(input({ rules, settings: s, page: { url: `${SHOP}/a`, startedAt: 0 } }));
    const d2 = decide(input({ rules, settings: s, budget: d1.budget, page: { url: `${BLOG}/b`, startedAt: 0 } }));
    assert.equal(d2.show?.ruleId, 'panel');
    assert.deepEqual(d2.budget, budget(2, { [SHOP]: 1, [BLOG]: 1 }));
    const d3 = decide(
      input({ rules, settings: s, budget: d2.budget, page: { url: 'https://third.example/c', startedAt: 0 } }),
    );
    assert.equal(d3.show, null);
    const overall = check(traceOf(d3, 'panel'), 'per day overall');
    assert.equal(overall.passed, false);
    assert.match(inEnglish(overall.detail), /already 2 shown today/);
    assert.equal(check(traceOf(d3, 'panel'), 'per site per day').passed, true);
  });

  test('with the defaults (2 per site, 4 per day), four pills fit on one site and a fifth does not', () => {
    const rules = [rule({ id: 'pill', entry: 'pill' })];
    let b: BudgetState | undefined;
    for (let i = 0; i < 4; i++) {
      const d = decide(input({ rules, budget: b }));
      assert.equal(d.show?.ruleId, 'pill', `pill ${i + 1}`);
      b = d.budget;
    }
    assert.deepEqual(b, budget(2, { [SHOP]: 2 }));
    assert.equal(decide(input({ rules, budget: b })).show, null);
  });

  test('custom entry weights are used', () => {
    const s: Partial<PolicySettings> = { maxPerSitePerDay: 3, maxPerDay: 3, entryWeights: { panel: 2, pill: 1 } };
    const d = decide(input({ rules: [rule({ id: 'panel' })], settings: s }));
    assert.deepEqual(d.budget, budget(2, { [SHOP]: 2 }));
    assert.equal(decide(input({ rules: [rule({ id: 'panel' })], settings: s, budget: d.budget })).show, null);
    assert.equal(
      decide(input({ rules: [rule({ id: 'pill', entry: 'pill' })], settings: s, budget: d.budget })).show?.ruleId,
      'pill',
    );
  });

  test('a cap of 0 shows nothing', () => {
    assert.equal(decide(input({ settings: { maxPerDay: 0 } })).show, null);
    assert.equal(decide(input({ settings: { maxPerSitePerDay: 0 } })).show, null);
  });

  test('a full budget from yesterday counts as empty: the budget resets on a new local day', () => {
    const yesterday = localDay(NOW - DAY);
    const full = budget(4, { [SHOP]: 2, [BLOG]: 2 }, yesterday);
    const d = decide(input({ budget: full }));
    assert.equal(d.show?.ruleId, 'r');
    assert.deepEqual(d.budget, budget(1, { [SHOP]: 1 }));
  });

  test('the reset happens at local midnight, not before', () => {
    const midnight = new Date(2025, 4, 15, 0, 0, 0).getTime();
    const full = budget(4, { [SHOP]: 2 }, TODAY);
    const before = decide(input({ now: midnight - 1, page: { url: `${SHOP}/x`, startedAt: 0 }, budget: full }));
    assert.equal(before.show, null);
    assert.deepEqual(before.budget, full);
    const after = decide(input({ now: midnight, page: { url: `${SHOP}/x`, startedAt: 0 }, budget: full }));
    assert.equal(after.show?.ruleId, 'r');
    assert.deepEqual(after.budget, budget(1, { [SHOP]: 1 }, '2025-05-15'));
  });

  test("nothing shown: today's budget is returned unchanged (a fresh one when the stored one is old)", () => {
    const today = budget(1, { [SHOP]: 1 });
    assert.deepEqual(decide(input({ rules: [], budget: today })).budget, today);
    assert.deepEqual(
      decide(input({ rules: [], budget: budget(3, { [SHOP]: 3 }, '2025-05-13') })).budget,
      budget(0, {}),
    );
  });
});

// ---------------------------------------------------------------- snooze, site off, page view

describe('decide: snooze, site off, one per page view', () => {
  test('snooze blocks everything, exit intent included, until snoozeUntil', () => {
    const rules = [
      rule({ id: 'exit' }),
      rule({ id: 'scroll', trigger: { signal: 'scroll-depth', atLeast: 50 } }),
      rule({ id: 'shadow', shadow: true }),
    ];
    for (const signal of [EXIT, SCROLL_50]) {
      const d = decide(input({ rules, signal, settings: { snoozeUntil: NOW + HOUR } }));
      assert.equal(d.show, null);
      assert.deepEqual(d.wouldShow, [], 'a snoozed shadow rule would not have shown either');
      const snooze = policyCheck(d, 'Not snoozed');
      assert.equal(snooze.passed, false);
      assert.match(inEnglish(snooze.detail), /^snoozed until [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d\s[AP]M$/);
      for (const t of d.rules) assert.notEqual(t.outcome, 'fired');
    }
  });

  test('snooze ends at snoozeUntil', () => {
    assert.equal(decide(input({ now: NOW, settings: { snoozeUntil: NOW + 1 } })).show, null);
    assert.equal(decide(input({ now: NOW, settings: { snoozeUntil: NOW } })).show?.ruleId, 'r');
    assert.equal(decide(input({ now: NOW, settings: { snoozeUntil: NOW - DAY } })).show?.ruleId, 'r');
    assert.equal(policyCheck(decide(input({ settings: { snoozeUntil: 0 } })), 'Not snoozed').passed, true);
  });

  test('a site turned off never shows, shadow rules included', () => {
    const d = decide(input({ siteEnabled: false, rules: [rule({ id: 'r' }), rule({ id: 's', shadow: true })] }));
    assert.equal(d.show, null);
    assert.deepEqual(d.wouldShow, []);
    assert.equal(policyCheck(d, 'on for this site').passed, false);
  });

  test('a page view that already showed something shows nothing more', () => {
    const d = decide(input({ pageViewShown: true }));
    assert.equal(d.show, null);
    assert.equal(policyCheck(d, 'one conversation per page view').passed, false);
  });

  test('a page view an A/B hold-out took shows nothing more, says so, and spends no budget', () => {
    const d = decide(input({ pageViewHeldOut: true }));
    assert.equal(d.show, null);
    const check = policyCheck(d, 'one conversation per page view');
    assert.equal(check.passed, false);
    assert.match(check.detail, /hold-out took this page’s turn/);
    assert.deepEqual(d.budget, decide(input({ pageViewShown: true })).budget, 'the same budget as a blocked page view');
  });
});

// ---------------------------------------------------------------- back-off

describe('decide: back-off after dismissals', () => {
  const dismissedFlow = (count: number, lastAt: number): DismissalState => ({
    byFlow: { 'exit-offer': { count, lastAt } },
    bySite: {},
  });
  const dismissedSite = (count: number, lastAt: number, origin = SHOP): DismissalState => ({
    byFlow: {},
    bySite: { [origin]: { count, lastAt } },
  });

  test('one dismissal of a flow: it waits backoffHours, then may show again', () => {
    const s = { backoffHours: 24 };
    const early = decide(input({ settings: s, dismissals: dismissedFlow(1, NOW - 24 * HOUR + 1) }));
    assert.equal(early.show, null);
    const c = check(traceOf(early, 'r'), 'this flow was dismissed');
    assert.equal(c.passed, false);
    assert.equal(inEnglish(c.detail), 'dismissed recently; waits 1 sec more');
    assert.equal(decide(input({ settings: s, dismissals: dismissedFlow(1, NOW - 24 * HOUR) })).show?.ruleId, 'r');
  });

  test('the wait is said in the unit that states it exactly (36–288 s back-offs read "1 h" before)', () => {
    const s = { backoffHours: 0.01 }; // 36 s; the 4th dismissal waits 288 s
    const detail = (n: number, ago: number) =>
      inEnglish(
        check(
          traceOf(decide(input({ settings: s, dismissals: dismissedFlow(n, NOW - ago) })), 'r'),
          'flow was dismissed',
        ).detail,
      );
    assert.equal(detail(1, 0), 'dismissed recently; waits 36 sec more');
    assert.equal(detail(4, 0), 'dismissed recently; waits 4 min 48 sec more');
    assert.equal(detail(4, 48_000), 'dismissed recently; waits 4 min more');
    assert.equal(detail(1, 35_500), 'dismissed recently; waits 1 sec more');
  });

  test('waitParts: rounded up in the smaller unit, split without a "60"', () => {
    const cases: [number, string][] = [
      [1, '1 s'],
      [59_000, '59 s'],
      [59_001, '1 min'],
      [60_000, '1 min'],
      [61_000, '1 min 1 s'],
      [HOUR - 500, '1 h'],
      [HOUR + 1, '1 h 1 min'],
      [24 * HOUR - 3_000, '24 h'],
      [48 * HOUR, '48 h'],
      [48 * HOUR + 1, '2 d 1 h'],
      [30 * DAY, '30 d'],
    ];
    for (const [ms, text] of cases) assert.equal(describeWait(ms), text, `${ms} ms`);
  });

  test('waitParts never says less than the wait, nor more by a whole smallest unit', () => {
    const unitMs: Record<string, number> = { s: 1000, min: 60_000, h: HOUR, d: 24 * HOUR };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 * 24 * HOUR }), (ms) => {
        const parts = [...describeWait(ms).matchAll(/(\d+) (s|min|h|d)/g)].map((m) => [Number(m[1]), unitMs[m[2]!]!]);
        const said = parts.reduce((sum, [n, unit]) => sum + n! * unit!, 0);
        const smallest = parts.at(-1)![1]!;
        return said >= ms && said - ms < Math.max(smallest, 1000) && parts.length <= 2;
      }),
    );
  });

  test('each further dismissal doubles the wait: n dismissals wait backoffHours·2^(n-1)', () => {
    for (const hours of [1, 24]) {
      for (let n = 1; n <= 5; n++) {
        const wait = hours * HOUR * 2 ** (n - 1);
        const s = { backoffHours: hours };
        assert.equal(
          decide(input({ settings: s, dismissals: dismissedFlow(n, NOW - wait + 1) })).show,
          null,
          `${n} dismissals, ${hours} h, 1 ms early`,
        );
        assert.equal(
          decide(input({ settings: s, dismissals: dismissedFlow(n, NOW - wait) })).show?.ruleId,
          'r',
          `${n} dismissals, ${hours} h, on time`,
        );
      }
    }
  });

  test('the wait never exceeds 30 days', () => {
    const s = { backoffHours: 24 };
    assert.equal(decide(input({ settings: s, dismissals: dismissedFlow(20, NOW - 30 * DAY + 1) })).show, null);
    assert.equal(decide(input({ settings: s, dismissals: dismissedFlow(20, NOW - 30 * DAY) })).show?.ruleId, 'r');
  });

  test("a flow's back-off does not hold back other flows", () => {
    const rules = [
      rule({ id: 'exit', flowId: 'exit-offer', priority: 5 }),
      rule({ id: 'reassure', flowId: 'checkout-reassurance' }),
    ];
    const d = decide(input({ rules, dismissals: dismissedFlow(1, NOW - HOUR) }));
    assert.equal(d.show?.ruleId, 'reassure');
    assert.equal(traceOf(d, 'exit').outcome, 'blocked');
  });

  test('a dismissal on a site holds back every flow on that site, and only that site', () => {
    const rules = [
      rule({ id: 'exit', flowId: 'exit-offer' }),
      rule({ id: 'reassure', flowId: 'checkout-reassurance' }),
    ];
    const dismissals = dismissedSite(2, NOW - 47 * HOUR); // waits 48 h
    const d = decide(input({ rules, dismissals, settings: { backoffHours: 24 } }));
    assert.equal(d.show, null);
    for (const id of ['exit', 'reassure']) assert.equal(check(traceOf(d, id), 'dismissal on this site').passed, false);
    assert.equal(
      decide(input({ rules, dismissals, settings: { backoffHours: 24 }, page: { url: `${BLOG}/x`, startedAt: 0 } }))
        .show?.ruleId,
      'exit',
    );
    assert.equal(
      decide(input({ rules, dismissals: dismissedSite(2, NOW - 48 * HOUR), settings: { backoffHours: 24 } })).show
        ?.ruleId,
      'exit',
    );
  });

  test('backoffHours 0: a dismissal does not hold anything back', () => {
    assert.equal(
      decide(
        input({
          settings: { backoffHours: 0 },
          dismissals: {
            byFlow: { 'exit-offer': { count: 3, lastAt: NOW } },
            bySite: { [SHOP]: { count: 3, lastAt: NOW } },
          },
        }),
      ).show?.ruleId,
      'r',
    );
  });
});

// ---------------------------------------------------------------- shadow mode

describe('decide: shadow mode', () => {
  test('a shadow rule never shows; it is listed in wouldShow and spends no budget', () => {
    const start = budget(0.5, { [SHOP]: 0.5 });
    const d = decide(input({ rules: [rule({ id: 'sh', shadow: true, flowId: 'pricing-help' })], budget: start }));
    assert.equal(d.show, null);
    assert.deepEqual(d.wouldShow, [{ ruleId: 'sh', flowId: 'pricing-help' }]);
    assert.deepEqual(d.budget, start);
    const t = traceOf(d, 'sh');
    assert.equal(t.outcome, 'shadow');
    assert.equal(check(t, 'Shadow mode').passed, false);
  });

  test('a live rule still shows next to a higher-priority shadow rule', () => {
    const rules = [
      rule({ id: 'sh', shadow: true, priority: 100, flowId: 'pricing-help' }),
      rule({ id: 'live', priority: 0 }),
    ];
    const d = decide(input({ rules }));
    assert.equal(d.show?.ruleId, 'live');
    assert.deepEqual(d.wouldShow, [{ ruleId: 'sh', flowId: 'pricing-help' }]);
    assert.equal(traceOf(d, 'sh').outcome, 'shadow');
    assert.equal(traceOf(d, 'live').outcome, 'fired');
    assert.deepEqual(d.budget, budget(1, { [SHOP]: 1 }));
  });

  test('several shadow rules are all listed; a shadow rule whose conditions fail is not', () => {
    const rules = [
      rule({ id: 'a', shadow: true }),
      rule({ id: 'b', shadow: true, flowId: 'pricing-help' }),
      rule({ id: 'c', shadow: true, conditions: [{ kind: 'url', match: 'prefix', pattern: '/checkout' }] }),
    ];
    assert.deepEqual(decide(input({ rules })).wouldShow, [
      { ruleId: 'a', flowId: 'exit-offer' },
      { ruleId: 'b', flowId: 'pricing-help' },
    ]);
  });

  test('a shadow rule that the policy would block is not counted as "would have shown"', () => {
    const rules = [rule({ id: 'sh', shadow: true })];
    assert.deepEqual(decide(input({ rules, budget: budget(4, { [SHOP]: 2 }) })).wouldShow, []);
    assert.deepEqual(decide(input({ rules, pageViewShown: true })).wouldShow, []);
  });
});

// ---------------------------------------------------------------- schedule

describe('decide: schedule', () => {
  const iso = (t: number) => new Date(t).toISOString();

  test('before its start date a rule does not fire; from the start it does', () => {
    const early = decide(input({ rules: [rule({ id: 'r', schedule: { start: iso(NOW + 1000) } })] }));
    assert.equal(early.show, null);
    const c = check(traceOf(early, 'r'), 'active dates');
    assert.equal(c.passed, false);
    assert.match(inEnglish(c.detail), /^starts /);
    assert.equal(decide(input({ rules: [rule({ id: 'r', schedule: { start: iso(NOW) } })] })).show?.ruleId, 'r');
  });

  test('from its end date on a rule does not fire (the end is exclusive)', () => {
    const late = decide(input({ rules: [rule({ id: 'r', schedule: { end: iso(NOW) } })] }));
    assert.equal(late.show, null);
    assert.match(inEnglish(check(traceOf(late, 'r'), 'active dates').detail), /^ended /);
    assert.equal(decide(input({ rules: [rule({ id: 'r', schedule: { end: iso(NOW + 1) } })] })).show?.ruleId, 'r');
  });

  test('within start and end it fires, and the trace says "active"', () => {
    const d = decide(input({ rules: [rule({ id: 'r', schedule: { start: iso(NOW - DAY), end: iso(NOW + DAY) } })] }));
    assert.equal(d.show?.ruleId, 'r');
    assert.equal(check(traceOf(d, 'r'), 'active dates').detail, 'active');
  });

  test('an empty schedule adds no check', () => {
    const d = decide(input({ rules: [rule({ id: 'r', schedule: {} })] }));
    assert.equal(d.show?.ruleId, 'r');
    assert.equal(
      traceOf(d, 'r').checks.some((c) => inEnglish(c.label).includes('active dates')),
      false,
    );
  });
});

// ---------------------------------------------------------------- frequency

describe('decide: once per session', () => {
  const session: Frequency = { every: 'session' };
  const started = NOW - 10 * MINUTE;

  test('not shown in this visit yet: fires', () => {
    assert.equal(
      decide(input({ rules: [rule({ id: 'r', frequency: session })], sessionStartedAt: started })).show?.ruleId,
      'r',
    );
    assert.equal(
      decide(
        input({
          rules: [rule({ id: 'r', frequency: session })],
          sessionStartedAt: started,
          lastShownByRule: { r: started - 1 },
        }),
      ).show?.ruleId,
      'r',
    );
  });

  test('shown earlier in this visit (on another page): blocked', () => {
    const d = decide(
      input({
        rules: [rule({ id: 'r', frequency: session })],
        sessionStartedAt: started,
        lastShownByRule: { r: started + MINUTE },
      }),
    );
    assert.equal(d.show, null);
    const c = check(traceOf(d, 'r'), 'Once per visit');
    assert.equal(c.passed, false);
    assert.equal(inEnglish(c.detail), 'already shown in this visit');
  });

  test('shown at the very moment the visit started counts as this visit', () => {
    assert.equal(
      decide(
        input({
          rules: [rule({ id: 'r', frequency: session })],
          sessionStartedAt: started,
          lastShownByRule: { r: started },
        }),
      ).show,
      null,
    );
  });

  test('without sessionStartedAt the page view start is used', () => {
    const page = { url: `${SHOP}/a`, startedAt: NOW - MINUTE };
    assert.equal(
      decide(input({ rules: [rule({ id: 'r', frequency: session })], page, lastShownByRule: { r: NOW - 2 * MINUTE } }))
        .show?.ruleId,
      'r',
    );
    assert.equal(
      decide(input({ rules: [rule({ id: 'r', frequency: session })], page, lastShownByRule: { r: NOW - 30 * SECOND } }))
        .show,
      null,
    );
  });

  test("another rule's show does not count", () => {
    assert.equal(
      decide(
        input({
          rules: [rule({ id: 'r', frequency: session })],
          sessionStartedAt: started,
          lastShownByRule: { other: NOW - MINUTE },
        }),
      ).show?.ruleId,
      'r',
    );
  });
});

// ---------------------------------------------------------------- conditions

describe('decide: page conditions', () => {
  const context: PageContext = {
    lang: 'fr-FR',
    referrer: 'https://www.google.com/search?q=backpack',
    title: 'Trail Pack 40 L — Northwind',
    utm: { source: 'newsletter', medium: 'email', campaign: 'spring-sale' },
    product: { name: 'Trail Pack 40', price: 129.9, currency: 'EUR' },
    viewport: { width: 1280, height: 800 },
  };
  const on = (conditions: Condition[]) =>
    fires(conditions, { page: { url: `${SHOP}/shop/item-40`, startedAt: NOW - MINUTE, context } });

  test('text operators on page fields (case-insensitive)', () => {
    assert.equal(on([{ kind: 'page', field: 'lang', op: 'starts-with', value: 'FR' }]), true);
    assert.equal(on([{ kind: 'page', field: 'lang', op: 'equals', value: 'fr' }]), false);
    assert.equal(on([{ kind: 'page', field: 'lang', op: 'equals', value: 'FR-fr' }]), true);
    assert.equal(on([{ kind: 'page', field: 'referrer', op: 'contains', value: 'GOOGLE.' }]), true);
    assert.equal(on([{ kind: 'page', field: 'title', op: 'regex', value: 'pack \\d+ l' }]), true);
    assert.equal(on([{ kind: 'page', field: 'title', op: 'regex', value: '^Northwind' }]), false);
    assert.equal(on([{ kind: 'page', field: 'product.name', op: 'contains', value: 'trail' }]), true);
    assert.equal(on([{ kind: 'page', field: 'product.currency', op: 'equals', value: 'eur' }]), true);
    assert.equal(on([{ kind: 'page', field: 'product.currency', op: 'equals', value: 'USD' }]), false);
  });

  test('present / absent', () => {
    assert.equal(on([{ kind: 'page', field: 'referrer', op: 'present' }]), true);
    assert.equal(on([{ kind: 'page', field: 'referrer', op: 'absent' }]), false);
    assert.equal(fires([{ kind: 'page', field: 'referrer', op: 'absent' }]), true, 'no context: absent');
    assert.equal(fires([{ kind: 'page', field: 'referrer', op: 'present' }]), false, 'no context: not present');
    assert.equal(
      fires([{ kind: 'page', field: 'referrer', op: 'absent' }], {
        page: { url: `${SHOP}/`, startedAt: 0, context: { referrer: '' } },
      }),
      true,
      'empty counts as absent',
    );
  });

  test('a missing field fails every comparison but "absent"', () => {
    for (const op of ['equals', 'contains', 'starts-with', 'regex'] as const)
      assert.equal(fires([{ kind: 'page', field: 'title', op, value: '' }]), false, op);
  });

  test('an invalid regular expression never matches (and never throws)', () => {
    assert.equal(on([{ kind: 'page', field: 'title', op: 'regex', value: '(' }]), false);
  });

  test('UTM parameters', () => {
    assert.equal(on([{ kind: 'page', field: 'utm.source', op: 'equals', value: 'newsletter' }]), true);
    assert.equal(on([{ kind: 'page', field: 'utm.medium', op: 'equals', value: 'cpc' }]), false);
    assert.equal(on([{ kind: 'page', field: 'utm.campaign', op: 'starts-with', value: 'spring' }]), true);
    assert.equal(on([{ kind: 'page', field: 'utm.term', op: 'absent' }]), true);
    assert.equal(on([{ kind: 'page', field: 'utm.content', op: 'present' }]), false);
    const d = decide(
      input({
        rules: [rule({ id: 'c', conditions: [{ kind: 'page', field: 'utm.source', op: 'equals', value: 'ads' }] })],
        page: { url: `${SHOP}/`, startedAt: 0, context },
      }),
    );
    const c = check(traceOf(d, 'c'), 'UTM source');
    assert.equal(c.passed, false);
    assert.equal(inEnglish(c.detail), '“newsletter”');
  });

  test('price range, bounds inclusive; no price on the page fails', () => {
    assert.equal(on([{ kind: 'price', min: 100 }]), true);
    assert.equal(on([{ kind: 'price', min: 129.9, max: 129.9 }]), true);
    assert.equal(on([{ kind: 'price', max: 129.89 }]), false);
    assert.equal(on([{ kind: 'price', min: 50, max: 100 }]), false);
    assert.equal(fires([{ kind: 'price', min: 0 }]), false);
    const d = decide(input({ rules: [rule({ id: 'c', conditions: [{ kind: 'price', min: 0 }] })] }));
    assert.equal(check(traceOf(d, 'c'), 'price').detail, 'no price on this page');
  });

  test('device: desktop without touch, mobile under 768 px with touch, tablet above', () => {
    const at = (ctx: PageContext, devices: Device[]) =>
      fires([{ kind: 'device', devices }], { page: { url: `${SHOP}/`, startedAt: 0, context: ctx } });
    assert.equal(at({ viewport: { width: 400, height: 800 } }, ['desktop']), true);
    assert.equal(at({ viewport: { width: 400, height: 800 }, touch: true }, ['mobile']), true);
    assert.equal(at({ viewport: { width: 400, height: 800 }, touch: true }, ['desktop', 'tablet']), false);
    assert.equal(at({ viewport: { width: 767, height: 800 }, touch: true }, ['mobile']), true);
    assert.equal(at({ viewport: { width: 768, height: 800 }, touch: true }, ['tablet']), true);
    assert.equal(at({ touch: true }, ['tablet']), true, 'touch with an unknown viewport counts as a tablet');
    assert.equal(at({}, ['desktop']), true);
  });

  test('viewport width range, bounds inclusive; unknown viewport fails', () => {
    const at = (width: number | undefined, c: Condition) =>
      fires([c], {
        page: {
          url: `${SHOP}/`,
          startedAt: 0,
          context: width === undefined ? {} : { viewport: { width, height: 700 } },
        },
      });
    assert.equal(at(1024, { kind: 'viewport', minWidth: 1024 }), true);
    assert.equal(at(1023, { kind: 'viewport', minWidth: 1024 }), false);
    assert.equal(at(600, { kind: 'viewport', maxWidth: 600 }), true);
    assert.equal(at(601, { kind: 'viewport', maxWidth: 600 }), false);
    assert.equal(at(800, { kind: 'viewport', minWidth: 600, maxWidth: 1000 }), true);
    assert.equal(at(undefined, { kind: 'viewport', minWidth: 0 }), false);
  });
});

describe('decide: visitor conditions', () => {
  const segments: Segment[] = [
    { id: 'buyers', name: 'Buyers', conditions: [{ kind: 'visitor-tag', tag: 'buyer', present: true }] },
    { id: 'loyal', name: 'Loyal', conditions: [{ kind: 'visit-count', min: 3 }] },
    { id: 'named', name: 'Named', conditions: [{ kind: 'visitor-attribute', name: 'firstName', op: 'present' }] },
  ];

  test('visitor attributes with text operators; names of Object.prototype members are not attributes', () => {
    const profile = { tags: [], attributes: { firstName: 'Ada', plan: 'Plus' } };
    assert.equal(fires([{ kind: 'visitor-attribute', name: 'firstName', op: 'present' }], { profile }), true);
    assert.equal(fires([{ kind: 'visitor-attribute', name: 'plan', op: 'equals', value: 'plus' }], { profile }), true);
    assert.equal(fires([{ kind: 'visitor-attribute', name: 'plan', op: 'equals', value: 'pro' }], { profile }), false);
    assert.equal(fires([{ kind: 'visitor-attribute', name: 'email', op: 'absent' }], { profile }), true);
    assert.equal(fires([{ kind: 'visitor-attribute', name: 'email', op: 'present' }], { profile }), false);
    assert.equal(fires([{ kind: 'visitor-attribute', name: 'constructor', op: 'present' }], { profile }), false);
    assert.equal(
      fires([{ kind: 'visitor-attribute', name: 'firstName', op: 'present' }], { profile: { tags: [] } }),
      false,
      'no attributes at all',
    );
  });

  test('segments are computed live from tags, attributes and visits', () => {
    const member = (profile: DecisionInput['profile'], seg: string, visitCount = 1) =>
      fires([{ kind: 'segment', segment: seg, member: true }], { profile, segments, visitCount });
    const notMember = (profile: DecisionInput['profile'], seg: string, visitCount = 1) =>
      fires([{ kind: 'segment', segment: seg, member: false }], { profile, segments, visitCount });
    assert.equal(member({ tags: ['buyer'] }, 'buyers'), true);
    assert.equal(member({ tags: [] }, 'buyers'), false);
    assert.equal(notMember({ tags: [] }, 'buyers'), true);
    assert.equal(member({ tags: [] }, 'loyal', 3), true);
    assert.equal(member({ tags: [] }, 'loyal', 2), false);
    assert.equal(member({ tags: [], attributes: { firstName: 'Ada' } }, 'named'), true);
  });

  test('an unknown segment fails both "in" and "not in", and the trace says so', () => {
    assert.equal(fires([{ kind: 'segment', segment: 'ghosts', member: true }], { segments }), false);
    assert.equal(fires([{ kind: 'segment', segment: 'ghosts', member: false }], { segments }), false);
    const d = decide(
      input({
        segments,
        rules: [rule({ id: 'c', conditions: [{ kind: 'segment', segment: 'ghosts', member: true }] })],
      }),
    );
    assert.equal(check(traceOf(d, 'c'), 'segment').detail, 'no such segment');
  });

  test('segments that refer to each other do not loop forever', () => {
    const loop: Segment[] = [
      { id: 'a', name: 'A', conditions: [{ kind: 'segment', segment: 'b', member: true }] },
      { id: 'b', name: 'B', conditions: [{ kind: 'segment', segment: 'a', member: true }] },
    ];
    assert.equal(fires([{ kind: 'segment', segment: 'a', member: true }], { segments: loop }), false);
  });

  test('visit count range, bounds inclusive; default is the first visit', () => {
    assert.equal(fires([{ kind: 'visit-count', min: 2 }], { visitCount: 2 }), true);
    assert.equal(fires([{ kind: 'visit-count', min: 2 }], { visitCount: 1 }), false);
    assert.equal(fires([{ kind: 'visit-count', min: 2, max: 4 }], { visitCount: 4 }), true);
    assert.equal(fires([{ kind: 'visit-count', min: 2, max: 4 }], { visitCount: 5 }), false);
    assert.equal(fires([{ kind: 'visit-count', max: 1 }]), true);
    assert.equal(fires([{ kind: 'visit-count', min: 2 }]), false);
  });

  test('expired tags do not count (tagExpiry), in conditions and in segments', () => {
    const tag: Condition = { kind: 'visitor-tag', tag: 'buyer', present: true };
    const seg: Condition = { kind: 'segment', segment: 'buyers', member: true };
    assert.equal(
      fires([tag], { profile: { tags: ['buyer'], tagExpiry: { buyer: NOW + 1 } } }),
      true,
      'not yet expired',
    );
    assert.equal(fires([tag], { profile: { tags: ['buyer'], tagExpiry: { buyer: NOW } } }), false, 'expires now');
    assert.equal(fires([tag], { profile: { tags: ['buyer'], tagExpiry: { buyer: NOW - DAY } } }), false, 'expired');
    assert.equal(
      fires([{ kind: 'visitor-tag', tag: 'buyer', present: false }], {
        profile: { tags: ['buyer'], tagExpiry: { buyer: NOW - 1 } },
      }),
      true,
      'an expired tag is absent',
    );
    assert.equal(fires([seg], { segments, profile: { tags: ['buyer'], tagExpiry: { buyer: NOW - 1 } } }), false);
    assert.equal(
      fires([seg], { segments, profile: { tags: ['buyer'], tagExpiry: { other: NOW - 1 } } }),
      true,
      'only the expired tag is left out',
    );
  });
});

describe('decide: time conditions', () => {
  const at = (h: number, m: number) => new Date(2025, 4, 14, h, m, 0).getTime();
  const tod = (from: string, to: string): Condition => ({ kind: 'time-of-day', from, to });

  test('time of day from `now`, start inclusive and end exclusive', () => {
    const s = (t: number) => ({ now: t, page: { url: `${SHOP}/`, startedAt: 0 } });
    assert.equal(fires([tod('09:00', '17:00')], s(at(12, 0))), true);
    assert.equal(fires([tod('09:00', '17:00')], s(at(9, 0))), true);
    assert.equal(fires([tod('09:00', '17:00')], s(at(8, 59))), false);
    assert.equal(fires([tod('09:00', '17:00')], s(at(17, 0))), false);
    assert.equal(fires([tod('9:30', '10:00')], s(at(9, 45))), true, 'one-digit hour');
  });

  test('a window that wraps past midnight (22:00–06:00)', () => {
    const s = (t: number) => ({ now: t, page: { url: `${SHOP}/`, startedAt: 0 } });
    assert.equal(fires([tod('22:00', '06:00')], s(at(23, 30))), true);
    assert.equal(fires([tod('22:00', '06:00')], s(at(22, 0))), true);
    assert.equal(fires([tod('22:00', '06:00')], s(at(0, 0))), true);
    assert.equal(fires([tod('22:00', '06:00')], s(at(5, 59))), true);
    assert.equal(fires([tod('22:00', '06:00')], s(at(6, 0))), false);
    assert.equal(fires([tod('22:00', '06:00')], s(at(12, 0))), false);
    assert.equal(fires([tod('22:00', '06:00')], s(at(21, 59))), false);
  });

  test('localMinutes given by the caller wins over `now`, and the trace shows HH:MM', () => {
    assert.equal(fires([tod('22:00', '06:00')], { localMinutes: 23 * 60 }), true);
    assert.equal(fires([tod('22:00', '06:00')], { localMinutes: 12 * 60 }), false);
    const d = decide(
      input({ localMinutes: 7 * 60 + 5, rules: [rule({ id: 'c', conditions: [tod('08:00', '09:00')] })] }),
    );
    assert.equal(check(traceOf(d, 'c'), 'Local time').detail, '07:05');
  });

  test('day of week from `now` (0 = Sunday), or as given', () => {
    assert.equal(new Date(NOW).getDay(), 3, 'the fixture is a Wednesday');
    assert.equal(fires([{ kind: 'day-of-week', days: [3] }]), true);
    assert.equal(fires([{ kind: 'day-of-week', days: [0, 6] }]), false);
    assert.equal(
      fires([{ kind: 'day-of-week', days: [0, 6] }], { now: NOW + 3 * DAY, page: { url: `${SHOP}/`, startedAt: 0 } }),
      true,
      'Saturday',
    );
    assert.equal(fires([{ kind: 'day-of-week', days: [0] }], { localDay: 0 }), true);
    const d = decide(input({ rules: [rule({ id: 'c', conditions: [{ kind: 'day-of-week', days: [1, 2] }] })] }));
    const c = check(traceOf(d, 'c'), 'Day is');
    assert.equal(inEnglish(c.label), 'Day is Monday or Tuesday');
    assert.equal(inEnglish(c.detail), 'Wednesday');
  });
});

// ---------------------------------------------------------------- quiet moment

describe('decide: quiet moment', () => {
  const quiet: QuietState = { typing: false, selecting: false, scrollingFast: false, media: false, fullscreen: false };
  const rules = [rule({ id: 'exit' }), rule({ id: 'scroll', trigger: { signal: 'scroll-depth', atLeast: 50 } })];

  test('a non-exit signal while the visitor is busy is blocked, with the reason', () => {
    for (const key of ['typing', 'selecting', 'scrollingFast', 'media', 'fullscreen'] as const) {
      const d = decide(input({ rules, signal: SCROLL_50, quiet: { ...quiet, [key]: true } }));
      assert.equal(d.show, null, key);
      const c = policyCheck(d, 'quiet moment');
      assert.equal(c.passed, false);
      assert.match(inEnglish(c.detail), /^visitor is /);
      assert.equal(traceOf(d, 'scroll').outcome, 'blocked');
    }
  });

  test('exit intent is not held back by a busy visitor (there is no later moment)', () => {
    const d = decide(input({ rules, signal: EXIT, quiet: { ...quiet, typing: true, media: true } }));
    assert.equal(d.show?.ruleId, 'exit');
    assert.equal(
      d.policy.some((c) => inEnglish(c.label).includes('quiet moment')),
      false,
    );
  });

  test('quiet (or unknown) state lets a non-exit signal through', () => {
    assert.equal(decide(input({ rules, signal: SCROLL_50, quiet })).show?.ruleId, 'scroll');
    assert.equal(decide(input({ rules, signal: SCROLL_50 })).show?.ruleId, 'scroll');
  });

  test('several reasons are all named', () => {
    const d = decide(input({ rules, signal: SCROLL_50, quiet: { ...quiet, typing: true, fullscreen: true } }));
    assert.equal(policyCheck(d, 'quiet moment').detail, 'visitor is typing and in fullscreen');
  });

  test("a busy state the settings' quiet-moment rules turn off does not block; the others still do", () => {
    const settings: Partial<PolicySettings> = {
      quietMoments: { typing: false, selecting: true, scrollingFast: true, media: false, fullscreen: true },
    };
    assert.equal(
      decide(input({ rules, settings, signal: SCROLL_50, quiet: { ...quiet, typing: true, media: true } })).show
        ?.ruleId,
      'scroll',
    );
    const d = decide(input({ rules, settings, signal: SCROLL_50, quiet: { ...quiet, typing: true, selecting: true } }));
    assert.equal(d.show, null);
    assert.equal(policyCheck(d, 'quiet moment').detail, 'visitor is selecting text');
  });
});

// ================================================================ properties

const T0 = new Date(2025, 4, 12, 0, 0, 0).getTime();
const PROP_FLOWS = ['f1', 'f2', 'f3'];
const PROP_FLOW_IDS = new Set(PROP_FLOWS);
const ORIGINS = [SHOP, BLOG, 'https://docs.example'];
const PATHS = [
  '/',
  '/shop',
  '/shop/item-1',
  '/shop/item-12',
  '/shop/item-123?color=red',
  '/pricing',
  '/pricing?plan=plus',
  '/checkout',
  '/journal/first-steps',
  '/Shop/Item-9#reviews',
  '/caf%C3%A9',
  '/%D0%BA%D0%B0%D1%82%D0%B0%D0%BB%D0%BE%D0%B3/%D1%84%D0%BE%D1%82%D0%BE?q=%D0%BA',
  '/a%2Fb/%ZZ',
];
const URLS = [...ORIGINS.flatMap((o) => PATHS.map((p) => o + p)), 'not a url', 'about:blank', SHOP];
const SEGMENTS: Segment[] = [
  { id: 'buyers', name: 'Buyers', conditions: [{ kind: 'visitor-tag', tag: 'buyer', present: true }] },
  { id: 'returning', name: 'Returning', conditions: [{ kind: 'visit-count', min: 2 }] },
  { id: 'named', name: 'Named', conditions: [{ kind: 'visitor-attribute', name: 'firstName', op: 'present' }] },
];

const URL_PATTERNS: readonly { match: UrlMatch; pattern: string }[] = [
  { match: 'glob', pattern: '/shop/*' },
  { match: 'glob', pattern: '/shop/item-1*' },
  { match: 'glob', pattern: '/shop/item-12?' },
  { match: 'glob', pattern: '*item*' },
  { match: 'glob', pattern: '/pricing*' },
  { match: 'glob', pattern: '/journal/*' },
  { match: 'glob', pattern: `${SHOP}/*` },
  { match: 'glob', pattern: `${BLOG}/journal/*` },
  { match: 'glob', pattern: '?shop*' },
  { match: 'prefix', pattern: '/shop' },
  { match: 'prefix', pattern: '/pricing?plan=' },
  { match: 'prefix', pattern: `${SHOP}/shop/item-1` },
  { match: 'prefix', pattern: 'https://' },
  { match: 'prefix', pattern: 'not' },
  { match: 'exact', pattern: '/checkout' },
  { match: 'exact', pattern: '/pricing?plan=plus' },
  { match: 'exact', pattern: `${SHOP}/` },
  { match: 'exact', pattern: `${SHOP}/pricing` },
  { match: 'exact', pattern: '/' },
  { match: 'exact', pattern: 'not a url' },
  { match: 'regex', pattern: '^/shop/item-\\d+$' },
  { match: 'regex', pattern: 'plan=(plus|pro)' },
  { match: 'regex', pattern: '^https://blog\\.' },
  { match: 'regex', pattern: '(' },
  // As people write them, and as the address bar escapes them.
  { match: 'glob', pattern: '/каталог/*' },
  { match: 'glob', pattern: '/caf%C3%A9*' },
  { match: 'prefix', pattern: '/café' },
  { match: 'exact', pattern: '/a%2Fb/%ZZ' },
  { match: 'prefix', pattern: '/a/b' },
  { match: 'regex', pattern: '/%D0%BA%D0%B0' },
  { match: 'regex', pattern: '/каталог/фото\\?q=' },
];

const arbTrigger: fc.Arbitrary<Trigger> = fc.oneof(
  fc.constant<Trigger>({ signal: 'exit-intent' }),
  fc.constantFrom(...SCROLL_DEPTHS).map((atLeast): Trigger => ({ signal: 'scroll-depth', atLeast })),
  fc.constantFrom(5, 10, 30).map((seconds): Trigger => ({ signal: 'dwell', seconds })),
  fc.constantFrom(5, 10, 30).map((seconds): Trigger => ({ signal: 'idle', seconds })),
  fc
    .record({ selector: fc.constantFrom('.cta', '#price', 'form'), ms: fc.constantFrom(200, 800) })
    .map(({ selector, ms }): Trigger => ({ signal: 'hesitation', selector, ms })),
  fc
    .record({ intent: fc.constantFrom(...INTENTS), atLeast: fc.constantFrom(0.3, 0.5, 0.8) })
    .map(({ intent, atLeast }): Trigger => ({ signal: 'intent', intent, atLeast })),
  fc.constantFrom(...FLAG_SIGNALS).map((signal): Trigger => ({ signal })),
);

const arbSignal: fc.Arbitrary<Signal> = fc.oneof(
  fc.constant<Signal>({ type: 'exit-intent' }),
  fc.constantFrom(...SCROLL_DEPTHS).map((percent): Signal => ({ type: 'scroll-depth', percent })),
  fc.integer({ min: 1, max: 40 }).map((seconds): Signal => ({ type: 'dwell', seconds })),
  fc.integer({ min: 1, max: 40 }).map((seconds): Signal => ({ type: 'idle', seconds })),
  fc
    .record({ selector: fc.constantFrom('.cta', '#price', 'form', 'a'), ms: fc.integer({ min: 100, max: 2000 }) })
    .map(({ selector, ms }): Signal => ({ type: 'hesitation', selector, ms })),
  fc
    .record({ intent: fc.constantFrom(...INTENTS), score: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map(({ intent, score }): Signal => ({ type: 'intent', intent, score })),
  fc.constantFrom(...FLAG_SIGNALS).map((type): Signal => ({ type })),
);

/** A signal that satisfies trigger `t` (at or a little past its threshold). */
function signalFor(t: Trigger, extra: number): Signal {
  switch (t.signal) {
    case 'exit-intent':
      return { type: 'exit-intent' };
    case 'scroll-depth':
      return { type: 'scroll-depth', percent: SCROLL_DEPTHS.find((p) => p >= t.atLeast + extra * 50) ?? t.atLeast };
    case 'dwell':
    case 'idle':
      return { type: t.signal, seconds: t.seconds + Math.round(extra * 10) };
    case 'hesitation':
      return { type: 'hesitation', selector: t.selector, ms: t.ms + Math.round(extra * 1000) };
    case 'intent':
      return { type: 'intent', intent: t.intent, score: Math.min(1, t.atLeast + extra / 4) };
    default:
      return { type: t.signal };
  }
}

/** Three times in four a signal that matches one of the rules' triggers, so that rules do fire. */
const withSignal = (rules: Rule[], random: Signal, pick: number, extra: number): Signal => {
  const r = rules.length ? rules[Math.floor(pick / 4) % rules.length] : undefined;
  return r && pick % 4 !== 0 ? signalFor(r.trigger, extra) : random;
};

/** Three times in four a URL that satisfies the URL conditions of the same rule (when there is one). */
const withUrl = (rules: Rule[], random: string, pick: number): string => {
  const r = rules.length ? rules[Math.floor(pick / 4) % rules.length] : undefined;
  if (!r || pick % 4 === 0) return random;
  const urlConds = r.conditions.filter((c): c is Extract<Condition, { kind: 'url' }> => c.kind === 'url');
  const fitting = URLS.filter((u) => urlConds.every((c) => urlMatches(u, c.match, c.pattern)));
  return fitting.length ? fitting[pick % fitting.length]! : random;
};

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const textOp = fc.constantFrom(...TEXT_OPS);
const textValue = fc.constantFrom('fr', 'en', 'newsletter', 'google', 'pack', '^T', 'eur', '');

const arbCondition: fc.Arbitrary<Condition> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...URL_PATTERNS).map((p): Condition => ({ kind: 'url', ...p })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(0, 2, 10, 60).map((seconds): Condition => ({ kind: 'min-seconds-on-page', seconds })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ field: fc.constantFrom(...PAGE_FIELDS), op: textOp, value: textValue })
      .map((c): Condition => ({ kind: 'page', ...c })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ min: opt(fc.constantFrom(0, 20, 100)), max: opt(fc.constantFrom(50, 150)) })
      .map((c): Condition => ({ kind: 'price', ...c })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ tag: fc.constantFrom('buyer', 'vip', 'browsing'), present: fc.boolean() })
      .map((c): Condition => ({ kind: 'visitor-tag', ...c })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ name: fc.constantFrom('firstName', 'plan', 'constructor'), op: textOp, value: textValue })
      .map((c): Condition => ({ kind: 'visitor-attribute', ...c })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ segment: fc.constantFrom('buyers', 'returning', 'named', 'ghosts'), member: fc.boolean() })
      .map((c): Condition => ({ kind: 'segment', ...c })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ min: opt(fc.integer({ min: 1, max: 4 })), max: opt(fc.integer({ min: 1, max: 6 })) })
      .map((c): Condition => ({ kind: 'visit-count', ...c })),
  },
  { weight: 1, arbitrary: fc.record({ from: hhmm, to: hhmm }).map((c): Condition => ({ kind: 'time-of-day', ...c })) },
  {
    weight: 1,
    arbitrary: fc
      .uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 })
      .map((days): Condition => ({ kind: 'day-of-week', days })),
  },
  {
    weight: 1,
    arbitrary: fc
      .uniqueArray(fc.constantFrom<Device>('desktop', 'mobile', 'tablet'), { minLength: 1, maxLength: 3 })
      .map((devices): Condition => ({ kind: 'device', devices })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ minWidth: opt(fc.constantFrom(0, 600, 1024)), maxWidth: opt(fc.constantFrom(767, 1280)) })
      .map((c): Condition => ({ kind: 'viewport', ...c })),
  },
);

const arbFrequency: fc.Arbitrary<Frequency> = fc.oneof(
  fc.constant<Frequency>({ every: 'page-view' }),
  fc.constant<Frequency>({ every: 'session' }),
  fc.constant<Frequency>({ every: 'visitor' }),
  fc.integer({ min: 1, max: 30 }).map((days): Frequency => ({ every: 'days', days })),
);

const arbSchedule = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  {
    weight: 1,
    arbitrary: fc
      .record({ start: opt(fc.integer({ min: -3, max: 3 })), end: opt(fc.integer({ min: 0, max: 6 })) })
      .map(({ start, end }) => ({
        ...(start !== undefined ? { start: new Date(T0 + start * DAY).toISOString() } : {}),
        ...(end !== undefined ? { end: new Date(T0 + end * DAY + 7 * HOUR).toISOString() } : {}),
      })),
  },
);

/** Rules with mixed triggers, conditions, entries, frequencies, priorities and shadow flags. */
const arbRules = (maxLength = 12) =>
  fc
    .oneof(
      { weight: 1, arbitrary: fc.constant([]) },
      {
        weight: 19,
        arbitrary: fc.array(
          fc.record({
            enabled: fc.oneof(
              { weight: 9, arbitrary: fc.constant(true) },
              { weight: 1, arbitrary: fc.constant(false) },
            ),
            shadow: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
            trigger: fc.oneof(
              { weight: 3, arbitrary: fc.constant<Trigger>({ signal: 'exit-intent' }) },
              { weight: 5, arbitrary: arbTrigger },
            ),
            conditions: fc.oneof(
              { weight: 2, arbitrary: fc.constant<Condition[]>([]) },
              { weight: 3, arbitrary: fc.array(arbCondition, { minLength: 1, maxLength: 2 }) },
              { weight: 1, arbitrary: fc.array(arbCondition, { minLength: 3, maxLength: 4 }) },
            ),
            flowId: fc.oneof(
              { weight: 9, arbitrary: fc.constantFrom(...PROP_FLOWS) },
              { weight: 1, arbitrary: fc.constant('missing') },
            ),
            entry: fc.constantFrom<EntryMode>('panel', 'pill'),
            priority: fc.integer({ min: -2, max: 3 }),
            frequency: arbFrequency,
            schedule: arbSchedule,
          }),
          { minLength: 1, maxLength },
        ),
      },
    )
    .map((parts) =>
      parts.map((p, i): Rule => {
        const { schedule, ...rest } = p;
        return { id: `r${i}`, version: RULE_VERSION, name: `Rule ${i}`, ...rest, ...(schedule ? { schedule } : {}) };
      }),
    );

const WEIGHTS = [0.25, 0.5, 0.75, 1, 1.5, 2];
const arbSettings: fc.Arbitrary<PolicySettings> = fc.record({
  maxPerSitePerDay: fc.oneof(
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 12, arbitrary: fc.constantFrom(0.5, 1, 1.5, 2, 3, 4) },
  ),
  maxPerDay: fc.oneof(
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 12, arbitrary: fc.constantFrom(0.5, 1, 2, 2.5, 4, 6, 8) },
  ),
  minSecondsOnPage: fc.constantFrom(0, 3, 10),
  maxHoldSeconds: fc.constant(30),
  backoffHours: fc.constantFrom(0, 1, 24, 48),
  entryWeights: fc.oneof(
    { weight: 3, arbitrary: fc.constant({ panel: 1, pill: 0.5 }) },
    { weight: 2, arbitrary: fc.record({ panel: fc.constantFrom(...WEIGHTS), pill: fc.constantFrom(...WEIGHTS) }) },
  ),
  snoozeUntil: fc.constant(0),
  quietMoments: fc.record({
    typing: fc.boolean(),
    selecting: fc.boolean(),
    scrollingFast: fc.boolean(),
    media: fc.boolean(),
    fullscreen: fc.boolean(),
  }),
  sessionMinutes: fc.constant(30),
  retentionDays: fc.constant(180),
});

const arbQuiet: fc.Arbitrary<QuietState | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  {
    weight: 2,
    arbitrary: fc.constant({ typing: false, selecting: false, scrollingFast: false, media: false, fullscreen: false }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      typing: fc.boolean(),
      selecting: fc.boolean(),
      scrollingFast: fc.boolean(),
      media: fc.boolean(),
      fullscreen: fc.boolean(),
    }),
  },
);

const arbContext: fc.Arbitrary<PageContext | undefined> = opt(
  fc.record(
    {
      lang: opt(fc.constantFrom('fr', 'en-GB')),
      referrer: opt(fc.constantFrom('https://www.google.com/', '')),
      title: opt(fc.constantFrom('Trail Pack', 'Pricing')),
      utm: opt(fc.record({ source: opt(fc.constantFrom('newsletter', 'ads')), campaign: opt(fc.constant('spring')) })),
      product: opt(
        fc.record({
          name: opt(fc.constant('Trail Pack')),
          price: opt(fc.constantFrom(19.9, 129)),
          currency: opt(fc.constant('EUR')),
        }),
      ),
      viewport: opt(fc.record({ width: fc.constantFrom(360, 800, 1280), height: fc.constant(800) })),
      touch: opt(fc.boolean()),
    },
    { requiredKeys: [] },
  ),
);

const arbProfile = fc.record({
  tags: fc.subarray(['buyer', 'vip', 'browsing']),
  tagExpiry: opt(fc.dictionary(fc.constantFrom('buyer', 'vip'), fc.integer({ min: T0 - DAY, max: T0 + 5 * DAY }))),
  attributes: opt(fc.dictionary(fc.constantFrom('firstName', 'plan'), fc.constantFrom('Ada', 'plus', ''))),
});

const arbDismissals: fc.Arbitrary<DismissalState | undefined> = opt(
  fc.record({
    byFlow: fc.dictionary(
      fc.constantFrom(...PROP_FLOWS),
      fc.record({
        count: fc.integer({ min: 1, max: 8 }),
        lastAt: fc.integer({ min: T0 - 40 * DAY, max: T0 + 4 * DAY }),
      }),
    ),
    bySite: fc.dictionary(
      fc.constantFrom(...ORIGINS),
      fc.record({
        count: fc.integer({ min: 1, max: 8 }),
        lastAt: fc.integer({ min: T0 - 40 * DAY, max: T0 + 4 * DAY }),
      }),
    ),
  }),
);

/** One decision's inputs, with everything random. */
const arbInput = (rulesArb = arbRules()) =>
  fc
    .record({
      rules: rulesArb,
      now: fc.integer({ min: T0, max: T0 + 4 * DAY }),
      pageAge: fc.integer({ min: 0, max: 120 * SECOND }),
      signal: fc.oneof(
        { weight: 2, arbitrary: fc.constant<Signal>({ type: 'exit-intent' }) },
        { weight: 3, arbitrary: arbSignal },
      ),
      pick: fc.nat(),
      extra: fc.double({ min: 0, max: 1, noNaN: true }),
      url: fc.constantFrom(...URLS),
      explicitOrigin: fc.boolean(),
      siteEnabled: fc.oneof({ weight: 19, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      pageViewShown: fc.oneof(
        { weight: 19, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
      ),
      profile: arbProfile,
      visitCount: opt(fc.integer({ min: 1, max: 6 })),
      sessionAge: opt(fc.integer({ min: 0, max: 2 * HOUR })),
      lastShown: fc.dictionary(
        fc.constantFrom('r0', 'r1', 'r2', 'r3', 'r4'),
        fc.integer({ min: T0 - 40 * DAY, max: T0 + 4 * DAY }),
      ),
      settings: arbSettings,
      snooze: fc.oneof(
        { weight: 9, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: -DAY, max: DAY }) },
      ),
      spentFraction: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
      budgetDayOffset: fc.constantFrom(0, 0, 0, -1),
      dismissals: arbDismissals,
      quiet: arbQuiet,
      context: arbContext,
    })
    .map((g0): DecisionInput => {
      const g = { ...g0, url: withUrl(g0.rules, g0.url, g0.pick) };
      const origin = originOf(g.url);
      const spentSite = Math.floor(g.settings.maxPerSitePerDay * g.spentFraction * 4) / 4;
      const spentTotal = Math.min(g.settings.maxPerDay, spentSite + Math.floor(g.spentFraction * 4) / 4);
      return {
        now: g.now,
        signal: withSignal(g.rules, g.signal, g.pick, g.extra),
        page: { url: g.url, startedAt: g.now - g.pageAge, ...(g.context ? { context: g.context } : {}) },
        ...(g.explicitOrigin ? { origin } : {}),
        siteEnabled: g.siteEnabled,
        pageViewShown: g.pageViewShown,
        profile: g.profile,
        segments: SEGMENTS,
        ...(g.visitCount !== undefined ? { visitCount: g.visitCount } : {}),
        ...(g.sessionAge !== undefined ? { sessionStartedAt: g.now - g.pageAge - g.sessionAge } : {}),
        lastShownByRule: g.lastShown,
        rules: g.rules,
        flowIds: PROP_FLOW_IDS,
        settings: { ...g.settings, snoozeUntil: g.snooze === 0 ? 0 : g.now + g.snooze },
        budget: {
          day: localDay(g.now + g.budgetDayOffset * DAY),
          total: Math.min(spentTotal, g.settings.maxPerDay),
          bySite: { [origin]: Math.min(spentSite, spentTotal) },
        },
        ...(g.dismissals ? { dismissals: g.dismissals } : {}),
        ...(g.quiet ? { quiet: g.quiet } : {}),
      };
    });

/** The origin the engine charges when none is given. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

const rulesOf = (i: DecisionInput) => i.rules as readonly Rule[];

/** Some rules run an A/B test, some with a hold-out (their arm follows from the visitor id). */
const withAbTests = (rules: readonly Rule[], tests: readonly ('none' | 'ab' | 'holdout')[]) =>
  rules.map((r, n): Rule => {
    if (tests[n] === 'none' || r.flowId === 'missing') return r;
    const { flowId: _flow, ...rest } = r;
    return {
      ...rest,
      variants: [
        { id: 'a', flowId: PROP_FLOWS[0]!, weight: 1 },
        { id: 'b', flowId: tests[n] === 'holdout' ? null : PROP_FLOWS[1]!, weight: 1 },
      ],
    };
  });
const EPS = 1e-9;

describe('decide: invariants (property-based)', () => {
  test('(a) the budget is never exceeded over any sequence of decisions, per day and per site', () => {
    let showsSeen = 0;
    let capped = 0;
    const step = fc.record({
      dt: fc.oneof(fc.integer({ min: 0, max: 30 * MINUTE }), fc.integer({ min: 0, max: 14 * HOUR })),
      signal: fc.oneof(fc.constant<Signal>({ type: 'exit-intent' }), arbSignal),
      pick: fc.nat(),
      extra: fc.double({ min: 0, max: 1, noNaN: true }),
      url: fc.constantFrom(...URLS),
      pageAge: fc.integer({ min: 0, max: 60 * SECOND }),
      context: arbContext,
      quiet: arbQuiet,
    });
    fc.assert(
      fc.property(
        arbRules(10),
        arbSettings,
        fc.integer({ min: T0, max: T0 + DAY }),
        fc.array(step, { minLength: 5, maxLength: 30 }),
        fc.boolean(),
        (rules, settings, start, steps, useIndex) => {
          const index = buildRuleIndex(rules);
          let now = start;
          let stored: BudgetState | undefined;
          const lastShownByRule: Record<string, number> = {};
          // Our own ledger, from the shows alone: weight per local day, overall and per site.
          const ledger = new Map<string, { total: number; bySite: Map<string, number> }>();
          for (const s of steps) {
            now += s.dt;
            const url = withUrl(rules, s.url, s.pick);
            const d = decide({
              now,
              signal: withSignal(rules, s.signal, s.pick, s.extra),
              page: { url, startedAt: now - s.pageAge, ...(s.context ? { context: s.context } : {}) },
              siteEnabled: true,
              pageViewShown: false,
              profile: { tags: [] },
              segments: SEGMENTS,
              lastShownByRule,
              rules: useIndex ? index : rules,
              flowIds: PROP_FLOW_IDS,
              settings,
              ...(stored ? { budget: stored } : {}),
              ...(s.quiet ? { quiet: s.quiet } : {}),
            });
            if (!d.show) continue;
            showsSeen++;
            // The background stores the decision's budget only when something was shown.
            stored = d.budget;
            lastShownByRule[d.show.ruleId] = now;
            assert.equal(d.budget.day, localDay(now));
            assert.ok(
              d.budget.total <= settings.maxPerDay + EPS,
              `total ${d.budget.total} > maxPerDay ${settings.maxPerDay}`,
            );
            for (const [site, spent] of Object.entries(d.budget.bySite))
              assert.ok(
                spent <= settings.maxPerSitePerDay + EPS,
                `${site}: ${spent} > maxPerSitePerDay ${settings.maxPerSitePerDay}`,
              );
            const w = settings.entryWeights[d.show.entry];
            const day = ledger.get(localDay(now)) ?? { total: 0, bySite: new Map<string, number>() };
            day.total += w;
            const origin = originOf(url);
            day.bySite.set(origin, (day.bySite.get(origin) ?? 0) + w);
            ledger.set(localDay(now), day);
            assert.ok(
              day.total <= settings.maxPerDay + EPS,
              `shown ${day.total} in one day, maxPerDay ${settings.maxPerDay}`,
            );
            assert.ok(
              day.bySite.get(origin)! <= settings.maxPerSitePerDay + EPS,
              `shown ${day.bySite.get(origin)} on ${origin} in one day, maxPerSitePerDay ${settings.maxPerSitePerDay}`,
            );
            if (day.total + Math.min(settings.entryWeights.pill, settings.entryWeights.panel) > settings.maxPerDay)
              capped++;
          }
        },
      ),
      { numRuns: 400 },
    );
    if (process.env.DIAG) console.log('shows', showsSeen, 'capped', capped);
    assert.ok(showsSeen > 300, `the generator must show things often enough to test the budget (saw ${showsSeen})`);
    assert.ok(capped > 30, `the caps must be reached often enough (reached ${capped} times)`);
  });

  test('(b) a snoozed or turned-off site never shows', () => {
    fc.assert(
      fc.property(
        arbInput(),
        fc.integer({ min: 1, max: 30 * DAY }),
        fc.constantFrom('snooze', 'off', 'both'),
        (base, ahead, mode) => {
          const i: DecisionInput = {
            ...base,
            siteEnabled: mode === 'snooze' ? base.siteEnabled : false,
            settings: {
              ...base.settings,
              snoozeUntil: mode === 'off' ? base.settings!.snoozeUntil! : base.now + ahead,
            },
          };
          const d = decide(i);
          assert.equal(d.show, null);
          assert.deepEqual(d.wouldShow, []);
          assert.ok(d.rules.every((t) => t.outcome !== 'fired' && t.outcome !== 'shadow'));
          assert.deepEqual(d.budget, decide({ ...i, rules: [] }).budget, 'nothing spent');
        },
      ),
      { numRuns: 300 },
    );
  });

  test('(c) a dismissed flow (or site) never shows before its back-off ends: backoffHours·2^(n-1), at most 30 days', () => {
    let blockedByBackoff = 0;
    let shownAfterDismissal = 0;
    const dismissalsArb = fc.record({
      byFlow: fc.dictionary(
        fc.constantFrom(...PROP_FLOWS),
        fc.record({ count: fc.integer({ min: 1, max: 8 }), lastAt: fc.integer({ min: -40 * DAY, max: 0 }) }),
      ),
      bySite: fc.dictionary(
        fc.constantFrom(...ORIGINS),
        fc.record({ count: fc.integer({ min: 1, max: 8 }), lastAt: fc.integer({ min: -40 * DAY, max: 0 }) }),
      ),
    });
    fc.assert(
      fc.property(arbInput(), dismissalsArb, (base, rel) => {
        // Dismissals relative to now, so a good share of them is still in back-off.
        const shift = (m: Record<string, { count: number; lastAt: number }>) =>
          Object.fromEntries(Object.entries(m).map(([k, r]) => [k, { count: r.count, lastAt: base.now + r.lastAt }]));
        const dismissals: DismissalState = { byFlow: shift(rel.byFlow), bySite: shift(rel.bySite) };
        const i: DecisionInput = {
          ...base,
          siteEnabled: true,
          pageViewShown: false,
          dismissals,
          settings: { ...base.settings, snoozeUntil: 0 },
        };
        const hours = i.settings!.backoffHours!;
        const waitEnds = (r: { count: number; lastAt: number } | undefined) =>
          r ? r.lastAt + Math.min(30 * DAY, hours * HOUR * 2 ** (r.count - 1)) : 0;
        const origin = originOf(i.page.url);
        const d = decide(i);
        for (const rule of rulesOf(i)) {
          const t = d.rules.find((x) => x.ruleId === rule.id);
          if (!t || (t.outcome !== 'fired' && t.outcome !== 'shadow' && t.outcome !== 'outranked')) continue;
          // A rule that passed every check is past both back-offs.
          assert.ok(
            i.now >= waitEnds(dismissals.byFlow[rule.flowId!]),
            `rule ${rule.id} passed during its flow's back-off`,
          );
          assert.ok(i.now >= waitEnds(dismissals.bySite[origin]), `rule ${rule.id} passed during the site's back-off`);
        }
        if (d.show) {
          const flowRec = dismissals.byFlow[d.show.flowId];
          const siteRec = dismissals.bySite[origin];
          assert.ok(
            i.now >= waitEnds(flowRec),
            `flow ${d.show.flowId} shown ${i.now - waitEnds(flowRec)} ms before its back-off ends`,
          );
          assert.ok(i.now >= waitEnds(siteRec), `site ${origin} shown during its back-off`);
          if (flowRec || siteRec) shownAfterDismissal++;
        }
        if (d.rules.some((t) => t.checks.some((c) => inEnglish(c.label).startsWith('Back-off') && !c.passed)))
          blockedByBackoff++;
      }),
      { numRuns: 600 },
    );
    assert.ok(blockedByBackoff > 40, `back-off must block some decisions (blocked ${blockedByBackoff})`);
    assert.ok(shownAfterDismissal > 30, `some flows must show again after their back-off (${shownAfterDismissal})`);
  });

  test('(d) shadow mode never shows; an all-shadow rule set shows nothing and spends nothing', () => {
    let wouldShows = 0;
    fc.assert(
      fc.property(arbInput(), fc.boolean(), (base, allShadow) => {
        const rules = allShadow ? rulesOf(base).map((r) => ({ ...r, shadow: true })) : rulesOf(base);
        const i = { ...base, rules };
        const d = decide(i);
        wouldShows += d.wouldShow.length;
        if (d.show)
          assert.equal(
            rules.find((r) => r.id === d.show!.ruleId)?.shadow,
            false,
            `shadow rule ${d.show.ruleId} was shown`,
          );
        for (const w of d.wouldShow)
          assert.equal(
            rules.find((r) => r.id === w.ruleId)?.shadow,
            true,
            `live rule ${w.ruleId} listed as would-show`,
          );
        if (allShadow) {
          assert.equal(d.show, null);
          assert.deepEqual(d.budget, decide({ ...i, rules: [] }).budget);
        }
      }),
      { numRuns: 500 },
    );
    assert.ok(wouldShows > 25, `shadow rules must fire often enough (${wouldShows})`);
  });

  test('(e) the rule index is only an optimization: same show and wouldShow as the plain list', () => {
    let shows = 0;
    fc.assert(
      fc.property(arbInput(arbRules(20)), (i) => {
        const plain = decide(i);
        const indexed = decide({ ...i, rules: buildRuleIndex(rulesOf(i)) });
        assert.deepEqual(indexed.show, plain.show);
        assert.deepEqual(indexed.wouldShow, plain.wouldShow);
        assert.deepEqual(indexed.budget, plain.budget);
        assert.equal(indexed.ruleCount, plain.ruleCount);
        // Every rule the index left out could not have fired: its trigger or URL does not match.
        const candidates = new Set(indexed.rules.map((t) => t.ruleId));
        for (const t of plain.rules) {
          if (!candidates.has(t.ruleId))
            assert.ok(
              t.outcome === 'disabled' || t.outcome === 'not-triggered' || t.outcome === 'conditions-failed',
              `rule ${t.ruleId} (${t.outcome}) was left out by the index`,
            );
        }
        if (plain.show) shows++;
      }),
      { numRuns: 1000 },
    );
    assert.ok(shows > 70, `enough decisions must show something (${shows})`);
  });

  test('(e2) rules narrowed to the page view are only an optimization too, signal after signal', () => {
    let shows = 0;
    fc.assert(
      fc.property(arbInput(arbRules(20)), fc.array(arbSignal, { maxLength: 4 }), (i, more) => {
        const page = rulesForPage(buildRuleIndex(rulesOf(i)), i.page.url);
        // The same page view, several signals: the second signal of a trigger reuses the first's narrowing.
        for (const signal of [i.signal, ...more, i.signal]) {
          const plain = decide({ ...i, signal });
          const narrowed = decide({ ...i, signal, rules: page });
          assert.deepEqual(narrowed.show, plain.show);
          assert.deepEqual(narrowed.wouldShow, plain.wouldShow);
          assert.deepEqual(narrowed.budget, plain.budget);
          assert.equal(narrowed.ruleCount, plain.ruleCount);
          // What it leaves out could not have fired; what it keeps has its URL conditions met.
          const kept = new Set(narrowed.rules.map((t) => t.ruleId));
          for (const t of plain.rules)
            if (!kept.has(t.ruleId))
              assert.ok(['disabled', 'not-triggered', 'conditions-failed'].includes(t.outcome), t.ruleId);
          for (const t of narrowed.rules)
            assert.ok(
              urlConditionsHold(
                rulesOf(i).find((r) => r.id === t.ruleId)!,
                i.page.url,
              ),
              t.ruleId,
            );
          if (plain.show) shows++;
        }
      }),
      { numRuns: 500 },
    );
    assert.ok(shows > 70, `enough decisions must show something (${shows})`);
  });

  test('(e3) the quick decision decides exactly as the full one, and its replay gives the full trace', () => {
    let shows = 0;
    let heldOut = 0;
    let wouldShow = 0;
    fc.assert(
      fc.property(
        arbInput(arbRules(20)),
        fc.array(arbSignal, { maxLength: 4 }),
        fc.array(fc.constantFrom('none', 'ab', 'holdout'), { minLength: 20, maxLength: 20 }),
        fc.string({ maxLength: 8 }),
        (i, more, tests, visitorId) => {
          const rules = withAbTests(rulesOf(i), tests);
          const page = rulesForPage(buildRuleIndex(rules), i.page.url);
          // The same page view, several signals: the plan of a trigger is made once and reused.
          for (const signal of [i.signal, ...more, i.signal]) {
            const input = { ...i, signal, visitorId, rules: page };
            const full = decide(input);
            const quick = decideQuick(input, page);
            assert.deepEqual(quick.show, full.show);
            assert.deepEqual(quick.heldOut, full.heldOut);
            assert.deepEqual(quick.wouldShow, full.wouldShow);
            assert.deepEqual(quick.policy, full.policy);
            assert.deepEqual(quick.budget, full.budget);
            assert.equal(quick.ruleCount, full.ruleCount);
            assert.equal(quick.brief?.candidates, full.rules.length);
            // The deciding rule's trace is the full decision's, word for word.
            const decider = quick.show?.ruleId ?? quick.heldOut?.ruleId;
            assert.deepEqual(
              quick.rules,
              full.rules.filter((t) => t.ruleId === decider),
            );
            // Kept as it is stored (through structured clone) and decided again: the full decision.
            const again = decideAgain(structuredClone(replayOf(input, page)), page);
            assert.deepEqual(again, full);
            if (full.show) shows++;
            if (full.heldOut) heldOut++;
            if (full.wouldShow.length) wouldShow++;
          }
        },
      ),
      { numRuns: 500 },
    );
    // Not vacuous. 500 unseeded runs gave 101–181 shows, 19–55 hold-outs and 38–67 "would show" in
    // 37 runs (2026-12-05), and once only 5 hold-outs (then '> 10' failed a lane): a hold-out needs
    // the deciding rule's A/B test and the visitor's hash to meet, so its count has a long low tail.
    assert.ok(
      shows > 70 && heldOut > 2 && wouldShow > 10,
      `enough of each outcome (${shows}, ${heldOut}, ${wouldShow})`,
    );
  });

  test('(e5) a first decision predicted from a pre-approval shows only what the background decides, and whenever it can', () => {
    let predicted = 0;
    let unknownArm = 0;
    let unanswered = 0;
    fc.assert(
      fc.property(
        arbInput(arbRules(20)),
        fc.array(arbSignal, { maxLength: 4 }),
        fc.array(fc.constantFrom('none', 'ab', 'holdout'), { minLength: 20, maxLength: 20 }),
        fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
        fc.boolean(),
        (i, more, tests, visitorId, contextLater) => {
          const rules = withAbTests(rulesOf(i), tests);
          const page = rulesForPage(buildRuleIndex(rules), i.page.url);
          const signals = [i.signal, ...more];
          // Without the moment's values; the page context comes with the first signal (or was known).
          const { rules: _rules, now, signal: _signal, quiet, held, localMinutes: _m, localDay: _d, ...state } = i;
          const hello = contextLater ? { ...state, page: { url: i.page.url, startedAt: i.page.startedAt } } : state;
          // Flow f3's first bubble cannot be worded: the background paints it.
          const paintOf = (rule: Rule, flowId: string) =>
            flowId === 'f3'
              ? undefined
              : {
                  entry: rule.entry,
                  first: { name: flowId, avatar: 'A', lines: [], words: { via: 'v', pillOpen: 'p', frameTitle: 't' } },
                };
          const built = approvalOf(
            'pv',
            { ...hello, ...(visitorId !== undefined ? { visitorId } : {}) },
            page,
            [...new Set(signals.map((s) => s.type))],
            paintOf,
          );
          // As it reaches the content script (the runtime's messaging is JSON).
          const approval = JSON.parse(JSON.stringify(built)) as typeof built;
          for (const signal of signals) {
            // The background decides with the visitor's id (it makes one at its first decision).
            const full = decide({ ...i, signal, visitorId: visitorId ?? 'made-later', rules: page });
            const moment = {
              now,
              signal,
              ...(quiet ? { quiet } : {}),
              ...(held ? { held } : {}),
              ...(contextLater && i.page.context ? { context: i.page.context } : {}),
            };
            const guess = predictFirst(approval, moment);
            if (guess) {
              predicted++;
              assert.deepEqual(
                [guess.ruleId, guess.flowId, guess.paint.entry],
                [full.show?.ruleId, full.show?.flowId, full.show?.entry],
              );
            } else if (full.show && full.show.flowId !== 'f3') {
              // Not predicted although it shows: only when the visitor's arm could not be known, or
              // a regular expression had to be tested on the page context (the page has no regex engine).
              const pageRegex = page
                .plan(signal.type)
                .live.some(({ rest }) => rest.some((c) => c.kind === 'page' && c.op === 'regex'));
              assert.ok(visitorId === undefined || pageRegex, `${full.show.ruleId} shows, not predicted`);
              if (visitorId === undefined) unknownArm++;
              else unanswered++;
            }
          }
          // Nothing of another site's budget or dismissals, nor the visitor's tags unless a rule asks.
          const origin = i.origin ?? approval.state.origin!;
          assert.deepEqual(
            Object.keys(approval.state.budget?.bySite ?? {}).filter((o) => o !== origin),
            [],
          );
          assert.deepEqual(
            Object.keys(approval.state.dismissals?.bySite ?? {}).filter((o) => o !== origin),
            [],
          );
        },
      ),
      { numRuns: 500 },
    );

    // Not vacuous: 500 unseeded runs predict 45–74 shows (12 runs, 2026-12-04); 20 is ~4.5 standard
    // deviations below that, so the property's chance alone never fails it (> 50 did, 1 run in 4).
    assert.ok(
      predicted > 20,
      `enough predicted shows (${predicted}; left to the background: ${unknownArm} arms unknown, ${unanswered} page regexes)`,
    );
  });

  test("(e4) on the benchmark's shop-like mix, the quick decision decides as the full one", () => {
    const now = NOW;
    for (const [n, seed] of [
      [300, 1],
      [2000, 2],
    ] as const) {
      const index = buildRuleIndex(generateRules(n, seed, 0.3));
      let shows = 0;
      for (const q of makeQueries(300, n * 2, seed + 10, now)) {
        const page = rulesForPage(index, q.page.url);
        const full = decide({ ...q, rules: page });
        const quick = decideQuick(q, page);
        assert.deepEqual([quick.show, quick.wouldShow, quick.budget], [full.show, full.wouldShow, full.budget]);
        if (full.show) shows++;
      }
      assert.ok(shows > 30, `${n} rules: enough shows (${shows})`);
    }
  });

  test('(f) at most one show per page view: once shown, nothing more on that page view', () => {
    fc.assert(
      fc.property(arbInput(), fc.array(arbSignal, { minLength: 1, maxLength: 5 }), (base, signals) => {
        assert.equal(decide({ ...base, pageViewShown: true }).show, null);
        // Within one page view, the background sets pageViewShown after the first show.
        let shown = false;
        let count = 0;
        for (const signal of [base.signal, ...signals]) {
          const d = decide({ ...base, signal, pageViewShown: shown || base.pageViewShown });
          if (d.show) {
            count++;
            shown = true;
          }
        }
        assert.ok(count <= 1, `${count} shows in one page view`);
      }),
      { numRuns: 300 },
    );
  });
});
