/**
 * Results of a busy site: `npm run bench:results [-- options]`.
 *
 * In Chromium, a throwaway copy of the built extension with a seeding page (bench/results-page.ts)
 * fills the extension's own IndexedDB as a marketer's would be after weeks on a busy site: 30
 * flows, 20 000 conversations, about 200 000 events over 90 days (every one through the real
 * `appendEvents`), 5 000 free-text answers, two A/B tests with their logs. Then what one answer's
 * write costs on that log (`appendEvents` as the background writes a step), and as the marketer:
 *  - the background's answer to each request the Results views send (median of --runs, from the
 *    options page through the real message), against the baseline of reading every event of the
 *    log with a plain cursor, measured in the same run (the ratio says how far from "read it
 *    all" each request is);
 *  - the options page opened on Results: time to the overview table, then a flow's page (the
 *    busiest flow with a free-text question): its numbers, its answers to learn from, its A/B
 *    Variants table; the CSV export (time and size); the page's JS heap; long tasks (> 50 ms, and
 *    how many over 200 ms) while it loads;
 *  - live results: new events announced every 100 ms for 3 s (a busy minute): how long until the
 *    numbers on screen move (the view reloads once per burst).
 * Screenshots go to --shots DIR (default /tmp/tact-bench-results).
 *
 * Options: --flows N --conversations N --events N --free-text N --days N --runs N --no-build
 * --smoke (tiny sizes). Exit code 0 whatever the numbers; 1 when something breaks.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { PROTOCOL } from '../src/shared/protocol.ts';
import type { ResultsBenchApi } from './results-page.ts';
import { flag, numberOption, option, smoke } from './bench-options.ts';
import { median } from './bench-stats.ts';
import { extensionWithBenchPage } from './bench-extension.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FLOWS = numberOption('flows', 30);
const CONVERSATIONS = numberOption('conversations', smoke ? 300 : 20_000);
const EVENTS = numberOption('events', smoke ? 3_000 : 200_000);
const FREE_TEXT = numberOption('free-text', smoke ? 100 : 5_000);
const DAYS = numberOption('days', 90);
const RUNS = numberOption('runs', smoke ? 1 : 5);
const SHOTS = option('shots', path.join(os.tmpdir(), 'tact-bench-results'));

const fmtMs = (ms: number) => (ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`);
const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');

function fail(message: string): never {
  console.error(`bench:results: ${message}`);
  process.exit(1);
}

/** A throwaway copy of the built extension with the seeding page. */
async function benchExtension(): Promise<string> {
  const distRoot = path.resolve(ROOT, process.env.TACT_DIST || 'dist');
  const dist = path.join(distRoot, 'chrome');
  if (!flag('no-build')) {
    const b = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
    if (b.status !== 0) fail(`the build failed:\n${b.stderr || b.stdout}`);
  }
  if (!fs.existsSync(path.join(dist, 'manifest.json'))) fail(`no built extension in ${dist} (run without --no-build)`);
  const ext = path.join(distRoot, 'bench-results-ext');
  await extensionWithBenchPage(ROOT, dist, ext, path.join(ROOT, 'bench', 'results-page.ts'));
  return ext;
}

/**
 * Installed in the options page before its scripts: records long tasks and the files offered
 * for download (their size and when), without saving them.
 */
function instrument(): void {
  const w = window as unknown as { benchLong: number[]; benchFiles: { name: string; size: number; at: number }[] };
  w.benchLong = [];
  w.benchFiles = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.benchLong.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
  const sizes = new Map<string, number>();
  const create = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (o: Blob | MediaSource) => {
    const url = create(o);
    if (o instanceof Blob) sizes.set(url, o.size);
    return url;
  };
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    if (this.download)
      w.benchFiles.push({ name: this.download, size: sizes.get(this.href) ?? -1, at: performance.now() });
  };
}

async function ask(page: Page, type: string, payload: unknown): Promise<{ ms: number; bytes: number }> {
  return page.evaluate(
    async ([protocol, type, payload]) => {
      const t0 = performance.now();
      const reply = await chrome.runtime.sendMessage<unknown, { ok: boolean; error?: string; value?: unknown }>({
        protocol,
        type,
        payload,
      });
      const ms = performance.now() - t0;
      if (!reply?.ok) throw new Error(`${type}: ${reply?.error ?? 'no reply'}`);
      return { ms, bytes: JSON.stringify(reply.value).length };
    },
    [PROTOCOL, type, payload] as const,
  );
}

/** Milliseconds since the page's navigation started, once each selector matches at least its count of elements. */
async function readyAt(page: Page, ready: [string, number][], timeout = 120_000): Promise<number> {
  await page.waitForFunction(
    (all) => all.every(([selector, n]) => document.querySelectorAll(selector).length >= n),
    ready,
    { timeout, polling: 20 },
  );
  return page.evaluate(() => performance.now());
}

async function longTasks(page: Page, since = 0): Promise<{ count: number; over200: number; longest: number }> {
  const all = await page.evaluate(() => (window as unknown as { benchLong: number[] }).benchLong);
  const xs = all.slice(since);
  return { count: xs.length, over200: xs.filter((d) => d > 200).length, longest: Math.max(0, ...xs) };
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1e6;
}

const started = performance.now();
const { chromium } = await import('playwright-core');
const { CHROME_PATH, CHROMIUM_FLAGS, extensionBaseOf, extensionFlags } = await import('../e2e/harness/chromium.ts');
const ext = await benchExtension();
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tact-bench-results-'));
fs.mkdirSync(SHOTS, { recursive: true });
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: CHROME_PATH,
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: [...extensionFlags(ext), ...CHROMIUM_FLAGS],
});
try {
  const base = await extensionBaseOf(context);
  const worker = context.serviceWorkers()[0]!;
  const seeder = await context.newPage();
  seeder.on('pageerror', (e) => console.error(`  [seed page error] ${e.message}`));
  await seeder.goto(base + 'bench.html');
  await seeder.waitForFunction(() => document.title === 'tact results bench ready', undefined, { timeout: 15_000 });
  const call = <K extends keyof ResultsBenchApi>(
    name: K,
    ...args: Parameters<ResultsBenchApi[K]>
  ): Promise<Awaited<ReturnType<ResultsBenchApi[K]>>> =>
    seeder.evaluate(([n, a]) => (window.tactResults[n] as (...x: unknown[]) => unknown)(...(a as unknown[])), [
      name,
      args,
    ] as const) as never;

  const seeded = await call('seed', {
    flows: FLOWS,
    conversations: CONVERSATIONS,
    events: EVENTS,
    freeText: FREE_TEXT,
    days: DAYS,
    seed: 7,
  });
  const counts = await call('counts');
  const flowId = seeded.freeTextFlowIds[0]!;
  console.log(
    `Seeded in ${(seeded.ms / 1000).toFixed(0)} s: ${seeded.flowIds.length} flows, ${fmtInt(counts.conversations)} conversations, ${fmtInt(counts.events)} events over ${DAYS} days (${fmtInt(counts.rollups)} rollup counters), ${fmtInt(seeded.freeText)} free-text answers, ${fmtInt(seeded.exposures)} A/B exposures in 2 tests.`,
  );
  console.log(
    `Flow measured: ${flowId} (${fmtInt(counts.byFlow[flowId] ?? 0)} events, the busiest with a free-text question).`,
  );

  // What every answer costs on the full log: appendEvents as the background writes a step.
  const steps = await call('appendSteps', flowId, smoke ? 5 : 100);
  console.log(
    `appendEvents as the background writes a step (2 events, one transaction, default durability) on the full log: median ${fmtMs(median(steps))} per transaction (${steps.length} runs); seeding: ${fmtInt((counts.events / seeded.ms) * 1000)} events/s in transactions of 5 000`,
  );

  // ------------------------------------------------------------ the background's answers
  const options = await context.newPage();
  await options.addInitScript(instrument);
  options.on('pageerror', (e) => console.error(`  [options page error] ${e.message}`));
  await options.goto(base + 'options.html#flows');
  await options.waitForFunction(() => document.querySelector('tact-options'), undefined, { timeout: 30_000 });
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
  const requests: [string, string, unknown][] = [
    ['workspace/get', 'workspace/get', null],
    ['stats/overview (30 days)', 'stats/overview', { from, to }],
    ['stats/flow (30 days)', 'stats/flow', { flowId, from, to }],
    ['answers/free-text', 'answers/free-text', { flowId }],
    ['experiments/results', 'experiments/results', {}],
    ['results/conversations (30 days)', 'results/conversations', { flowId, from, to }],
    ['results/conversations (all)', 'results/conversations', { flowId }],
  ];
  const baseline: number[] = [];
  const times = new Map<string, number[]>(requests.map(([label]) => [label, []]));
  const bytes = new Map<string, number>();
  // Interleaved: each round reads the baseline once, then every request once.
  for (let i = 0; i < RUNS; i++) {
    baseline.push((await call('scanAll')).ms);
    for (const [label, type, payload] of requests) {
      const r = await ask(options, type, payload);
      times.get(label)!.push(r.ms);
      bytes.set(label, r.bytes);
    }
  }
  const base0 = median(baseline);
  console.log(
    `\nThe background's answers (median of ${RUNS}, through the real message from the options page), against reading all ${fmtInt(counts.events)} events with a plain cursor (median ${fmtMs(base0)}):`,
  );
  for (const [label] of requests) {
    const ms = median(times.get(label)!);
    console.log(
      `  ${label.padEnd(34)} ${fmtMs(ms).padStart(9)}  ${(ms / base0).toFixed(3)}× the cursor  reply ${fmtInt(bytes.get(label)! / 1000)} KB`,
    );
  }

  // ------------------------------------------------------------ the marketer's page
  const views: [string, number][] = [];
  // From a blank page each time, so `performance.now()` counts from the navigation.
  await options.goto('about:blank');
  await options.goto(base + 'options.html#results');
  const overviewMs = await readyAt(options, [
    ['#results-overview tbody tr', seeded.flowIds.length],
    ['tact-ab-test-results table, tact-ab-test-results .empty', 1],
  ]);
  views.push(['Results overview (all flows, A/B tables)', overviewMs]);
  const overviewLong = await longTasks(options);
  await options.screenshot({ path: path.join(SHOTS, 'overview.png'), fullPage: true });
  await options.goto('about:blank');
  await options.goto(base + `options.html#results?flow=${flowId}`);
  const kpiMs = await readyAt(options, [['#kpi-shown', 1]]);
  views.push(["a flow's numbers and charts", kpiMs]);
  const abMs = await readyAt(options, [['tact-ab-test-results table, tact-ab-test-results .empty', 1]]);
  views.push(["a flow's A/B Variants table", abMs]);
  const learnMs = await readyAt(options, [['#learn .learn-group, #learn-empty', 1]]);
  views.push(["a flow's answers to learn from", learnMs]);
  const flowLong = await longTasks(options);
  const learnGroups = await options.evaluate(() => document.querySelectorAll('#learn .learn-group').length);
  const learnAnswers = await options.evaluate(() => document.querySelectorAll('#learn .learn-answers li').length);
  const domNodes = await options.evaluate(() => document.querySelectorAll('*').length);
  await options.screenshot({ path: path.join(SHOTS, 'flow.png'), fullPage: true });
  const heap = await heapMb(options);

  // The CSV export of the flow's conversations (the default range: the last 30 days).
  const exports: { ms: number; size: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const before = await options.evaluate(() => (window as unknown as { benchFiles: unknown[] }).benchFiles.length);
    const t0 = await options.evaluate(() => performance.now());
    await options.click('#results-export-csv');
    await options.waitForFunction(
      (n) => (window as unknown as { benchFiles: unknown[] }).benchFiles.length > n,
      before,
      { timeout: 120_000, polling: 20 },
    );
    const file = await options.evaluate(() =>
      (window as unknown as { benchFiles: { size: number; at: number }[] }).benchFiles.at(-1)!,
    );
    exports.push({ ms: file.at - t0, size: file.size });
  }
  const exportLong = await longTasks(options, flowLong.count);

  // Live: events announced every 100 ms for 3 s; when does the shown count on screen move?
  const liveLongFrom = (await longTasks(options)).count;
  const shownBefore = await options.evaluate(() => document.querySelector('#kpi-shown')?.textContent ?? '');
  const liveStart = await options.evaluate(() => performance.now());
  await options.evaluate(() => {
    const w = window as unknown as { benchMoved?: number; benchShown: string };
    w.benchShown = document.querySelector('#kpi-shown')?.textContent ?? '';
    const timer = setInterval(() => {
      if ((document.querySelector('#kpi-shown')?.textContent ?? '') === w.benchShown) return;
      w.benchMoved ??= performance.now();
      clearInterval(timer);
    }, 5);
  });
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    await call('live', flowId, 1);
    // Announced by the background itself, as it does after its own writes (background.ts).
    await worker.evaluate(
      ([protocol, id]) =>
        chrome.runtime
          .sendMessage({ protocol, type: 'events/appended', payload: { flowIds: [id], types: ['shown', 'completed'] } })
          .catch(() => undefined),
      [PROTOCOL, flowId] as const,
    );
    await new Promise((r) => setTimeout(r, Math.max(0, 100 - (performance.now() - t))));
  }
  const streamEnd = await options.evaluate(() => performance.now());
  const moved = await options
    .waitForFunction(() => (window as unknown as { benchMoved?: number }).benchMoved, undefined, { timeout: 10_000 })
    .then((h) => h.jsonValue() as Promise<number>)
    .catch(() => undefined);
  const liveLong = await longTasks(options, liveLongFrom);
  const shownAfter = await options.evaluate(() => document.querySelector('#kpi-shown')?.textContent ?? '');

  // ------------------------------------------------------------ report
  console.log('\nThe options page (Chromium, from navigation; the page reads through the background):');
  for (const [label, ms] of views) console.log(`  ${label.padEnd(42)} ${fmtMs(ms).padStart(9)}`);
  console.log(
    `  long tasks loading the overview: ${overviewLong.count} (> 200 ms: ${overviewLong.over200}, longest ${fmtMs(overviewLong.longest)}); the flow's page: ${flowLong.count} (> 200 ms: ${flowLong.over200}, longest ${fmtMs(flowLong.longest)})`,
  );
  console.log(
    `  the flow's page: ${fmtInt(domNodes)} elements, ${learnGroups} groups of answers to learn from (${learnAnswers} answers listed), JS heap ${heap.toFixed(1)} MB`,
  );
  const exportMs = median(exports.map((e) => e.ms));
  console.log(
    `  CSV export of the flow's last 30 days: median ${fmtMs(exportMs)}, ${fmtInt(exports[0]!.size / 1000)} KB; long tasks ${exportLong.count} (> 200 ms: ${exportLong.over200}, longest ${fmtMs(exportLong.longest)})`,
  );
  console.log(
    `  live: events announced every 100 ms for ${((streamEnd - liveStart) / 1000).toFixed(1)} s; the numbers moved ${moved === undefined ? 'never (10 s after the stream)' : `${fmtMs(moved - liveStart)} after the first (${moved < streamEnd ? 'during' : 'after'} the stream)`}, ${shownBefore.trim()} → ${shownAfter.trim()}; long tasks ${liveLong.count} (> 200 ms: ${liveLong.over200})`,
  );
  console.log(
    `results: overview ${fmtMs(overviewMs)}, flow ${fmtMs(Math.max(kpiMs, abMs, learnMs))}, export ${fmtMs(exportMs)}, cursor over all events ${fmtMs(base0)}, flow page / cursor ${(Math.max(kpiMs, abMs, learnMs) / base0).toFixed(2)}`,
  );
  console.log(`Screenshots: ${SHOTS}/overview.png, ${SHOTS}/flow.png`);
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
  fs.rmSync(ext, { recursive: true, force: true });
}
console.log(`bench:results done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
