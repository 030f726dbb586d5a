import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { busyStates, mediaPlaying, quietState, shouldHold, type QuietObservations } from './quiet-moment.ts';
import { MAX_HOLD_MS, beforeShowing } from './hold.ts';

const calm: QuietObservations = {
  now: 100_000,
  typedAt: -Infinity,
  focusInTypedField: false,
  selectedAt: -Infinity,
  scrollSpeed: 0,
  viewportHeight: 800,
  media: [],
  fullscreen: false,
  modalDialog: false,
  inertContent: false,
  overflowHidden: false,
  contentHeight: 3000,
};
const quiet = { typing: false, selecting: false, scrollingFast: false, media: false, fullscreen: false, modal: false };

describe('quiet moments', () => {
  test('nothing going on: quiet', () => {
    assert.deepEqual(quietState(calm), quiet);
  });
  test('typing: a key a moment ago, or a pause with focus still in the field typed into', () => {
    assert.equal(quietState({ ...calm, typedAt: 99_000 }).typing, true);
    assert.equal(quietState({ ...calm, typedAt: 90_000 }).typing, false);
    assert.equal(quietState({ ...calm, typedAt: 90_000, focusInTypedField: true }).typing, true);
  });
  test('selecting: the selection is changing now, not a selection left over from earlier', () => {
    assert.equal(quietState({ ...calm, selectedAt: 99_800 }).selecting, true);
    assert.equal(quietState({ ...calm, selectedAt: 95_000 }).selecting, false);
  });
  test('scrolling fast, fullscreen', () => {
    assert.equal(quietState({ ...calm, scrollSpeed: 3 }).scrollingFast, true);
    assert.equal(quietState({ ...calm, scrollSpeed: 0.5 }).scrollingFast, false);
    assert.equal(quietState({ ...calm, fullscreen: true }).fullscreen, true);
  });
  test('a modal dialog, an inert page, or a long page scroll-locked behind one', () => {
    assert.equal(quietState({ ...calm, modalDialog: true }).modal, true);
    assert.equal(quietState({ ...calm, inertContent: true }).modal, true);
    assert.equal(quietState({ ...calm, overflowHidden: true }).modal, true);
    // An app laid out to the viewport keeps overflow hidden for good: nothing is locked.
    assert.equal(quietState({ ...calm, overflowHidden: true, contentHeight: 800 }).modal, false);
    // Fullscreen hides the overflow of the root itself (Chromium): fullscreen, not a dialog.
    assert.deepEqual(
      [quietState({ ...calm, overflowHidden: true, fullscreen: true })].map((q) => [q.fullscreen, q.modal]),
      [[true, false]],
    );
  });
  test('media: playing with sound counts; a muted background loop or a paused video does not', () => {
    assert.equal(mediaPlaying([{ paused: false, ended: false, muted: false }]), true);
    assert.equal(mediaPlaying([{ paused: false, ended: false, muted: true }]), false);
    assert.equal(mediaPlaying([{ paused: true, ended: false, muted: false }]), false);
  });
});

describe('holding a signal until the visitor pauses', () => {
  test('busy: held; quiet: sent; never longer than the hold limit', () => {
    assert.equal(shouldHold('scroll-depth', { ...quiet, scrollingFast: true }, 0), true);
    assert.equal(shouldHold('dwell', { ...quiet, media: true }, 10_000), true);
    assert.equal(shouldHold('dwell', { ...quiet, media: true }, MAX_HOLD_MS), false);
    assert.equal(shouldHold('scroll-depth', quiet, 0), false);
  });
  test("the settings set the hold limit (the plan's holdMs)", () => {
    const modal = { ...quiet, modal: true };
    assert.equal(shouldHold('dwell', modal, 4_999, undefined, 5_000), true);
    assert.equal(shouldHold('dwell', modal, 5_000, undefined, 5_000), false);
    assert.equal(shouldHold('dwell', modal, 45_000, ['modal'], 60_000), true);
  });
  test('only the busy states the settings watch hold a signal', () => {
    assert.equal(shouldHold('dwell', { ...quiet, media: true }, 0, ['typing', 'selecting']), false);
    assert.equal(shouldHold('dwell', { ...quiet, media: true, typing: true }, 0, ['typing']), true);
    assert.equal(shouldHold('dwell', { ...quiet, typing: true }, 0, []), false);
  });
  test('exit intent never waits', () => {
    assert.equal(shouldHold('exit-intent', { ...quiet, typing: true, scrollingFast: true }, 0), false);
    assert.equal(shouldHold('exit-intent', { ...quiet, fullscreen: true, modal: true }, 0), false);
  });
  test('a modal dialog holds a signal like typing does, whatever the settings turn off', () => {
    assert.equal(shouldHold('dwell', { ...quiet, modal: true }, 0), true);
    assert.equal(shouldHold('dwell', { ...quiet, modal: true }, 0, ['typing', 'modal']), true);
  });
  test('exit intent is busy only where an overlay would go unseen: fullscreen, a dialog', () => {
    assert.deepEqual(busyStates('exit-intent', { ...quiet, typing: true, fullscreen: true, modal: true }), [
      'fullscreen',
      'modal',
    ]);
    assert.deepEqual(busyStates('exit-intent', { ...quiet, typing: true }), []);
    assert.deepEqual(busyStates('dwell', { ...quiet, typing: true }), ['typing']);
  });
});

describe('just before an overlay appears', () => {
  test('busy or in a hidden tab: held, looked at again, given up after the hold limit; never shown', () => {
    assert.equal(beforeShowing([], true, 0), 'show');
    assert.equal(beforeShowing(['selecting'], true, 16), 'hold');
    assert.equal(beforeShowing([], false, 200), 'hold');
    assert.equal(beforeShowing(['fullscreen'], true, MAX_HOLD_MS - 1), 'hold');
    assert.equal(beforeShowing(['modal'], true, MAX_HOLD_MS), 'give-up');
    assert.equal(beforeShowing([], false, MAX_HOLD_MS), 'give-up');
    assert.equal(beforeShowing([], true, MAX_HOLD_MS + 5), 'show');
  });
  test('under the hold limit the settings set', () => {
    assert.equal(beforeShowing([], false, 2_999, 3_000), 'hold');
    assert.equal(beforeShowing(['modal'], true, 3_000, 3_000), 'give-up');
    assert.equal(beforeShowing([], false, MAX_HOLD_MS, 60_000), 'hold');
    assert.equal(beforeShowing([], true, 3_000, 3_000), 'show');
  });
});
