/**
 * Quiet moments, the decision: is now a bad moment to speak? Typing, selecting text, scrolling
 * fast, playing media, fullscreen (the first seconds of a page view are the engine's
 * `minSecondsOnPage`). Pure, from plain
 * observations the content script makes when it is about to send a signal; a signal that finds the
 * visitor busy is held back until they pause (`shouldHold`).
 */
import type { QuietState } from './signal-model.ts';
import { QUIET_KEYS, type SignalType } from './signal-kinds.ts';
import { isFast } from './scroll-pattern.ts';

/** Typing or changing the selection this recently still counts as doing it. */
const TYPING_MS = 2000;
/** Focus resting in the field typed into counts as typing for this long after the last key. */
const FIELD_PAUSE_MS = 30_000;
const SELECTING_MS = 700;

export interface QuietObservations {
  now: number;
  /** Last `input` event in a field or editable element (ms, -Infinity: never). */
  typedAt: number;
  /** Focus is still in the field typed into last (a pause mid-form is still filling it in). */
  focusInTypedField: boolean;
  /** Last change of a non-empty selection. */
  selectedAt: number;
  /** Current scroll speed, px/ms, and viewport height. */
  scrollSpeed: number;
  viewportHeight: number;
  media: readonly MediaFacts[];
  fullscreen: boolean;
}

export interface MediaFacts {
  paused: boolean;
  ended: boolean;
  muted: boolean;
}

/** Media someone is watching or listening to: playing with sound (muted autoplay loops are decor). */
export function mediaPlaying(media: readonly MediaFacts[]): boolean {
  return media.some((m) => !m.paused && !m.ended && !m.muted);
}

export function quietState(o: QuietObservations): QuietState {
  return {
    typing: o.now - o.typedAt < (o.focusInTypedField ? FIELD_PAUSE_MS : TYPING_MS),
    selecting: o.now - o.selectedAt < SELECTING_MS,
    scrollingFast: isFast(o.scrollSpeed, o.viewportHeight),
    media: mediaPlaying(o.media),
    fullscreen: o.fullscreen,
  };
}

/** A signal is held back at most this long waiting for a quiet moment, then sent as it is. */
export const MAX_HOLD_MS = 30_000;
/** How often a held signal looks again. */
export const HOLD_RECHECK_MS = 400;

/**
 * Whether to hold a signal back instead of sending it now: the visitor is busy (typing, selecting,
 * scrolling fast, watching, fullscreen) and it has not waited MAX_HOLD_MS yet. Sent at once
 * otherwise; exit intent is never held (leaving does not wait). A depth crossed while scrolling
 * fast is thus reported when the scrolling stops, instead of being refused by the engine and lost.
 */
export function shouldHold(
  type: SignalType,
  state: QuietState,
  heldMs: number,
  watched: readonly (keyof QuietState)[] = QUIET_KEYS,
): boolean {
  return type !== 'exit-intent' && heldMs < MAX_HOLD_MS && watched.some((k) => state[k]);
}
