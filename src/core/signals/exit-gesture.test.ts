import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  flickUpNearTop,
  headingOutTop,
  hiddenAfterEngagement,
  leftThroughTop,
  type PointerSample,
} from './exit-gesture.ts';

/** Replays a recorded cursor path (x, y, t) and says whether any sample heads out through the top. */
function replay(path: [number, number, number][], opts: { buttons?: number; overControl?: boolean } = {}): boolean {
  let prev: PointerSample | undefined;
  for (const [x, y, t] of path) {
    const cur = { x, y, t };
    if (prev && headingOutTop(prev, cur, opts.buttons ?? 0, opts.overControl ?? false)) return true;
    prev = cur;
  }
  return false;
}

describe('exit intent (desktop): heading out through the top', () => {
  // Recorded in Chromium: a quick flick from mid-page to the tab strip, one sample per frame.
  const flick: [number, number, number][] = [
    [640, 420, 0],
    [642, 380, 16],
    [645, 300, 33],
    [650, 190, 50],
    [652, 80, 66],
    [655, 4, 83],
  ];
  test('a fast flick to the top edge is an exit', () => assert.equal(replay(flick), true));
  test('the same flick while dragging (button held) is not', () => assert.equal(replay(flick, { buttons: 1 }), false));
  test('the same flick ending over a header link or button is not (a click is on its way)', () =>
    assert.equal(replay(flick, { overControl: true }), false));
  test('a slow drift up to a sticky header is not', () => {
    const drift: [number, number, number][] = [
      [300, 60, 0],
      [300, 50, 100],
      [300, 40, 200],
      [300, 30, 300],
      [300, 20, 400],
      [300, 10, 500],
      [300, 6, 600],
    ];
    assert.equal(replay(drift), false);
  });
  test('leaving through a side or the bottom is not', () => {
    const side: [number, number, number][] = [
      [640, 400, 0],
      [400, 402, 16],
      [150, 404, 33],
      [2, 405, 50],
    ];
    const bottom: [number, number, number][] = [
      [640, 400, 0],
      [640, 550, 16],
      [640, 700, 33],
      [640, 798, 50],
    ];
    assert.equal(replay(side), false);
    assert.equal(replay(bottom), false);
  });
  test('sliding sideways along the top strip is not; a diagonal to the corner still is', () => {
    assert.equal(
      replay([
        [900, 30, 0],
        [700, 20, 16],
        [500, 6, 33],
      ]),
      false,
    );
    assert.equal(
      replay([
        [300, 200, 0],
        [200, 100, 16],
        [120, 5, 33],
      ]),
      true,
    );
  });
  test('a stale previous sample does not inflate the speed beyond a 120 ms gap', () => {
    assert.equal(headingOutTop({ x: 0, y: 40, t: 0 }, { x: 0, y: 5, t: 5000 }, 0, false), false);
    assert.equal(headingOutTop({ x: 0, y: 120, t: 0 }, { x: 0, y: 5, t: 5000 }, 0, false), true);
  });
});

describe('exit intent (desktop): the pointer leaves the document', () => {
  test('through the top after moving up: exit', () => assert.equal(leftThroughTop(-3, 40, 0, Infinity), true));
  test('through a side (low on the screen): not', () => assert.equal(leftThroughTop(400, 400, 0, Infinity), false));
  test('right after clicking a link (navigation): not', () => assert.equal(leftThroughTop(-3, 40, 0, 200), false));
  test('with a button held: not', () => assert.equal(leftThroughTop(-3, 40, 1, Infinity), false));
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
