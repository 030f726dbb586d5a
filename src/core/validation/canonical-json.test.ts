import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from './canonical-json.ts';

test('canonical JSON ignores key order only', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 2 }], c: 3 } }),
    canonicalJson({ a: { c: 3, d: [2, { x: 2, y: 1 }] }, b: 1 }),
  );
  assert.notEqual(canonicalJson({ a: [1, 2] }), canonicalJson({ a: [2, 1] }));
});
