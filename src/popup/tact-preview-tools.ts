/**
 * The popup's preview tools for the current tab (issue "Marketer tools"): simulate a signal
 * through the real engine, act as a visitor with given tags or segments, reset the site's caps,
 * pick an element on the page and save it into a rule, and grant Tact access to the site when the
 * browser withholds it. Everything started here is a preview: marked, never counted.
 *
 * Fires `tact-preview-changed` after anything that changes what the "why" panel should show.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { ext } from '../shared/browser-api.ts';
import { send, type PreviewState } from '../shared/protocol.ts';
import { formatNumber, plural, t } from '../shared/i18n.ts';
import type { Signal } from '../core/signals/signal-model.ts';
import { INTENTS, SCROLL_DEPTHS, type IntentName } from '../core/signals/signal-kinds.ts';
import {
  DEFAULT_HESITATION_MS,
  originPattern,
  ruleForPicked,
  siteAccessOf,
  type SiteAccess,
} from '../core/rules/preview-overrides.ts';
import type { Rule, Segment } from '../core/rules/rule-model.ts';
import { randomId } from '../shared/ids.ts';
import { failureText } from '../shared/failure-text.ts';
import { WholeChoices } from '../shared/cut-choice.ts';

type SimKind = 'exit-intent' | 'scroll-depth' | 'idle' | 'hesitation' | 'intent';
const SIM_KINDS: SimKind[] = ['exit-intent', 'scroll-depth', 'idle', 'hesitation', 'intent'];
const SIM_LABELS: Record<SimKind, string> = {
  'exit-intent': 'pvSimExit',
  'scroll-depth': 'pvSimScroll',
  idle: 'pvSimIdle',
  hesitation: 'pvSimHesitation',
  intent: 'pvSimIntent',
};
const PICK_POLL_MS = 700;
const PICK_WAIT_MS = 120_000;

/** Reads a form control's value by name. */
function field(form: HTMLFormElement, name: string): string {
  return ((form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value ?? '').trim();
}

export class TactPreviewTools extends LitElement {
  static override properties = {
    origin: { attribute: false },
    tabId: { attribute: false },
    tabUrl: { attribute: false },
    state: { attribute: false },
    flows: { attribute: false },
    rules: { attribute: false },
    segments: { attribute: false },
    simKind: { state: true },
    access: { state: true },
    messages: { state: true },
    confirmingReset: { state: true },
    picking: { state: true },
    ruleChoice: { state: true },
    canReload: { state: true },
  };
  declare origin: string;
  declare tabId: number;
  declare tabUrl: string | undefined;
  declare state: PreviewState | null;
  declare flows: { id: string; name: string }[];
  declare rules: Rule[];
  declare segments: Segment[];
  declare simKind: SimKind;
  declare access: SiteAccess | 'unknown';
  /** Result or error per tool, shown next to it. */
  declare messages: Record<string, { text: string; error?: boolean }>;
  declare confirmingReset: boolean;
  declare picking: boolean;
  declare ruleChoice: string;
  declare canReload: boolean;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  /** A rule's or flow's whole name under the picker's select that cuts it. */
  private readonly wholeChoices = new WholeChoices(this);

  constructor() {
    super();
    this.state = null;
    this.flows = [];
    this.rules = [];
    this.segments = [];
    this.simKind = 'exit-intent';
    this.access = 'unknown';
    this.messages = {};
    this.confirmingReset = false;
    this.picking = false;
    this.ruleChoice = '';
    this.canReload = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.checkAccess();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.pollTimer);
  }

  private say(tool: string, text: string, error = false): void {
    this.messages = { ...this.messages, [tool]: { text, error } };
  }

  private changed(): void {
    this.dispatchEvent(new CustomEvent('tact-preview-changed', { bubbles: true }));
  }

  /** Runs a request for one tool, showing its error next to the tool. */
  private async run<T>(tool: string, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      this.say(tool, failureText(error), true);
      return undefined;
    }
  }

  // ------------------------------------------------------------ site access

  private async checkAccess(): Promise<void> {
    let granted: boolean;
    try {
      granted = await ext.permissions.contains({ origins: [originPattern(this.origin)] });
    } catch {
      granted = false;
    }
    this.access = siteAccessOf(this.tabUrl ?? `${this.origin}/`, granted);
  }

  /** Must run in the click's user gesture: `permissions.request` is refused otherwise. */
  private grant(): void {
    void ext.permissions.request({ origins: [originPattern(this.origin)] }).then(
      async (granted) => {
        await this.checkAccess();
        if (!granted) {
          this.say('access', t('pvAccessRefused'), true);
          return;
        }
        // Some browsers inject the content script at once; otherwise the page must be reloaded.
        for (let i = 0; i < 6; i++) {
          const state = await send('preview/state', { tabId: this.tabId }).catch(() => null);
          if (state?.page) {
            this.say('access', t('pvAccessLive'));
            this.changed();
            return;
          }
          await new Promise((r) => setTimeout(r, 250));
        }
        this.canReload = true;
        this.say('access', t('pvAccessReload'));
      },
      (error: unknown) => this.say('access', failureText(error), true),
    );
  }

  private async reloadTab(): Promise<void> {
    await ext.tabs.reload(this.tabId);
    this.canReload = false;
    this.say('access', t('pvReloaded'));
  }

  private renderAccess(): TemplateResult | typeof nothing {
    if (this.access !== 'needs-grant') return nothing;
    return html`<div class="pv-access" id="pv-access">
      <p>${t('pvAccessMissing', this.origin)}</p>
      <button class="primary" type="button" id="pv-grant" @click=${() => this.grant()}>${t('pvGrant')}</button>
      ${this.renderMessage('access')}
    </div>`;
  }

  // ------------------------------------------------------------ simulate

  private signalFrom(form: HTMLFormElement): Signal {
    switch (this.simKind) {
      case 'exit-intent':
        return { type: 'exit-intent' };
      case 'scroll-depth':
        return { type: 'scroll-depth', percent: Number(field(form, 'percent')) };
      case 'idle':
        return { type: 'idle', seconds: Number(field(form, 'seconds')) };
      case 'hesitation':
        return { type: 'hesitation', selector: field(form, 'selector'), ms: Number(field(form, 'ms')) };
      case 'intent':
        return { type: 'intent', intent: field(form, 'intent') as IntentName, score: Number(field(form, 'score')) };
    }
  }

  private async simulate(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    if (!form.reportValidity()) return;
    const signal = this.signalFrom(form);
    this.say('simulate', '');
    const result = await this.run('simulate', () => send('preview/simulate', { tabId: this.tabId, signal }));
    if (!result) return;
    const fired = result.record.decision.rules.find((r) => r.outcome === 'fired');
    if (result.conversationId && fired)
      this.say(
        'simulate',
        result.mounted ? t('pvSimShown', fired.ruleName) : t('pvSimShownNotMounted', fired.ruleName),
      );
    else this.say('simulate', t('pvSimNothing'));
    this.changed();
  }

  private renderSimulate(): TemplateResult {
    const kind = this.simKind;
    const picked = this.state?.picked?.selector ?? '';
    return html`<form class="pv-tool" id="pv-simulate" @submit=${(e: SubmitEvent) => this.simulate(e)}>
      <label for="pv-sim-kind">${t('pvSimLabel')}</label>
      <select
        id="pv-sim-kind"
        name="kind"
        @change=${(e: Event) => (this.simKind = (e.target as HTMLSelectElement).value as SimKind)}
      >
        ${SIM_KINDS.map((k) => html`<option value=${k} ?selected=${k === kind}>${t(SIM_LABELS[k])}</option>`)}
      </select>
      ${
        kind === 'scroll-depth'
          ? html`<label for="pv-sim-percent">${t('pvSimPercent')}</label>
              <select id="pv-sim-percent" name="percent">
                ${SCROLL_DEPTHS.map((p) => html`<option value=${p} ?selected=${p === 75}>${p} %</option>`)}
              </select>`
          : nothing
      }
      ${
        kind === 'idle'
          ? html`<label for="pv-sim-seconds">${t('pvSimSeconds')}</label
              ><input
                id="pv-sim-seconds"
                name="seconds"
                type="number"
                min="1"
                max="3600"
                step="1"
                value="30"
                required
              />`
          : nothing
      }
      ${
        kind === 'hesitation'
          ? html`<label for="pv-sim-selector">${t('pvSimSelector')}</label
              ><input id="pv-sim-selector" name="selector" .value=${picked} maxlength="300" required />
              <label for="pv-sim-ms">${t('pvSimMs')}</label
              ><input
                id="pv-sim-ms"
                name="ms"
                type="number"
                min="0"
                max="60000"
                step="100"
                value=${DEFAULT_HESITATION_MS}
                required
              />`
          : nothing
      }
      ${
        kind === 'intent'
          ? html`<label for="pv-sim-intent">${t('pvSimIntentName')}</label>
              <select id="pv-sim-intent" name="intent">
                ${INTENTS.map((i) => html`<option value=${i}>${i}</option>`)}
              </select>
              <label for="pv-sim-score">${t('pvSimScore')}</label
              ><input id="pv-sim-score" name="score" type="number" min="0" max="1" step="0.05" value="0.7" required />`
          : nothing
      }
      <button class="primary" type="submit">${t('pvSimulate')}</button>
      ${this.renderMessage('simulate')}
    </form>`;
  }

  // ------------------------------------------------------------ act as

  private async actAs(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const tags = field(form, 'tags')
      .split(/[\s,]+/)
      .filter(Boolean);
    const bad = tags.find((tag) => !/^[A-Za-z0-9_-]{1,80}$/.test(tag));
    if (bad) {
      this.say('actAs', t('pvActAsBadTag', bad), true);
      return;
    }
    const segments = [...form.querySelectorAll<HTMLInputElement>('input[name="segment"]:checked')].map((i) => i.value);
    const value = await this.run('actAs', () =>
      send('preview/act-as', { tabId: this.tabId, actAs: { tags, segments } }),
    );
    if (value === undefined) return;
    this.say('actAs', t('pvActAsSet'));
    this.changed();
  }

  private async stopActing(): Promise<void> {
    if ((await this.run('actAs', () => send('preview/act-as', { tabId: this.tabId, actAs: null }))) === undefined)
      return;
    this.say('actAs', t('pvActAsCleared'));
    this.changed();
  }

  private renderActAs(): TemplateResult {
    const current = this.state?.actAs;
    return html`<form class="pv-tool" id="pv-act-as" @submit=${(e: SubmitEvent) => this.actAs(e)}>
      <label for="pv-tags">${t('pvActAsTags')}</label>
      <input
        id="pv-tags"
        name="tags"
        .value=${current?.tags.join(', ') ?? ''}
        placeholder=${t('pvActAsTagsExample')}
        autocomplete="off"
      />
      ${
        this.segments.length
          ? html`<fieldset class="pv-segments">
              <legend>${t('pvActAsSegments')}</legend>
              ${this.segments.map((s) => html`<label><input type="checkbox" name="segment" value=${s.id} ?checked=${current?.segments.includes(s.id) ?? false} /> ${s.name}</label>`)}
            </fieldset>`
          : nothing
      }
      <div class="row">
        <button type="submit">${t('pvActAs')}</button>
        ${current ? html`<button type="button" id="pv-act-as-clear" @click=${() => this.stopActing()}>${t('pvActAsStop')}</button>` : nothing}
      </div>
      ${this.renderMessage('actAs')}
    </form>`;
  }

  // ------------------------------------------------------------ reset caps

  private async reset(): Promise<void> {
    this.confirmingReset = false;
    const summary = await this.run('reset', () => send('preview/reset-caps', { origin: this.origin }));
    if (!summary) return;
    this.say(
      'reset',
      t(
        'pvResetDone',
        formatNumber(summary.budgetReturned),
        plural('countBackoffsLifted', summary.backoffsCleared),
        plural('countFrequencyCleared', summary.frequencyCleared),
      ),
    );
    this.changed();
    await this.updateComplete;
    this.querySelector<HTMLButtonElement>('#pv-reset')?.focus();
  }

  private async askReset(): Promise<void> {
    this.confirmingReset = true;
    await this.updateComplete;
    this.querySelector<HTMLButtonElement>('#pv-reset-confirm')?.focus();
  }

  private renderReset(): TemplateResult {
    return html`<div class="pv-tool" id="pv-reset-tool">
      ${
        this.confirmingReset
          ? html`<p id="pv-reset-question">${t('pvResetConfirm', this.origin)}</p>
              <div class="row" role="group" aria-labelledby="pv-reset-question">
                <button class="primary" type="button" id="pv-reset-confirm" @click=${() => this.reset()}>
                  ${t('pvReset')}
                </button>
                <button type="button" @click=${() => (this.confirmingReset = false)}>${t('pvCancel')}</button>
              </div>`
          : html`<button type="button" id="pv-reset" @click=${() => this.askReset()}>${t('pvResetButton')}</button>`
      }
      ${this.renderMessage('reset')}
    </div>`;
  }

  // ------------------------------------------------------------ picker

  private async pick(): Promise<void> {
    if ((await this.run('picker', () => send('picker/start', { tabId: this.tabId }))) === undefined) return;
    this.picking = true;
    this.say('picker', t('pvPicking'));
    const started = Date.now();
    const poll = async () => {
      const state = await send('preview/state', { tabId: this.tabId }).catch(() => null);
      if (state?.picked) {
        this.picking = false;
        this.say('picker', '');
        this.changed();
        return;
      }
      if (Date.now() - started < PICK_WAIT_MS && this.isConnected)
        this.pollTimer = setTimeout(() => void poll(), PICK_POLL_MS);
      else this.picking = false;
    };
    this.pollTimer = setTimeout(() => void poll(), PICK_POLL_MS);
  }

  private async saveRule(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const picked = this.state?.picked;
    if (!picked || !form.reportValidity()) return;
    const choice = field(form, 'rule');
    const existing = this.rules.find((r) => r.id === choice);
    const rule = ruleForPicked(existing, {
      selector: field(form, 'selector') || picked.selector,
      label: picked.label,
      ms: Number(field(form, 'ms')),
      origin: this.origin,
      flowId: field(form, 'flow') || this.flows[0]?.id || '',
      id: `hesitation-${randomId().slice(0, 8)}`,
    });
    const saved = await this.run('save', () => send('rules/save', { rule }));
    if (!saved) return;
    this.rules = [...this.rules.filter((r) => r.id !== saved.id), saved];
    this.ruleChoice = saved.id;
    this.say('save', t('pvRuleSaved', saved.name));
    this.changed();
  }

  private renderPicker(): TemplateResult {
    const picked = this.state?.picked;
    return html`<div class="pv-tool" id="pv-picker">
      <button type="button" id="pv-pick" ?disabled=${this.picking} @click=${() => this.pick()}>${t('pvPick')}</button>
      ${this.renderMessage('picker')}
      ${
        picked
          ? html`<form id="pv-save-rule" @submit=${(e: SubmitEvent) => this.saveRule(e)}>
              <p class="muted">${t('pvPicked', picked.label)}</p>
              <label for="pv-picked-selector">${t('pvSelector')}</label>
              <input id="pv-picked-selector" name="selector" .value=${picked.selector} maxlength="300" required />
              <label for="pv-rule">${t('pvSaveInto')}</label>
              <select
                id="pv-rule"
                name="rule"
                @change=${(e: Event) => (this.ruleChoice = (e.target as HTMLSelectElement).value)}
              >
                <option value="" ?selected=${this.ruleChoice === ''}>${t('pvNewRule')}</option>
                ${this.rules.map((r) => html`<option value=${r.id} ?selected=${this.ruleChoice === r.id}>${r.name}</option>`)}
              </select>
              ${this.wholeChoices.note('pv-rule')}
              ${
                this.ruleChoice === ''
                  ? html`<label for="pv-rule-flow">${t('pvRuleFlow')}</label>
                      <select id="pv-rule-flow" name="flow">
                        ${this.flows.map((f) => html`<option value=${f.id}>${f.name}</option>`)}
                      </select>
                      ${this.wholeChoices.note('pv-rule-flow')}`
                  : nothing
              }
              <label for="pv-dwell">${t('pvDwell')}</label>
              <input
                id="pv-dwell"
                name="ms"
                type="number"
                min="200"
                max="60000"
                step="100"
                value=${DEFAULT_HESITATION_MS}
                required
              />
              <button class="primary" type="submit">${t('pvSaveRule')}</button>
              ${this.renderMessage('save')}
            </form>`
          : nothing
      }
    </div>`;
  }

  private renderMessage(tool: string): TemplateResult | typeof nothing {
    const m = this.messages[tool];
    if (!m?.text) return nothing;
    return m.error
      ? html`<p class="error" role="alert" data-tool=${tool}>${m.text}</p>`
      : html`<p class="ok" role="status" data-tool=${tool}>${m.text}</p>`;
  }

  override render() {
    const live = this.state?.page !== null && this.state !== null;
    return html`<section class="pv" aria-labelledby="pv-h">
      <h2 id="pv-h">${t('pvTitle')}</h2>
      ${this.renderAccess()}
      ${
        this.state?.actAs
          ? html`<p class="pv-acting" id="pv-acting">
              ${t('pvActingAs', [this.state.actAs.tags.join(', '), this.state.actAs.segments.map((id) => this.segments.find((s) => s.id === id)?.name ?? id).join(', ')].filter(Boolean).join(' · ') || t('pvNoTags'))}
            </p>`
          : nothing
      }
      ${live ? nothing : html`<p class="error" id="pv-no-content">${t('pvNoContent')}</p>`}
      ${this.canReload ? html`<button type="button" id="pv-reload" @click=${() => this.reloadTab()}>${t('pvReload')}</button>` : nothing}
      ${this.renderSimulate()} ${this.renderActAs()} ${this.renderReset()} ${this.renderPicker()}
    </section>`;
  }
}
