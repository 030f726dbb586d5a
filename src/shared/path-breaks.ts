/**
 * Where a sentence that quotes a URL path (or a whole address) may break in a narrow box, such as
 * the popup's "why": before a "/", never right after one, so "« /shop/ »" never ends a line on
 * "« /" and "/shop/trail-pack-28.html" breaks as "/shop" + "/trail-pack-28.html". The text is not
 * changed (no invisible characters: a path copied from the popup is the path); the view draws each
 * piece's segments unbreakable, with a break opportunity between them (see `tact-popup.ts`).
 */

/** A piece of a sentence: plain text, or a path (or address) cut into the segments it may break between. */
export type TextPiece = { text: string } | { segments: string[] };

/** A segment longer than this may itself wrap (at a hyphen, else anywhere) rather than overflow a narrow box. */
export const LONGEST_WHOLE_SEGMENT = 28;

// A path starts with "/" or a scheme ("https://") at the start of the text or after a space or an
// opening quote or bracket; it runs to the next space (no-break ones too) or closing quote.
const PATH = /(?<=^|[\s«“‘"'(\u00a0\u202f])(?:\/|[a-z][a-z0-9+.-]*:\/\/)[^\s»”’"\u00a0\u202f]*/giu;

/**
 * `text` cut into plain text and paths; each path into segments that each start with its "/"
 * (an address's first segment is its scheme and host). Segments of one or two characters (a
 * trailing "/", "/*") stay with the segment before them. Joining every piece gives `text` back.
 */
export function pathPieces(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let last = 0;
  for (const match of text.matchAll(PATH)) {
    if (match.index > last) pieces.push({ text: text.slice(last, match.index) });
    pieces.push({ segments: segmentsOf(match[0]) });
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}

function segmentsOf(path: string): string[] {
  const parts = path.match(/^[a-z][a-z0-9+.-]*:\/\/[^/]*|\/+[^/]*|[^/]+/giu) ?? [path];
  const segments: string[] = [];
  for (const part of parts) {
    const before = segments.at(-1);
    if (before !== undefined && part.length <= 2) segments[segments.length - 1] = before + part;
    else segments.push(part);
  }
  return segments;
}
