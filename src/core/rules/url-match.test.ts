import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { urlMatches } from './url-match.ts';
import { globMatches } from './glob-match.ts';
import type { UrlMatch } from './rule-model.ts';

type Case = [url: string, pattern: string, expected: boolean];

function table(match: UrlMatch, cases: Case[]) {
  for (const [url, pattern, expected] of cases) {
    assert.equal(
      urlMatches(url, match, pattern),
      expected,
      `${match} ${JSON.stringify(pattern)} on ${url} should be ${expected}`,
    );
  }
}

describe('urlMatches: full-URL patterns', () => {
  test('exact compares the whole URL', () => {
    table('exact', [
      ['https://shop.example/pricing', 'https://shop.example/pricing', true],
      ['https://shop.example/pricing/plus', 'https://shop.example/pricing', false],
      ['https://shop.example/pricing?plan=pro', 'https://shop.example/pricing', false],
      ['https://shop.example/pricing?plan=pro', 'https://shop.example/pricing?plan=pro', true],
      ['http://shop.example/pricing', 'https://shop.example/pricing', false],
    ]);
  });

  test('the hash is ignored', () => {
    table('exact', [
      ['https://shop.example/pricing#faq', 'https://shop.example/pricing', true],
      ['https://shop.example/pricing?plan=pro#faq', 'https://shop.example/pricing?plan=pro', true],
      ['https://shop.example/pricing#', 'https://shop.example/pricing', true],
    ]);
    table('prefix', [['https://shop.example/#/pricing', 'https://shop.example/#', false]]);
    table('regex', [['https://shop.example/a#secret', 'secret', false]]);
  });

  test('the URL is compared in its normalised form (lower-case host, trailing slash on the root)', () => {
    table('exact', [
      ['https://Shop.Example/Pricing', 'https://shop.example/Pricing', true],
      ['https://shop.example', 'https://shop.example/', true],
    ]);
  });

  test('prefix compares the start of the URL', () => {
    table('prefix', [
      ['https://shop.example/journal/trail-1', 'https://shop.example/journal/', true],
      ['https://shop.example/journal', 'https://shop.example/journal/', false],
      ['https://blog.shop.example/journal/', 'https://shop.example/journal/', false],
    ]);
  });

  test('glob: * is any run of characters, ? is exactly one, and the whole URL must match', () => {
    table('glob', [
      ['https://shop.example/journal/trail-1', 'https://shop.example/journal/*', true],
      ['https://shop.example/journal/', 'https://shop.example/journal/*', true],
      ['https://de.shop.example/journal/x', 'https://*.shop.example/journal/*', true],
      ['https://shop.example/p/1', 'https://shop.example/p/?', true],
      ['https://shop.example/p/12', 'https://shop.example/p/?', false],
      ['https://shop.example/journal/x', 'shop.example/journal/*', false],
    ]);
  });

  test('regex is unanchored unless the pattern anchors it', () => {
    table('regex', [
      ['https://shop.example/checkout/pay', 'checkout', true],
      ['https://shop.example/checkout/pay', '^https://shop\\.example/checkout', true],
      ['https://shop.example/checkout/pay', '^checkout', false],
      ['https://shop.example/product/123', 'product/\\d+$', true],
      ['https://shop.example/product/abc', 'product/\\d+$', false],
    ]);
  });
});

describe('urlMatches: path patterns (starting with "/") work on every site', () => {
  test('exact compares path and query, on any host', () => {
    table('exact', [
      ['https://shop.example/pricing', '/pricing', true],
      ['http://other.example:8080/pricing', '/pricing', true],
      ['https://shop.example/pricing/', '/pricing', false],
      ['https://shop.example/en/pricing', '/pricing', false],
      ['https://shop.example/', '/', true],
    ]);
  });

  test('the query is kept for path patterns', () => {
    table('exact', [
      ['https://shop.example/pricing?plan=pro', '/pricing', false],
      ['https://shop.example/pricing?plan=pro', '/pricing?plan=pro', true],
    ]);
    table('glob', [
      ['https://shop.example/checkout?step=2', '/checkout*', true],
      ['https://shop.example/search?q=tent', '/search?q=*', true],
      ['https://shop.example/search?q=tent', '/search', false],
    ]);
    table('regex', [['https://shop.example/list?page=3', '/list\\?page=\\d', true]]);
  });

  test('the hash is ignored for path patterns too', () => {
    table('exact', [['https://shop.example/pricing#compare', '/pricing', true]]);
    table('glob', [['https://shop.example/pricing#compare', '/pricing', true]]);
  });

  test('prefix on a path', () => {
    table('prefix', [
      ['https://shop.example/checkout/step-2', '/checkout', true],
      ['https://shop.example/checkout', '/checkout', true],
      ['https://shop.example/cart', '/checkout', false],
      ['https://shop.example/en/checkout', '/checkout', false],
    ]);
  });

  test('glob on a path: * spans slashes', () => {
    table('glob', [
      ['https://blog.example/journal/2024/05/trail-tips', '/journal/*', true],
      ['https://blog.example/journal/', '/journal/*', true],
      ['https://blog.example/journal', '/journal/*', false],
      ['https://blog.example/journalism', '/journal*', true],
      ['https://shop.example/a/b/c/checkout', '*/checkout', true], // compared with the full URL, * covers "https://shop.example/a/b/c"
      ['https://shop.example/a/b/c/checkout', '/*/checkout', true],
      ['https://shop.example/pricing/x', '/pricing', false],
    ]);
  });

  test('regex starting with "/" is compared with the path', () => {
    table('regex', [
      ['https://blog.example/journal/42', '/journal/\\d+$', true],
      ['https://blog.example/journal/42/comments', '/journal/\\d+$', false],
    ]);
  });
});

describe('glob special characters are literal', () => {
  test('"." only matches a dot', () => {
    table('glob', [
      ['https://shop.example/index.html', '/index.html', true],
      ['https://shop.example/indexXhtml', '/index.html', false],
    ]);
  });

  test('"+" only matches a plus', () => {
    table('glob', [
      ['https://shop.example/tags/a+b', '/tags/a+b', true],
      ['https://shop.example/tags/aab', '/tags/a+b', false],
      ['https://shop.example/tags/ab', '/tags/a+b', false],
    ]);
  });

  test('"(" and ")" only match parentheses, and an unbalanced one does not throw', () => {
    table('glob', [
      ['https://shop.example/sale/(summer)', '/sale/(summer)', true],
      ['https://shop.example/sale/summer', '/sale/(summer)', false],
      ['https://shop.example/sale/(summer', '/sale/(*', true],
    ]);
  });

  test('every regex metacharacter in a glob stands for itself', () => {
    const literal = 'a.b+c(d)e|f^g$h{2}i[j]k\\l';
    assert.equal(globMatches(literal, literal), true);
    assert.equal(globMatches(literal, 'aXb+c(d)e|f^g$h{2}i[j]k\\l'), false);
    assert.equal(globMatches(literal, 'ab'), false);
    assert.equal(globMatches('x|y', 'x'), false);
  });

  test('a glob is anchored at both ends', () => {
    assert.equal(globMatches('/shop/*', '/shop/x'), true);
    assert.equal(globMatches('/shop/*', 'x/shop/x'), false);
  });
});

describe('invalid regular expressions', () => {
  test('never match and never throw', () => {
    const invalid = ['(', '[', '*', '?', '(?<', 'a{2,1}', '\\', '/(', '/[a', '/\\', '/x{2,1}'];
    for (const pattern of invalid) {
      assert.doesNotThrow(() => urlMatches('https://shop.example/(', 'regex', pattern), pattern);
      assert.equal(urlMatches('https://shop.example/(', 'regex', pattern), false, pattern);
      assert.equal(urlMatches('https://shop.example/*', 'regex', pattern), false, pattern);
    }
  });
});

describe('unparsable URLs', () => {
  test('are compared as given rather than throwing', () => {
    for (const match of ['exact', 'prefix', 'glob', 'regex'] as const) {
      assert.doesNotThrow(() => urlMatches('not a url', match, '/x'));
    }
    assert.equal(urlMatches('not a url', 'exact', 'not a url'), true);
    assert.equal(urlMatches('', 'prefix', '/'), false);
  });
});
