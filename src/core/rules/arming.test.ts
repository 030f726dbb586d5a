import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planFor } from './arming.ts';
import { DEFAULT_RULES } from '../flows/default-pack.ts';
import { triggerMatches } from '../signals/signal-model.ts';
import { isEmptyPlan } from '../signals/arming-plan.ts';
import type { Rule } from './rule-model.ts';
import { validateRule } from './rule-validation.ts';

describe('arming: only what the page needs', () => {
  test('the demo checkout arms exit intent only; pricing adds 50 %; an article adds 100 %', () => {
    const demo = 'http://northwind.localhost:4173';
    assert.deepEqual(planFor(`${demo}/checkout.html`, DEFAULT_RULES).scrollDepths, []);
    assert.equal(planFor(`${demo}/checkout.html`, DEFAULT_RULES).exitIntent, true);
    assert.deepEqual(planFor(`${demo}/pricing.html`, DEFAULT_RULES).scrollDepths, [50]);
    assert.deepEqual(planFor(`${demo}/journal/packing-light.html`, DEFAULT_RULES).scrollDepths, [100]);
  });
  test('a fresh install arms nothing off the demo shop, on any port of it everything its rules need', () => {
    for (const url of [
      'http://127.0.0.1:4173/',
      'http://127.0.0.1:4173/journal/packing-light.html',
      'http://localhost:4173/pricing.html',
      'http://northwind.localhost.example/',
      'https://www.lemonde.fr/',
      'https://news.example/2024/05/01/story.html',
    ])
      assert.equal(isEmptyPlan(planFor(url, DEFAULT_RULES)), true, url);
    for (const port of ['4173', '4180', '38211']) {
      const home = planFor(`http://northwind.localhost:${port}/`, DEFAULT_RULES);
      assert.equal(home.exitIntent, true);
      assert.deepEqual(home.dwellSeconds, [8]);
    }
  });
  test('a page where no rule can apply gets an empty plan', () => {
    const onlyPricing = DEFAULT_RULES.filter((r) => r.id === 'pricing-scroll');
    assert.equal(isEmptyPlan(planFor('https://shop.example/about', onlyPricing)), true);
    assert.equal(isEmptyPlan(planFor('https://shop.example/about', [])), true);
  });
  test('disabled rules arm nothing; duplicates are merged and sorted', () => {
    const base = DEFAULT_RULES[0]!;
    const rules: Rule[] = [
      { ...base, id: 'a', conditions: [], trigger: { signal: 'dwell', seconds: 60 } },
      { ...base, id: 'b', conditions: [], trigger: { signal: 'dwell', seconds: 30 } },
      { ...base, id: 'c', conditions: [], trigger: { signal: 'dwell', seconds: 30 } },
      { ...base, id: 'd', conditions: [], trigger: { signal: 'rage-click' }, enabled: false },
      { ...base, id: 'e', conditions: [], trigger: { signal: 'hesitation', selector: '.price', ms: 1500 } },
    ];
    const plan = planFor('https://shop.example/', rules);
    assert.deepEqual(plan.dwellSeconds, [30, 60]);
    assert.deepEqual(plan.flags, []);
    assert.deepEqual(plan.hesitation, [{ selector: '.price', ms: 1500 }]);
  });
});

describe('triggerMatches', () => {
  test('thresholds: at or past the trigger, same selector, same intent', () => {
    assert.equal(triggerMatches({ signal: 'dwell', seconds: 30 }, { type: 'dwell', seconds: 45 }), true);
    assert.equal(triggerMatches({ signal: 'dwell', seconds: 30 }, { type: 'dwell', seconds: 29 }), false);
    assert.equal(
      triggerMatches(
        { signal: 'hesitation', selector: '.price', ms: 1000 },
        { type: 'hesitation', selector: '.cta', ms: 5000 },
      ),
      false,
    );
    assert.equal(
      triggerMatches(
        { signal: 'intent', intent: 'leaving', atLeast: 0.6 },
        { type: 'intent', intent: 'leaving', score: 0.7 },
      ),
      true,
    );
    assert.equal(
      triggerMatches(
        { signal: 'intent', intent: 'leaving', atLeast: 0.6 },
        { type: 'intent', intent: 'reading', score: 0.9 },
      ),
      false,
    );
    assert.equal(triggerMatches({ signal: 'rage-click' }, { type: 'rage-click' }), true);
    assert.equal(triggerMatches({ signal: 'rage-click' }, { type: 'dead-click' }), false);
  });
});

describe('rule index: anchored regular expressions are filed by their literal prefix', () => {
  test('only the required literal start is used', async () => {
    const { regexLiteralPrefix } = await import('./rule-index.ts');
    assert.equal(regexLiteralPrefix('^https://shop\\.example/item-12'), 'https://shop.example/item-12');
    assert.equal(regexLiteralPrefix('^https?://a'), 'http');
    assert.equal(regexLiteralPrefix('^https://a\\.b/c\\d+'), 'https://a.b/c');
    assert.equal(regexLiteralPrefix('^ab*c'), 'a');
    assert.equal(regexLiteralPrefix('^abc(d|e)'), 'abc');
    assert.equal(regexLiteralPrefix('shop'), '');
  });
});

describe('scroll depth: any whole percentage, of the page or of the main content', () => {
  const rule = (trigger: Rule['trigger']): Rule => ({
    ...DEFAULT_RULES.find((r) => r.id === 'exit-anywhere')!,
    id: 'read',
    conditions: [],
    trigger,
  });

  test('a rule may ask for 1–100 %, whole numbers only, measured on the page or on the main content', () => {
    for (const atLeast of [1, 64, 80, 100])
      for (const of of [undefined, 'content' as const])
        assert.ok(
          validateRule(rule({ signal: 'scroll-depth', atLeast, ...(of ? { of } : {}) })).ok,
          `${atLeast} ${of}`,
        );
    for (const atLeast of [0, 101, 50.5])
      assert.equal(validateRule(rule({ signal: 'scroll-depth', atLeast })).ok, false, String(atLeast));
    assert.equal(validateRule(rule({ signal: 'scroll-depth', atLeast: 80, of: 'footer' } as never)).ok, false);
  });

  test('the plan arms depths of the main content apart, and each signal meets only its own kind of trigger', () => {
    const plan = planFor('https://news.example/a', [
      rule({ signal: 'scroll-depth', atLeast: 80, of: 'content' }),
      { ...rule({ signal: 'scroll-depth', atLeast: 64 }), id: 'page' },
    ]);
    assert.deepEqual([plan.scrollDepths, plan.contentDepths], [[64], [80]]);
    assert.equal(isEmptyPlan({ ...plan, scrollDepths: [] }), false);
    const content = { signal: 'scroll-depth', atLeast: 80, of: 'content' } as const;
    assert.equal(triggerMatches(content, { type: 'scroll-depth', percent: 80, of: 'content' }), true);
    assert.equal(
      triggerMatches(content, { type: 'scroll-depth', percent: 100 }),
      false,
      '100 % of the page is not the text',
    );
    assert.equal(triggerMatches(content, { type: 'scroll-depth', percent: 79, of: 'content' }), false);
    assert.equal(
      triggerMatches({ signal: 'scroll-depth', atLeast: 64 }, { type: 'scroll-depth', percent: 80, of: 'content' }),
      false,
    );
  });
});
