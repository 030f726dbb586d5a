/**
 * UI strings from `_locales/<lang>/messages.json` (English, French, Russian), through the
 * browser's i18n API so the visitor's browser language is used. Falls back to the key itself,
 * which makes a missing string visible instead of blank.
 */
import { ext } from './browser-api.ts';
import type { Words as SentenceWords } from '../core/rules/reason-words.ts';

/** Messages of a language the marketer chose for Tact's own pages (see ui-language.ts). */
let chosen: { lang: string; messages: Record<string, string> } | undefined;

/** Uses these messages instead of the browser's language on this page (before its first render). */
export function useMessages(lang: string, messages: Record<string, string>): void {
  chosen = { lang, messages };
}

/** A message with its `$1`…`$9` filled, by the same rules as chrome.i18n (and `$$` for a dollar sign). */
export function fillMessage(message: string, substitutions: readonly string[]): string {
  return message.replace(/\$(\$|[1-9])/g, (_m, d: string) => (d === '$' ? '$' : (substitutions[Number(d) - 1] ?? '')));
}

export function t(key: string, ...substitutions: string[]): string {
  const own = chosen?.messages[key];
  if (own !== undefined) return fillMessage(own, substitutions);
  try {
    return ext.i18n.getMessage(key, substitutions) || key;
  } catch {
    return key;
  }
}

/** The UI language in use, e.g. "fr". */
export function uiLanguage(): string {
  if (chosen) return chosen.lang;
  try {
    return ext.i18n.getUILanguage().split('-')[0] || 'en';
  } catch {
    return 'en';
  }
}

/**
 * A sentence with a count in it, in the plural form the UI language needs: the message
 * `<key>_<category>` for the category `Intl.PluralRules` gives the count ("one", "few", "many",
 * "other"…), falling back to `<key>_other`. `$1` is the count written by `formatNumber`; the
 * other substitutions follow as `$2`, `$3`…
 */
export function plural(key: string, count: number, ...more: string[]): string {
  return pluralIn(uiLanguage(), t, key, count, more);
}

function pluralIn(lang: string, say: Words['t'], key: string, count: number, more: string[]): string {
  const written = new Intl.NumberFormat(lang).format(count);
  const exact = `${key}_${new Intl.PluralRules(lang).select(count)}`;
  const text = say(exact, written, ...more);
  return text === exact ? say(`${key}_other`, written, ...more) : text;
}

/**
 * The words of one language (its messages and plurals), for a part of a page that speaks another
 * language than the page: the flow editor's preview speaks the conversation's language while the
 * options page speaks the marketer's. The functions are plain closures (safe to pass around alone).
 */
export interface Words extends SentenceWords {
  /** A sentence with a count, as `plural` writes it, in `lang`. */
  plural(key: string, count: number, ...more: string[]): string;
}

/** The page's own words: `t`, `plural` and the UI language above. */
export const pageWords: Words = {
  get lang() {
    return uiLanguage();
  },
  t,
  plural,
};

/** The words of `lang` from its `messages` (a `locales/<lang>.js` module); a key it lacks is the page's. */
export function wordsIn(lang: string, messages: Record<string, string>): Words {
  const say = (key: string, ...substitutions: string[]): string => {
    const own = messages[key];
    return own === undefined ? t(key, ...substitutions) : fillMessage(own, substitutions);
  };
  return { lang, t: say, plural: (key, count, ...more) => pluralIn(lang, say, key, count, more) };
}

/**
 * One Intl formatter per language and options: making one costs about 30 µs, using one about
 * 0.5 µs, and the results tables and charts format hundreds of numbers and dates per render.
 * The options in use are a few constants, so the cache stays small.
 */
function cachedFormatter<F>(cache: Map<string, F>, options: object | undefined, make: (lang: string) => F): F {
  const lang = uiLanguage();
  const key = `${lang} ${JSON.stringify(options ?? {})}`;
  let formatter = cache.get(key);
  if (formatter === undefined) cache.set(key, (formatter = make(lang)));
  return formatter;
}

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** A number as the UI language writes it ("1 234,5" in French). */
export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return cachedFormatter(numberFormats, options, (lang) => new Intl.NumberFormat(lang, options)).format(n);
}

/** A date and time (ms since the epoch) as the UI language writes it; by default date and time, short. */
export function formatDateTime(
  at: number,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' },
): string {
  return cachedFormatter(dateTimeFormats, options, (lang) => new Intl.DateTimeFormat(lang, options)).format(at);
}

/** Items joined as the UI language joins a list ("a, b and c", "a, b et c", "a, b и c"). */
export function formatList(items: readonly string[]): string {
  return new Intl.ListFormat(uiLanguage(), { type: 'conjunction' }).format(items);
}

/**
 * A label followed by a colon as the language writes it: "Condition 1:", and in French
 * "Condition 1 :" with a no-break space, so a line never starts with the colon. What follows the
 * colon comes after a plain space.
 */
export function colon(label: string, words: Pick<Words, 't'> = pageWords): string {
  return words.t('punctColon', label);
}

/** Clauses joined by semicolons as the language writes them ("a; b", in French "a ; b"). */
export function clauses(items: readonly string[], words: Pick<Words, 't'> = pageWords): string {
  return items.length ? items.reduce((joined, item) => words.t('punctClauses', joined, item)) : '';
}
