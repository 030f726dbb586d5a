/** Popup entry. */
import { uiLanguage } from '../shared/i18n.ts';
import { applyChosenLanguage } from '../shared/ui-language.ts';
import { TactPopup } from './tact-popup.ts';
import { TactPreviewTools } from './tact-preview-tools.ts';

await applyChosenLanguage(); // before anything renders: the marketer's chosen language
document.documentElement.lang = uiLanguage();
customElements.define('tact-popup', TactPopup);
customElements.define('tact-preview-tools', TactPreviewTools);
