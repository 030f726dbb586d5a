/** Order statistics the benches print, defined once (Node-only: no browser harness here). */
import { mulberry32 } from '../src/core/test-support/rule-mix.ts';

/** The median (the mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The 90th percentile (nearest rank). */
export function p90(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(0.9 * xs.length))]!;
}

/** A difference between two sets of samples, with the interval the samples allow for it. */
export interface DifferenceInterval {
  /** `stat(a) - stat(b)` on the samples themselves. */
  estimate: number;
  /** The interval's bounds: the middle `level` of the differences over the resamples. */
  low: number;
  high: number;
}

/**
 * How far `stat(a)` is above `stat(b)` (the median by default), with a percentile bootstrap
 * interval: each set is resampled with replacement `resamples` times and the middle `level` of
 * the resampled differences kept. It assumes nothing about how the samples spread, which suits
 * a profiler's figures that come in lumps; a target is met where `high` is under it, missed where
 * `low` is over it, and not settled by these samples otherwise.
 */
export function differenceInterval(
  a: readonly number[],
  b: readonly number[],
  {
    stat = median,
    resamples = 4000,
    level = 0.95,
    seed = 1,
  }: {
    stat?: (xs: readonly number[]) => number;
    resamples?: number;
    level?: number;
    seed?: number;
  } = {},
): DifferenceInterval {
  if (!a.length || !b.length) throw new Error('differenceInterval needs samples on both sides');
  // Seeded, so the same samples give the same interval on every run.
  const random = mulberry32(seed);
  const resample = (xs: readonly number[]) => xs.map(() => xs[Math.floor(random() * xs.length)]!);
  const differences = Array.from({ length: resamples }, () => stat(resample(a)) - stat(resample(b))).sort(
    (x, y) => x - y,
  );
  const at = (q: number) => differences[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))]!;
  return { estimate: stat(a) - stat(b), low: at((1 - level) / 2), high: at(1 - (1 - level) / 2) };
}
