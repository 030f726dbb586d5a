/**
 * When a page takes the overlay away (removes its host element, or takes its top-layer state),
 * Tact puts it back — a bounded number of times. A page that rebuilds its DOM once or twice
 * (hydration, a framework re-rendering) gets the overlay back at once; a page that keeps removing
 * it makes Tact give up politely after MAX_RESTORES, never a loop. Pure: the content script's
 * guard (`content/overlay-host-guard.ts`) asks this what to do each time it notices a loss.
 */

/** How the page took the overlay away. */
export type OverlayLoss = 'host-removed' | 'top-layer-taken';

/** At most this many restorations per mounted conversation. */
export const MAX_RESTORES = 3;

/**
 * Wait before each restoration: the first at once (a one-off rebuild is over), later ones a
 * little later each, so a page fighting back does not spin with Tact.
 */
const RESTORE_DELAYS_MS = [0, 250, 1000] as const;

/** What to do after a loss: restore after a delay, or give up (pause the conversation). */
export type RestoreStep = { restoreInMs: number } | { giveUp: true };

/** The step for a loss noticed after `restored` restorations already made. */
export function nextRestore(restored: number): RestoreStep {
  if (restored >= MAX_RESTORES) return { giveUp: true };
  return { restoreInMs: RESTORE_DELAYS_MS[Math.min(Math.max(0, restored), RESTORE_DELAYS_MS.length - 1)]! };
}
