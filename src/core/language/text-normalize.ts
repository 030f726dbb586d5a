/**
 * Text analysis for free-text intent matching in English, French and Russian.
 *
 * Each step is exported so it can be tested on its own:
 *
 * 1. `foldText` — lower-case; Unicode NFKD and removal of combining marks on Latin letters
 *    ("Réduc" → "reduc"); Cyrillic keeps its letters ("й" stays "й") except "ё" → "е"; ligatures
 *    "œ", "æ", "ß" are spelled out; every apostrophe becomes "'".
 * 2. `tokenize` — words are runs of letters or of digits ("1m80" → "1", "m", "80"); everything
 *    else separates words, so French elisions ("l'article") give a separate stop word.
 * 3. `isStopWord` — general function words per language, read from `stop-words.json` (data, not
 *    code). Question words and negations are kept: they can tell intents apart.
 * 3b. `isGenericWord` — words common in any topic (stopwords-iso's lists), which the matcher
 *    counts less without removing them.
 * 4. `stem` — the Snowball French and Russian stemmers and the Porter English stemmer (the
 *    algorithm Snowball's English stemmer grew from), from `@orama/stemmers` (Apache-2.0). The word
 *    is stemmed with its accents, then the stem is folded.
 * 5. `transliterate` + `charNgrams` — character n-grams of a word in one Latin spelling
 *    ("аккаунт" → "akkaunt"), padded with "#" at both ends: they join typos, word forms the
 *    stemmer misses, compounds, and words shared across languages ("email", "PDF", "тариф"/"tarif").
 *
 * No synonym tables: which words mean the same intent is learned only from a flow's examples.
 * Pure functions over read-only data: safe in the background script and in Node tests.
 */
import { stemmer as stemEnglish } from '@orama/stemmers/english';
import { stemmer as stemFrench } from '@orama/stemmers/french';
import { stemmer as stemRussian } from '@orama/stemmers/russian';
import stopWordData from './stop-words.json' with { type: 'json' };
import { en as genericEn, fr as genericFr, ru as genericRu } from 'stopwords-iso/stopwords-iso.json';

export type Lang = 'en' | 'fr' | 'ru';
export const LANGS: readonly Lang[] = ['en', 'fr', 'ru'];

// ---------------------------------------------------------------- folding and tokens

const LATIN_WITH_MARKS = /(\p{Script=Latin})\p{M}+/gu;
const APOSTROPHES = /[\u2019\u2018\u02BC\u0060\u00B4]/g;
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss' };

/** Lower-cases and folds accents of Latin letters; "ё" → "е"; keeps Cyrillic "й". */
export function foldText(text: string): string {
  // Compatibility forms first ("𝒜" → "A"), then lower case, then marks apart again ("İ" → "i̇").
  return text
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD')
    .replace(LATIN_WITH_MARKS, '$1')
    .normalize('NFC')
    .replace(/ё/g, 'е')
    .replace(/[œæß]/g, (c) => LIGATURES[c] ?? c)
    .replace(APOSTROPHES, "'");
}

const WORD = /\p{L}+|\p{N}+/gu;

/** Folded words of `text`: runs of letters or of digits; everything else separates them. */
export function tokenize(text: string): string[] {
  return foldText(text).match(WORD) ?? [];
}

/** Lower-case words of `text` with their accents (what the stemmers expect), same cuts as `tokenize`. */
function rawTokens(text: string): string[] {
  return text.toLowerCase().normalize('NFC').replace(APOSTROPHES, "'").match(WORD) ?? [];
}

const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;

/** True when the text contains more Cyrillic than Latin letters. */
export function isMostlyCyrillic(text: string): boolean {
  let cyr = 0;
  let lat = 0;
  for (const ch of text) {
    if (CYRILLIC.test(ch)) cyr++;
    else if (LATIN.test(ch)) lat++;
  }
  return cyr > lat;
}

// ---------------------------------------------------------------- stop words

const STOP_WORDS: Readonly<Record<Lang, ReadonlySet<string>>> = {
  en: new Set(stopWordData.en),
  fr: new Set(stopWordData.fr),
  ru: new Set(stopWordData.ru),
};

/** True for a general function word of `lang` (`word` folded, as `tokenize` returns it). */
export function isStopWord(word: string, lang: Lang): boolean {
  return STOP_WORDS[lang].has(word);
}

/**
 * Generic words: the much longer stopwords-iso lists (MIT), folded. They are not removed ("open",
 * "work", "need", "what", "сколько" can matter) but the matcher counts them less, since a word
 * common in any topic says little about this flow's intents.
 */
const GENERIC_WORDS: Readonly<Record<Lang, ReadonlySet<string>>> = {
  en: new Set(genericEn.map(foldText)),
  fr: new Set(genericFr.map(foldText)),
  ru: new Set(genericRu.map(foldText)),
};

/** True for a word common in any topic (`word` folded). Every stop word is generic too. */
export function isGenericWord(word: string, lang: Lang): boolean {
  return GENERIC_WORDS[lang].has(word) || STOP_WORDS[lang].has(word);
}

// ---------------------------------------------------------------- stemming

const STEMMERS: Readonly<Record<Lang, (word: string) => string>> = {
  en: stemEnglish,
  fr: stemFrench,
  ru: stemRussian,
};

/**
 * Stem of one lower-case word of `lang`, folded ("livrées" → "livr", "доставкой" → "доставк").
 * Words with digits, and words not written in the language's script, are only folded.
 */
export function stem(word: string, lang: Lang): string {
  if (/\d/.test(word)) return foldText(word);
  const cyrillic = CYRILLIC.test(word);
  if (cyrillic !== (lang === 'ru')) return foldText(word);
  return foldText(STEMMERS[lang](word.replace(/ё/g, 'е')));
}

// ---------------------------------------------------------------- transliteration and n-grams

const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = Object.fromEntries(
  (
    'а a б b в v г g д d е e ж zh з z и i й i к k л l м m н n о o п p р r с s т t у u ф f х h ц ts ч ch ' +
    'ш sh щ sch ъ _ ы y ь _ э e ю yu я ya і i ї i є e ґ g'
  )
    .match(/\S+ \S+/g)!
    .map((pair) => pair.split(' ').map((s) => (s === '_' ? '' : s)) as [string, string]),
);

/** One Latin spelling of a folded word: Cyrillic letters are transliterated, others kept. */
export function transliterate(word: string): string {
  let out = '';
  for (const ch of word) out += CYRILLIC_TO_LATIN[ch] ?? ch;
  return out;
}

/** Character n-grams of one word padded with "#" ("ok", 3 → "#ok", "ok#"); the whole padded word if short. */
export function charNgrams(word: string, n = 3): string[] {
  const chars = Array.from(`#${word}#`);
  if (chars.length <= n) return [chars.join('')];
  const out: string[] = [];
  for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  return out;
}

// ---------------------------------------------------------------- analysis

/** What the matcher reads from one text. */
export interface Analysis {
  /** Folded content words (stop words removed), in order. */
  words: string[];
  /** Their stems, in the same order. */
  stems: string[];
}

/** Content words of `text` read as `lang`, with their stems. Numbers are kept. */
export function analyze(text: string, lang: Lang): Analysis {
  const words: string[] = [];
  const stems: string[] = [];
  for (const raw of rawTokens(text)) {
    const folded = foldText(raw);
    if (isStopWord(folded, lang)) continue;
    words.push(folded);
    stems.push(stem(raw, lang));
  }
  return { words, stems };
}
