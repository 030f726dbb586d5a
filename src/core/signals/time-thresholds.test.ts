import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dueThresholds, visibleMs } from './time-thresholds.ts';

describe('dwell and idle thresholds', () => {
  test('due thresholds and time to the next', () => {
    assert.deepEqual(dueThresholds([10, 30, 60], 31_000, new Set([10])), { due: [30], nextInMs: 29_000 });
    assert.deepEqual(dueThresholds([10], 5_000, new Set()), { due: [], nextInMs: 5_000 });
    assert.deepEqual(dueThresholds([10], 50_000, new Set([10])), { due: [], nextInMs: Infinity });
  });
  test('hidden-tab time is not dwell time', () => {
    const changes = [
      { t: 0, visible: true },
      { t: 10_000, visible: false },
      { t: 70_000, visible: true },
    ];
    assert.equal(visibleMs(changes, 75_000), 15_000);
    assert.equal(visibleMs([{ t: 0, visible: false }], 75_000), 0);
  });
});
