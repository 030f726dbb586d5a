/**
 * A strict RFC 4180 reader, as spreadsheets read Tact's CSV files: the byte-order mark first,
 * fields quoted with doubled quotes, every row ended by CRLF. Test support only (the unit tests of
 * csv.ts and the journeys that read an export back): it throws an assertion error, naming the
 * problem, on anything a strict reader would refuse.
 */
import assert from 'node:assert/strict';
import { CSV_BOM } from '../results/csv.ts';

/** The rows of `text`, each a list of cells as a spreadsheet shows them. */
export function parseCsv(text: string): string[][] {
  assert.ok(text.startsWith(CSV_BOM), 'the file starts with a byte-order mark');
  const s = text.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < s.length) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
        assert.ok(i >= s.length || /[,\r\n]/.test(s[i]!), 'a closing quote ends its field');
      } else {
        cell += ch;
        i++;
      }
    } else if (ch === '"' && cell === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
      i++;
    } else if (ch === '\r' && s[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 2;
    } else {
      assert.ok(ch !== '"' && ch !== '\r' && ch !== '\n', `unquoted field holds ${JSON.stringify(ch)}`);
      cell += ch;
      i++;
    }
  }
  assert.equal(row.length + cell.length, 0, 'every row ends with CRLF');
  return rows;
}
