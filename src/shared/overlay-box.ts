/**
 * The overlay's box on a page, declared once: the extension's host (content/overlay-frame.ts), the
 * site build's host (embed/embed-overlay.ts) and the conversation's panel (shared/ui/tact-conversation.ts)
 * share its size and the defences of its host element.
 */

/** Distance from the viewport's right and bottom edges, in CSS px. */
const OVERLAY_MARGIN = 16;
/** How far below the viewport's centre the overlay's top stays at its highest, in CSS px. */
const CENTRE_GAP = 8;
/** The space between a page's corner widget and the overlay lifted over it, in CSS px. */
const WIDGET_GAP = 8;
/** The panel's width in CSS px; the host caps it to the viewport. */
export const PANEL_WIDTH = 360;
/**
 * The height the panel needs at a simple step (header, a line, a row of replies, the footer links)
 * with its "why" open at its smallest (about three lines) and its footer on two lines (a wider
 * font, or the panel's own scroll bar, wraps it): on a short viewport the overlay may take this
 * much, up to the whole viewport less its margins. The demo's exit question with "why" open is
 * 290 px, 315 with the footer wrapped. At 256, in a laptop's 600 px high window (a 276 px cap) its
 * footer was cut in the middle of a line; and in Firefox, once the panel scrolled, its scroll bar
 * narrowed the French and Russian footers to two lines, which then kept it scrolling.
 */
const USABLE_OVERLAY_HEIGHT = 320;
/**
 * The overlay's highest, `whole` being the viewport's height: at most the lower half of it, so the
 * overlay is not over the centre of the page; but where that half is shorter than the panel needs
 * (a short window, browser zoom at 200-400 %), up to `USABLE_OVERLAY_HEIGHT` of it, else the panel
 * showed its header only and its replies and links were out of reach. What still does not fit
 * scrolls inside the panel.
 */
const highest = (whole: string) =>
  `max(${whole} / 2 - ${OVERLAY_MARGIN + CENTRE_GAP}px, min(${whole} - ${2 * OVERLAY_MARGIN}px, ${USABLE_OVERLAY_HEIGHT}px))`;
/** The overlay's widest, `whole` being the viewport's width. */
const widest = (whole: string) => `calc(${whole} - ${2 * OVERLAY_MARGIN}px)`;
/**
 * The host's highest: `100%` of a fixed element's containing block, the viewport less its scroll
 * bars (`100vh` counts a horizontal one: the overlay went under it in Firefox; `100vw` a vertical
 * one: its left margin was 4 px in Firefox's 360 px window).
 */
export const MAX_OVERLAY_HEIGHT = highest('100%');

/**
 * The same caps in the viewport's units, for what lays out without the host's box: the frame
 * inside the host before its first size, the site build's panel in a shadow root (whose `100vw`
 * and `100vh` are the page's, embed-stylesheet.ts).
 */
export const VIEWPORT_CAPS = { width: widest('100vw'), height: highest('100vh') };

/**
 * The largest viewport `side` (its width or height, CSS px) in which the overlay's cap on that side
 * is at most `px`: how overlay.css's media queries, written for the frame's viewport, read in the
 * site build, where they see the page's (the inverse of `widest` and `highest`).
 */
export function viewportForFrame(side: 'width' | 'height', px: number): number {
  return side === 'height' && px >= USABLE_OVERLAY_HEIGHT
    ? 2 * (px + OVERLAY_MARGIN + CENTRE_GAP)
    : px + 2 * OVERLAY_MARGIN;
}

/** The host's highest when it is `lift` px above its usual place: as in a viewport that much shorter. */
export const maxOverlayHeight = (lift: number) => (lift > 0 ? highest(`(100% - ${lift}px)`) : MAX_OVERLAY_HEIGHT);

/** A page element's box in the viewport (`getBoundingClientRect`). */
export interface ViewportBox {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/**
 * How far above its usual place the overlay goes, in CSS px, so that what the page fixed in the
 * overlay's corner stays in sight and in reach: its own chat launcher, a "back to top" button, a
 * cookie bar (`widgets`: the page's fixed elements found there). Enough to clear the
 * highest of them with a small gap. One that starts above the viewport's lower third is the page's
 * layout (a fixed app shell, a sidebar), not a widget, and is left alone: so the overlay never goes
 * up by more than a third of the viewport, and keeps room for its first step.
 */
export function liftOverCornerWidgets(widgets: readonly ViewportBox[], width: number, height: number): number {
  let lift = 0;
  for (const box of widgets) {
    const inCorner =
      box.top >= (height * 2) / 3 && box.top < height && box.right > width - PANEL_WIDTH - OVERLAY_MARGIN;
    if (inCorner && box.bottom > box.top) lift = Math.max(lift, height - box.top - OVERLAY_MARGIN + WIDGET_GAP);
  }
  return Math.ceil(lift);
}

/**
 * The host element's declarations, `width` and `height` as given, `lift` px above the viewport's
 * bottom margin (`liftOverCornerWidgets`). `all: initial` first resets
 * whatever the page's rules would set on a div; the rest positions it, hidden until its first size
 * report. Set with `setImportantStyle`: inline `!important` declarations outrank every page rule.
 */
export function overlayHostStyle(width: string, height: string, lift = 0): Record<string, string> {
  return {
    all: 'initial',
    display: 'block',
    position: 'fixed',
    inset: 'auto',
    right: `${OVERLAY_MARGIN}px`,
    bottom: `${OVERLAY_MARGIN + lift}px`,
    width,
    height,
    'max-width': widest('100%'), // see MAX_OVERLAY_HEIGHT
    'max-height': maxOverlayHeight(lift),
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

/** The two heights of a box that say how much of its content it hides (an element has them). */
export interface ScrollBox {
  clientHeight: number;
  scrollHeight: number;
}

/**
 * The height the panel would take uncapped: its own `height` as laid out (borders included, with
 * its fraction of a pixel: `offsetHeight` rounded a French panel's 218.4 px down to 218, and in a
 * frame that high Firefox gave the panel a scroll bar, which wrapped its footer onto a second
 * line), with what it scrolls out of sight, and what the boxes that scroll inside it (the
 * transcript, an open "why") hide (any, all or none may scroll).
 */
export function wantedPanelHeight(height: number, panel: ScrollBox, inner: Iterable<ScrollBox>): number {
  for (const box of [panel, ...inner]) height += box.scrollHeight - box.clientHeight;
  return height;
}

/**
 * The host's declaration that undoes a page's `zoom` on its root element (`rootZoom`, its computed
 * value): the host is under the root, so the page's zoom would scale the overlay and its frame.
 * Nothing for no zoom, or a value that is not a positive number.
 */
export function undoingZoom(rootZoom: string): Record<string, string> {
  const zoom = parseFloat(rootZoom);
  return zoom > 0 && zoom !== 1 ? { zoom: String(1 / zoom) } : {};
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
