/** Options page entry. */
import { uiLanguage } from '../shared/i18n.ts';
import { TactOptions } from './tact-options.ts';

document.documentElement.lang = uiLanguage();
customElements.define('tact-options', TactOptions);
