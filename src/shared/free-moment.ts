/**
 * The second look before an overlay appears: the decision took a moment, and the visitor may have
 * turned busy or left the tab meanwhile. One definition for both builds: the extension's content
 * script waits here with its overlay frame mounted hidden (content.ts), the site build before it
 * draws its overlay (embed-session.ts). Looks every HOLD_RECHECK_MS and when the tab comes back,
 * under the same rules and limit as a held signal (`beforeShowing`), and says what held it.
 */
import { beforeShowing, HOLD_RECHECK_MS } from '../core/signals/hold.ts';
import type { BusyState } from '../core/signals/signal-kinds.ts';
import type { Hold } from './protocol.ts';

/**
 * How the wait ended: `show` (the visitor is free and the tab visible), `give-up` (the hold limit
 * passed: the overlay would never have been seen) or `stopped` (`stopped()` said so at a look,
 * e.g. the overlay was removed or the embed stopped meanwhile); `held` is
 * the hold for the trace: 0 ms when it was free and visible at the first look.
 */
export interface FreeMoment {
  step: 'show' | 'give-up' | 'stopped';
  held: Hold;
}

/**
 * Waits for a free moment. `busy` says what keeps the visitor busy now; `stopped` is asked at every
 * look. With `reveal`, the overlay
 * is already on the page, hidden: `reveal(true)` shows it at the free moment and it counts as
 * shown only if the visitor is still free at the next frame (the page may react to the overlay's
 * host appearing, e.g. open a dialog); else `reveal(false)` hides it again and the wait goes on.
 * `lookedBefore`: what `busy` said just before the overlay went into the page, used for the first
 * look instead of asking again (a look right after the host went in forces the page's style and
 * layout: content.ts); every later look asks `busy`. `limitMs`: the hold limit (the plan's
 * `holdMs`; MAX_HOLD_MS when absent).
 */
export function awaitFreeMoment(
  busy: () => readonly BusyState[],
  stopped?: () => boolean,
  reveal?: (shown: boolean) => void,
  lookedBefore?: readonly BusyState[],
  limitMs?: number,
): Promise<FreeMoment> {
  const since = performance.now();
  const seen = new Set<BusyState>();
  let hidden = false;
  let firstLook = lookedBefore;
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = new AbortController();
    const finish = (step: FreeMoment['step']) => {
      clearTimeout(timer);
      done.abort();
      // Not held at all (free and visible at the first look): no hold to tell.
      resolve({
        step,
        held: { ms: seen.size || hidden ? Math.round(performance.now() - since) : 0, while: [...seen], hidden },
      });
    };
    const free = (heldMs: number) => {
      const now = firstLook ?? busy();
      firstLook = undefined;
      for (const k of now) seen.add(k);
      const visible = document.visibilityState === 'visible';
      hidden ||= !visible;
      return beforeShowing(now, visible, heldMs, limitMs);
    };
    const look = () => {
      clearTimeout(timer);
      if (done.signal.aborted) return;
      const step = stopped?.() ? 'stopped' : free(performance.now() - since);
      if (step === 'hold') timer = setTimeout(look, HOLD_RECHECK_MS);
      else if (step !== 'show' || !reveal) finish(step);
      else {
        reveal(true);
        requestAnimationFrame(() => {
          if (done.signal.aborted) return;
          // Held at 0 ms: only 'show' or 'hold' (looked at again as before).
          const then = stopped?.() ? 'stopped' : free(0);
          if (then !== 'hold') finish(then);
          else {
            reveal(false);
            look();
          }
        });
      }
    };
    // Back in the tab: look at once (timers of hidden tabs are slowed down).
    document.addEventListener('visibilitychange', look, { signal: done.signal });
    look();
  });
}
