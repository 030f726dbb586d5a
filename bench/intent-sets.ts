/**
 * Labelled intent sets for bench:intents: reading and checking them, and scoring a matcher on one.
 *
 * A set is a JSON file
 *
 *     { "about": "…", "intents": { "<intent>": { "en": [...], "fr": [...], "ru": [...] }, ... },
 *       "tests": [ { "lang": "fr", "intent": "<intent>" | null, "text": "..." }, ... ] }
 *
 * where `intents` are the examples a flow would have and `tests` are held out (never trained on);
 * a test with `"intent": null` is off-topic: right only when the answer is null.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { IntentExamples, MatchResult } from '../src/core/language/intent-matcher.ts';
import { LANGS, type Lang } from '../src/core/language/text-normalize.ts';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../src/core/test-support/rule-mix.ts';

export interface TestCase {
  lang: Lang;
  intent: string | null;
  text: string;
}

export interface IntentSet {
  /** What the set is and when it was written (free text). */
  about?: string;
  intents: IntentExamples;
  tests: TestCase[];
}

/** Anything that answers like a matcher (the matcher, the keyword baseline, the matcher before). */
export interface Matches {
  match(text: string, lang?: Lang): MatchResult;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a set's shape; returns every problem found, each naming its field. */
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

/** The paths of every set shipped in assets/intents/, in name order: what a bench scores by default. */
export function shippedSetFiles(): string[] {
  const dir = fileURLToPath(new URL('../assets/intents/', import.meta.url));
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => dir + f);
}

/** Reads and checks a set; throws an Error whose message lists the problems. */
export function loadSet(file: string): IntentSet {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  const errors = validateSet(data);
  if (errors.length > 0) {
    const shown = errors.slice(0, 20).map((e) => `  - ${e}`);
    if (errors.length > 20) shown.push(`  … and ${errors.length - 20} more`);
    throw new Error(`${file} is malformed:\n${shown.join('\n')}`);
  }
  return data as IntentSet;
}

/** The first `n` examples of every intent and language (a copy). */
export function capExamples(intents: IntentExamples, n: number): IntentExamples {
  const out: IntentExamples = {};
  for (const [name, byLang] of Object.entries(intents)) {
    out[name] = {};
    for (const l of LANGS) if (byLang[l]) out[name][l] = byLang[l].slice(0, n);
  }
  return out;
}

/** Counts of one language (or all) on one set. */
export interface Tally {
  tests: number;
  /** Answer equal to the label (off-topic: null). */
  right: number;
  inScope: number;
  /** In-scope tests whose best-ranked intent is the label, threshold aside. */
  rankedFirst: number;
  /** In-scope tests answered null. */
  rejected: number;
  offTopic: number;
  /** Off-topic tests given an intent. */
  accepted: number;
}

export const emptyTally = (): Tally => ({
  tests: 0,
  right: 0,
  inScope: 0,
  rankedFirst: 0,
  rejected: 0,
  offTopic: 0,
  accepted: 0,
});

export function addTally(into: Tally, t: Tally): void {
  for (const k of Object.keys(into) as (keyof Tally)[]) into[k] += t[k];
}

/** Scores `m` on `tests`; `auto` leaves the language to the matcher. */
export function tally(m: Matches, tests: readonly TestCase[], auto = false): Tally {
  const t = emptyTally();
  for (const test of tests) {
    const r = m.match(test.text, auto ? undefined : test.lang);
    t.tests++;
    if (r.intent === test.intent) t.right++;
    if (test.intent === null) {
      t.offTopic++;
      if (r.intent !== null) t.accepted++;
    } else {
      t.inScope++;
      if (r.ranking[0]?.intent === test.intent && r.score > 0) t.rankedFirst++;
      if (r.intent === null) t.rejected++;
    }
  }
  return t;
}

/** Time of each `match` of `tests` (ms), after a warm-up, over `rounds` rounds; sorted. */
export function timeMatches(m: Matches, tests: readonly TestCase[], rounds: number): number[] {
  for (let i = 0; i < Math.min(rounds, 10); i++) for (const t of tests) m.match(t.text, t.lang);
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const t of tests) {
      const s = performance.now();
      m.match(t.text, t.lang);
      times.push(performance.now() - s);
    }
  }
  return times.sort((x, y) => x - y);
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1))]!;
}

/**
 * Splits one language's tests for `--learn K`: `k` in-scope tests picked by a seeded shuffle (the
 * answers a marketer labels; mulberry32, so a split is reproducible) and the rest (off-topic ones
 * included) to evaluate on.
 */
export function learnSplit(tests: readonly TestCase[], k: number, seed = 1): { learn: TestCase[]; rest: TestCase[] } {
  const next = mulberry32(seed);
  const order = tests.map((t, i) => ({ t, i, r: next() })).sort((a, b) => a.r - b.r || a.i - b.i);
  const picked = new Set(
    order
      .filter((o) => o.t.intent !== null)
      .slice(0, k)
      .map((o) => o.i),
  );
  return { learn: tests.filter((_, i) => picked.has(i)), rest: tests.filter((_, i) => !picked.has(i)) };
}
