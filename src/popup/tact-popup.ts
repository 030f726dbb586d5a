/**
 * The toolbar popup: turns Tact on or off for the site of the current tab (persisted in
 * IndexedDB by the background, applied to open tabs at once).
 *
 * The site is the active tab's origin; `popup.html?site=<origin>` names one explicitly (used when
 * the popup is opened as a page, e.g. from the options page or in tests).
 */
import { LitElement, html, nothing } from 'lit';
import { ext } from '../shared/browser-api.ts';
import { send, type SiteState } from '../shared/protocol.ts';
import { t } from '../shared/i18n.ts';

async function currentSite(): Promise<string | null> {
  const named = new URLSearchParams(location.search).get('site');
  const url = named ?? (await ext.tabs.query({ active: true, currentWindow: true }))[0]?.url;
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

export class TactPopup extends LitElement {
  static override properties = { site: { state: true }, error: { state: true }, ready: { state: true } };
  declare site: SiteState | null;
  declare error: string;
  declare ready: boolean;

  constructor() {
    super();
    this.site = null;
    this.error = '';
    this.ready = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const origin = await currentSite();
      this.site = origin ? await send('site/get', { origin }) : null;
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.ready = true;
    }
  }

  private async toggle(event: Event): Promise<void> {
    if (!this.site) return;
    const enabled = (event.target as HTMLInputElement).checked;
    try {
      this.site = await send('site/set', { origin: this.site.origin, enabled });
      this.error = '';
    } catch (error) {
      this.error = (error as Error).message;
      (event.target as HTMLInputElement).checked = this.site.enabled;
    }
  }

  override render() {
    if (!this.ready) return html`<div class="popup-app"><p class="muted">${t('optionsLoading')}</p></div>`;
    return html`<div class="popup-app">
      <div class="topbar"><img class="logo" src="icons/icon-32.png" alt=""><h1>Tact</h1></div>
      ${this.site
        ? html`<div class="site" id="site-origin">${this.site.origin}</div>
            <label class="switch">
              <input id="site-toggle" type="checkbox" role="switch" .checked=${this.site.enabled} @change=${(e: Event) => this.toggle(e)}>
              <span>${t('popupOnThisSite')}</span>
            </label>
            <p class="muted" id="site-status" aria-live="polite">${this.site.enabled ? t('popupStatusOn') : t('popupStatusOff')}</p>`
        : html`<p class="muted" id="site-status">${t('popupUnavailable')}</p>`}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <button type="button" @click=${() => ext.runtime.openOptionsPage()}>${t('popupOpenOptions')}</button>
    </div>`;
  }
}
