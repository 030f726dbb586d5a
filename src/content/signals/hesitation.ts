/**
 * Hesitation: the cursor rests over an element matched by an armed selector (a price, a
 * call-to-action, a form) for the armed time without acting. Once per selector per page view.
 *
 * Cost: nothing per cursor move. The matching elements get one `mouseenter` listener each (it
 * fires only when the cursor crosses into the element), found at the pointer's first move (not at
 * load) and again after each scroll gesture (content loaded as the visitor scrolls; at most every
 * two seconds), at most MAX_ELEMENTS per selector. Whether the cursor is still on the element is
 * asked of `:hover` when the wait is over, not followed with a `mouseleave` listener: every
 * crossing dispatched into Tact's world costs the page about as much as a cursor move
 * (`bench:content`), and a leave is as frequent as an enter.
 *
 * Look-alikes it ignores: passing over the element on the way elsewhere (shorter than the armed
 * time), clicking or typing (acting is not hesitating), a selector the page's DOM rejects.
 */
import type { Signal } from '../../core/signals/signal-model.ts';
import { listen, onFirst, onScrollEnd } from './shared-listeners.ts';

/** Elements watched per selector, at most (a page with thousands of links watches the first ones). */
const MAX_ELEMENTS = 400;
/** The page's elements are looked for again after a scroll at most this often. */
const RESCAN_MS = 2000;

export function watchHesitation(
  signal: AbortSignal,
  emit: (s: Signal) => void,
  targets: readonly { selector: string; ms: number }[],
): void {
  const state = targets.map(() => ({
    el: null as Element | null,
    since: 0,
    timer: undefined as ReturnType<typeof setTimeout> | undefined,
    done: false,
    seen: new WeakSet<Element>(),
    count: 0,
  }));
  const opts = { signal, passive: true };
  // Crossing an element's edge only notes it; one timer per selector (not one per crossing) looks
  // whether the cursor has rested on a match long enough, and re-arms for the rest of the wait.
  const check = (i: number) => {
    const s = state[i]!;
    const { selector, ms } = targets[i]!;
    s.timer = undefined;
    if (s.done || !s.el) return;
    // Left since (to outside the element; its descendants still hover it): as a `mouseleave` would have said.
    if (!s.el.matches(':hover')) {
      s.el = null;
      return;
    }
    const left = s.since + ms - performance.now();
    if (left > 0) s.timer = setTimeout(check, left, i);
    else {
      s.done = true;
      emit({ type: 'hesitation', selector, ms });
    }
  };
  const enter = (i: number, el: Element, at: number) => {
    const s = state[i]!;
    if (s.done) return;
    s.el = el;
    s.since = at;
    s.timer ??= setTimeout(check, targets[i]!.ms, i);
  };
  const scan = () =>
    targets.forEach(({ selector }, i) => {
      const s = state[i]!;
      let found: NodeListOf<Element>;
      try {
        found = document.querySelectorAll(selector);
      } catch {
        s.done = true; // not a selector this browser accepts
        return;
      }
      for (const el of found) {
        if (s.done || s.count >= MAX_ELEMENTS) return;
        if (s.seen.has(el)) continue;
        s.seen.add(el);
        s.count++;
        el.addEventListener('mouseenter', (e) => enter(i, el, e.timeStamp), opts);
      }
    });
  const acted = () => state.forEach((s) => (s.el = null));
  listen('pointerdown', acted, signal);
  listen('keydown', acted, signal);
  // Content the page adds as the visitor scrolls: looked for after a scroll, at most every RESCAN_MS.
  let scannedAt: number | undefined;
  onScrollEnd(() => {
    if (scannedAt === undefined || performance.now() - scannedAt < RESCAN_MS) return;
    scannedAt = performance.now();
    scan();
  }, signal);
  // The elements are first looked for at the pointer's first move, not at load: until the pointer
  // moves no `mouseenter` comes anyway, and every element found needs its wrapper and listener in
  // this world (most of what arming hesitation cost the page at load, `bench:content`). The element
  // that first move entered had its `mouseenter` before this listener ran: it is asked of the point.
  onFirst(
    ['mousemove'],
    (e) => {
      scannedAt = performance.now();
      scan();
      const under = document.elementFromPoint(e.clientX, e.clientY);
      targets.forEach(({ selector }, i) => {
        let el: Element | null | undefined;
        try {
          el = under?.closest(selector);
        } catch {
          return; // not a selector this browser accepts (the scan gave it up)
        }
        if (el && state[i]!.seen.has(el)) enter(i, el, e.timeStamp);
      });
    },
    signal,
  );
  signal.addEventListener('abort', () => state.forEach((s) => clearTimeout(s.timer)), { once: true });
}
