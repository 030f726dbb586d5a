/**
 * CSV as Tact writes it: read back by an RFC 4180 reader, every cell is what was written (less the
 * apostrophe that neutralizes a formula), no text cell can start a formula, and the file opens with
 * a byte-order mark.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { csvCell, toCsv } from './csv.ts';
import { parseCsv } from '../test-support/csv-reader.ts';

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];
/** Text that leans on what CSV and spreadsheets treat specially. */
const nastyText = fc.oneof(
  fc.string({
    unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', "'", ';', ' ', 'a', 'é', 'ж', '1'),
  }),
  fc.string({ unit: 'grapheme' }),
  fc.string(),
);

test('any text cell reads back as written, with one apostrophe before what could start a formula', () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(nastyText, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }),
      (rows) => {
        const read = parseCsv(toCsv(rows));
        assert.equal(read.length, rows.length);
        read.forEach((cells, r) =>
          cells.forEach((cell, c) => {
            const original = rows[r]![c]!;
            const risky = TRIGGERS.includes(original[0] ?? '') || original.startsWith("'");
            assert.equal(cell, risky ? `'${original}` : original);
            // Removing one leading apostrophe always gives the original back.
            assert.equal(cell.startsWith("'") ? cell.slice(1) : cell, original);
          }),
        );
      },
    ),
    { numRuns: 500 },
  );
});

test('no text cell starts with a formula trigger once read', () => {
  fc.assert(
    fc.property(fc.array(nastyText, { minLength: 1, maxLength: 8 }), (cells) => {
      for (const cell of parseCsv(toCsv([cells]))[0]!)
        assert.ok(!TRIGGERS.includes(cell[0] ?? ''), JSON.stringify(cell));
    }),
    { numRuns: 500 },
  );
});

test('numbers are written as numbers; known attacks become text', () => {
  assert.equal(csvCell(-3), '-3');
  assert.equal(csvCell(0.25), '0.25');
  assert.equal(csvCell(Number.NaN), '');
  assert.equal(
    csvCell('=HYPERLINK("http://evil.example","click")'),
    `"'=HYPERLINK(""http://evil.example"",""click"")"`,
  );
  assert.equal(csvCell('@SUM(A1:A9)'), "'@SUM(A1:A9)");
  assert.equal(csvCell('+33 1 23 45 67 89'), "'+33 1 23 45 67 89");
  assert.equal(csvCell('-2+3'), "'-2+3");
  assert.equal(csvCell('\tcmd'), "'\tcmd");
  assert.equal(csvCell('\r=1'), `"'\r=1"`);
  assert.equal(csvCell("'already"), "''already");
  assert.equal(csvCell('a = b'), 'a = b');
  assert.equal(csvCell('Élodie, Paris'), '"Élodie, Paris"');
});

test('a file: byte-order mark, CRLF after every row, UTF-8 text kept', () => {
  assert.equal(
    toCsv([
      ['Вопрос', 'Réponse'],
      ['да', 1],
    ]),
    '\uFEFFВопрос,Réponse\r\nда,1\r\n',
  );
  assert.equal(toCsv([]), '\uFEFF');
});
