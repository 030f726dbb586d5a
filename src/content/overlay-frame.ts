/**
 * Mounts the overlay on the page: an extension page (overlay.html) in an iframe, inside a closed
 * shadow root, on a host element placed in the top layer (popover).
 *
 * Why this shape (details in ARCHITECTURE.md):
 * - the iframe is another origin, so page scripts cannot read what the visitor types or clicks in
 *   it, and none of its events reach the page's listeners;
 * - the closed shadow root keeps page selectors (`iframe { display: none }`) off the frame and
 *   hides it from `querySelector`;
 * - the host's inline `!important` declarations outrank every page rule, and the top layer puts it
 *   above any z-index without touching the page's layout (no layout shift).
 */
import type { OverlayLoss } from '../core/overlay/host-restoration.ts';
import { ext } from '../shared/browser-api.ts';
import { send } from '../shared/protocol.ts';
import { guardHost } from './overlay-host-guard.ts';

export interface OverlayHandle {
  readonly conversationId: string;
  /** Sizes the frame to what the overlay's content asked for, and reveals it the first time (unless held). */
  resize(width: number, height: number): void;
  /** Shows or hides it (it was mounted `held`, or a modal dialog opened over it). */
  show(visible: boolean): void;
  remove(): void;
}

const MARGIN = 16;
/** Same as the overlay's panel width (shared/ui/tact-conversation.ts). */
const PANEL_WIDTH = 360;

function important(el: HTMLElement, styles: Record<string, string>): void {
  for (const [name, value] of Object.entries(styles)) el.style.setProperty(name, value, 'important');
}

/** Shows the host in the top layer; false where popovers are missing (it stays a plain fixed element). */
function showInTopLayer(host: HTMLElement): boolean {
  host.setAttribute('popover', 'manual');
  try {
    host.showPopover();
    return true;
  } catch {
    host.removeAttribute('popover');
    return false;
  }
}

/** What the page did to the overlay that Tact could not undo (the conversation is paused). */
export type OverlayGiveUp = (loss: OverlayLoss, restored: number) => void;

/**
 * Creates the overlay for a conversation; it stays invisible until its first `resize` (and, when
 * `held`, until `reveal`: the content script waits for the visitor to be free). When the
 * page removes it or takes it out of the top layer, it is put back (`overlay-host-guard.ts`):
 * a new host and frame, the background first told (`overlay/restore`) so the new frame may attach
 * to the same conversation; after too many losses `onGiveUp` is called and the host removed.
 */
export function mountOverlay(conversationId: string, onGiveUp?: OverlayGiveUp, held = false): OverlayHandle {
  let host = createHost(conversationId);
  let size: [number, number] | undefined;
  const guard = new AbortController();
  let shown = !held;
  const applySize = () => {
    if (size)
      important(host, {
        width: `${Math.ceil(size[0])}px`,
        height: `${Math.ceil(size[1])}px`,
        visibility: shown ? 'visible' : 'hidden',
      });
  };
  guardHost(
    () => host,
    {
      reshow: () => void showInTopLayer(host),
      rebuild: async () => {
        const { ok } = await send('overlay/restore', { conversationId });
        if (!ok || guard.signal.aborted) return false;
        host = createHost(conversationId);
        applySize();
        return true;
      },
      giveUp: (loss, restored) => {
        guard.abort();
        host.remove();
        onGiveUp?.(loss, restored);
      },
    },
    guard.signal,
  );
  // Escape dismisses the overlay even when the focus is on the page, unless the page handled
  // that Escape itself (its own menu or dialog). Looked at once the event has gone through all
  // the page's listeners; keys typed inside the overlay never reach the page (another origin).
  addEventListener(
    'keydown',
    (e) => {
      // Not while hidden: an Escape that closes the page's modal dialog is the dialog's.
      if (e.key !== 'Escape' || !e.isTrusted || e.isComposing || !shown) return;
      setTimeout(() => {
        if (!e.defaultPrevented && !guard.signal.aborted) send('overlay/dismiss', { conversationId }).catch(() => {}); // the overlay's own × still works
      });
    },
    { signal: guard.signal },
  );
  return {
    conversationId,
    resize(width, height) {
      size = [width, height];
      applySize();
    },
    show(visible) {
      shown = visible;
      applySize();
    },
    remove() {
      guard.abort();
      host.remove();
    },
  };
}

/** A new host with its frame, on the page and in the top layer. */
function createHost(conversationId: string): HTMLElement {
  const host = document.createElement('div');
  // `all: initial` first resets whatever the page's rules would set on a div; the rest positions it.
  important(host, { all: 'initial' });
  important(host, {
    display: 'block',
    position: 'fixed',
    inset: 'auto',
    right: `${MARGIN}px`,
    bottom: `${MARGIN}px`,
    // The panel's width up front, so its first measured height is already the right one.
    width: `${PANEL_WIDTH}px`,
    // Room for the first layout (hidden until the overlay reports its real height).
    height: `calc(50vh - ${MARGIN + 8}px)`,
    'max-width': `calc(100vw - ${2 * MARGIN}px)`,
    // Never over the centre of the page: at most the lower half of the viewport.
    'max-height': `calc(50vh - ${MARGIN + 8}px)`,
    margin: '0',
    padding: '0',
    border: '0',
    overflow: 'hidden',
    'border-radius': '16px',
    background: 'transparent',
    'box-shadow': '0 8px 28px rgba(0, 0, 0, 0.18), 0 2px 6px rgba(0, 0, 0, 0.12)',
    'z-index': '2147483647',
    visibility: 'hidden',
    opacity: '1',
    transform: 'none',
    'pointer-events': 'auto',
    'color-scheme': 'normal',
  });
  const shadow = host.attachShadow({ mode: 'closed' });
  const frame = document.createElement('iframe');
  important(frame, {
    all: 'initial',
    display: 'block',
    width: '100%',
    height: '100%',
    border: '0',
    margin: '0',
    padding: '0',
    background: 'transparent',
    visibility: 'inherit',
    'color-scheme': 'normal',
  });
  frame.setAttribute('title', ext.i18n.getMessage('overlayFrameTitle') || 'Tact conversation');
  frame.setAttribute('allow', 'clipboard-write');
  frame.src = `${ext.runtime.getURL('overlay.html')}#${encodeURIComponent(conversationId)}`;
  shadow.append(frame);

  // The top layer keeps the overlay above any z-index, fixed to the viewport whatever the
  // ancestors' transforms; fall back to a plain fixed element where popovers are missing.
  document.documentElement.append(host);
  showInTopLayer(host);
  // A second load means the page took the host out and put it back: the reloaded frame is not
  // the one the conversation is bound to, so this host goes and the guard puts a new one in.
  let loads = 0;
  frame.addEventListener('load', () => ++loads > 1 && host.remove());
  return host;
}
