/**
 * How long Tact holds back while the visitor is busy, and the decision just before an overlay
 * appears. Apart from `quiet-moment.ts` (and with no imports): the site build's entry carries only
 * these few lines, and the content script's detectors (`detectors.ts`) the rest.
 */

/**
 * A signal (or an overlay about to appear) is held back at most this long waiting for a quiet
 * moment, unless the settings say otherwise (`maxHoldSeconds`, carried in the arming plan's `holdMs`).
 */
export const MAX_HOLD_MS = 30_000;
/** How often a held signal or overlay looks again. */
export const HOLD_RECHECK_MS = 400;

/**
 * Just before an overlay appears (the decision took a moment; the visitor may have turned busy or
 * switched tabs meanwhile): show it, hold it and look again in HOLD_RECHECK_MS, or give it up —
 * under the same limit as a held signal (`limitMs`). It is never shown while the visitor is busy
 * (`busy`: the busy states that count for its signal) or while the tab is hidden.
 */
export function beforeShowing(
  busy: readonly unknown[],
  visible: boolean,
  heldMs: number,
  limitMs = MAX_HOLD_MS,
): 'show' | 'hold' | 'give-up' {
  if (visible && busy.length === 0) return 'show';
  return heldMs < limitMs ? 'hold' : 'give-up';
}
