import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_SHOP_HOST, expandIncludes, startDemoServer } from './demo-server.mjs';
import { DEMO_SHOP_HOST as CORE_DEMO_SHOP_HOST, isDemoShop } from '../src/core/rules/demo-shop.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NAV =
  '<nav>\n  <ul>\n    <li><a href="/">Home</a></li>\n    <li><a href="/shop/">Shop</a></li>\n  </ul>\n</nav>\n';

describe('expandIncludes', () => {
  test('puts the partial where the comment is, every line indented like it', () => {
    const html = '<body>\n  <!-- include nav -->\n  <main></main>\n</body>\n';
    assert.equal(
      expandIncludes(html, { nav: NAV }),
      '<body>\n  <nav>\n    <ul>\n      <li><a href="/">Home</a></li>\n      <li><a href="/shop/">Shop</a></li>\n    </ul>\n  </nav>\n  <main></main>\n</body>\n',
    );
  });

  test('current="…" marks that navigation link, and only it, as the current page', () => {
    const out = expandIncludes('<!-- include nav current="/shop/" -->', { nav: NAV });
    assert.match(out, /<li><a href="\/shop\/" aria-current="page">Shop<\/a><\/li>/);
    assert.equal(out.match(/aria-current/g)?.length, 1);
  });

  test('other comments and text stay as they are', () => {
    const html = '<!-- a note -->\n<p>include nav</p>\n<p><!-- include nav --> inline</p>\n';
    assert.equal(expandIncludes(html, { nav: NAV }), html);
  });

  test('an unknown partial or a current page the navigation lacks is an error that says which', () => {
    assert.throws(() => expandIncludes('<!-- include menu -->', { nav: NAV }), /no partial "menu" to include/);
    assert.throws(
      () => expandIncludes('<!-- include nav current="/blog/" -->', { nav: NAV }),
      /partial "nav" has no navigation link to \/blog\//,
    );
  });
});

describe('demo server', () => {
  test('browsers reach it as the demo shop, northwind.localhost, on its port; its address is another site', async () => {
    const server = await startDemoServer();
    try {
      const port = new URL(server.ipOrigin).port;
      assert.equal(server.ipOrigin, `http://127.0.0.1:${port}`);
      assert.equal(server.origin, `http://northwind.localhost:${port}`);
      assert.equal(DEMO_SHOP_HOST, CORE_DEMO_SHOP_HOST, 'one host name for the server and the default rules');
      assert.equal(isDemoShop(server.origin), true);
      assert.equal(isDemoShop(server.ipOrigin), false);
    } finally {
      await server.close();
    }
  });

  test('every shop page is served whole: one header, one footer, its section marked; fixtures with their texts', async () => {
    const server = await startDemoServer();
    try {
      const pages = fs
        .readdirSync(path.join(root, 'demo', 'site'), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.html'))
        .map((f) => f.split(path.sep).join('/'));
      assert.ok(pages.length >= 10, `pages: ${pages.join(', ')}`);
      for (const page of pages) {
        const res = await fetch(`${server.ipOrigin}/${page}`);
        assert.equal(res.status, 200, page);
        const html = await res.text();
        assert.doesNotMatch(html, /<!-- include/, `${page}: every include expanded`);
        assert.equal(html.match(/<header class="site-header">/g)?.length, 1, `${page}: one header`);
        assert.equal(html.match(/<footer class="site-footer">/g)?.length, 1, `${page}: one footer`);
        const current = html.match(/<a href="([^"]*)" aria-current="page">/g) ?? [];
        assert.equal(current.length, page === '404.html' ? 0 : 1, `${page}: its section marked once`);
        if (page.startsWith('shop/')) assert.match(current[0] ?? '', /href="\/shop\/"/);
      }
      const missing = await fetch(`${server.ipOrigin}/no-such-page`);
      assert.equal(missing.status, 404);
      assert.match(await missing.text(), /<footer class="site-footer">/, 'the 404 page has its footer');
      const fixture = await (await fetch(`${server.ipOrigin}/fixtures/signals-lab.html`)).text();
      assert.doesNotMatch(fixture, /<!-- include/);
      assert.equal(
        fixture.match(/<p>Every pack in the Trail range/g)?.length,
        3,
        'the fixture includes its text thrice',
      );
      for (const partial of ['/partials/header.html', '/fixtures/partials/surveyors.html'])
        assert.equal((await fetch(`${server.ipOrigin}${partial}`)).status, 404, `${partial} is not a page`);
    } finally {
      await server.close();
    }
  });
});
