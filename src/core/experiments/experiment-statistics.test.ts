/**
 * The A/B statistics against published worked examples and tables (each cited where used).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  chiSquareSurvival,
  sampleRatioCheck,
  twoProportionTest,
  twoSidedNormalP,
  wilsonInterval,
} from './experiment-statistics.ts';

function near(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);
}

describe('two-proportion z-test', () => {
  test('OpenStax Introductory Statistics, §10.4, Example 10.11 (hives medications: 20/200 vs 12/200)', () => {
    // Published: pooled proportion 0.08, z ≈ 1.47, p-value 0.1404, do not reject H0 at 1 %.
    const t = twoProportionTest({ exposures: 200, conversions: 12 }, { exposures: 200, conversions: 20 });
    near(t.difference, 0.04, 1e-12, 'difference');
    near(t.z, 1.4744, 1e-4, 'z');
    near(t.pValue, 0.1404, 1e-4, 'p');
  });

  test('the order of the arms flips the sign, not the p-value', () => {
    const ab = twoProportionTest({ exposures: 1000, conversions: 100 }, { exposures: 1000, conversions: 130 });
    const ba = twoProportionTest({ exposures: 1000, conversions: 130 }, { exposures: 1000, conversions: 100 });
    near(ab.z, -ba.z, 1e-12, 'z');
    near(ab.pValue, ba.pValue, 1e-12, 'p');
    assert.ok(ab.pValue < 0.05 && ab.z > 0);
  });

  test('no variance (nobody or everybody converted) or an empty arm: z 0, p 1', () => {
    assert.deepEqual(twoProportionTest({ exposures: 50, conversions: 0 }, { exposures: 40, conversions: 0 }), {
      difference: 0,
      z: 0,
      pValue: 1,
    });
    assert.equal(twoProportionTest({ exposures: 0, conversions: 0 }, { exposures: 40, conversions: 4 }).pValue, 1);
  });

  test('standard normal table: |z| = 1.96 → 0.05, 2.576 → 0.01, 0 → 1', () => {
    near(twoSidedNormalP(1.959963984540054), 0.05, 1e-7, 'p(1.96)');
    near(twoSidedNormalP(-2.5758293035489), 0.01, 1e-7, 'p(2.576)');
    near(twoSidedNormalP(0), 1, 1e-7, 'p(0)');
  });
});

describe('Wilson score interval', () => {
  // Newcombe, "Two-sided confidence intervals for the single proportion: comparison of seven
  // methods", Statistics in Medicine 17 (1998), Table I, method 3 (score, no continuity correction).
  const NEWCOMBE: [number, number, number, number][] = [
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
    [29, 29, 0.883, 1],
  ];
  for (const [x, n, low, high] of NEWCOMBE) {
    test(`${x}/${n} → ${low}–${high}`, () => {
      const ci = wilsonInterval({ exposures: n, conversions: x });
      near(ci.rate, x / n, 1e-12, 'rate');
      near(ci.low, low, 5e-5, 'low');
      near(ci.high, high, 5e-5, 'high');
    });
  }

  test('no exposure: rate 0, interval [0, 1]', () => {
    assert.deepEqual(wilsonInterval({ exposures: 0, conversions: 0 }), { rate: 0, low: 0, high: 1 });
  });
});

describe('chi-square and the sample-ratio mismatch', () => {
  // NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.4, upper critical values.
  const NIST: [number, number, number][] = [
    [1, 3.841, 0.05],
    [1, 6.635, 0.01],
    [2, 5.991, 0.05],
    [2, 9.21, 0.01],
    [3, 7.815, 0.05],
    [3, 11.345, 0.01],
  ];
  for (const [df, x, p] of NIST) {
    test(`df ${df}: P(X ≥ ${x}) = ${p}`, () => near(chiSquareSurvival(x, df), p, 5e-5, 'p'));
  }

  test('Kohavi, Tang & Xu, Trustworthy Online Controlled Experiments (2020), ch. 21: 821,588 vs 815,482 at 50/50', () => {
    // Published: the ratio 0.5019 looks harmless, yet the p-value is 1.8e-6: a sample-ratio mismatch.
    const srm = sampleRatioCheck([821_588, 815_482], [1, 1]);
    near(srm.chiSquare, 22.774, 1e-3, 'chi-square');
    near(srm.pValue, 1.8e-6, 0.05e-6, 'p');
    assert.equal(srm.mismatch, true);
  });

  test('arms in proportion to unequal weights do not mismatch; the same counts at 50/50 do', () => {
    assert.equal(sampleRatioCheck([7_000, 3_000], [7, 3]).mismatch, false);
    assert.equal(sampleRatioCheck([7_000, 3_000], [1, 1]).mismatch, true);
    assert.equal(sampleRatioCheck([0, 0], [1, 1]).mismatch, false);
  });

  test('degrees of freedom outside 1–100 are refused', () => {
    assert.throws(() => chiSquareSurvival(1, 0), RangeError);
    assert.throws(() => chiSquareSurvival(1, 1.5), RangeError);
  });
});
