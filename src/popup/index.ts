/** Popup entry. */
import { uiLanguage } from '../shared/i18n.ts';
import { TactPopup } from './tact-popup.ts';
import { TactPreviewTools } from './preview-tools.ts';

document.documentElement.lang = uiLanguage();
customElements.define('tact-popup', TactPopup);
customElements.define('tact-preview-tools', TactPreviewTools);
