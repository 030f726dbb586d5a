/**
 * Intent-matching benchmark: `npx tsx bench/intents.ts [--set FILE]`.
 *
 * Reads a labelled set (default: assets/intents/shop-intents.json)
 *
 *     { "intents": { "<intent>": { "en": [...], "fr": [...], "ru": [...] }, ... },
 *       "tests":   [ { "lang": "fr", "intent": "<intent>" | null, "text": "..." }, ... ] }
 *
 * trains the matcher from `intents` only (the tests are held out), and prints per language and
 * overall: the number of tests, top-1 accuracy of the matcher and of the keyword baseline
 * (measured in the same run) and their ratio, the matcher's accuracy when the language is not
 * given (auto-detected), whether the ≥ 90 % target is met, the time per utterance (mean and p95,
 * after a warm-up), and the misclassified utterances. A test with `"intent": null` is off-topic:
 * it counts as correct only when the answer is null.
 *
 * Exit code: 0 whatever the accuracy (this is a measurement, not a test); 2 when the set file
 * cannot be read or is malformed, with a message naming the bad field.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import {
  keywordBaseline,
  trainMatcher,
  type IntentExamples,
  type IntentMatcher,
} from '../src/core/language/intent-matcher.ts';
import { LANGS, type Lang } from '../src/core/language/text-normalize.ts';

const TARGET = 0.9;

interface TestCase {
  lang: Lang;
  intent: string | null;
  text: string;
}

interface IntentSet {
  intents: IntentExamples;
  tests: TestCase[];
}

// ---------------------------------------------------------------- input

function parseArgs(argv: readonly string[]): string {
  let set = fileURLToPath(new URL('../assets/intents/shop-intents.json', import.meta.url));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--set') {
      const v = argv[++i];
      if (!v) fail('--set needs a file name');
      set = v;
    } else if (a.startsWith('--set=')) {
      set = a.slice('--set='.length);
    } else if (a === '--help' || a === '-h') {
      console.log('usage: npx tsx bench/intents.ts [--set FILE]');
      process.exit(0);
    } else {
      fail(`unknown argument ${JSON.stringify(a)} (usage: npx tsx bench/intents.ts [--set FILE])`);
    }
  }
  return set;
}

function fail(message: string): never {
  console.error(`bench:intents: ${message}`);
  process.exit(2);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the set's shape; returns every problem found, each naming its field. */
export function validateSet(data: unknown): string[] {
  const errors: string[] = [];
  if (!isObject(data)) return ['the set must be a JSON object with "intents" and "tests"'];
  const { intents, tests } = data;
  if (!isObject(intents)) {
    errors.push('intents must be an object mapping intent names to examples per language');
  } else {
    if (Object.keys(intents).length === 0) errors.push('intents must name at least one intent');
    for (const [name, byLang] of Object.entries(intents)) {
      const at = `intents[${JSON.stringify(name)}]`;
      if (name.trim() === '') errors.push(`${at}: intent names must not be empty`);
      if (!isObject(byLang)) {
        errors.push(`${at} must be an object like { "en": [...], "fr": [...], "ru": [...] }`);
        continue;
      }
      let total = 0;
      for (const [lang, list] of Object.entries(byLang)) {
        if (!(LANGS as readonly string[]).includes(lang)) {
          errors.push(`${at}.${lang}: language must be one of ${LANGS.join(', ')}`);
          continue;
        }
        if (!Array.isArray(list)) {
          errors.push(`${at}.${lang} must be an array of example strings`);
          continue;
        }
        list.forEach((ex, k) => {
          if (typeof ex !== 'string' || ex.trim() === '') errors.push(`${at}.${lang}[${k}] must be a non-empty string`);
          else total++;
        });
      }
      if (total === 0) errors.push(`${at} has no example in any language`);
    }
  }
  if (!Array.isArray(tests)) {
    errors.push('tests must be an array of { "lang", "intent", "text" }');
  } else {
    if (tests.length === 0) errors.push('tests must hold at least one test');
    tests.forEach((t, k) => {
      const at = `tests[${k}]`;
      if (!isObject(t)) {
        errors.push(`${at} must be an object { "lang", "intent", "text" }`);
        return;
      }
      if (typeof t.lang !== 'string' || !(LANGS as readonly string[]).includes(t.lang)) {
        errors.push(`${at}.lang must be one of ${LANGS.join(', ')}`);
      }
      if (t.intent !== null && typeof t.intent !== 'string') {
        errors.push(`${at}.intent must be an intent name or null (off-topic)`);
      } else if (typeof t.intent === 'string' && isObject(intents) && !Object.hasOwn(intents, t.intent)) {
        errors.push(`${at}.intent ${JSON.stringify(t.intent)} is not one of the intents`);
      }
      if (typeof t.text !== 'string' || t.text.trim() === '') errors.push(`${at}.text must be a non-empty string`);
    });
  }
  return errors;
}

function loadSet(file: string): IntentSet {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (e) {
    fail(`cannot read ${file}: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    fail(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  const errors = validateSet(data);
  if (errors.length > 0) {
    const shown = errors.slice(0, 20).map((e) => `  - ${e}`);
    if (errors.length > 20) shown.push(`  … and ${errors.length - 20} more`);
    fail(`${file} is malformed:\n${shown.join('\n')}`);
  }
  return data as IntentSet;
}

// ---------------------------------------------------------------- measurement

const pct = (ok: number, n: number) => (n === 0 ? '   –   ' : `${((100 * ok) / n).toFixed(1).padStart(5)} %`);

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}

function main(): void {
  const file = parseArgs(process.argv.slice(2));
  const set = loadSet(file);

  // The matcher sees a fresh copy of `intents` and nothing else: the tests stay held out.
  const trainingData = structuredClone(set.intents);
  const t0 = performance.now();
  const matcher: IntentMatcher = trainMatcher(trainingData);
  const trainMs = performance.now() - t0;
  const baseline = keywordBaseline(structuredClone(set.intents));

  const examples = Object.values(set.intents).reduce(
    (n, byLang) => n + LANGS.reduce((m, l) => m + (byLang[l]?.length ?? 0), 0),
    0,
  );

  type Tally = { n: number; matcher: number; baseline: number; auto: number };
  const tally = new Map<Lang | 'all', Tally>();
  const bump = (key: Lang | 'all', m: boolean, b: boolean, a: boolean) => {
    const t = tally.get(key) ?? { n: 0, matcher: 0, baseline: 0, auto: 0 };
    t.n++;
    if (m) t.matcher++;
    if (b) t.baseline++;
    if (a) t.auto++;
    tally.set(key, t);
  };
  const misses: string[] = [];
  for (const t of set.tests) {
    const r = matcher.match(t.text, t.lang);
    const b = baseline.match(t.text, t.lang);
    const a = matcher.match(t.text);
    const ok = r.intent === t.intent;
    bump(t.lang, ok, b.intent === t.intent, a.intent === t.intent);
    bump('all', ok, b.intent === t.intent, a.intent === t.intent);
    if (!ok) {
      const runnerUp =
        r.ranking[0] && r.intent === null
          ? ` (best ${r.ranking[0].intent} ${r.score.toFixed(2)})`
          : ` (${r.score.toFixed(2)})`;
      misses.push(
        `  [${t.lang}] ${JSON.stringify(t.text)}: expected ${t.intent ?? 'null'}, got ${r.intent ?? 'null'}${runnerUp}`,
      );
    }
  }

  // Timing: warm up, then time every test utterance individually, several rounds.
  for (let i = 0; i < 20; i++) for (const t of set.tests) matcher.match(t.text, t.lang);
  const times: number[] = [];
  for (let round = 0; round < 30; round++) {
    for (const t of set.tests) {
      const s = performance.now();
      matcher.match(t.text, t.lang);
      times.push(performance.now() - s);
    }
  }
  times.sort((x, y) => x - y);
  const mean = times.reduce((s, x) => s + x, 0) / times.length;

  console.log(`Intent matching on ${file}`);
  console.log(
    `${Object.keys(set.intents).length} intents, ${examples} examples (training, ${trainMs.toFixed(1)} ms); ${set.tests.length} held-out tests`,
  );
  console.log('');
  console.log('lang  tests   matcher   baseline   ratio   auto-lang   target ≥ 90 %');
  for (const key of [...LANGS, 'all'] as const) {
    const t = tally.get(key);
    if (!t) continue;
    const ratio =
      t.baseline === 0
        ? t.matcher === 0
          ? '   –  '
          : '   ∞  '
        : `${(t.matcher / t.baseline).toFixed(2).padStart(5)}×`;
    const met = t.matcher / t.n >= TARGET ? 'met' : 'NOT met';
    console.log(
      `${key.padEnd(4)}  ${String(t.n).padStart(5)}   ${pct(t.matcher, t.n)}   ${pct(t.baseline, t.n)}   ${ratio}   ${pct(t.auto, t.n)}   ${met}`,
    );
  }
  console.log('');
  console.log(
    `matcher time per utterance: mean ${(mean * 1000).toFixed(1)} µs, p95 ${(percentile(times, 0.95) * 1000).toFixed(1)} µs (${times.length} timed matches after warm-up)`,
  );
  console.log('');
  console.log(misses.length === 0 ? 'No misclassified test utterance.' : `Misclassified (${misses.length}):`);
  const shown = 40;
  for (const line of misses.slice(0, shown)) console.log(line);
  if (misses.length > shown) console.log(`  … and ${misses.length - shown} more`);
}

main();
