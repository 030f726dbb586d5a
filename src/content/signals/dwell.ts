/**
 * Dwell: active time on the page reached each armed threshold (in seconds). Time while the tab is
 * hidden does not count. One timer to the next threshold, no per-event work.
 *
 * Look-alikes it ignores: a tab left open in the background (hidden time), a page reopened from
 * another tab (the clock resumes, it does not restart).
 */
import type { Signal } from '../../core/signals/signal-model.ts';
import { dueThresholds, visibleMs } from '../../core/signals/time-thresholds.ts';
import { listen } from './shared-listeners.ts';

/**
 * `since`: when the page view began and whether it was visible then (the detectors arm at the
 * visitor's first sign of presence, a visibility change being one); absent: now.
 */
export function watchDwell(
  signal: AbortSignal,
  emit: (s: Signal) => void,
  seconds: readonly number[],
  since?: { view: number; visible: boolean },
): void {
  const now = { t: performance.now(), visible: !document.hidden };
  const changes = since && since.view < now.t ? [{ t: since.view, visible: since.visible }] : [now];
  if (changes[0]!.visible !== now.visible) changes.push(now);
  const reported = new Set<number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = () => {
    clearTimeout(timer);
    const { due, nextInMs } = dueThresholds(seconds, visibleMs(changes, performance.now()), reported);
    for (const s of due) {
      reported.add(s);
      emit({ type: 'dwell', seconds: s });
    }
    if (!document.hidden && nextInMs < Infinity) timer = setTimeout(tick, nextInMs);
  };
  listen(
    'visibilitychange',
    () => {
      changes.push({ t: performance.now(), visible: !document.hidden });
      tick();
    },
    signal,
  );
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  tick();
}
