/**
 * How the visitor scrolls: "searching back" (scrolling back up at least half a screen after going
 * down at least one), reading (three pauses in a row over text, each after a short step down) and
 * scanning (three screens or more within four seconds). Looked at when each scroll gesture ends;
 * a pause is noticed by a timer, not by polling.
 *
 * Look-alikes it ignores: small wobbles up and down, going back up after only a short way down,
 * stops over images or blank space (not reading), a single long fling followed by reading (the
 * fling is scanning, the steps after it reading). Decisions: `core/signals/scroll-pattern.ts`.
 */
import type { Signal } from '../../core/signals/signal-model.ts';
import type { FlagSignal } from '../../core/signals/signal-kinds.ts';
import {
  isReading,
  isScanning,
  PAUSE_MS,
  reversal,
  SCAN_MS,
  type Pause,
  type ScrollPoint,
} from '../../core/signals/scroll-pattern.ts';
import { onScrollEnd, scrollingSince } from './shared-listeners.ts';

const TEXT = 'p,li,article,blockquote,dd,td,pre,h1,h2,h3';

export function watchScrollMotion(signal: AbortSignal, emit: (s: Signal) => void, want: readonly FlagSignal[]): void {
  const run = { low: scrollY, high: scrollY };
  let points: ScrollPoint[] = [];
  let pauses: Pause[] = [];
  let from = scrollY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let endedAt = 0;
  // One timer at most, re-armed for the rest of the pause when another gesture ended meanwhile.
  const maybePause = () => {
    timer = undefined;
    if (scrollingSince()) return; // scrolling again: its end looks again
    const wait = endedAt + PAUSE_MS - performance.now();
    if (wait > 0) timer = setTimeout(maybePause, wait);
    else pause();
  };
  const pause = () => {
    // Text around the middle of the screen (three probes, so a gap between paragraphs does not count as "no text").
    const text = [0.4, 0.5, 0.6].some((f) => document.elementFromPoint(innerWidth / 2, innerHeight * f)?.closest(TEXT));
    pauses.push({ moved: scrollY - from, text });
    from = scrollY;
    if (isReading(pauses, innerHeight)) {
      pauses = [];
      emit({ type: 'reading' });
    }
  };
  onScrollEnd(({ t0, y0, t, y }) => {
    const vh = innerHeight;
    if (want.includes('scroll-reversal') && reversal(run, y, vh)) emit({ type: 'scroll-reversal' });
    if (want.includes('scanning')) {
      points.push({ t: t0, y: y0 }, { t, y });
      while (t - points[0]!.t > SCAN_MS) points.shift();
      if (isScanning(points, vh)) {
        points = [];
        emit({ type: 'scanning' });
      }
    }
    if (want.includes('reading')) {
      endedAt = performance.now();
      timer ??= setTimeout(maybePause, PAUSE_MS);
    }
  }, signal);
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
}
