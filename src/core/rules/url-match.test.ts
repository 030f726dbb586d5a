import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { comparedPattern, pathMatches, readableEscapes, urlMatches } from './url-match.ts';
import { buildRuleIndex } from './rule-index.ts';
import { testRule } from '../test-support/test-rule.ts';
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

describe('addresses as people write them: escapes decoded, Unicode hosts in punycode', () => {
  const wiki = 'https://ru.wikipedia.org/wiki/%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0';
  const shop = 'https://xn--80aairftm.xn--p1ai/%D0%BA%D0%BE%D1%80%D0%B7%D0%B8%D0%BD%D0%B0?q=%D1%84%D0%BE%D1%82%D0%BE';
  test('a Cyrillic or accented path matches the escaped address the browser gives', () => {
    assert.equal(pathMatches(wiki, '/wiki/Москва'), true);
    assert.equal(pathMatches(wiki, '/wiki/Моск*'), true);
    assert.equal(pathMatches(wiki, '/wiki/Париж'), false);
    // Copied from the address bar, with its escapes (upper or lower case): the same.
    assert.equal(pathMatches(wiki, '/wiki/%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0'), true);
    assert.equal(pathMatches(wiki, '/wiki/%d0%9c*'), true);
    assert.equal(pathMatches('https://x.example/caf%C3%A9/menu', '/café/*'), true);
    table('prefix', [
      [shop, '/корзина?q=фото', true],
      [shop, 'https://магазин.рф/корзина', true],
      [shop, 'https://Магазин.РФ/корзина', true],
      [shop, 'https://магазин.рф/каталог', false],
    ]);
    table('exact', [[shop, 'https://магазин.рф/корзина?q=фото', true]]);
    table('glob', [
      [shop, 'https://*.рф/корзина*', true],
      [shop, 'https://магазин.рф/*', true],
    ]);
  });

  test('a regex is tried on the address as written, then as escaped', () => {
    table('regex', [
      [wiki, '/wiki/Моск', true],
      [wiki, '/wiki/%D0%9C', true],
      [wiki, 'wikipedia\\.org/wiki/Моск', true],
      [wiki, 'Париж', false],
    ]);
  });

  test('escapes of URL delimiters and malformed ones stay as they are', () => {
    assert.equal(readableEscapes('/a%2Fb%3Fc%23d%26e'), '/a%2Fb%3Fc%23d%26e');
    assert.equal(readableEscapes('/%ZZ/%D0%BA/%FF'), '/%ZZ/к/%FF');
    assert.equal(readableEscapes('/100%'), '/100%');
    assert.equal(pathMatches('https://x.example/a%2Fb', '/a/b'), false);
    assert.equal(pathMatches('https://x.example/a%2Fb', '/a%2Fb'), true);
    assert.equal(comparedPattern('https://магазин.рф:8080/к'), 'https://xn--80aairftm.xn--p1ai:8080/к');
    assert.equal(comparedPattern('/%D0%BA'), '/к');
  });

  test('the rule index files such rules where the decoded address finds them', () => {
    const index = buildRuleIndex([
      testRule({ id: 'path', conditions: [{ kind: 'path', pattern: '/wiki/Москва' }] }),
      testRule({ id: 'escaped', conditions: [{ kind: 'url', match: 'prefix', pattern: '/wiki/%D0%9C%D0%BE' }] }),
      testRule({ id: 'host', conditions: [{ kind: 'url', match: 'prefix', pattern: 'https://магазин.рф/корзина' }] }),
      testRule({ id: 'regex', conditions: [{ kind: 'url', match: 'regex', pattern: '/wiki/%D0%9C' }] }),
    ]);
    const found = (url: string) => [...new Set(index.candidates('exit-intent', url).map((r) => r.id))].sort();
    assert.deepEqual(found(wiki), ['escaped', 'path', 'regex']);
    // A regex without an anchored literal start is a candidate everywhere; its own test decides.
    assert.deepEqual(found(shop), ['host', 'regex']);
  });
});
