import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EDGE, labelPosition } from './label-position.ts';

const viewport = { width: 1280, height: 800 };
const label = { width: 200, height: 22 };

test('above the element when there is room, aligned with its start', () => {
  assert.deepEqual(labelPosition({ left: 300, top: 400, bottom: 440 }, label, viewport), {
    left: 300,
    top: 400 - 22 - EDGE,
  });
});

test('below the element at the top of the viewport (a sticky header link)', () => {
  assert.deepEqual(labelPosition({ left: 20, top: 10, bottom: 40 }, label, viewport), { left: 20, top: 40 + EDGE });
});

test('inside the top of an element as tall as the viewport, never above the viewport', () => {
  assert.deepEqual(labelPosition({ left: 0, top: -500, bottom: 1500 }, label, viewport), { left: EDGE, top: EDGE });
});

test('moved left at the right edge', () => {
  assert.deepEqual(labelPosition({ left: 1250, top: 400, bottom: 420 }, label, viewport).left, 1280 - 200 - EDGE);
});

test('whatever the element and the label, the label stays inside the viewport', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -3000, max: 3000 }),
      fc.integer({ min: -3000, max: 3000 }),
      fc.integer({ min: 0, max: 3000 }),
      fc.integer({ min: 20, max: 480 }),
      fc.integer({ min: 14, max: 40 }),
      fc.integer({ min: 500, max: 2560 }),
      fc.integer({ min: 200, max: 1600 }),
      (left, top, height, w, h, vw, vh) => {
        const at = labelPosition(
          { left, top, bottom: top + height },
          { width: w, height: h },
          { width: vw, height: vh },
        );
        assert.ok(at.left >= EDGE && at.left + w <= vw - EDGE, `left ${at.left}`);
        assert.ok(at.top >= EDGE && at.top + h <= vh - EDGE, `top ${at.top}`);
      },
    ),
  );
});
