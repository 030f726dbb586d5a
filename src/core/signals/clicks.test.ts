import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeadClick, isRage, looksClickable, type Press } from './clicks.ts';

/** Feeds presses one by one, as the detector does, and counts rage bursts (history cleared after each). */
function bursts(presses: Press[]): number {
  let history: Press[] = [];
  let n = 0;
  for (const p of presses) {
    history = [...history.slice(-5), p];
    if (isRage(history)) {
      n++;
      history = [];
    }
  }
  return n;
}

describe('rage clicks', () => {
  test('three quick presses on the same spot: one burst', () => {
    assert.equal(
      bursts([
        { x: 100, y: 100, t: 0 },
        { x: 103, y: 98, t: 140 },
        { x: 101, y: 104, t: 290 },
      ]),
      1,
    );
  });
  test('six quick presses: two bursts, not four', () => {
    assert.equal(bursts(Array.from({ length: 6 }, (_, i) => ({ x: 200, y: 200, t: i * 120 }))), 2);
  });
  test('a single click and a double click are not rage', () => {
    assert.equal(bursts([{ x: 100, y: 100, t: 0 }]), 0);
    assert.equal(
      bursts([
        { x: 100, y: 100, t: 0 },
        { x: 100, y: 100, t: 120 },
      ]),
      0,
    );
  });
  test('three presses spread over time or over the page are not rage', () => {
    assert.equal(
      bursts([
        { x: 100, y: 100, t: 0 },
        { x: 100, y: 100, t: 700 },
        { x: 100, y: 100, t: 1400 },
      ]),
      0,
    );
    assert.equal(
      bursts([
        { x: 100, y: 100, t: 0 },
        { x: 300, y: 100, t: 100 },
        { x: 500, y: 100, t: 200 },
      ]),
      0,
    );
  });
});

describe('dead clicks', () => {
  test('looks clickable, is not a control, nothing reacted: dead', () => {
    assert.equal(isDeadClick({ control: false, looksClickable: true }, 0), true);
  });
  test('something reacted (DOM change, navigation, focus, selection, scroll): not dead', () => {
    assert.equal(isDeadClick({ control: false, looksClickable: true }, 1), false);
  });
  test('a control, or plain text clicked while reading: never dead', () => {
    assert.equal(isDeadClick({ control: true, looksClickable: true }, 0), false);
    assert.equal(isDeadClick({ control: false, looksClickable: false }, 0), false);
  });
  test('what looks clickable: pointer cursor, images, underlined text', () => {
    assert.equal(looksClickable('pointer', 'SPAN', 'none'), true);
    assert.equal(looksClickable('auto', 'IMG', 'none'), true);
    assert.equal(looksClickable('auto', 'SPAN', 'underline solid rgb(0, 0, 0)'), true);
    assert.equal(looksClickable('text', 'P', 'none'), false);
  });
});
