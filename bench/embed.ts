/**
 * `npm run bench:embed`: Tact's site build beside the peers' site scripts, in one run.
 *
 * - **Size** (gzip, level 9): what every page loads (the entry and its static imports), what a page
 *   where a rule applies adds (the detectors), the engine on the first signal, the overlay on the
 *   first show (and the free-text matcher, only for flows that branch on typed text); beside the
 *   files a site loads for shepherd.js, intro.js and Typebot (@typebot.io/js), from node_modules.
 * - **Trigger → first paint** in Chromium and Firefox without the extension: the demo shop with
 *   the embed (`/shop/?tact-embed`), a fresh visitor each run; from the exit (the pointer leaving
 *   the document through its top edge: the root's `mouseleave`; its `timeStamp`) to the end of the frame that paints the overlay
 *   host (bench/first-paint.ts: a MutationObserver sees it shown, then one animation frame and one
 *   task). Beside it, in the same browser and interleaved run by run so both share the machine's
 *   load, the baseline: bench:overlay's floor (bench/popups/floor.js), a plain page script that
 *   renders the same first bubble with lit-html into a closed shadow root in the top layer on the
 *   same exit, i.e. the fastest an in-page widget can paint on this machine.
 *
 *   npm run bench:embed [-- --runs 20] [--browsers chromium,firefox] [--smoke]  (1 run, none discarded)
 *
 * Prints `embed: every page <B> B gzip, on show <B> B gzip` and, per browser,
 * `embed [<browser>]: trigger → first paint median <ms> ms, floor <ms> ms, ratio <x>`.
 * Build first (`npm run build`: the floor uses dist/chrome/overlay.css).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { BROWSERS, freshEmbedVisit, launch, ROOT, type TactPage } from '../e2e/harness/index.ts';
import { DIST } from '../e2e/harness/common.ts';
import { startDemoServer } from '../scripts/demo-server.mjs';
import { buildEmbed, type EmbedPart } from '../scripts/build-embed.mjs';
import { browsersOption, numberOption, smoke } from './bench-options.ts';
import { POPUPS, startBenchServer } from './content-server.ts';
import { median, p90 } from './bench-stats.ts';
import { triggerAndWait } from './first-paint.ts';

const runs = numberOption('runs', smoke ? 1 : 20);
const browsers = browsersOption(BROWSERS);

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

/** The embed's overlay host as the page sees it (what is inside is in a closed shadow root). */
const EMBED_PROBE = '[data-tact-embed]';

/** One embed sample: a fresh visitor (no budget spent, no back-off), the page reloaded and armed. */
async function embedSample(page: TactPage): Promise<number> {
  await freshEmbedVisit(page);
  const clock = await triggerAndWait(page, EMBED_PROBE);
  return clock.paint - clock.trigger;
}

/** One baseline sample: the floor page reloaded, its script set up, the same exit. */
async function floorSample(page: TactPage): Promise<number> {
  await page.reload();
  await page.waitForFunction(() => (window as unknown as { __peerReady?: boolean }).__peerReady === true);
  const clock = await triggerAndWait(page, POPUPS.floor.probe);
  return clock.paint - clock.trigger;
}

const EXT = path.join(DIST, 'chrome');
if (!fs.existsSync(path.join(EXT, 'overlay.css')))
  throw new Error('run `npm run build` first (with the same TACT_DIST)');
const server = await startDemoServer();
// The baseline's page: the same shop page on another origin (its own server), with bench:overlay's floor.
const floorServer = await startBenchServer(path.join(ROOT, 'demo', 'site'), EXT);
const fmt = (xs: number[]) => `median ${median(xs).toFixed(1)} ms, p90 ${p90(xs).toFixed(0)} ms`;
try {
  console.log(
    `\nExit → first paint, ${runs} runs per browser ${smoke ? '(none discarded)' : 'after a discarded one'}, embed and floor interleaved:`,
  );
  for (const kind of browsers) {
    const browser = await launch(kind, { withoutExtension: true });
    try {
      const embedPage = await browser.newPage(`${server.origin}/shop/?tact-embed`);
      const floorPage = await browser.newPage(`${floorServer.origin}/shop/?bench=floor`);
      const embed: number[] = [];
      const floor: number[] = [];
      // The first pair loads and compiles the chunks and the page's first frame: discarded (not in
      // a smoke run, whose figures mean little anyway).
      for (let i = smoke ? 1 : 0; i <= runs; i++) {
        const e = await embedSample(embedPage);
        const f = await floorSample(floorPage);
        if (i > 0) {
          embed.push(e);
          floor.push(f);
        }
        if (!smoke) process.stderr.write('.');
      }
      if (!smoke) process.stderr.write('\n');
      console.log(
        `embed [${kind}]: trigger → first paint median ${median(embed).toFixed(1)} ms, floor ${median(floor).toFixed(1)} ms, ratio ${(median(embed) / median(floor)).toFixed(2)}`,
      );
      console.log(`  Tact embed: ${fmt(embed)}  (${embed.map((m) => m.toFixed(0)).join(', ')})`);
      console.log(`  floor:      ${fmt(floor)}  (${floor.map((m) => m.toFixed(0)).join(', ')})`);
    } finally {
      await browser.close();
    }
  }
} finally {
  await server.close();
  await floorServer.close();
}
console.log(`embed: every page ${always} B gzip, on show ${armed + engine + overlay + messages} B gzip`);
