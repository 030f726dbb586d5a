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
import { ext } from '../shared/browser-api.ts';

export interface OverlayHandle {
  readonly conversationId: string;
  /** Sizes the frame to what the overlay's content asked for, and reveals it the first time. */
  resize(width: number, height: number): void;
  remove(): void;
}

const MARGIN = 16;
/** Same as the overlay's panel width (shared/ui/tact-conversation.ts). */
const PANEL_WIDTH = 360;

function important(el: HTMLElement, styles: Record<string, string>): void {
  for (const [name, value] of Object.entries(styles)) el.style.setProperty(name, value, 'important');
}

/** Creates the overlay for a conversation; it stays invisible until its first `resize`. */
export function mountOverlay(conversationId: string): OverlayHandle {
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
  host.setAttribute('popover', 'manual');
  document.documentElement.append(host);
  try {
    host.showPopover();
  } catch {
    host.removeAttribute('popover');
  }

  return {
    conversationId,
    resize(width, height) {
      important(host, { width: `${Math.ceil(width)}px`, height: `${Math.ceil(height)}px`, visibility: 'visible' });
    },
    remove() {
      host.remove();
    },
  };
}
