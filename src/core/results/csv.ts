/**
 * CSV as Tact writes it (RFC 4180, one table per file), safe to open in a spreadsheet:
 *
 * - UTF-8 with a byte-order mark, so Excel reads French and Russian text as UTF-8 instead of the
 *   system's legacy code page; rows end with CRLF;
 * - a text cell is quoted when it holds a comma, a quote or a line break (quotes doubled);
 * - a text cell that a spreadsheet would read as a formula (first character `=`, `+`, `-`, `@`,
 *   tab or carriage return: OWASP's "CSV injection") gets a leading apostrophe, the spreadsheets'
 *   own "this is text" mark, so an answer such as `=HYPERLINK(…)` stays text. A cell that already
 *   starts with an apostrophe gets one too, so removing one leading apostrophe always gives the
 *   original text back;
 * - numbers are written as they are (a number is never a formula).
 */

/** The byte-order mark that opens every CSV file Tact writes. */
export const CSV_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r']/;

/** The text as a spreadsheet must see it: with a leading apostrophe when it could start a formula. */
function neutralized(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One cell: a number as written, a text neutralized and quoted when needed. */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = neutralized(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole file: the byte-order mark, then each row's cells joined by commas, each row ended by CRLF. */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return CSV_BOM + rows.map((row) => row.map(csvCell).join(',') + '\r\n').join('');
}
