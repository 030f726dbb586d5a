/**
 * `bench:content` in Firefox (puppeteer-core over WebDriver BiDi, through the e2e harness): the
 * same page, input and cases as in Chromium, against the same page without the extension, in the
 * same run. Firefox has no counterpart of CDP's Performance metrics, so the cost is read from
 * Linux itself: the CPU time of the main thread of each of Firefox's web content processes (the
 * page's process, where Tact's content script runs in its sandbox), from
 * `/proc/<pid>/task/<pid>/schedstat` (nanoseconds on the CPU), summed over the processes of this
 * browser. That is task time (script, style, layout, garbage collection and the page's share of
 * painting), not script time alone, and it includes the BiDi agent's own work in the page's
 * process for each input action, the same in every case: read the differences above "none", not
 * the absolute figures. Needs Linux (`/proc`); elsewhere the Firefox part says so and stops.
 */
import fs from 'node:fs';
import { launch, sleep, waitForPageView, ask as askThrough, type TactBrowser } from '../e2e/harness/index.ts';

/** The cases measured in Firefox (no empty-script floor: the harness installs only the built extension). */
export const FIREFOX_SCENARIOS = ['none', 'empty-listener', 'tact-no-rule', 'tact-idle', 'tact-armed'] as const;
export type FirefoxScenario = (typeof FIREFOX_SCENARIOS)[number];
type FirefoxTactCase = Extract<FirefoxScenario, `tact-${string}`>;

export interface FirefoxSample {
  loadMs: number;
  inputMs: number;
}

/** Firefox's names for its web content processes (`comm`, cut to 15 characters). */
const CONTENT_PROCESS = /^(Isolated Web Co|Web Content)$/;

/** The processes under this Node process (the browsers it launched and their children), by parent. */
function ownDescendants(): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // exited meanwhile
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = parentOf.get(pid), hops = 0; p && hops < 10; p = parentOf.get(p), hops++)
      if (p === process.pid) return true;
    return false;
  };
  return [...parentOf.keys()].filter(mine);
}

/** Main-thread CPU nanoseconds of each web content process of the browsers this process launched. */
function contentMainThreads(): Map<number, number> {
  const found = new Map<number, number>();
  for (const pid of ownDescendants()) {
    try {
      if (!CONTENT_PROCESS.test(fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim())) continue;
      found.set(pid, Number(fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]));
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/** Milliseconds of CPU the content processes' main threads used since `before` (a process that started meanwhile counts whole). */
function cpuMsSince(before: Map<number, number>): number {
  let ns = 0;
  for (const [pid, now] of contentMainThreads()) ns += now - (before.get(pid) ?? 0);
  return ns / 1e6;
}

export interface FirefoxRun {
  origin: string;
  pagePath: string;
  runs: number;
  moves: number;
  wheels: number;
  settleMs: number;
  /** Sets the rules of a Tact case through the background (`ask` from an extension page). */
  setRules: (ask: (type: string, payload: unknown) => Promise<unknown>, kase: FirefoxTactCase) => Promise<void>;
  only: readonly string[];
}

/**
 * Measures each scenario `runs` times, interleaved, in one browser without the extension and one
 * with it. Each sample navigates the same tab (so the page stays in one content process, and no
 * process start is counted): to a blank page of the same site first, then to the page.
 */
export async function firefoxContentCost(run: FirefoxRun): Promise<Map<FirefoxScenario, FirefoxSample[]>> {
  if (!fs.existsSync('/proc/self/task')) throw new Error('the Firefox part reads /proc: Linux only');
  const scenarios = FIREFOX_SCENARIOS.filter((s) => s === 'none' || !run.only.length || run.only.includes(s));
  const samples = new Map<FirefoxScenario, FirefoxSample[]>(scenarios.map((s) => [s, []]));
  const plain = await launch('firefox', { withoutExtension: true });
  let tact: TactBrowser | undefined;
  try {
    tact = await launch('firefox');
    const probe = await tact.openExtensionPage('options.html');
    const ask = (type: string, payload: unknown) => askThrough(probe, type, payload);
    const pages = { plain: await plain.newPage(), tact: await tact.newPage() };
    const url = (query = '') => `${run.origin}${run.pagePath}${query}`;
    const blank = `${run.origin}/__bench/blank`;
    const sample = async (s: FirefoxScenario): Promise<FirefoxSample> => {
      const page = s.startsWith('tact-') ? pages.tact : pages.plain;
      await page.bringToFront();
      await page.goto(blank);
      await sleep(400); // the blank page's own hello, where a rule covers the site
      const target = url(s === 'empty-listener' ? '?bench=empty-listener' : '');
      const since = Date.now();
      const m0 = contentMainThreads();
      await page.goto(target);
      await sleep(run.settleMs);
      // Armed once the hello was answered: its page view is stored first, the detectors arm with the answer.
      if (s === 'tact-idle' || s === 'tact-armed') await waitForPageView(probe, target, since, 15_000);
      await sleep(300);
      const loadMs = cpuMsSince(m0);
      await page.mouseMove(640, 450);
      const m1 = contentMainThreads();
      for (let i = 0; i < run.moves; i++) await page.mouseMove(100 + ((i * 7) % 1080), 140 + ((i * 13) % 620));
      for (let i = 0; i < run.wheels; i++) await page.wheel(i < run.wheels / 2 ? 100 : -100);
      await sleep(600); // timers and the scroll's end
      return { loadMs, inputMs: cpuMsSince(m1) };
    };
    let rulesFor: FirefoxTactCase | undefined;
    // One warm-up load in each browser: first navigations pay one-time costs.
    await pages.plain.goto(url());
    await pages.tact.goto(url());
    for (let r = 0; r < run.runs; r++)
      for (const s of scenarios) {
        if (s.startsWith('tact-') && rulesFor !== s) await run.setRules(ask, (rulesFor = s as FirefoxTactCase));
        samples.get(s)!.push(await sample(s));
        process.stderr.write('f');
      }
  } finally {
    await plain.close();
    await tact?.close();
  }
  return samples;
}
