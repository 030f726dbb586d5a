import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { accessPatternsOf, ALL_SITES, contentScriptSites, siteOfCondition, siteOfHost } from './content-sites.ts';
import { isUrlCondition, urlConditionHolds } from './url-match.ts';
import type { Condition, Rule, UrlMatch } from './rule-model.ts';
import { DEFAULT_RULES } from '../flows/default-pack.ts';

const url = (match: UrlMatch, pattern: string): Extract<Condition, { kind: 'url' }> => ({
  kind: 'url',
  match,
  pattern,
});

function rule(conditions: Condition[], enabled = true): Rule {
  return { ...DEFAULT_RULES[0]!, id: `r${Math.random()}`, enabled, conditions };
}

/** Whether a page URL is covered by one of Chrome's/Firefox's match patterns as built here (`scheme://host/*`). */
function covered(pageUrl: string, sites: readonly string[]): boolean {
  const u = new URL(pageUrl);
  return sites.some((site) => {
    const [, scheme, host] = /^(\*|https?):\/\/([^/]+)\/\*$/.exec(site)!;
    const hostOk =
      host === '*' ||
      host === u.hostname ||
      (host!.startsWith('*.') && (u.hostname === host!.slice(2) || u.hostname.endsWith(host!.slice(1))));
    return (scheme === '*' || `${scheme}:` === u.protocol) && hostOk;
  });
}

describe('siteOfCondition', () => {
  test('a pattern naming its site literally restricts the rule to that site, every port', () => {
    assert.equal(siteOfCondition(url('exact', 'https://shop.example/pricing')), 'https://shop.example/*');
    assert.equal(siteOfCondition(url('prefix', 'http://127.0.0.1:4173/shop/')), 'http://127.0.0.1/*');
    assert.equal(siteOfCondition(url('glob', 'https://Shop.Example/*')), 'https://shop.example/*');
    assert.equal(siteOfCondition(url('exact', 'https://shop.example')), 'https://shop.example/*');
  });

  test('anything that may reach another site keeps every site', () => {
    for (const [match, pattern] of [
      ['exact', '/pricing'],
      ['glob', '/checkout*'],
      ['regex', '^https://shop\\.example/'],
      ['prefix', 'https://shop.example'], // …also https://shop.example.evil/
      ['glob', 'https://*.example/*'],
      ['glob', 'http*://shop.example/*'],
      ['glob', '*shop.example/*'],
      ['prefix', 'https://'],
      ['prefix', 'ht'],
      ['exact', 'https://user@shop.example/'],
      ['exact', 'https://[::1]/'],
    ] as [UrlMatch, string][])
      assert.equal(siteOfCondition(url(match, pattern)), null, `${match} ${pattern}`);
  });

  test('a full-URL pattern no http(s) page can match needs the script nowhere', () => {
    assert.equal(siteOfCondition(url('exact', 'shop.example/pricing')), false);
    assert.equal(siteOfCondition(url('prefix', 'ftp://files.example/')), false);
  });
});

describe('accessPatternsOf', () => {
  test("a site or URL condition naming one site: that site's patterns, to ask the browser for access there", () => {
    // Each scheme written out: a `*` scheme also means ws: and wss:, which Tact's hosts do not cover.
    assert.deepEqual(accessPatternsOf({ kind: 'site', host: ' shop.example ' }), [
      'http://shop.example/*',
      'https://shop.example/*',
      'http://www.shop.example/*',
      'https://www.shop.example/*',
    ]);
    assert.deepEqual(accessPatternsOf({ kind: 'site', host: '*.магазин.рф' }), [
      'http://*.xn--80aairftm.xn--p1ai/*',
      'https://*.xn--80aairftm.xn--p1ai/*',
    ]);
    assert.deepEqual(accessPatternsOf(url('prefix', 'https://shop.example/cart')), ['https://shop.example/*']);
  });

  test('a condition naming no one site: nothing to ask for', () => {
    for (const condition of [
      { kind: 'site', host: '  ' },
      { kind: 'site', host: 'bad host' },
      { kind: 'path', pattern: '/pricing*' },
      url('regex', '^https://shop\\.example/'),
      url('glob', 'https://*.shop.example/*'),
      url('exact', 'ftp://shop.example/'),
      url('prefix', ''),
      { kind: 'min-seconds-on-page', seconds: 3 },
    ] satisfies Condition[])
      assert.equal(accessPatternsOf(condition), null, JSON.stringify(condition));
  });
});

describe('contentScriptSites', () => {
  test('the shipped rules are for the demo shop only', () => {
    assert.deepEqual(contentScriptSites(DEFAULT_RULES), ['*://northwind.localhost/*', '*://www.northwind.localhost/*']);
  });

  test('only enabled rules count; none enabled: no site at all', () => {
    assert.deepEqual(contentScriptSites(DEFAULT_RULES.map((r) => ({ ...r, enabled: false }))), []);
    assert.deepEqual(
      contentScriptSites([rule([url('glob', '/x*')], false), rule([url('prefix', 'https://a.example/')])]),
      ['https://a.example/*'],
    );
  });

  test('the sites of site-restricted rules, once each, sorted', () => {
    assert.deepEqual(
      contentScriptSites([
        rule([url('prefix', 'https://b.example/')]),
        rule([url('exact', 'https://a.example/x'), url('glob', '/x*')]),
        rule([url('glob', 'https://b.example/*')]),
      ]),
      ['https://a.example/*', 'https://b.example/*'],
    );
  });

  test('one unrestricted rule among restricted ones keeps every site', () => {
    assert.deepEqual(
      contentScriptSites([
        rule([url('prefix', 'https://a.example/')]),
        rule([{ kind: 'device', devices: ['desktop'] }]),
      ]),
      [...ALL_SITES],
    );
  });

  test('site conditions: the host on both schemes, or it and its subdomains; a path condition keeps every site', () => {
    assert.deepEqual(
      contentScriptSites([
        rule([{ kind: 'site', host: 'News.Example' }]),
        rule([
          { kind: 'site', host: '*.shop.example' },
          { kind: 'path', pattern: '/x*' },
        ]),
        rule([{ kind: 'site', host: 'localhost:4173' }]),
      ]),
      [
        '*://*.shop.example/*',
        '*://localhost/*',
        '*://news.example/*',
        '*://www.localhost/*',
        '*://www.news.example/*',
      ],
    );
    assert.deepEqual(contentScriptSites([rule([{ kind: 'path', pattern: '/pricing*' }])]), [...ALL_SITES]);
    assert.equal(siteOfHost('bad host'), null);
  });

  test("a site is also its www. name (not an IP address's), and a Unicode name registers as punycode", () => {
    assert.deepEqual(siteOfHost('www.shop.example'), ['*://shop.example/*', '*://www.shop.example/*']);
    assert.deepEqual(siteOfHost('127.0.0.1:4173'), ['*://127.0.0.1/*']);
    assert.deepEqual(siteOfHost('Магазин.рф'), ['*://xn--80aairftm.xn--p1ai/*', '*://www.xn--80aairftm.xn--p1ai/*']);
    assert.deepEqual(siteOfHost('*.магазин.рф'), ['*://*.xn--80aairftm.xn--p1ai/*']);
    assert.equal(
      siteOfCondition({ kind: 'url', match: 'prefix', pattern: 'https://магазин.рф/корзина' }),
      'https://xn--80aairftm.xn--p1ai/*',
    );
  });

  test('never leaves out a page an enabled rule matches (property)', () => {
    const hosts = [
      'a.example',
      'b.example',
      'shop.a.example',
      'www.a.example',
      '127.0.0.1',
      'a.example.evil',
      'xn--80aairftm.xn--p1ai',
    ];
    const pageUrl = fc
      .tuple(
        fc.constantFrom('http', 'https'),
        fc.constantFrom(...hosts),
        fc.constantFrom('', ':8080'),
        fc.constantFrom('/', '/x', '/x/y?q=1'),
      )
      .map(([s, h, p, path]) => `${s}://${h}${p}${path}`);
    const pattern = fc.oneof(
      pageUrl,
      pageUrl.map((u) => u.slice(0, Math.max(1, u.length - 3))),
      pageUrl.map((u) => u.replace(/\/[^/]*$/, '/*')),
      pageUrl.map((u) => u.replace('://', '://*')),
      // A Unicode host as a marketer writes it, a path as the address bar escapes it.
      pageUrl.map((u) => u.replace('xn--80aairftm.xn--p1ai', 'Магазин.рф').replace('/x', '/%78')),
      fc.constantFrom('/x', '/x*', 'https://', 'http'),
    );
    const condition = fc.oneof(
      fc.record({
        kind: fc.constant('url' as const),
        match: fc.constantFrom<UrlMatch>('exact', 'prefix', 'glob'),
        pattern,
      }),
      fc.record({
        kind: fc.constant('site' as const),
        host: fc.constantFrom(...hosts, ...hosts.map((h) => `*.${h}`), 'a.example:8080', 'A.Example', 'магазин.рф'),
      }),
      fc.record({ kind: fc.constant('path' as const), pattern: fc.constantFrom('/x*', '/', '*') }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(condition, { maxLength: 2 }), { minLength: 1, maxLength: 3 }),
        pageUrl,
        (ruleConditions, page) => {
          const rules = ruleConditions.map((c) => rule(c));
          const sites = contentScriptSites(rules);
          const matched = rules.some((r) => r.conditions.every((c) => isUrlCondition(c) && urlConditionHolds(c, page)));
          return !matched || covered(page, sites);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
