import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { differenceInterval, median } from './bench-stats.ts';

const samples = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 30 });
const near = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));

describe('differenceInterval', () => {
  it('gives the samples’ own difference as the estimate, inside bounds in order', () => {
    fc.assert(
      fc.property(samples, samples, (a, b) => {
        const d = differenceInterval(a, b, { resamples: 200 });
        assert.equal(d.estimate, median(a) - median(b));
        assert.ok(d.low <= d.high);
      }),
    );
  });

  it('moves with a shift of either set, by the shift', () => {
    fc.assert(
      fc.property(samples, samples, fc.double({ min: -100, max: 100, noNaN: true }), (a, b, shift) => {
        const d = differenceInterval(a, b, { resamples: 200 });
        const up = differenceInterval(
          a.map((x) => x + shift),
          b,
          { resamples: 200 },
        );
        assert.ok(near(up.low, d.low + shift) && near(up.high, d.high + shift), `${up.low} vs ${d.low + shift}`);
      }),
    );
  });

  it('is one point where neither set spreads, and the same on every run', () => {
    assert.deepEqual(differenceInterval([3, 3, 3], [1, 1]), { estimate: 2, low: 2, high: 2 });
    const a = [1.2, 0.4, 3.9, 1.1, 0.2, 2.5, 1.7];
    const b = [0.9, 1.0, 0.3, 1.4, 0.8];
    assert.deepEqual(differenceInterval(a, b), differenceInterval(a, b));
  });

  it('tells a clear difference from none', () => {
    const quiet = Array.from({ length: 30 }, (_, i) => (i % 5) * 0.1);
    const clear = differenceInterval(
      quiet.map((x) => x + 5),
      quiet,
    );
    assert.ok(clear.low > 4 && clear.high < 6, JSON.stringify(clear));
    const none = differenceInterval(quiet, [...quiet].reverse());
    assert.ok(none.low <= 0 && none.high >= 0, JSON.stringify(none));
  });

  it('refuses an empty set rather than giving a figure', () => {
    assert.throws(() => differenceInterval([], [1]), /samples on both sides/);
  });
});
