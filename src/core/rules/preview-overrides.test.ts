import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  actAsVisitor,
  describeActAs,
  originPattern,
  resetSiteCaps,
  ruleForPicked,
  siteAccessOf,
} from './preview-overrides.ts';
import { validateRule } from './rule-validation.ts';
import { decide } from './engine.ts';
import { localDay } from './policy.ts';
import type { Rule, Segment } from './rule-model.ts';

const vip: Segment = { id: 'vip', name: 'VIP', conditions: [{ kind: 'visitor-tag', tag: 'vip', present: true }] };

describe('actAsVisitor', () => {
  test('without an override the visitor is unchanged', () => {
    const profile = { tags: ['a'] };
    assert.deepEqual(actAsVisitor(profile, [vip], undefined), { profile, segments: [vip] });
  });

  test("tags replace the visitor's own (no expiry), attributes are kept", () => {
    const r = actAsVisitor({ tags: ['old'], tagExpiry: { old: 1 }, attributes: { firstName: 'Ana' } }, [], {
      tags: ['vip', 'vip', 'returning'],
      segments: [],
    });
    assert.deepEqual(r.profile, { tags: ['vip', 'returning'], attributes: { firstName: 'Ana' } });
  });

  test('a named segment counts the visitor as a member; others are untouched', () => {
    const other: Segment = { id: 'other', name: 'Other', conditions: [{ kind: 'visit-count', min: 5 }] };
    const r = actAsVisitor({ tags: [] }, [vip, other], { tags: [], segments: ['vip'] });
    assert.deepEqual(r.segments[0]!.conditions, []);
    assert.equal(r.segments[1], other);
  });

  test('the engine sees the override: a segment rule fires only while acting as that segment', () => {
    const rule: Rule = {
      id: 'r',
      version: 2,
      name: 'VIP leaving',
      enabled: true,
      shadow: false,
      flowId: 'f',
      priority: 1,
      entry: 'panel',
      frequency: { every: 'page-view' },
      trigger: { signal: 'exit-intent' },
      conditions: [{ kind: 'segment', segment: 'vip', member: true }],
    };
    const base = {
      now: Date.now(),
      signal: { type: 'exit-intent' } as const,
      page: { url: 'https://shop.example/', startedAt: Date.now() - 60_000 },
      siteEnabled: true,
      pageViewShown: false,
      lastShownByRule: {},
      rules: [rule],
      flowIds: new Set(['f']),
    };
    assert.equal(decide({ ...base, profile: { tags: [] }, segments: [vip] }).show, null);
    const acting = actAsVisitor({ tags: [] }, [vip], { tags: [], segments: ['vip'] });
    assert.equal(decide({ ...base, ...acting }).show?.ruleId, 'r');
  });

  test('described in plain words', () => {
    assert.equal(describeActAs({ tags: ['a', 'b'], segments: ['vip'] }, [vip]), 'tags: a, b · segments: VIP');
    assert.equal(describeActAs({ tags: [], segments: [] }, []), 'a visitor with no tags');
  });
});

describe('resetSiteCaps', () => {
  const now = Date.now();
  const day = localDay(now);
  const state = {
    budget: { day, total: 2.5, bySite: { 'https://a.example': 1.5, 'https://b.example': 1 } },
    dismissals: {
      byFlow: { f1: { count: 2, lastAt: now }, f2: { count: 1, lastAt: now } },
      bySite: { 'https://a.example': { count: 2, lastAt: now }, 'https://b.example': { count: 1, lastAt: now } },
    },
    lastShownByRule: { r1: now, r2: now },
  };

  test("gives back the site's spend, lifts its back-offs and frequency records; other sites keep theirs", () => {
    const { state: next, summary } = resetSiteCaps(state, 'https://a.example', now, ['f1'], ['r1', 'r1']);
    assert.deepEqual(next.budget, { day, total: 1, bySite: { 'https://b.example': 1 } });
    assert.deepEqual(Object.keys(next.dismissals.bySite), ['https://b.example']);
    assert.deepEqual(Object.keys(next.dismissals.byFlow), ['f2']);
    assert.deepEqual(Object.keys(next.lastShownByRule), ['r2']);
    assert.deepEqual(summary, { budgetReturned: 1.5, backoffsCleared: 2, frequencyCleared: 1 });
    assert.equal(state.budget.total, 2.5, 'input not mutated');
  });

  test("the demo shop's reset leaves the day's total alone (its shows never spent it)", () => {
    const demo = 'http://northwind.localhost:4173';
    const { state: next, summary } = resetSiteCaps(
      { ...state, budget: { day, total: 1, bySite: { [demo]: 2, 'https://b.example': 1 } } },
      demo,
      now,
      [],
      [],
    );
    assert.deepEqual(next.budget, { day, total: 1, bySite: { 'https://b.example': 1 } });
    assert.equal(summary.budgetReturned, 2);
  });

  test('nothing to reset: an empty summary; a budget of another day counts as empty', () => {
    const { state: next, summary } = resetSiteCaps(
      {
        budget: { day: '2000-01-01', total: 3, bySite: { 'https://a.example': 3 } },
        dismissals: { byFlow: {}, bySite: {} },
        lastShownByRule: {},
      },
      'https://a.example',
      now,
      [],
      [],
    );
    assert.deepEqual(summary, { budgetReturned: 0, backoffsCleared: 0, frequencyCleared: 0 });
    assert.deepEqual(next.budget, { day, total: 0, bySite: {} });
  });
});

describe('ruleForPicked', () => {
  const picked = {
    selector: '#buy',
    label: 'button “Buy”',
    ms: 1500,
    origin: 'https://shop.example',
    flowId: 'exit-offer',
    id: 'hesitation-buy',
  };
  test('a new rule: hesitation on the selector, this site only, valid', () => {
    const rule = ruleForPicked(undefined, picked);
    assert.deepEqual(rule.trigger, { signal: 'hesitation', selector: '#buy', ms: 1500 });
    assert.deepEqual(rule.conditions, [{ kind: 'url', match: 'prefix', pattern: 'https://shop.example/' }]);
    assert.equal(rule.name, 'Hesitation on button “Buy”');
    const checked = validateRule(rule, 'rule', new Set(['exit-offer']));
    assert.ok(checked.ok, JSON.stringify(!checked.ok && checked.errors));
  });
  test('an existing rule keeps everything but its trigger', () => {
    const existing = ruleForPicked(undefined, { ...picked, id: 'r' });
    const changed = ruleForPicked(
      { ...existing, name: 'Mine', priority: 3 },
      { ...picked, selector: '.price', ms: 800 },
    );
    assert.equal(changed.name, 'Mine');
    assert.equal(changed.priority, 3);
    assert.deepEqual(changed.trigger, { signal: 'hesitation', selector: '.price', ms: 800 });
  });
});

describe('siteAccessOf', () => {
  test('web pages need host access; other pages cannot run Tact', () => {
    assert.equal(siteAccessOf('https://shop.example/x', true), 'granted');
    assert.equal(siteAccessOf('http://127.0.0.1:8080/', false), 'needs-grant');
    for (const url of [
      'about:addons',
      'chrome://extensions',
      'file:///tmp/a.html',
      'moz-extension://x/popup.html',
      undefined,
      '',
    ])
      assert.equal(siteAccessOf(url, true), 'not-web', String(url));
    assert.equal(originPattern('https://shop.example'), 'https://shop.example/*');
  });
});
