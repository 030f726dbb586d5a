/**
 * Exit intent, the decisions: is this cursor sample or this scroll/visibility change someone
 * heading out of the page? Pure functions over recorded samples, shared by the content script's
 * detector (`content/signals/exit-intent.ts`) and unit tests.
 */

/** Height (CSS px) of the top strip of the viewport that counts as "at the edge". */
export const TOP_STRIP = 8;
/** Minimum upward speed, in CSS px per ms, to count as heading out (about 400 px/s). */
const MIN_UP_SPEED = 0.4;
/** A link click within this many ms explains a pointer leaving or a tab hiding: navigation, not exit. */
const LINK_GRACE_MS = 1000;

export interface PointerSample {
  x: number;
  y: number;
  /** Event time, ms. */
  t: number;
}

/**
 * Desktop: the cursor reached the top strip moving up fast and mostly upward, with no button held
 * and not over a link or button (a quick move to a header link is a click on its way, not an exit).
 */
export function headingOutTop(prev: PointerSample, cur: PointerSample, buttons: number, overControl: boolean): boolean {
  if (buttons || overControl || cur.y > TOP_STRIP) return false;
  const up = prev.y - cur.y;
  // Stale positions overestimate nothing: the gap is clamped to [16, 120] ms.
  const dt = Math.min(Math.max(cur.t - prev.t, 16), 120);
  return up / dt >= MIN_UP_SPEED && up * 2 >= Math.abs(cur.x - prev.x);
}

/**
 * Desktop: the pointer left the document (`mouseout` with no related target) through the top edge,
 * after moving up, with no button held and no link clicked just before (a link click navigates).
 */
export function leftThroughTop(y: number, prevY: number, buttons: number, msSinceLinkClick: number): boolean {
  return !buttons && y <= TOP_STRIP && prevY > y && msSinceLinkClick > LINK_GRACE_MS;
}

/** Touch: a fast scroll back up (≥ 2 screens per second) that ends within the first screen. */
export function flickUpNearTop(prevY: number, prevT: number, y: number, t: number, viewportHeight: number): boolean {
  return y < viewportHeight && (prevY - y) / Math.max(t - prevT, 16) >= (2 * viewportHeight) / 1000;
}

/** Seconds of active time and interactions that make a hidden tab "leaving", not "glancing". */
const ENGAGED_MS = 10_000;
const ENGAGED_INTERACTIONS = 2;

/**
 * Touch: the tab was hidden after real engagement (≥ 10 s active and a couple of taps or scrolls),
 * and not because a link was just followed.
 */
export function hiddenAfterEngagement(activeMs: number, interactions: number, msSinceLinkClick: number): boolean {
  return activeMs >= ENGAGED_MS && interactions >= ENGAGED_INTERACTIONS && msSinceLinkClick > LINK_GRACE_MS;
}
