/**
 * Idle: no input (pointer, keys, scrolling, touch) for each armed number of seconds. Reported
 * again after the visitor comes back and goes idle anew. Input only stamps a time (scrolling, once
 * per gesture); one timer looks at it when a threshold could be due.
 *
 * Look-alikes it ignores: a hidden tab (the visitor is elsewhere, not idle here; its return counts
 * as input), and a pointer resting while the visitor scrolls or types.
 */
import type { Signal } from '../../core/signal-model.ts';
import { dueThresholds } from '../../core/signals/time-thresholds.ts';
import { listen, onScrollEnd } from './shared-listeners.ts';

export function watchIdle(signal: AbortSignal, emit: (s: Signal) => void, seconds: readonly number[]): void {
  let last = performance.now();
  let reported = new Set<number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = () => {
    timer = undefined;
    if (document.hidden) return;
    const { due, nextInMs } = dueThresholds(seconds, performance.now() - last, reported);
    for (const s of due) {
      reported.add(s);
      emit({ type: 'idle', seconds: s });
    }
    if (nextInMs < Infinity) timer = setTimeout(tick, nextInMs);
  };
  const input = () => {
    last = performance.now();
    if (reported.size) reported = new Set();
    timer ??= setTimeout(tick, Math.min(...seconds) * 1000);
  };
  for (const type of ['mousemove', 'pointerdown', 'keydown', 'visibilitychange'] as const) listen(type, input, signal);
  onScrollEnd(input, signal);
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  input();
}
