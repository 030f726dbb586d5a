/**
 * The overlay's box on a page, declared once: the extension's host (content/overlay-frame.ts), the
 * site build's host (embed/embed-overlay.ts) and the conversation's panel (shared/ui/tact-conversation.ts)
 * share its size and the defences of its host element.
 */

/** Distance from the viewport's right and bottom edges, in CSS px. */
export const OVERLAY_MARGIN = 16;
/** The panel's width in CSS px; the host caps it to the viewport. */
export const PANEL_WIDTH = 360;
/** At most the lower half of the viewport: the overlay is never over the centre of the page. */
export const MAX_OVERLAY_HEIGHT = `calc(50vh - ${OVERLAY_MARGIN + 8}px)`;

/**
 * The host element's declarations, `width` and `height` as given. `all: initial` first resets
 * whatever the page's rules would set on a div; the rest positions it, hidden until its first size
 * report. Set with `setImportantStyle`: inline `!important` declarations outrank every page rule.
 */
export function overlayHostStyle(width: string, height: string): Record<string, string> {
  return {
    all: 'initial',
    display: 'block',
    position: 'fixed',
    inset: 'auto',
    right: `${OVERLAY_MARGIN}px`,
    bottom: `${OVERLAY_MARGIN}px`,
    width,
    height,
    'max-width': `calc(100vw - ${2 * OVERLAY_MARGIN}px)`,
    'max-height': MAX_OVERLAY_HEIGHT,
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
  };
}

/** Sets some declarations of an element's inline style, each `!important`, keeping the others. */
export function setImportant(el: HTMLElement, styles: Record<string, string>): void {
  for (const [name, value] of Object.entries(styles)) el.style.setProperty(name, value, 'important');
}

/**
 * Sets all of a new element's inline style at once, each declaration `!important` (`all` first,
 * the others after it override it): one parse through the CSSOM (a page's Content-Security-Policy
 * does not govern it) instead of one `setProperty` call per property, which took ~1 ms on the way
 * to the first bubble's paint.
 */
export function setImportantStyle(el: HTMLElement, styles: Record<string, string>): void {
  el.style.cssText = Object.entries(styles)
    .map(([name, value]) => `${name}:${value}!important`)
    .join(';');
}
