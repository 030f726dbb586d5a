/** Overlay frame entry: defines the conversation element the page (overlay.html) contains. */
import { uiLanguage } from '../shared/i18n.ts';
import { TactConversation } from '../shared/ui/tact-conversation.ts';

document.documentElement.lang = uiLanguage();
customElements.define('tact-conversation', TactConversation);
