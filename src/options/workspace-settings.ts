/**
 * The settings view of the options workspace (route `#settings`): the interruption policy and
 * data retention (`<tact-policy-settings>`), the sites Tact was turned off on (turn back on,
 * forget), the interface language of Tact's own pages, where the flows are kept (and whether the
 * browser reports that storage as persistent), clearing everything Tact learnt (after a dialog that names
 * what goes and what stays), and flow-pack import and export (`<tact-pack-transfer>`: file
 * picker or drag and drop; a broken file is refused whole), and "Publish to a site"
 * (`<tact-publish-site>`: the pack and the snippet for the site build).
 */
import { LitElement, html, nothing } from 'lit';
import { send, type ClearedData, type SiteSummary } from '../shared/protocol.ts';
import { formatNumber, plural, t, uiLanguage } from '../shared/i18n.ts';
import { chooseLanguage, chosenLanguage, UI_LANGUAGES, type UiLanguage } from '../shared/ui-language.ts';
import { ext } from '../shared/browser-api.ts';
import { failureText } from '../shared/failure-text.ts';
import { readableHost } from '../core/rules/readable-host.ts';

const LANGUAGES: Record<string, string> = { en: 'English', fr: 'Français', ru: 'Русский' };

/** The browser's own UI language (what chrome.i18n uses), whatever was chosen here. */
function browserLanguage(): string {
  try {
    return ext.i18n.getUILanguage().split('-')[0] || 'en';
  } catch {
    return 'en';
  }
}

export class TactWorkspaceSettings extends LitElement {
  static override properties = {
    sites: { state: true },
    sitesError: { state: true },
    cleared: { state: true },
    clearError: { state: true },
    clearing: { state: true },
    storage: { state: true },
  };
  /** Whether the browser keeps Tact's storage as persistent, and how much Tact uses. */
  declare storage: { persisted: boolean; usedMb: string } | undefined;
  declare sites: SiteSummary[] | undefined;
  declare sitesError: string;
  declare cleared: ClearedData | undefined;
  declare clearError: string;
  declare clearing: boolean;

  constructor() {
    super();
    this.sitesError = '';
    this.clearError = '';
    this.clearing = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadSites();
    void this.loadStorage();
  }

  /**
   * Asks the browser to keep Tact's storage persistent (granted without a prompt with the
   * unlimited-storage permission where the browser knows that permission) and reads the answer.
   * The background cannot ask: `persist()` does not exist in a service worker.
   */
  private async loadStorage(): Promise<void> {
    const storage = navigator.storage as StorageManager | undefined;
    if (!storage?.persisted) return;
    const persisted = (await storage.persisted()) || ((await storage.persist?.()) ?? false);
    const used = (await storage.estimate?.())?.usage ?? 0;
    this.storage = { persisted, usedMb: formatNumber(used / 1_000_000, { maximumFractionDigits: 1 }) };
  }

  private async loadSites(): Promise<void> {
    try {
      this.sites = await send('sites/list', null);
      this.sitesError = '';
    } catch (error) {
      this.sitesError = failureText(error);
    }
  }

  private async siteAction(action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
      await this.loadSites();
    } catch (error) {
      this.sitesError = failureText(error);
    }
  }

  private dialog(): HTMLDialogElement | null {
    return this.querySelector<HTMLDialogElement>('#ws-clear-dialog');
  }

  private async clearData(): Promise<void> {
    this.clearing = true;
    this.clearError = '';
    try {
      this.cleared = await send('data/clear', null);
      this.dialog()?.close();
      await this.loadSites();
      this.dispatchEvent(new CustomEvent('tact-changed', { detail: {}, bubbles: true }));
      await this.updateComplete;
      this.querySelector<HTMLElement>('#ws-clear')?.focus();
    } catch (error) {
      this.clearError = failureText(error);
    } finally {
      this.clearing = false;
    }
  }

  override render() {
    const lang = uiLanguage();
    return html`<h2 class="visually-hidden" tabindex="-1" data-view-heading>${t('wsNavSettings')}</h2>
      <tact-policy-settings></tact-policy-settings>
      ${this.renderSites()} ${this.renderLanguage(lang)} ${this.renderStorage()} ${this.renderClear()}
      <tact-pack-transfer></tact-pack-transfer>
      <tact-publish-site></tact-publish-site>`;
  }

  private renderStorage() {
    const s = this.storage;
    return html`<section class="card" id="ws-storage" aria-labelledby="ws-storage-h">
      <h2 id="ws-storage-h">${t('wsStorageTitle')}</h2>
      <p class="muted">${t('wsStorageHelp')}</p>
      ${
        s
          ? html`<p id="ws-storage-status" data-persisted=${String(s.persisted)}>
              ${t(s.persisted ? 'wsStoragePersisted' : 'wsStorageNotPersisted', s.usedMb)}
            </p>`
          : nothing
      }
    </section>`;
  }

  private renderLanguage(lang: string) {
    const browser = browserLanguage();
    return html`<section class="card" id="ws-language" aria-labelledby="ws-language-h">
      <h2 id="ws-language-h">${t('wsLanguageTitle')}</h2>
      <div class="ws-row">
        <label for="ws-language-select">${t('wsLanguageLabel')}</label>
        <select
          id="ws-language-select"
          aria-describedby="ws-language-help"
          @change=${async (e: Event) => {
            const v = (e.target as HTMLSelectElement).value;
            chooseLanguage(v ? (v as UiLanguage) : null);
            // The seeds still under a default's name follow, as if installed in that language.
            await send('workspace/name-defaults', { language: v || browser }).catch((error: unknown) =>
              console.warn('[tact] the seeds keep their names', error),
            );
            location.reload(); // messages are read once per page load
          }}
        >
          <option value="" ?selected=${!chosenLanguage()}>
            ${t('wsLanguageBrowser', LANGUAGES[browser] ?? browser)}
          </option>
          ${UI_LANGUAGES.map((l) => html`<option value=${l} lang=${l} ?selected=${chosenLanguage() === l}>${LANGUAGES[l]}</option>`)}
        </select>
      </div>
      <p class="muted" id="ws-language-help">${t('wsLanguageHelp', LANGUAGES[lang] ?? lang)}</p>
    </section>`;
  }

  private renderSites() {
    const sites = this.sites;
    return html`<section class="card" id="ws-sites" aria-labelledby="ws-sites-h">
      <h2 id="ws-sites-h">${t('wsSitesTitle')}</h2>
      <p class="muted">${t('wsSitesHelp')}</p>
      ${this.sitesError ? html`<p class="error" role="alert">${this.sitesError}</p>` : nothing}
      ${
        !sites
          ? nothing
          : sites.length === 0
            ? html`<p class="empty">${t('wsSitesEmpty')}</p>`
            : html`<table>
                <thead>
                  <tr>
                    <th>${t('wsSiteCol')}</th>
                    <th>${t('optionsColStatus')}</th>
                    <th>${t('wsSiteVisits')}</th>
                    <th>${t('wsColActions')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${sites.map((s) => {
                    const name = readableHost(s.origin);
                    return html`<tr data-site=${s.origin}>
                      <td>${name}</td>
                      <td>
                        <span class="badge ${s.enabled ? 'on' : 'off'}"
                          >${s.enabled ? t('wsSiteOn') : t('wsSiteOff')}</span
                        >
                      </td>
                      <td>${formatNumber(s.visits ?? 0)}</td>
                      <td class="ws-actions">
                        ${
                          s.enabled
                            ? html`<button
                                type="button"
                                class="ws-site-off"
                                aria-label=${t('wsSiteTurnOffOn', name)}
                                @click=${() => this.siteAction(() => send('site/set', { origin: s.origin, enabled: false }))}
                              >
                                ${t('wsSiteTurnOff')}
                              </button>`
                            : html`<button
                                type="button"
                                class="ws-site-on"
                                aria-label=${t('wsSiteTurnOnOn', name)}
                                @click=${() => this.siteAction(() => send('site/set', { origin: s.origin, enabled: true }))}
                              >
                                ${t('wsSiteTurnOn')}
                              </button>`
                        }
                        <button
                          type="button"
                          class="ws-site-forget"
                          aria-label=${t('wsSiteForgetOn', name)}
                          @click=${() => this.siteAction(() => send('sites/remove', { origin: s.origin }))}
                        >
                          ${t('wsSiteForget')}
                        </button>
                      </td>
                    </tr>`;
                  })}
                </tbody>
              </table>`
      }
    </section>`;
  }

  private renderClear() {
    const c = this.cleared;
    return html`<section class="card" id="ws-data" aria-labelledby="ws-data-h">
      <h2 id="ws-data-h">${t('wsClearTitle')}</h2>
      <p class="muted">${t('wsClearHelp')}</p>
      <button
        type="button"
        id="ws-clear"
        @click=${() => {
          this.clearError = '';
          this.dialog()?.showModal();
        }}
      >
        ${t('wsClearButton')}
      </button>
      <div aria-live="polite">
        ${
          c
            ? html`<p class="ok" id="ws-clear-status">
                ${t(
                  'wsCleared',
                  plural('countEvents', c.events),
                  plural('countAnswers', c.answers),
                  plural('countConversations', c.conversations),
                )}
              </p>`
            : nothing
        }
      </div>
      <dialog id="ws-clear-dialog" aria-labelledby="ws-clear-dialog-h" aria-describedby="ws-clear-what">
        <h2 id="ws-clear-dialog-h">${t('wsClearConfirmTitle')}</h2>
        <div id="ws-clear-what">
          <p>${t('wsClearDeleted')}</p>
          <ul>
            <li>${t('wsClearEvents')}</li>
            <li>${t('wsClearConversations')}</li>
            <li>${t('wsClearProfile')}</li>
            <li>${t('wsClearHistory')}</li>
          </ul>
          <p>${t('wsClearKept')}</p>
        </div>
        ${this.clearError ? html`<p class="error" role="alert">${this.clearError}</p>` : nothing}
        <div class="ws-actions">
          <button type="button" id="ws-clear-cancel" class="primary" autofocus @click=${() => this.dialog()?.close()}>
            ${t('wsCancelKeep')}
          </button>
          <button type="button" id="ws-clear-confirm" ?disabled=${this.clearing} @click=${() => this.clearData()}>
            ${t('wsClearConfirm')}
          </button>
        </div>
      </dialog>
    </section>`;
  }
}
