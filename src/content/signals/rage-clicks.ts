/**
 * Rage clicks: three presses or more within a second, all within 30 px — someone hammering at
 * something that does not respond. Presses (`pointerdown`, primary button) also count on disabled
 * buttons, which get no `click`.
 *
 * Look-alikes it ignores: a single fast click, a double click, presses spread over the page or
 * over time, and a triple click that selects a paragraph (a text selection appears).
 * Decision: `core/signals/clicks.ts`.
 */
import type { Signal } from '../../core/signals/signal-model.ts';
import { isRage, RAGE_COUNT, type Press } from '../../core/signals/clicks.ts';
import { listen } from './shared-listeners.ts';

export function watchRageClicks(signal: AbortSignal, emit: (s: Signal) => void): void {
  let presses: Press[] = [];
  listen(
    'pointerdown',
    (e) => {
      if (e.button) return;
      presses = [...presses.slice(1 - RAGE_COUNT), { x: e.clientX, y: e.clientY, t: e.timeStamp }];
      if (!isRage(presses)) return;
      presses = [];
      // After the browser's own handling of the press: a triple click on text has selected it by then.
      setTimeout(() => getSelection()?.isCollapsed !== false && emit({ type: 'rage-click' }));
    },
    signal,
  );
}
