/**
 * The overlay's stylesheet (src/overlay/overlay.css) as the site build's closed shadow root needs
 * it. The stylesheet is written for the overlay frame, a document of its own whose viewport is the
 * host's box; in the site build there is no frame, so two things it relies on are said here:
 *
 * - The root's declarations (`:root, :host`: the 15px system-ui font, `color-scheme`, the colours)
 *   also go on the `tact-conversation` element: the host's inline `all: initial !important` (its
 *   defence against page CSS) outranks `:host`, so without this the panel spoke in the browser's
 *   default font (serif in Firefox, 16px, `line-height: normal`).
 * - `100vw` and `100vh` mean the frame's viewport, which the host caps (`overlayHostStyle`); in a
 *   shadow root they are the page's, and a panel taller or wider than its host was cut off (the
 *   footer's snooze link under an open "why", the replies' right edge on a phone). They become the
 *   host's caps, in the page's viewport units (`VIEWPORT_CAPS`: the host's own are percentages of
 *   its containing block, which would mean the panel's container here). So do its media queries'
 *   heights and widths (a short frame: the transcript does not scroll, the panel does): a page of
 *   320 × 600, whose panel has 320 px, kept a 4 px question above four rows of replies.
 */
import { VIEWPORT_CAPS, viewportForFrame } from '../shared/overlay-box.ts';

/** `css` (overlay.css) for the site build's shadow root. */
export function embedStylesheet(css: string): string {
  return css
    .replace(/:host(?=\s*\{)/g, ':host, tact-conversation')
    .replace(/100vw/g, VIEWPORT_CAPS.width)
    .replace(/100vh/g, VIEWPORT_CAPS.height)
    .replace(
      /\(max-(width|height): (\d+)px\)/g,
      (_, side: 'width' | 'height', px: string) => `(max-${side}: ${viewportForFrame(side, Number(px))}px)`,
    );
}
