import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_SHOP_CONDITION, isDemoShop } from './demo-shop.ts';
import { urlConditionHolds } from './url-match.ts';
import type { UrlCondition } from './rule-model.ts';
import { DEFAULT_RULES } from '../flows/default-pack.ts';
import { TEMPLATES } from '../flows/templates.ts';

describe('the demo shop', () => {
  test('is northwind.localhost on any port, and nothing else', () => {
    for (const o of [
      'http://northwind.localhost:4173',
      'http://northwind.localhost:80',
      'http://northwind.localhost:4180/x',
    ])
      assert.equal(isDemoShop(o), true, o);
    for (const o of [
      'http://127.0.0.1:4173',
      'http://localhost:4173',
      'http://shop.northwind.localhost:4173',
      'http://northwind.localhost.example',
      'https://example.com/?u=http://northwind.localhost:4173',
      'not a url',
    ])
      assert.equal(isDemoShop(o), false, o);
  });

  test('the default rules carry the demo-shop condition; the templates stay site-agnostic', () => {
    assert.equal(DEFAULT_RULES.length, 8);
    for (const [i, rule] of DEFAULT_RULES.entries()) {
      assert.deepEqual(rule.conditions[0], DEMO_SHOP_CONDITION, rule.id);
      assert.deepEqual(rule.conditions.slice(1), TEMPLATES[i]!.rule.conditions, rule.id);
      assert.equal(
        TEMPLATES[i]!.rule.conditions.some(
          (c) => c.kind === 'site' || (c.kind === 'url' && c.pattern.includes('northwind')),
        ),
        false,
      );
    }
  });

  test("the condition matches the demo shop's pages on any port, and no other site", () => {
    const holds = (url: string) => urlConditionHolds(DEMO_SHOP_CONDITION as UrlCondition, url);
    assert.equal(holds('http://northwind.localhost:4173/checkout.html'), true);
    assert.equal(holds('http://northwind.localhost:39001/'), true);
    assert.equal(holds('http://127.0.0.1:4173/'), false);
    assert.equal(holds('http://localhost:4173/'), false);
    assert.equal(holds('http://shop.northwind.localhost:4173/'), false);
    assert.equal(holds('http://northwind.localhost.evil.example:4173/'), false);
    assert.equal(holds('https://news.example/?next=http://northwind.localhost:4173/'), false);
  });
});
