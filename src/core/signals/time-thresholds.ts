/**
 * Dwell and idle, the decisions: which time thresholds are due and when to look again. Pure, so
 * detectors keep one timer each instead of work on every event.
 */

/** Thresholds in s; elapsed in ms. The not-yet-reported thresholds reached, and ms to the next one (Infinity: none left). */
export function dueThresholds(
  thresholds: readonly number[],
  elapsedMs: number,
  reported: ReadonlySet<number>,
): { due: number[]; nextInMs: number } {
  const due: number[] = [];
  let nextInMs = Infinity;
  for (const s of thresholds) {
    if (reported.has(s)) continue;
    if (s * 1000 <= elapsedMs) due.push(s);
    else nextInMs = Math.min(nextInMs, s * 1000 - elapsedMs);
  }
  return { due, nextInMs };
}

/** Visible time between visibility changes: the sum of the stretches the page was visible. */
export function visibleMs(changes: readonly { t: number; visible: boolean }[], now: number): number {
  let total = 0;
  let since = -1;
  for (const c of changes) {
    if (c.visible && since < 0) since = c.t;
    else if (!c.visible && since >= 0) {
      total += c.t - since;
      since = -1;
    }
  }
  return since >= 0 ? total + now - since : total;
}

/** Away at least this long before coming back counts as returning to the tab. */
export const TAB_RETURN_MS = 1000;
