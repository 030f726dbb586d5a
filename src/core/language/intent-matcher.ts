/**
 * Free-text intent matching for flows: a visitor's reply is matched to the flow's intents, each
 * given by a few example phrases per language (en, fr, ru).
 *
 * How it works (`trainMatcher`):
 * - Every example is analysed in its own language (text-normalize.ts: folding, stop words,
 *   Snowball stems) into two sparse feature blocks: the *word* block (stems) and the *char* block
 *   (character 3- and 4-grams of the words and each word's first five letters, Cyrillic
 *   transliterated so one spelling serves every script).
 * - A feature weighs `ln(1 + I / k)`, `I` intents of which `k` have it in some example (inverse
 *   *intent* frequency): a word several examples of one intent share is telling, a word every
 *   intent has is not. A word no example has weighs like the rarest, so unknown words dilute the
 *   similarity — which is what sends off-topic text to the fallback.
 * - The similarity of an utterance to an example is `wordWeight · cos(words) + (1 − wordWeight) ·
 *   cos(chars)`: stems carry the meaning; n-grams rescue typos, word forms and compounds.
 * - An intent's score in the utterance's language mixes its nearest example with its centroid
 *   (the normalised sum of its examples' vectors), `(1 − centroidWeight) · best + centroidWeight ·
 *   centroid`; the same is computed over its examples in the *other* languages (shared words and
 *   n-grams: "email", "PDF", "facture"/"invoice", "тариф"/"tarif") and blended in with
 *   `crossWeight`. An intent with no example in the utterance's language is scored on the others.
 * - The answer is the best intent, or `null` (the flow's fallback branch) when its score is below
 *   `threshold` or less than `minMargin` above the runner-up (by default only a tie). The default
 *   threshold was calibrated on the shop set's off-topic and on-topic scores and confirmed pooled
 *   over the five sets of v3's tuning (see ARCHITECTURE.md, "Free text").
 * - Without a `lang`, the language is detected (`detectLanguage`); when French and English are
 *   equally likely, both are tried and the better match is kept.
 *
 * Learning (`withExample`, `addExample`): a labelled answer becomes one more example at once; the
 * new matcher reuses the analysis of every other example and only re-weighs.
 *
 * No global mutable state; the same input always gives the same output; inputs are not changed.
 */
import { featuresOf, FeatureWeights, unit, type Block, type Features, type Vector } from './text-features.ts';
import { isMostlyCyrillic, isStopWord, LANGS, tokenize, type Lang } from './text-normalize.ts';

export type { Lang } from './text-normalize.ts';

/** Example phrases per intent and language (the flow model's `intents`). */
export type IntentExamples = Record<string, Partial<Record<Lang, string[]>>>;

interface RankedIntent {
  intent: string;
  score: number;
}

export interface MatchResult {
  /** Best intent, or null when nothing matches well enough (take the fallback branch). */
  intent: string | null;
  /** Score of the best intent, 0–1 (reported even when `intent` is null). */
  score: number;
  /** Every intent with at least one example, best first (ties keep the training order). */
  ranking: RankedIntent[];
  /** Language the utterance was read in (given or detected). */
  lang: Lang;
}

export interface MatcherOptions {
  /** Below this best score the answer is null (a score of 0 never matches). */
  threshold?: number;
  /** The best score must beat the runner-up by at least this much, or the answer is null. */
  minMargin?: number;
  /** Share of the word block (stems) in the similarity; the rest goes to char n-grams. */
  wordWeight?: number;
  /** Share of the intent centroid in an intent's score; the rest is its nearest example. */
  centroidWeight?: number;
  /** How much the examples in other languages add to an intent's score (a noisy-or). */
  crossWeight?: number;
  /** Count of a generic word ("need", "work", "what", `isGenericWord`) relative to other words. */
  genericWeight?: number;
}

export interface IntentMatcher {
  /** Matches one utterance; `lang` when known, else it is detected. Never throws. */
  match(text: string, lang?: Lang): MatchResult;
  /**
   * A new matcher that also knows `text` as an example of `intent` in `lang` (detected when not
   * given); `intent` may be new. This matcher is unchanged. Blank text gives an equal matcher.
   */
  withExample(intent: string, text: string, lang?: Lang): IntentMatcher;
  /** The examples it was trained on (a copy, blanks removed), for saving what was learned. */
  examples(): IntentExamples;
  /** Intents in training order (only those with at least one example). */
  readonly intents: readonly string[];
  readonly options: Readonly<Required<MatcherOptions>>;
}

export const DEFAULT_MATCHER_OPTIONS: Readonly<Required<MatcherOptions>> = Object.freeze({
  threshold: 0.1,
  minMargin: 0.001,
  wordWeight: 0.5,
  centroidWeight: 0.3,
  crossWeight: 0.25,
  genericWeight: 0.5,
});

// ---------------------------------------------------------------- language detection

const FRENCH_LETTERS = /[éèêëàâçùûüîïôœ]/;

/** Stop-word (and accent) evidence for French and English in a Latin-script text. */
function latinCues(text: string): { fr: number; en: number } {
  let fr = FRENCH_LETTERS.test(text.toLowerCase()) ? 2 : 0;
  let en = 0;
  for (const w of tokenize(text)) {
    if (isStopWord(w, 'fr')) fr++;
    if (isStopWord(w, 'en')) en++;
  }
  return { fr, en };
}

/** Best guess of the language: Cyrillic → ru; else French vs English function words and accents (ties → en). */
export function detectLanguage(text: string): Lang {
  return candidateLanguages(text)[0]!;
}

/** Languages to try for `text` when none was given, the most likely first. */
function candidateLanguages(text: string): Lang[] {
  if (isMostlyCyrillic(text)) return ['ru'];
  const { fr, en } = latinCues(text);
  if (fr > en) return ['fr'];
  if (en > fr) return ['en'];
  return ['en', 'fr'];
}

// ---------------------------------------------------------------- index

interface Example {
  intent: number;
  lang: Lang;
  text: string;
  features: Features;
}

/** Weights of one block: inverse intent frequency (a feature's groups are the intents). */
function blockWeights(examples: readonly Example[], block: Block, intents: number): FeatureWeights {
  const groups: string[][] = Array.from({ length: intents }, () => []);
  for (const ex of examples) groups[ex.intent]!.push(...ex.features[block].keys());
  return new FeatureWeights(groups);
}

/** feature → [document, weight, document, weight, …] */
type Postings = Map<string, number[]>;

function post(into: Postings, doc: number, v: Vector): void {
  for (const [key, w] of v) {
    if (w === 0) continue;
    let list = into.get(key);
    if (!list) into.set(key, (list = []));
    list.push(doc, w);
  }
}

/** Adds `factor · cos(query, doc)` to `out[doc]` for every document. */
function accumulate(postings: Postings, query: Vector, factor: number, out: Float64Array): void {
  for (const [key, qw] of query) {
    const list = postings.get(key);
    if (!list) continue;
    for (let i = 0; i < list.length; i += 2) out[list[i]!]! += factor * qw * list[i + 1]!;
  }
}

/**
 * Documents: every example, then one centroid per (intent, language) that has examples. A
 * document's language decides whether it counts as "same" or "other" for an utterance.
 */
interface Index {
  wordWeights: FeatureWeights;
  charWeights: FeatureWeights;
  words: Postings;
  chars: Postings;
  docIntent: Int32Array;
  docLang: Lang[];
  /** Documents below this number are examples; the rest are centroids. */
  examples: number;
}

function buildIndex(examples: readonly Example[], intents: number): Index {
  const wordWeights = blockWeights(examples, 'words', intents);
  const charWeights = blockWeights(examples, 'chars', intents);
  const index: Index = {
    wordWeights,
    charWeights,
    words: new Map(),
    chars: new Map(),
    docIntent: new Int32Array(examples.length + intents * LANGS.length),
    docLang: [],
    examples: examples.length,
  };
  const centroids = new Map<string, { intent: number; lang: Lang; words: Vector; chars: Vector }>();
  examples.forEach((ex, doc) => {
    const wv = wordWeights.vector(ex.features.words);
    const cv = charWeights.vector(ex.features.chars);
    post(index.words, doc, wv);
    post(index.chars, doc, cv);
    index.docIntent[doc] = ex.intent;
    index.docLang[doc] = ex.lang;
    const key = `${ex.intent} ${ex.lang}`;
    let c = centroids.get(key);
    if (!c) centroids.set(key, (c = { intent: ex.intent, lang: ex.lang, words: new Map(), chars: new Map() }));
    for (const [k, w] of wv) c.words.set(k, (c.words.get(k) ?? 0) + w);
    for (const [k, w] of cv) c.chars.set(k, (c.chars.get(k) ?? 0) + w);
  });
  let doc = examples.length;
  for (const c of centroids.values()) {
    post(index.words, doc, unit(c.words));
    post(index.chars, doc, unit(c.chars));
    index.docIntent[doc] = c.intent;
    index.docLang[doc] = c.lang;
    doc++;
  }
  return index;
}

// ---------------------------------------------------------------- matcher

/**
 * Builds a matcher from example phrases (`intents`, not changed). Intents without any non-blank
 * example are left out. Options not given take `DEFAULT_MATCHER_OPTIONS`.
 */
export function trainMatcher(intents: IntentExamples, options: MatcherOptions = {}): IntentMatcher {
  const opts: Required<MatcherOptions> = { ...DEFAULT_MATCHER_OPTIONS, ...definedOnly(options) };
  const names: string[] = [];
  const examples: Example[] = [];
  for (const name of Object.keys(intents)) {
    const own: Example[] = [];
    for (const lang of LANGS) {
      for (const text of intents[name]?.[lang] ?? []) {
        if (typeof text !== 'string' || text.trim() === '') continue;
        own.push({ intent: names.length, lang, text, features: featuresOf(text, lang, opts.genericWeight) });
      }
    }
    if (own.length === 0) continue;
    names.push(name);
    examples.push(...own);
  }
  return assemble(names, examples, opts);
}

function assemble(
  names: readonly string[],
  examples: readonly Example[],
  opts: Required<MatcherOptions>,
): IntentMatcher {
  const index = buildIndex(examples, names.length);
  const docs = index.docIntent.length;
  const hasLang = new Set(examples.map((ex) => `${ex.intent} ${ex.lang}`));

  function scoreIn(text: string, lang: Lang): RankedIntent[] {
    const f = featuresOf(text, lang, opts.genericWeight);
    const sims = new Float64Array(docs);
    accumulate(index.words, index.wordWeights.vector(f.words), opts.wordWeight, sims);
    accumulate(index.chars, index.charWeights.vector(f.chars), 1 - opts.wordWeight, sims);
    const bestSame = new Float64Array(names.length);
    const bestOther = new Float64Array(names.length);
    const centroidSame = new Float64Array(names.length);
    const centroidOther = new Float64Array(names.length);
    for (let d = 0; d < docs; d++) {
      const i = index.docIntent[d]!;
      const same = index.docLang[d] === lang;
      const s = sims[d]!;
      if (d < index.examples) {
        if (same) bestSame[i] = Math.max(bestSame[i]!, s);
        else bestOther[i] = Math.max(bestOther[i]!, s);
      } else if (same) centroidSame[i] = s;
      else centroidOther[i] = Math.max(centroidOther[i]!, s);
    }
    const c = opts.centroidWeight;
    return names
      .map((intent, i) => {
        const other = (1 - c) * bestOther[i]! + c * centroidOther[i]!;
        const same = (1 - c) * bestSame[i]! + c * centroidSame[i]!;
        // Other languages only add evidence (a noisy-or): an utterance equal to an example scores 1.
        const score = hasLang.has(`${i} ${lang}`) ? same + opts.crossWeight * other * (1 - same) : other;
        return { intent, score: clamp01(score) };
      })
      .sort((a, b) => b.score - a.score || names.indexOf(a.intent) - names.indexOf(b.intent));
  }

  function match(text: string, lang?: Lang): MatchResult {
    const langs = lang ? [lang] : candidateLanguages(text);
    let chosen: Lang = langs[0]!;
    let ranking = scoreIn(text, chosen);
    for (const other of langs.slice(1)) {
      const r = scoreIn(text, other);
      if ((r[0]?.score ?? 0) > (ranking[0]?.score ?? 0)) {
        ranking = r;
        chosen = other;
      }
    }
    const top = ranking[0];
    const score = top?.score ?? 0;
    const margin = score - (ranking[1]?.score ?? 0);
    const accept = top !== undefined && score > 0 && score >= opts.threshold && margin >= opts.minMargin;
    return { intent: accept ? top.intent : null, score, ranking, lang: chosen };
  }

  function withExample(intent: string, text: string, lang?: Lang): IntentMatcher {
    if (typeof text !== 'string' || text.trim() === '') return assemble(names, examples, opts);
    const l = lang ?? detectLanguage(text);
    const known = names.indexOf(intent);
    const nextNames = known >= 0 ? names : [...names, intent];
    const i = known >= 0 ? known : names.length;
    return assemble(
      nextNames,
      [...examples, { intent: i, lang: l, text, features: featuresOf(text, l, opts.genericWeight) }],
      opts,
    );
  }

  function examplesCopy(): IntentExamples {
    const out: IntentExamples = {};
    for (const name of names) out[name] = {};
    for (const ex of examples) (out[names[ex.intent]!]![ex.lang] ??= []).push(ex.text);
    return out;
  }

  return { match, withExample, examples: examplesCopy, intents: names, options: Object.freeze({ ...opts }) };
}

/**
 * `examples` with `text` added to `intent` in `lang` (a new object; `examples` is not changed).
 * Blank text, or text already an example of that intent and language, gives an equal copy.
 */
export function addExample(examples: IntentExamples, intent: string, text: string, lang: Lang): IntentExamples {
  const out = structuredClone(examples);
  const trimmed = text.trim();
  if (trimmed === '') return out;
  const byLang = (out[intent] ??= {});
  const list = (byLang[lang] ??= []);
  if (!list.includes(trimmed)) list.push(trimmed);
  return out;
}

/** How well an answer was understood, for listing the answers worth labelling. */
export type MatchStrength = 'none' | 'weak' | 'strong';

/**
 * `none` when no intent was given (the fallback branch was taken); `weak` when one was, but its
 * score is below twice the matcher's threshold or the runner-up is within 0.05 (a near call);
 * `strong` otherwise. `options` are the matcher's (`matcher.options`).
 */
export function matchStrength(
  result: MatchResult,
  options: Readonly<Required<MatcherOptions>> = DEFAULT_MATCHER_OPTIONS,
): MatchStrength {
  if (result.intent === null) return 'none';
  const margin = result.score - (result.ranking[1]?.score ?? 0);
  return result.score < 2 * options.threshold || margin < 0.05 ? 'weak' : 'strong';
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function definedOnly(o: MatcherOptions): MatcherOptions {
  const out: MatcherOptions = {};
  for (const [k, v] of Object.entries(o) as [keyof MatcherOptions, number | undefined][])
    if (v !== undefined) out[k] = v;
  return out;
}

// ---------------------------------------------------------------- baseline

const RAW_WORD = /[\p{L}\p{N}]+/gu;

function rawWords(text: string): Set<string> {
  return new Set(text.toLowerCase().match(RAW_WORD) ?? []);
}

/**
 * A plain keyword-matching baseline, for comparison: the intent whose examples (of `lang` when
 * given, else of every language) share the most distinct raw lower-case words with the
 * utterance — no stemming, no accent folding, no stop words; ties go to the first intent; null
 * when no word is shared.
 */
export function keywordBaseline(intents: IntentExamples): Pick<IntentMatcher, 'match' | 'intents'> {
  const names = Object.keys(intents);
  const vocab = (name: string, lang: Lang | undefined): Set<string> => {
    const byLang = intents[name] ?? {};
    const out = new Set<string>();
    for (const l of lang ? [lang] : LANGS) for (const t of byLang[l] ?? []) for (const w of rawWords(t)) out.add(w);
    return out;
  };
  const vocabs = new Map<Lang | 'all', Set<string>[]>([['all', names.map((n) => vocab(n, undefined))]]);
  for (const l of LANGS)
    vocabs.set(
      l,
      names.map((n) => vocab(n, l)),
    );

  function match(text: string, lang?: Lang): MatchResult {
    const words = rawWords(text);
    const sets = vocabs.get(lang ?? 'all')!;
    const ranking = names
      .map((intent, i) => {
        let shared = 0;
        for (const w of words) if (sets[i]!.has(w)) shared++;
        return { intent, score: shared };
      })
      .sort((a, b) => b.score - a.score || names.indexOf(a.intent) - names.indexOf(b.intent));
    const top = ranking[0];
    const score = top?.score ?? 0;
    return { intent: top && score > 0 ? top.intent : null, score, ranking, lang: lang ?? detectLanguage(text) };
  }
  return { match, intents: names };
}
