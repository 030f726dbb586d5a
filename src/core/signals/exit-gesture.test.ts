import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { flickUpNearTop, hiddenAfterEngagement, leftThroughTop, TOP_STRIP } from './exit-gesture.ts';

describe('exit intent (desktop): the pointer leaves the document', () => {
  const width = 1280;
  // Positions as reported by the root's `mouseleave`, recorded with real input: Chromium (CDP
  // mouse moves) reports the first point outside, y = -2; Firefox (a native move into the
  // toolbar) y = -10.
  test('through the top, as Chromium and Firefox report it: exit', () => {
    assert.equal(leftThroughTop(640, -2, width, 0, Infinity), true);
    assert.equal(leftThroughTop(640, -10, width, 0, Infinity), true);
  });
  test('reported at the last point inside, within the top strip: exit; below it: not', () => {
    assert.equal(leftThroughTop(640, 0, width, 0, Infinity), true);
    assert.equal(leftThroughTop(640, 8, width, 0, Infinity), true);
    assert.equal(leftThroughTop(640, 9, width, 0, Infinity), false);
  });
  test('through a side or the bottom: not', () => {
    assert.equal(leftThroughTop(-3, 400, width, 0, Infinity), false);
    assert.equal(leftThroughTop(1283, 400, width, 0, Infinity), false);
    assert.equal(leftThroughTop(640, 803, width, 0, Infinity), false);
  });
  test('through a side close to the top (sliding along the top edge): not; through the top near a corner: exit', () => {
    assert.equal(leftThroughTop(-2, 5, width, 0, Infinity), false);
    assert.equal(leftThroughTop(1281, 3, width, 0, Infinity), false);
    assert.equal(leftThroughTop(0, 4, width, 0, Infinity), false); // the last point inside, on the left edge
    assert.equal(leftThroughTop(6, -2, width, 0, Infinity), true);
    assert.equal(leftThroughTop(1275, -3, width, 0, Infinity), true);
  });
  test('right after clicking a link (navigation): not', () =>
    assert.equal(leftThroughTop(640, -2, width, 0, 200), false));
  test('with a button held (a drag): not', () => assert.equal(leftThroughTop(640, -2, width, 1, Infinity), false));
  test('properties: out through the top away from the corners is exit; below the strip or outside a side never', () => {
    const y = fc.integer({ min: -60, max: 900 });
    fc.assert(
      fc.property(
        fc.integer({ min: TOP_STRIP + 1, max: width - TOP_STRIP - 1 }),
        fc.integer({ min: -60, max: 0 }),
        (x, up) => leftThroughTop(x, up, width, 0, Infinity),
      ),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: -60, max: 1340 }),
        fc.integer({ min: TOP_STRIP + 1, max: 900 }),
        (x, low) => !leftThroughTop(x, low, width, 0, Infinity),
      ),
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -60, max: -1 }), fc.integer({ min: width + 1, max: width + 60 })),
        y,
        (x, any) => !leftThroughTop(x, Math.max(any, x < 0 ? x : width - x), width, 0, Infinity),
      ),
    );
  });
});

describe('exit intent (touch)', () => {
  test('a fast scroll back up that ends in the first screen', () => {
    assert.equal(flickUpNearTop(2400, 0, 500, 400, 800), true); // 1900 px in 0.4 s
    assert.equal(flickUpNearTop(2400, 0, 1200, 400, 800), false); // fast, but still far down
    assert.equal(flickUpNearTop(700, 0, 300, 1000, 800), false); // near the top, but slow
  });
  test('the tab hidden after real engagement, not right after following a link', () => {
    assert.equal(hiddenAfterEngagement(15_000, 4, Infinity), true);
    assert.equal(hiddenAfterEngagement(3_000, 4, Infinity), false);
    assert.equal(hiddenAfterEngagement(15_000, 0, Infinity), false);
    assert.equal(hiddenAfterEngagement(15_000, 4, 300), false);
  });
});
