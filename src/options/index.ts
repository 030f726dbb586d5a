/** Options page entry. */
import { uiLanguage } from '../shared/i18n.ts';
import { TactOptions } from './tact-options.ts';
import { TactPackTransfer } from './pack-transfer.ts';
import { TactPolicySettings } from './policy-settings.ts';
import { TactFlowResults } from './flow-results.ts';

document.documentElement.lang = uiLanguage();
customElements.define('tact-pack-transfer', TactPackTransfer);
customElements.define('tact-policy-settings', TactPolicySettings);
customElements.define('tact-flow-results', TactFlowResults);
customElements.define('tact-options', TactOptions);
