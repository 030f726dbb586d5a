/**
 * Flow texts in several languages. Any text a visitor reads in a flow (messages, replies,
 * placeholders, field labels, results, button labels, the persona's name) is either a plain string,
 * as flows have always been written, or one text per locale (`{ en: "Hi", fr: "Bonjour" }`). A flow
 * names the locale it falls back to (`defaultLocale`, English when absent). Kept tiny: the embed
 * bundle carries it.
 */

/** The languages a flow text can be written in (the languages Tact itself speaks). */
export const FLOW_LOCALES = ['en', 'fr', 'ru'] as const;
export type FlowLocale = (typeof FLOW_LOCALES)[number];

/** A text in one language for every visitor, or one text per locale. */
export type LocalizedText = string | { en?: string; fr?: string; ru?: string };

/**
 * The flow locale of a browser language tag ("fr-CA" → "fr", "RU" → "ru"), or undefined when Tact
 * has no such locale ("de-DE", "", undefined).
 */
export function flowLocaleOf(tag: string | undefined): FlowLocale | undefined {
  const lang = (tag ?? '').split(/[-_]/)[0]!.toLowerCase();
  return (FLOW_LOCALES as readonly string[]).includes(lang) ? (lang as FlowLocale) : undefined;
}

/**
 * The text to show in `locale`: a plain string as it is; otherwise the text in `locale`, else in
 * `fallback` (the flow's `defaultLocale`), else the first of en, fr, ru that is not empty, else "".
 * Never throws; `text` may be undefined (an optional field).
 */
export function resolveText(text: LocalizedText | undefined, locale?: string, fallback?: string): string {
  if (typeof text === 'string') return text;
  if (!text) return '';
  const byLocale = text as Record<string, string | undefined>;
  for (const key of [locale, fallback, ...FLOW_LOCALES]) {
    const found = key && Object.hasOwn(byLocale, key) ? byLocale[key] : undefined;
    if (typeof found === 'string' && found) return found;
  }
  return '';
}
