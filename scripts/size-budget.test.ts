import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { BUDGETS, checkBudgets, formatBudgets, formatSizes, gzipSize, measureDir, type Sizes } from './size-budget.mjs';

const sizes = (entries: Record<string, number>): Sizes =>
  Object.fromEntries(Object.entries(entries).map(([file, gzip]) => [file, { raw: gzip * 3, gzip }]));

describe('size budget', () => {
  test('the budgets: the content script 4 KB gzip, the overlay (overlay.js + overlay-frame.js) 12 KB', () => {
    assert.deepEqual(
      BUDGETS.map((b) => [b.files, b.maxGzip]),
      [
        [['content.js'], 4000],
        [['overlay.js', 'overlay-frame.js'], 12000],
      ],
    );
  });

  test('a bundle at its budget passes; one byte more fails', () => {
    const at = checkBudgets(sizes({ 'content.js': 4000, 'overlay.js': 11000, 'overlay-frame.js': 1000 }));
    assert.deepEqual(
      at.map((r) => [r.gzip, r.ok]),
      [
        [4000, true],
        [12000, true],
      ],
    );
    const over = checkBudgets(sizes({ 'content.js': 4001, 'overlay.js': 11000, 'overlay-frame.js': 1001 }));
    assert.deepEqual(
      over.map((r) => [r.gzip, r.ok]),
      [
        [4001, false],
        [12001, false],
      ],
    );
  });

  test('a file the budget names but the build lacks is an error, not a pass', () => {
    assert.throws(
      () => checkBudgets(sizes({ 'content.js': 100, 'overlay.js': 100 })),
      /no overlay-frame\.js in the build/,
    );
  });

  test('a budget fits exactly when the gzip sizes of its files add up to no more than its limit', () => {
    fc.assert(
      fc.property(fc.nat(20_000), fc.nat(20_000), fc.nat(30_000), (a, b, max) => {
        const [r] = checkBudgets(sizes({ 'a.js': a, 'b.js': b }), [
          { name: 'ab', files: ['a.js', 'b.js'], maxGzip: max },
        ]);
        return r!.gzip === a + b && r!.ok === a + b <= max;
      }),
    );
  });

  test('the report says which budget is over, for which browser', () => {
    const lines = formatBudgets(
      checkBudgets(sizes({ 'content.js': 5000, 'overlay.js': 9000, 'overlay-frame.js': 800 })),
      'firefox',
    );
    assert.equal(lines[0], '✖ always-on content script: 5000 B gzip of 4000 (firefox), over budget');
    assert.equal(lines[1], '✔ overlay (overlay.js + overlay-frame.js): 9800 B gzip of 12000 (firefox)');
  });

  test('measureDir finds scripts, styles and pages in sub-folders, with their raw and gzip sizes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tact-sizes-'));
    try {
      fs.mkdirSync(path.join(dir, 'locales'));
      const text = 'export default "a fairly repetitive text"; '.repeat(50);
      fs.writeFileSync(path.join(dir, 'content.js'), text);
      fs.writeFileSync(path.join(dir, 'locales', 'fr.js'), 'x');
      fs.writeFileSync(path.join(dir, 'pages.css'), 'a{}');
      fs.writeFileSync(path.join(dir, 'manifest.json'), '{}');
      const measured = measureDir(dir);
      assert.deepEqual(Object.keys(measured), ['content.js', 'locales/fr.js', 'pages.css']);
      assert.equal(measured['content.js']!.raw, text.length);
      assert.equal(measured['content.js']!.gzip, gzipSize(text));
      assert.ok(measured['content.js']!.gzip < text.length / 10, 'repetitive text compresses');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the size table has one column per browser', () => {
    const table = formatSizes({ chrome: sizes({ 'content.js': 10 }), firefox: sizes({ 'content.js': 12 }) });
    const [head, row] = table.split('\n');
    assert.match(head!, /^file\s+chrome raw \/ gzip \(B\)\s+firefox raw \/ gzip \(B\)$/);
    assert.match(row!, /^content\.js\s+30 \/ 10\s+36 \/ 12$/);
  });
});
