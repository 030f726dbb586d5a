/**
 * Scroll depth: the share of the page the visitor has brought into view, reported once for each
 * armed threshold (25/50/75/100 %) as it is first crossed. Looked at when a scroll gesture ends.
 *
 * Look-alikes it ignores: a page too short to scroll (nothing to cross) and programmatic jumps
 * back up (depth only ever grows within a page view). A single-page-app route change starts a new
 * page view, so thresholds are crossed afresh.
 */
import type { ScrollDepth, Signal } from '../../core/signals/signal-model.ts';
import { depthPercent } from '../../core/signals/scroll-pattern.ts';
import { onScrollEnd } from './shared-listeners.ts';

/** Depth in percent of the document that has been in view, 0–100. */
const currentDepth = (): number =>
  depthPercent(scrollY, innerHeight, Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0));

export function watchScrollDepth(signal: AbortSignal, emit: (s: Signal) => void, thresholds: readonly number[]): void {
  const pending = [...thresholds].sort((a, b) => a - b);
  // A local controller so the subscription ends once every threshold was reported.
  const done = new AbortController();
  signal.addEventListener('abort', () => done.abort(), { once: true });
  onScrollEnd(() => {
    const depth = currentDepth();
    while (pending.length && depth >= pending[0]!)
      emit({ type: 'scroll-depth', percent: pending.shift() as ScrollDepth });
    if (!pending.length) done.abort();
  }, done.signal);
}
