/**
 * The interruption policy's settings on the options page: the daily budget, the quiet start of
 * each page view, how long Tact waits at most for a quiet moment, the quiet-moment rules (which busy states make Tact wait), the back-off after a dismissal, snooze and data retention. Each value is
 * checked by the background; a refused value is reported and nothing is saved.
 */
import { LitElement, html, nothing } from 'lit';
import { send } from '../shared/protocol.ts';
import { formatDateTime, t } from '../shared/i18n.ts';
import type { PolicySettings } from '../core/rules/policy.ts';
import { QUIET_KEYS } from '../core/signals/signal-kinds.ts';
import { failureText } from '../shared/failure-text.ts';

type NumberKey =
  | 'maxPerSitePerDay'
  | 'maxPerDay'
  | 'minSecondsOnPage'
  | 'maxHoldSeconds'
  | 'backoffHours'
  | 'sessionMinutes'
  | 'retentionDays';
const FIELDS: { key: NumberKey; label: string; step: number }[] = [
  { key: 'maxPerSitePerDay', label: 'settingsMaxPerSite', step: 0.5 },
  { key: 'maxPerDay', label: 'settingsMaxPerDay', step: 0.5 },
  { key: 'minSecondsOnPage', label: 'settingsMinSeconds', step: 1 },
  { key: 'maxHoldSeconds', label: 'settingsMaxHold', step: 1 },
  { key: 'backoffHours', label: 'settingsBackoff', step: 1 },
  { key: 'sessionMinutes', label: 'settingsSession', step: 1 },
  { key: 'retentionDays', label: 'settingsRetention', step: 1 },
];

export class TactPolicySettings extends LitElement {
  static override properties = { settings: { state: true }, status: { state: true }, error: { state: true } };
  declare settings: PolicySettings | undefined;
  declare status: string;
  declare error: string;

  constructor() {
    super();
    this.status = '';
    this.error = '';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    send('settings/get', null).then(
      (s) => (this.settings = s),
      (e: unknown) => (this.error = failureText(e)),
    );
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const patch: Partial<PolicySettings> = {};
    for (const f of FIELDS) patch[f.key] = Number((form.elements.namedItem(f.key) as HTMLInputElement).value);
    patch.quietMoments = Object.fromEntries(
      QUIET_KEYS.map((k) => [k, (form.elements.namedItem(`quiet-${k}`) as HTMLInputElement).checked]),
    ) as PolicySettings['quietMoments'];
    await this.apply(patch, t('settingsSaved'));
  }

  private async apply(patch: Partial<PolicySettings>, message: string): Promise<void> {
    this.status = '';
    this.error = '';
    try {
      this.settings = await send('settings/set', patch);
      this.status = message;
    } catch (error) {
      this.error = failureText(error);
    }
  }

  override render() {
    const s = this.settings;
    if (!s) return this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing;
    const snoozed = s.snoozeUntil > Date.now();
    return html`<section class="card" id="settings" aria-labelledby="settings-h">
      <h2 id="settings-h">${t('settingsTitle')}</h2>
      <form class="settings-grid" @submit=${(e: SubmitEvent) => this.save(e)}>
        ${FIELDS.map(
          (f) =>
            html`<label for="set-${f.key}">${t(f.label)}</label>
              <input
                id="set-${f.key}"
                name=${f.key}
                type="number"
                min="0"
                step=${f.step}
                .value=${String(s[f.key])}
                required
              />`,
        )}
        <fieldset class="quiet-moments">
          <legend>${t('settingsQuietTitle')}</legend>
          <p class="muted">${t('settingsQuietHint')}</p>
          ${QUIET_KEYS.map(
            (k) =>
              html`<label class="check"
                ><input
                  type="checkbox"
                  id="quiet-${k}"
                  name="quiet-${k}"
                  .checked=${(s.quietMoments as Partial<PolicySettings['quietMoments']> | undefined)?.[k] !== false}
                />
                ${t(`settingsQuiet_${k}`)}</label
              >`,
          )}
        </fieldset>
        <span></span><button class="primary" type="submit">${t('settingsSave')}</button>
      </form>
      <p>
        ${
          snoozed
            ? html`${t('settingsSnoozedUntil', formatDateTime(s.snoozeUntil))}
                <button
                  type="button"
                  id="unsnooze"
                  @click=${() => this.apply({ snoozeUntil: 0 }, t('settingsUnsnoozed'))}
                >
                  ${t('settingsUnsnooze')}
                </button>`
            : html`<button
                type="button"
                id="snooze"
                @click=${() => this.apply({ snoozeUntil: Date.now() + 86_400_000 }, t('settingsSnoozed'))}
              >
                ${t('settingsSnooze')}
              </button>`
        }
      </p>
      <div aria-live="polite">
        ${this.status ? html`<p class="ok">${this.status}</p>` : nothing}
        ${this.error ? html`<pre class="error" role="alert">${this.error}</pre>` : nothing}
      </div>
    </section>`;
  }
}
