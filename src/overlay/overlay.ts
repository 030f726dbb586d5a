/** Overlay frame entry: defines the conversation element the page (overlay.html) contains. */
import { ext } from '../shared/browser-api.ts';
import { uiLanguage, useMessages } from '../shared/i18n.ts';
import { TactConversation } from '../shared/ui/tact-conversation.ts';

// The visitor's browser language, read from the bundled messages rather than chrome.i18n: Chromium's
// getMessage was seen returning "" on a freshly installed extension's pages (see ui-language.ts).
const browserLang = uiLanguage();
const lang = ['en', 'fr', 'ru'].includes(browserLang) ? browserLang : 'en';
try {
  const module = (await import(ext.runtime.getURL(`locales/${lang}.js`))) as { default: Record<string, string> };
  useMessages(lang, module.default);
} catch {
  // chrome.i18n stays the source
}
document.documentElement.lang = uiLanguage();
customElements.define('tact-conversation', TactConversation);
