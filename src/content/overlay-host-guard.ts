/**
 * Keeps the overlay on a page that fights back: frameworks re-rendering the document, hydration,
 * "remove unknown nodes" scripts, a script that closes every popover. The host element the
 * overlay lives on (`overlay-frame.ts`) is watched; when the page removes it, or takes away its
 * top-layer state (closes the popover, removes the attribute), it is put back — the same
 * conversation at the same step, since the background keeps its state — at most MAX_RESTORES
 * times (`core/overlay/host-restoration.ts`); then the guard gives up and the conversation is
 * paused, with the reason in the tab's trace.
 *
 * Look-alikes it ignores: Tact's own removal (the guard is stopped first), a popover the browser
 * never supported (the host then is a plain fixed element, only its presence is watched).
 */
import { nextRestore, type OverlayLoss } from '../core/overlay/host-restoration.ts';

/** What the guard does to the page; each is given by the overlay frame's mount. */
export interface HostGuardHooks {
  /** The host lost its top-layer state: show it there again (the frame inside is untouched). */
  reshow(): void;
  /** The host left the page: put a new host in; false when the conversation cannot go on. */
  rebuild(): Promise<boolean>;
  /** Too many losses: Tact steps back (the host, if still there, is removed by the caller). */
  giveUp(loss: OverlayLoss, restored: number): void;
}

/**
 * Watches `host()` (the current host; it changes after a rebuild) until `signal` aborts. One
 * MutationObserver on the document (child lists) and the host (its `popover` attribute), and the
 * host's `toggle` event: each callback only compares, so a page that changes its DOM a lot pays
 * one cheap check per batch of changes.
 */
export function guardHost(host: () => HTMLElement, hooks: HostGuardHooks, signal: AbortSignal): void {
  let restored = 0;
  let busy = false;
  // Whether the host is in the top layer to begin with (popovers exist in this browser).
  const topLayer = host().matches(':popover-open');
  const observer = new MutationObserver(() => check());
  const watch = () => {
    observer.disconnect();
    observer.observe(document, { childList: true, subtree: true });
    const el = host();
    observer.observe(el, { attributes: true, attributeFilter: ['popover'] });
    el.addEventListener('toggle', () => check(), { signal });
  };
  const lossNow = (): OverlayLoss | undefined => {
    const el = host();
    if (!el.isConnected) return 'host-removed';
    if (topLayer && !(el.hasAttribute('popover') && el.matches(':popover-open'))) return 'top-layer-taken';
    return undefined;
  };
  const check = () => {
    if (busy || signal.aborted) return;
    const loss = lossNow();
    if (!loss) return;
    const step = nextRestore(restored);
    if ('giveUp' in step) {
      observer.disconnect();
      hooks.giveUp(loss, restored);
      return;
    }
    busy = true;
    setTimeout(() => void restore(), step.restoreInMs);
  };
  const restore = async () => {
    if (signal.aborted) return;
    // Looked at again: a page that put the host back itself (or reopened it) needs nothing.
    const loss = lossNow();
    if (loss) restored++;
    const ok = loss === 'host-removed' ? await hooks.rebuild() : (loss && hooks.reshow(), true);
    busy = false;
    if (!ok || signal.aborted) {
      observer.disconnect();
      return;
    }
    watch();
    check();
  };
  watch();
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });
}
