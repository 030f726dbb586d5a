/**
 * "Play on a tab" in the flow editor: runs the saved flow on one of the marketer's open web pages,
 * in the real overlay, through the background's `preview/start` (marked as a preview, never
 * counted), then brings that tab to the front. The tabs offered are the open pages Tact runs on
 * (`preview/tabs`, from its own page views: no "tabs" permission), the most recently used first,
 * so the page the marketer just came from is the default.
 */
import { LitElement, html, nothing } from 'lit';
import { ext } from '../shared/browser-api.ts';
import { send, type PreviewTab } from '../shared/protocol.ts';
import { t } from '../shared/i18n.ts';
import { failureText } from '../shared/failure-text.ts';
import { WholeChoices } from '../shared/cut-choice.ts';

export class TactTabPreview extends LitElement {
  static override properties = {
    flowId: { attribute: false },
    blockedReason: { attribute: false },
    tabs: { state: true },
    tabId: { state: true },
    status: { state: true },
    error: { state: true },
    busy: { state: true },
  };
  /** The saved flow to play. */
  declare flowId: string;
  /** Why it cannot be played now (e.g. unsaved changes), shown instead of the button; '' when it can. */
  declare blockedReason: string;
  declare tabs: PreviewTab[];
  declare tabId: number | null;
  declare status: string;
  declare error: string;
  declare busy: boolean;
  /** The chosen tab's whole title under its select when the select cuts it (titles run long). */
  private readonly wholeChoices = new WholeChoices(this);

  constructor() {
    super();
    this.flowId = '';
    this.blockedReason = '';
    this.tabs = [];
    this.tabId = null;
    this.status = '';
    this.error = '';
    this.busy = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  /** Reads the open tabs again (they change while the editor is open). */
  async refresh(): Promise<void> {
    try {
      this.tabs = await send('preview/tabs', null);
      if (!this.tabs.some((tab) => tab.tabId === this.tabId)) this.tabId = this.tabs[0]?.tabId ?? null;
      this.error = '';
    } catch (error) {
      this.error = failureText(error);
    }
  }

  private async play(): Promise<void> {
    const tab = this.tabs.find((x) => x.tabId === this.tabId);
    if (!tab || this.blockedReason) return;
    this.busy = true;
    this.status = '';
    this.error = '';
    try {
      await send('preview/start', { tabId: tab.tabId, flowId: this.flowId });
      const shown = await ext.tabs.update(tab.tabId, { active: true });
      if (shown?.windowId !== undefined) await ext.windows.update(shown.windowId, { focused: true }).catch(() => {}); // not on every platform
      this.status = t('editorTabPlaying', tab.title);
    } catch (error) {
      this.error = failureText(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const id = 'tab-preview-select';
    return html`<div class="tab-preview">
      <h4>${t('editorTabTitle')}</h4>
      ${
        this.tabs.length === 0
          ? html`<p class="muted" id="tab-preview-empty">${t('editorTabNone')}</p>`
          : html`<label for=${id}>${t('editorTabLabel')}</label>
              <div class="row">
                <select
                  id=${id}
                  @focus=${() => this.refresh()}
                  @change=${(e: Event) => (this.tabId = Number((e.target as HTMLSelectElement).value))}
                >
                  ${this.tabs.map((tab) => html`<option value=${tab.tabId} ?selected=${tab.tabId === this.tabId}>${tab.title}</option>`)}
                </select>
                <button
                  type="button"
                  class="small"
                  id="tab-preview-play"
                  ?disabled=${this.busy || !!this.blockedReason || this.tabId === null}
                  @click=${() => this.play()}
                >
                  ${t('editorTabPlay')}
                </button>
              </div>
              ${this.wholeChoices.note(id)}`
      }
      <button type="button" class="link" id="tab-preview-refresh" @click=${() => this.refresh()}>
        ${t('editorTabRefresh')}
      </button>
      ${this.blockedReason ? html`<p class="muted" id="tab-preview-blocked">${this.blockedReason}</p>` : nothing}
      ${this.status ? html`<p class="ok" role="status" id="tab-preview-status">${this.status}</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert" id="tab-preview-error">${this.error}</p>` : nothing}
    </div>`;
  }
}
