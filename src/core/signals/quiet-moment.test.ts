import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_HOLD_MS, mediaPlaying, quietState, shouldHold, type QuietObservations } from './quiet-moment.ts';

const calm: QuietObservations = {
  now: 100_000,
  typedAt: -Infinity,
  focusInTypedField: false,
  selectedAt: -Infinity,
  scrollSpeed: 0,
  viewportHeight: 800,
  media: [],
  fullscreen: false,
};
const quiet = { typing: false, selecting: false, scrollingFast: false, media: false, fullscreen: false };

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
  test('only the busy states the settings watch hold a signal', () => {
    assert.equal(shouldHold('dwell', { ...quiet, media: true }, 0, ['typing', 'selecting']), false);
    assert.equal(shouldHold('dwell', { ...quiet, media: true, typing: true }, 0, ['typing']), true);
    assert.equal(shouldHold('dwell', { ...quiet, typing: true }, 0, []), false);
  });
  test('exit intent never waits', () => {
    assert.equal(shouldHold('exit-intent', { ...quiet, typing: true, scrollingFast: true }, 0), false);
  });
});
