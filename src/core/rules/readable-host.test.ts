import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readableHost } from './readable-host.ts';

test('punycode labels are shown as their Unicode names; other addresses are left as they are', () => {
  assert.equal(readableHost('https://xn--80aairftm.xn--p1ai'), 'https://магазин.рф');
  assert.equal(readableHost('www.xn--80aairftm.xn--p1ai:8080'), 'www.магазин.рф:8080');
  assert.equal(readableHost('https://XN--CAF-DMA.example'), 'https://café.example');
  assert.equal(readableHost('https://shop.example'), 'https://shop.example');
  // Not valid punycode: shown as it came.
  assert.equal(readableHost('xn--\u00e9'), 'xn--\u00e9');
});
