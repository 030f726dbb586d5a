/** Overlay frame entry: defines the conversation element the page (overlay.html) contains. */
import { uiLanguage } from '../shared/i18n.ts';
import { applyConversationLanguage } from '../shared/ui-language.ts';
import { attachFrame, TactConversation } from '../shared/ui/tact-conversation.ts';

// The frame asks for its conversation at once: the answer says which language the conversation is
// in, and the panel's own words (buttons, labels, messages) speak it, from the bundled messages.
await applyConversationLanguage(attachFrame());
document.documentElement.lang = uiLanguage();
customElements.define('tact-conversation', TactConversation);
