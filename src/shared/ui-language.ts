/**
 * The marketer's choice of interface language for Tact's own pages (options, popup), kept in the
 * extension origin's localStorage. `chrome.i18n` always follows the browser's language and cannot
 * be switched at run time, so a chosen language's messages come from `locales/<lang>.js`, a module
 * the build writes from `_locales/<lang>/messages.json` (no network: an extension file, allowed by
 * `script-src 'self'`). With no choice, the browser language's module is loaded the same way (see
 * applyChosenLanguage). Conversations on web pages speak the conversation's language
 * (applyConversationLanguage).
 */
import { ext } from './browser-api.ts';
import { pageWords, useMessages, wordsIn, type Words } from './i18n.ts';

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

/**
 * Loads the messages of the language the overlay frame's conversation is in (its `locale`, from
 * the frame's attach) before the frame first renders. The browser language's file is imported
 * while the attach is under way, as a guess: when the conversation is in that language (most
 * visitors) the frame waits for no more than before; otherwise the right file follows, one more
 * extension file read from disk and no message round trip. The attach's failure is the caller's.
 */
export async function applyConversationLanguage(attached: Promise<{ locale: UiLanguage }>): Promise<void> {
  const guess = browserUiLanguage();
  const [view] = await Promise.all([attached.catch(() => undefined), loadMessages(guess)]);
  if (view && view.locale !== guess) await loadMessages(view.locale);
}

async function loadMessages(lang: UiLanguage): Promise<void> {
  const messages = await messagesOf(lang);
  if (messages) useMessages(lang, messages);
}

/**
 * The words of `lang` for a part of a page that speaks another language than the page (the flow
 * editor's preview speaks the conversation's): the same `locales/<lang>.js` module, imported once
 * per page. Never throws: when the file cannot be loaded, the page's own words.
 */
export async function wordsFor(lang: UiLanguage): Promise<Words> {
  const messages = await messagesOf(lang);
  return messages ? wordsIn(lang, messages) : pageWords;
}

async function messagesOf(lang: UiLanguage): Promise<Record<string, string> | undefined> {
  try {
    const module = (await import(ext.runtime.getURL(`locales/${lang}.js`))) as { default: Record<string, string> };
    return module.default;
  } catch (error) {
    console.warn(`[tact] could not load the ${lang} interface messages; using the browser's language`, error);
    return undefined;
  }
}
