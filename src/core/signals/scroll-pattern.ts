/**
 * Scroll, the decisions: depth, speed, "searching back" reversals, reading and scanning. Pure
 * functions over recorded scroll positions (where each scroll gesture started and ended), shared
 * by the content script's detectors and unit tests. Distances are CSS px, times ms.
 */

export interface ScrollPoint {
  t: number;
  y: number;
}

/** Share of the page brought into view, 0–100 (a page that cannot scroll counts as fully seen). */
export function depthPercent(scrollY: number, viewportHeight: number, pageHeight: number): number {
  if (pageHeight <= viewportHeight) return 100;
  // A few pixels of slack so "the very end" is reachable despite rounding.
  return Math.min(100, ((scrollY + viewportHeight + 2) / pageHeight) * 100);
}

/** Scrolling faster than this many screens per second is "scrolling fast" (a bad moment to speak). */
const FAST_SCREENS_PER_S = 2;

/** A scroll gesture that ended this recently still counts as scrolling. */
const SCROLL_ECHO_MS = 250;

/**
 * Scroll speed now, px/ms: the average speed of the gesture in progress (`moving`: where and when
 * it started), or of the last one if it ended less than SCROLL_ECHO_MS ago; otherwise 0.
 */
export function gestureSpeed(
  now: number,
  y: number,
  moving?: { t0: number; y0: number },
  last?: { t0: number; y0: number; t: number; y: number },
): number {
  if (moving) return Math.abs(y - moving.y0) / Math.max(now - moving.t0, 16);
  if (last && now - last.t < SCROLL_ECHO_MS) return Math.abs(last.y - last.y0) / Math.max(last.t - last.t0, 16);
  return 0;
}

export function isFast(speed: number, viewportHeight: number): boolean {
  return speed * 1000 >= FAST_SCREENS_PER_S * viewportHeight;
}

/** The current downward run: where it started and the deepest point since. */
export interface RunState {
  low: number;
  high: number;
}

/**
 * "Searching back": the visitor scrolled back up at least half a screen after going down at least
 * one screen. Feed every position; returns true on the one that completes a reversal. Small
 * wobbles (less than half a screen up) and going up after only a short way down are not reversals.
 */
export function reversal(run: RunState, y: number, viewportHeight: number): boolean {
  if (y > run.high) run.high = y;
  else if (run.high - y >= viewportHeight / 2) {
    const searched = run.high - run.low >= viewportHeight;
    run.low = run.high = y;
    return searched;
  }
  if (y < run.low) run.low = run.high = y;
  return false;
}

/** Scanning: at least SCAN_SCREENS screens covered within SCAN_MS, i.e. skimming past content. */
const SCAN_SCREENS = 3;
export const SCAN_MS = 4000;

export function isScanning(points: readonly ScrollPoint[], viewportHeight: number): boolean {
  const last = points[points.length - 1];
  let covered = 0;
  for (let i = points.length - 1; i > 0 && last!.t - points[i - 1]!.t <= SCAN_MS; i--)
    covered += Math.abs(points[i]!.y - points[i - 1]!.y);
  return covered >= SCAN_SCREENS * viewportHeight;
}

/** A stop of at least PAUSE_MS after a scroll movement. */
export const PAUSE_MS = 1500;
const READ_PAUSES = 3;

export interface Pause {
  /** How far the movement before the pause went (positive: down). */
  moved: number;
  /** Text (a paragraph, a list, an article) was in the middle of the screen during the pause. */
  text: boolean;
}

/**
 * Reading: READ_PAUSES pauses in a row, each over text after a short step down (at most one
 * screen). A long jump or a step back up breaks the streak.
 */
export function isReading(pauses: readonly Pause[], viewportHeight: number): boolean {
  let streak = 0;
  for (const p of pauses) streak = p.text && p.moved > 0 && p.moved <= viewportHeight ? streak + 1 : 0;
  return streak >= READ_PAUSES;
}
