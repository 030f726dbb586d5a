/**
 * Intent-matching benchmark: `npm run bench:intents -- [options]`.
 *
 *   --set FILE      a labelled set (repeatable); default: every assets/intents/*.json
 *   --examples N    train on the first N examples of each intent and language only
 *   --learn K       also: accuracy before and after adding K labelled in-scope answers per
 *                   language from the set's tests (a seeded pick), evaluated on the remaining tests;
 *                   then the same with K of the answers the options page would list (no or weak match)
 *   --calibrate     also: false accepts and false rejects for a range of no-match thresholds,
 *                   pooled over the sets (how the default threshold was chosen)
 *   --misses N      list up to N misclassified tests per set (default 15)
 *   --smoke         a fast run: the first set, about 8 tests per language taken evenly, 2 timing rounds
 *
 * For each set (format: bench/intent-sets.ts) the matcher is trained from `intents` only (the
 * tests stay held out) and printed per language: tests; top-1 (the answer equals the label;
 * off-topic tests count when the answer is null) of the matcher and of the keyword baseline
 * measured in the same run; the matcher's top-1 with the language auto-detected; in-scope tests
 * ranked first (threshold aside); the no-match calibration (FA: off-topic tests given an intent;
 * FR: in-scope tests answered null); the time per utterance (mean and p95 after a warm-up, each
 * match timed alone); whether the ≥ 90 % target is met; the time to group the set's test answers
 * by similarity (`groupAnswers`, what the options page does with unmatched answers).
 *
 * Exit code: 0 whatever the accuracy (a measurement, not a test); 2 on a bad argument or a set
 * that cannot be read or is malformed, with a message naming the bad field.
 */
import { performance } from 'node:perf_hooks';
import { groupAnswers } from '../src/core/language/answer-groups.ts';
import {
  keywordBaseline,
  matchStrength,
  trainMatcher,
  type IntentMatcher,
} from '../src/core/language/intent-matcher.ts';
import { LANGS, type Lang } from '../src/core/language/text-normalize.ts';
import {
  addTally,
  capExamples,
  emptyTally,
  learnSplit,
  loadSet,
  percentile,
  shippedSetFiles,
  tally,
  timeMatches,
  type IntentSet,
  type Tally,
  type TestCase,
} from './intent-sets.ts';

const TARGET = 0.9;
const USAGE =
  'usage: npm run bench:intents -- [--set FILE]... [--examples N] [--learn K] [--calibrate] [--misses N] [--smoke]';

interface Args {
  sets: string[];
  examples: number | undefined;
  learn: number | undefined;
  calibrate: boolean;
  misses: number;
  smoke: boolean;
}

function fail(message: string): never {
  console.error(`bench:intents: ${message}`);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { sets: [], examples: undefined, learn: undefined, calibrate: false, misses: 15, smoke: false };
  const count = (name: string, v: string | undefined, min: number): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min) fail(`${name} needs a whole number ≥ ${min} (${USAGE})`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [a, inline] = argv[i]!.split(/=(.*)/s) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    if (a === '--set') {
      const v = value();
      if (!v) fail('--set needs a file name');
      args.sets.push(v);
    } else if (a === '--examples') args.examples = count(a, value(), 1);
    else if (a === '--learn') args.learn = count(a, value(), 1);
    else if (a === '--misses') args.misses = count(a, value(), 0);
    else if (a === '--calibrate') args.calibrate = true;
    else if (a === '--smoke') args.smoke = true;
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else fail(`unknown argument ${JSON.stringify(a)} (${USAGE})`);
  }
  if (args.sets.length === 0) args.sets = shippedSetFiles();
  if (args.smoke) args.sets = args.sets.slice(0, 1);
  return args;
}

// ---------------------------------------------------------------- printing

const pct = (ok: number, n: number) => (n === 0 ? '    –  ' : `${((100 * ok) / n).toFixed(1).padStart(5)} %`);
const frac = (k: number, n: number) => `${k}/${n}`.padStart(6);
const us = (ms: number) => `${(ms * 1000).toFixed(0).padStart(5)} µs`;

function row(key: string, m: Tally, b: Tally, a: Tally, times: readonly number[]): string {
  const mean = times.length === 0 ? 0 : times.reduce((s, x) => s + x, 0) / times.length;
  const met = m.right / m.tests >= TARGET ? 'met' : 'NOT met';
  return [
    key.padEnd(4),
    String(m.tests).padStart(5),
    pct(m.right, m.tests),
    pct(b.right, b.tests),
    pct(a.right, a.tests),
    pct(m.rankedFirst, m.inScope),
    frac(m.accepted, m.offTopic),
    frac(m.rejected, m.inScope),
    us(mean),
    us(percentile(times, 0.95)),
    met,
  ].join('  ');
}

const HEADER = 'lang  tests    top-1  baseline  auto-lang  ranked 1st      FA      FR     mean      p95  target ≥ 90 %';

function describeMiss(t: TestCase, m: IntentMatcher): string | null {
  const r = m.match(t.text, t.lang);
  if (r.intent === t.intent) return null;
  const best = r.intent === null && r.ranking[0] ? `best ${r.ranking[0].intent} ` : '';
  return `  [${t.lang}] ${JSON.stringify(t.text)}: expected ${t.intent ?? 'null'}, got ${r.intent ?? 'null'} (${best}${r.score.toFixed(2)})`;
}

// ---------------------------------------------------------------- one set

/** About `n` items taken evenly from `list` (its intents and off-topic tests alike). */
function spread<T>(list: readonly T[], n: number): T[] {
  const step = Math.max(1, Math.ceil(list.length / n));
  return list.filter((_, i) => i % step === 0);
}

interface SetRun {
  name: string;
  set: IntentSet;
  matcher: IntentMatcher;
  perLang: Map<Lang, Tally>;
}

function runSet(file: string, args: Args): SetRun {
  let set: IntentSet;
  try {
    set = loadSet(file);
  } catch (e) {
    fail((e as Error).message);
  }
  const name = file
    .split('/')
    .pop()!
    .replace(/\.json$/, '');
  const intents = args.examples ? capExamples(set.intents, args.examples) : structuredClone(set.intents);
  const tests = args.smoke
    ? LANGS.flatMap((l) =>
        spread(
          set.tests.filter((t) => t.lang === l),
          8,
        ),
      )
    : set.tests;
  const t0 = performance.now();
  const matcher = trainMatcher(intents);
  const trainMs = performance.now() - t0;
  const baseline = keywordBaseline(intents);
  const examples = Object.values(intents).reduce(
    (n, byLang) => n + LANGS.reduce((k, l) => k + (byLang[l]?.length ?? 0), 0),
    0,
  );

  console.log(`\n== ${name} (${file})`);
  if (set.about) console.log(set.about);
  console.log(
    `${Object.keys(intents).length} intents, ${examples} examples (trained in ${trainMs.toFixed(1)} ms); ${tests.length} held-out tests`,
  );
  console.log(HEADER);
  const all = { m: emptyTally(), b: emptyTally(), a: emptyTally(), times: [] as number[] };
  const perLang = new Map<Lang, Tally>();
  for (const lang of LANGS) {
    const own = tests.filter((t) => t.lang === lang);
    if (own.length === 0) continue;
    const m = tally(matcher, own);
    const b = tally(baseline, own);
    const a = tally(matcher, own, true);
    const times = timeMatches(matcher, own, args.smoke ? 2 : 30);
    perLang.set(lang, m);
    addTally(all.m, m);
    addTally(all.b, b);
    addTally(all.a, a);
    all.times.push(...times);
    console.log(row(lang, m, b, a, times));
  }
  all.times.sort((x, y) => x - y);
  console.log(row('all', all.m, all.b, all.a, all.times));
  if (args.smoke) console.log('(smoke run: 2 timing rounds, the times are not representative)');

  const g0 = performance.now();
  const groups = groupAnswers(tests);
  console.log(
    `grouping the ${tests.length} test answers by similarity (groupAnswers): ${(performance.now() - g0).toFixed(1)} ms, ${groups.length} groups`,
  );

  if (args.learn) learn(matcher, tests, args.learn);

  const misses = tests.map((t) => describeMiss(t, matcher)).filter((s): s is string => s !== null);
  if (args.misses > 0 && misses.length > 0) {
    console.log(`misclassified (${misses.length}):`);
    for (const line of misses.slice(0, args.misses)) console.log(line);
    if (misses.length > args.misses) console.log(`  … and ${misses.length - args.misses} more`);
  }
  return { name, set: { ...set, tests }, matcher, perLang };
}

/**
 * `--learn K`: K labelled answers per language become examples; scored on the remaining tests.
 * Two picks: any in-scope tests (seeded), and only those the options page would list for a
 * marketer to teach (no intent or a weak match, `matchStrength`), as the product learns.
 */
function learn(matcher: IntentMatcher, tests: readonly TestCase[], k: number): void {
  const listed = (t: TestCase) => matchStrength(matcher.match(t.text, t.lang), matcher.options) !== 'strong';
  const picks: [string, (inLang: TestCase[]) => TestCase[]][] = [
    ['any in-scope answers', (inLang) => learnSplit(inLang, k).learn],
    [
      'answers the options page lists (no or weak match)',
      (inLang) =>
        learnSplit(
          inLang.filter((t) => t.intent !== null && listed(t)),
          k,
        ).learn,
    ],
  ];
  for (const [what, pick] of picks) {
    console.log(`learning ${k} labelled ${what} per language (evaluated on the remaining tests):`);
    console.log('lang  learned  evaluated   before    after   per added example');
    for (const lang of LANGS) {
      const inLang = tests.filter((t) => t.lang === lang);
      const labelled = pick(inLang);
      const rest = inLang.filter((t) => !labelled.includes(t));
      if (rest.length === 0) continue;
      let learned = matcher;
      const t0 = performance.now();
      for (const t of labelled) learned = learned.withExample(t.intent!, t.text, t.lang);
      const perAdd = labelled.length === 0 ? 0 : (performance.now() - t0) / labelled.length;
      const before = tally(matcher, rest);
      const after = tally(learned, rest);
      console.log(
        `${lang.padEnd(4)}  ${String(labelled.length).padStart(7)}  ${String(rest.length).padStart(9)}  ${pct(before.right, before.tests)}  ${pct(after.right, after.tests)}   ${perAdd.toFixed(1)} ms`,
      );
    }
  }
}

// ---------------------------------------------------------------- calibration

/** FA/FR of every threshold in a range, pooled over the runs, at the matcher's own margin rule. */
function calibrate(runs: readonly SetRun[]): void {
  const scored = runs.flatMap((r) =>
    r.set.tests.map((t) => {
      const m = r.matcher.match(t.text, t.lang);
      const margin = m.score - (m.ranking[1]?.score ?? 0);
      return { t, m, margin, minMargin: r.matcher.options.minMargin };
    }),
  );
  const inScope = scored.filter((s) => s.t.intent !== null).length;
  const offTopic = scored.length - inScope;
  console.log(`\nno-match threshold (pooled: ${inScope} in-scope, ${offTopic} off-topic tests; default marked *):`);
  console.log('threshold     top-1      FA      FR');
  const current = runs[0]?.matcher.options.threshold;
  for (let th = 0; th <= 0.3001; th += 0.025) {
    let right = 0;
    let fa = 0;
    let fr = 0;
    for (const s of scored) {
      const accept = s.m.score > 0 && s.m.score >= th && s.margin >= s.minMargin;
      const answer = accept ? (s.m.ranking[0]?.intent ?? null) : null;
      if (answer === s.t.intent) right++;
      if (s.t.intent === null && answer !== null) fa++;
      if (s.t.intent !== null && answer === null) fr++;
    }
    const mark = current !== undefined && Math.abs(th - current) < 1e-9 ? '*' : ' ';
    console.log(`${th.toFixed(3)}${mark}     ${pct(right, scored.length)}  ${pct(fa, offTopic)}  ${pct(fr, inScope)}`);
  }
}

// ---------------------------------------------------------------- main

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const runs = args.sets.map((file) => runSet(file, args));

  if (runs.length > 1) {
    console.log('\n== top-1 per set and language');
    console.log(`set${' '.repeat(27)}${LANGS.map((l) => l.padStart(8)).join('')}`);
    for (const r of runs) {
      const cells = LANGS.map((l) => {
        const t = r.perLang.get(l);
        return t ? pct(t.right, t.tests).padStart(8) : '       –';
      });
      console.log(`${r.name.padEnd(30)}${cells.join('')}`);
    }
  }
  if (args.calibrate) calibrate(runs);
}

main();
