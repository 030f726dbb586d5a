/**
 * Single-page-app navigation: the page changed its route without loading a new document
 * (`history.pushState`/`replaceState`, back/forward, a hash router). A content script cannot see
 * the page's own `pushState` calls by patching `history` (it lives in another JavaScript world),
 * so it uses what the browser reports: the Navigation API's `currententrychange` where it exists,
 * otherwise (older Firefox only) a cheap comparison of `location.href` four times a second. Not an
 * input listener: it runs on every page, so that a route where rules apply is noticed even when
 * the first had none.
 *
 * Look-alikes it ignores: jumping to an anchor (`#reviews`) and re-pushing the same URL.
 * Decision: `core/signals/route-key.ts`.
 */
import { routeKey } from '../../core/signals/route-key.ts';

const POLL_MS = 250;

export function watchRouteChange(signal: AbortSignal, onChange: () => void): void {
  let key = routeKey(location.href);
  const check = () => {
    const now = routeKey(location.href);
    if (now !== key) {
      key = now;
      onChange();
    }
  };
  const navigation = (globalThis as { navigation?: EventTarget }).navigation;
  // Chrome has the Navigation API since 102 (Tact needs 121), so its build has no poll at all;
  // Firefox's build keeps it for the versions Tact supports that lack the API.
  if (!__FIREFOX__ || navigation) navigation!.addEventListener('currententrychange', check, { signal });
  else {
    const poll = setInterval(check, POLL_MS);
    signal.addEventListener('abort', () => clearInterval(poll), { once: true });
  }
}
