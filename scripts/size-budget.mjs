// Bundle sizes and the size budget the build enforces. The gzip sizes are what a page pays to
// parse and what the budget limits; measured with zlib at level 9 (as `gzip -9`).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** 1 KB = 1 000 bytes, as in ARCHITECTURE.md's figures. */
export const KB = 1000;

/**
 * The size budget: the gzip sizes of `files` added up may not exceed `maxGzip` bytes, in every
 * browser's build. The overlay counts the code a conversation loads: `overlay-frame.js` (imported
 * by the content script) and `overlay.js` (the overlay page's app); not its CSS and HTML.
 */
export const BUDGETS = [
  { name: 'always-on content script', files: ['content.js'], maxGzip: 4 * KB },
  { name: 'overlay (overlay.js + overlay-frame.js)', files: ['overlay.js', 'overlay-frame.js'], maxGzip: 12 * KB },
];

/** Size in bytes of `bytes` gzipped at level 9. */
export const gzipSize = (bytes) => zlib.gzipSync(bytes, { level: 9 }).length;

/** Raw and gzip sizes of the built scripts, styles and pages under `dir` (relative path → sizes), sorted by path. */
export function measureDir(dir) {
  const sizes = {};
  const walk = (sub) => {
    for (const e of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else if (/\.(js|css|html)$/.test(e.name)) {
        const bytes = fs.readFileSync(path.join(dir, rel));
        sizes[rel] = { raw: bytes.length, gzip: gzipSize(bytes) };
      }
    }
  };
  walk('');
  return Object.fromEntries(Object.entries(sizes).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Checks `sizes` (as from measureDir) against `budgets`: one result per budget, with the gzip
 * total and whether it fits. Throws when a budgeted file is missing (a renamed bundle must not
 * slip out of its budget).
 */
export function checkBudgets(sizes, budgets = BUDGETS) {
  return budgets.map((budget) => {
    let gzip = 0;
    for (const file of budget.files) {
      const size = sizes[file];
      if (!size) throw new Error(`size budget "${budget.name}": no ${file} in the build`);
      gzip += size.gzip;
    }
    return { name: budget.name, gzip, maxGzip: budget.maxGzip, ok: gzip <= budget.maxGzip };
  });
}

const COLUMN = 26;

/** A table of every file's raw / gzip size in bytes, one column per target (`{ chrome: sizes, firefox: sizes }`). */
export function formatSizes(byTarget) {
  const targets = Object.keys(byTarget);
  const files = [...new Set(targets.flatMap((t) => Object.keys(byTarget[t])))].sort((a, b) => a.localeCompare(b));
  const cell = (size) => (size ? `${size.raw} / ${size.gzip}` : '—').padStart(COLUMN);
  const width = Math.max(4, ...files.map((f) => f.length));
  const head = `${'file'.padEnd(width)}${targets.map((t) => `${t} raw / gzip (B)`.padStart(COLUMN)).join('')}`;
  const rows = files.map((f) => `${f.padEnd(width)}${targets.map((t) => cell(byTarget[t][f])).join('')}`);
  return [head, ...rows].join('\n');
}

/** One line per budget result: `✔ always-on content script: 2800 B gzip of 4000 (chrome)`. */
export function formatBudgets(results, target) {
  return results.map(
    (r) => `${r.ok ? '✔' : '✖'} ${r.name}: ${r.gzip} B gzip of ${r.maxGzip} (${target})${r.ok ? '' : ', over budget'}`,
  );
}
