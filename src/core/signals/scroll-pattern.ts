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

/**
 * Share of the main content brought into view, 0–100: how far the bottom of the viewport has come
 * from the content's top to its bottom (document coordinates). On a news article the text ends at
 * about two thirds of the document, above comments and trending links; a rule for "read 80 % of the
 * article" must not wait for those, nor fire among them.
 */
export function contentDepthPercent(scrollY: number, viewportHeight: number, top: number, bottom: number): number {
  const height = bottom - top;
  const seen = scrollY + viewportHeight + 2 - top;
  if (height <= 0) return seen >= 0 ? 100 : 0;
  return Math.max(0, Math.min(100, (seen / height) * 100));
}

/** A block of text on the page, as `mainContentIndex` weighs it. */
export interface TextBlock {
  /** 2 for an `<article>`, 1 for `<main>` or `role="main"`, 0 for another element holding paragraphs. */
  rank: number;
  /** Characters of paragraph text inside it. */
  textLength: number;
}

/**
 * Which block is the page's main content: among the blocks of the highest rank that hold text (an
 * article before a main landmark before any other block), the one with the most paragraph text;
 * the first of equals. -1 when no block holds text. A `<main>` that holds the article and a
 * sidebar gives the article; a home page of teaser articles gives the longest teaser, which is
 * as good a guess as any.
 */
export function mainContentIndex(blocks: readonly TextBlock[]): number {
  let best = -1;
  for (const [i, b] of blocks.entries()) {
    if (b.textLength <= 0) continue;
    const current = blocks[best];
    if (!current || b.rank > current.rank || (b.rank === current.rank && b.textLength > current.textLength)) best = i;
  }
  return best;
}

/** Scrolling faster than this many screens per second is "scrolling fast" (a bad moment to speak). */
const FAST_SCREENS_PER_S = 2;

/** A scroll gesture that ended this recently still counts as scrolling. */
const SCROLL_ECHO_MS = 250;

/**
 * A scroll gesture in progress: where and when it started, the last position looked at, and the
 * distance travelled up to it (down and up both count, so a fling down and back is not "still").
 */
export interface GestureSoFar {
  t0: number;
  y0: number;
  y: number;
  travelled: number;
}

/** A scroll gesture that ended at time `t` (at position `y`). */
export interface ScrollGesture extends GestureSoFar {
  t: number;
}

/** A gesture starting at time `t0`, from `y0` (where the page rested) to `y` (where the first look found it). */
export function startGesture(t0: number, y0: number, y: number): GestureSoFar {
  return { t0, y0, y, travelled: Math.abs(y - y0) };
}

/** The gesture after one more look at the position: the way from the last look to `y` is added. */
export function travel(g: GestureSoFar, y: number): GestureSoFar {
  return { ...g, y, travelled: g.travelled + Math.abs(y - g.y) };
}

/**
 * Scroll speed now, px/ms: the distance the gesture in progress (`moving`) has travelled since it
 * started, up to the position `y` now, over its duration; or that of the last gesture if it ended
 * less than SCROLL_ECHO_MS ago; otherwise 0. Distance travelled, not net movement: a fast scroll
 * down and back up is fast, though it ends where it started.
 */
export function gestureSpeed(now: number, y: number, moving?: GestureSoFar, last?: ScrollGesture): number {
  if (moving) return travel(moving, y).travelled / Math.max(now - moving.t0, 16);
  if (last && now - last.t < SCROLL_ECHO_MS) return last.travelled / Math.max(last.t - last.t0, 16);
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
