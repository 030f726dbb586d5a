/**
 * Benchmark: from the exit move to a first bubble on screen, in Chromium and Firefox, with the
 * built extension (run `npm run build` first), side by side in one run with what a page script
 * achieves on the same event:
 *
 * - **tact**: the shipped exit question (rule `exit-anywhere`, on every page view), with the
 *   background warm, and with the background stopped after the page was armed (Chromium: the
 *   service worker stopped over CDP; Firefox: a second browser whose event page is suspended when
 *   idle). "First paint": the overlay host turns visible, up to the next painted frame;
 *   "interactive": the overlay frame has rendered its controls and the host shows it (the frame's
 *   `tact-interactive` performance mark, set once its first size was applied).
 * - **floor**: a lit-html bubble with the same words, rendered into a closed shadow root in the top
 *   layer by a plain page script (bench/popups/floor.js): the fastest an in-page widget can be.
 * - **shepherd.js**, **intro.js**: in-page peers showing a popup with the same words.
 *
 * The trigger is the same event for all (the pointer leaving the document through its top edge:
 * the root's `mouseleave`, Tact's exit intent; its `timeStamp`), and the paint is detected the same way for all, in the page: a MutationObserver
 * sees the element shown, then one animation frame and one task after it (the frame that paints
 * it). Tact runs on 127.0.0.1, the popups on localhost (Tact turned off there), served by the same
 * server. Runs are interleaved (tact, floor, peers, tact, …) so they share the machine's load.
 *
 *   npm run bench:overlay [-- --runs 20] [--cold 5] [--browsers chromium,firefox]
 *                         [--page /shop/trail-pack-28.html] [--smoke]
 *
 * `--smoke`: 1 run (no discarded one before it) and 1 cold run per browser (checks that the bench works; the figures
 * mean little). The last two lines are the summary (Chromium, then Firefox):
 *   overlay: first-paint median <ms> ms, floor <ms> ms, ratio <x>
 *   overlay [firefox]: first-paint median <ms> ms, floor <ms> ms, ratio <x>
 * Exit code 1 when a popup or the overlay does not appear (the bench is broken), else 0.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  ask,
  BROWSERS,
  launch,
  readMeta,
  ROOT,
  waitForPageView,
  type BrowserKind,
  type TactBrowser,
  type TactPage,
} from '../e2e/harness/index.ts';
import { DIST } from '../e2e/harness/common.ts';
import { EXIT_ON_EVERY_PAGE_VIEW, NO_BACKOFF, NO_BUDGET } from '../e2e/harness/journey.ts';
import { browsersOption, numberOption, option, smoke } from './bench-options.ts';
import { POPUPS, startBenchServer, type PopupName } from './content-server.ts';
import { median, p90 } from './bench-stats.ts';
import { triggerAndWait } from './first-paint.ts';

const runs = numberOption('runs', smoke ? 1 : 20);
const coldRuns = numberOption('cold', smoke ? 1 : 5);
const pagePath = option('page', '/shop/trail-pack-28.html');
const browsers = browsersOption(BROWSERS);
// Every show is charged to the day's budget of the site (at most 100 a day, NO_BUDGET).
if (runs + 1 + coldRuns > Number(NO_BUDGET.maxPerSitePerDay))
  throw new Error(`--runs + --cold must stay under ${NO_BUDGET.maxPerSitePerDay} (the daily budget of one site)`);

/** Tact's overlay host as the page sees it (a top-level element; what is inside is closed to it). */
const TACT_PROBE = ':root > div[popover]';
const SCENARIOS = ['tact', 'floor', 'shepherd-popup', 'intro-popup'] as const;
type Scenario = (typeof SCENARIOS)[number] | 'tact-cold';
const LABELS: Record<Scenario, string> = {
  tact: 'Tact, background warm',
  'tact-cold': 'Tact, background stopped',
  floor: 'floor: lit-html bubble in a shadow root',
  'shepherd-popup': 'shepherd.js',
  'intro-popup': 'intro.js',
};

interface Sample {
  paint: number;
  interactive: number;
}
/** When the overlay frame could take the visitor's input: its `tact-interactive` mark, in wall-clock ms. */
async function interactiveAt(page: TactPage): Promise<number> {
  const frame = await page.overlay(15_000);
  return frame.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const deadline = performance.now() + 10_000;
        const timer = setInterval(() => {
          const mark = performance.getEntriesByName('tact-interactive')[0];
          if (mark) resolve(performance.timeOrigin + mark.startTime);
          else if (performance.now() > deadline) reject(new Error('no tact-interactive mark in the overlay frame'));
          else return;
          clearInterval(timer);
        }, 10);
      }),
  );
}

/**
 * One Tact sample on a fresh page view, read through `probe` (an extension page). `stop` stops
 * the background once the page is armed (the probe is closed first: an open extension page may
 * keep Firefox's event page awake, and reopened after); the background start counter
 * (meta.backgroundStarts) then proves the exit move woke a stopped background, and that a warm one
 * was not restarted.
 */
async function tactSample(
  browser: TactBrowser,
  probe: TactPage,
  page: TactPage,
  url: string,
  stop?: () => Promise<void>,
): Promise<{ sample: Sample; probe: TactPage }> {
  const since = Date.now();
  await page.goto(url);
  // Armed: the content script marks the page view once its detectors listen (waitForPageView).
  await waitForPageView(probe, url, since);
  const startsBefore = await readMeta<number>(probe, 'backgroundStarts');
  if (stop) {
    await probe.close();
    await stop();
  }
  const clock = await triggerAndWait(page, TACT_PROBE);
  const ready = await interactiveAt(page);
  if (stop) probe = await browser.openExtensionPage('popup.html');
  const startsAfter = await readMeta<number>(probe, 'backgroundStarts');
  if (stop && !(startsAfter > startsBefore)) throw new Error('the background was not stopped before the exit move');
  if (!stop && startsAfter !== startsBefore) throw new Error('the background restarted during a warm run');
  return {
    sample: { paint: clock.paint - clock.trigger, interactive: Math.max(ready, clock.paint) - clock.trigger },
    probe,
  };
}

/** One sample of a page-script popup; it is interactive as soon as it is painted. */
async function popupSample(page: TactPage, url: string, popup: PopupName): Promise<Sample> {
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __peerReady?: boolean }).__peerReady === true);
  const clock = await triggerAndWait(page, POPUPS[popup].probe);
  const ms = clock.paint - clock.trigger;
  return { paint: ms, interactive: ms };
}

/** Settings and rules for the bench: the exit question on every page view, Tact off on the popups' site. */
async function prepare(browser: TactBrowser, popupOrigin: string): Promise<void> {
  const page = await browser.openExtensionPage('options.html');
  await ask(page, 'settings/set', { ...NO_BUDGET, ...NO_BACKOFF, minSecondsOnPage: 0 });
  // The shipped rule is for the demo shop only; the bench serves its page on 127.0.0.1.
  await ask(page, 'rules/save', { rule: { ...EXIT_ON_EVERY_PAGE_VIEW, conditions: [] } });
  await ask(page, 'site/set', { origin: popupOrigin, enabled: false });
  await page.close();
}

/** `--cold` Tact samples with the background stopped before each exit move; returns the probe page now open. */
async function coldSamples(browser: TactBrowser, probe: TactPage, page: TactPage, into: Sample[]): Promise<TactPage> {
  for (let i = 0; i < coldRuns; i++) {
    const run = await tactSample(browser, probe, page, tactUrl, () => browser.stopBackground());
    into.push(run.sample);
    probe = run.probe;
    process.stderr.write('c');
  }
  return probe;
}

/** Firefox has no command to stop its event page: a browser that suspends it after 1.5 s idle. */
const launchCold = () => launch('firefox', { backgroundIdleMs: 1500 });

const EXT = path.join(DIST, 'chrome');
if (!fs.existsSync(path.join(EXT, 'overlay.css')))
  throw new Error('run `npm run build` first (with the same TACT_DIST)');
const server = await startBenchServer(path.join(ROOT, 'demo', 'site'), EXT);
const tactUrl = `${server.origin}${pagePath}`;
/** The popups' site: another origin of the same server, where Tact is turned off (`prepare`). */
const popupOrigin = server.otherOrigin;
const results = new Map<BrowserKind, Map<Scenario, Sample[]>>();
let failed = false;

/** The warm runs in one browser, and Chromium's cold runs (it stops its service worker over CDP). */
async function warmRuns(kind: BrowserKind, samples: Map<Scenario, Sample[]>): Promise<void> {
  const browser = await launch(kind);
  try {
    await prepare(browser, popupOrigin);
    let probe = await browser.openExtensionPage('popup.html');
    const page = await browser.newPage();
    // A smoke run discards no first run: its figures mean little anyway.
    for (let i = smoke ? 1 : 0; i <= runs; i++) {
      for (const s of SCENARIOS) {
        let sample: Sample;
        if (s === 'tact') ({ sample, probe } = await tactSample(browser, probe, page, tactUrl));
        else sample = await popupSample(page, `${popupOrigin}${pagePath}?bench=${s}`, s);
        // The first run of each pays one-time costs (first frame of a session, module loads).
        if (i > 0) samples.get(s)!.push(sample);
        process.stderr.write('.');
      }
    }
    if (kind === 'chromium') probe = await coldSamples(browser, probe, page, samples.get('tact-cold')!);
  } finally {
    await browser.close();
  }
}

try {
  for (const kind of browsers) {
    const samples = new Map<Scenario, Sample[]>([...SCENARIOS, 'tact-cold'].map((s) => [s as Scenario, []]));
    results.set(kind, samples);
    // Firefox's cold runs need a browser of their own (below): a smoke run launches it alongside
    // the warm one (each launch waits much of its time), a measuring run after the warm runs.
    const coldEarly = smoke && kind === 'firefox' && coldRuns > 0 ? launchCold() : undefined;
    coldEarly?.catch(() => undefined); // awaited below, where its failure is thrown
    try {
      await warmRuns(kind, samples);
    } catch (error) {
      await coldEarly?.then((cold) => cold.close()).catch(() => undefined);
      throw error;
    }
    if (kind === 'firefox' && coldRuns > 0) {
      const cold = await (coldEarly ?? launchCold());
      try {
        await prepare(cold, popupOrigin);
        const probe = await cold.openExtensionPage('popup.html');
        await coldSamples(cold, probe, await cold.newPage(), samples.get('tact-cold')!);
      } finally {
        await cold.close();
      }
    }
  }
} catch (error) {
  failed = true;
  console.error(`\n✖ bench:overlay: ${(error as Error).message}`);
} finally {
  await server.close();
}
process.stderr.write('\n');

function sizes(files: string[]): { raw: number; gzip: number } {
  const buf = Buffer.concat(files.map((f) => fs.readFileSync(path.join(EXT, f))));
  return { raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
}
const content = sizes(['content.js']);
const overlay = sizes(['overlay-frame.js', 'overlay.js', 'overlay.css', 'overlay.html']);
console.log(`Code size (dist/chrome, gzip -9): always-on content.js ${content.raw} B raw, ${content.gzip} B gzip;`);
console.log(
  `  overlay (loaded on show: overlay-frame.js, overlay.js, .css, .html) ${overlay.raw} B raw, ${overlay.gzip} B gzip`,
);
console.log(
  `\nExit → first paint / → interactive, ms: median (p90) of ${runs} warm runs (${smoke ? 'none' : 'the first'} discarded), ${coldRuns} with the background stopped; ${pagePath}`,
);
const cell = (xs: Sample[], k: keyof Sample) =>
  xs.length ? `${median(xs.map((x) => x[k])).toFixed(1)} (${p90(xs.map((x) => x[k])).toFixed(0)})` : '—';
const W = 42;
console.log(''.padEnd(W) + [...results.keys()].map((k) => `${k}: first paint   interactive`.padStart(34)).join('    '));
for (const s of ['tact', 'tact-cold', 'floor', 'shepherd-popup', 'intro-popup'] as Scenario[])
  console.log(
    LABELS[s].padEnd(W) +
      [...results.values()]
        .map((m) => `${cell(m.get(s)!, 'paint').padStart(20)}${cell(m.get(s)!, 'interactive').padStart(14)}`)
        .join('    '),
  );
console.log('');
for (const [kind, m] of results) {
  const tact = m.get('tact')!.map((x) => x.paint);
  const floor = m.get('floor')!.map((x) => x.paint);
  if (!tact.length || !floor.length) continue;
  const tag = kind === 'chromium' ? '' : ` [${kind}]`;
  console.log(
    `overlay${tag}: first-paint median ${median(tact).toFixed(1)} ms, floor ${median(floor).toFixed(1)} ms, ratio ${(median(tact) / median(floor)).toFixed(2)}`,
  );
}
process.exit(failed ? 1 : 0);
