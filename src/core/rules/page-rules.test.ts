import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRuleIndex, type RuleIndex } from './rule-index.ts';
import { PageRulesCache, rulesForPage } from './page-rules.ts';
import type { Rule } from './rule-model.ts';

const rule = (id: string, pattern: string, signal: Rule['trigger']['signal'] = 'exit-intent'): Rule => ({
  id,
  version: 1,
  name: id,
  enabled: true,
  shadow: false,
  trigger: { signal } as Rule['trigger'],
  conditions: [{ kind: 'url', match: 'regex', pattern }],
  flowId: 'f',
  entry: 'panel',
  priority: 0,
  frequency: { every: 'visitor' },
});

/** An index that counts how often it is asked. */
function counting(index: RuleIndex): RuleIndex & { asked: number } {
  const counted = {
    asked: 0,
    size: index.size,
    candidates: (s: never, u: string) => (counted.asked++, index.candidates(s, u)),
  };
  return counted;
}

describe('rules narrowed to a page view', () => {
  const rules = [rule('news', '/\\d{4}/'), rule('shop', '^/shop/'), rule('dwell', '/\\d{4}/', 'dwell')];
  const url = 'https://news.example/2026/12/02/story.html';

  test('keeps only the rules whose URL conditions hold there, per trigger', () => {
    const page = rulesForPage(buildRuleIndex(rules), url);
    assert.deepEqual(
      page.candidates('exit-intent', url).map((r) => r.id),
      ['news'],
    );
    assert.deepEqual(
      page.candidates('dwell', url).map((r) => r.id),
      ['dwell'],
    );
    assert.equal(page.size, 3);
  });

  test('matches the URL conditions once per trigger, not once per signal', () => {
    const index = counting(buildRuleIndex(rules));
    const page = rulesForPage(index, url);
    for (let i = 0; i < 5; i++) page.candidates('exit-intent', url);
    assert.equal(index.asked, 1);
    // Another URL (never asked by the background) gets the index's answer, not the page's list.
    const other = 'https://shop.example/shop/a';
    assert.deepEqual(page.candidates('exit-intent', other), index.candidates('exit-intent', other));
  });

  test('the cache forgets every page view when the rules change, and the least recently used first', () => {
    const cache = new PageRulesCache(2);
    const index = buildRuleIndex(rules);
    const a = cache.get(1, 'a', url, index);
    assert.equal(cache.get(1, 'a', url, index), a);
    cache.get(1, 'b', url, index);
    cache.get(1, 'a', url, index); // a is now the most recent
    cache.get(1, 'c', url, index); // b goes
    assert.equal(cache.get(1, 'a', url, index), a);
    assert.notEqual(cache.get(2, 'a', url, index), a, 'a new rules version starts afresh');
    assert.notEqual(cache.get(2, 'a', 'https://news.example/other', index).url, url, 'a new URL is a new narrowing');
  });
});
