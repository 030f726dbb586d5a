/**
 * Quiet moments, the decision: is now a bad moment to speak? Typing, selecting text, scrolling
 * fast, playing media, fullscreen, a modal dialog or a page locked behind one (the first seconds
 * of a page view are the engine's `minSecondsOnPage`). Pure, from plain
 * observations the content script makes when it is about to send a signal; a signal that finds the
 * visitor busy is held back until they pause (`shouldHold`).
 */
import type { QuietState } from './signal-model.ts';
import { UNSEEN_STATES, watchedQuietKeys, type BusyState, type SignalType } from './signal-kinds.ts';
import { isFast } from './scroll-pattern.ts';
import { MAX_HOLD_MS } from './hold.ts';

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
  /** A `<dialog>` opened with `showModal()` is open. */
  modalDialog: boolean;
  /** The body or the main content is `inert`. */
  inertContent: boolean;
  /** The root or the body has `overflow-y: hidden`, and the document's height (px). */
  overflowHidden: boolean;
  contentHeight: number;
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
    // `overflow: hidden` counts only on a page that would scroll: an app laid out to the viewport
    // keeps it for good, a cookie banner or login window sets it to lock a long page behind it.
    // Not in fullscreen, where the browser itself hides the overflow of the fullscreen element's
    // ancestors (Chromium).
    modal:
      o.modalDialog || o.inertContent || (o.overflowHidden && !o.fullscreen && o.contentHeight > o.viewportHeight + 1),
  };
}

/**
 * The busy states of `state` that hold back a signal of `type` (all the watched ones; for exit
 * intent, which never waits otherwise, only those in which an overlay would go unseen).
 */
export function busyStates(
  type: SignalType,
  state: QuietState,
  watched: readonly BusyState[] = watchedQuietKeys(),
): BusyState[] {
  return watched.filter((k) => state[k] && (type !== 'exit-intent' || UNSEEN_STATES.includes(k)));
}

/**
 * Whether to hold a signal back instead of sending it now: the visitor is busy (typing, selecting,
 * scrolling fast, watching, fullscreen, a modal dialog) and it has not waited `limitMs` (the plan's
 * `holdMs`, MAX_HOLD_MS by default) yet. Sent at once otherwise; exit intent is not held (leaving
 * does not wait; the engine refuses it over fullscreen or a dialog). A depth crossed while
 * scrolling fast is thus reported when the scrolling stops, instead of being refused by the
 * engine and lost.
 */
export function shouldHold(
  type: SignalType,
  state: QuietState,
  heldMs: number,
  watched: readonly BusyState[] = watchedQuietKeys(),
  limitMs = MAX_HOLD_MS,
): boolean {
  return type !== 'exit-intent' && heldMs < limitMs && busyStates(type, state, watched).length > 0;
}
