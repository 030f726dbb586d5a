import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_RESTORES, nextRestore } from './host-restoration.ts';

test('a page that removed the overlay twice gets it back twice, the first time at once', () => {
  assert.deepEqual(nextRestore(0), { restoreInMs: 0 });
  assert.deepEqual(nextRestore(1), { restoreInMs: 250 });
  assert.deepEqual(nextRestore(MAX_RESTORES), { giveUp: true });
});

test('property: however often a page removes it, Tact restores at most MAX_RESTORES times, then gives up for good', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1000 }), (losses) => {
      let restored = 0;
      let gaveUp = false;
      for (let i = 0; i < losses && !gaveUp; i++) {
        const step = nextRestore(restored);
        if ('giveUp' in step) gaveUp = true;
        else {
          assert.ok(step.restoreInMs >= 0 && step.restoreInMs <= 1000);
          restored++;
        }
      }
      return restored <= MAX_RESTORES && (losses <= MAX_RESTORES ? !gaveUp : gaveUp);
    }),
  );
});
