/**
 * Tab return: the visitor comes back to this tab after at least a second away (another tab,
 * another window, the phone's home screen).
 *
 * Look-alikes it ignores: a flicker of visibility shorter than a second (switching through tabs).
 */
import type { Signal } from '../../core/signals/signal-model.ts';
import { TAB_RETURN_MS } from '../../core/signals/time-thresholds.ts';
import { listen } from './shared-listeners.ts';

export function watchTabReturn(signal: AbortSignal, emit: (s: Signal) => void): void {
  let hiddenAt = document.hidden ? 0 : Infinity;
  listen(
    'visibilitychange',
    (e) => {
      if (document.hidden) hiddenAt = e.timeStamp;
      else if (e.timeStamp - hiddenAt >= TAB_RETURN_MS) emit({ type: 'tab-return' });
    },
    signal,
  );
}
