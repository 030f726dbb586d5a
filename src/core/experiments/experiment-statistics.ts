/**
 * The statistics of an A/B test on conversion rates: the two-proportion z-test (pooled standard
 * error, two-sided p-value), Wilson score intervals for each rate, and the chi-square
 * goodness-of-fit test that warns of a sample-ratio mismatch (an arm that got more or fewer
 * visitors than its weight says, which makes every other number of the test untrustworthy).
 */

/** z of the two-sided 95 % level (the 97.5th percentile of the standard normal). */
const Z_95 = 1.959963984540054;

/**
 * Complementary error function, fractional error below 1.2e-7 everywhere (Chebyshev fit of
 * Numerical Recipes in C, 2nd ed., §6.2, `erfcc`): enough for p-values down to 1e-30.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(|Z| ≥ |z|) for a standard normal Z: the two-sided p-value of a z statistic. */
export function twoSidedNormalP(z: number): number {
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

/**
 * P(X ≥ x) for X chi-square distributed with `df` degrees of freedom (1 ≤ df ≤ 100, whole), by the
 * closed forms of the regularised upper incomplete gamma function for whole and half-whole
 * shapes (Abramowitz & Stegun 26.4.4 and 26.4.5), exact up to `erfc`'s error.
 */
export function chiSquareSurvival(x: number, df: number): number {
  if (!Number.isInteger(df) || df < 1 || df > 100) throw new RangeError(`degrees of freedom must be 1–100, got ${df}`);
  if (!(x > 0)) return 1;
  const half = x / 2;
  if (df % 2 === 0) {
    // Q = e^(-x/2) · Σ_{i<df/2} (x/2)^i / i!
    let term = 1;
    let sum = 1;
    for (let i = 1; i < df / 2; i++) {
      term *= half / i;
      sum += term;
    }
    return Math.min(1, Math.exp(-half) * sum);
  }
  // Q = erfc(√(x/2)) + √(2x/π) · e^(-x/2) · Σ_{i=1}^{(df-1)/2} x^(i-1) / (1·3·…·(2i-1))
  let term = 1;
  let sum = 0;
  for (let i = 1; i <= (df - 1) / 2; i++) {
    if (i > 1) term *= x / (2 * i - 1);
    sum += term;
  }
  return Math.min(1, erfc(Math.sqrt(half)) + Math.sqrt((2 * x) / Math.PI) * Math.exp(-half) * sum);
}

/** Exposures and conversions of one arm. */
export interface RateCount {
  exposures: number;
  conversions: number;
}

/** A rate with its 95 % interval. */
export interface RateEstimate {
  rate: number;
  low: number;
  high: number;
}

/**
 * A conversion rate with its 95 % Wilson score interval, which stays inside [0, 1] and keeps its
 * coverage for small counts and rates near 0 or 1, where the textbook ±1.96·SE does not. With no
 * exposure the rate is 0 and the interval the whole of [0, 1].
 */
export function wilsonInterval({ exposures: n, conversions: x }: RateCount): RateEstimate {
  if (n <= 0) return { rate: 0, low: 0, high: 1 };
  const p = x / n;
  const z2 = Z_95 * Z_95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const spread = (Z_95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { rate: p, low: Math.max(0, centre - spread), high: Math.min(1, centre + spread) };
}

/** The two-proportion z-test of arm `b` against arm `a`. */
export interface ProportionTest {
  /** b's rate minus a's. */
  difference: number;
  z: number;
  /** Two-sided. */
  pValue: number;
}

/**
 * The pooled two-proportion z-test (H0: both arms convert at the same rate), two-sided. When
 * neither or every visitor converted there is no variance to test: z 0, p 1.
 */
export function twoProportionTest(a: RateCount, b: RateCount): ProportionTest {
  const pa = a.exposures > 0 ? a.conversions / a.exposures : 0;
  const pb = b.exposures > 0 ? b.conversions / b.exposures : 0;
  const difference = pb - pa;
  if (a.exposures <= 0 || b.exposures <= 0) return { difference, z: 0, pValue: 1 };
  const pooled = (a.conversions + b.conversions) / (a.exposures + b.exposures);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.exposures + 1 / b.exposures));
  if (se === 0) return { difference, z: 0, pValue: 1 };
  const z = difference / se;
  return { difference, z, pValue: twoSidedNormalP(z) };
}

/**
 * The p-value below which a sample-ratio mismatch is reported. Stricter than the tests' 0.05
 * because it is checked on every look and a false alarm discredits a sound experiment; Fabijan
 * et al., "Diagnosing Sample Ratio Mismatch in Online Controlled Experiments" (KDD 2019), use
 * 0.0005, Kohavi, Tang & Xu (2020) 0.001.
 */
const SRM_P_THRESHOLD = 0.001;

/** The sample-ratio check of an experiment. */
export interface SampleRatioCheck {
  chiSquare: number;
  pValue: number;
  /** True when the arms' sizes are too far from their weights to be chance (p < SRM_P_THRESHOLD). */
  mismatch: boolean;
}

/**
 * Chi-square goodness of fit of the arms' exposures against the shares their weights promise.
 * Arms with no weight are left out; with fewer than two arms or no exposure nothing can mismatch.
 */
export function sampleRatioCheck(exposures: readonly number[], weights: readonly number[]): SampleRatioCheck {
  const arms = exposures.map((n, i) => ({ n, w: weights[i] ?? 0 })).filter((a) => a.w > 0);
  const total = arms.reduce((s, a) => s + a.n, 0);
  const weightSum = arms.reduce((s, a) => s + a.w, 0);
  if (arms.length < 2 || total === 0) return { chiSquare: 0, pValue: 1, mismatch: false };
  let chiSquare = 0;
  for (const a of arms) {
    const expected = (total * a.w) / weightSum;
    chiSquare += ((a.n - expected) * (a.n - expected)) / expected;
  }
  const pValue = chiSquareSurvival(chiSquare, arms.length - 1);
  return { chiSquare, pValue, mismatch: pValue < SRM_P_THRESHOLD };
}
