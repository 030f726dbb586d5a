/** Options page entry. */
import { uiLanguage } from '../shared/i18n.ts';
import { applyChosenLanguage } from '../shared/ui-language.ts';
import { TactOptions } from './tact-options.ts';
import { TactPackTransfer } from './pack-transfer.ts';
import { TactPolicySettings } from './policy-settings.ts';
import { TactFlowResults } from './flow-results.ts';
import { TactAbTestResults } from './ab-test-results.ts';
import { TactAnswerLearning } from './answer-learning.ts';
import { TactFlowEditor } from './flow-editor.ts';
import { TactFlowDiagram } from './flow-diagram.ts';
import { TactFlowJsonView } from './flow-json-view.ts';
import { TactFlowLivePreview } from './flow-live-preview.ts';
import { TactConversation } from '../shared/ui/tact-conversation.ts';
import { TactWorkspaceLists } from './workspace-lists.ts';
import { TactWorkspaceSettings } from './workspace-settings.ts';
import { TactRuleEditor } from './rule-editor.ts';
import { TactTabPreview } from './play-on-tab.ts';
import { TactWelcome } from './welcome-view.ts';

await applyChosenLanguage(); // before anything renders: the marketer's chosen language
document.documentElement.lang = uiLanguage();
customElements.define('tact-pack-transfer', TactPackTransfer);
customElements.define('tact-policy-settings', TactPolicySettings);
customElements.define('tact-flow-results', TactFlowResults);
customElements.define('tact-ab-test-results', TactAbTestResults);
customElements.define('tact-answer-learning', TactAnswerLearning);
customElements.define('tact-flow-diagram', TactFlowDiagram);
customElements.define('tact-flow-json-view', TactFlowJsonView);
customElements.define('tact-flow-live-preview', TactFlowLivePreview);
customElements.define('tact-conversation', TactConversation);
customElements.define('tact-tab-preview', TactTabPreview);
customElements.define('tact-flow-editor', TactFlowEditor);
customElements.define('tact-workspace-lists', TactWorkspaceLists);
customElements.define('tact-workspace-settings', TactWorkspaceSettings);
customElements.define('tact-rule-editor', TactRuleEditor);
customElements.define('tact-welcome', TactWelcome);
customElements.define('tact-options', TactOptions);
