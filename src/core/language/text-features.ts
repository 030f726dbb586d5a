/**
 * Sparse feature vectors of short texts, shared by the intent matcher and the grouping of answers.
 *
 * A text read in one language gives two blocks of counts: *words* (Snowball stems of its content
 * words) and *chars* (character 3- and 4-grams of those words in one Latin spelling, and each word's
 * first five letters as one more feature: subword overlap). A generic word
 * (`isGenericWord`) counts `genericWeight` instead of 1. Each block becomes a vector of sub-linear
 * term frequency × a feature weight that the caller learns from its own texts (`FeatureWeights`),
 * scaled to unit length, so the dot product of two vectors is their cosine similarity.
 */
import { analyze, charNgrams, isGenericWord, transliterate, type Lang } from './text-normalize.ts';

export type Counts = Map<string, number>;
export type Vector = Map<string, number>;
export type Block = 'words' | 'chars';

/** The analysed form of one text: feature counts per block. */
export interface Features {
  words: Counts;
  chars: Counts;
}

/** Lengths of the character n-grams of the *chars* block. */
const CHAR_NGRAM_SIZES = [3, 4] as const;
/** Letters of a word's start that make its prefix feature (the whole word when shorter). */
const PREFIX_LETTERS = 5;

function bump(into: Counts, key: string, amount: number): void {
  into.set(key, (into.get(key) ?? 0) + amount);
}

/** Feature counts of `text` read as `lang`; a generic word counts `genericWeight` instead of 1. */
export function featuresOf(text: string, lang: Lang, genericWeight: number): Features {
  const { words, stems } = analyze(text, lang);
  const f: Features = { words: new Map(), chars: new Map() };
  words.forEach((word, k) => {
    const amount = isGenericWord(word, lang) ? genericWeight : 1;
    bump(f.words, stems[k]!, amount);
    const latin = transliterate(word);
    for (const n of CHAR_NGRAM_SIZES) for (const g of charNgrams(latin, n)) bump(f.chars, g, amount);
    // "^" + the first letters: a word's start joins forms the stemmer leaves apart
    // ("subscribe" / "subscription", "réserver" / "réservation") more strongly than shared 3-grams.
    bump(f.chars, `^${latin.slice(0, PREFIX_LETTERS)}`, amount);
  });
  return f;
}

/**
 * Weights of the features of one block, `ln(1 + N / k)` for a feature found in `k` of `N` groups
 * (the intents of a matcher, the answers being grouped). A feature none of them has weighs like the
 * rarest, `ln(1 + N)`.
 */
export class FeatureWeights {
  private readonly of = new Map<string, number>();
  private readonly unknown: number;

  /** `groups[i]` are the feature keys of group i (several texts of a group may share keys). */
  constructor(groups: readonly Iterable<string>[]) {
    const seenIn = new Map<string, number>();
    for (const keys of groups) for (const key of new Set(keys)) seenIn.set(key, (seenIn.get(key) ?? 0) + 1);
    for (const [key, k] of seenIn) this.of.set(key, Math.log(1 + groups.length / k));
    this.unknown = Math.log(1 + groups.length);
  }

  /** Sub-linear tf × weight of `counts`, scaled to unit length (empty stays empty). */
  vector(counts: Counts): Vector {
    const v: Vector = new Map();
    for (const [key, n] of counts) v.set(key, (n <= 1 ? n : 1 + Math.log(n)) * (this.of.get(key) ?? this.unknown));
    return unit(v);
  }
}

/** `v` scaled to unit length (a new vector; the zero vector stays empty of weight). */
export function unit(v: Vector): Vector {
  let norm = 0;
  for (const w of v.values()) norm += w * w;
  norm = Math.sqrt(norm);
  const out: Vector = new Map();
  if (norm > 0) for (const [key, w] of v) out.set(key, w / norm);
  return out;
}

/** Dot product of two sparse vectors (their cosine when both are unit vectors). */
export function dot(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [key, w] of small) sum += w * (large.get(key) ?? 0);
  return sum;
}
