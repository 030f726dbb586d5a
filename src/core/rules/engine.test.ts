import { test, describe } from 'node:test';
import { checkInEnglish, inEnglish } from '../test-support/catalogue.ts';
import assert from 'node:assert/strict';
import {
  decide,
  describeSignal,
  DEFAULT_MIN_SECONDS_ON_PAGE,
  type Decision,
  type DecisionInput,
  type RuleTrace,
} from './engine.ts';
import { buildRuleIndex } from './rule-index.ts';
import { generateRules, makeQueries, mulberry32 } from '../test-support/rule-mix.ts';
import type { Signal, Trigger } from '../signals/signal-model.ts';
import { SCROLL_DEPTHS } from '../signals/signal-kinds.ts';
import type { Condition, Frequency, Rule } from './rule-model.ts';
import { testRule as rule } from '../test-support/test-rule.ts';

// ---------------------------------------------------------------- fixtures

const NOW = Date.UTC(2025, 4, 14, 12, 0, 0);
const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const EXIT: Signal = { type: 'exit-intent' };
const scrolled = (percent: number): Signal => ({ type: 'scroll-depth', percent });

function input(over: Partial<DecisionInput> = {}): DecisionInput {
  return {
    now: NOW,
    signal: EXIT,
    page: { url: 'https://shop.example/pricing?plan=plus', startedAt: NOW - 30 * SECOND },
    siteEnabled: true,
    pageViewShown: false,
    profile: { tags: [] },
    lastShownByRule: {},
    rules: [],
    flowIds: new Set(['exit-offer', 'pricing-help', 'checkout-reassurance']),
    ...over,
  };
}

function traceOf(d: Decision, ruleId: string): RuleTrace {
  const t = d.rules.find((r) => r.ruleId === ruleId);
  assert.ok(t, `no trace for rule ${ruleId}`);
  return t;
}

function checkLabeled(t: RuleTrace, labelPart: string) {
  const c = t.checks.find((x) => inEnglish(x.label).includes(labelPart));
  assert.ok(
    c,
    `rule ${t.ruleId} has no check labelled like "${labelPart}"; got ${JSON.stringify(t.checks.map((x) => inEnglish(x.label)))}`,
  );
  return checkInEnglish(c);
}

// ---------------------------------------------------------------- triggers

describe('decide: triggers', () => {
  test('exit intent starts the flow of a matching exit-intent rule', () => {
    const d = decide(input({ rules: [rule({ id: 'leaving', flowId: 'exit-offer' })] }));
    assert.deepEqual(d.show, { ruleId: 'leaving', flowId: 'exit-offer', entry: 'panel' });
    assert.equal(traceOf(d, 'leaving').outcome, 'fired');
    assert.ok(d.policy.every((c) => c.passed));
    const trigger = checkLabeled(traceOf(d, 'leaving'), 'Trigger');
    assert.equal(trigger.passed, true);
    assert.equal(inEnglish(trigger.label), 'Trigger: exit intent');
    assert.equal(inEnglish(trigger.detail), 'visitor is leaving (exit intent)');
  });

  test("the rule's entry mode (pill) is passed on to the overlay", () => {
    const d = decide(input({ rules: [rule({ id: 'leaving', entry: 'pill' })] }));
    assert.deepEqual(d.show, { ruleId: 'leaving', flowId: 'exit-offer', entry: 'pill' });
  });

  test('an exit-intent rule does not react to scrolling', () => {
    const d = decide(input({ signal: scrolled(100), rules: [rule({ id: 'leaving' })] }));
    assert.equal(d.show, null);
    const t = traceOf(d, 'leaving');
    assert.equal(t.outcome, 'not-triggered');
    assert.equal(t.checks.length, 1, 'nothing else is checked once the trigger does not match');
    assert.equal(t.checks[0]?.passed, false);
    assert.equal(inEnglish(t.checks[0]?.detail), 'scrolled 100%');
  });

  test('a scroll-depth rule does not react to exit intent', () => {
    const d = decide(
      input({ signal: EXIT, rules: [rule({ id: 'read', trigger: { signal: 'scroll-depth', atLeast: 25 } })] }),
    );
    assert.equal(d.show, null);
    assert.equal(traceOf(d, 'read').outcome, 'not-triggered');
  });

  for (const atLeast of SCROLL_DEPTHS) {
    for (const percent of SCROLL_DEPTHS) {
      const fires = percent >= atLeast;
      test(`scrolling ${percent}% ${fires ? 'fires' : 'does not fire'} a rule waiting for at least ${atLeast}%`, () => {
        const d = decide(
          input({
            signal: scrolled(percent),
            rules: [rule({ id: 'read', trigger: { signal: 'scroll-depth', atLeast } })],
          }),
        );
        const t = traceOf(d, 'read');
        assert.equal(t.outcome, fires ? 'fired' : 'not-triggered');
        assert.equal(d.show?.ruleId ?? null, fires ? 'read' : null);
        const trigger = checkLabeled(t, 'Trigger');
        assert.equal(inEnglish(trigger.label), `Trigger: scrolled at least ${atLeast}%`);
        assert.equal(trigger.passed, fires);
        assert.equal(inEnglish(trigger.detail), `scrolled ${percent}%`);
      });
    }
  }
});

// ---------------------------------------------------------------- conditions

describe('decide: conditions', () => {
  test('a rule whose page URL condition fails is "conditions-failed", and the URL check says so', () => {
    const r = rule({ id: 'checkout', conditions: [{ kind: 'url', match: 'glob', pattern: '/checkout*' }] });
    const d = decide(input({ rules: [r] }));
    assert.equal(d.show, null);
    const t = traceOf(d, 'checkout');
    assert.equal(t.outcome, 'conditions-failed');
    const url = checkLabeled(t, 'Page address');
    assert.equal(url.passed, false);
    assert.equal(inEnglish(url.label), 'Page address matches the pattern “/checkout*”');
    assert.equal(inEnglish(url.detail), 'https://shop.example/pricing?plan=plus');
    assert.ok(
      !t.checks.some((c) => typeof c.label !== 'string' && c.label.code.startsWith('check-freq')),
      'blocks are not checked after a failed condition',
    );
  });

  test('a rule whose page URL condition matches fires', () => {
    const r = rule({ id: 'pricing', conditions: [{ kind: 'url', match: 'prefix', pattern: '/pricing' }] });
    const d = decide(input({ rules: [r] }));
    assert.equal(d.show?.ruleId, 'pricing');
    assert.equal(checkLabeled(traceOf(d, 'pricing'), 'Page address').passed, true);
  });

  test('a regex URL condition is labelled with slashes', () => {
    const r = rule({ id: 'rx', conditions: [{ kind: 'url', match: 'regex', pattern: 'plan=(plus|pro)' }] });
    const d = decide(input({ rules: [r] }));
    assert.equal(d.show?.ruleId, 'rx');
    assert.equal(
      checkLabeled(traceOf(d, 'rx'), 'Page address').label,
      'Page address matches the regular expression “plan=(plus|pro)”',
    );
  });

  test('with several conditions only the failing one is marked failed', () => {
    const conditions: Condition[] = [
      { kind: 'url', match: 'glob', pattern: '/pricing*' },
      { kind: 'visitor-tag', tag: 'returning', present: true },
      { kind: 'min-seconds-on-page', seconds: 5 },
    ];
    const d = decide(input({ rules: [rule({ id: 'multi', conditions })] }));
    const t = traceOf(d, 'multi');
    assert.equal(t.outcome, 'conditions-failed');
    assert.deepEqual(
      t.checks.slice(1).map((c) => c.passed),
      [true, false, true],
    );
  });

  const tagCases: { has: boolean; present: boolean; fires: boolean }[] = [
    { has: true, present: true, fires: true },
    { has: false, present: true, fires: false },
    { has: true, present: false, fires: false },
    { has: false, present: false, fires: true },
  ];
  for (const { has, present, fires } of tagCases) {
    test(`visitor ${has ? 'with' : 'without'} tag, condition "${present ? 'has' : 'does not have'}" → ${fires ? 'fires' : 'does not fire'}`, () => {
      const r = rule({ id: 'tagged', conditions: [{ kind: 'visitor-tag', tag: 'interest-backpacks', present }] });
      const d = decide(
        input({ profile: { tags: has ? ['browsing', 'interest-backpacks'] : ['browsing'] }, rules: [r] }),
      );
      const t = traceOf(d, 'tagged');
      assert.equal(t.outcome, fires ? 'fired' : 'conditions-failed');
      const c = checkLabeled(t, 'tag');
      assert.equal(inEnglish(c.label), `Visitor ${present ? 'has' : 'does not have'} the tag “interest-backpacks”`);
      assert.equal(c.passed, fires);
      assert.equal(inEnglish(c.detail), has ? 'has it' : 'does not have it');
    });
  }

  test('minimum seconds on page: 9.9 s is not enough for 10 s, 10 s is', () => {
    const r = rule({ id: 'patient', conditions: [{ kind: 'min-seconds-on-page', seconds: 10 }] });
    const early = decide(input({ page: { url: 'https://shop.example/', startedAt: NOW - 9900 }, rules: [r] }));
    const c = checkLabeled(traceOf(early, 'patient'), 'on the page');
    assert.equal(inEnglish(c.label), 'At least 10 sec on the page');
    assert.equal(c.passed, false);
    assert.equal(inEnglish(c.detail), '9.9 sec');
    assert.equal(early.show, null);

    const onTime = decide(input({ page: { url: 'https://shop.example/', startedAt: NOW - 10 * SECOND }, rules: [r] }));
    assert.equal(onTime.show?.ruleId, 'patient');
  });

  test('a page view that seems to start in the future counts as 0 s, never negative', () => {
    const r = rule({ id: 'patient', conditions: [{ kind: 'min-seconds-on-page', seconds: 1 }] });
    const d = decide(input({ page: { url: 'https://shop.example/', startedAt: NOW + 5 * SECOND }, rules: [r] }));
    assert.equal(checkLabeled(traceOf(d, 'patient'), 'on the page').detail, '0.0 sec');
  });
});

// ---------------------------------------------------------------- interruption policy

describe('decide: interruption policy', () => {
  const three = [
    rule({ id: 'a', priority: 3 }),
    rule({ id: 'b', priority: 2, frequency: { every: 'visitor' } }),
    rule({ id: 'c', priority: 1, conditions: [{ kind: 'url', match: 'prefix', pattern: '/' }] }),
  ];

  test('site turned off blocks every rule', () => {
    const d = decide(input({ siteEnabled: false, rules: three }));
    assert.equal(d.show, null);
    for (const t of d.rules) assert.equal(t.outcome, 'blocked', `rule ${t.ruleId}`);
    const site = d.policy.find((c) => inEnglish(c.label) === 'Tact is on for this site');
    assert.ok(site);
    assert.equal(site.passed, false);
    assert.match(inEnglish(site.detail), /turned off/);
  });

  test('site turned off still explains rules that were not triggered', () => {
    const d = decide(input({ siteEnabled: false, signal: scrolled(50), rules: three }));
    assert.equal(d.show, null);
    for (const t of d.rules) assert.equal(t.outcome, 'not-triggered');
  });

  test('site on: the site check passes and says "on"', () => {
    const d = decide(input({ rules: three }));
    assert.deepEqual(checkInEnglish(d.policy[0]!), { label: 'Tact is on for this site', passed: true, detail: 'on' });
    assert.deepEqual(checkInEnglish(d.policy[1]!), {
      label: 'At most one conversation per page view',
      passed: true,
      detail: 'none shown yet',
    });
  });

  test('a conversation already shown on this page view blocks every rule', () => {
    const d = decide(input({ pageViewShown: true, rules: three }));
    assert.equal(d.show, null);
    for (const t of d.rules) assert.equal(t.outcome, 'blocked');
    const once = d.policy.find((c) => inEnglish(c.label) === 'At most one conversation per page view');
    assert.ok(once);
    assert.equal(once.passed, false);
    assert.match(inEnglish(once.detail), /already shown/);
  });

  test(`a scroll rule is blocked in the first ${DEFAULT_MIN_SECONDS_ON_PAGE} s of the page view`, () => {
    const r = rule({ id: 'read', trigger: { signal: 'scroll-depth', atLeast: 25 } });
    for (const ms of [0, 1000, 2999]) {
      const d = decide(
        input({ signal: scrolled(75), page: { url: 'https://shop.example/', startedAt: NOW - ms }, rules: [r] }),
      );
      assert.equal(d.show, null, `${ms} ms`);
      const t = traceOf(d, 'read');
      assert.equal(t.outcome, 'blocked');
      const c = checkLabeled(t, 'first');
      assert.equal(inEnglish(c.label), 'Not in the first 3 sec of the page view');
      assert.equal(c.passed, false);
      assert.match(inEnglish(c.detail), /sec on the page$/);
    }
    const d = decide(
      input({ signal: scrolled(75), page: { url: 'https://shop.example/', startedAt: NOW - 3000 }, rules: [r] }),
    );
    assert.equal(d.show?.ruleId, 'read');
  });

  test('exit intent is never held back by the first seconds of a page view', () => {
    const d = decide(
      input({ signal: EXIT, page: { url: 'https://shop.example/', startedAt: NOW }, rules: [rule({ id: 'leaving' })] }),
    );
    assert.equal(d.show?.ruleId, 'leaving');
    const c = checkLabeled(traceOf(d, 'leaving'), 'first');
    assert.equal(c.passed, true);
    assert.equal(inEnglish(c.detail), 'exit intent is exempt');
  });

  test('a custom minimum time on page is honoured and named in the label', () => {
    const r = rule({ id: 'read', trigger: { signal: 'scroll-depth', atLeast: 25 } });
    const base = {
      signal: scrolled(25),
      page: { url: 'https://shop.example/', startedAt: NOW - 5 * SECOND },
      rules: [r],
    };
    const blocked = decide(input({ ...base, minSecondsOnPage: 10 }));
    assert.equal(blocked.show, null);
    assert.equal(checkLabeled(traceOf(blocked, 'read'), 'first').label, 'Not in the first 10 sec of the page view');
    assert.equal(decide(input({ ...base, minSecondsOnPage: 0 })).show?.ruleId, 'read');
  });
});

// ---------------------------------------------------------------- frequency

describe('decide: frequency', () => {
  test('"once per visitor" fires the first time', () => {
    const d = decide(input({ rules: [rule({ id: 'once', frequency: { every: 'visitor' } })] }));
    assert.equal(d.show?.ruleId, 'once');
    const c = checkLabeled(traceOf(d, 'once'), 'Once per');
    assert.equal(inEnglish(c.label), 'Once per visitor');
    assert.equal(inEnglish(c.detail), 'never shown to this visitor');
  });

  test('"once per visitor" blocks after one show, however long ago', () => {
    for (const ago of [1, DAY, 400 * DAY]) {
      const d = decide(
        input({ lastShownByRule: { once: NOW - ago }, rules: [rule({ id: 'once', frequency: { every: 'visitor' } })] }),
      );
      assert.equal(d.show, null);
      const t = traceOf(d, 'once');
      assert.equal(t.outcome, 'blocked');
      const c = checkLabeled(t, 'Once per');
      assert.equal(c.passed, false);
      assert.equal(inEnglish(c.detail), 'already shown to this visitor');
    }
  });

  test('"every 7 days" blocks within 7 days and says when it may show again', () => {
    const r = rule({ id: 'weekly', frequency: { every: 'days', days: 7 } });
    const d = decide(input({ lastShownByRule: { weekly: NOW - 6 * DAY }, rules: [r] }));
    assert.equal(d.show, null);
    const c = checkLabeled(traceOf(d, 'weekly'), 'At most once');
    assert.equal(inEnglish(c.label), 'At most once every 7 days');
    assert.equal(c.passed, false);
    assert.equal(inEnglish(c.detail), 'shown recently; may show again in 24 hr');

    const almost = decide(input({ lastShownByRule: { weekly: NOW - 7 * DAY + 1 }, rules: [r] }));
    assert.equal(almost.show, null);
    assert.equal(
      checkLabeled(traceOf(almost, 'weekly'), 'At most once').detail,
      'shown recently; may show again in 1 sec',
    );
  });

  test('"every 7 days" allows again once 7 days have passed', () => {
    const r = rule({ id: 'weekly', frequency: { every: 'days', days: 7 } });
    for (const ago of [7 * DAY, 7 * DAY + 1, 30 * DAY]) {
      const d = decide(input({ lastShownByRule: { weekly: NOW - ago }, rules: [r] }));
      assert.equal(d.show?.ruleId, 'weekly', `${ago / DAY} days ago`);
      assert.equal(checkLabeled(traceOf(d, 'weekly'), 'At most once').detail, 'enough time has passed');
    }
  });

  test('"once per page view" always allows, even right after a show', () => {
    const d = decide(
      input({ lastShownByRule: { each: NOW - 1 }, rules: [rule({ id: 'each', frequency: { every: 'page-view' } })] }),
    );
    assert.equal(d.show?.ruleId, 'each');
    assert.equal(checkLabeled(traceOf(d, 'each'), 'Once per').label, 'Once per page view');
  });

  test("another rule's show does not count against this rule", () => {
    const d = decide(
      input({ lastShownByRule: { other: NOW - 1 }, rules: [rule({ id: 'once', frequency: { every: 'visitor' } })] }),
    );
    assert.equal(d.show?.ruleId, 'once');
  });
});

// ---------------------------------------------------------------- rules that cannot fire

describe('decide: rules that cannot fire', () => {
  test('a turned-off rule is "disabled" and checks nothing', () => {
    const d = decide(input({ rules: [rule({ id: 'off', enabled: false })] }));
    assert.equal(d.show, null);
    const t = traceOf(d, 'off');
    assert.equal(t.outcome, 'disabled');
    assert.deepEqual(t.checks, []);
  });

  test('a disabled high-priority rule does not stop an enabled lower one', () => {
    const d = decide(
      input({ rules: [rule({ id: 'off', enabled: false, priority: 100 }), rule({ id: 'on', priority: 1 })] }),
    );
    assert.equal(d.show?.ruleId, 'on');
    assert.equal(traceOf(d, 'off').outcome, 'disabled');
  });

  test('a rule whose flow is missing is blocked and the trace names the flow', () => {
    const d = decide(input({ rules: [rule({ id: 'orphan', flowId: 'deleted-flow' })] }));
    assert.equal(d.show, null);
    const t = traceOf(d, 'orphan');
    assert.equal(t.outcome, 'blocked');
    const c = checkLabeled(t, 'flow exists');
    assert.equal(c.passed, false);
    assert.equal(inEnglish(c.detail), 'flow “deleted-flow” is missing');
  });

  test('no rules at all: nothing shown, empty trace, policy still explained', () => {
    const d = decide(input({ rules: [] }));
    assert.equal(d.show, null);
    assert.deepEqual(d.rules, []);
    assert.deepEqual(
      d.policy.map((c) => inEnglish(c.label)),
      // The signal here is exit intent: no quiet-moment wait, but never over fullscreen or a dialog.
      [
        'Tact is on for this site',
        'At most one conversation per page view',
        'Not snoozed',
        'Not over fullscreen content or a dialog',
      ],
    );
  });
});

// ---------------------------------------------------------------- priority

describe('decide: priority', () => {
  test('the highest priority wins; the others are "outranked" and name the winner', () => {
    const rules = [
      rule({ id: 'low', priority: 1 }),
      rule({ id: 'high', name: 'Leaving the checkout', priority: 20, flowId: 'checkout-reassurance' }),
      rule({ id: 'mid', priority: 10 }),
    ];
    const d = decide(input({ rules }));
    assert.deepEqual(d.show, { ruleId: 'high', flowId: 'checkout-reassurance', entry: 'panel' });
    assert.equal(traceOf(d, 'high').outcome, 'fired');
    for (const id of ['low', 'mid']) {
      const t = traceOf(d, id);
      assert.equal(t.outcome, 'outranked');
      const last = checkInEnglish(t.checks.at(-1)!);
      assert.equal(inEnglish(last?.label), 'Highest priority among rules that fired');
      assert.equal(last?.passed, false);
      assert.equal(inEnglish(last?.detail), '“Leaving the checkout” ranks higher');
    }
  });

  test('ties go to the rule listed first', () => {
    const a = rule({ id: 'a', priority: 5 });
    const b = rule({ id: 'b', priority: 5 });
    assert.equal(decide(input({ rules: [a, b] })).show?.ruleId, 'a');
    assert.equal(decide(input({ rules: [b, a] })).show?.ruleId, 'b');
    const many = Array.from({ length: 12 }, (_, i) => rule({ id: `r${i}`, priority: i % 3 === 0 ? 7 : 1 }));
    assert.equal(decide(input({ rules: many })).show?.ruleId, 'r0');
  });

  test('negative priorities still rank', () => {
    const d = decide(input({ rules: [rule({ id: 'neg', priority: -5 }), rule({ id: 'less', priority: -10 })] }));
    assert.equal(d.show?.ruleId, 'neg');
  });

  test('a blocked higher-priority rule does not outrank a lower one that fires', () => {
    const rules = [
      rule({ id: 'seen', priority: 50, frequency: { every: 'visitor' } }),
      rule({ id: 'fresh', priority: 1 }),
    ];
    const d = decide(input({ lastShownByRule: { seen: NOW - DAY }, rules }));
    assert.equal(d.show?.ruleId, 'fresh');
    assert.equal(traceOf(d, 'seen').outcome, 'blocked');
  });
});

// ---------------------------------------------------------------- traces

describe('decide: traces', () => {
  test('every rule gets exactly one trace entry, in the order the rules are listed', () => {
    const rules = [
      rule({ id: 'off', enabled: false }),
      rule({ id: 'scroll', trigger: { signal: 'scroll-depth', atLeast: 50 } }),
      rule({ id: 'url', conditions: [{ kind: 'url', match: 'exact', pattern: '/nope' }] }),
      rule({ id: 'noflow', flowId: 'gone' }),
      rule({ id: 'win', priority: 2 }),
      rule({ id: 'lose', priority: 1 }),
    ];
    const d = decide(input({ rules }));
    assert.deepEqual(
      d.rules.map((t) => [t.ruleId, t.ruleName, t.outcome]),
      [
        ['off', 'Rule off', 'disabled'],
        ['scroll', 'Rule scroll', 'not-triggered'],
        ['url', 'Rule url', 'conditions-failed'],
        ['noflow', 'Rule noflow', 'blocked'],
        ['win', 'Rule win', 'fired'],
        ['lose', 'Rule lose', 'outranked'],
      ],
    );
  });

  test("a fired rule's checks read as plain words, in order", () => {
    const r = rule({
      id: 'pricing',
      trigger: { signal: 'scroll-depth', atLeast: 50 },
      conditions: [{ kind: 'url', match: 'glob', pattern: '/pricing*' }],
      flowId: 'pricing-help',
      frequency: { every: 'days', days: 7 },
    });
    const d = decide(input({ signal: scrolled(75), rules: [r] }));
    assert.deepEqual(traceOf(d, 'pricing').checks.map(checkInEnglish), [
      { label: 'Trigger: scrolled at least 50%', passed: true, detail: 'scrolled 75%' },
      {
        label: 'Page address matches the pattern “/pricing*”',
        passed: true,
        detail: 'https://shop.example/pricing?plan=plus',
      },
      { label: 'The flow exists', passed: true, detail: 'pricing-help' },
      { label: 'Not in the first 3 sec of the page view', passed: true, detail: '30.0 sec on the page' },
      { label: 'At most 2 per site per day', passed: true, detail: '0 used today on this site' },
      { label: 'At most 4 per day overall', passed: true, detail: '0 used today' },
      { label: 'At most once every 7 days', passed: true, detail: 'never shown to this visitor' },
    ]);
  });

  test('every check label and detail is non-empty text with no code-ish leftovers', () => {
    const rules = [
      rule({
        id: 'a',
        conditions: [
          { kind: 'visitor-tag', tag: 'x', present: false },
          { kind: 'min-seconds-on-page', seconds: 2 },
        ],
      }),
      rule({ id: 'b', frequency: { every: 'days', days: 2 } }),
      rule({ id: 'c', flowId: 'gone', frequency: { every: 'visitor' } }),
    ];
    const d = decide(input({ siteEnabled: false, lastShownByRule: { b: NOW - HOUR }, rules }));
    for (const c of [...d.policy, ...d.rules.flatMap((t) => t.checks)].map(checkInEnglish)) {
      assert.ok(inEnglish(c.label).trim().length > 0);
      assert.ok(inEnglish(c.detail).trim().length > 0);
      assert.doesNotMatch(`${inEnglish(c.label)} ${inEnglish(c.detail)}`, /undefined|NaN|\[object|null/);
    }
  });

  test('describeSignal says what happened in plain words', () => {
    assert.equal(inEnglish(describeSignal(EXIT)), 'visitor is leaving (exit intent)');
    assert.equal(inEnglish(describeSignal(scrolled(25))), 'scrolled 25%');
  });

  test('decide does not modify its input', () => {
    const rules = [rule({ id: 'a', priority: 1 }), rule({ id: 'b', priority: 2 })];
    const inp = input({ rules, lastShownByRule: { a: 1 }, profile: { tags: ['t'] } });
    const before = JSON.stringify({ ...inp, flowIds: [...inp.flowIds] });
    decide(inp);
    assert.equal(JSON.stringify({ ...inp, flowIds: [...inp.flowIds] }), before);
  });
});

// ---------------------------------------------------------------- randomized invariants

describe('decide: randomized invariants', () => {
  const rand = mulberry32(0x7ac7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chance = (p: number) => rand() < p;
  const urls = [
    'https://shop.example/',
    'https://shop.example/pricing',
    'https://shop.example/checkout?step=2',
    'https://blog.example/journal/trail-1#top',
  ];
  const tags = ['browsing', 'searching', 'returning'];
  const flows = ['f1', 'f2', 'f3'];

  function randomTrigger(): Trigger {
    return chance(0.5) ? { signal: 'exit-intent' } : { signal: 'scroll-depth', atLeast: pick(SCROLL_DEPTHS) };
  }
  function randomCondition(): Condition {
    const k = pick(['url', 'min-seconds-on-page', 'visitor-tag'] as const);
    if (k === 'url')
      return {
        kind: 'url',
        match: pick(['exact', 'prefix', 'glob', 'regex'] as const),
        pattern: pick(['/', '/pricing', '/checkout*', '/journal/*', 'shop', '(', 'https://shop.example/']),
      };
    if (k === 'min-seconds-on-page') return { kind: 'min-seconds-on-page', seconds: pick([0, 2, 5, 30, 120]) };
    return { kind: 'visitor-tag', tag: pick(tags), present: chance(0.5) };
  }
  function randomFrequency(): Frequency {
    const k = pick(['page-view', 'visitor', 'days'] as const);
    return k === 'days' ? { every: 'days', days: pick([1, 7, 30]) } : { every: k };
  }
  function matches(trigger: Trigger, signal: Signal): boolean {
    if (trigger.signal === 'exit-intent') return signal.type === 'exit-intent';
    return trigger.signal === 'scroll-depth' && signal.type === 'scroll-depth' && signal.percent >= trigger.atLeast;
  }

  test("2000 random situations keep the engine's promises", () => {
    let shown = 0;
    for (let i = 0; i < 2000; i++) {
      const n = Math.floor(rand() * 6);
      const rules: Rule[] = Array.from({ length: n }, (_, j) =>
        rule({
          id: `r${j}`,
          enabled: chance(0.85),
          trigger: randomTrigger(),
          conditions: Array.from({ length: Math.floor(rand() * 3) }, randomCondition),
          flowId: pick([...flows, 'missing']),
          entry: pick(['panel', 'pill'] as const),
          priority: pick([-1, 0, 0, 1, 5, 5]),
          frequency: randomFrequency(),
        }),
      );
      const lastShownByRule: Record<string, number> = {};
      for (const r of rules) if (chance(0.3)) lastShownByRule[r.id] = NOW - Math.floor(rand() * 40 * DAY);
      const inp: DecisionInput = input({
        signal: chance(0.4) ? EXIT : scrolled(pick(SCROLL_DEPTHS)),
        page: { url: pick(urls), startedAt: NOW - Math.floor(rand() * 20 * SECOND) },
        siteEnabled: chance(0.85),
        pageViewShown: chance(0.15),
        profile: { tags: tags.filter(() => chance(0.4)) },
        lastShownByRule,
        rules,
        flowIds: new Set(flows),
        ...(chance(0.2) ? { minSecondsOnPage: pick([0, 1, 10]) } : {}),
      });
      const label = `case ${i}: ${JSON.stringify({ ...inp, flowIds: undefined })}`;
      const d = decide(inp);

      assert.equal(d.rules.length, rules.length, label);
      assert.deepEqual(
        d.rules.map((t) => t.ruleId),
        rules.map((r) => r.id),
        label,
      );
      if (!inp.siteEnabled || inp.pageViewShown) assert.equal(d.show, null, label);

      const fired = d.rules.filter((t) => t.outcome === 'fired');
      const outranked = d.rules.filter((t) => t.outcome === 'outranked');
      for (const t of d.rules) {
        const r = rules.find((x) => x.id === t.ruleId)!;
        if (t.outcome === 'disabled') assert.equal(r.enabled, false, label);
        else {
          assert.equal(r.enabled, true, label);
          assert.equal(t.checks[0]?.passed, matches(r.trigger, inp.signal), label);
        }
        if (t.outcome === 'not-triggered' || t.outcome === 'conditions-failed')
          assert.ok(
            t.checks.some((c) => !c.passed),
            label,
          );
        if (t.outcome === 'blocked')
          assert.ok(t.checks.some((c) => !c.passed) || d.policy.some((c) => !c.passed), label);
      }

      if (d.show === null) {
        assert.equal(fired.length, 0, label);
        assert.equal(outranked.length, 0, label);
        continue;
      }
      shown++;
      assert.equal(fired.length, 1, label);
      const winnerIndex = rules.findIndex((r) => r.id === d.show!.ruleId);
      const winner = rules[winnerIndex]!;
      assert.equal(fired[0]!.ruleId, winner.id, label);
      assert.equal(winner.enabled, true, label);
      assert.ok(matches(winner.trigger, inp.signal), label);
      assert.ok(inp.flowIds.has(winner.flowId!), label);
      assert.equal(d.show.flowId, winner.flowId, label);
      assert.equal(d.show.entry, winner.entry, label);
      for (const t of outranked) {
        const idx = rules.findIndex((r) => r.id === t.ruleId);
        const other = rules[idx]!;
        assert.ok(other.priority < winner.priority || (other.priority === winner.priority && idx > winnerIndex), label);
      }
    }
    // The generator must exercise both branches meaningfully.
    assert.ok(shown > 200, `only ${shown} of 2000 cases showed a flow`);
    assert.ok(shown < 1800, `${shown} of 2000 cases showed a flow`);
  });
});

describe("the benchmark's rule mix (npm run bench:engine)", () => {
  test('the rule index and a linear scan take the same decisions on 2 000 rules and 400 signals', () => {
    const rules = generateRules(2000, 2001);
    const index = buildRuleIndex(rules);
    const queries = makeQueries(400, 4000, 9, NOW);
    let shows = 0;
    for (const [i, q] of queries.entries()) {
      const indexed = decide({ ...q, rules: index });
      const linear = decide({ ...q, rules });
      assert.deepEqual([indexed.show, indexed.wouldShow], [linear.show, linear.wouldShow], `query ${i}`);
      if (linear.show) shows++;
    }
    assert.ok(shows > 0, 'some signals show a flow');
  });
});

describe('rule ids that look like Object.prototype members', () => {
  test('a rule called "constructor" that was never shown may fire', () => {
    const rule: Rule = {
      id: 'constructor',
      version: 1,
      name: 'Proto',
      enabled: true,
      shadow: false,
      trigger: { signal: 'exit-intent' },
      conditions: [],
      flowId: 'f',
      entry: 'panel',
      priority: 0,
      frequency: { every: 'visitor' },
    };
    const decision = decide({
      now: 10_000,
      signal: { type: 'exit-intent' },
      page: { url: 'https://shop.example/', startedAt: 0 },
      siteEnabled: true,
      pageViewShown: false,
      profile: { tags: [] },
      lastShownByRule: {},
      rules: [rule],
      flowIds: new Set(['f']),
    });
    assert.equal(decision.show?.ruleId, 'constructor');
  });
});
