/**
 * Cursor moves, sampled: when the cursor last moved, known without a listener called on every
 * move (a `mousemove` listener in the content script's world costs the page about as much per
 * move as all the rest of Tact's input handling, `bench:content`). A one-shot listener notes a
 * move and is put back `periodMs` later; the moves in between go unseen, so the cursor counts as
 * moving until the listener is back. What is known is thus never earlier than the cursor's last
 * move once the listener is back, and at most one period later: a threshold of at least one
 * period is reported at most one period late, never early. Used by the idle detector.
 */

/** A sample period for idle thresholds of at least `firstThresholdMs`: a quarter of it, at most 1 s. */
export function pointerSampleMs(firstThresholdMs: number): number {
  return Math.min(1000, firstThresholdMs / 4);
}

/** The page's side of the sampling (the content script: `mousemove`, `setTimeout`, `performance.now`). */
interface MoveSource {
  /** Calls `onMove` once, with its time, at the next cursor move. */
  listenOnce(onMove: (t: number) => void): void;
  /** Calls `fn` in `ms`. */
  later(fn: () => void, ms: number): void;
  now(): number;
}

/** Stamps `active(t)` at the first move seen and at each time the listener is put back after one. */
export function sampleMoves(source: MoveSource, periodMs: number, active: (t: number) => void): void {
  const moved = (t: number) => {
    active(t);
    source.later(() => {
      active(source.now()); // it may have moved until now, unseen
      source.listenOnce(moved);
    }, periodMs);
  };
  source.listenOnce(moved);
}
