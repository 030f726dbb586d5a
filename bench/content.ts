/**
 * Benchmark: what Tact costs the host page, in Chromium and Firefox, on one local page, in three cases (no
 * rule for the site, a rule applies and the visitor is idle, every detector armed) against the
 * same page with no extension, with one empty listener, with an empty content script, and with
 * peers' embed scripts (shepherd.js, intro.js, @typebot.io/js) loaded. Run `npm run build` first
 * (with TACT_DIST set, the bench uses $TACT_DIST/chrome, as the build and the e2e harness do).
 *
 *   npm run bench:content [-- --page FILE] [--runs 3] [--moves 1000] [--wheels 50] [--browsers chromium,firefox]
 *                         [--only none,tact-armed,...] [--arm exit-intent,scroll-depth,intent,...]
 *                         [--profile]   (top functions by self time in tact-armed's input phase; in Firefox,
 *                                        each sample's Tact time by the innermost function, Tact's or Firefox's
 *                                        WebExtensions code's)
 *                         [--profile-load]  (tact-idle's load window: top functions, and its script time by file:
 *                                        the always-on content.js against the files injected with the hello's answer;
 *                                        in Firefox, each sample's time in the extension's frames by the innermost
 *                                        function, Tact's or Firefox's WebExtensions code's, and the empty script's too)
 *                         [--interval MS]  (Firefox's profiler interval: 0.1 ms, 1 in a smoke run)
 *                         [--save FILE] (every Firefox sample as JSON)
 *                         [--pool FILE,FILE…] (no browser: the Firefox load verdicts over the samples
 *                                        several `--save` runs of one build wrote, pooled)
 *                         [--empty-script FILE] (the floor's content script: FILE's source instead of an
 *                                        empty one, e.g. bench/fixtures/listening-content-script.js, which
 *                                        adds the listeners Tact's load adds and nothing else)
 *                         [--fresh-history] (Firefox: each sample's tab forgets the pages before its blank
 *                                        page, so none is evicted from the back/forward cache in the load window)
 *                         [--collect]   (Firefox: the content processes are asked to collect their garbage a
 *                                        second before each load window, so earlier pages' is not collected in it)
 *                         [--smoke]     (1 run, 20 moves (10 in Firefox), 4 wheel steps, no intro/typebot, no warm-up
 *                                        load, shorter waits around the load and the input, two browsers
 *                                        launched instead of three in Chromium and up to five in Firefox:
 *                                        checks that the bench works, its figures mean little)
 *
 * Scenarios (each a fresh tab, runs interleaved, medians reported):
 *   none            no extension
 *   empty-listener  no extension; the page adds one empty passive mousemove and wheel listener
 *   empty-script    an extension whose content script is empty: what any content script costs
 *                   (Chromium creates an isolated world for it), the floor under Tact's cases
 *   tact-no-rule    Tact, whose only enabled rule is for another site: nothing can match here
 *   tact-idle       Tact, with the exit question's rule for this site: it applies, the visitor
 *                   is idle (the always-on script and the exit-intent detector)
 *   tact-armed      Tact, with shadow rules for every signal and every intent on this site (all
 *                   detectors armed; the dwell and idle thresholds beyond a sample's length, so
 *                   no signal is sent by the clock within one)
 *   shepherd, intro, typebot   no extension; the peer's embed script loaded and set up, not started
 *
 * Per scenario: bytes injected (raw / gzip, each file compressed on its own; tact-armed counts the
 * always-on content.js plus the detectors.js it imports), main-thread script time to load (CDP
 * Performance.getMetrics ScriptDuration, plus the microtasks the page's main thread ran outside any
 * script, read from a trace of the window: ScriptDuration leaves those out, and the continuation of
 * a promise an extension API resolves runs there, e.g. all a content script does after `await
 * chrome.runtime.sendMessage(…)`; the input's script time is counted the same way), retained JS heap after a forced GC (JSHeapUsedSize), long
 * tasks (a `longtask` PerformanceObserver added before the page's scripts), Tact's listeners (read
 * in its isolated world with DOMDebugger.getEventListeners), and the script and task time for the
 * visitor's arrival (a first move to the page's middle, until Tact armed) and for the input after
 * it: `moves` mouse moves (one per frame, as the browser delivers them) and `wheels` wheel steps.
 * Where a rule applies, Tact's load is its content script's run: one-shot listeners wait for the
 * visitor, no extension API is touched and no hello said; at the first move it says hello, and the
 * answer brings the detectors, which arm then, once per page view: that cost (the extension API's
 * first touch, the hello, the injection and the arming) is the arrival's figure, printed beside
 * the load and the input (each input's cost once armed).
 *
 * Firefox (`content-firefox.ts`): none, empty-listener, empty-script and the three Tact cases, the
 * same page and input, measured with Firefox's sampling profiler in the page's content process:
 * main-thread CPU time of the page's and extensions' scripts and DOM listeners (the counterpart
 * of ScriptDuration; the WebDriver BiDi agent's own work is left out), and of Tact's frames alone
 * (for tact-idle's load also by file: the always-on content.js against what is injected).
 */
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DIST, ROOT } from '../e2e/harness/common.ts';
import { CHROME_PATH, CHROMIUM_FLAGS, extensionFlags } from '../e2e/harness/chromium.ts';
import { DEFAULT_RULES } from '../src/core/flows/default-pack.ts';
import type { Trigger } from '../src/core/signals/signal-model.ts';
import { FLAG_SIGNALS, INTENTS } from '../src/core/signals/signal-kinds.ts';
import { PRESENCE_EVENTS } from '../src/core/signals/presence.ts';
import type { Rule } from '../src/core/rules/rule-model.ts';
import { browsersOption, flag, numberOption, option, smoke } from './bench-options.ts';
import { differenceInterval, median } from './bench-stats.ts';
import { peerBytes, sizeOf, startBenchServer, type PeerName } from './content-server.ts';
import { FIREFOX_SCENARIOS, firefoxContentCost, type FirefoxPhase, type FirefoxScenario } from './content-firefox.ts';

const runs = numberOption('runs', smoke ? 1 : 3);
/** In Chromium each move waits for the next frame (~16 ms): a smoke run makes 20. */
const moves = numberOption('moves', smoke ? 20 : 1000);
const wheels = numberOption('wheels', smoke ? 4 : 50);
/** In Firefox each move is a WebDriver BiDi round trip (~25 ms): a smoke run makes 10 there. */
const firefoxMoves = numberOption('moves', smoke ? 10 : 1000);
/** Firefox's profiler samples every 0.1 ms to measure; a smoke run every 1 ms (a tenth of the cost). */
const firefoxIntervalMs = numberOption('interval', smoke ? 1 : 0.1);
const pageFile = path.resolve(option('page', path.join(ROOT, 'demo/site/shop/trail-pack-28.html')));
if (!fs.existsSync(pageFile)) throw new Error(`no such page: ${pageFile}`);
/** The built Chrome extension: dist/chrome, or $TACT_DIST/chrome (as for `scripts/build.mjs`). */
const EXT = path.join(DIST, 'chrome');
const CONTENT = path.join(EXT, 'content.js');
if (!fs.existsSync(CONTENT))
  throw new Error(`${path.relative(ROOT, CONTENT)} is missing: run \`npm run build\` first (with the same TACT_DIST)`);
// The default page lives in the demo site, whose pages use root-relative links: serve the site.
const root = pageFile.startsWith(path.join(ROOT, 'demo/site')) ? path.join(ROOT, 'demo/site') : path.dirname(pageFile);
const pagePath = '/' + path.relative(root, pageFile).split(path.sep).join('/');

type TactCase = 'tact-no-rule' | 'tact-idle' | 'tact-armed';
/** The cases both browsers measure, and the peers' embed scripts. */
type Scenario = FirefoxScenario | PeerName;
const isTactCase = (s: Scenario): s is TactCase => s === 'tact-no-rule' || s === 'tact-idle' || s === 'tact-armed';
/** Every scenario: the cases both browsers measure, then the peers (Chromium only). */
const ALL: Scenario[] = [...FIREFOX_SCENARIOS, 'shepherd', 'intro', 'typebot'];
/** The smoke run leaves out the heavier peers (intro.js, Typebot): it only checks that the bench works. */
const only = option('only', smoke ? 'empty-listener,empty-script,tact-no-rule,tact-idle,tact-armed,shepherd' : '')
  .split(',')
  .filter(Boolean);
/** How long after the load event the load window lasts (hello, arming, peers' set-up). */
const settleMs = smoke ? 100 : 1500;
/**
 * The fixed waits after the arming (its first timers) and after the input (timers, the scroll's
 * end): shorter in a smoke run, which checks that every case runs and prints, not its figures.
 */
const armedTailMs = smoke ? 50 : 300;
const inputTailMs = smoke ? 100 : 600;
/**
 * A smoke run launches two browsers in each, not three in Chromium and up to five in Firefox (one
 * for each Tact case there, `tactBrowserPerCase`): the baselines without a content
 * script (none, empty-listener, the peers) load the page in the empty-script copy's browser, on the
 * server's other name (localhost), for which no rule registers its content script.
 */
const baselinesInFloor = smoke;
const SCENARIOS = ALL.filter((s) => s === 'none' || !only.length || only.includes(s));
/** Which trigger kinds tact-armed arms (all by default), for finding what costs what. */
const arm = option('arm', '').split(',').filter(Boolean);

interface Sample {
  /** Whether Tact's content script ran in the page (its isolated world was created). */
  injected: boolean;
  loadScriptMs: number;
  heapKb: number;
  longTasks: number;
  /**
   * The visitor's arrival: script for the first move and what follows it until Tact's detectors
   * armed (where a rule applies they are injected and armed then, once per page view).
   */
  arriveScriptMs: number;
  inputScriptMs: number;
  inputTaskMs: number;
  /** Tact's listeners after the load window (the one-shot ones waiting for the visitor, where a rule applies). */
  listeners: string;
  /** Tact's listeners after the input (the detectors', armed at its first move). */
  inputListeners: string;
}

/**
 * The window's one-shot listeners of the content script waiting for the visitor's first sign of
 * presence (core/signals/presence.ts), and its always-on `pageshow`.
 */
const NOT_ARMED = new Set<string>([...PRESENCE_EVENTS, 'pageshow']);
/** Whether Tact's listeners include a detector's (a type it does not listen to before arming). */
const armedWith = (listeners: string) => listeners.split(' ').some((type) => type && !NOT_ARMED.has(type));

const FLAGS = [
  ...CHROMIUM_FLAGS,
  // Measure the page, not Chromium's background-tab throttling.
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
];

/** Counts long tasks from the very start of each document, in the page's own world. */
const LONG_TASKS = `window.__longTasks = 0; try { new PerformanceObserver((l) => { window.__longTasks += l.getEntries().length; }).observe({ type: 'longtask', buffered: true }); } catch {}`;

async function launchContext(ext?: string): Promise<{ context: BrowserContext; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tact-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROME_PATH,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [...(ext ? extensionFlags(ext) : ['--disable-extensions']), ...FLAGS],
  });
  await context.addInitScript(LONG_TASKS);
  return { context, dir };
}

const metric = (m: { metrics: { name: string; value: number }[] }, name: string) =>
  m.metrics.find((x) => x.name === name)?.value ?? 0;

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

/** `--profile`: a CPU profile of the input phase of tact-armed, its top functions by self time. */
const PROFILE = flag('profile');
/** `--profile-load`: a CPU profile of the load window of tact-idle (what a page where a rule applies pays at load). */
const PROFILE_LOAD = flag('profile-load');
/** Where to write every Firefox sample as JSON (`--save FILE`), to pool the samples of several runs. */
const SAVE = option('save', '');
/**
 * `--empty-script FILE`: the floor's content script (the empty-script case) is FILE's source, not
 * `void 0;`, e.g. bench/fixtures/listening-content-script.js, which adds at load the listeners
 * Tact's content script adds and nothing else: Tact's load above it is what Tact's own code costs.
 */
const FLOOR_FILE = option('empty-script', '');
const FLOOR_SCRIPT = FLOOR_FILE ? fs.readFileSync(FLOOR_FILE, 'utf8') : 'void 0;\n';

/** How a run measured: its floor's file ('' for an empty script), `--fresh-history` and `--collect`. */
interface Method {
  floor: string;
  /**
   * `--fresh-history` (Firefox): before each load window, the tab forgets the pages before the
   * blank page, so none of them (the same case's page two samples back) is torn down inside it.
   */
  freshHistory: boolean;
  /**
   * `--collect` (Firefox): a second before each load window, the content processes are asked to
   * collect their garbage (the earlier pages' too), so that its collection does not fall inside it.
   */
  collect: boolean;
}
/** This run's method. */
const METHOD: Method = { floor: FLOOR_FILE, freshHistory: flag('fresh-history'), collect: flag('collect') };
/** Said atop a report measured otherwise than by default (this run's, or the pooled runs'). */
function printMethod(prefix: string, method: Method): void {
  if (method.floor)
    console.log(
      `${prefix}The floor (empty-script) is ${method.floor}, not an empty script: each "above an empty content script" below is above it.`,
    );
  if (method.freshHistory)
    console.log(
      `${prefix}Each tab's history was forgotten before each load (--fresh-history): no earlier page is torn down in the load window.`,
    );
  if (method.collect)
    console.log(
      `${prefix}The content processes were asked to collect their garbage a second before each load (--collect), so that earlier pages' is not collected in the load window.`,
    );
}

function printProfile(
  title: string,
  profile: {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
    samples?: number[];
    timeDeltas?: number[];
  },
): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  (profile.samples ?? []).forEach((id, i) => {
    const f = byId.get(id)!;
    const key = `${f.functionName || '(anonymous)'} ${f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000);
  });
  const top = [...self]
    .filter(([k]) => !k.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25);
  process.stderr.write(
    `\nProfile of ${title} (self ms):\n${top.map(([k, v]) => `  ${v.toFixed(2).padStart(8)}  ${k}`).join('\n')}\n`,
  );
}

/**
 * `--profile-load`: where tact-idle's load goes, by script: each sample's time goes to the
 * innermost frame of an extension's file on its stack (content.js, or what the background injects:
 * detectors.js, overlay-frame.js), so native work a file calls (the extension bindings, DOM calls)
 * counts as that file's; else to "page" (an http(s) frame), else to the sample's own node
 * ("(program)": the thread outside JavaScript; "(garbage collector)"; a native function called
 * by no script, e.g. the bench's own long-task observer).
 */
function loadSplit(profile: {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  samples?: number[];
  timeDeltas?: number[];
}): Map<string, number> {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ownerOf = new Map<number, string>();
  const owner = (id: number): string => {
    const known = ownerOf.get(id);
    if (known) return known;
    let found: string | undefined;
    let page = false;
    for (let at: number | undefined = id; at !== undefined && !found; at = parent.get(at)) {
      const { url } = byId.get(at)!.callFrame;
      if (url.startsWith('chrome-extension://')) found = path.basename(new URL(url).pathname);
      else if (url.startsWith('http')) page = true;
    }
    const name = found ?? (page ? 'page' : byId.get(id)!.callFrame.functionName || '(no script URL)');
    ownerOf.set(id, name);
    return name;
  };
  const split = new Map<string, number>();
  (profile.samples ?? []).forEach((id, i) => {
    const name = owner(id);
    if (name !== '(idle)') split.set(name, (split.get(name) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000);
  });
  return split;
}
/** tact-idle's load split of each sample (`--profile-load`). */
const loadSplits: Map<string, number>[] = [];

/** The fields of Chrome's trace events read here. */
interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; beginData?: { url?: string } };
}

/** Script that ScriptDuration counts when outermost (Blink's ExecuteScript and CallFunction probes). */
const COUNTED_SCRIPT = new Set(['EvaluateScript', 'v8.evaluateModule', 'FunctionCall']);

/** Traces what `run` makes the browser do, with the events of Chrome's Performance panel. */
async function traced(cdp: CDPSession, run: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  const collect = (e: { value: object[] }) => events.push(...(e.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  const complete = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['devtools.timeline', 'v8.execute', '__metadata'] },
    transferMode: 'ReportEvents',
  });
  try {
    await run();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', collect);
  }
  return events;
}

/** The page's renderer main thread: in the process that parsed its HTML. */
function pageMainThread(events: readonly TraceEvent[], pageUrl: string): { pid: number; tid: number } {
  const pid = events.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url === pageUrl)?.pid;
  const main = events.find((e) => e.name === 'thread_name' && e.pid === pid && e.args?.name === 'CrRendererMain');
  if (!main) throw new Error(`no renderer main thread for ${pageUrl} in the trace`);
  return main;
}

/**
 * Thread time (ms) of the microtasks the page's main thread ran outside any script that
 * ScriptDuration counts: where a promise the browser resolved continues (an extension API's
 * answer, a fetch). Without them, all a content script does after `await
 * chrome.runtime.sendMessage(…)` is missing from the load figure: in a test extension, 5 ms of work
 * in such a continuation added nothing to ScriptDuration, the same work in the message's callback
 * 5 ms (Chromium 156, 2026-12-04). The trace has them as `RunMicrotasks` (category `v8.execute`).
 */
function outerMicrotaskMs(events: readonly TraceEvent[], main: { pid: number; tid: number }): number {
  let countedUntil = -1;
  let ms = 0;
  for (const e of events
    .filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid)
    .sort((a, b) => a.ts - b.ts)) {
    const end = e.ts + (e.dur ?? 0);
    if (e.name === 'RunMicrotasks' && e.ts >= countedUntil) ms += (e.tdur ?? e.dur ?? 0) / 1000;
    if (COUNTED_SCRIPT.has(e.name)) countedUntil = Math.max(countedUntil, end);
  }
  return ms;
}

/**
 * One sample. `waitForArming` (a rule applies): the load window lasts until Tact has listeners
 * beyond the always-on `pageshow`, its one-shot listeners waiting for the visitor (added as its
 * content script runs); the hello and the detectors' arming come at the visitor's first move (the
 * background injects them with the hello's answer): the arrival window is that move until they
 * listen, paid once per page view, and the input window the moves and wheel steps after it, what
 * every input costs with them armed. The sample fails if they did not arm.
 */
async function measure(
  context: BrowserContext,
  url: string,
  waitForArming = false,
  profileLoad = false,
): Promise<Sample> {
  const page: Page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const contexts: { id: number; name: string }[] = [];
  cdp.on('Runtime.executionContextCreated', (e) => contexts.push({ id: e.context.id, name: e.context.name }));
  await cdp.send('Runtime.enable');
  // Durations in thread time (CPU time of the page's main thread), not wall time: other processes
  // competing for the cores do not inflate them.
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  await page.bringToFront();
  const profilingLoad = PROFILE_LOAD && profileLoad;
  if (profilingLoad) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
  }
  /** Script time of the bench's own looks into Tact's world while waiting (not the page's cost). */
  let probeMs = 0;
  const probe = async () => {
    const before = await cdp.send('Performance.getMetrics');
    const found = await tactListeners(cdp, contexts);
    probeMs +=
      (metric(await cdp.send('Performance.getMetrics'), 'ScriptDuration') - metric(before, 'ScriptDuration')) * 1000;
    return found;
  };
  let m0 = await cdp.send('Performance.getMetrics');
  let m1 = m0;
  const loadEvents = await traced(cdp, async () => {
    m0 = await cdp.send('Performance.getMetrics');
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(settleMs); // hello, arming, peers' set-up
    if (waitForArming) {
      const until = Date.now() + 15_000;
      while (!(await probe()).split(' ').some((type) => type && type !== 'pageshow')) {
        if (Date.now() > until) throw new Error(`Tact did not arm its detectors on ${url} within 15 s`);
        await page.waitForTimeout(100);
      }
      await page.waitForTimeout(armedTailMs); // the rest of the arming (first timers)
    }
    if (profilingLoad) {
      const { profile } = await cdp.send('Profiler.stop');
      printProfile(`the load of ${url}`, profile);
      loadSplits.push(loadSplit(profile));
    }
    await cdp.send('HeapProfiler.collectGarbage');
    m1 = await cdp.send('Performance.getMetrics');
  });
  const mainThread = pageMainThread(loadEvents, url);
  const listeners = await tactListeners(cdp, contexts);
  const loadProbeMs = probeMs;

  probeMs = 0;
  let a0 = m1;
  let a1 = m1;
  const arriveEvents = await traced(cdp, async () => {
    a0 = await cdp.send('Performance.getMetrics');
    await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: 640, y: 450 }); // Tact arms at this move
    if (waitForArming) {
      const until = Date.now() + 15_000;
      while (!armedWith(await probe())) {
        if (Date.now() > until)
          throw new Error(`Tact did not arm its detectors at the first move on ${url} within 15 s`);
        await page.waitForTimeout(20);
      }
    }
    await page.waitForTimeout(armedTailMs); // the arming's first timers
    a1 = await cdp.send('Performance.getMetrics');
  });

  const profiling = PROFILE && waitForArming;
  if (profiling) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
  }
  let m2 = m1;
  let m3 = m1;
  const inputEvents = await traced(cdp, async () => {
    m2 = await cdp.send('Performance.getMetrics');
    for (let i = 0; i < moves; i++) {
      // A slow zigzag over the page's content, never near the top edge (no exit intent).
      const x = 100 + ((i * 7) % 1080);
      const y = 140 + ((i * 13) % 620);
      await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
    }
    for (let i = 0; i < wheels; i++)
      await cdp.send('Input.dispatchMouseEvent', {
        type: 'mouseWheel',
        x: 640,
        y: 450,
        deltaX: 0,
        deltaY: i < wheels / 2 ? 100 : -100,
      });
    await page.waitForTimeout(inputTailMs); // let timers and the scroll's end run
    m3 = await cdp.send('Performance.getMetrics');
  });
  const inputListeners = await tactListeners(cdp, contexts);
  if (waitForArming && !armedWith(inputListeners))
    throw new Error(`Tact did not arm its detectors at the input on ${url} (its listeners: ${inputListeners})`);
  if (profiling) printProfile('the input phase', (await cdp.send('Profiler.stop')).profile);
  const longTasks = (await page.evaluate(() => (window as unknown as { __longTasks: number }).__longTasks)) ?? 0;
  await page.close();
  return {
    injected: contexts.some((c) => c.name === 'Tact'),
    loadScriptMs:
      (metric(m1, 'ScriptDuration') - metric(m0, 'ScriptDuration')) * 1000 -
      loadProbeMs +
      outerMicrotaskMs(loadEvents, mainThread),
    arriveScriptMs:
      (metric(a1, 'ScriptDuration') - metric(a0, 'ScriptDuration')) * 1000 -
      probeMs +
      outerMicrotaskMs(arriveEvents, mainThread),
    heapKb: metric(m1, 'JSHeapUsedSize') / 1024,
    longTasks,
    inputScriptMs:
      (metric(m3, 'ScriptDuration') - metric(m2, 'ScriptDuration')) * 1000 + outerMicrotaskMs(inputEvents, mainThread),
    inputTaskMs: (metric(m3, 'TaskDuration') - metric(m2, 'TaskDuration')) * 1000,
    listeners,
    inputListeners,
  };
}

/** tact-armed's dwell and idle thresholds (s): far beyond any sample's length (see `applyRules`). */
const TIME_THRESHOLD_S = 600;

/** Asks Tact's background through an extension page, as the options page does. */
type Ask = (type: string, payload: unknown) => Promise<unknown>;

/**
 * Tact's rules for one case: every rule turned off, then one exit rule for another site
 * (`tact-no-rule`), the exit question's rule for this page's site (`tact-idle`), or a shadow rule
 * for every signal and intent on this page's site (`tact-armed`; `arm` narrows it to some kinds).
 */
async function applyRules(ask: Ask, kase: TactCase, origin: string, arm: readonly string[] = []): Promise<void> {
  const { rules } = (await ask('workspace/get', null)) as { rules: Rule[] };
  for (const rule of rules) if (rule.enabled) await ask('rules/save', { rule: { ...rule, enabled: false } });
  const exitRule = DEFAULT_RULES.find((r) => r.id === 'exit-anywhere')!;
  const on = (site: string): Rule['conditions'] => [{ kind: 'url', match: 'prefix', pattern: `${site}/` }];
  if (kase !== 'tact-armed') {
    const site = kase === 'tact-no-rule' ? 'https://elsewhere.example' : origin;
    await ask('rules/save', { rule: { ...exitRule, enabled: true, conditions: on(site) } });
    return;
  }
  const triggers: Trigger[] = [
    { signal: 'exit-intent' },
    ...([25, 50, 75, 100] as const).map((atLeast) => ({ signal: 'scroll-depth', atLeast }) as const),
    // Armed (their timers set) but never reached within a sample: a time threshold fires by the
    // clock, not by the input, and a 30 s one fell inside the input window only on a slow machine
    // (Firefox under load, where 1 000 moves outlast it), where its delivery (the page view's first
    // signal: the page context, the quiet snapshot, the message) made the input 2-3x as costly.
    { signal: 'dwell', seconds: TIME_THRESHOLD_S },
    { signal: 'idle', seconds: TIME_THRESHOLD_S },
    { signal: 'hesitation', selector: '.price, button, a', ms: 1500 },
    ...FLAG_SIGNALS.map((signal) => ({ signal })),
    ...INTENTS.map((intent) => ({ signal: 'intent', intent, atLeast: 0.5 }) as const),
  ];
  const base = DEFAULT_RULES[0]!;
  for (const [i, trigger] of triggers.entries()) {
    if (arm.length && !arm.includes(trigger.signal)) continue;
    await ask('rules/save', {
      rule: {
        ...base,
        id: `bench-${i}`,
        name: `Bench ${i}`,
        enabled: true,
        shadow: true,
        trigger,
        conditions: on(origin),
        frequency: { every: 'page-view' },
      },
    });
  }
}

/** The rules of one case, set through Chromium's options page. */
async function setRules(context: BrowserContext, kase: TactCase, origin: string): Promise<void> {
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 15_000 });
  const page = await context.newPage();
  await page.goto(`chrome-extension://${new URL(worker.url()).host}/options.html`);
  await applyRules(
    async (type, payload) => {
      const reply = await page.evaluate(
        ({ type, payload }) =>
          chrome.runtime.sendMessage<unknown, { ok: boolean; value: unknown; error?: string }>({
            protocol: 'tact/1',
            type,
            payload,
          }),
        { type, payload },
      );
      if (!reply?.ok) throw new Error(`${type}: ${reply?.error}`);
      return reply.value;
    },
    kase,
    origin,
    arm,
  );
  await page.close();
}

const ms = (v: number) => v.toFixed(2);

/** The issue's target for the load where a rule applies: ms of script above an empty content script. */
const LOAD_TARGET_MS = 2;
/**
 * One line of the report, headed `label`: Tact's load above the empty content script's, the
 * median's difference, against its target, with the 95 % bootstrap interval its samples allow
 * (`differenceInterval`): met where the whole interval is under the target, missed where it is
 * over, otherwise not settled by this run, nor by fewer than five samples a case, whose bootstrap
 * says little (the Firefox profiler's figures come in lumps, and three samples a case rarely
 * settle 2 ms there).
 */
function loadAgainstTarget(label: string, tact: number[], empty: number[]): string {
  const d = differenceInterval(tact, empty);
  const verdict =
    Math.min(tact.length, empty.length) < 5
      ? 'too few samples to say'
      : d.high <= LOAD_TARGET_MS
        ? 'met'
        : d.low > LOAD_TARGET_MS
          ? 'missed'
          : 'not settled';
  return `${`${label}:`.padEnd(22)} ${ms(d.estimate)} ms above an empty content script (95 % interval ${ms(d.low)} to ${ms(d.high)} over ${tact.length} and ${empty.length} samples; target ≤ ${LOAD_TARGET_MS} ms: ${verdict})`;
}
/** Each name's median over `splits` (0 in a split without it), the largest first. */
function mediansByName(splits: ReadonlyMap<string, number>[]): [string, number][] {
  const names = [...new Set(splits.flatMap((split) => [...split.keys()]))];
  return names
    .map((name): [string, number] => [name, median(splits.map((split) => split.get(name) ?? 0))])
    .sort((a, b) => b[1] - a[1]);
}

/** `--pool FILE,FILE…`: the saved samples (`--save`) whose Firefox loads to pool, instead of measuring. */
const POOL = option('pool', '').split(',').filter(Boolean);
if (POOL.length) {
  printPooledLoads(POOL);
  process.exit(0);
}

/**
 * The load verdicts (`loadAgainstTarget`) over the Firefox samples of several saved runs, pooled:
 * one run's thirty samples a case leave an interval about 1.5 ms wide. Idle and armed are also
 * pooled together, as at load both run the same code (nothing arms before the visitor shows up).
 * Throws, naming the file, where one holds no empty content script's samples or a malformed case,
 * and where the runs were measured against different floors (`--empty-script`).
 */
function printPooledLoads(files: string[]): void {
  const loadsOf = new Map<string, number[]>();
  const describe = (m: Method) =>
    `${m.floor || 'an empty content script'} as the floor${m.freshHistory ? ", the tab's history forgotten before each load (--fresh-history)" : ''}${m.collect ? ', the garbage collected before each load (--collect)' : ''}`;
  let method: Method | undefined;
  for (const file of files) {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const its: Method = {
      floor: typeof saved.floor === 'string' ? saved.floor : '',
      freshHistory: saved.freshHistory === true,
      collect: saved.collect === true,
    };
    if (method && describe(its) !== describe(method))
      throw new Error(
        `${file} was measured with ${describe(its)}, the files before it with ${describe(method)}: such runs are not pooled`,
      );
    method = its;
    const loads = (s: string) => {
      const xs = saved[s] as { load?: { script?: unknown } }[] | undefined;
      if (xs === undefined && s !== 'empty-script') return [];
      if (!Array.isArray(xs) || !xs.every((x) => typeof x?.load?.script === 'number'))
        throw new Error(`${file}: no ${s} samples with a load (not a file \`--save\` wrote)`);
      return xs.map((x) => x.load!.script as number);
    };
    for (const s of ['empty-script', 'tact-idle', 'tact-armed'])
      loadsOf.set(s, [...(loadsOf.get(s) ?? []), ...loads(s)]);
  }
  const empty = loadsOf.get('empty-script')!;
  const cases: [string, number[]][] = [
    ['tact-idle', loadsOf.get('tact-idle') ?? []],
    ['tact-armed', loadsOf.get('tact-armed') ?? []],
  ];
  if (cases.every(([, xs]) => xs.length)) cases.push(['both', cases.flatMap(([, xs]) => xs)]);
  console.log(`[firefox] the load of ${files.length} saved run(s), pooled: ${files.join(', ')}`);
  printMethod('[firefox] ', method!);
  for (const [s, xs] of cases)
    if (xs.length)
      console.log(`[firefox]   ${loadAgainstTarget(s === 'both' ? 'idle and armed load' : `${s}'s load`, xs, empty)}`);
}

/** Which browsers to measure (both by default). */
const browsers = browsersOption(['chromium', 'firefox']);
const server = await startBenchServer(root);
try {
  if (browsers.includes('chromium')) await chromiumPart();
  if (browsers.includes('firefox')) await firefoxPart();
} finally {
  await server.close();
}

/** The Chromium part: CDP Performance metrics in the page's main thread. */
async function chromiumPart(): Promise<void> {
  /** A copy of the built extension whose content script does nothing. */
  function emptyScriptExtension(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tact-bench-ext-'));
    fs.cpSync(EXT, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'content.js'), FLOOR_SCRIPT);
    return dir;
  }
  const emptyExt = emptyScriptExtension();
  const emptyScriptBytes = sizeOf([path.join(emptyExt, 'content.js')]);
  const shared = baselinesInFloor && SCENARIOS.includes('empty-script');
  // Launched side by side (each launch waits much of its time), as the Firefox part does.
  const [tact, floor, ownPlain] = await Promise.all([
    launchContext(EXT),
    SCENARIOS.includes('empty-script') ? launchContext(emptyExt) : undefined,
    shared ? undefined : launchContext(),
  ]);
  const plain = ownPlain ?? floor!;
  const samples = new Map<Scenario, Sample[]>(SCENARIOS.map((s) => [s, []]));
  const started = Date.now();
  try {
    const url = (query = '', origin = server.origin) => `${origin}${pagePath}${query}`;
    const plainOrigin = shared ? server.otherOrigin : server.origin;
    // Warm up both browsers (first navigations pay one-time costs); not in a smoke run.
    if (!smoke) await measure(plain.context, url('', plainOrigin)).catch(() => undefined);
    // The copy's content script is registered only for the sites its rules name, as Tact's is: give
    // it the idle case's rule, or the floor would measure a page without any content script.
    if (floor) await setRules(floor.context, 'tact-idle', server.origin);
    let rulesFor: TactCase | undefined;
    for (let r = 0; r < runs; r++) {
      for (const s of SCENARIOS) {
        if (isTactCase(s)) {
          if (rulesFor !== s) await setRules(tact.context, (rulesFor = s), server.origin);
          samples.get(s)!.push(await measure(tact.context, url(), s !== 'tact-no-rule', s === 'tact-idle'));
        } else if (s === 'empty-script') samples.get(s)!.push(await measure(floor!.context, url()));
        else samples.get(s)!.push(await measure(plain.context, url(s === 'none' ? '' : `?bench=${s}`, plainOrigin)));
        process.stderr.write('.');
      }
    }
  } finally {
    for (const c of [ownPlain, tact, floor]) if (c) await c.context.close();
    for (const d of [ownPlain?.dir, tact.dir, floor?.dir, emptyExt])
      if (d) fs.rmSync(d, { recursive: true, force: true });
  }
  process.stderr.write('\n');
  const withScript = SCENARIOS.filter(
    (s) => !isTactCase(s) && s !== 'empty-script' && samples.get(s)!.some((x) => x.injected),
  );
  if (withScript.length) throw new Error(`a content script ran in ${withScript.join(', ')}: a baseline must have none`);
  if (samples.get('empty-script')?.some((x) => !x.injected))
    throw new Error('the empty content script was not injected: the floor would measure a page without one');

  const content = sizeOf([CONTENT]);
  /** Loaded by the content script only when needed (ES modules, see scripts/build.mjs). */
  const DETECTORS = path.join(EXT, 'detectors.js');
  const OVERLAY_FRAME = path.join(EXT, 'overlay-frame.js');
  const detectorsBytes = sizeOf([DETECTORS]);
  /** Two files: each compressed on its own. */
  const armedBytes = { raw: content.raw + detectorsBytes.raw, gzip: content.gzip + detectorsBytes.gzip };
  /** Tact's bytes in a case: none where its script was not injected, the detectors where it armed some. */
  const tactBytes = (s: TactCase) => {
    const first = samples.get(s)![0];
    if (!first?.injected) return { raw: 0, gzip: 0 };
    return armedWith(first.inputListeners) ? armedBytes : content;
  };
  const bytes = (s: Scenario) =>
    s === 'none'
      ? { raw: 0, gzip: 0 }
      : s === 'empty-script'
        ? emptyScriptBytes
        : isTactCase(s)
          ? tactBytes(s)
          : peerBytes(s);
  type Metric = keyof Omit<Sample, 'listeners' | 'inputListeners' | 'injected'>;
  const med = (s: Scenario, k: Metric) => median(samples.get(s)!.map((x) => x[k]));
  const base = (k: Metric) => med('none', k);
  const ratio = (v: number, b: number) => (b > 0.05 ? `${(v / b).toFixed(2)}×` : '—');

  console.log(
    `\nContent cost on ${path.relative(ROOT, pageFile)} — Chromium ${tact.context.browser()?.version() ?? ''}, ${runs} run(s) per scenario, medians; ${moves} mouse moves + ${wheels} wheel steps; ${Math.round((Date.now() - started) / 1000)} s`,
  );
  printMethod('', { ...METHOD, freshHistory: false, collect: false }); // Firefox's options: Chromium runs as always
  console.log(
    'ms of main-thread CPU time (CDP Performance metrics in thread time): "script" = ScriptDuration + microtasks run outside script (trace), "task" = TaskDuration;',
  );
  console.log(
    `Δ = above "none"; load = navigation to ${settleMs / 1000} s after the load event; arrival = the first move until Tact armed (once per page view); input = the mouse moves and wheel steps after it;`,
  );
  console.log('ratios are to "none" (no extension)\n');
  const columns: [string, number, (s: Scenario) => string][] = [
    ['scenario', 15, (s) => s],
    ['bytes raw', 10, (s) => String(bytes(s).raw)],
    ['gzip', 8, (s) => String(bytes(s).gzip)],
    ['load script', 13, (s) => ms(med(s, 'loadScriptMs'))],
    ['Δ', 8, (s) => ms(med(s, 'loadScriptMs') - base('loadScriptMs'))],
    ['ratio', 8, (s) => ratio(med(s, 'loadScriptMs'), base('loadScriptMs'))],
    ['heap KB', 9, (s) => med(s, 'heapKb').toFixed(0)],
    ['ratio', 7, (s) => ratio(med(s, 'heapKb'), base('heapKb'))],
    ['long tasks', 11, (s) => String(Math.max(...samples.get(s)!.map((x) => x.longTasks)))],
    ['arrival', 9, (s) => ms(med(s, 'arriveScriptMs'))],
    ['Δ', 7, (s) => ms(med(s, 'arriveScriptMs') - base('arriveScriptMs'))],
    ['input script', 14, (s) => ms(med(s, 'inputScriptMs'))],
    ['Δ', 8, (s) => ms(med(s, 'inputScriptMs') - base('inputScriptMs'))],
    ['input task', 12, (s) => med(s, 'inputTaskMs').toFixed(1)],
    ['ratio', 7, (s) => ratio(med(s, 'inputTaskMs'), base('inputTaskMs'))],
  ];
  console.log(columns.map(([h, w], i) => (i ? h.padStart(w) : h.padEnd(w))).join(''));
  for (const sc of SCENARIOS)
    console.log(columns.map(([, w, f], i) => (i ? f(sc).padStart(w) : f(sc).padEnd(w))).join(''));

  const listenerOf = (s: Scenario, k: 'listeners' | 'inputListeners') =>
    samples.get(s)?.[0] ? samples.get(s)![0]![k] || '(none)' : '(not measured)';
  console.log('');
  for (const s of SCENARIOS.filter(isTactCase))
    console.log(
      `Tact's listeners, ${s.padEnd(12)} ${samples.get(s)![0]!.injected ? `after the load: ${listenerOf(s, 'listeners')}; after the input: ${listenerOf(s, 'inputListeners')}` : '(content script not injected)'}`,
    );
  /** The script time a scenario adds to the page's, above "none". */
  const cost = (s: Scenario, k: Metric) => med(s, k) - base(k);
  const loads = (s: Scenario) => samples.get(s)!.map((x) => x.loadScriptMs);
  const has = (...s: Scenario[]) => s.every((x) => SCENARIOS.includes(x));
  console.log(
    `\nThe three cases (load: script from navigation to ${settleMs / 1000} s after load; arrival: script for the first move until armed, once per page view; input: script for the input after it):`,
  );
  if (has('tact-no-rule', 'empty-script')) {
    const load = cost('tact-no-rule', 'loadScriptMs');
    console.log(
      `  no rule for this site:  load ${ms(load)} ms above no extension (an empty content script: ${ms(cost('empty-script', 'loadScriptMs'))} ms), input ${ms(cost('tact-no-rule', 'inputScriptMs'))} ms (target: nothing at all)`,
    );
  }
  if (has('tact-idle', 'empty-script', 'empty-listener')) {
    const input = cost('tact-idle', 'inputScriptMs') / cost('empty-listener', 'inputScriptMs');
    const arrival = med('tact-idle', 'arriveScriptMs') - med('empty-listener', 'arriveScriptMs');
    console.log(
      `  a rule applies, idle:   load ${ms(med('tact-idle', 'loadScriptMs') - med('empty-script', 'loadScriptMs'))} ms above an empty content script, arrival ${ms(arrival)} ms above one empty listener's (the arming, once), input ${input.toFixed(2)}× one empty listener`,
    );
  }
  if (has('tact-armed', 'empty-listener', 'empty-script')) {
    const armed = cost('tact-armed', 'inputScriptMs');
    const empty = cost('empty-listener', 'inputScriptMs');
    const arrival = med('tact-armed', 'arriveScriptMs') - med('empty-listener', 'arriveScriptMs');
    console.log(
      `  all detectors armed:    load ${ms(med('tact-armed', 'loadScriptMs') - med('empty-script', 'loadScriptMs'))} ms above an empty content script, arrival ${ms(arrival)} ms above one empty listener's (the arming, once), input task ${(med('tact-armed', 'inputTaskMs') / base('inputTaskMs')).toFixed(2)}× no extension, input script ${ms(armed)} ms vs ${ms(empty)} ms for one empty listener = ${(armed / empty).toFixed(2)}× (target ≤ 1.3×)`,
    );
  }
  for (const s of ['tact-idle', 'tact-armed'] as const)
    if (has(s, 'empty-script')) console.log(`  ${loadAgainstTarget(`${s}'s load`, loads(s), loads('empty-script'))}`);
  if (loadSplits.length) {
    // "(program)" is the thread's time outside JavaScript (the page's parsing, style, layout…).
    const parts = mediansByName(loadSplits).filter(([name, v]) => name !== '(program)' && v >= 0.005);
    const total = parts.reduce((sum, [, v]) => sum + v, 0);
    console.log(
      `\nWhere tact-idle's load goes, by script (CPU profile sampled every 50 µs, which inflates every figure: compare shares; medians of ${loadSplits.length}; JavaScript only, "(program)" left out):`,
    );
    for (const [name, v] of parts)
      console.log(`  ${name.padEnd(22)} ${ms(v).padStart(7)} ms  ${((100 * v) / total).toFixed(0).padStart(3)} %`);
  }
  console.log(
    `Always-on content script: ${content.raw} B raw, ${content.gzip} B gzip (the build's budget: 4 000 B gzip, scripts/size-budget.mjs)`,
  );
  for (const [file, when] of [
    [DETECTORS, 'only where a plan is not empty'],
    [OVERLAY_FRAME, 'only with a conversation'],
  ] as const) {
    const size = sizeOf([file]);
    console.log(`  + ${path.basename(file)}: ${size.raw} B raw, ${size.gzip} B gzip, loaded ${when}`);
  }
}

/**
 * The Firefox part: main-thread CPU time of the page's content process from Firefox's sampling
 * profiler, by owner (`content-firefox.ts`), each case against the same baselines, in the same run.
 */
async function firefoxPart(): Promise<void> {
  const started = Date.now();
  const samples = await firefoxContentCost({
    origin: server.origin,
    pagePath,
    runs,
    moves: firefoxMoves,
    wheels,
    settleMs,
    intervalMs: firefoxIntervalMs,
    armedTailMs,
    inputTailMs,
    warmUp: !smoke,
    tactBrowserPerCase: !smoke,
    baselinesAt: baselinesInFloor ? server.otherOrigin : undefined,
    only,
    emptyScript: FLOOR_SCRIPT,
    freshHistory: METHOD.freshHistory,
    collect: METHOD.collect,
    setRules: (ask, kase) => applyRules(ask, kase, server.origin, arm),
  });
  process.stderr.write('\n');
  type Phase = 'load' | 'arrive' | 'input';
  const med = (s: FirefoxScenario, p: Phase, k: keyof FirefoxPhase) => median(samples.get(s)!.map((x) => x[p][k]));
  const spread = (s: FirefoxScenario, p: Phase, k: keyof FirefoxPhase) => {
    const xs = samples.get(s)!.map((x) => x[p][k]);
    return `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;
  };
  const cost = (s: FirefoxScenario, p: Phase, k: keyof FirefoxPhase) => med(s, p, k) - med('none', p, k);
  const loads = (s: FirefoxScenario) => samples.get(s)!.map((x) => x.load.script);
  console.log(
    `\n[firefox] Content cost on ${path.relative(ROOT, pageFile)}, ${runs} run(s) per scenario, medians (min–max); ${firefoxMoves} mouse moves + ${wheels} wheel steps; ${Math.round((Date.now() - started) / 1000)} s`,
  );
  printMethod('[firefox] ', METHOD);
  console.log(
    `[firefox] ms of main-thread CPU time of the page's content process, from the Gecko profiler (${firefoxIntervalMs} ms samples weighted by CPU time): "script" = the page's and extensions' scripts and DOM listeners (not the BiDi agent's),`,
  );
  console.log(
    '[firefox] "tact" = samples with an extension\'s frame on the stack (its scripts, the WebExtensions code injecting them and carrying their messages), "task" = every sample; Δ = above "none"\n',
  );
  const columns: [string, number, (s: FirefoxScenario) => string][] = [
    ['scenario', 15, (s) => s],
    ['load script', 12, (s) => ms(med(s, 'load', 'script'))],
    ['min–max', 13, (s) => spread(s, 'load', 'script')],
    ['Δ', 7, (s) => ms(cost(s, 'load', 'script'))],
    ['tact', 7, (s) => ms(med(s, 'load', 'tact'))],
    ['task', 8, (s) => med(s, 'load', 'task').toFixed(1)],
    ['arrival', 9, (s) => ms(med(s, 'arrive', 'script'))],
    ['Δ', 7, (s) => ms(cost(s, 'arrive', 'script'))],
    ['input script', 13, (s) => ms(med(s, 'input', 'script'))],
    ['min–max', 13, (s) => spread(s, 'input', 'script')],
    ['Δ', 7, (s) => ms(cost(s, 'input', 'script'))],
    ['tact', 7, (s) => ms(med(s, 'input', 'tact'))],
    ['task', 8, (s) => med(s, 'input', 'task').toFixed(1)],
  ];
  console.log(columns.map(([h, w], i) => (i ? h.padStart(w) : h.padEnd(w))).join(''));
  for (const sc of samples.keys())
    console.log(columns.map(([, w, f], i) => (i ? f(sc).padStart(w) : f(sc).padEnd(w))).join(''));
  const has = (...s: FirefoxScenario[]) => s.every((x) => samples.has(x));
  /** "—" where one empty listener's script took no sample (under 0.1 ms: a smoke run's 56 events). */
  const times = (v: number, empty: number) => (empty > 0 ? `${(v / empty).toFixed(2)}×` : '—×');
  console.log(
    `\n[firefox] The three cases (load: script from navigation to ${settleMs / 1000} s after load; arrival: script for the first move and ${armedTailMs} ms after it, where Tact arms, once per page view; input: script for the input after it):`,
  );
  if (has('tact-no-rule', 'empty-script'))
    console.log(
      `[firefox]   no rule for this site:  load ${ms(cost('tact-no-rule', 'load', 'script'))} ms above no extension (an empty content script: ${ms(cost('empty-script', 'load', 'script'))} ms), input ${ms(cost('tact-no-rule', 'input', 'script'))} ms (target: nothing at all)`,
    );
  if (has('tact-idle', 'empty-script', 'empty-listener'))
    console.log(
      `[firefox]   a rule applies, idle:   load ${ms(med('tact-idle', 'load', 'script') - med('empty-script', 'load', 'script'))} ms above an empty content script (in Tact's frames ${ms(med('tact-idle', 'load', 'tact') - med('empty-script', 'load', 'tact'))} ms), arrival ${ms(med('tact-idle', 'arrive', 'script') - med('empty-listener', 'arrive', 'script'))} ms above one empty listener's (the arming, once), input ${times(cost('tact-idle', 'input', 'script'), cost('empty-listener', 'input', 'script'))} one empty listener`,
    );
  const idle = samples.get('tact-idle');
  if (idle?.length) {
    const parts = mediansByName(idle.map((x) => new Map(Object.entries(x.loadByFile))));
    console.log(
      `[firefox]   tact-idle's load in Tact's frames, by file (medians of ${idle.length}): ${parts.map(([name, v]) => `${name} ${ms(v)} ms`).join(', ')}; with a garbage or cycle collection on the stack ("GC / CC") ${ms(median(idle.map((x) => x.loadTactGc)))} ms (max ${ms(Math.max(...idle.map((x) => x.loadTactGc)))})`,
    );
  }
  if (has('tact-armed', 'empty-script', 'empty-listener')) {
    const armed = cost('tact-armed', 'input', 'script');
    const empty = cost('empty-listener', 'input', 'script');
    console.log(
      `[firefox]   all detectors armed:    load ${ms(med('tact-armed', 'load', 'script') - med('empty-script', 'load', 'script'))} ms above an empty content script, arrival ${ms(med('tact-armed', 'arrive', 'script') - med('empty-listener', 'arrive', 'script'))} ms above one empty listener's (the arming, once), input script ${ms(armed)} ms vs ${ms(empty)} ms for one empty listener = ${times(armed, empty)} (target ≤ 1.3×)`,
    );
    if (PROFILE) printByFunction('tact-armed', 'input');
  }
  for (const s of ['tact-idle', 'tact-armed'] as const)
    if (has(s, 'empty-script'))
      console.log(`[firefox]   ${loadAgainstTarget(`${s}'s load`, loads(s), loads('empty-script'))}`);
  if (SAVE) {
    // How the run measured, with its samples: runs measured otherwise are not pooled with them.
    const saved = {
      ...(METHOD.floor ? { floor: METHOD.floor } : {}),
      ...(METHOD.freshHistory ? { freshHistory: true } : {}),
      ...(METHOD.collect ? { collect: true } : {}),
      ...Object.fromEntries(samples),
    };
    fs.writeFileSync(SAVE, JSON.stringify(saved, null, 1));
    console.log(`[firefox]   every sample written to ${SAVE}`);
  }
  if (PROFILE_LOAD && idle?.length) {
    // The empty content script's too: what any content script's load costs in the same functions.
    if (samples.get('empty-script')?.length) printByFunction('empty-script', 'load');
    printByFunction('tact-idle', 'load');
  }

  /**
   * Each sample's time in an extension's frames in one phase, by the innermost function of the
   * extension's files, or of Firefox's WebExtensions code where none is on the stack (its top eight).
   */
  function printByFunction(s: 'empty-script' | 'tact-idle' | 'tact-armed', phase: 'load' | 'input'): void {
    for (const [i, x] of samples.get(s)!.entries()) {
      const top = Object.entries(phase === 'load' ? x.loadByFunction : x.inputByFunction)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8);
      console.log(
        `[firefox]   ${s} sample ${i + 1}, ${phase}: script ${ms(x[phase].script)} ms, the extension's frames ${ms(x[phase].tact)} ms; by the innermost function: ${top.map(([f, v]) => `${f} ${ms(v)}`).join('; ')}`,
      );
    }
  }
}
