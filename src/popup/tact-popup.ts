/**
 * The toolbar popup: turns Tact on or off for the site of the current tab (persisted in
 * IndexedDB by the background, applied to open tabs at once), previews a flow there, offers the
 * preview tools (`preview-tools.ts`) and explains the tab's decisions ("why").
 *
 * The site is the active tab's origin; `popup.html?site=<origin>` names one explicitly (used when
 * the popup is opened as a page, e.g. from the options page or in tests).
 */
import { LitElement, html, nothing } from 'lit';
import { ext } from '../shared/browser-api.ts';
import { send, type DecisionRecord, type Hold, type PreviewState, type SiteState } from '../shared/protocol.ts';
import { describeSignal } from '../core/signals/signal-model.ts';
import type { IntentName } from '../core/signals/signal-kinds.ts';
import type { Rule, Segment } from '../core/rules/rule-model.ts';
import { colon, formatDateTime, formatList, formatNumber, t } from '../shared/i18n.ts';
import { sayReason } from '../shared/why-words.ts';
import { LONGEST_WHOLE_SEGMENT, pathPieces } from '../shared/path-breaks.ts';
import { checkLine } from '../shared/why-view.ts';
import { rulesOnPage, type RuleOnPage } from '../core/rules/url-explain.ts';
import { failureText } from '../shared/failure-text.ts';
import { readableHost, readableSiteReason } from '../core/rules/readable-host.ts';
import { WholeChoices } from '../shared/cut-choice.ts';

/** The site (origin) and tab the popup is about: the active tab, or `?site=` / `?tab=` when given. */
async function currentTarget(): Promise<{ origin: string | null; tabId: number | null; url: string | undefined }> {
  const params = new URLSearchParams(location.search);
  const active =
    params.get('site') && params.get('tab')
      ? undefined
      : (await ext.tabs.query({ active: true, currentWindow: true }))[0];
  const tabId = params.get('tab') !== null ? Number(params.get('tab')) : (active?.id ?? null);
  const url = params.get('site') ?? active?.url;
  // The page's own address (for the rules that apply to it): the named tab's when `?tab=` names
  // one; else what the popup was about before (`?site=`, or the active tab's address).
  const pageUrl =
    params.get('site') && params.get('tab') && Number.isInteger(tabId)
      ? await ext.tabs.get(tabId!).then(
          (tab) => tab.url,
          () => undefined,
        )
      : undefined;
  let origin: string | null;
  try {
    const u = new URL(url ?? '');
    origin = u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    origin = null;
  }
  return { origin, tabId: Number.isInteger(tabId) ? tabId : null, url: pageUrl ?? url ?? undefined };
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

const OUTCOME_KEYS: Record<string, string> = {
  fired: 'whyFired',
  shadow: 'whyShadow',
  'not-triggered': 'whyNotTriggered',
  'conditions-failed': 'whyConditions',
  blocked: 'whyBlocked',
  outranked: 'whyOutranked',
  disabled: 'whyDisabled',
};

export class TactPopup extends LitElement {
  private async preview(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const flowId = ((event.currentTarget as HTMLFormElement).elements.namedItem('flow') as HTMLSelectElement).value;
    this.previewStatus = '';
    this.error = '';
    try {
      await send('preview/start', { tabId: this.tabId!, flowId });
      this.previewStatus = t('popupPreviewStarted');
    } catch (error) {
      this.error = failureText(error);
    }
  }

  /**
   * The flow to preview: the select takes the popup's width; a name longer than it shows is also
   * written out in full under it (a closed select cannot wrap), so the marketer reads what they
   * pick. The option texts are the whole names (the open list shows them).
   */
  private renderPreview() {
    const chosen = this.flows.find((f) => f.id === this.chosenFlow) ?? this.flows[0];
    return html`<form class="preview" id="preview" @submit=${(e: SubmitEvent) => this.preview(e)}>
      <label for="preview-flow">${t('popupPreviewLabel')}</label>
      <select
        id="preview-flow"
        name="flow"
        title=${chosen?.name ?? ''}
        @change=${(e: Event) => (this.chosenFlow = (e.target as HTMLSelectElement).value)}
      >
        ${this.flows.map((f) => html`<option value=${f.id} ?selected=${f.id === chosen?.id}>${f.name}</option>`)}
      </select>
      ${this.wholeChoices.note('preview-flow')}
      <button class="primary" type="submit">${t('popupPreview')}</button>
      ${this.previewStatus ? html`<p class="ok" role="status">${this.previewStatus}</p>` : nothing}
    </form>`;
  }

  /** What the content script reported on this page, newest first, and the latest score per intent. */
  private renderLive() {
    const signals = this.tabPreview?.signals ?? [];
    const intents = new Map<IntentName, number>();
    for (const { signal } of signals)
      if (signal.type === 'intent' && !intents.has(signal.intent)) intents.set(signal.intent, signal.score);
    return html`<div class="live" id="why-live">
      <h3>${t('pvLiveTitle')}</h3>
      ${
        signals.length === 0
          ? html`<p class="muted">${t('pvLiveNone')}</p>`
          : html`<ul>
              ${signals.slice(0, 8).map((s) => html`<li>${formatDateTime(s.at, { timeStyle: 'medium' })} · ${sayReason(describeSignal(s.signal))}</li>`)}
            </ul>`
      }
      ${intents.size ? html`<p>${t('pvLiveIntents')} ${formatList([...intents].map(([name, score]) => `${t(`wsIntent_${name}`)} ${formatNumber(score, TWO_DECIMALS)}`))}</p>` : nothing}
    </div>`;
  }

  /**
   * Every enabled rule against the tab's address, which apply here and for the others why not;
   * undefined where the tab's page is unknown or not this site's.
   */
  private rulesHere(site: SiteState): RuleOnPage[] | undefined {
    const url = this.tabUrl;
    return url && originOf(url) === site.origin ? rulesOnPage(this.rules, url) : undefined;
  }

  /** The rules against the tab's page (`rulesHere`), as the "why" lists them. */
  private renderRulesHere(rules: RuleOnPage[] | undefined) {
    if (!rules) return nothing;
    return html`<div class="rules-here" id="rules-here">
      <h3>${t('whyRulesHereTitle')}</h3>
      ${
        rules.length === 0
          ? html`<p class="muted">${t('whyRulesHereNone')}</p>`
          : html`<ul>
              ${rules.map(
                (r) =>
                  html`<li class=${r.applies ? 'pass' : 'blocked'} data-rule=${r.ruleId}>
                    <span class="rule-name">${colon(r.ruleName)}</span>
                    ${r.applies ? t('whyRuleApplies') : withPathBreaks(t('whyRuleNotHere', sayReason(readableSiteReason(r.because!))))}
                  </li>`,
              )}
            </ul>`
      }
    </div>`;
  }

  /**
   * Whether Tact may start a conversation on this site; where the tab's page is known, one that no
   * rule is for says so, instead of a promise nothing keeps (the "why" below says where each rule
   * is for). A rule in shadow mode never shows anything, so it does not count.
   */
  private statusText(site: SiteState, rulesHere: RuleOnPage[] | undefined): string {
    if (!site.enabled) return t('popupStatusOff');
    if (!rulesHere) return t('popupStatusOn');
    const shadow = new Set(this.rules.filter((r) => r.shadow).map((r) => r.id));
    return rulesHere.some((r) => r.applies && !shadow.has(r.ruleId)) ? t('popupStatusOn') : t('popupStatusNoRule');
  }

  private renderWhy(rulesHere: RuleOnPage[] | undefined) {
    return html`<section class="why-panel" id="why" aria-labelledby="why-h">
      <h2 id="why-h">${t('whyTitle')}</h2>
      ${this.renderRulesHere(rulesHere)} ${this.renderLive()}
      ${
        this.decisions.length === 0
          ? html`<p class="muted">${t('whyNone')}</p>`
          : this.decisions.map(
              (d, i) =>
                html`<details class="decision" ?open=${i === 0 && this.openNewest}>
                  <summary>
                    ${formatDateTime(d.at, { timeStyle: 'medium' })} · ${sayReason(describeSignal(d.signal))} →
                    <strong>${d.decision.show ? t('whyShown') : t('whyNothing')}</strong>
                    ${d.preview?.simulated ? html` <span class="badge">${t('pvSimulatedBadge')}</span>` : nothing}
                  </summary>
                  ${d.preview?.actAs ? html`<p class="muted">${t('pvActingAs', d.preview.actAs)}</p>` : nothing}
                  ${d.overlay?.held ? html`<p class="overlay-fate">${d.overlay.tabClosed ? t('whyOverlayTabClosed') : holdText(d.overlay.held, d.overlay.withdrawn === true)}</p>` : nothing}
                  ${d.firstPaint ? html`<p class="overlay-fate">${t(d.firstPaint.kept ? 'firstDecisionKept' : 'firstDecisionWithdrawn')}</p>` : nothing}
                  ${d.overlay && (d.overlay.restored > 0 || d.overlay.paused) ? html`<p class="overlay-fate">${t(d.overlay.paused ? 'whyOverlayPaused' : 'whyOverlayRestored', formatNumber(d.overlay.restored))}</p>` : nothing}
                  <ul>
                    ${d.decision.policy.filter((c) => !c.passed).map((c) => html`<li class="blocked">${withPathBreaks(checkLine(c, sayReason, colon))}</li>`)}
                    ${d.decision.rules.map(
                      (r) =>
                        html`<li>
                          <span class="rule-name">${colon(r.ruleName)}</span>
                          ${t(OUTCOME_KEYS[r.outcome] ?? 'whyBlocked')}
                          <ul class="checks">
                            ${r.checks.map(
                              (c) =>
                                html`<li class=${c.passed ? 'pass' : 'blocked'}>
                                  <span aria-hidden="true">${c.passed ? '✓' : '✗'}</span>
                                  <span class="visually-hidden"
                                    >${c.passed ? t('pvCheckPassed') : t('pvCheckFailed')}</span
                                  >
                                  ${withPathBreaks(checkLine(c, (r) => sayReason(readableSiteReason(r)), colon))}
                                </li>`,
                            )}
                          </ul>
                        </li>`,
                    )}
                  </ul>
                  ${d.decision.brief ? html`<p class="muted brief">${t('engineTraceBrief', formatNumber(d.decision.brief.candidates))}</p>` : nothing}
                </details>`,
            )
      }
    </section>`;
  }

  static override properties = {
    site: { state: true },
    error: { state: true },
    ready: { state: true },
    decisions: { state: true },
    flows: { state: true },
    previewStatus: { state: true },
    tabPreview: { state: true },
    openNewest: { state: true },
    chosenFlow: { state: true },
  };
  declare site: SiteState | null;
  declare tabPreview: PreviewState | null;
  /** Open the newest decision (right after a simulation). */
  declare openNewest: boolean;
  private rules: Rule[] = [];
  private segments: Segment[] = [];
  private tabUrl: string | undefined;
  declare decisions: DecisionRecord[];
  declare flows: { id: string; name: string }[];
  declare previewStatus: string;
  /** The flow chosen in the preview's select (its first flow until one is chosen). */
  declare chosenFlow: string;
  /** The chosen flow's whole name under its select when the select cuts it. */
  private readonly wholeChoices = new WholeChoices(this);
  private tabId: number | null = null;
  declare error: string;
  declare ready: boolean;

  constructor() {
    super();
    this.site = null;
    this.error = '';
    this.ready = false;
    this.decisions = [];
    this.flows = [];
    this.previewStatus = '';
    this.tabPreview = null;
    this.openNewest = false;
    this.chosenFlow = '';
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
      const { origin, tabId, url } = await currentTarget();
      this.tabId = tabId;
      this.tabUrl = url;
      if (origin) {
        const workspace = await send('workspace/get', null);
        this.flows = workspace.flows.map((f) => ({ id: f.id, name: f.name }));
        this.rules = workspace.rules;
        this.segments = (await send('pack/export', null)).segments ?? [];
      }
      this.site = origin ? await send('site/get', { origin }) : null;
      await this.refresh();
    } catch (error) {
      this.error = failureText(error);
    } finally {
      this.ready = true;
    }
  }

  /** Reloads what the tab's decisions and preview state say now. */
  private async refresh(): Promise<void> {
    if (this.tabId === null || !this.site) return;
    const [decisions, preview] = await Promise.all([
      send('trace/get', { tabId: this.tabId }),
      send('preview/state', { tabId: this.tabId }),
    ]);
    // A tab keeps its decisions across sites: only this site's are about what the popup shows.
    const origin = this.site.origin;
    this.decisions = decisions
      .filter((d) => originOf(d.url) === origin)
      .slice(-5)
      .reverse();
    this.tabPreview = preview;
  }

  private async previewChanged(): Promise<void> {
    try {
      await this.refresh();
      this.openNewest = true;
      this.error = '';
    } catch (error) {
      this.error = failureText(error);
    }
  }

  private async toggle(event: Event): Promise<void> {
    if (!this.site) return;
    const enabled = (event.target as HTMLInputElement).checked;
    try {
      this.site = await send('site/set', { origin: this.site.origin, enabled });
      this.error = '';
    } catch (error) {
      this.error = failureText(error);
      (event.target as HTMLInputElement).checked = this.site.enabled;
    }
  }

  override render() {
    if (!this.ready) return html`<div class="popup-app"><p class="muted">${t('optionsLoading')}</p></div>`;
    const rulesHere = this.site ? this.rulesHere(this.site) : undefined;
    return html`<div class="popup-app">
      <div class="topbar">
        <img class="logo" src="icons/icon-32.png" alt="" />
        <h1>Tact</h1>
      </div>
      ${
        this.site
          ? html`<div class="site" id="site-origin">${readableHost(this.site.origin)}</div>
              <label class="switch">
                <input
                  id="site-toggle"
                  type="checkbox"
                  role="switch"
                  .checked=${this.site.enabled}
                  @change=${(e: Event) => this.toggle(e)}
                />
                <span>${t('popupOnThisSite')}</span>
              </label>
              <p class="muted" id="site-status" aria-live="polite">${this.statusText(this.site, rulesHere)}</p>`
          : html`<p class="muted" id="site-status">${t('popupUnavailable')}</p>`
      }
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.site && this.tabId !== null ? this.renderPreview() : nothing}
      ${
        this.site && this.tabId !== null
          ? html`<tact-preview-tools
              .origin=${this.site.origin}
              .tabId=${this.tabId}
              .tabUrl=${this.tabUrl}
              .state=${this.tabPreview}
              .flows=${this.flows}
              .rules=${this.rules}
              .segments=${this.segments}
              @tact-preview-changed=${() => this.previewChanged()}
            ></tact-preview-tools>`
          : nothing
      }
      ${this.site ? this.renderWhy(rulesHere) : nothing}
      <button type="button" @click=${() => ext.runtime.openOptionsPage()}>${t('popupOpenOptions')}</button>
    </div>`;
  }
}

/**
 * A sentence of the "why" with its paths and addresses breaking only before a "/" in the narrow
 * popup (path-breaks.ts): each segment whole unless it is too long to fit, a break opportunity
 * (<wbr>) between segments. The text is unchanged.
 */
function withPathBreaks(text: string) {
  return pathPieces(text).map((piece) =>
    'text' in piece
      ? piece.text
      : html`<span class="path"
          >${piece.segments.map((s, i) => html`${i ? html`<wbr />` : nothing}<span class=${s.length > LONGEST_WHOLE_SEGMENT ? 'part' : 'part whole'}>${s}</span>`)}</span
        >`,
  );
}

/** The hold before an overlay appeared (or the one after which it never did), in the marketer's language. */
function holdText(held: Hold, withdrawn: boolean): string {
  const why = [...held.while.map((k) => t(`settingsQuiet_${k}`)), ...(held.hidden ? [t('whyOverlayAway')] : [])];
  const seconds = formatNumber(held.ms / 1000, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return t(withdrawn ? 'whyOverlayWithdrawn' : 'whyOverlayHeld', seconds, formatList(why));
}

/** An intent's score as the live view shows it (0.70, in French 0,70). */
const TWO_DECIMALS: Intl.NumberFormatOptions = { minimumFractionDigits: 2, maximumFractionDigits: 2 };
