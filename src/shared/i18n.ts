/**
 * UI strings from `_locales/<lang>/messages.json` (English, French, Russian), through the
 * browser's i18n API so the visitor's browser language is used. Falls back to the key itself,
 * which makes a missing string visible instead of blank.
 */
import { ext } from './browser-api.ts';

/** Messages of a language the marketer chose for Tact's own pages (see ui-language.ts). */
let chosen: { lang: string; messages: Record<string, string> } | undefined;

/** Uses these messages instead of the browser's language on this page (before its first render). */
export function useMessages(lang: string, messages: Record<string, string>): void {
  chosen = { lang, messages };
}

export function t(key: string, ...substitutions: string[]): string {
  const own = chosen?.messages[key];
  // The same substitution rules as chrome.i18n: $1…$9, and $$ for a dollar sign.
  if (own !== undefined)
    return own.replace(/\$(\$|[1-9])/g, (_m, d: string) => (d === '$' ? '$' : (substitutions[Number(d) - 1] ?? '')));
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
