/**
 * Exit intent: the visitor is about to leave. Desktop: the pointer leaves the document through
 * the top edge (toward the tabs, the address bar, the close button); nothing is done per cursor
 * move. Touch (watched from the first touch on): a fast scroll back up near the top, or the tab
 * hidden after real engagement. Reported once per page view (the page view dedupes it too).
 *
 * Look-alikes it ignores: a click on an internal link (the pointer or the tab leaving because the
 * link navigates), leaving through the sides or the bottom, sliding along the top edge out through
 * a side, moves to a sticky header or a header link (the pointer stays in the document), drags
 * with a button held, the mouse events that echo a tap, hiding the tab before any real engagement.
 * Decisions: `core/signals/exit-gesture.ts`.
 */
import type { Signal } from '../../core/signals/signal-model.ts';
import { flickUpNearTop, hiddenAfterEngagement, leftThroughTop } from '../../core/signals/exit-gesture.ts';
import { listen, onFirst, onScrollEnd } from './shared-listeners.ts';

/** Compatibility mouse events follow a tap for this long: not a cursor. */
const TAP_ECHO_MS = 1000;

export function watchExitIntent(signal: AbortSignal, emit: (s: Signal) => void): void {
  let fired = false;
  const fire = () => {
    if (!fired) emit({ type: 'exit-intent' });
    fired = true;
  };
  let linkAt = -Infinity;
  let touchAt = -Infinity;
  listen(
    'click',
    (e) => {
      const a = (e.target as Element).closest?.<HTMLAnchorElement>('a[href]');
      if (a?.origin === location.origin) linkAt = e.timeStamp;
    },
    signal,
  );

  // Touch: armed by the first touch (media queries are unreliable: headless browsers report no hover).
  let interactions = 0;
  listen(
    'pointerdown',
    (e) => {
      interactions++;
      if (e.pointerType !== 'touch') return;
      if (touchAt < 0) watchTouch();
      touchAt = e.timeStamp;
    },
    signal,
  );
  const watchTouch = () => {
    let visibleSince = performance.now();
    let active = 0;
    onScrollEnd((g) => {
      interactions++;
      if (flickUpNearTop(g.y0, g.t0, g.y, g.t, innerHeight)) fire();
    }, signal);
    listen(
      'visibilitychange',
      () => {
        const now = performance.now();
        if (!document.hidden) visibleSince = now;
        else if (hiddenAfterEngagement((active += now - visibleSince), interactions, now - linkAt)) fire();
      },
      signal,
    );
  };

  // Desktop: the pointer leaving the document through the top. `mouseleave` on the root fires only
  // then (not per element crossed, as `mouseout` would), so the cursor costs nothing on its way.
  // Its listener is added at the pointer's first move or crossing, not at load: the root is the
  // first element this world touches, and setting up the element interfaces for it was most of
  // what arming exit intent cost the page at load (`bench:content`). A pointer cannot leave
  // without one of these first (a leave is dispatched after its `mouseout`), and a page never
  // pointed at (touch) never pays it.
  const onLeave = (e: MouseEvent) => {
    if (
      !e.relatedTarget &&
      e.timeStamp - touchAt > TAP_ECHO_MS &&
      leftThroughTop(e.clientX, e.clientY, innerWidth, e.buttons, e.timeStamp - linkAt)
    )
      fire();
  };
  onFirst(
    ['mousemove', 'mouseout'],
    (e) => {
      document.documentElement.addEventListener('mouseleave', onLeave, { signal, passive: true });
      // The first crossing may be the leave itself: its `mouseout` has no related target either.
      if (e.type === 'mouseout') onLeave(e);
    },
    signal,
  );
}
