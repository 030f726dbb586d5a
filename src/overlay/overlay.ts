/** Overlay frame entry: defines the conversation element the page (overlay.html) contains. */
import { uiLanguage } from '../shared/i18n.ts';
import { applyBrowserLanguage } from '../shared/ui-language.ts';
import { TactConversation } from '../shared/ui/tact-conversation.ts';

await applyBrowserLanguage(); // the visitor's language, from the bundled messages (see ui-language.ts)
document.documentElement.lang = uiLanguage();
customElements.define('tact-conversation', TactConversation);
