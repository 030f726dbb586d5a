/**
 * `bench:content` in Firefox (puppeteer-core over WebDriver BiDi, launched as the e2e harness
 * launches it): the same page, input and cases as in Chromium, against the same page without the
 * extension, with one empty listener and with an empty content script, in the same run.
 *
 * Firefox has no counterpart of CDP's Performance metrics, so the time is read from Firefox's own
 * sampling profiler (the Gecko profiler, `Services.profiler`, started from the browser window's
 * privileged scope, which `--remote-allow-system-access` opens to BiDi): every 0.1 ms (1 ms in a smoke run) it samples
 * the main thread of the tab's content process only (`pid:` filter), with JavaScript frames and the
 * thread's CPU time since the previous sample (so time off the CPU, while other processes or the
 * profiler's own pauses hold it, counts for nothing). Each sample's CPU time goes to the innermost
 * owner on its stack:
 *   - "script": the innermost owner is a script of the page (an http(s) frame), of an extension
 *     (moz-extension://, or the WebExtensions code that injects content scripts and carries their
 *     messages, resource://gre/modules/Extension*), or a DOM event listener's entry
 *     (`EventListener.handleEvent`, before its function's frame is on the stack). Work of the
 *     browser's own scripts (the BiDi agent that performs the input, actors) is not script, even
 *     when a page's listener runs beneath it: the listener is the innermost owner. This is the
 *     counterpart of Chromium's ScriptDuration.
 *   - "tact": any frame on the stack is an extension's (script or WebExtensions code): the
 *     extension's own share, whatever the page does around it.
 *   - "task": every sample (script, style, layout, GC, the BiDi agent's work).
 * The profile is gathered after each sample and summed in the browser; only the sums come back.
 * Tact's share of the load is also split by file and by whether a frame of the profiler's "GC / CC"
 * category is on the stack (a collection Tact's code triggered; measured: median 0, at most
 * 1.8–2.6 ms in 24 samples, so no sample forces one first).
 *
 * Each sample navigates one tab: to a blank page of the same site, then to the page. Where a rule
 * covers the site, Tact's content script runs in the blank page too, and must stay quiet there: its
 * hello as it went away (its unload's `visibilitychange` was taken for the visitor until
 * 2026-12-06) ran in the page's load window, and the files injected with the answer landed in the
 * page. The sample fails if any page view but the page's was recorded since the blank page.
 */
import type { Browser, Page } from 'puppeteer-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DIST, sleep, waitUntil } from '../e2e/harness/common.ts';
import type { TactPage } from '../e2e/harness/index.ts';
// puppeteer-core and the harness's browsers are imported when Firefox is measured: a run of
// bench:content in Chromium alone (`--browsers chromium`, a smoke run's) does not load them.

/** The cases measured in Firefox: the same as Chromium's, without the peers. */
export const FIREFOX_SCENARIOS = [
  'none',
  'empty-listener',
  'empty-script',
  'tact-no-rule',
  'tact-idle',
  'tact-armed',
] as const;
export type FirefoxScenario = (typeof FIREFOX_SCENARIOS)[number];
type FirefoxTactCase = Extract<FirefoxScenario, `tact-${string}`>;

/** One phase (the load, the visitor's arrival or the input) of one sample: ms of main-thread CPU time, by owner (see above). */
export interface FirefoxPhase {
  script: number;
  tact: number;
  task: number;
}
export interface FirefoxSample {
  load: FirefoxPhase;
  /** The first move and the `armedTailMs` after it, where a rule applies the detectors' injection and arming. */
  arrive: FirefoxPhase;
  input: FirefoxPhase;
  /**
   * The load's "tact" time by the innermost extension file on the stack (content.js, detectors.js,
   * overlay-frame.js), or "WebExtensions code" where no file of the extension is on it (Firefox's
   * code injecting the scripts, setting up their API, carrying their messages).
   */
  loadByFile: Record<string, number>;
  /**
   * The part of the load's "tact" time with a frame of the profiler's "GC / CC" category on the
   * stack: a garbage or cycle collection slice that Tact's code happened to trigger.
   */
  loadTactGc: number;
  /**
   * The input's "tact" time by the innermost frame of the extension on the stack (its function,
   * file, line and column), or where no file of the extension is on the stack by the innermost
   * function of Firefox's WebExtensions code ("WebExtensions code: …", `--profile`).
   */
  inputByFunction: Record<string, number>;
  /** The load's "tact" time by the same innermost frame (`--profile-load`). */
  loadByFunction: Record<string, number>;
}

/** The profiler's buffer (8-byte entries: 64 MB, about 10 s of one busy thread sampled every 0.1 ms). */
const ENTRIES = 1 << 23;

/**
 * A sample whose page said its hello on its own, before any input: on a slow machine the load
 * window and the look after it outlasted the content script's fallback (3 s after it ran without
 * a sign of presence, content.ts), so the window may hold that hello and the first move is no
 * arrival. Taken again rather than counted (at most `VOID_RETRIES` times a sample).
 */
class VoidSample extends Error {}
const VOID_RETRIES = 2;
/** How long a sample waits for the content processes' collections it asked for (`collect`). */
const COLLECT_WAIT_MS = 1000;
/** Pinned so the moz-extension:// host is known before install (the empty-script copy has the same id). */
const ADDON_UUID = '0e1c6a52-94d4-4c5e-8a33-4a2b1e7d90b3';

/**
 * Runs in the browser window's privileged scope: gathers the profile, stops the profiler and sums
 * the tab process's main-thread samples in each window (ms since the parent process started, as
 * `getElapsedTime()` gives them). Plain JavaScript in a string: it runs in Firefox, not here.
 */
const SUMMARIZE = String.raw`async (pid, windows) => {
  const profile = await Services.profiler.getProfileDataAsync();
  Services.profiler.StopProfiler();
  const sums = windows.map(() => ({ script: 0, tact: 0, task: 0 }));
  const files = windows.map(() => ({}));
  const fns = windows.map(() => ({}));
  const tactGc = windows.map(() => 0);
  const GC = (profile.meta.categories ?? []).findIndex((c) => c.name === 'GC / CC');
  let threads = 0;
  const JS_FRAME = /(^|\()([a-z-]+:\/\/[^ ]*|self-hosted):\d+:\d+\)?(\[\d+\])?$/;
  const kindOf = (location) => {
    if (location.startsWith('EventListener.handleEvent')) return 'listener';
    const js = JS_FRAME.exec(location);
    if (!js) return null; // a label or a native frame: it belongs to whoever called it
    const url = js[2];
    if (url === 'self-hosted') return null; // the engine's built-ins, run for their caller
    if (url.startsWith('moz-extension://') || /^resource:\/\/gre\/modules\/(Extension|MessageChannel|Schemas)/.test(url)) return 'tact';
    if (url.startsWith('http://') || url.startsWith('https://')) return 'page';
    return 'browser';
  };
  for (const proc of profile.processes) {
    for (const t of proc.threads) {
      if (t.name !== 'GeckoMain' || String(t.pid) !== String(pid)) continue;
      threads++;
      const shift = proc.meta.startTime - profile.meta.startTime;
      const F = t.frameTable.schema, K = t.stackTable.schema, S = t.samples.schema;
      const frameKind = t.frameTable.data.map((f) => kindOf(t.stringTable[f[F.location]]));
      // Each frame of the extension's own files (moz-extension://): its file (content.js,
      // detectors.js…), for Tact's share by file, and its function, file, line and column.
      const frameExt = t.frameTable.data.map((f) => {
        const location = t.stringTable[f[F.location]];
        const url = JS_FRAME.exec(location)?.[2] ?? '';
        if (!url.startsWith('moz-extension://')) return undefined;
        return {
          file: url.slice(url.lastIndexOf('/') + 1),
          fn: location.replace(/moz-extension:\/\/[^/]+\//, '').replace(/\[\d+\]$/, ''),
        };
      });
      // Each frame of Firefox's WebExtensions code: its function and where (ExtensionContent…).
      const frameWx = t.frameTable.data.map((f, i) =>
        frameKind[i] === 'tact' && !frameExt[i]
          ? 'WebExtensions code: ' + t.stringTable[f[F.location]].replace(/resource:\/\/gre\/modules\//, '').replace(/\[\d+\]$/, '')
          : undefined,
      );
      // A stack's prefix always comes before it in the table: one pass gives each stack its owner,
      // its innermost frame of the extension's files (none: only Firefox's WebExtensions code) and
      // its innermost frame of that code (to name what it did, where no file of the extension is on it).
      const owner = [], withTact = [], ext = [], wx = [], withGc = [];
      t.stackTable.data.forEach((row, i) => {
        const prefix = row[K.prefix], kind = frameKind[row[K.frame]];
        const category = F.category === undefined ? null : t.frameTable.data[row[K.frame]][F.category];
        withGc[i] = (GC >= 0 && category === GC) || (prefix != null && withGc[prefix]);
        owner[i] = kind ?? (prefix == null ? null : owner[prefix]);
        withTact[i] = kind === 'tact' || (prefix != null && withTact[prefix]);
        ext[i] = frameExt[row[K.frame]] ?? (prefix == null ? undefined : ext[prefix]);
        wx[i] = frameWx[row[K.frame]] ?? (prefix == null ? undefined : wx[prefix]);
      });
      for (const row of t.samples.data) {
        const cpu = row[S.threadCPUDelta];
        if (!cpu || row[S.stack] == null) continue;
        const time = row[S.time] + shift;
        const w = windows.findIndex(([from, to]) => time > from && time <= to);
        if (w < 0) continue;
        const o = owner[row[S.stack]];
        sums[w].task += cpu / 1e6;
        if (o === 'page' || o === 'tact' || o === 'listener') sums[w].script += cpu / 1e6;
        if (withTact[row[S.stack]]) {
          sums[w].tact += cpu / 1e6;
          if (withGc[row[S.stack]]) tactGc[w] += cpu / 1e6;
          const { file = 'WebExtensions code', fn = wx[row[S.stack]] ?? file } = ext[row[S.stack]] ?? {};
          files[w][file] = (files[w][file] ?? 0) + cpu / 1e6;
          fns[w][fn] = (fns[w][fn] ?? 0) + cpu / 1e6;
        }
      }
    }
  }
  return { threads, sums, files, fns, tactGc };
}`;

interface FirefoxUnderTest {
  browser: Browser;
  /** The tab every sample navigates (so the page stays in one content process). */
  tab: Page;
  /** An extension page of the installed extension, to ask its background (`ask` of the harness). */
  probe?: TactPage;
  /** Evaluates an expression in the browser window's privileged scope; its value must be JSON. */
  chrome: <T>(expression: string) => Promise<T>;
  close: () => Promise<void>;
}

/** Launches Firefox as the harness does, with the unpacked extension in `extensionDir` if given. */
async function launchFirefox(extensionDir?: string): Promise<FirefoxUnderTest> {
  const [{ default: puppeteer }, { copyOfStartedProfile, FIREFOX_LAUNCH }] = await Promise.all([
    import('puppeteer-core'),
    import('../e2e/harness/firefox.ts'),
  ]);
  const profile = await copyOfStartedProfile();
  const manifest = extensionDir
    ? (JSON.parse(fs.readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8')) as {
        browser_specific_settings: { gecko: { id: string } };
      })
    : undefined;
  const browser = await puppeteer.launch({
    ...FIREFOX_LAUNCH,
    userDataDir: profile,
    extraPrefsFirefox: manifest
      ? {
          'extensions.webextensions.uuids': JSON.stringify({
            [manifest.browser_specific_settings.gecko.id]: ADDON_UUID,
          }),
        }
      : {},
  });
  type Reply = { result: { contexts?: { context: string }[]; result?: { type: string; value?: unknown } } };
  const { connection } = browser as unknown as { connection: { send(method: string, params: object): Promise<Reply> } };
  const chrome = async <T>(expression: string): Promise<T> => {
    const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
    const context = tree.result.contexts?.[0]?.context;
    if (!context) throw new Error('no browser window to evaluate in');
    const reply = await connection.send('script.evaluate', {
      expression: `(async () => JSON.stringify((await (${expression})) ?? null))()`,
      target: { context },
      awaitPromise: true,
    });
    const value = reply.result.result?.value;
    if (typeof value !== 'string') throw new Error(`privileged evaluation failed: ${JSON.stringify(reply.result)}`);
    return JSON.parse(value) as T;
  };
  let probe: TactPage | undefined;
  try {
    if (extensionDir) {
      await browser.installExtension(extensionDir);
      const page = await browser.newPage();
      // `goto` never resolves for moz-extension:// under BiDi: navigate and poll (as the harness does).
      const url = `moz-extension://${ADDON_UUID}/options.html`;
      await (
        page.mainFrame() as unknown as { browsingContext: { navigate(url: string, wait: string): Promise<unknown> } }
      ).browsingContext.navigate(url, 'none');
      await page.waitForFunction((u: string) => location.href === u && document.readyState === 'complete', {}, url);
      // `ask` and `readStore` only evaluate in the page.
      probe = { evaluate: (fn: never, arg: never) => page.evaluate(fn, arg) } as unknown as TactPage;
    }
    const tab = await browser.newPage();
    return {
      browser,
      tab,
      probe,
      chrome,
      close: async () => {
        await browser.close();
        fs.rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

export interface FirefoxRun {
  origin: string;
  pagePath: string;
  runs: number;
  moves: number;
  wheels: number;
  settleMs: number;
  /**
   * The profiler's sampling interval, ms: 0.1 to measure; a smoke run samples every 1 ms, which
   * costs the machine a tenth as much and gathers a tenth of the profile.
   */
  intervalMs: number;
  /** The fixed waits after the arming (its first timers) and after the input (timers, the scroll's end). */
  armedTailMs: number;
  inputTailMs: number;
  /** Whether each browser loads the page once before the samples (first navigations pay one-time costs). */
  warmUp: boolean;
  /**
   * Whether each Tact case has a browser of its own, its rules set once, or all share one whose
   * rules change between the cases, with one warm-up load after each change (a smoke run: a
   * launch less a case). A rules' change registers the content script anew, and the first pages
   * after it can pay Firefox's one-time work for the new registration (4.1 ms of WebExtensions
   * code at load in one run, ARCHITECTURE.md); a visitor's pages meet a registration that
   * changes only when the marketer's rules do.
   */
  tactBrowserPerCase: boolean;
  /**
   * Where the baselines without a content script (none, empty-listener) load the page when they
   * share the empty-script copy's browser (a smoke run, one launch less): another origin of the
   * same server, for which no rule registers its content script. Unset: a browser of their own,
   * without an extension, on `origin`.
   */
  baselinesAt?: string;
  /** Sets the rules of a Tact case through the background (`ask` from an extension page). */
  setRules: (ask: (type: string, payload: unknown) => Promise<unknown>, kase: FirefoxTactCase) => Promise<void>;
  only: readonly string[];
  /** The source of the empty-script case's content script (`void 0;`, or another floor: `--empty-script`). */
  emptyScript: string;
  /**
   * Whether each sample's tab forgets the pages before its blank page (`--fresh-history`). By
   * default the tab keeps them, as a visitor's does: Firefox keeps the three pages either side of
   * the current one in its back/forward cache, so each navigation to the page tears down the one
   * two samples back, the same case's, where it was cached, inside this load window (as a
   * visitor's fifth page of a site tears down their first).
   */
  freshHistory: boolean;
  /**
   * Whether the page's content processes collect their garbage before each load window, after the
   * blank page (and `freshHistory`'s purge): `--collect`. By default they collect when their own
   * heuristics say, which may be inside the window, where the collection of earlier pages' garbage
   * is booked to whatever runs.
   */
  collect: boolean;
}

/**
 * Measures each scenario `runs` times, interleaved, in separate browsers: without an extension,
 * with Tact (one for each Tact case, or one for all: `tactBrowserPerCase`), and with a copy of
 * Tact whose content script is empty (given the idle case's rule, so it is registered for this
 * site as Tact's is). Each sample navigates the same tab (so no process start is counted): to a
 * blank page of the same site first, then to the page.
 */
export async function firefoxContentCost(run: FirefoxRun): Promise<Map<FirefoxScenario, FirefoxSample[]>> {
  const { ask: askThrough, readStore, contentModulesIn, contentScriptIn } = await import('../e2e/harness/index.ts');
  const scenarios = FIREFOX_SCENARIOS.filter((s) => s === 'none' || !run.only.length || run.only.includes(s));
  const samples = new Map<FirefoxScenario, FirefoxSample[]>(scenarios.map((s) => [s, []]));
  const emptyExt = fs.mkdtempSync(path.join(os.tmpdir(), 'tact-bench-ext-'));
  fs.cpSync(path.join(DIST, 'firefox'), emptyExt, { recursive: true });
  fs.writeFileSync(path.join(emptyExt, 'content.js'), run.emptyScript);
  const opened: FirefoxUnderTest[] = [];
  const open = async (dir?: string) => {
    const fx = await launchFirefox(dir);
    opened.push(fx);
    return fx;
  };
  try {
    // Launched side by side (each launch waits much of its time); every launch settles before a
    // failure is thrown, so `finally` closes all that started.
    const shared = run.baselinesAt !== undefined && scenarios.includes('empty-script');
    const tactCases = scenarios.filter((s): s is FirefoxTactCase => s.startsWith('tact-'));
    // The Tact cases each in a browser of their own (a smoke run: all in one, see `FirefoxRun`).
    const tactGroups = run.tactBrowserPerCase ? tactCases.map((c) => [c]) : tactCases.length ? [tactCases] : [];
    const launches = await Promise.allSettled([
      scenarios.includes('empty-script') ? open(emptyExt) : undefined,
      shared ? undefined : open(),
      ...tactGroups.map(() => open(path.join(DIST, 'firefox'))),
    ]);
    const failed = launches.find((l) => l.status === 'rejected');
    if (failed) throw failed.reason;
    const [floor, ownPlain, ...tacts] = launches.map(
      (l) => (l as PromiseFulfilledResult<FirefoxUnderTest | undefined>).value,
    );
    const plain = ownPlain ?? floor;
    if (!plain || tacts.some((fx) => !fx)) throw new Error('a Firefox did not launch');
    const tactOf = new Map(tactGroups.flatMap((cases, i) => cases.map((c) => [c, tacts[i]!] as const)));
    const askOf = (fx: FirefoxUnderTest) => (type: string, payload: unknown) => askThrough(fx.probe!, type, payload);
    if (floor) await run.setRules(askOf(floor), 'tact-idle');
    /** Each Tact browser's rules: its group's first case's before the warm-up, then as the cases come. */
    const rulesOf = new Map<FirefoxUnderTest, FirefoxTactCase>();
    for (const [i, cases] of tactGroups.entries()) {
      await run.setRules(askOf(tacts[i]!), cases[0]!);
      rulesOf.set(tacts[i]!, cases[0]!);
    }
    const url = (query = '', origin = run.origin) => `${origin}${run.pagePath}${query}`;
    /** The pid each browser's profiler samples (its tab's content process). */
    const profiling = new Map<FirefoxUnderTest, number>();
    const tabPid = (fx: FirefoxUnderTest) =>
      fx.chrome<number>(`gBrowser.selectedBrowser.browsingContext.currentWindowGlobal.osPid`);
    const elapsed = (fx: FirefoxUnderTest) => fx.chrome<number>(`Services.profiler.getElapsedTime()`);
    const sample = async (s: FirefoxScenario): Promise<FirefoxSample> => {
      const fx = tactOf.get(s as FirefoxTactCase) ?? (s === 'empty-script' ? floor! : plain);
      const origin = shared && (s === 'none' || s === 'empty-listener') ? run.baselinesAt! : run.origin;
      await fx.tab.bringToFront();
      const blankAt = Date.now();
      await fx.tab.goto(`${origin}/__bench/blank`);
      if (run.freshHistory) {
        // Only the blank page stays in the tab's history: the pages before it, kept in the
        // back/forward cache, are torn down now, before the load window, not in it.
        const left = await fx.chrome<number>(
          `(() => { const h = gBrowser.selectedBrowser.browsingContext.sessionHistory; if (h.count > 1) h.purgeHistory(h.count - 1); return h.count; })()`,
        );
        if (left !== 1)
          throw new Error(`the tab's history holds ${left} pages after its purge, expected the blank page alone`);
      }
      if (run.collect) {
        // The content processes collect now, not in the load window: a garbage collection, a cycle
        // collection (what the teardown left), another garbage collection; each asked, not awaited.
        await fx.chrome(
          `(() => { for (const t of ['child-gc-request', 'child-cc-request', 'child-gc-request']) Services.obs.notifyObservers(null, t); })()`,
        );
        await sleep(COLLECT_WAIT_MS);
      }
      const pid = await tabPid(fx);
      // The profiler starts in the content process a moment after it is asked: ask before the blank page's wait.
      await fx.chrome(`Services.profiler.StartProfiler(${ENTRIES}, ${run.intervalMs}, ['js', 'cpu'], ['pid:${pid}'])`);
      profiling.set(fx, pid);
      await sleep(run.armedTailMs + 100); // and the blank page's content script, where a rule covers the site
      const target = url(s === 'empty-listener' ? '?bench=empty-listener' : '', origin);
      const since = Date.now();
      const loadFrom = await elapsed(fx);
      await fx.tab.goto(target, { waitUntil: 'load' });
      await sleep(run.settleMs);
      // The load's part is the content script's run at the document's idle point: it touches no
      // extension API and says no hello before the visitor's first sign of presence (content.ts),
      // well within the settling time. Checked after the window (a look runs a script in the
      // page's process): it runs and waits for the visitor, no page view was recorded yet. Where
      // its 3 s fallback came first (a slow machine), the sample is void and taken again.
      await sleep(run.armedTailMs);
      const loadTo = await elapsed(fx);
      if (s === 'tact-idle' || s === 'tact-armed') {
        const ran = await waitUntil(
          async () => {
            const state = await contentScriptIn(fx.probe!, target);
            return state === 'none' ? undefined : state;
          },
          15_000,
          `Tact's content script to run in ${target}`,
        );
        /** The page said its hello on its own (`what`): the sample is void, taken again. */
        const saidHelloEarly = (what: string) =>
          new VoidSample(
            `${what} in ${target} before the visitor showed up, looked at ${Date.now() - since} ms after the navigation began (its fallback comes 3 s after the content script ran): its load window is not the load alone`,
          );
        if (ran !== 'quiet') throw saidHelloEarly("Tact's content script had said hello");
        // One read for both checks: no page view of this page yet, nor of the blank page before it
        // as it went away (that hello and the files injected with its answer fell in this load
        // window until the blank page's unload stopped counting as a sign of presence, content.ts,
        // 2026-12-06; the files now go only into the document that said hello).
        const views = (await readStore<{ url: string; startedAt: number }>(fx.probe!, 'pageViews')).filter(
          (v) => v.startedAt >= blankAt,
        );
        if (views.some((v) => v.url === target && v.startedAt >= since)) throw saidHelloEarly('Tact said hello');
        const left = views.filter((v) => v.url !== target);
        if (left.length)
          throw new Error(
            `Tact said hello in ${left.map((v) => v.url).join(', ')} before ${target} loaded: its load window holds that page's hello`,
          );
      }
      const arriveFrom = await elapsed(fx);
      await fx.tab.mouse.move(640, 450); // Tact's detectors arm at this first move
      await sleep(run.armedTailMs);
      const arriveTo = await elapsed(fx);
      const inputFrom = await elapsed(fx);
      for (let i = 0; i < run.moves; i++) await fx.tab.mouse.move(100 + ((i * 7) % 1080), 140 + ((i * 13) % 620));
      for (let i = 0; i < run.wheels; i++) await fx.tab.mouse.wheel({ deltaY: i < run.wheels / 2 ? 100 : -100 });
      await sleep(run.inputTailMs); // timers and the scroll's end
      const inputTo = await elapsed(fx);
      // Looked at after the windows (a look runs a script in the page's process): the detectors armed.
      if (
        (s === 'tact-idle' || s === 'tact-armed') &&
        !(await contentModulesIn(fx.probe!, target)).includes('detectors.js')
      )
        throw new Error(`Tact did not arm its detectors at the first move on ${target}`);
      const windows = JSON.stringify([
        [loadFrom, loadTo],
        [arriveFrom, arriveTo],
        [inputFrom, inputTo],
      ]);
      const { threads, sums, files, fns, tactGc } = await fx.chrome<{
        threads: number;
        sums: FirefoxPhase[];
        files: Record<string, number>[];
        fns: Record<string, number>[];
        tactGc: number[];
      }>(`(${SUMMARIZE})(${pid}, ${windows})`);
      profiling.delete(fx);
      if (threads !== 1) throw new Error(`the profile holds ${threads} main threads of process ${pid}, expected 1`);
      if ((await tabPid(fx)) !== pid)
        throw new Error(`the page left process ${pid}: its samples are not all in the profile`);
      return {
        load: sums[0]!,
        arrive: sums[1]!,
        input: sums[2]!,
        loadByFile: files[0]!,
        loadTactGc: tactGc[0]!,
        inputByFunction: fns[2]!,
        loadByFunction: fns[0]!,
      };
    };
    // One warm-up load in each browser: first navigations pay one-time costs.
    if (run.warmUp) for (const fx of opened) await fx.tab.goto(url());
    try {
      for (let r = 0; r < run.runs; r++)
        for (const s of scenarios) {
          const tact = tactOf.get(s as FirefoxTactCase);
          if (tact && rulesOf.get(tact) !== s) {
            // A smoke run's one Tact browser: its rules change between the cases.
            await run.setRules(askOf(tact), s as FirefoxTactCase);
            rulesOf.set(tact, s as FirefoxTactCase);
            if (run.warmUp) await tact.tab.goto(url());
          }
          for (let attempt = 0; ; attempt++) {
            try {
              samples.get(s)!.push(await sample(s));
              break;
            } catch (error) {
              if (!(error instanceof VoidSample) || attempt === VOID_RETRIES) throw error;
              process.stderr.write(`\n${error.message}: ${s} is taken again\n`);
              for (const fx of profiling.keys()) await fx.chrome(`Services.profiler.StopProfiler()`);
              profiling.clear();
            }
          }
          process.stderr.write('f');
        }
    } finally {
      for (const fx of profiling.keys()) await fx.chrome(`Services.profiler.StopProfiler()`).catch(() => undefined);
    }
  } finally {
    for (const fx of opened) await fx.close();
    fs.rmSync(emptyExt, { recursive: true, force: true });
  }
  return samples;
}
