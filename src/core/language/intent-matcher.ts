/**
 * Free-text intent matching for flows: a visitor's reply is matched to the flow's intents, each
 * given by a few example phrases per language (en, fr, ru).
 *
 * How it works (`trainMatcher`):
 * - Every example is analysed in its own language (`analyze` in text-normalize.ts: folding,
 *   stop words, stemming, synonym classes) into two sparse feature blocks: the *word* block
 *   (stems, plus "@class" for words of a shared synonym class such as "@price" or "@person") and
 *   the *char* block (character 3-grams of the folded words).
 * - Features are weighted by sub-linear term frequency × inverse *intent* frequency (see
 *   `Block`), and each block is scaled to unit length.
 * - The similarity of an utterance to an example is `wordWeight · cos(words) + (1 − wordWeight) ·
 *   cos(chars)`: stems and classes carry the meaning, n-grams rescue typos and word forms the
 *   stemmer does not join ("shiping", "rembourse", "доставят").
 * - An intent's score mixes its nearest example with its centroid (the normalised sum of its
 *   examples' vectors): `(1 − centroidWeight) · best + centroidWeight · centroid`.
 * - The answer is the best intent, or `null` (the flow's fallback branch) when its score is below
 *   `threshold` or less than `minMargin` above the runner-up (too close to call).
 * - An utterance is compared with the examples of its language. When `lang` is not given, it is
 *   detected: Cyrillic script → ru; otherwise French and English cue words and accents decide;
 *   without any cue both are tried and the better match is kept. An intent with no example in
 *   that language is compared through its examples in the other languages (the synonym classes
 *   and n-grams are what can still match there).
 *
 * Everything is computed once at training time into inverted indexes, so a match costs a few
 * map look-ups per feature (tens of microseconds for ~150 examples). No global mutable state;
 * the same input always gives the same output.
 */
import { analyze, charNgrams, isMostlyCyrillic, LANGS, tokenize, type Lang } from './text-normalize.ts';

export type { Lang } from './text-normalize.ts';

/** Example phrases per intent and language. */
export type IntentExamples = Record<string, Partial<Record<Lang, string[]>>>;

export interface RankedIntent {
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
  /** Below this best score the answer is null (a score of 0 never matches). Default 0.15. */
  threshold?: number;
  /** The best score must beat the runner-up by at least this much, or the answer is null. Default 0.02. */
  minMargin?: number;
  /** Share of the word block (stems and synonym classes) in the similarity; the rest goes to char n-grams. Default 0.6. */
  wordWeight?: number;
  /** Share of the intent centroid in an intent's score; the rest is the best example. Default 0.3. */
  centroidWeight?: number;
}

export interface IntentMatcher {
  match(text: string, lang?: Lang): MatchResult;
  /** Intents in training order (only those with at least one example). */
  readonly intents: readonly string[];
  readonly options: Readonly<Required<MatcherOptions>>;
}

export const DEFAULT_MATCHER_OPTIONS: Readonly<Required<MatcherOptions>> = Object.freeze({
  threshold: 0.15,
  minMargin: 0.02,
  wordWeight: 0.6,
  centroidWeight: 0.3,
});

// ---------------------------------------------------------------- language detection

/** Folded cue words; written without accents since `tokenize` folds them. */
const FR_CUES = new Set(
  (
    'je j tu vous nous il elle le la les l un une des du de d au aux et ou est c ce ca qu que ' +
    'quel quelle quels quelles combien pour avec pas mon ma mes votre vos sur dans svp stp ' +
    'merci bonjour oui non moi peux veux voudrais faut avez etes suis comment quand'
  ).split(' '),
);
const EN_CUES = new Set(
  (
    'i you we he she it the a an is are am was do does did my your our this that these what ' +
    'which how when where who can could would will should to of for with and or not please ' +
    'thanks hi hello have has get got want need me im dont'
  ).split(' '),
);
const FR_LETTERS = /[éèêëàâçùûüîïôœ]/;

/** Cue counts of a Latin-script text: French accents count twice. */
function latinCues(text: string): { fr: number; en: number } {
  let fr = FR_LETTERS.test(text.toLowerCase()) ? 2 : 0;
  let en = 0;
  for (const w of tokenize(text)) {
    if (FR_CUES.has(w)) fr++;
    if (EN_CUES.has(w)) en++;
  }
  return { fr, en };
}

/** Best guess of the language: Cyrillic → ru; else French cues vs English cues (ties → en). */
export function detectLanguage(text: string): Lang {
  if (isMostlyCyrillic(text)) return 'ru';
  const { fr, en } = latinCues(text);
  return fr > en ? 'fr' : 'en';
}

/** Languages to try for `text` when none was given, the most likely first. */
function candidateLanguages(text: string): Lang[] {
  if (isMostlyCyrillic(text)) return ['ru'];
  const { fr, en } = latinCues(text);
  if (fr > en) return ['fr'];
  if (en > fr) return ['en'];
  return ['en', 'fr'];
}

// ---------------------------------------------------------------- vectors

type Vector = Map<string, number>;

interface Features {
  words: Map<string, number>;
  chars: Map<string, number>;
}

function count(into: Map<string, number>, key: string): void {
  into.set(key, (into.get(key) ?? 0) + 1);
}

function featuresOf(text: string, lang: Lang): Features {
  const { words, stems, concepts } = analyze(text, lang);
  const f: Features = { words: new Map(), chars: new Map() };
  for (const s of stems) count(f.words, s);
  for (const c of concepts) count(f.words, `@${c}`);
  for (const w of words) for (const g of charNgrams(w, 3)) count(f.chars, g);
  return f;
}

/** Sub-linear tf × feature weight, scaled to unit length. */
function weigh(tf: Map<string, number>, weights: Map<string, number>, unknown: number): Vector {
  const v: Vector = new Map();
  let norm = 0;
  for (const [key, n] of tf) {
    const w = (1 + Math.log(n)) * (weights.get(key) ?? unknown);
    v.set(key, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [key, w] of v) v.set(key, w / norm);
  return v;
}

/**
 * One block (words or char n-grams) of a pool: feature weights and an inverted index.
 *
 * A feature's weight is its *inverse intent frequency*, `ln((I + 1) / k) + 0.1` where `I` is
 * the number of intents and `k` the number of intents whose examples contain it: a word that
 * several examples of one intent share ("return", "размер") is the most telling, not the least,
 * as plain per-example IDF would have it. A feature never seen in training weighs like one seen
 * in a single intent, so words the examples do not know dilute the similarity — which is what
 * sends off-topic text to the fallback.
 */
class Block {
  readonly weight = new Map<string, number>();
  readonly unknownWeight: number;
  /** feature → [document, weight, document, weight, …] */
  private readonly postings = new Map<string, number[]>();

  constructor(docs: readonly { intent: number; tf: Map<string, number> }[], intents: number) {
    const seenIn = new Map<string, Set<number>>();
    for (const d of docs) {
      for (const key of d.tf.keys()) {
        let set = seenIn.get(key);
        if (!set) seenIn.set(key, (set = new Set()));
        set.add(d.intent);
      }
    }
    for (const [key, set] of seenIn) this.weight.set(key, Math.log((intents + 1) / set.size) + 0.1);
    this.unknownWeight = Math.log(intents + 1) + 0.1;
  }

  /**
   * Weighted unit vector of a text. A synonym class ("@…") that no example has is left out: it
   * is no evidence for any intent, and its word already counts as unknown.
   */
  vector(tf: Map<string, number>): Vector {
    let known = tf;
    for (const key of tf.keys()) {
      if (key.startsWith('@') && !this.weight.has(key)) {
        known = new Map([...tf].filter(([k]) => !k.startsWith('@') || this.weight.has(k)));
        break;
      }
    }
    return weigh(known, this.weight, this.unknownWeight);
  }

  add(doc: number, v: Vector): void {
    for (const [key, w] of v) {
      if (w === 0) continue;
      let list = this.postings.get(key);
      if (!list) this.postings.set(key, (list = []));
      list.push(doc, w);
    }
  }

  /** Adds `scale · cos(query, doc)` to `out[doc]` for every document. */
  accumulate(query: Vector, scale: number, out: Float64Array): void {
    for (const [key, qw] of query) {
      const list = this.postings.get(key);
      if (!list) continue;
      for (let i = 0; i < list.length; i += 2) out[list[i]!]! += scale * qw * list[i + 1]!;
    }
  }
}

/** Everything needed to match utterances of one language. */
interface Pool {
  lang: Lang;
  words: Block;
  chars: Block;
  /** Intent index of each example document; centroids follow as documents `examples + i`. */
  docIntent: Int32Array;
  examples: number;
}

function buildPool(lang: Lang, intents: readonly string[], examples: IntentExamples): Pool {
  const docs: { intent: number; f: Features }[] = [];
  intents.forEach((name, i) => {
    const byLang = examples[name] ?? {};
    const own = byLang[lang] ?? [];
    const sources: [Lang, string[]][] = own.length > 0 ? [[lang, own]] : LANGS.map((l) => [l, byLang[l] ?? []]);
    for (const [l, list] of sources) for (const text of list) docs.push({ intent: i, f: featuresOf(text, l) });
  });
  const words = new Block(
    docs.map((d) => ({ intent: d.intent, tf: d.f.words })),
    intents.length,
  );
  const chars = new Block(
    docs.map((d) => ({ intent: d.intent, tf: d.f.chars })),
    intents.length,
  );
  const docIntent = new Int32Array(docs.length + intents.length);
  const centroids = intents.map(() => ({ words: new Map<string, number>(), chars: new Map<string, number>() }));
  docs.forEach((d, k) => {
    docIntent[k] = d.intent;
    const wv = words.vector(d.f.words);
    const cv = chars.vector(d.f.chars);
    words.add(k, wv);
    chars.add(k, cv);
    const c = centroids[d.intent]!;
    for (const [key, w] of wv) c.words.set(key, (c.words.get(key) ?? 0) + w);
    for (const [key, w] of cv) c.chars.set(key, (c.chars.get(key) ?? 0) + w);
  });
  centroids.forEach((c, i) => {
    const doc = docs.length + i;
    docIntent[doc] = i;
    words.add(doc, unit(c.words));
    chars.add(doc, unit(c.chars));
  });
  return { lang, words, chars, docIntent, examples: docs.length };
}

function unit(v: Vector): Vector {
  let norm = 0;
  for (const w of v.values()) norm += w * w;
  norm = Math.sqrt(norm);
  const out: Vector = new Map();
  if (norm > 0) for (const [key, w] of v) out.set(key, w / norm);
  return out;
}

// ---------------------------------------------------------------- matcher

/** Builds a matcher from example phrases. Intents without any example are ignored. */
export function trainMatcher(intents: IntentExamples, options: MatcherOptions = {}): IntentMatcher {
  const opts: Required<MatcherOptions> = { ...DEFAULT_MATCHER_OPTIONS, ...definedOnly(options) };
  const names = Object.keys(intents).filter((name) =>
    LANGS.some((l) => (intents[name]?.[l] ?? []).some((t) => t.trim() !== '')),
  );
  const clean: IntentExamples = {};
  for (const name of names) {
    const byLang: Partial<Record<Lang, string[]>> = {};
    for (const l of LANGS) byLang[l] = (intents[name]?.[l] ?? []).filter((t) => t.trim() !== '');
    clean[name] = byLang;
  }
  const pools = new Map<Lang, Pool>();
  for (const l of LANGS) pools.set(l, buildPool(l, names, clean));

  function scoreIn(text: string, lang: Lang): RankedIntent[] {
    const pool = pools.get(lang)!;
    const f = featuresOf(text, lang);
    const sims = new Float64Array(pool.docIntent.length);
    pool.words.accumulate(pool.words.vector(f.words), opts.wordWeight, sims);
    pool.chars.accumulate(pool.chars.vector(f.chars), 1 - opts.wordWeight, sims);
    const best = new Float64Array(names.length);
    for (let k = 0; k < pool.examples; k++) {
      const i = pool.docIntent[k]!;
      if (sims[k]! > best[i]!) best[i] = sims[k]!;
    }
    return names
      .map((intent, i) => ({
        intent,
        score: clamp01((1 - opts.centroidWeight) * best[i]! + opts.centroidWeight * sims[pool.examples + i]!),
      }))
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

  return { match, intents: names, options: Object.freeze({ ...opts }) };
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
export function keywordBaseline(intents: IntentExamples): IntentMatcher {
  const names = Object.keys(intents);
  const vocab = (name: string, lang: Lang | undefined): Set<string> => {
    const byLang = intents[name] ?? {};
    const langs = lang ? [lang] : LANGS;
    const out = new Set<string>();
    for (const l of langs) for (const t of byLang[l] ?? []) for (const w of rawWords(t)) out.add(w);
    return out;
  };
  const vocabs = new Map<Lang | 'all', Set<string>[]>();
  vocabs.set(
    'all',
    names.map((n) => vocab(n, undefined)),
  );
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
  return { match, intents: names, options: DEFAULT_MATCHER_OPTIONS };
}
