/**
 * Groups free-text answers that say the same thing, so a marketer can label a whole group at once
 * (the options page lists the answers that matched no intent, or matched weakly, this way).
 *
 * Answers are compared like the intent matcher compares an utterance with an example: stems and
 * character 3-grams (text-features.ts), weighted by how few answers share them, cosine similarity.
 * Grouping is greedy and deterministic: the answer most similar to all others starts the first
 * group and takes every ungrouped answer at least `minSimilarity` similar to it; then the next
 * ungrouped answer by the same order, and so on. Cost: one similarity per pair of answers (a few
 * milliseconds for a hundred answers, under a second for a thousand).
 */
import { detectLanguage } from './intent-matcher.ts';
import { dot, featuresOf, FeatureWeights, type Vector } from './text-features.ts';
import type { Lang } from './text-normalize.ts';

/** One free-text answer; its language is detected when not given. */
export interface AnswerText {
  text: string;
  lang?: Lang;
}

/** A group of similar answers. */
export interface AnswerGroup {
  /** Indexes into the answers given: the group's most central answer first, then by similarity to it. */
  members: number[];
}

export interface GroupOptions {
  /** How similar (0–1) an answer must be to a group's first answer to join it. Default 0.35. */
  minSimilarity?: number;
  /** Share of stems in the similarity; the rest goes to character 3-grams. Default 0.5. */
  wordWeight?: number;
  /** Count of a generic word relative to other words. Default 0.5. */
  genericWeight?: number;
}

/**
 * Groups `answers` by similarity. Every answer is in exactly one group; an answer with no content
 * word ("?!", "ok") is a group of its own. Groups come largest first (ties: earliest first answer).
 * The answers are not changed; the same answers always give the same groups.
 */
export function groupAnswers(answers: readonly AnswerText[], options: GroupOptions = {}): AnswerGroup[] {
  const minSimilarity = options.minSimilarity ?? 0.35;
  const wordWeight = options.wordWeight ?? 0.5;
  const features = answers.map((a) =>
    featuresOf(a.text, a.lang ?? detectLanguage(a.text), options.genericWeight ?? 0.5),
  );
  const wordWeights = new FeatureWeights(features.map((f) => f.words.keys()));
  const charWeights = new FeatureWeights(features.map((f) => f.chars.keys()));
  const vectors = features.map((f) => ({ words: wordWeights.vector(f.words), chars: charWeights.vector(f.chars) }));
  const similarity = (a: { words: Vector; chars: Vector }, b: { words: Vector; chars: Vector }) =>
    wordWeight * dot(a.words, b.words) + (1 - wordWeight) * dot(a.chars, b.chars);

  const n = answers.length;
  const sims = new Float64Array(n * n);
  const centrality = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = similarity(vectors[i]!, vectors[j]!);
      sims[i * n + j] = sims[j * n + i] = s;
      centrality[i]! += s;
      centrality[j]! += s;
    }
  }
  const order = [...Array(n).keys()].sort((a, b) => centrality[b]! - centrality[a]! || a - b);
  const grouped = new Uint8Array(n);
  const groups: AnswerGroup[] = [];
  for (const first of order) {
    if (grouped[first]) continue;
    grouped[first] = 1;
    const joining = order.filter(
      (j) => !grouped[j] && sims[first * n + j]! >= minSimilarity && sims[first * n + j]! > 0,
    );
    joining.sort((a, b) => sims[first * n + b]! - sims[first * n + a]! || a - b);
    for (const j of joining) grouped[j] = 1;
    groups.push({ members: [first, ...joining] });
  }
  return groups.sort((a, b) => b.members.length - a.members.length || Math.min(...a.members) - Math.min(...b.members));
}
