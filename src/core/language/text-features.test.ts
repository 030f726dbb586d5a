import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dot, featuresOf, FeatureWeights } from './text-features.ts';

describe('featuresOf', () => {
  test('the char block holds 3- and 4-grams and the word start, in one Latin spelling', () => {
    const { words, chars } = featuresOf('Subscription', 'en', 0.5);
    assert.deepEqual([...words.keys()], ['subscrip']);
    for (const key of ['#su', 'ion', '#sub', 'ion#', '^subsc']) assert.equal(chars.get(key), 1, key);
    assert.equal(featuresOf('тариф', 'ru', 0.5).chars.get('^tarif'), 1, 'Cyrillic is transliterated first');
    assert.equal(featuresOf('gym', 'en', 0.5).chars.get('^gym'), 1, 'a short word is its own start');
  });

  test('word forms the stemmer leaves apart share their start', () => {
    const a = featuresOf('subscribe', 'en', 0.5);
    const b = featuresOf('subscription', 'en', 0.5);
    assert.notEqual([...a.words.keys()][0], [...b.words.keys()][0]);
    assert.equal(a.chars.get('^subsc'), 1);
    assert.equal(b.chars.get('^subsc'), 1);
  });

  test('a generic word counts genericWeight in both blocks', () => {
    const { words, chars } = featuresOf('need', 'en', 0.25);
    assert.deepEqual([...words.values()], [0.25]);
    for (const n of chars.values()) assert.equal(n, 0.25);
  });

  test('vectors are unit length (or empty) and their dot product is at most 1', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (x, y) => {
        const fx = featuresOf(x, 'fr', 0.5);
        const fy = featuresOf(y, 'fr', 0.5);
        const weights = new FeatureWeights([fx.chars.keys(), fy.chars.keys()]);
        const vx = weights.vector(fx.chars);
        const vy = weights.vector(fy.chars);
        const self = dot(vx, vx);
        assert.ok(vx.size === 0 ? self === 0 : Math.abs(self - 1) < 1e-9);
        assert.ok(dot(vx, vy) <= 1 + 1e-9);
      }),
      { numRuns: 200 },
    );
  });
});
