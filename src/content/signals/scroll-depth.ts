/**
 * Scroll depth: the share of the page the visitor has brought into view, reported once for each
 * armed threshold (25/50/75/100 %) as it is first crossed. Sampled once per animation frame.
 *
 * Look-alikes it ignores: a page too short to scroll (nothing to cross) and programmatic jumps
 * back up (depth only ever grows within a page view).
 */
import type { ScrollDepth, Signal } from '../../core/model.ts';
import { frameSampler } from './frame-sampler.ts';

/** Depth in percent of the document that has been in view, 0–100. */
export function currentDepth(): number {
  const doc = document.documentElement;
  const total = Math.max(doc.scrollHeight, document.body?.scrollHeight ?? 0);
  if (total <= innerHeight) return 100;
  // A few pixels of slack so "the very end" is reachable despite rounding.
  return Math.min(100, ((scrollY + innerHeight + 2) / total) * 100);
}

export function watchScrollDepth(signal: AbortSignal, thresholds: readonly number[], emit: (s: Signal) => void): void {
  const pending = [...thresholds].sort((a, b) => a - b);
  // A local controller so the listener goes away once every threshold was reported.
  const controller = new AbortController();
  signal.addEventListener('abort', () => controller.abort(), { once: true });
  const check = frameSampler(() => {
    const depth = currentDepth();
    while (pending.length && depth >= pending[0]!) emit({ type: 'scroll-depth', percent: pending.shift() as ScrollDepth });
    if (!pending.length) controller.abort();
  }, controller.signal);
  addEventListener('scroll', check, { signal: controller.signal, passive: true });
}
