import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readableHost, readableSiteReason } from './readable-host.ts';
import { explainUrlCondition } from './url-explain.ts';
import { checkUrlCondition } from './conditions.ts';

test('punycode labels are shown as their Unicode names; other addresses are left as they are', () => {
  assert.equal(readableHost('https://xn--80aairftm.xn--p1ai'), 'https://магазин.рф');
  assert.equal(readableHost('www.xn--80aairftm.xn--p1ai:8080'), 'www.магазин.рф:8080');
  assert.equal(readableHost('https://XN--CAF-DMA.example'), 'https://café.example');
  assert.equal(readableHost('https://shop.example'), 'https://shop.example');
  // Not valid punycode: shown as it came.
  assert.equal(readableHost('xn--\u00e9'), 'xn--\u00e9');
});

test('a site verdict names the page’s host in Unicode; other verdicts are left as they are', () => {
  const verdict = explainUrlCondition({ kind: 'site', host: 'shop.example' }, 'https://xn--80aairftm.xn--p1ai/');
  assert.deepEqual(readableSiteReason(verdict.reason), {
    code: 'site-other',
    params: { page: 'магазин.рф', site: 'shop.example' },
  });
  const path = explainUrlCondition({ kind: 'path', pattern: '/xn--a*' }, 'https://xn--80aairftm.xn--p1ai/');
  assert.equal(readableSiteReason(path.reason), path.reason);
});

test('what a site check saw is the page’s host, named in Unicode for the "why" views', () => {
  const check = checkUrlCondition({ kind: 'site', host: 'магазин.рф' }, 'https://xn--80aairftm.xn--p1ai/');
  assert.equal(check.passed, true);
  assert.deepEqual(readableSiteReason(check.detail), { code: 'page-host', params: { page: 'магазин.рф' } });
  assert.equal(readableSiteReason('as it came'), 'as it came');
});
