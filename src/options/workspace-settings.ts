/**
 * The settings view of the options workspace (route `#settings`): the interruption policy and
 * data retention (`<tact-policy-settings>`) and flow-pack import and export
 * (`<tact-pack-transfer>`).
 */
import { LitElement, html } from 'lit';
import { t } from '../shared/i18n.ts';

export class TactWorkspaceSettings extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render() {
    return html`<h2 class="visually-hidden" tabindex="-1" data-view-heading>${t('wsNavSettings')}</h2>
      <tact-policy-settings></tact-policy-settings>
      <tact-pack-transfer></tact-pack-transfer>`;
  }
}
