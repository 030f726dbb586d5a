/**
 * `npm run bench:embed`: Tact's site build beside the peers' site scripts, in one run.
 *
 * - **Size** (gzip, level 9): what every page loads (the entry and its static imports), what a page
 *   where a rule applies adds (the detectors), the engine on the first signal, the overlay on the
 *   first show (and the free-text matcher, only for flows that branch on typed text); beside the
 *   files a site loads for shepherd.js, intro.js and Typebot (@typebot.io/js), from node_modules.
 * - **Trigger → first paint** in Chromium and Firefox without the extension: the demo shop with
 *   the embed (`/shop/?tact-embed`), a fresh visitor each run; from the exit move (the first mouse
 *   move reaching the top 8 px; its `timeStamp`) to the end of the frame that paints the overlay
 *   host (a MutationObserver sees it shown, then one animation frame and one task).
 *
 *   npm run bench:embed [-- --runs 10] [--browsers chromium,firefox] [--smoke]
 *
 * Prints `embed: every page <B> B gzip, on show <B> B gzip` and, per browser,
 * `embed [<browser>]: trigger → first paint median <ms> ms`. Build first (`npm run build`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { BROWSERS, exitIntent, launch, ROOT, sleep, type BrowserKind, type TactPage } from '../e2e/harness/index.ts';
import { startDemoServer } from '../scripts/demo-server.mjs';
import { buildEmbed, type EmbedPart } from '../scripts/build-embed.mjs';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const smoke = args.includes('--smoke');
const runs = Number(opt('runs', smoke ? '1' : '10'));
const browsers = opt('browsers', BROWSERS.join(','))
  .split(',')
  .filter((b): b is BrowserKind => b === 'chromium' || b === 'firefox');

const gzip = (file: string) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

// Sizes: built again into a temporary folder for the metafile (which file loads which).
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tact-embed-bench-'));
const { parts } = await buildEmbed(ROOT, tmp);
fs.rmSync(tmp, { recursive: true, force: true });
const byFile = new Map(parts.map((p) => [p.file, p]));
const loaded = new Set(parts.filter((p) => p.always).map((p) => p.file));
/** Gzip bytes that loading the `import()` target built from `source` adds to what is loaded already. */
function stage(source: string): number {
  const start = parts.find((p) => p.entryPoint === source);
  if (!start) throw new Error(`no chunk built from ${source}`);
  let bytes = 0;
  const walk = (p: EmbedPart) => {
    if (loaded.has(p.file)) return;
    loaded.add(p.file);
    bytes += p.gzip;
    for (const f of p.loads) walk(byFile.get(f)!);
  };
  walk(start);
  return bytes;
}
const always = parts.filter((p) => p.always).reduce((s, p) => s + p.gzip, 0);
const armed = stage('src/content/detectors.ts');
const engine = stage('src/embed/embed-session.ts');
const overlay = stage('src/embed/embed-overlay.ts');
const matcher = stage('src/core/language/intent-matcher.ts');
const messages = gzip(path.join(ROOT, 'dist', 'embed', 'messages', 'en.js'));
const nm = (f: string) => path.join(ROOT, 'node_modules', f);
const peers: [string, number][] = [
  [
    'shepherd.js (shepherd.mjs + shepherd.css)',
    gzip(nm('shepherd.js/dist/js/shepherd.mjs')) + gzip(nm('shepherd.js/dist/css/shepherd.css')),
  ],
  [
    'intro.js (intro.min.js + introjs.min.css)',
    gzip(nm('intro.js/minified/intro.min.js')) + gzip(nm('intro.js/minified/introjs.min.css')),
  ],
  ['Typebot (@typebot.io/js web.js)', gzip(nm('@typebot.io/js/dist/web.js'))],
];
console.log('Size, gzip (level 9):');
console.log(`  Tact embed, every page                 ${kb(always).padStart(9)}`);
console.log(`  + a rule applies here (detectors)      ${kb(armed).padStart(9)}`);
console.log(`  + first signal (engine, storage)       ${kb(engine).padStart(9)}`);
console.log(`  + first show (overlay + its words)     ${kb(overlay + messages).padStart(9)}`);
console.log(`  + a flow branching on typed text       ${kb(matcher).padStart(9)}`);
for (const [name, bytes] of peers) console.log(`  ${name.padEnd(39)}${kb(bytes).padStart(9)}   (all on every page)`);

/** In the page: the exit move's time and the end of the frame that paints the embed's host. */
function watchPaint(): void {
  (window as unknown as { __name?: unknown }).__name ??= (f: unknown) => f;
  const clock: { trigger?: number; paint?: number } = ((window as unknown as { __bench: object }).__bench = {});
  addEventListener(
    'mousemove',
    (e) => {
      if (e.clientY <= 8) clock.trigger ??= performance.timeOrigin + e.timeStamp;
    },
    { capture: true, passive: true },
  );
  const observer = new MutationObserver(() => {
    const host = document.querySelector('[data-tact-embed]');
    if (!host || getComputedStyle(host).visibility === 'hidden' || host.getBoundingClientRect().width === 0) return;
    observer.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (clock.paint = performance.timeOrigin + performance.now());
      channel.port2.postMessage(null);
    });
  });
  observer.observe(document.documentElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['style'],
  });
}

async function sample(page: TactPage): Promise<number> {
  // A fresh visitor: no budget spent, no back-off (the database is deleted before the reload).
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const r = indexedDB.deleteDatabase('tact-embed');
        r.onsuccess = r.onerror = r.onblocked = () => resolve();
      }),
  );
  await page.reload();
  await page.waitForFunction(() =>
    performance.getEntriesByType('resource').some((e) => e.name.includes('/embed/tact-detectors-')),
  );
  await sleep(200); // the detectors arm as soon as their module has run
  await page.evaluate(watchPaint);
  await exitIntent(page);
  const c = await page.waitForFunction(
    () => {
      const b = (window as unknown as { __bench: { trigger?: number; paint?: number } }).__bench;
      return b.trigger !== undefined && b.paint !== undefined ? b : null;
    },
    undefined,
    15_000,
  );
  return c!.paint! - c!.trigger!;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const server = await startDemoServer();
try {
  for (const kind of browsers) {
    const browser = await launch(kind, { withoutExtension: true });
    try {
      const page = await browser.newPage(`${server.origin}/shop/?tact-embed`);
      await page.bringToFront();
      await sample(page); // the first run loads and compiles the chunks: discarded
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) ms.push(await sample(page));
      console.log(
        `embed [${kind}]: trigger → first paint median ${median(ms).toFixed(1)} ms (${runs} runs: ${ms.map((m) => m.toFixed(0)).join(', ')})`,
      );
    } finally {
      await browser.close();
    }
  }
} finally {
  await server.close();
}
console.log(`embed: every page ${always} B gzip, on show ${armed + engine + overlay + messages} B gzip`);
