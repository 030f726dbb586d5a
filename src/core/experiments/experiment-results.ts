/**
 * Results of an experiment per variant: exposures (visitors, counted once, from their first
 * exposure), conversions (of those, the visitors who reached the goal in its window), the rate
 * with its 95 % interval, a verdict against the control, and the sample-ratio check.
 */
import type { Goal, Variant } from './experiment-model.ts';
import { goalReachedAt, type VisitorAction } from './goal-evaluation.ts';
import {
  sampleRatioCheck,
  twoProportionTest,
  wilsonInterval,
  type ProportionTest,
  type RateCount,
  type RateEstimate,
  type SampleRatioCheck,
} from './experiment-statistics.ts';

/** A visitor was assigned a variant at a moment the rule fired (for the hold-out: would have). */
export interface Exposure {
  visitorId: string;
  variantId: string;
  at: number;
}

/**
 * `control`: the arm the others are compared with (the hold-out, else the first variant);
 * `too-early`: too few conversions or non-conversions in this arm or the control for the normal
 * approximation (fewer than 5 of either); `better`/`worse`: significantly different from the
 * control; `no-difference`: not significantly different.
 */
type Verdict = 'control' | 'too-early' | 'better' | 'worse' | 'no-difference';

/** One variant's line of the results. */
interface VariantResult extends RateCount, RateEstimate {
  variantId: string;
  flowId: string | null;
  verdict: Verdict;
  /** Against the control; absent for the control itself. */
  test?: ProportionTest;
}

export interface ExperimentReport {
  variants: VariantResult[];
  controlId: string;
  /** The significance level each comparison used: 0.05 shared among the comparisons (Bonferroni). */
  alpha: number;
  sampleRatio: SampleRatioCheck;
}

/** The normal approximation needs this many conversions and non-conversions per arm. */
const MIN_EACH_OUTCOME = 5;

/** Counts per variant: each visitor once, from their first exposure; conversions by `goal`. */
export function tallyVariants(
  variants: readonly Variant[],
  exposures: readonly Exposure[],
  actionsOf: (visitorId: string) => readonly VisitorAction[],
  goal: Goal,
): Map<string, RateCount> {
  const first = new Map<string, Exposure>();
  for (const e of exposures) {
    const seen = first.get(e.visitorId);
    if (!seen || e.at < seen.at) first.set(e.visitorId, e);
  }
  const counts = new Map<string, RateCount>(variants.map((v) => [v.id, { exposures: 0, conversions: 0 }]));
  for (const e of first.values()) {
    const c = counts.get(e.variantId);
    if (!c) continue; // a variant since removed from the rule
    c.exposures++;
    if (goalReachedAt(goal, e.at, actionsOf(e.visitorId)) !== null) c.conversions++;
  }
  return counts;
}

/** The report for counts per variant (variants absent from `counts` count as zero). */
export function experimentReport(
  variants: readonly Variant[],
  counts: ReadonlyMap<string, RateCount>,
): ExperimentReport {
  const control = variants.find((v) => v.flowId === null) ?? variants[0];
  if (!control) throw new RangeError('an experiment needs at least one variant');
  const countOf = (v: Variant): RateCount => counts.get(v.id) ?? { exposures: 0, conversions: 0 };
  const comparisons = Math.max(1, variants.length - 1);
  const alpha = 0.05 / comparisons;
  const controlCount = countOf(control);
  const results = variants.map((v): VariantResult => {
    const count = countOf(v);
    const base = { variantId: v.id, flowId: v.flowId, ...count, ...wilsonInterval(count) };
    if (v === control) return { ...base, verdict: 'control' };
    const test = twoProportionTest(controlCount, count);
    return { ...base, test, verdict: verdictOf(controlCount, count, test, alpha) };
  });
  return {
    variants: results,
    controlId: control.id,
    alpha,
    sampleRatio: sampleRatioCheck(
      variants.map((v) => countOf(v).exposures),
      variants.map((v) => v.weight),
    ),
  };
}

function verdictOf(control: RateCount, arm: RateCount, test: ProportionTest, alpha: number): Verdict {
  const enough = (c: RateCount): boolean =>
    c.conversions >= MIN_EACH_OUTCOME && c.exposures - c.conversions >= MIN_EACH_OUTCOME;
  if (!enough(control) || !enough(arm)) return 'too-early';
  if (test.pValue >= alpha) return 'no-difference';
  return test.difference > 0 ? 'better' : 'worse';
}
