/**
 * Idle: no input (pointer, keys, scrolling, touch) for each armed number of seconds. Reported
 * again after the visitor comes back and goes idle anew. Input only stamps a time (scrolling, once
 * per gesture; cursor moves sampled, see below); one timer, always pending, looks at it when a
 * threshold could be due.
 *
 * Cursor moves are sampled, not listened to one by one (`core/signals/pointer-sampling.ts`): a
 * one-shot `mousemove` listener, put back a quarter of the smallest threshold (at most 1 s) after
 * each move it sees; idle is reported at most that much late, never early.
 *
 * Look-alikes it ignores: a hidden tab (the visitor is elsewhere, not idle here; its return counts
 * as input), and a pointer resting while the visitor scrolls or types.
 */
import type { Signal } from '../../core/signals/signal-model.ts';
import { dueThresholds } from '../../core/signals/time-thresholds.ts';
import { pointerSampleMs, sampleMoves } from '../../core/signals/pointer-sampling.ts';
import { listen, onScrollEnd } from './shared-listeners.ts';

/** `lastInput`: when the visitor's last input before the arming was (`performance.now()` time); absent: now. */
export function watchIdle(
  signal: AbortSignal,
  emit: (s: Signal) => void,
  seconds: readonly number[],
  lastInput = performance.now(),
): void {
  const first = Math.min(...seconds) * 1000;
  let last = lastInput;
  let reported = new Set<number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const active = (at: number) => {
    last = at;
    if (reported.size) reported = new Set();
  };
  const tick = () => {
    clearTimeout(timer);
    const { due, nextInMs } = document.hidden
      ? { due: [], nextInMs: Infinity }
      : dueThresholds(seconds, performance.now() - last, reported);
    for (const s of due) {
      reported.add(s);
      emit({ type: 'idle', seconds: s });
    }
    // When every threshold was reported, look again now and then for the visitor's return.
    timer = setTimeout(tick, nextInMs < Infinity ? nextInMs : first);
  };
  // Input only stamps the time: the timer is always pending and looks at it when it fires.
  const input = () => active(performance.now());
  for (const type of ['pointerdown', 'keydown', 'visibilitychange'] as const) listen(type, input, signal);
  onScrollEnd(input, signal);

  let sampling: ReturnType<typeof setTimeout> | undefined;
  let onMove: ((e: MouseEvent) => void) | undefined;
  sampleMoves(
    {
      listenOnce: (fn) => {
        if (signal.aborted) return;
        onMove = (e) => fn(e.timeStamp);
        addEventListener('mousemove', onMove, { once: true, passive: true, capture: true });
      },
      later: (fn, ms) => (sampling = setTimeout(fn, ms)),
      now: () => performance.now(),
    },
    pointerSampleMs(first),
    active,
  );
  signal.addEventListener(
    'abort',
    () => {
      clearTimeout(timer);
      clearTimeout(sampling);
      if (onMove) removeEventListener('mousemove', onMove, { capture: true });
    },
    { once: true },
  );
  tick();
}
