import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pagePlace, senderOrigin } from './sender-origin.ts';
import { MAX_PAGE_URL_LENGTH } from '../core/rules/url-match.ts';

const SHOP = 'https://shop.example';

describe('the site a content script speaks for', () => {
  test('comes from the browser: sender.origin, else sender.url, else the tab', () => {
    assert.equal(senderOrigin({ origin: SHOP, url: `${SHOP}/a` }), SHOP);
    assert.equal(senderOrigin({ url: `${SHOP}/a?b#c` }), SHOP);
    assert.equal(senderOrigin({ tabUrl: `${SHOP}/a` }), SHOP);
    assert.equal(senderOrigin({ origin: 'https://bank.example', url: `${SHOP}/a` }), undefined, 'contradiction');
    assert.equal(senderOrigin({ origin: 'null', tabUrl: `${SHOP}/` }), undefined, 'an opaque origin is not the tab’s');
    assert.equal(senderOrigin({ url: 'file:///etc/passwd' }), undefined);
    assert.equal(senderOrigin({}), undefined);
  });

  test('a payload URL of the same site is kept (client-side route included)', () => {
    assert.deepEqual(pagePlace({ url: `${SHOP}/` }, `${SHOP}/item/42?colour=red#reviews`), {
      ok: true,
      origin: SHOP,
      url: `${SHOP}/item/42?colour=red#reviews`,
    });
  });

  test('another site, another port or scheme, javascript:, data:, junk and over-long addresses are refused', () => {
    for (const claimed of [
      'https://bank.example/account',
      'https://shop.example:8443/',
      'http://shop.example/',
      'https://shop.example.evil.example/',
      'javascript:alert(document.domain)',
      'data:text/html,<script>1</script>',
      `blob:${SHOP}/0b1e`,
      'about:blank',
      '/relative',
      '',
      `${SHOP}/${'a'.repeat(MAX_PAGE_URL_LENGTH)}`,
    ]) {
      const r = pagePlace({ url: `${SHOP}/cart` }, claimed);
      assert.equal(r.ok, false, claimed);
    }
  });

  test('property: an accepted page is always on the origin the browser reported', () => {
    const host = fc.constantFrom('shop.example', 'bank.example', 'a.b.example', '127.0.0.1', 'xn--80ak6aa92e.example');
    const origin = fc
      .tuple(fc.constantFrom('http', 'https'), host, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }))
      .map(([scheme, h, port]) => new URL(`${scheme}://${h}${port ? `:${port}` : ''}`).origin);
    const claimed = fc.oneof(
      fc.tuple(origin, fc.webPath(), fc.webQueryParameters()).map(([o, p, q]) => `${o}${p}?${q}`),
      fc.webUrl(),
      fc.string(),
      fc.constantFrom('javascript:void(0)', 'data:,x', 'vbscript:x', 'file:///x', 'ftp://shop.example/'),
    );
    fc.assert(
      fc.property(origin, fc.boolean(), claimed, (from, viaOriginField, url) => {
        const sender = viaOriginField ? { origin: from, url: `${from}/page` } : { url: `${from}/page` };
        const r = pagePlace(sender, url);
        if (r.ok) {
          assert.equal(r.origin, from);
          assert.equal(new URL(r.url).origin, from);
          assert.match(new URL(r.url).protocol, /^https?:$/);
        } else {
          let same = false;
          try {
            const u = new URL(url);
            same = /^https?:$/.test(u.protocol) && u.origin === from;
          } catch {
            /* not a URL: refused, as it should be */
          }
          assert.equal(same, false, `refused a same-site URL ${url}`);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
