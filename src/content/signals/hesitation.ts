/**
 * Hesitation: the cursor rests over an element matched by an armed selector (a price, a
 * call-to-action, a form) for the armed time without acting. Once per selector per page view.
 * Rides on the shared `mousemove` listener and looks up selectors only when the element under the
 * cursor changes.
 *
 * Look-alikes it ignores: passing over the element on the way elsewhere (shorter than the armed
 * time), clicking or typing (acting is not hesitating), a selector the page's DOM rejects.
 */
import type { Signal } from '../../core/signal-model.ts';
import { listen } from './shared-listeners.ts';

export function watchHesitation(signal: AbortSignal, emit: (s: Signal) => void, targets: readonly { selector: string; ms: number }[]): void {
  const state = targets.map(() => ({ el: null as Element | null, timer: undefined as ReturnType<typeof setTimeout> | undefined, done: false }));
  const stop = () => state.forEach((s) => clearTimeout(s.timer));
  let under: EventTarget | null = null;
  listen(
    'mousemove',
    (e) => {
      if (e.target === under) return;
      under = e.target;
      targets.forEach(({ selector, ms }, i) => {
        const s = state[i]!;
        if (s.done) return;
        let el: Element | null = null;
        try {
          el = (e.target as Element).closest?.(selector) ?? null;
        } catch {
          s.done = true; // not a selector this browser accepts
        }
        if (el === s.el) return;
        clearTimeout(s.timer);
        s.el = el;
        if (el)
          s.timer = setTimeout(() => {
            s.done = true;
            emit({ type: 'hesitation', selector, ms });
          }, ms);
      });
    },
    signal,
  );
  const acted = () => {
    stop();
    state.forEach((s) => (s.el = null));
  };
  listen('pointerdown', acted, signal);
  listen('keydown', acted, signal);
  signal.addEventListener('abort', stop, { once: true });
}
