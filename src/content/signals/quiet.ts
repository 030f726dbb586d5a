/**
 * Quiet moments: a snapshot, sent with every signal, of whether now is a bad moment to speak —
 * typing, selecting text, scrolling fast, media playing with sound, fullscreen, a modal dialog or
 * a page locked behind one. Typing, selecting and scroll gestures are stamped by listeners; the
 * rest is read only when a snapshot is taken (no listener). The first seconds of a page view are
 * the engine's to judge.
 *
 * Look-alikes it ignores: a selection left over from earlier (only a selection being changed
 * counts), muted background videos, a pause mid-form with focus still in the field (still typing),
 * a non-modal `<dialog open>`, `overflow: hidden` on a page laid out to the viewport (nothing to
 * lock), an inert off-canvas menu (only the body or `<main>` count).
 * Decision: `core/signals/quiet-moment.ts`.
 */
import type { QuietState } from '../../core/signals/signal-model.ts';
import { quietState } from '../../core/signals/quiet-moment.ts';
import { gestureSpeed, type ScrollGesture } from '../../core/signals/scroll-pattern.ts';
import { listen, onScrollEnd, scrollingSince } from './shared-listeners.ts';

/** Whether some element matches; false where the browser does not know the selector (`:modal`). */
function matches(selector: string): boolean {
  try {
    return !!document.querySelector(selector);
  } catch {
    return false;
  }
}

export function watchQuiet(signal: AbortSignal): () => QuietState {
  let typedAt = -Infinity;
  let typedIn: EventTarget | null = null;
  let selectedAt = -Infinity;
  let last: ScrollGesture | undefined;
  listen(
    'input',
    (e) => {
      typedAt = e.timeStamp;
      typedIn = e.target;
    },
    signal,
  );
  listen('selectionchange', (e) => getSelection()?.isCollapsed === false && (selectedAt = e.timeStamp), signal);
  onScrollEnd((g) => (last = g), signal);
  // Several signals often go at once (the depths a gesture crossed, an intent they raise): one
  // look at the page serves them all, until the current task's microtasks have run.
  let snapshot: QuietState | undefined;
  return () => {
    if (snapshot) return snapshot;
    queueMicrotask(() => (snapshot = undefined));
    const now = performance.now();
    return (snapshot = quietState({
      now,
      typedAt,
      focusInTypedField: document.activeElement === typedIn,
      selectedAt,
      scrollSpeed: gestureSpeed(now, scrollY, scrollingSince(), last),
      viewportHeight: innerHeight,
      media: [...document.getElementsByTagName('video'), ...document.getElementsByTagName('audio')],
      fullscreen: !!document.fullscreenElement,
      modalDialog: matches('dialog:modal'),
      inertContent: matches('body[inert], main[inert], [inert] main'),
      overflowHidden: [document.documentElement, document.body].some(
        (el) => el && getComputedStyle(el).overflowY === 'hidden',
      ),
      contentHeight: document.documentElement.scrollHeight,
    }));
  };
}
