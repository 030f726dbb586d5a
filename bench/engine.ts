/**
 * Engine benchmark: `npm run bench:engine [-- options]`.
 *
 * (a) In Node: the time to evaluate one signal with decide() and a prebuilt rule index (as the
 *     background does), for 10, 100, 1 000, 10 000 and 100 000 rules, against a plain linear scan
 *     (decide() with the rule array) measured in the same run. Rule sets are generated to look
 *     like a large shop's: mixed triggers; ~70 % of rules target product, category, blog or
 *     checkout paths (`/shop/item-123*`, …), ~10 % full URLs, ~12 % a regular expression, ~8 %
 *     no URL at all; 0–2 further conditions each. Target: p95 < 1 ms at 10 000 rules.
 * (b) In Chromium (real IndexedDB): a throwaway copy of the built extension with a bench page
 *     (bench/engine-page.ts) fills a scratch database with up to 1 000 000 events over 20 flows
 *     and 60 days. The append rate of the real `appendEvents` (events + rollups in one
 *     transaction) is measured at five log sizes, batched and one event per transaction; between
 *     those probes a bench-side loader writes the same records with pipelined requests, so the
 *     log grows fast enough (the real appendEvents alone manages about 1 000 events/s here). The
 *     fill stops at --fill-budget seconds and says how far it got. Then one flow's stats are
 *     computed from the rollups (median of 5; target < 500 ms) and, as the baseline, the same
 *     totals by scanning that flow's events through the by-flow index (twice); both must agree.
 *     The scratch database is deleted at the end.
 *
 * Options:
 *   --events N         events to store in (b) (default 1000000)
 *   --fill-budget S    stop filling after S seconds and report the count reached (default 200)
 *   --batch N          events per appendEvents transaction in the batched probes (default 100)
 *   --append-only      fill with the real appendEvents only (slow: about 1 000 events/s)
 *   --sizes a,b,…      rule counts for (a) (default 10,100,1000,10000,100000)
 *   --generic F        share of rules the index cannot file by URL: regex or no URL (default 0.2)
 *   --node-only        run (a) only            --browser-only   run (b) only
 *   --no-build         reuse dist/chrome as it is
 *
 * Exit code 0 whatever the numbers (a measurement, not a test); 1 when something breaks.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { decide, type DecisionInput } from '../src/core/engine.ts';
import { buildRuleIndex } from '../src/core/rule-index.ts';
import { FLAG_SIGNALS, INTENTS, SCROLL_DEPTHS, type IntentName } from '../src/core/signal-model.ts';
import { RULE_VERSION, type Condition, type Frequency, type Rule, type Segment, type Signal, type Trigger } from '../src/core/model.ts';
import { DEFAULT_SETTINGS, localDay } from '../src/core/policy.ts';
import type { BenchApi } from './engine-page.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------- options

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const opt = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
};
const EVENTS = Number(opt('events', '1000000'));
const FILL_BUDGET_S = Number(opt('fill-budget', '200'));
const BATCH = Number(opt('batch', '100'));
/** Share of rules without a usable URL prefix (regex or no URL condition). */
const GENERIC_SHARE = Number(opt('generic', '0.2'));
const SIZES = opt('sizes', '10,100,1000,10000,100000').split(',').map(Number);
for (const [k, v] of Object.entries({ events: EVENTS, 'fill-budget': FILL_BUDGET_S, batch: BATCH }))
  if (!Number.isFinite(v) || v <= 0) fail(`--${k} must be a positive number`);
if (!(GENERIC_SHARE >= 0 && GENERIC_SHARE <= 1)) fail('--generic must be between 0 and 1');
if (SIZES.some((n) => !Number.isInteger(n) || n <= 0)) fail('--sizes must be positive whole numbers, e.g. 10,1000');

function fail(message: string): never {
  console.error(`bench:engine: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------- helpers

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pct = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmtUs = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : ms < 100 ? `${ms.toFixed(2)} ms` : `${ms.toFixed(0)} ms`);
const fmtInt = (n: number) => n.toLocaleString('en-US');
const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

function table(head: string[], rows: string[][], right: boolean[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (right[i] ? lpad(c, widths[i]!) : pad(c, widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

// ================================================================ (a) evaluation time per signal

const SHOPS = Array.from({ length: 10 }, (_, i) => `https://shop${i}.example`);
const SECTIONS = ['/checkout', '/cart', '/pricing', '/account/', '/search'];
const SELECTORS = ['.add-to-cart', '.price', '#size-guide', 'form.checkout', '.plan-card', '.shipping-info', '.reviews', 'nav .menu', '.compare', '#newsletter'];
const TAGS = Array.from({ length: 30 }, (_, i) => `tag-${i}`);
const FLOW_IDS = Array.from({ length: 50 }, (_, i) => `flow-${i}`);

/** Trigger kinds in the proportions a shop's rules would use them. */
function randomTrigger(r: () => number): Trigger {
  const x = r();
  if (x < 0.3) return { signal: 'exit-intent' };
  if (x < 0.55) return { signal: 'scroll-depth', atLeast: SCROLL_DEPTHS[Math.floor(r() * 4)]! };
  if (x < 0.7) return { signal: 'dwell', seconds: [10, 20, 30, 60][Math.floor(r() * 4)]! };
  if (x < 0.78) return { signal: 'hesitation', selector: SELECTORS[Math.floor(r() * SELECTORS.length)]!, ms: [500, 800, 1500][Math.floor(r() * 3)]! };
  if (x < 0.85) return { signal: 'intent', intent: INTENTS[Math.floor(r() * INTENTS.length)]!, atLeast: [0.5, 0.6, 0.7][Math.floor(r() * 3)]! };
  return { signal: FLAG_SIGNALS[Math.floor(r() * FLAG_SIGNALS.length)]! };
}

/**
 * The URL part of a rule. A share `generic` of rules has no literal URL prefix the index can use
 * (60 % of those a regular expression, 40 % no URL condition at all); the others target product,
 * category, blog and checkout paths, or full URLs of sale pages.
 */
function randomUrlCondition(r: () => number, products: number, generic: number): Condition | null {
  const product = Math.floor(r() * products);
  if (r() < generic) {
    if (r() >= 0.6) return null;
    return r() < 0.5
      ? { kind: 'url', match: 'regex', pattern: `^/shop/item-${product}(\\?|$)` }
      : { kind: 'url', match: 'regex', pattern: ['/(sale|promo)/', 'utm_campaign=spring', '^/blog/.*-guide$', '/compare\\?'][Math.floor(r() * 4)]! };
  }
  const x = r();
  if (x < 0.525) return { kind: 'url', match: 'glob', pattern: `/shop/item-${product}*` };
  if (x < 0.65) return { kind: 'url', match: 'prefix', pattern: `/shop/category-${Math.floor(r() * 200)}/` };
  if (x < 0.75) return { kind: 'url', match: 'exact', pattern: `/blog/post-${Math.floor(r() * 2000)}` };
  if (x < 0.875) return { kind: 'url', match: 'glob', pattern: `${SECTIONS[Math.floor(r() * SECTIONS.length)]!}*` };
  return { kind: 'url', match: 'glob', pattern: `${SHOPS[Math.floor(r() * SHOPS.length)]!}/sale/${Math.floor(r() * 500)}*` };
}

function randomCondition(r: () => number): Condition {
  const x = r();
  if (x < 0.25) return { kind: 'visitor-tag', tag: TAGS[Math.floor(r() * TAGS.length)]!, present: r() < 0.7 };
  if (x < 0.4) return { kind: 'page', field: 'lang', op: 'starts-with', value: ['en', 'fr', 'de'][Math.floor(r() * 3)]! };
  if (x < 0.5) return { kind: 'device', devices: r() < 0.5 ? ['desktop'] : ['mobile', 'tablet'] };
  if (x < 0.6) return { kind: 'visit-count', min: 1 + Math.floor(r() * 3) };
  if (x < 0.7) return { kind: 'time-of-day', from: '08:00', to: r() < 0.5 ? '20:00' : '02:00' };
  if (x < 0.8) return { kind: 'price', min: Math.floor(r() * 100) };
  if (x < 0.9) return { kind: 'segment', segment: `seg-${Math.floor(r() * 5)}`, member: true };
  return { kind: 'page', field: 'utm.source', op: 'equals', value: 'newsletter' };
}

function randomFrequency(r: () => number): Frequency {
  const x = r();
  if (x < 0.2) return { every: 'page-view' };
  if (x < 0.45) return { every: 'session' };
  if (x < 0.6) return { every: 'visitor' };
  return { every: 'days', days: [1, 3, 7, 30][Math.floor(r() * 4)]! };
}

function generateRules(n: number, seed: number, generic = GENERIC_SHARE): Rule[] {
  const r = mulberry32(seed);
  const products = Math.max(50, n * 2);
  return Array.from({ length: n }, (_, i): Rule => {
    const url = randomUrlCondition(r, products, generic);
    const extra = Array.from({ length: Math.floor(r() * 3) }, () => randomCondition(r));
    return {
      id: `rule-${i}`,
      version: RULE_VERSION,
      name: `Rule ${i}`,
      enabled: r() < 0.95,
      shadow: r() < 0.05,
      trigger: randomTrigger(r),
      conditions: url ? [url, ...extra] : extra,
      flowId: FLOW_IDS[Math.floor(r() * FLOW_IDS.length)]!,
      entry: r() < 0.4 ? 'pill' : 'panel',
      priority: Math.floor(r() * 26) - 5,
      frequency: randomFrequency(r),
      ...(r() < 0.1 ? { schedule: { start: '2025-01-01', end: '2027-12-31' } } : {}),
    };
  });
}

/** Signals in the proportions the content script sends them (only armed detectors report). */
function randomSignal(r: () => number): Signal {
  const x = r();
  if (x < 0.3) return { type: 'exit-intent' };
  if (x < 0.55) return { type: 'scroll-depth', percent: SCROLL_DEPTHS[Math.floor(r() * 4)]! };
  if (x < 0.7) return { type: 'dwell', seconds: [10, 20, 30, 60][Math.floor(r() * 4)]! };
  if (x < 0.78) return { type: 'hesitation', selector: SELECTORS[Math.floor(r() * SELECTORS.length)]!, ms: 600 + Math.floor(r() * 1500) };
  if (x < 0.85) return { type: 'intent', intent: INTENTS[Math.floor(r() * INTENTS.length)]! as IntentName, score: 0.4 + r() * 0.6 };
  return { type: FLAG_SIGNALS[Math.floor(r() * FLAG_SIGNALS.length)]! };
}

/** Page URLs: mostly product pages, then categories, blog, checkout and other pages. */
function randomUrl(r: () => number, products: number): string {
  const shop = SHOPS[Math.floor(r() * SHOPS.length)]!;
  const x = r();
  if (x < 0.6) return `${shop}/shop/item-${Math.floor(r() * products)}${r() < 0.3 ? '?color=blue&size=m' : ''}`;
  if (x < 0.72) return `${shop}/shop/category-${Math.floor(r() * 200)}/page-${1 + Math.floor(r() * 5)}`;
  if (x < 0.8) return `${shop}/blog/post-${Math.floor(r() * 2000)}`;
  if (x < 0.9) return `${shop}${SECTIONS[Math.floor(r() * SECTIONS.length)]!}${r() < 0.5 ? 'step-2' : ''}`;
  if (x < 0.95) return `${shop}/sale/${Math.floor(r() * 500)}?utm_source=newsletter&utm_campaign=spring`;
  return `${shop}/about-us#team`;
}

const SEGMENTS: Segment[] = Array.from({ length: 5 }, (_, i) => ({ id: `seg-${i}`, name: `Segment ${i}`, conditions: [{ kind: 'visitor-tag', tag: `tag-${i}`, present: true }] }));

function makeQueries(count: number, products: number, seed: number, now: number): Omit<DecisionInput, 'rules'>[] {
  const r = mulberry32(seed);
  const flowIds = new Set(FLOW_IDS);
  const lastShownByRule: Record<string, number> = {};
  for (let i = 0; i < 40; i++) lastShownByRule[`rule-${Math.floor(r() * 1000)}`] = now - Math.floor(r() * 20) * 86_400_000;
  return Array.from({ length: count }, () => {
    const url = randomUrl(r, products);
    return {
      now,
      signal: randomSignal(r),
      page: { url, startedAt: now - 5000 - Math.floor(r() * 120_000), context: { lang: r() < 0.7 ? 'en-GB' : 'fr-FR', title: 'A product', viewport: { width: r() < 0.6 ? 1440 : 390, height: 800 }, touch: r() < 0.4, product: { name: 'Trail pack', price: Math.floor(r() * 200), currency: 'EUR' } } },
      origin: new URL(url).origin,
      siteEnabled: true,
      pageViewShown: false,
      profile: { tags: TAGS.filter(() => r() < 0.15), tagExpiry: {}, attributes: { firstName: 'Ada' } },
      segments: SEGMENTS,
      visitCount: 1 + Math.floor(r() * 4),
      sessionStartedAt: now - 600_000,
      lastShownByRule,
      flowIds,
      settings: DEFAULT_SETTINGS,
      budget: { day: localDay(now), total: 0.5, bySite: {} },
      dismissals: { byFlow: { 'flow-3': { count: 1, lastAt: now - 3_600_000 } }, bySite: {} },
    };
  });
}

interface Series {
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  n: number;
}

/** Times decide() per query; stops after `maxQueries` or `budgetMs`, whichever first (at least `minQueries`). */
function timeDecisions(rules: DecisionInput['rules'], queries: Omit<DecisionInput, 'rules'>[], maxQueries: number, budgetMs: number, minQueries: number): Series & { candidates: number; shows: number } {
  const times: number[] = [];
  let candidates = 0;
  let shows = 0;
  const start = performance.now();
  for (let i = 0; i < maxQueries; i++) {
    const q = queries[i % queries.length]!;
    const t0 = performance.now();
    const d = decide({ ...q, rules });
    const t1 = performance.now();
    times.push(t1 - t0);
    candidates += d.rules.length;
    if (d.show) shows++;
    if (i + 1 >= minQueries && t1 - start > budgetMs) break;
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { mean: mean(times), p50: pct(sorted, 50), p95: pct(sorted, 95), p99: pct(sorted, 99), n: times.length, candidates: candidates / times.length, shows };
}

function benchEvaluation(): void {
  console.log('(a) Evaluation time per signal: decide() with a prebuilt rule index vs a linear scan (same queries, same run)');
  console.log(`    Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`);
  const now = Date.now();
  const rows: string[][] = [];
  const summary: { n: number; idx: Series; lin: Series }[] = [];
  for (const n of SIZES) {
    const rules = generateRules(n, 1000 + n);
    const products = Math.max(50, n * 2);
    const queries = makeQueries(4000, products, 7 + n, now);
    const b0 = performance.now();
    const index = buildRuleIndex(rules);
    const buildMs = performance.now() - b0;
    // Warm up both paths (JIT), then measure.
    timeDecisions(index, queries, 300, 200, 50);
    timeDecisions(rules, queries, 50, 300, 2);
    const idx = timeDecisions(index, queries, 4000, 3000, 300);
    const lin = timeDecisions(rules, queries, 4000, 4000, 20);
    // Both paths must agree on what they show (the index is only an optimization).
    let disagree = 0;
    let checked = 0;
    const checkStart = performance.now();
    for (let i = 0; i < 300 && (i < 10 || performance.now() - checkStart < 2000); i++, checked++) {
      const a = decide({ ...queries[i]!, rules: index });
      const b = decide({ ...queries[i]!, rules });
      if (JSON.stringify([a.show, a.wouldShow]) !== JSON.stringify([b.show, b.wouldShow])) disagree++;
    }
    if (disagree) console.log(`    WARNING: ${disagree} of ${checked} decisions differ between the index and the linear scan at ${n} rules`);
    summary.push({ n, idx, lin });
    rows.push([
      fmtInt(n),
      fmtUs(buildMs),
      idx.candidates.toFixed(1),
      fmtUs(idx.mean),
      fmtUs(idx.p50),
      fmtUs(idx.p95),
      fmtUs(idx.p99),
      fmtUs(lin.mean),
      fmtUs(lin.p50),
      fmtUs(lin.p95),
      fmtUs(lin.p99),
      `${(lin.mean / idx.mean).toFixed(1)}×`,
      `${(lin.p95 / idx.p95).toFixed(1)}×`,
      `${fmtInt(idx.n)}/${fmtInt(lin.n)}`,
    ]);
  }
  console.log();
  console.log(
    table(
      ['rules', 'index build', 'candidates/signal', 'idx mean', 'idx p50', 'idx p95', 'idx p99', 'scan mean', 'scan p50', 'scan p95', 'scan p99', 'mean ratio', 'p95 ratio', 'queries idx/scan'],
      rows,
      [true, true, true, true, true, true, true, true, true, true, true, true, true, true],
    ),
  );
  const at10k = summary.find((s) => s.n === 10_000);
  if (at10k) console.log(`\n    Target p95 < 1 ms at 10 000 rules: ${fmtUs(at10k.idx.p95)} → ${at10k.idx.p95 < 1 ? 'MET' : 'NOT MET'} (linear scan: ${fmtUs(at10k.lin.p95)})`);
  const first = summary[0];
  const last = summary[summary.length - 1];
  if (first && last && last.n > first.n) {
    console.log(`    Growth ${fmtInt(first.n)} → ${fmtInt(last.n)} rules (${fmtInt(last.n / first.n)}×): indexed mean ×${(last.idx.mean / first.idx.mean).toFixed(1)}, linear mean ×${(last.lin.mean / first.lin.mean).toFixed(1)}`);
  }
  const g = GENERIC_SHARE * 100;
  console.log(`    Rule mix: ${(0.7 / 0.8 * (100 - g)).toFixed(0)} % path conditions (/shop/item-N*, category prefixes, exact blog posts, checkout/cart/… globs), ${(0.1 / 0.8 * (100 - g)).toFixed(0)} % full-URL globs, ${(0.6 * g).toFixed(0)} % regex, ${(0.4 * g).toFixed(0)} % no URL condition; 0–2 extra conditions; 95 % enabled, 5 % shadow.`);
  console.log('    "candidates/signal" = rules the index hands to decide() per signal (regex and URL-less rules of that trigger are always candidates).');

  // How much the rules the index cannot file by URL cost, at 10 000 rules.
  const sens: string[][] = [];
  for (const generic of [0, 0.05, 0.1, 0.2, 0.4]) {
    const rules = generateRules(10_000, 11_000, generic);
    const queries = makeQueries(4000, 20_000, 17, now);
    const index = buildRuleIndex(rules);
    timeDecisions(index, queries, 300, 200, 50);
    const s = timeDecisions(index, queries, 3000, 2000, 300);
    sens.push([`${(generic * 100).toFixed(0)} %`, s.candidates.toFixed(1), fmtUs(s.mean), fmtUs(s.p50), fmtUs(s.p95), fmtUs(s.p99), s.p95 < 1 ? 'yes' : 'no']);
  }
  console.log('\n    Sensitivity at 10 000 rules (indexed): share of rules without a usable URL prefix (regex or none)');
  console.log(table(['generic share', 'candidates/signal', 'mean', 'p50', 'p95', 'p99', 'p95 < 1 ms'], sens, [true, true, true, true, true, true, false]).replace(/^/gm, '    '));
}

// ================================================================ (b) event log in Chromium

async function benchEventLog(): Promise<void> {
  console.log('\n(b) Event log in Chromium (real IndexedDB, real appendEvents / flowStats, scratch database)');
  const { chromium } = await import('playwright-core');
  const esbuild = await import('esbuild');
  const ext = path.join(ROOT, '.tmp', 'bench-engine-ext');
  const dist = path.join(ROOT, 'dist', 'chrome');

  if (!flag('no-build')) {
    const b = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
    if (b.status !== 0) {
      if (!fs.existsSync(path.join(dist, 'manifest.json'))) fail(`the build failed and there is no dist/chrome to reuse:\n${b.stderr || b.stdout}`);
      console.log(`    (the build failed; reusing the existing dist/chrome)\n${(b.stderr || b.stdout).trim().split('\n').slice(0, 5).map((l) => `      ${l}`).join('\n')}`);
    }
  }
  fs.rmSync(ext, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(ext), { recursive: true });
  fs.cpSync(dist, ext, { recursive: true });
  await esbuild.build({ entryPoints: [path.join(ROOT, 'bench', 'engine-page.ts')], bundle: true, format: 'esm', target: 'chrome121', outfile: path.join(ext, 'bench.js'), logLevel: 'warning', absWorkingDir: ROOT });
  fs.writeFileSync(path.join(ext, 'bench.html'), '<!doctype html>\n<meta charset="utf-8">\n<title>tact bench</title>\n<script type="module" src="bench.js"></script>\n');

  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tact-bench-engine-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [`--disable-extensions-except=${ext}`, `--load-extension=${ext}`, '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const dbName = `tact-bench-${Date.now()}`;
  let page: import('playwright-core').Page | undefined;
  try {
    let [worker] = context.serviceWorkers();
    worker ??= await context.waitForEvent('serviceworker', { timeout: 15_000 });
    const base = `chrome-extension://${new URL(worker.url()).host}/`;
    page = await context.newPage();
    page.on('pageerror', (e) => console.error(`    [bench page error] ${e.message}`));
    await page.goto(base + 'bench.html');
    await page.waitForFunction(() => document.title === 'tact bench ready', undefined, { timeout: 15_000 });
    const call = <K extends keyof BenchApi>(name: K, ...args: Parameters<BenchApi[K]>): Promise<Awaited<ReturnType<BenchApi[K]>>> =>
      page!.evaluate(([n, a]) => (window.tactBench[n as keyof BenchApi] as (...x: unknown[]) => unknown)(...(a as unknown[])), [name, args] as const) as never;

    const spanDays = 60;
    const startAt = Date.now() - spanDays * 86_400_000;
    const { flowIds } = await call('open', dbName, { flows: 20, startAt, spanDays, seed: 42 });

    // Fill. The real appendEvents is measured at five log sizes (empty, ¼, ½, ¾, full): a probe
    // of PROBE_BATCHED events in transactions of BATCH, and PROBE_SINGLE events one per
    // transaction (as the background writes). Between probes the bench loader brings the log to
    // the next size (same records, pipelined requests), unless --append-only.
    const appendOnly = flag('append-only');
    const PROBES = 5;
    const PROBE_BATCHED = Math.max(100, Math.min(2000, Math.floor(EVENTS / 20)));
    const PROBE_SINGLE = Math.max(20, Math.min(300, Math.floor(EVENTS / 200)));
    const bulkTotal = Math.max(0, EVENTS - PROBES * (PROBE_BATCHED + PROBE_SINGLE));
    const probeRows: string[][] = [];
    let total = 0;
    let bulkDone = 0;
    let bulkMs = 0;
    let appendEvents = 0;
    let appendMs = 0;
    let capped = false;
    const fillStart = performance.now();
    const overBudget = () => (performance.now() - fillStart) / 1000 > FILL_BUDGET_S;
    const progress = (what: string) => process.stdout.isTTY && process.stdout.write(`    ${what}: ${fmtInt(total)} events stored…`.padEnd(78) + '\r');

    if (appendOnly) {
      while (total < EVENTS) {
        const r = await call('fill', Math.min(5000, EVENTS - total), BATCH);
        probeRows.push([`${fmtInt(total)} → ${fmtInt(total + r.events)}`, fmtInt(Math.round(r.events / (r.ms / 1000))), '', '']);
        total += r.events;
        appendEvents += r.events;
        appendMs += r.ms;
        progress('appendEvents');
        if (total < EVENTS && overBudget()) {
          capped = true;
          break;
        }
      }
    } else {
      for (let i = 0; i < PROBES; i++) {
        const bulkTarget = Math.round((bulkTotal * i) / (PROBES - 1));
        while (bulkDone < bulkTarget) {
          const r = await call('bulk', Math.min(10_000, bulkTarget - bulkDone), 1000);
          bulkDone += r.events;
          bulkMs += r.ms;
          total += r.events;
          progress('bench loader');
          if (overBudget()) {
            capped = true;
            break;
          }
        }
        const at = total;
        const batched = await call('fill', PROBE_BATCHED, BATCH);
        total += batched.events;
        const single = await call('fill', PROBE_SINGLE, 1);
        total += single.events;
        appendEvents += batched.events + single.events;
        appendMs += batched.ms + single.ms;
        probeRows.push([fmtInt(at), fmtInt(Math.round(batched.events / (batched.ms / 1000))), fmtInt(Math.round(single.events / (single.ms / 1000))), `${(single.ms / single.events).toFixed(2)} ms`]);
        progress('appendEvents probe');
        if (capped) break;
      }
    }
    if (process.stdout.isTTY) process.stdout.write(' '.repeat(78) + '\r');
    console.log(`\n    Append rate of the real appendEvents (each event: add to the log + read, then write, of its rollup counter, one request at a time):`);
    console.log(
      table(
        appendOnly ? ['log size', `events/s (${BATCH} per tx)`, '', ''] : ['log size before probe', `events/s (${BATCH} per tx, ${fmtInt(PROBE_BATCHED)} events)`, `events/s (1 per tx, ${PROBE_SINGLE} events)`, 'time per 1-event tx'],
        probeRows,
        [true, true, true, true],
      ).replace(/^/gm, '    '),
    );
    console.log(`    appendEvents overall: ${fmtInt(appendEvents)} events in ${(appendMs / 1000).toFixed(1)} s = ${fmtInt(Math.round(appendEvents / (appendMs / 1000)))} events/s`);
    if (bulkDone) console.log(`    bench loader (same records; a transaction's requests issued together, rollups summed per transaction of 1 000): ${fmtInt(bulkDone)} events in ${(bulkMs / 1000).toFixed(1)} s = ${fmtInt(Math.round(bulkDone / (bulkMs / 1000)))} events/s`);
    if (capped) console.log(`    NOTE: stopped at ${fmtInt(total)} events, not ${fmtInt(EVENTS)}: the fill budget of ${FILL_BUDGET_S} s was used up (--events / --fill-budget change this).`);

    const counts = await call('counts');
    const busiest = flowIds.reduce((a, b) => ((counts.byFlow[b] ?? 0) > (counts.byFlow[a] ?? 0) ? b : a));
    const median5: number[] = [];
    const first = await call('statsFromRollups', busiest);
    for (let i = 0; i < 5; i++) median5.push((await call('statsFromRollups', busiest)).ms);
    const scans: Awaited<ReturnType<BenchApi['scanEvents']>>[] = [];
    for (let i = 0; i < 2; i++) scans.push(await call('scanEvents', busiest));
    const scanMs = scans.map((s) => s.ms);
    const same = JSON.stringify(first.totals) === JSON.stringify(scans[0]!.totals);

    console.log(`\n    Log: ${fmtInt(counts.events)} events, ${fmtInt(counts.rollups)} rollup counters, ${flowIds.length} flows over ${spanDays} days.`);
    console.log(`    Stats of the busiest flow "${busiest}" (${fmtInt(counts.byFlow[busiest] ?? 0)} events; ${fmtInt(first.rollups)} rollup counters; ${first.funnelSteps} funnel steps; ${first.days} days):`);
    console.log(
      table(
        ['method', 'runs', 'median', 'min', 'max', 'target'],
        [
          ['flowStats from rollups (index by-flow)', '5 (+1 first)', `${median(median5).toFixed(1)} ms`, `${Math.min(...median5).toFixed(1)} ms`, `${Math.max(...median5).toFixed(1)} ms`, `< 500 ms: ${median(median5) < 500 ? 'MET' : 'NOT MET'}`],
          ['baseline: scan events by-flow (cursor)', String(scans.length), `${median(scanMs).toFixed(0)} ms`, `${Math.min(...scanMs).toFixed(0)} ms`, `${Math.max(...scanMs).toFixed(0)} ms`, ''],
        ],
        [false, true, true, true, true, false],
      ).replace(/^/gm, '    '),
    );
    console.log(`    first stats call: ${first.ms.toFixed(1)} ms; rollups are ${(median(scanMs) / median(median5)).toFixed(0)}× faster than scanning.`);
    console.log(`    totals agree (rollups vs scan): ${same ? 'yes' : 'NO'} — ${JSON.stringify(first.totals)}${same ? '' : ` vs ${JSON.stringify(scans[0]!.totals)}`}`);

    const del = await call('closeAndDelete');
    console.log(`    scratch database ${dbName} ${del.deleted ? 'deleted' : 'NOT deleted (it goes with the temporary profile)'}.`);
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- main

const t0 = performance.now();
try {
  if (!flag('browser-only')) benchEvaluation();
  if (!flag('node-only')) await benchEventLog();
} catch (error) {
  console.error(error);
  process.exit(1);
}
console.log(`\nbench:engine done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
