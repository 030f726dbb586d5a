/** Where a sentence quoting a path may break: before a "/", never after one; the text unchanged. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pathPieces, type TextPiece } from './path-breaks.ts';

const joined = (pieces: TextPiece[]) => pieces.map((p) => ('text' in p ? p.text : p.segments.join(''))).join('');

test('a quoted path in French, English and Russian: cut before each "/", the quotes left outside', () => {
  assert.deepEqual(pathPieces('est exactement «\u00a0/shop/\u00a0»'), [
    { text: 'est exactement «\u00a0' },
    { segments: ['/shop/'] },
    { text: '\u00a0»' },
  ]);
  assert.deepEqual(pathPieces('the path /shop/trail-pack-28.html does not match “/journal/*”'), [
    { text: 'the path ' },
    { segments: ['/shop', '/trail-pack-28.html'] },
    { text: ' does not match “' },
    { segments: ['/journal/*'] },
    { text: '”' },
  ]);
  assert.deepEqual(pathPieces('путь /collections/summer-sale-2026/backpacks/* не подходит под «/»'), [
    { text: 'путь ' },
    { segments: ['/collections', '/summer-sale-2026', '/backpacks/*'] },
    { text: ' не подходит под «' },
    { segments: ['/'] },
    { text: '»' },
  ]);
});

test('an address: its scheme and host one segment, then its path', () => {
  assert.deepEqual(pathPieces('https://northwind.localhost:8080/shop/a.html?x=1'), [
    { segments: ['https://northwind.localhost:8080', '/shop', '/a.html?x=1'] },
  ]);
});

test('no path: the text as it is; a "/" inside a word (and/or, 1/2) is not a path', () => {
  assert.deepEqual(pathPieces('Leaving any other page: applies here.'), [
    { text: 'Leaving any other page: applies here.' },
  ]);
  assert.deepEqual(pathPieces('and/or 1/2'), [{ text: 'and/or 1/2' }]);
  assert.deepEqual(pathPieces(''), []);
});

test('property: the pieces join back to the text; every path segment but an address start begins with "/"', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('/', 'a', '-', ' ', '«', '»', '\u00a0', '“', '”', '.', ':', '*', 'é')),
      (chars) => {
        const text = chars.join('');
        const pieces = pathPieces(text);
        assert.equal(joined(pieces), text);
        // An address's first segment is its scheme and host ("a://" where the text has nothing more).
        for (const p of pieces)
          if ('segments' in p)
            p.segments.forEach((s, i) =>
              assert.ok(s.startsWith('/') || (i === 0 && /^[a-z][a-z0-9+.-]*:\/\//iu.test(s)), s),
            );
      },
    ),
  );
});
