/**
 * The marketer's choice of interface language for Tact's own pages (options, popup), kept in the
 * extension origin's localStorage. `chrome.i18n` always follows the browser's language and cannot
 * be switched at run time, so a chosen language's messages come from `locales/<lang>.js`, a module
 * the build writes from `_locales/<lang>/messages.json` (no network: an extension file, allowed by
 * `script-src 'self'`). With no choice, the browser language's module is loaded the same way (see
 * applyChosenLanguage). Conversations on web pages keep the visitor's browser language.
 */
import { ext } from './browser-api.ts';
import { useMessages } from './i18n.ts';

export const UI_LANGUAGES = ['en', 'fr', 'ru'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];
const STORAGE_KEY = 'tact-ui-language';

/** The chosen language, or null for "follow the browser". */
export function chosenLanguage(): UiLanguage | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return (UI_LANGUAGES as readonly string[]).includes(v ?? '') ? (v as UiLanguage) : null;
  } catch {
    return null;
  }
}

/** The browser's UI language if Tact speaks it, else English (chrome.i18n's default locale). */
function browserUiLanguage(): UiLanguage {
  let lang = 'en';
  try {
    lang = ext.i18n.getUILanguage().split('-')[0] || 'en';
  } catch {
    // no i18n API (a test page): English
  }
  return (UI_LANGUAGES as readonly string[]).includes(lang) ? (lang as UiLanguage) : 'en';
}

/** Stores the choice (null: follow the browser); takes effect when a page next loads. */
export function chooseLanguage(lang: UiLanguage | null): void {
  if (lang) localStorage.setItem(STORAGE_KEY, lang);
  else localStorage.removeItem(STORAGE_KEY);
}

/**
 * Loads the chosen language's messages before a page first renders. Never throws: when the file
 * cannot be loaded the page stays in the browser's language and says why in the console.
 */
export async function applyChosenLanguage(): Promise<void> {
  // With no choice, the browser's language (as chrome.i18n would pick it) is loaded the same way:
  // Chromium's i18n.getMessage was seen returning "" for messages with substitutions on a freshly
  // installed extension's pages (the options list's labels read "wsAddRuleFor"), so Tact's own pages
  // never depend on it.
  await loadMessages(chosenLanguage() ?? browserUiLanguage());
}

/** Loads the browser language's messages (the visitor's, in the overlay frame), as above. */
export async function applyBrowserLanguage(): Promise<void> {
  await loadMessages(browserUiLanguage());
}

async function loadMessages(lang: UiLanguage): Promise<void> {
  try {
    const module = (await import(ext.runtime.getURL(`locales/${lang}.js`))) as { default: Record<string, string> };
    useMessages(lang, module.default);
  } catch (error) {
    console.warn(`[tact] could not load the ${lang} interface messages; using the browser's language`, error);
  }
}
