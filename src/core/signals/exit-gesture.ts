/**
 * Exit intent, the decisions: is this pointer leaving the document, or this scroll/visibility
 * change, someone heading out of the page? Pure functions over recorded events, shared by the
 * content script's detector (`content/signals/exit-intent.ts`) and unit tests.
 */

/**
 * How far inside the top edge (CSS px) a leave may be reported and still count as "through the
 * top": browsers report the first position outside the document (Chromium and Firefox: negative),
 * some the last one inside.
 */
export const TOP_STRIP = 8;
/** A link click within this many ms explains a pointer leaving or a tab hiding: navigation, not exit. */
const LINK_GRACE_MS = 1000;

/**
 * Desktop: the pointer left the document (`mouseleave` on the root, no related target) through
 * the top edge — toward the tabs, the address bar, the close button — with no button held and no
 * link clicked just before (a link click navigates). `x`, `y`: where it was reported, in the
 * viewport (`clientX`, `clientY`); `width`: the viewport's (`innerWidth`). "Through the top"
 * means the top is the nearest edge: out through a side near a top corner is not.
 *
 * The cursor is not followed on its way there (no `mousemove` listener, whose cost per move was
 * most of Tact's input cost: ARCHITECTURE.md, "Signals (content side)"), so leaving is the signal,
 * as in the classic exit-popup scripts, not the approach: where the pointer cannot leave upward
 * (fullscreen, a window at the top of the screen without a toolbar) nothing is reported.
 */
export function leftThroughTop(
  x: number,
  y: number,
  width: number,
  buttons: number,
  msSinceLinkClick: number,
): boolean {
  return !buttons && y <= TOP_STRIP && Math.min(x, width - x) > y && msSinceLinkClick > LINK_GRACE_MS;
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
