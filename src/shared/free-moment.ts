/**
 * The second look before an overlay appears, for a page that draws it itself (the site build): the
 * decision took a moment, and the visitor may have turned busy or left the tab meanwhile. Looks
 * every HOLD_RECHECK_MS and when the tab comes back, under the same rules and limit as a held
 * signal (`beforeShowing`). The extension's content script does the same around its overlay frame
 * (`revealWhenFree` in content.ts), which it mounts hidden first.
 */
import { beforeShowing, HOLD_RECHECK_MS } from '../core/signals/hold.ts';
import type { BusyState } from '../core/signals/signal-kinds.ts';

/**
 * Resolves true once the visitor is free and the tab visible, false after the hold limit (the
 * overlay would never have been seen) or at once when `abort` fires.
 */
export function awaitFreeMoment(busy: () => readonly BusyState[], abort?: AbortSignal): Promise<boolean> {
  const since = performance.now();
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = new AbortController();
    const finish = (show: boolean) => {
      clearTimeout(timer);
      stop.abort();
      resolve(show);
    };
    const look = () => {
      clearTimeout(timer);
      if (abort?.aborted) {
        finish(false);
        return;
      }
      const step = beforeShowing(busy(), document.visibilityState === 'visible', performance.now() - since);
      if (step === 'hold') timer = setTimeout(look, HOLD_RECHECK_MS);
      else finish(step === 'show');
    };
    // Back in the tab: look at once (timers of hidden tabs are slowed down).
    document.addEventListener('visibilitychange', look, { signal: stop.signal });
    abort?.addEventListener('abort', look, { signal: stop.signal });
    look();
  });
}
