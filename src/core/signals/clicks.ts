/**
 * Frustration from clicks, the decisions: rage clicks and dead clicks. Pure functions over recorded
 * presses, shared by the content script's detectors and unit tests.
 */

export interface Press {
  x: number;
  y: number;
  t: number;
}

/** Rage: RAGE_COUNT presses within RAGE_MS, all within RAGE_RADIUS px of the last one. */
export const RAGE_COUNT = 3;
const RAGE_MS = 1000;
const RAGE_RADIUS = 30;

/**
 * Whether the last presses make a rage burst. A single click, a double click, or presses spread
 * over the page or over time are not. (A triple click that selects text is ruled out by the
 * detector, which sees the selection.)
 */
export function isRage(presses: readonly Press[]): boolean {
  const n = presses.length;
  if (n < RAGE_COUNT) return false;
  const last = presses[n - 1]!;
  for (let i = n - RAGE_COUNT; i < n; i++) {
    const p = presses[i]!;
    if (last.t - p.t > RAGE_MS || Math.hypot(last.x - p.x, last.y - p.y) > RAGE_RADIUS) return false;
  }
  return true;
}

/** Elements that are controls (any ARIA role counts, to stay cautious): a click on them is never "dead". */
export const CONTROLS =
  'a[href],button,input,select,textarea,label,summary,video,audio,iframe,[contenteditable],[role],[onclick],[tabindex]';

/** How long a click has to cause some reaction (DOM change, navigation, focus, selection, scroll). */
export const DEAD_CLICK_MS = 1000;

/** What the detector saw about a clicked element. */
export interface ClickTarget {
  /** The element or an ancestor is a control (see CONTROLS). */
  control: boolean;
  /** It invites a click: pointer cursor, an image, or underlined text. */
  looksClickable: boolean;
}

/**
 * Dead click: on something that looks clickable but is not a control, and nothing reacted within
 * DEAD_CLICK_MS. Plain text clicked while reading does not look clickable, so it never counts.
 */
export function isDeadClick(target: ClickTarget, reactions: number): boolean {
  return !target.control && target.looksClickable && reactions === 0;
}

/** Whether computed style and tag name make an element look clickable. */
export function looksClickable(cursor: string, tagName: string, textDecoration: string): boolean {
  return cursor === 'pointer' || /^(IMG|PICTURE|svg)$/.test(tagName) || textDecoration.startsWith('underline');
}
