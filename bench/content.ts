/**
 * Benchmark: what the always-on content script costs the host page, in Chromium, on one local
 * page, against the same page with no extension and with peers' embed scripts (shepherd.js,
 * intro.js, @typebot.io/js) loaded. Run `npm run build` first.
 *
 *   npm run bench:content [-- --page FILE] [--runs 3] [--moves 1000] [--wheels 50]
 *                         [--only none,tact-armed,...] [--arm exit-intent,scroll-depth,intent,...]
 *
 * Scenarios (each a fresh tab, runs interleaved, medians reported):
 *   none            no extension
 *   empty-listener  no extension; the page adds one empty passive mousemove and wheel listener
 *   tact-idle       Tact, with no rule that applies (an empty arming plan)
 *   tact-armed      Tact, with shadow rules for every signal and every intent (all detectors armed)
 *   shepherd, intro, typebot   no extension; the peer's embed script loaded and set up, not started
 *
 * Per scenario: bytes injected (raw / gzip), main-thread script time to load (CDP
 * Performance.getMetrics ScriptDuration), retained JS heap after a forced GC (JSHeapUsedSize), long
 * tasks (a `longtask` PerformanceObserver added before the page's scripts), Tact's listeners (read
 * in its isolated world with DOMDebugger.getEventListeners), and the script and task time for the
 * input: `moves` mouse moves (one per frame, as the browser delivers them) and `wheels` wheel steps.
 */
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../e2e/harness/common.ts';
import { CHROME_PATH } from '../e2e/harness/chromium.ts';
import { DEFAULT_RULES } from '../src/core/default-pack.ts';
import { FLAG_SIGNALS, INTENTS, type Trigger } from '../src/core/signal-model.ts';
import type { Rule } from '../src/core/model.ts';
import { peerBytes, sizeOf, startBenchServer, type PeerName } from './content-server.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const runs = Number(opt('runs', '3'));
const moves = Number(opt('moves', '1000'));
const wheels = Number(opt('wheels', '50'));
const pageFile = path.resolve(opt('page', path.join(ROOT, 'demo/site/shop/trail-pack-28.html')));
if (!fs.existsSync(pageFile)) throw new Error(`no such page: ${pageFile}`);
const CONTENT = path.join(ROOT, 'dist/chrome/content.js');
if (!fs.existsSync(CONTENT)) throw new Error('dist/chrome/content.js is missing: run `npm run build` first');
// The default page lives in the demo site, whose pages use root-relative links: serve the site.
const root = pageFile.startsWith(path.join(ROOT, 'demo/site')) ? path.join(ROOT, 'demo/site') : path.dirname(pageFile);
const pagePath = '/' + path.relative(root, pageFile).split(path.sep).join('/');

type Scenario = 'none' | 'empty-listener' | 'tact-idle' | 'tact-armed' | PeerName;
const ALL: Scenario[] = ['none', 'empty-listener', 'tact-idle', 'tact-armed', 'shepherd', 'intro', 'typebot'];
const only = opt('only', '').split(',').filter(Boolean);
const SCENARIOS = ALL.filter((s) => s === 'none' || !only.length || only.includes(s));
/** Which trigger kinds tact-armed arms (all by default), for finding what costs what. */
const arm = opt('arm', '').split(',').filter(Boolean);

interface Sample {
  loadScriptMs: number;
  heapKb: number;
  longTasks: number;
  inputScriptMs: number;
  inputTaskMs: number;
  listeners: string;
}

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Measure the page, not Chromium's background-tab throttling.
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
];

/** Counts long tasks from the very start of each document, in the page's own world. */
const LONG_TASKS = `window.__longTasks = 0; try { new PerformanceObserver((l) => { window.__longTasks += l.getEntries().length; }).observe({ type: 'longtask', buffered: true }); } catch {}`;

async function launchContext(withTact: boolean): Promise<{ context: BrowserContext; dir: string }> {
  const ext = path.join(ROOT, 'dist', 'chrome');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tact-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROME_PATH,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [...(withTact ? [`--disable-extensions-except=${ext}`, `--load-extension=${ext}`] : ['--disable-extensions']), ...FLAGS],
  });
  await context.addInitScript(LONG_TASKS);
  return { context, dir };
}

const metric = (m: { metrics: { name: string; value: number }[] }, name: string) => m.metrics.find((x) => x.name === name)?.value ?? 0;

/** Tact's listeners on window, document and the root element, read in its isolated world. */
async function tactListeners(cdp: CDPSession, contexts: { id: number; name: string }[]): Promise<string> {
  const world = contexts.filter((c) => c.name === 'Tact').at(-1);
  if (!world) return '';
  const found: string[] = [];
  for (const expression of ['window', 'document', 'document.documentElement']) {
    const { result } = await cdp.send('Runtime.evaluate', { expression, contextId: world.id });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
    found.push(...listeners.map((l) => l.type));
  }
  return found.sort().join(' ');
}

async function measure(context: BrowserContext, url: string): Promise<Sample> {
  const page: Page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const contexts: { id: number; name: string }[] = [];
  cdp.on('Runtime.executionContextCreated', (e) => contexts.push({ id: e.context.id, name: e.context.name }));
  await cdp.send('Runtime.enable');
  await cdp.send('Performance.enable');
  await page.bringToFront();
  const m0 = await cdp.send('Performance.getMetrics');
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(1500); // hello, arming, peers' set-up
  await cdp.send('HeapProfiler.collectGarbage');
  const m1 = await cdp.send('Performance.getMetrics');
  const listeners = await tactListeners(cdp, contexts);

  const m2 = await cdp.send('Performance.getMetrics');
  await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: 640, y: 450 });
  for (let i = 0; i < moves; i++) {
    // A slow zigzag over the page's content, never near the top edge (no exit intent).
    const x = 100 + ((i * 7) % 1080);
    const y = 140 + ((i * 13) % 620);
    await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
  }
  for (let i = 0; i < wheels; i++) await cdp.send('Input.dispatchMouseEvent', { type: 'mouseWheel', x: 640, y: 450, deltaX: 0, deltaY: i < wheels / 2 ? 100 : -100 });
  await page.waitForTimeout(600); // let frame callbacks and timers run
  const m3 = await cdp.send('Performance.getMetrics');
  const longTasks = (await page.evaluate(() => (window as unknown as { __longTasks: number }).__longTasks)) ?? 0;
  await page.close();
  return {
    loadScriptMs: (metric(m1, 'ScriptDuration') - metric(m0, 'ScriptDuration')) * 1000,
    heapKb: metric(m1, 'JSHeapUsedSize') / 1024,
    longTasks,
    inputScriptMs: (metric(m3, 'ScriptDuration') - metric(m2, 'ScriptDuration')) * 1000,
    inputTaskMs: (metric(m3, 'TaskDuration') - metric(m2, 'TaskDuration')) * 1000,
    listeners,
  };
}

/** Rules for the extension context: `armed` = a shadow rule for every signal and intent, on every URL. */
async function setRules(context: BrowserContext, armed: boolean): Promise<void> {
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 15_000 });
  const page = await context.newPage();
  await page.goto(`chrome-extension://${new URL(worker.url()).host}/options.html`);
  const ask = async (type: string, payload: unknown) => {
    const reply = (await page.evaluate(({ type, payload }) => chrome.runtime.sendMessage({ protocol: 'tact/1', type, payload }), { type, payload })) as { ok: boolean; value: unknown; error?: string };
    if (!reply?.ok) throw new Error(`${type}: ${reply?.error}`);
    return reply.value;
  };
  const { rules } = (await ask('workspace/get', null)) as { rules: Rule[] };
  for (const rule of rules) await ask('rules/save', { rule: { ...rule, enabled: false } });
  if (armed) {
    const triggers: Trigger[] = [
      { signal: 'exit-intent' },
      ...([25, 50, 75, 100] as const).map((atLeast) => ({ signal: 'scroll-depth', atLeast }) as const),
      { signal: 'dwell', seconds: 30 },
      { signal: 'idle', seconds: 30 },
      { signal: 'hesitation', selector: '.price, button, a', ms: 1500 },
      ...FLAG_SIGNALS.map((signal) => ({ signal })),
      ...INTENTS.map((intent) => ({ signal: 'intent', intent, atLeast: 0.5 }) as const),
    ];
    const base = DEFAULT_RULES[0]!;
    for (const [i, trigger] of triggers.entries()) {
      if (arm.length && !arm.includes(trigger.signal)) continue;
      await ask('rules/save', { rule: { ...base, id: `bench-${i}`, name: `Bench ${i}`, enabled: true, shadow: true, trigger, conditions: [], frequency: { every: 'page-view' } } });
    }
  }
  await page.close();
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const server = await startBenchServer(root);
const plain = await launchContext(false);
const tact = await launchContext(true);
const samples = new Map<Scenario, Sample[]>(SCENARIOS.map((s) => [s, []]));
const started = Date.now();
try {
  const url = (query = '') => `${server.origin}${pagePath}${query}`;
  // Warm up both browsers (first navigations pay one-time costs).
  await measure(plain.context, url()).catch(() => undefined);
  let armed: boolean | undefined;
  for (let r = 0; r < runs; r++) {
    for (const s of SCENARIOS) {
      if (s === 'tact-idle' || s === 'tact-armed') {
        if (armed !== (s === 'tact-armed')) await setRules(tact.context, (armed = s === 'tact-armed'));
        samples.get(s)!.push(await measure(tact.context, url()));
      } else samples.get(s)!.push(await measure(plain.context, url(s === 'none' ? '' : `?bench=${s}`)));
      process.stderr.write('.');
    }
  }
} finally {
  await plain.context.close();
  await tact.context.close();
  for (const d of [plain.dir, tact.dir]) fs.rmSync(d, { recursive: true, force: true });
  await server.close();
}
process.stderr.write('\n');

const content = sizeOf([CONTENT]);
const bytes = (s: Scenario) => (s === 'none' ? { raw: 0, gzip: 0 } : s === 'tact-idle' || s === 'tact-armed' ? content : peerBytes(s));
const med = (s: Scenario, k: keyof Omit<Sample, 'listeners'>) => median(samples.get(s)!.map((x) => x[k]));
const base = (k: keyof Omit<Sample, 'listeners'>) => med('none', k);
const ratio = (v: number, b: number) => (b > 0.05 ? `${(v / b).toFixed(2)}×` : '—');
const pad = (v: string, n: number) => v.padStart(n);

console.log(`\nContent cost on ${path.relative(ROOT, pageFile)} — Chromium ${tact.context.browser()?.version() ?? ''}, ${runs} run(s) per scenario, medians; ${moves} mouse moves + ${wheels} wheel steps; ${Math.round((Date.now() - started) / 1000)} s`);
console.log('ratios are to "none" (no extension); input Δ is the script time above "none"\n');
console.log(`${'scenario'.padEnd(15)}${pad('bytes raw', 11)}${pad('gzip', 9)}${pad('load script', 13)}${pad('ratio', 8)}${pad('heap KB', 10)}${pad('ratio', 8)}${pad('long tasks', 12)}${pad('input script', 14)}${pad('input Δ', 10)}${pad('input task', 12)}${pad('ratio', 8)}`);
for (const s of SCENARIOS) {
  const b = bytes(s);
  const load = med(s, 'loadScriptMs');
  const heap = med(s, 'heapKb');
  const input = med(s, 'inputScriptMs');
  const task = med(s, 'inputTaskMs');
  console.log(
    `${s.padEnd(15)}${pad(String(b.raw), 11)}${pad(String(b.gzip), 9)}${pad(`${load.toFixed(2)} ms`, 13)}${pad(ratio(load, base('loadScriptMs')), 8)}${pad(heap.toFixed(0), 10)}${pad(ratio(heap, base('heapKb')), 8)}${pad(String(Math.max(...samples.get(s)!.map((x) => x.longTasks))), 12)}${pad(`${input.toFixed(2)} ms`, 14)}${pad(`${(input - base('inputScriptMs')).toFixed(2)}`, 10)}${pad(`${task.toFixed(1)} ms`, 12)}${pad(ratio(task, base('inputTaskMs')), 8)}`,
  );
}
const listenerOf = (s: Scenario) => samples.get(s)![0]?.listeners || '(none)';
console.log(`\nTact's listeners, tact-idle:  ${listenerOf('tact-idle')}`);
console.log(`Tact's listeners, tact-armed: ${listenerOf('tact-armed')}`);
if (!SCENARIOS.includes('empty-listener') || !SCENARIOS.includes('tact-armed')) process.exit(0);
const emptyCost = med('empty-listener', 'inputScriptMs') - base('inputScriptMs');
const armedCost = med('tact-armed', 'inputScriptMs') - base('inputScriptMs');
const idleCost = med('tact-idle', 'inputScriptMs') - base('inputScriptMs');
console.log(`\nInput handling, all detectors armed: ${armedCost.toFixed(2)} ms vs ${emptyCost.toFixed(2)} ms for one empty listener = ${(armedCost / emptyCost).toFixed(2)}× (target ≤ 1.5×)`);
console.log(`Input handling, no applicable rule: ${idleCost.toFixed(2)} ms above no extension (target: indistinguishable)`);
console.log(`Always-on content script: ${content.raw} B raw, ${content.gzip} B gzip (target ≤ 4096 B gzip)`);
