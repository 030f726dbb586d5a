import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  contentDepthPercent,
  depthPercent,
  mainContentIndex,
  gestureSpeed,
  isFast,
  isReading,
  isScanning,
  reversal,
  startGesture,
  travel,
  type Pause,
  type ScrollPoint,
} from './scroll-pattern.ts';

const VH = 800;

/** A recorded scroll: [t, y] per animation frame. */
const points = (xs: [number, number][]): ScrollPoint[] => xs.map(([t, y]) => ({ t, y }));

/** Steps of `dy` px over `frames` frames (16 ms each), starting at t/y. */
function wheel(from: { t: number; y: number }, dy: number, frames = 6): [number, number][] {
  return Array.from(
    { length: frames },
    (_, i) => [from.t + (i + 1) * 16, from.y + ((i + 1) * dy) / frames] as [number, number],
  );
}

describe('scroll depth', () => {
  test('share of the page seen; a short page counts as fully seen', () => {
    assert.equal(Math.round(depthPercent(0, 800, 3200)), 25);
    assert.equal(Math.round(depthPercent(800, 800, 3200)), 50);
    assert.equal(depthPercent(2398, 800, 3200), 100);
    assert.equal(depthPercent(0, 800, 600), 100);
  });
});

describe('scroll speed', () => {
  /** The gesture as the content script sees it: started at the first position, then one look per later one. */
  const looked = (t0: number, ys: number[]) => ys.slice(2).reduce(travel, startGesture(t0, ys[0]!, ys[1]!));

  test('two screens per second is fast: a gesture in progress, or one that has just ended', () => {
    assert.equal(isFast(gestureSpeed(1100, 2500, startGesture(1000, 2250, 2250)), VH), true); // 2500 px/s, still moving
    assert.equal(isFast(gestureSpeed(1400, 1000, startGesture(1000, 750, 750)), VH), false); // 625 px/s
    const flung = { ...startGesture(1000, 0, 1600), t: 1400 }; // 4000 px/s
    assert.equal(isFast(gestureSpeed(1500, 1600, undefined, flung), VH), true);
    assert.equal(gestureSpeed(2000, 1600, undefined, flung), 0, 'ended long ago: not scrolling');
    assert.equal(gestureSpeed(2000, 1600), 0);
  });

  test('a fling down and back up is fast, though it ends where it started (distance travelled, not net)', () => {
    // Looked at every 100 ms: a screen and a half down in 300 ms, and back up in 300 ms.
    const moving = looked(1000, [0, 400, 800, 1200, 800, 400]);
    assert.equal(moving.travelled, 2000);
    assert.equal(isFast(gestureSpeed(1600, 0, moving), VH), true, 'still moving, back at the start'); // 4000 px/s
    const ended = { ...travel(moving, 0), t: 1600 };
    assert.equal(isFast(gestureSpeed(1700, 0, undefined, ended), VH), true, 'just ended, back at the start');
    // A slow wobble of the same shape is not fast: 1 200 px over 2 s.
    assert.equal(isFast(gestureSpeed(3000, 0, looked(1000, [0, 100, 300, 600, 300, 100])), VH), false);
  });

  test('property: the speed is never below the net speed, and a gesture back to its start is as fast as its way there and back', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 2, maxLength: 30 }),
        fc.integer({ min: 16, max: 10_000 }),
        (ys, ms) => {
          const g = looked(0, ys);
          const speed = gestureSpeed(ms, g.y, g);
          const net = Math.abs(ys.at(-1)! - ys[0]!) / ms;
          const there = looked(0, [...ys, ...ys.slice(0, -1).reverse()]);
          return speed >= net - 1e-9 && there.travelled === 2 * g.travelled;
        },
      ),
    );
  });
});

describe('scroll reversals ("searching back")', () => {
  const count = (ys: number[]) => {
    const run = { low: ys[0]!, high: ys[0]! };
    return ys.filter((y) => reversal(run, y, VH)).length;
  };
  test('down two screens, back up one: one reversal', () =>
    assert.equal(count([0, 400, 800, 1200, 1600, 1400, 1200, 1000]), 1));
  test('a small wobble is not a reversal', () => assert.equal(count([0, 400, 800, 1200, 1100, 1300, 1600]), 0));
  test('going back up after only a short way down is not', () => assert.equal(count([0, 300, 500, 100, 0]), 0));
  test('down, up, down, up (comparing two places): two reversals', () =>
    assert.equal(count([0, 800, 1600, 1000, 900, 1800, 2200, 1500]), 2));
});

describe('reading and scanning', () => {
  test('flinging through five screens in two seconds is scanning', () => {
    let rec: [number, number][] = [[0, 0]];
    for (let i = 0; i < 5; i++) rec = rec.concat(wheel({ t: rec.at(-1)![0] + 300, y: rec.at(-1)![1] }, 800));
    assert.equal(isScanning(points(rec), VH), true);
  });
  test('a screen every couple of seconds is not scanning', () => {
    let rec: [number, number][] = [[0, 0]];
    for (let i = 0; i < 6; i++) rec = rec.concat(wheel({ t: rec.at(-1)![0] + 2000, y: rec.at(-1)![1] }, 700));
    assert.equal(isScanning(points(rec), VH), false);
  });
  test('short steps down with pauses over text is reading; a long jump breaks the streak', () => {
    const step = (moved: number, text = true): Pause => ({ moved, text });
    assert.equal(isReading([step(200), step(250), step(300)], VH), true);
    assert.equal(isReading([step(200), step(2400), step(250), step(300)], VH), false);
    assert.equal(isReading([step(200), step(250), step(-300)], VH), false);
    assert.equal(isReading([step(200), step(250, false), step(300)], VH), false);
    assert.equal(isReading([step(200), step(2400), step(250), step(300), step(120)], VH), true);
  });
});

describe('depth of the main content', () => {
  test('counts from the content top to its bottom, clamped to 0–100', () => {
    // Content from 500 to 2500 px; viewport 800 px high.
    assert.equal(contentDepthPercent(0, 800, 500, 2500), (302 / 2000) * 100);
    assert.equal(contentDepthPercent(1100, 800, 500, 2500), (1402 / 2000) * 100);
    assert.equal(contentDepthPercent(5000, 800, 500, 2500), 100);
    assert.equal(contentDepthPercent(0, 300, 500, 2500), 0);
  });

  test('a news article ending at 64 % of the document: 75 % of the page is past the text, 80 % of the text is not', () => {
    const doc = 10_000;
    const viewport = 900;
    const [top, bottom] = [600, 6400];
    const at75ofPage = 0.75 * doc - viewport;
    assert.equal(
      contentDepthPercent(at75ofPage, viewport, top, bottom),
      100,
      'the visitor is among the trending links',
    );
    const justBeforeEnd = 0.8 * (bottom - top) + top - viewport - 100;
    assert.ok(contentDepthPercent(justBeforeEnd, viewport, top, bottom) < 80);
    assert.ok(depthPercent(justBeforeEnd, viewport, doc) < 60);
  });

  test('the main content is the article, else the main landmark, else the block with the most text', () => {
    assert.equal(mainContentIndex([]), -1);
    assert.equal(mainContentIndex([{ rank: 0, textLength: 0 }]), -1);
    // <main> holds the article and a sidebar: the article.
    assert.equal(
      mainContentIndex([
        { rank: 1, textLength: 9000 },
        { rank: 2, textLength: 7000 },
        { rank: 0, textLength: 2000 },
      ]),
      1,
    );
    assert.equal(
      mainContentIndex([
        { rank: 0, textLength: 300 },
        { rank: 0, textLength: 5000 },
      ]),
      1,
    );
    assert.equal(
      mainContentIndex([
        { rank: 2, textLength: 400 },
        { rank: 2, textLength: 400 },
      ]),
      0,
    );
  });
});
