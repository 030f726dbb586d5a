/**
 * `npm run bench:smoke` (part of `npm test`): runs every benchmark with tiny sizes, so that none
 * can silently break again (bench:overlay once stopped running when a setting it used became
 * invalid, and nobody noticed). It asserts only that each bench exits with 0 and prints its
 * figures (the lines below), never what the figures are: timing is not a test on a shared machine.
 *
 * The benches are found, not listed by hand: every `bench:*` script of package.json but this one;
 * and every file of bench/ must be such a script's entry or imported by one (a helper), so a new
 * bench without a smoke entry here fails the run. `bench/trials/` holds one-off trials that need
 * what is not a dependency (a model installed by hand) and record how a decision was measured:
 * they are not benches and have no smoke run. The browser benches need the built extension
 * (`npm run build` first). They run in two lanes of browsers side by side, the Node-only ones
 * alongside them: the smoke run checks only that each bench works and prints, never a figure, so
 * sharing the cores changes nothing it checks (all seven passed side by side at load 12).
 *
 *   npm run bench:smoke [-- --only bench:overlay,bench:content]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../e2e/harness/common.ts';
import { flag, option } from './bench-options.ts';

interface SmokeRun {
  /** The bench script it runs. */
  script: string;
  /** Arguments for a tiny run. */
  args: string[];
  /** Lines the output must contain: the bench printed its figures. */
  expect: RegExp[];
  /** Whether it drives a browser (those run in two lanes). */
  browser: boolean;
  /** About how long it takes, in seconds (relative figures, seen side by side at load 3–10): what balances the two lanes. */
  seconds: number;
}

const NUMBER = String.raw`\d+(?:\.\d+)?`;
/**
 * The smoke runs. A bench that measures both browsers one after the other has a run per browser
 * (`--browsers`): the two lanes then balance much better than with one long run (bench:content's
 * two parts took 98 s in one lane while the other ran the rest).
 */
const SMOKE: SmokeRun[] = [
  {
    script: 'bench:overlay',
    args: ['--smoke', '--browsers', 'chromium'],
    expect: [
      new RegExp(`^overlay: first-paint median ${NUMBER} ms, floor ${NUMBER} ms, ratio ${NUMBER}$`, 'm'),
      new RegExp(`^Tact, background stopped +${NUMBER} `, 'm'),
    ],
    browser: true,
    seconds: 17,
  },
  {
    script: 'bench:overlay',
    args: ['--smoke', '--browsers', 'firefox'],
    expect: [
      new RegExp(`^overlay \\[firefox\\]: first-paint median ${NUMBER} ms, floor ${NUMBER} ms, ratio ${NUMBER}$`, 'm'),
      new RegExp(`^Tact, background stopped +${NUMBER} `, 'm'),
    ],
    browser: true,
    seconds: 28,
  },
  {
    script: 'bench:content',
    // With the floor that only listens (`--empty-script`), so the option cannot rot either.
    args: ['--smoke', '--browsers', 'chromium', '--empty-script', 'bench/fixtures/listening-content-script.js'],
    expect: [
      /^The floor \(empty-script\) is bench\/fixtures\/listening-content-script\.js, not an empty script/m,
      /^ {2}no rule for this site: +load -?\d/m,
      /^ {2}a rule applies, idle: +load -?\d.* arrival -?\d.* input -?[\d.]+× one empty listener$/m,
      /^ {2}all detectors armed: +load -?\d.* arrival -?\d.*= -?[\d.]+× \(target ≤ 1\.3×\)$/m,
    ],
    browser: true,
    seconds: 41,
  },
  {
    script: 'bench:content',
    // The tab's history forgotten and the garbage collected before each load (`--fresh-history`,
    // `--collect`), so that neither path can rot.
    args: ['--smoke', '--browsers', 'firefox', '--fresh-history', '--collect'],
    expect: [
      /^\[firefox\] Each tab's history was forgotten before each load/m,
      /^\[firefox\] The content processes were asked to collect their garbage a second before each load/m,
      // "—×" where the empty listener's few calls took no profiler sample.
      /^\[firefox\] {3}a rule applies, idle: +load -?\d.* arrival -?\d.* input (?:-?[\d.]+|—)× one empty listener$/m,
      /^\[firefox\] {3}all detectors armed: +load -?\d.* arrival -?\d.*= (?:-?[\d.]+|—)× \(target ≤ 1\.3×\)$/m,
    ],
    browser: true,
    seconds: 55,
  },
  {
    // The pooled verdict over saved samples (`--save`): a few of one real run's, no browser.
    script: 'bench:content',
    args: ['--pool', 'bench/fixtures/firefox-saved-run.json'],
    expect: [
      /^\[firefox\] {3}tact-idle's load: +-?[\d.]+ ms above an empty content script \(95 % interval -?[\d.]+ to -?[\d.]+ over 6 and 6 samples; target ≤ 2 ms: [a-z ]+\)$/m,
      /^\[firefox\] {3}idle and armed load: +-?[\d.]+ ms above/m,
    ],
    browser: false,
    seconds: 2,
  },
  {
    script: 'bench:engine',
    args: [
      ...['--sizes', '10,100', '--events', '3000', '--runs', '2', '--scan-runs', '1'],
      ...['--load-batch', '1000', '--fill-budget', '30', '--sensitivity-rules', '100', '--no-build'],
    ],
    expect: [/^ +100 /m, /stats\/flow p95 [\d.]+ ms/, /^bench:engine done in \d+ s$/m],
    browser: true,
    seconds: 19,
  },
  {
    script: 'bench:intents',
    args: ['--smoke'],
    expect: [/^all +\d+ +[\d.]+ % +[\d.]+ % .* µs/m, /^grouping the \d+ test answers by similarity .*: [\d.]+ ms/m],
    browser: false,
    seconds: 1,
  },
  {
    script: 'bench:patterns',
    args: ['--smoke'],
    expect: [/^Worst match through Tact's matchers: [\d.]+ ms/m],
    browser: false,
    seconds: 1,
  },
  {
    script: 'bench:embed',
    args: ['--smoke'],
    expect: [
      /^ {2}Tact embed, every page +[\d.]+ KB$/m,
      /^embed \[chromium\]: trigger → first paint median [\d.]+ ms/m,
      /^embed: every page \d+ B gzip, on show \d+ B gzip$/m,
    ],
    browser: true,
    seconds: 22,
  },
  {
    script: 'bench:results',
    args: ['--smoke', '--no-build'],
    expect: [
      /^ {2}results\/conversations \(30 days\) +[\d.]+ ms +[\d.]+× the cursor/m,
      /^results: overview [\d.]+ ms, flow [\d.]+ ms, export [\d.]+ ms, cursor over all events [\d.]+ ms/m,
    ],
    browser: true,
    seconds: 12,
  },
  {
    script: 'bench:store',
    args: ['--events', '4000', '--conversations', '200', '--page-views', '500'],
    expect: [
      /^hello \(resume lookup\) +median [\d.]+ ms$/m,
      /^retention: \d+ events deleted in \d+ ms/m,
      /^stale notice after an answer, .* now \(live index\) median [\d.]+ ms, \d+ messages$/m,
    ],
    browser: false,
    seconds: 12,
  },
];

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const scripts = Object.keys(pkg.scripts).filter((s) => s.startsWith('bench:') && s !== 'bench:smoke');
const problems: string[] = [];
for (const s of scripts)
  if (!SMOKE.some((r) => r.script === s)) problems.push(`${s} has no smoke run in bench/smoke.ts`);
for (const r of SMOKE) if (!scripts.includes(r.script)) problems.push(`${r.script} is not a script of package.json`);
// Every bench file is an entry of a bench script or a helper one of them imports. A unit test of
// a helper (*.test.ts) is neither: `npm run test:unit` runs it, and its imports count for nothing.
const benchDir = path.join(ROOT, 'bench');
const files = fs.readdirSync(benchDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
const entries = new Set(
  Object.values(pkg.scripts).flatMap((cmd) => [...cmd.matchAll(/bench\/([\w.-]+\.ts)/g)].map((m) => m[1]!)),
);
const imported = new Set(
  files.flatMap((f) =>
    [...fs.readFileSync(path.join(benchDir, f), 'utf8').matchAll(/from '\.\/([\w.-]+\.ts)'/g)].map((m) => m[1]!),
  ),
);
for (const f of files)
  if (!entries.has(f) && !imported.has(f))
    problems.push(`bench/${f} is neither a bench:* script's entry nor imported by a bench`);
if (problems.length) {
  console.error(`✖ bench:smoke:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}

const only = flag('only') ? option('only', '').split(',') : undefined;
const selected = SMOKE.filter((r) => !only || only.includes(r.script));

/** A run's name in the report: the script, and its browser where it has a run per browser. */
const nameOf = (r: SmokeRun) => {
  const i = r.args.indexOf('--browsers');
  return i >= 0 ? `${r.script} [${r.args[i + 1]}]` : r.script;
};

interface Outcome {
  name: string;
  ok: boolean;
  seconds: number;
  detail: string;
}

/**
 * Runs one bench with its command line from package.json, as `npm run` would (without npm's own
 * start-up, a third of a second of CPU a run), and checks its output.
 */
function run(smoke: SmokeRun): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', `${pkg.scripts[smoke.script]} "$@"`, smoke.script, ...smoke.args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => {
      const seconds = (Date.now() - started) / 1000;
      const missing = smoke.expect.filter((re) => !re.test(out));
      const ok = code === 0 && missing.length === 0;
      const detail = ok
        ? ''
        : `exit code ${code}${missing.length ? `; missing ${missing.map(String).join(', ')}` : ''}\n--- output ---\n${out.slice(-4000)}`;
      resolve({ name: nameOf(smoke), ok, seconds, detail });
    });
  });
}

async function lane(list: SmokeRun[]): Promise<Outcome[]> {
  const done: Outcome[] = [];
  for (const s of list) {
    const outcome = await run(s);
    console.log(`${outcome.ok ? '✔' : '✖'} ${outcome.name} (${outcome.seconds.toFixed(0)} s)`);
    done.push(outcome);
  }
  return done;
}

const t0 = Date.now();
// The longest first, each to the lane that ends sooner.
const lanes: { runs: SmokeRun[]; seconds: number }[] = [
  { runs: [], seconds: 0 },
  { runs: [], seconds: 0 },
];
for (const r of selected.filter((r) => r.browser).sort((a, b) => b.seconds - a.seconds)) {
  const shorter = lanes[0]!.seconds <= lanes[1]!.seconds ? lanes[0]! : lanes[1]!;
  shorter.runs.push(r);
  shorter.seconds += r.seconds;
}
const outcomes = (
  await Promise.all([...lanes.map((l) => lane(l.runs)), lane(selected.filter((r) => !r.browser))])
).flat();
const failed = outcomes.filter((o) => !o.ok);
for (const f of failed) console.error(`\n✖ ${f.name}: ${f.detail}`);
const benches = new Set(selected.map((r) => r.script)).size;
console.log(
  `bench:smoke: ${outcomes.length - failed.length} of ${outcomes.length} runs of ${benches} benches ran and printed their figures in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
);
process.exit(failed.length ? 1 : 0);
