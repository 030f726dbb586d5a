import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  explainRuleUrl,
  explainUrlCondition,
  rulesOnPage,
  urlPatternMeaning,
  urlPatternWarnings,
} from './url-explain.ts';
import { pathMatches, siteMatches, urlConditionsHold } from './url-match.ts';
import { asciiHost, hostOfAddress } from './site-host.ts';
import { buildRuleIndex } from './rule-index.ts';
import { validateRule } from './rule-validation.ts';
import { RULE_VERSION, type Condition, type Rule, type UrlCondition } from './rule-model.ts';

const rule = (id: string, conditions: Condition[]): Rule => ({
  id,
  version: RULE_VERSION,
  name: id,
  enabled: true,
  shadow: false,
  trigger: { signal: 'exit-intent' },
  conditions,
  flowId: 'f',
  entry: 'panel',
  priority: 0,
  frequency: { every: 'page-view' },
});

const ARTICLE = 'https://news.example/2026/12/02/winter-storm.html?utm_source=x#top';

describe('site and path conditions', () => {
  test('a site is a host, any port unless one is named; *. takes the subdomains too', () => {
    assert.equal(siteMatches(ARTICLE, 'news.example'), true);
    assert.equal(siteMatches(ARTICLE, 'NEWS.example'), true);
    assert.equal(siteMatches(ARTICLE, 'shop.example'), false);
    assert.equal(siteMatches('https://badnews.example/', 'news.example'), false);
    assert.equal(siteMatches('https://www.news.example/', '*.news.example'), true);
    assert.equal(siteMatches('https://news.example/', '*.news.example'), true);
    assert.equal(siteMatches('https://badnews.example/', '*.news.example'), false);
    assert.equal(siteMatches('http://127.0.0.1:8123/a', '127.0.0.1'), true);
    assert.equal(siteMatches('http://127.0.0.1:8123/a', '127.0.0.1:8123'), true);
    assert.equal(siteMatches('http://127.0.0.1:8124/a', '127.0.0.1:8123'), false);
  });

  test('a site and its www. name are one site, whichever was typed; other subdomains are not', () => {
    assert.equal(siteMatches('https://www.news.example/', 'news.example'), true);
    assert.equal(siteMatches('https://news.example/', 'www.news.example'), true);
    assert.equal(siteMatches('https://www.news.example:8080/', 'news.example:8080'), true);
    assert.equal(siteMatches('https://www.news.example:8081/', 'news.example:8080'), false);
    assert.equal(siteMatches('https://blog.news.example/', 'news.example'), false);
    assert.equal(siteMatches('https://www.blog.news.example/', 'news.example'), false);
  });

  test('a copied page address gives its host for a site field; other text gives none', () => {
    assert.equal(hostOfAddress('https://www.Shop.example/cart?x=1#top'), 'www.shop.example');
    assert.equal(hostOfAddress(' http://127.0.0.1:4173/ '), '127.0.0.1:4173');
    assert.equal(hostOfAddress('https://магазин.рф'), 'магазин.рф');
    assert.equal(hostOfAddress('https://user@shop.example/'), undefined);
    for (const text of ['shop.example', 'ftp://shop.example/', 'https://', 'see https://shop.example/'])
      assert.equal(hostOfAddress(text), undefined, text);
  });

  test('a Unicode site name matches the punycode address the browser gives the page', () => {
    assert.equal(asciiHost(' Магазин.РФ '), 'xn--80aairftm.xn--p1ai');
    assert.equal(asciiHost('*.магазин.рф:8080'), '*.xn--80aairftm.xn--p1ai:8080');
    assert.equal(siteMatches('https://xn--80aairftm.xn--p1ai/korzina', 'магазин.рф'), true);
    assert.equal(siteMatches('https://www.xn--80aairftm.xn--p1ai/', 'магазин.рф'), true);
    assert.equal(siteMatches('https://xn--80aairftm.xn--p1ai/', 'xn--80aairftm.xn--p1ai'), true);
    assert.equal(siteMatches('https://shop.xn--80aairftm.xn--p1ai/', '*.магазин.рф'), true);
    assert.equal(siteMatches('https://xn--e1afmkfd.xn--p1ai/', 'магазин.рф'), false);
    // What a pasted Unicode address becomes: the same punycode.
    assert.equal(siteMatches('https://магазин.рф/', 'магазин.рф'), true);
    assert.equal(siteMatches('https://café.example/', 'CAFÉ.example'), true);
  });

  test('a path glob sees the path only: no query, no hash', () => {
    assert.equal(pathMatches(ARTICLE, '/2026/*/*.html'), true);
    assert.equal(pathMatches(ARTICLE, '/2026/*'), true);
    assert.equal(pathMatches(ARTICLE, '/*.html'), true);
    assert.equal(pathMatches(ARTICLE, '/2025/*'), false);
    assert.equal(pathMatches(ARTICLE, '/2026/12/02/winter-storm.html'), true);
    assert.equal(pathMatches(ARTICLE, '*utm_source*'), false);
  });

  test('the rule index finds rules by site (exact, with port, and *.domain) and by path prefix', () => {
    const rules = [
      rule('news', [{ kind: 'site', host: 'news.example' }]),
      rule('news-port', [{ kind: 'site', host: 'news.example:8080' }]),
      rule('all-news', [{ kind: 'site', host: '*.news.example' }]),
      rule('shop', [{ kind: 'site', host: 'shop.example' }]),
      rule('articles', [{ kind: 'path', pattern: '/2026/*' }]),
      rule('about', [{ kind: 'path', pattern: '/about' }]),
      rule('ru-shop', [{ kind: 'site', host: 'www.магазин.рф' }]),
    ];
    const index = buildRuleIndex(rules);
    const ids = (url: string) => index.candidates('exit-intent', url).map((r) => r.id);
    assert.deepEqual(ids(ARTICLE), ['news', 'all-news', 'articles']);
    assert.deepEqual(ids('https://www.news.example:8080/about'), ['news', 'news-port', 'all-news', 'about']);
    assert.deepEqual(ids('https://news.example:8080/'), ['news', 'news-port', 'all-news']);
    assert.deepEqual(ids('https://www.shop.example/'), ['shop']);
    assert.deepEqual(ids('https://xn--80aairftm.xn--p1ai/'), ['ru-shop']);
    // The index only narrows: every candidate it gives for these URLs really holds, none is lost.
    for (const url of [
      ARTICLE,
      'https://www.news.example:8080/about',
      'https://shop.example/2026/x',
      'https://www.shop.example/',
      'https://www.xn--80aairftm.xn--p1ai/',
    ])
      assert.deepEqual(
        ids(url),
        rules.filter((r) => urlConditionsHold(r, url)).map((r) => r.id),
      );
  });

  test('validation takes a host, refuses an address or a path in the site field with a code', () => {
    assert.equal(validateRule(rule('r', [{ kind: 'site', host: '*.news.example' }])).ok, true);
    assert.equal(validateRule(rule('r', [{ kind: 'site', host: '127.0.0.1:8123' }])).ok, true);
    assert.equal(validateRule(rule('r', [{ kind: 'site', host: 'магазин.рф' }])).ok, true);
    assert.equal(validateRule(rule('r', [{ kind: 'site', host: '*.магазин.рф:8080' }])).ok, true);
    for (const host of [
      'https://news.example',
      'news.example/2026',
      '',
      'news example',
      'магазин рф',
      'магазин.рф/корзина',
    ]) {
      const checked = validateRule(rule('r', [{ kind: 'site', host }]));
      assert.equal(checked.ok, false, host);
      if (!checked.ok) assert.equal(checked.errors[0]!.path, 'rule.conditions[0].host');
      if (!checked.ok && host !== '') assert.equal(checked.errors[0]!.reason?.code, 'v-site-not-host');
    }
  });
});

describe('the URL explanation', () => {
  test('names the page site and the rule site when the site differs', () => {
    assert.deepEqual(explainUrlCondition({ kind: 'site', host: 'shop.example' }, ARTICLE), {
      passed: false,
      reason: { code: 'site-other', params: { page: 'news.example', site: 'shop.example' } },
    });
    assert.deepEqual(explainUrlCondition({ kind: 'site', host: '127.0.0.1:8123' }, 'http://127.0.0.1:9/x').reason, {
      code: 'site-other',
      params: { page: '127.0.0.1:9', site: '127.0.0.1:8123' },
    });
  });

  test('says which condition fails, in the rule order, for each kind', () => {
    const r = rule('r', [
      { kind: 'site', host: 'news.example' },
      { kind: 'visit-count', min: 2 },
      { kind: 'path', pattern: '/2025/*' },
      { kind: 'url', match: 'regex', pattern: '^/\\d{4}/' },
    ]);
    const verdicts = explainRuleUrl(r, ARTICLE);
    assert.deepEqual(
      verdicts.map((v) => [v.index, v.passed, v.reason.code]),
      [
        [0, true, 'site-match'],
        [2, false, 'path-other'],
        [3, false, 'url-other'],
      ],
    );
    assert.deepEqual(verdicts[1]!.reason.params, { path: '/2026/12/02/winter-storm.html', pattern: '/2025/*' });
    // The regex was compared with the whole address: the explanation shows what it was compared with.
    assert.equal(verdicts[2]!.reason.params!.address, 'https://news.example/2026/12/02/winter-storm.html?utm_source=x');
  });

  test('an address that is not a URL is said to be one', () => {
    assert.equal(explainUrlCondition({ kind: 'path', pattern: '/*' }, 'news.example/x').reason.code, 'url-unreadable');
  });
});

describe('what a pattern means', () => {
  const means = (c: UrlCondition) => urlPatternMeaning(c);
  test('sites, paths and addresses in parts', () => {
    assert.deepEqual(means({ kind: 'site', host: '*.news.example' }), {
      code: 'means-site-subdomains',
      params: { site: 'news.example' },
    });
    assert.deepEqual(means({ kind: 'path', pattern: '/about' }), {
      code: 'means-path-exact',
      params: { path: '/about' },
    });
    assert.deepEqual(means({ kind: 'path', pattern: '*' }), { code: 'means-path-any' });
    assert.deepEqual(means({ kind: 'path', pattern: '/2026/*/*.html' }), {
      code: 'means-path-glob',
      params: { start: '/2026/', contains: '/', end: '.html' },
    });
    assert.deepEqual(means({ kind: 'url', match: 'regex', pattern: '^https://a/' }).params!.subject, 'address');
    assert.deepEqual(means({ kind: 'url', match: 'prefix', pattern: '/shop' }).params!.subject, 'path-query');
  });
});

describe('pattern warnings', () => {
  const codes = (c: UrlCondition) => urlPatternWarnings(c).map((w) => w.code);
  test('a path-looking regular expression tested against the full address', () => {
    assert.deepEqual(codes({ kind: 'url', match: 'regex', pattern: '^/\\d{4}/\\d{2}/\\d{2}/.+\\.html$' }), [
      'warn-regex-path-vs-address',
    ]);
    assert.deepEqual(codes({ kind: 'url', match: 'regex', pattern: '^\\/news' }), ['warn-regex-path-vs-address']);
    // Compared with the path (starts with "/"), unanchored, or anchored on the scheme: fine.
    assert.deepEqual(codes({ kind: 'url', match: 'regex', pattern: '/\\d{4}/\\d{2}/' }), []);
    assert.deepEqual(codes({ kind: 'url', match: 'regex', pattern: '\\d{4}/\\d{2}' }), []);
    assert.deepEqual(codes({ kind: 'url', match: 'regex', pattern: '^https?://news\\.example/' }), []);
    assert.deepEqual(codes({ kind: 'url', match: 'regex', pattern: '^news\\.example/' }), ['warn-url-no-scheme']);
  });

  test('an address without its scheme', () => {
    assert.deepEqual(codes({ kind: 'url', match: 'prefix', pattern: 'news.example/2026' }), ['warn-url-no-scheme']);
    assert.deepEqual(codes({ kind: 'url', match: 'glob', pattern: 'www.news.example/*' }), ['warn-url-no-scheme']);
    assert.deepEqual(codes({ kind: 'url', match: 'glob', pattern: '*news.example/*' }), []);
    assert.deepEqual(codes({ kind: 'url', match: 'prefix', pattern: 'https://news.example/' }), []);
    assert.deepEqual(codes({ kind: 'url', match: 'exact', pattern: 'http' }), []);
  });

  test('a site or a query in a path field, a path without its slash', () => {
    assert.deepEqual(codes({ kind: 'path', pattern: 'news.example/2026/*' }), ['warn-path-has-site']);
    assert.deepEqual(codes({ kind: 'path', pattern: 'https://news.example/*' }), ['warn-path-has-site']);
    assert.deepEqual(codes({ kind: 'path', pattern: '2026/*' }), ['warn-path-no-slash']);
    assert.deepEqual(codes({ kind: 'path', pattern: '/search?q=*' }), ['warn-path-has-query']);
    assert.deepEqual(codes({ kind: 'path', pattern: '/2026/*/*.html' }), []);
    assert.deepEqual(codes({ kind: 'path', pattern: '*.html' }), []);
  });

  test('every warned pattern really never matches a sample of addresses it seems meant for', () => {
    const urls = [ARTICLE, 'https://news.example/2026/01/01/a.html', 'http://news.example/search?q=x'];
    const warned: UrlCondition[] = [
      { kind: 'url', match: 'regex', pattern: '^/\\d{4}/\\d{2}/\\d{2}/.+\\.html$' },
      { kind: 'url', match: 'prefix', pattern: 'news.example/2026' },
      { kind: 'path', pattern: 'news.example/2026/*' },
      { kind: 'path', pattern: '2026/*' },
      { kind: 'path', pattern: '/search?q=*' },
    ];
    for (const c of warned)
      for (const url of urls)
        assert.equal(urlConditionsHold(rule('r', [c]), url), false, `${JSON.stringify(c)} on ${url}`);
  });
});

describe('every enabled rule against the page', () => {
  const base = {
    version: 1,
    enabled: true,
    shadow: false,
    trigger: { signal: 'exit-intent' as const },
    flowId: 'f',
    entry: 'panel' as const,
    priority: 0,
    frequency: { every: 'visitor' as const },
  };
  const rules: Rule[] = [
    { ...base, id: 'shop', name: 'Shop', conditions: [{ kind: 'site', host: 'shop.example' }] },
    { ...base, id: 'off', name: 'Off', enabled: false, conditions: [] },
    {
      ...base,
      id: 'news',
      name: 'News',
      conditions: [
        { kind: 'site', host: 'news.example' },
        { kind: 'path', pattern: '/2026/*' },
      ],
    },
    { ...base, id: 'any', name: 'Anywhere', conditions: [] },
  ];

  test('lists those that apply first, then each other with the first condition that fails here', () => {
    const seen = rulesOnPage(rules, 'https://news.example/2025/01/story.html');
    assert.deepEqual(
      seen.map((r) => [r.ruleId, r.applies, r.because?.code]),
      [
        ['any', true, undefined],
        ['shop', false, 'site-other'],
        ['news', false, 'path-other'],
      ],
    );
    assert.deepEqual(seen[1]!.because!.params, { page: 'news.example', site: 'shop.example' });
  });
});
