/**
 * UI strings from `_locales/<lang>/messages.json` (English, French, Russian), through the
 * browser's i18n API so the visitor's browser language is used. Falls back to the key itself,
 * which makes a missing string visible instead of blank.
 */
import { ext } from './browser-api.ts';

export function t(key: string, ...substitutions: string[]): string {
  try {
    return ext.i18n.getMessage(key, substitutions) || key;
  } catch {
    return key;
  }
}

/** The UI language in use, e.g. "fr". */
export function uiLanguage(): string {
  try {
    return ext.i18n.getUILanguage().split('-')[0] || 'en';
  } catch {
    return 'en';
  }
}
