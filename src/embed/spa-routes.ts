/**
 * Single-page-app routes in the site build: the page changed its route without loading a new
 * document (`history.pushState`/`replaceState`, back/forward, a hash router). Where the browser
 * has the Navigation API, its `currententrychange` says so for all of them; elsewhere the embed,
 * which runs in the page's own world (unlike the content script, which has to poll), wraps
 * `pushState` and `replaceState` and listens to `popstate` and `hashchange`. The wrappers call the
 * page's own functions with the same `this` and arguments and return what they returned (or throw
 * what they threw), and are taken off when the embed stops unless the page wrapped them again since.
 * Whether the route changed is the content script's decision too (`core/signals/route-key.ts`):
 * jumping to an anchor, or pushing the same URL again, is not a new page view.
 */
import { routeKey } from '../core/signals/route-key.ts';

type HistoryChange = 'pushState' | 'replaceState';

/** Calls `onChange` after each route change until `signal` aborts. */
export function watchRoutes(signal: AbortSignal, onChange: () => void): void {
  let key = routeKey(location.href);
  const check = () => {
    const now = routeKey(location.href);
    if (now === key) return;
    key = now;
    onChange();
  };
  const navigation = (globalThis as { navigation?: EventTarget }).navigation;
  if (navigation) {
    navigation.addEventListener('currententrychange', check, { signal });
    return;
  }
  for (const name of ['pushState', 'replaceState'] as HistoryChange[]) {
    // Taken as the page left it (possibly its own wrapper), called back with the page's `this`.
    const own = Reflect.get(history, name) as (this: History, ...args: Parameters<History[HistoryChange]>) => unknown;
    const wrapped = function (this: History, ...args: Parameters<History[HistoryChange]>) {
      const result = own.apply(this, args);
      check();
      return result;
    };
    history[name] = wrapped;
    signal.addEventListener(
      'abort',
      () => {
        if (Reflect.get(history, name) === wrapped) history[name] = own;
      },
      { once: true },
    );
  }
  addEventListener('popstate', check, { signal });
  addEventListener('hashchange', check, { signal });
}
