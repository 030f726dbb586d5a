/**
 * "Publish to a site" (settings view): the same pack as the export (every flow, rule and segment),
 * downloaded as `tact-pack.json` to serve on the site, and the `<script>` tag that adds the site
 * build (docs/embed.md) to its pages, with a copy button and one sentence on consent. The site
 * build is not inside the extension package, so the page says where it comes from. A workspace
 * with no rule on (nothing a site's visitors could meet) gets a sentence saying what to do
 * instead of a snippet, and rules for the demo shop only (the defaults) are named apart: on the
 * marketer's site they show nothing. Every control is a button or a labelled field.
 */
import { LitElement, html, nothing } from 'lit';
import { send } from '../shared/protocol.ts';
import { formatList, plural, t } from '../shared/i18n.ts';
import { failureText } from '../shared/failure-text.ts';
import { offerDownload } from './offer-download.ts';
import { embedSnippet, PACK_FILE, publishSummary, type PublishSummary } from './publish-view-model.ts';
import { DEMO_SHOP_HOST } from '../core/rules/demo-shop.ts';

export class TactPublishSite extends LitElement {
  static override properties = {
    summary: { state: true },
    loaded: { state: true },
    folder: { state: true },
    status: { state: true },
    error: { state: true },
  };
  declare summary: PublishSummary | undefined;
  declare loaded: boolean;
  /** Where the marketer puts the site build on their site (the snippet's `src` folder). */
  declare folder: string;
  declare status: string;
  declare error: string;

  /** A pack imported in the same view (or anything else changed) may change what can be published. */
  private readonly onChanged = () => void this.load();

  constructor() {
    super();
    this.loaded = false;
    this.folder = '/tact/';
    this.status = '';
    this.error = '';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('tact-changed', this.onChanged);
    void this.load();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('tact-changed', this.onChanged);
    super.disconnectedCallback();
  }

  private async load(): Promise<void> {
    try {
      this.summary = publishSummary(await send('pack/export', null));
      this.error = '';
    } catch (error) {
      this.error = failureText(error);
    }
    this.loaded = true;
  }

  /** Exports the pack now (not the one read at load: the workspace may have changed since). */
  private async downloadPack(): Promise<void> {
    this.status = '';
    this.error = '';
    try {
      const pack = await send('pack/export', null);
      offerDownload(PACK_FILE, 'application/json', JSON.stringify(pack, null, 2));
      this.summary = publishSummary(pack);
      this.status = t(
        'publishPackDownloaded',
        PACK_FILE,
        formatList([plural('countFlows', pack.flows.length), plural('countRules', pack.rules.length)]),
      );
    } catch (error) {
      this.error = failureText(error);
    }
  }

  private async copySnippet(): Promise<void> {
    this.status = '';
    try {
      await navigator.clipboard.writeText(embedSnippet(this.folder));
      this.status = t('publishCopied');
    } catch {
      // No clipboard access: the snippet is selected, for Ctrl+C or the context menu.
      this.querySelector<HTMLTextAreaElement>('#publish-snippet')?.select();
      this.status = t('publishCopyByHand');
    }
  }

  override render() {
    return html`<section class="card" id="publish" aria-labelledby="publish-h">
      <h2 id="publish-h">${t('publishTitle')}</h2>
      <p class="muted">${t('publishIntro')}</p>
      ${!this.loaded ? nothing : this.summary ? this.renderSteps(this.summary) : html`<p id="publish-empty">${t('publishEmpty')}</p>`}
      <div aria-live="polite">
        ${this.status ? html`<p class="ok" id="publish-status">${this.status}</p>` : nothing}
        ${this.error ? html`<p class="error" id="publish-error" role="alert">${this.error}</p>` : nothing}
      </div>
    </section>`;
  }

  private renderSteps(summary: PublishSummary) {
    return html`<p id="publish-summary">
        ${t(
          'publishSummary',
          formatList([plural('countFlows', summary.flows), plural('countRules', summary.rules)]),
          plural('publishRulesOn', summary.rulesOn),
        )}
      </p>
      ${
        summary.demoShopOnly
          ? html`<p class="error" id="publish-demo-shop">
              ${plural('publishDemoShopOnly', summary.demoShopOnly, DEMO_SHOP_HOST)}
            </p>`
          : nothing
      }
      <ol class="publish-steps">
        <li>
          <p>${t('publishStepPack', PACK_FILE)}</p>
          <button type="button" id="publish-download-pack" @click=${() => this.downloadPack()}>
            ${t('publishDownloadPack')}
          </button>
        </li>
        <li>
          <p id="publish-script-where">${t('publishStepScript')}</p>
        </li>
        <li>
          <p>${t('publishStepSnippet')}</p>
          <div class="publish-field">
            <label for="publish-folder">${t('publishFolder')}</label>
            <input
              id="publish-folder"
              type="text"
              spellcheck="false"
              .value=${this.folder}
              @input=${(e: Event) => (this.folder = (e.target as HTMLInputElement).value)}
            />
          </div>
          <div class="publish-field">
            <label for="publish-snippet">${t('publishSnippet')}</label>
            <textarea
              id="publish-snippet"
              readonly
              rows="3"
              spellcheck="false"
              aria-describedby="publish-consent"
              .value=${embedSnippet(this.folder)}
            ></textarea>
          </div>
          <button type="button" id="publish-copy" @click=${() => this.copySnippet()}>${t('publishCopy')}</button>
          <p class="muted" id="publish-consent">${t('publishConsent')}</p>
        </li>
      </ol>`;
  }
}
