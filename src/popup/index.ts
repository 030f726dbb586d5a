/** Popup entry. */
import { uiLanguage } from '../shared/i18n.ts';
import { TactPopup } from './tact-popup.ts';

document.documentElement.lang = uiLanguage();
customElements.define('tact-popup', TactPopup);
