/**
 * Dead clicks: a click on something that looks clickable (pointer cursor, an image, underlined
 * text) but is not a control, after which nothing happens for a second: no DOM change, no
 * navigation, no focus change, no scrolling, no selection.
 *
 * Look-alikes it ignores: clicks on links, buttons, fields and other controls; clicks on plain
 * text while reading (it does not look clickable); clicks on a non-control element that a page
 * script handles visibly (the DOM changes). Decision: `core/signals/clicks.ts`.
 */
import type { Signal } from '../../core/signals/signal-model.ts';
import { CONTROLS, DEAD_CLICK_MS, isDeadClick, looksClickable } from '../../core/signals/clicks.ts';
import { listen } from './shared-listeners.ts';

export function watchDeadClicks(signal: AbortSignal, emit: (s: Signal) => void): void {
  let watching: MutationObserver | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  listen(
    'click',
    (e) => {
      const el = e.composedPath()[0];
      if (watching || !(el instanceof Element)) return;
      const style = getComputedStyle(el);
      const target = {
        control: !!el.closest(CONTROLS),
        looksClickable: looksClickable(style.cursor, el.tagName, style.textDecorationLine),
      };
      if (!isDeadClick(target, 0)) return; // a control, or not inviting a click: nothing to watch
      let reactions = 0;
      const before = [location.href, document.activeElement, scrollY];
      const observer = (watching = new MutationObserver(() => reactions++));
      observer.observe(document.documentElement, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
      timer = setTimeout(() => {
        observer.disconnect();
        watching = undefined;
        const after = [location.href, document.activeElement, scrollY];
        if (after.some((v, i) => v !== before[i]) || getSelection()?.isCollapsed === false) reactions++;
        if (isDeadClick(target, reactions)) emit({ type: 'dead-click' });
      }, DEAD_CLICK_MS);
    },
    signal,
  );
  signal.addEventListener(
    'abort',
    () => {
      clearTimeout(timer);
      watching?.disconnect();
    },
    { once: true },
  );
}
