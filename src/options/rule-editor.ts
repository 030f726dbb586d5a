/**
 * The rule editor (routes `#rule/<id>` and `#rule/new?flow=<flowId>`): trigger (every signal
 * kind, with its threshold), conditions (every kind), the flow it starts, entry mode, priority,
 * frequency, active dates, shadow mode and on/off. Every change is validated at once with the
 * engine's own `validateRule`; each error is shown next to its field (and listed above the
 * form), and a rule with errors cannot be saved. Saves with `rules/save`, then dispatches
 * `tact-changed` ({rule}); Close dispatches `tact-close`, or with unsaved changes `tact-navigate`
 * so the shell asks first. `dirty` tells the shell whether leaving would lose changes.
 */
import { failureText, issueSentence } from '../shared/failure-text.ts';
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import {
  PAGE_FIELDS,
  TEXT_OPS,
  type Condition,
  type ConditionKind,
  type Device,
  type Frequency,
  type Goal,
  type Rule,
  type TextOp,
  type UrlMatch,
} from '../core/rules/rule-model.ts';
import type { Trigger } from '../core/signals/signal-model.ts';
import { SIGNAL_TYPES, INTENTS, type SignalType } from '../core/signals/signal-kinds.ts';
import {
  canonicalRule,
  CONDITION_KINDS,
  dateTimeInputValue,
  defaultCondition,
  defaultGoal,
  defaultTrigger,
  knownTags,
  newVariant,
  numberFromInput,
  ruleFormErrors,
  sameRule,
  withTest,
} from './rule-form.ts';
import { send, type ToBackground } from '../shared/protocol.ts';
import { colon, plural, t } from '../shared/i18n.ts';
import { sayReason } from '../shared/why-words.ts';
import { explainRuleUrl, urlPatternMeaning, urlPatternWarnings } from '../core/rules/url-explain.ts';
import type { UrlCondition } from '../core/rules/rule-model.ts';
import { hostOfAddress } from '../core/rules/site-host.ts';
import { isUrlCondition } from '../core/rules/url-match.ts';
import { readableHost, readableSiteReason } from '../core/rules/readable-host.ts';
import { accessPatternsOf } from '../core/rules/content-sites.ts';
import { ext } from '../shared/browser-api.ts';

type Workspace = ToBackground['workspace/get']['res'];

/** Locale key of a value: `wsSig_exit_intent`, `wsCond_visit_count`… */
const key = (prefix: string, value: string) => `${prefix}_${value.replace(/[^A-Za-z0-9]/g, '_')}`;
const DAYS = [1, 2, 3, 4, 5, 6, 0];
const DEVICES: Device[] = ['desktop', 'mobile', 'tablet'];
const MATCHES: UrlMatch[] = ['regex', 'prefix', 'exact', 'glob'];
/** The hold-out in a variant's flow list (no flow id can contain a space). */
const HOLD_OUT = 'hold out';
const GOAL_KINDS: Goal['kind'][] = ['url', 'click', 'flow-completed'];

/** The rule without its flow, variants and goals (`withTest` gives back the ones it keeps). */
function clearTest(rule: Rule): Rule {
  delete rule.flowId;
  delete rule.variants;
  delete rule.goals;
  return rule;
}
const FREQUENCIES: Frequency['every'][] = ['page-view', 'session', 'visitor', 'days'];
/** A field's element id from its path: `conditions[0].host` → `rf-conditions-0-host`, `conditions[0]` → `rf-conditions-0`. */
const fieldId = (path: string) => `rf-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`;

export class TactRuleEditor extends LitElement {
  static override properties = {
    rule: { attribute: false },
    isNew: { attribute: false },
    workspace: { attribute: false },
    draft: { state: true },
    status: { state: true },
    serverError: { state: true },
    saving: { state: true },
    showAll: { state: true },
    testUrl: { state: true },
    access: { state: true },
  };
  declare rule: Rule | undefined;
  declare isNew: boolean;
  declare workspace: Workspace | undefined;
  declare draft: Rule | undefined;
  declare status: string;
  declare serverError: string;
  declare saving: boolean;
  /** Errors of fields not touched yet are shown only after a first save attempt. */
  declare showAll: boolean;
  /** The address typed in "Test a URL", checked live against the draft's address conditions. */
  declare testUrl: string;
  /**
   * Whether the browser lets Tact run on each site the draft's conditions name (key: the site's
   * match patterns, joined); `refused` after a request said no. A permission change in the browser
   * replaces the whole record, so an answer to an older question lands in a record no longer shown.
   */
  declare access: Record<string, 'asking' | 'granted' | 'withheld' | 'refused'>;

  /** The rule as last saved (or as opened), to know whether there are unsaved changes. */
  private saved: Rule | undefined;
  private touched = new Set<string>();
  /** Field labels by id, filled while rendering, for the error summary. */
  private labels = new Map<string, string>();
  /** Access changed in the browser (granted here or in its extensions menu, or taken back). */
  private readonly accessChanged = () => {
    this.access = {};
  };

  constructor() {
    super();
    this.isNew = false;
    this.status = '';
    this.serverError = '';
    this.saving = false;
    this.showAll = false;
    this.testUrl = '';
    this.access = {};
  }

  override connectedCallback(): void {
    super.connectedCallback();
    ext.permissions.onAdded.addListener(this.accessChanged);
    ext.permissions.onRemoved.addListener(this.accessChanged);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    ext.permissions.onAdded.removeListener(this.accessChanged);
    ext.permissions.onRemoved.removeListener(this.accessChanged);
  }

  /** Asks the browser about each site the draft's conditions name that it was not asked about yet. */
  protected override updated(): void {
    const asked = this.access;
    for (const condition of this.draft?.conditions ?? []) {
      const patterns = accessPatternsOf(condition);
      const key = patterns?.join(' ');
      if (!patterns || !key || key in asked) continue;
      asked[key] = 'asking';
      ext.permissions.contains({ origins: patterns }).then(
        (granted) => this.settleAccess(asked, key, granted ? 'granted' : 'withheld'),
        // A pattern the browser cannot judge: say nothing rather than something wrong.
        () => this.settleAccess(asked, key, 'granted'),
      );
    }
  }

  /** Must run in the click's user gesture: `permissions.request` is refused otherwise. */
  private allow(patterns: string[]): void {
    const asked = this.access;
    const key = patterns.join(' ');
    ext.permissions.request({ origins: patterns }).then(
      (granted) => this.settleAccess(asked, key, granted ? 'granted' : 'refused'),
      () => this.settleAccess(asked, key, 'refused'),
    );
  }

  /** Records the browser's answer, unless access changed since the question (the record was replaced). */
  private settleAccess(asked: typeof this.access, key: string, state: 'granted' | 'withheld' | 'refused'): void {
    if (asked !== this.access) return;
    asked[key] = state;
    this.requestUpdate('access');
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /** Unsaved changes (a new rule counts as unsaved until saved). */
  get dirty(): boolean {
    if (!this.draft || !this.saved) return false;
    return this.isNew || !sameRule(this.draft, this.saved);
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    // A different rule opened (not the same one coming back from a reload after our own save).
    if (changed.has('rule') && this.rule && (!this.saved || this.rule.id !== this.saved.id || !this.draft)) {
      this.saved = structuredClone(this.rule);
      this.draft = structuredClone(this.rule);
      this.touched.clear();
      this.showAll = false;
      this.status = '';
      this.serverError = '';
    }
  }

  private edit(path: string, change: (r: Rule) => void): void {
    if (!this.draft) return;
    const next = structuredClone(this.draft);
    change(next);
    this.touched.add(path);
    this.status = '';
    this.draft = next;
  }

  private errors(): Map<string, string[]> {
    const ws = this.workspace;
    const flowIds = new Set(ws?.flows.map((f) => f.id) ?? []);
    const taken = this.isNew ? new Set(ws?.rules.map((r) => r.id) ?? []) : undefined;
    return this.draft ? ruleFormErrors(this.draft, flowIds, taken, issueSentence) : new Map<string, string[]>();
  }

  /** Leaves the editor: through the shell's guard when there are unsaved changes, else at once. */
  private close(): void {
    if (this.dirty) this.dispatchEvent(new CustomEvent('tact-navigate', { detail: '#flows', bubbles: true }));
    else this.dispatchEvent(new CustomEvent('tact-close', { bubbles: true }));
  }

  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    this.showAll = true;
    this.serverError = '';
    const errors = this.errors();
    if (errors.size > 0 || !this.draft) {
      await this.updateComplete;
      this.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.saving = true;
    try {
      const rule = await send('rules/save', { rule: canonicalRule(this.draft) });
      this.saved = structuredClone(rule);
      this.draft = structuredClone(rule);
      this.isNew = false;
      this.touched.clear();
      this.showAll = false;
      this.status = t('wsRuleSaved', rule.name);
      this.dispatchEvent(new CustomEvent('tact-changed', { detail: { rule }, bubbles: true }));
    } catch (error) {
      this.serverError = failureText(error);
    } finally {
      this.saving = false;
    }
  }

  override render() {
    const r = this.draft;
    const ws = this.workspace;
    if (!r || !ws) return nothing;
    const errors = this.errors();
    const shown = new Map(
      [...errors].filter(
        ([path]) =>
          this.showAll ||
          [...this.touched].some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`)),
      ),
    );
    const f = (path: string) => new FieldCtx(path, shown.get(path));
    this.labels.clear();
    const form = this.renderForm(r, ws, f);
    const labelOf = (path: string) => {
      const cond = /^conditions\[(\d+)\]/.exec(path);
      const label = this.labels.get(fieldId(path)) ?? path;
      const condLabel = cond ? t('wsCondKind', String(Number(cond[1]) + 1)) : '';
      return cond ? (label === path ? condLabel : `${condLabel} · ${label}`) : label;
    };
    return html`<section class="card ws-editor" aria-labelledby="rf-h">
      <h2 id="rf-h" tabindex="-1" data-view-heading>
        ${this.isNew ? t('wsRuleNewTitle') : t('wsRuleEditTitle', this.saved?.name ?? r.name)}
      </h2>
      <p><a href="#flows">${t('wsBackToLists')}</a></p>
      ${
        shown.size
          ? html`<div class="error ws-error-summary" id="rf-summary" role="alert">
              <p>${plural('wsRuleErrors', shown.size)}</p>
              <ul>
                ${[...shown].map(
                  ([path, msgs]) =>
                    html`<li>
                      <a
                        href="#${fieldId(path)}"
                        @click=${(e: Event) => {
                          e.preventDefault();
                          this.querySelector<HTMLElement>(`#${fieldId(path)}`)?.focus();
                        }}
                        >${colon(labelOf(path))}</a
                      >
                      ${msgs.join(' ')}
                    </li>`,
                )}
              </ul>
            </div>`
          : nothing
      }
      ${form}
    </section>`;
  }

  private renderForm(r: Rule, ws: Workspace, f: (path: string) => FieldCtx) {
    const settings = this.triggerFields(r.trigger, f);
    return html`<form class="ws-form" novalidate @submit=${(e: SubmitEvent) => this.save(e)}>
      <fieldset>
        <legend>${t('wsRuleBasics')}</legend>
        ${this.text(f('name'), t('wsRuleName'), r.name, (v) => this.edit('name', (x) => (x.name = v)))}
        ${
          this.isNew
            ? this.text(f('id'), t('wsRuleId'), r.id, (v) => this.edit('id', (x) => (x.id = v)))
            : html`<div class="ws-field">
                <span class="ws-label">${t('wsRuleId')}</span><code id=${fieldId('id')}>${r.id}</code>
              </div>`
        }
        ${
          r.variants
            ? nothing
            : this.select(
                f('flowId'),
                t('optionsColFlow'),
                r.flowId ?? '',
                ws.flows.map((fl) => [fl.id, fl.name]),
                (v) => this.edit('flowId', (x) => (x.flowId = v)),
              )
        }
        <div class="ws-field">
          <span class="ws-label" id="rf-status-l">${t('optionsColStatus')}</span>
          <label class="ws-check"
            ><input
              type="checkbox"
              id=${fieldId('enabled')}
              .checked=${r.enabled}
              @change=${(e: Event) => this.edit('enabled', (x) => (x.enabled = (e.target as HTMLInputElement).checked))}
            />
            ${t('wsRuleEnabled')}</label
          >
          <label class="ws-check"
            ><input
              type="checkbox"
              id=${fieldId('shadow')}
              aria-describedby="rf-shadow-help"
              .checked=${r.shadow}
              @change=${(e: Event) => this.edit('shadow', (x) => (x.shadow = (e.target as HTMLInputElement).checked))}
            />
            ${t('wsStatusShadow')}</label
          >
          <span class="muted ws-help" id="rf-shadow-help">${t('wsRuleShadowHelp')}</span>
        </div>
        ${this.select(
          f('entry'),
          t('wsRuleEntry'),
          r.entry,
          [
            ['panel', t('wsEntryPanel')],
            ['pill', t('wsEntryPill')],
          ],
          (v) => this.edit('entry', (x) => (x.entry = v as Rule['entry'])),
        )}
        ${this.number(f('priority'), t('optionsColPriority'), r.priority, (v) => this.edit('priority', (x) => (x.priority = v as number)), { step: 1, help: t('wsRulePriorityHelp') })}
      </fieldset>
      ${this.abFields(r, ws, f)}
      <fieldset>
        <legend>${t('wsRuleTrigger')}</legend>
        ${this.select(
          f('trigger.signal'),
          t('wsRuleSignal'),
          r.trigger.signal,
          SIGNAL_TYPES.map((s) => [s, t(key('wsSig', s))]),
          (v) => this.edit('trigger.signal', (x) => (x.trigger = defaultTrigger(v as SignalType, x.trigger))),
          undefined,
          settings ? [] : ['rf-trigger-no-setting'],
        )}
        ${settings ?? html`<p class="muted" id="rf-trigger-no-setting">${t('wsTrigNoSetting')}</p>`}
      </fieldset>
      <fieldset
        aria-describedby=${r.conditions.length === 0 ? 'rf-conditions-help rf-no-conditions' : 'rf-conditions-help'}
      >
        <legend>${t('wsRuleConditions')}</legend>
        <p class="muted" id="rf-conditions-help">${t('wsRuleConditionsHelp')}</p>
        ${r.conditions.length === 0 ? html`<p class="muted" id="rf-no-conditions">${t('wsRuleNoConditions')}</p>` : nothing}
        <ol class="ws-conditions">
          ${r.conditions.map((c, i) => this.conditionRow(c, i, f))}
        </ol>
        ${this.addControl(
          'rf-add-kind',
          t('wsRuleAddCondition'),
          CONDITION_KINDS.map((k) => [k, t(key('wsCond', k))] as const),
          'rf-add',
          (kind) => {
            const index = r.conditions.length;
            this.edit(`conditions[${index}]`, (x) => x.conditions.push(defaultCondition(kind)));
            void this.updateComplete.then(() =>
              this.querySelector<HTMLElement>(`#${fieldId(`conditions[${index}].kind`)}`)?.focus(),
            );
          },
        )}
        ${this.urlTest(r)}
      </fieldset>
      <fieldset>
        <legend>${t('wsRuleWhenOften')}</legend>
        ${this.select(
          f('frequency.every'),
          t('wsRuleFrequency'),
          r.frequency.every,
          FREQUENCIES.map((v) => [v, t(key('wsFreq', v))]),
          (v) =>
            this.edit(
              'frequency.every',
              (x) =>
                (x.frequency =
                  v === 'days'
                    ? { every: 'days', days: 'days' in x.frequency ? x.frequency.days : 7 }
                    : ({ every: v } as Frequency)),
            ),
        )}
        ${r.frequency.every === 'days' ? this.number(f('frequency.days'), t('wsRuleEveryDays'), r.frequency.days, (v) => this.edit('frequency.days', (x) => ((x.frequency as { days: number }).days = v as number)), { min: 1, step: 1 }) : nothing}
        ${(['start', 'end'] as const).map((k) =>
          this.input(
            f(`schedule.${k}`),
            t(k === 'start' ? 'wsRuleStart' : 'wsRuleEnd'),
            'datetime-local',
            dateTimeInputValue(r.schedule?.[k]),
            (v) =>
              this.edit(`schedule.${k}`, (x) => {
                x.schedule = { ...x.schedule, [k]: v || undefined };
              }),
            { notes: ['rf-schedule-help'] },
          ),
        )}
        <div class="ws-notes"><p class="muted ws-help" id="rf-schedule-help">${t('wsRuleScheduleHelp')}</p></div>
      </fieldset>
      <datalist id="rf-known-tags">${knownTags(ws.flows).map((tag) => html`<option value=${tag}></option>`)}</datalist>
      <div class="ws-actions">
        <button type="submit" class="primary" id="rf-save" ?disabled=${this.saving}>${t('wsSave')}</button>
        <button type="button" id="rf-cancel" @click=${() => this.close()}>${t('wsCancel')}</button>
        <span class="muted">${this.dirty ? t('wsUnsaved') : nothing}</span>
      </div>
      <div aria-live="polite">
        ${this.status ? html`<p class="ok" id="rf-status">${this.status}</p>` : nothing}
        ${this.serverError ? html`<pre class="error" role="alert" id="rf-server-error">${this.serverError}</pre>` : nothing}
      </div>
    </form>`;
  }

  /** "Test a URL": the draft's site, path and address conditions against a pasted address, live. */
  private urlTest(r: Rule) {
    const url = this.testUrl.trim();
    const verdicts = (url ? explainRuleUrl(r, url) : []).map((v) => ({ ...v, reason: readableSiteReason(v.reason) }));
    const failing = verdicts.find((v) => !v.passed);
    let readable = true;
    try {
      new URL(url);
    } catch {
      readable = false;
    }
    const summary = !url
      ? nothing
      : !readable
        ? html`<p class="error" id="rf-test-summary">${t('wsTestUrlUnreadable')}</p>`
        : verdicts.length === 0
          ? html`<p class="muted" id="rf-test-summary">${t('wsTestUrlNoConditions')}</p>`
          : failing
            ? html`<p class="error" id="rf-test-summary" data-passed="false">
                ${t('wsTestUrlFails', String(failing.index + 1), sayReason(failing.reason))}
              </p>`
            : html`<p class="ok" id="rf-test-summary" data-passed="true">${t('wsTestUrlMatches')}</p>`;
    return html`<div class="ws-url-test">
      <div class="ws-field">
        <label class="ws-label" for="rf-test-url">${t('wsTestUrl')}</label>
        <input
          id="rf-test-url"
          type="url"
          placeholder="https://news.example/2026/12/02/story.html"
          aria-describedby=${url ? 'rf-test-url-help rf-test-summary' : 'rf-test-url-help'}
          .value=${this.testUrl}
          @input=${(e: Event) => (this.testUrl = (e.target as HTMLInputElement).value)}
        />
        <span class="muted ws-help" id="rf-test-url-help">${t('wsTestUrlHelp')}</span>
      </div>
      <div class="ws-notes" id="rf-test-result" aria-live="polite">
        ${summary}
        ${
          readable && verdicts.length
            ? html`<ul class="ws-url-verdicts">
                ${verdicts.map(
                  (v) =>
                    html`<li data-condition=${v.index} data-passed=${String(v.passed)}>
                      ${v.passed ? '✓' : '✗'} ${colon(t('wsCondKind', String(v.index + 1)))} ${sayReason(v.reason)}
                    </li>`,
                )}
              </ul>`
            : nothing
        }
      </div>
    </div>`;
  }

  /**
   * Beside a site, path or address pattern: what it means in words, and why it cannot match, if
   * so (`shown`), and those notes' ids (`ids`), which describe the field for a screen reader.
   */
  private urlWords(c: UrlCondition, p: string): { ids: string[]; shown: TemplateResult | typeof nothing } {
    const empty = c.kind === 'site' ? !c.host.trim() : !c.pattern;
    if (empty) return { ids: [], shown: nothing };
    const warnings = urlPatternWarnings(c);
    const means = `${fieldId(p)}-means`;
    const warned = warnings.map((_, i) => `${fieldId(p)}-warn-${i}`);
    const access = this.accessWords(c, p);
    // Under the field, in its column: a quiet summary of the pages the condition lets through.
    return {
      ids: [means, ...warned, ...(access === nothing ? [] : [`${fieldId(p)}-access`])],
      shown: html`<div class="ws-notes">
        <p class="muted ws-meaning" id=${means}>${sayReason(urlPatternMeaning(c))}</p>
        ${warnings.map(
          (w, i) => html`<p class="field-warning" id=${warned[i]!} data-code=${w.code}>⚠ ${sayReason(w)}</p>`,
        )}
        ${access}
      </div>`,
    };
  }

  /**
   * Beside a condition naming one site where the browser withholds Tact's access (Chromium's
   * "site access", Firefox's per-site permissions): the rule can show nothing there; a button asks.
   */
  private accessWords(c: UrlCondition, p: string): TemplateResult | typeof nothing {
    const patterns = accessPatternsOf(c);
    const state = patterns && this.access[patterns.join(' ')];
    if (!patterns || (state !== 'withheld' && state !== 'refused')) return nothing;
    // The site as the marketer wrote it; from an address, its host as people read it.
    const site = c.kind === 'site' ? c.host.trim() : readableHost(patterns[0]!.replace(/^[a-z*]+:\/\/|\/\*$/g, ''));
    return html`<p class="field-warning" id=${`${fieldId(p)}-access`} data-code="access-withheld">
      ⚠ ${t('wsCondSiteWithheld', site)}
      <button type="button" class="link" @click=${() => this.allow(patterns)}>${t('wsCondSiteAllow', site)}</button>
      ${state === 'refused' ? html`<span role="status">${t('wsCondSiteRefused')}</span>` : nothing}
    </p>`;
  }

  /** The fields of the trigger's own settings; undefined for a signal that has none. */
  private triggerFields(tr: Trigger, f: (p: string) => FieldCtx): TemplateResult | undefined {
    const set = (path: string, change: (x: Record<string, unknown>) => void) =>
      this.edit(path, (x) => change(x.trigger));
    switch (tr.signal) {
      case 'scroll-depth':
        return html`${this.number(f('trigger.atLeast'), t('wsTrigDepthPercent'), tr.atLeast, (v) => set('trigger.atLeast', (x) => (x.atLeast = v)), { min: 1, max: 100, step: 1, help: t('wsTrigDepthHelp') })}
        ${this.select(
          f('trigger.of'),
          t('wsTrigDepthOf'),
          tr.of ?? 'page',
          [
            ['page', t('wsTrigDepthOfPage')],
            ['content', t('wsTrigDepthOfContent')],
          ],
          (v) =>
            set('trigger.of', (x) => {
              // Absent means the whole page: one way to write each rule.
              if (v === 'content') x.of = 'content';
              else delete x.of;
            }),
        )}`;
      case 'dwell':
      case 'idle':
        return this.number(
          f('trigger.seconds'),
          t(tr.signal === 'dwell' ? 'wsTrigDwellSeconds' : 'wsTrigIdleSeconds'),
          tr.seconds,
          (v) => set('trigger.seconds', (x) => (x.seconds = v)),
          { min: 1, step: 1 },
        );
      case 'hesitation':
        return html`${this.text(f('trigger.selector'), t('wsTrigSelector'), tr.selector, (v) => set('trigger.selector', (x) => (x.selector = v)), t('wsTrigSelectorHelp'))}
        ${this.number(f('trigger.ms'), t('wsTrigMs'), tr.ms, (v) => set('trigger.ms', (x) => (x.ms = v)), { min: 200, step: 100 })}`;
      case 'intent':
        return html`${this.select(
          f('trigger.intent'),
          t('wsTrigIntent'),
          tr.intent,
          INTENTS.map((i: string) => [i, t(key('wsIntent', i))]),
          (v) => set('trigger.intent', (x) => (x.intent = v)),
        )}
        ${this.number(f('trigger.atLeast'), t('wsTrigScore'), tr.atLeast, (v) => set('trigger.atLeast', (x) => (x.atLeast = v)), { min: 0.05, step: 0.05, help: t('wsTrigScoreHelp') })}`;
      default:
        return undefined;
    }
  }

  /**
   * The A/B test: a switch between one flow and 2–4 variants (a flow or the hold-out, a weight
   * each), and the goals (a page visited, an element clicked, a flow completed, within N days).
   * Every control is a labelled form field; add and remove are buttons, so all of it works from
   * the keyboard, and each problem is shown at its field.
   */
  private abFields(r: Rule, ws: Workspace, f: (p: string) => FieldCtx) {
    const flows: [string, string][] = ws.flows.map((fl) => [fl.id, fl.name]);
    const other = ws.flows.find((fl) => fl.id !== r.flowId)?.id;
    const whole = (p: string) => {
      const ctx = f(p);
      return ctx.error ? html`<p class="field-error" id=${ctx.id} tabindex="-1">${ctx.error}</p>` : nothing;
    };
    const focus = (path: string) =>
      void this.updateComplete.then(() => this.querySelector<HTMLElement>(`#${fieldId(path)}`)?.focus());
    const variants = r.variants ?? [];
    const goals = r.goals ?? [];
    return html`<fieldset id="rf-ab">
      <legend>${t('abFormLegend')}</legend>
      <div class="ws-field">
        <label class="ws-check"
          ><input
            type="checkbox"
            id="rf-ab-on"
            aria-describedby="rf-ab-help"
            .checked=${r.variants !== undefined}
            @change=${(e: Event) => {
              const on = (e.target as HTMLInputElement).checked;
              this.edit('variants', (x) => {
                const next = withTest(x, on, other);
                Object.assign(clearTest(x), next);
              });
            }}
          />
          ${t('abFormToggle')}</label
        >
        <span class="muted ws-help" id="rf-ab-help">${t('abFormToggleHelp')}</span>
      </div>
      ${
        r.variants
          ? html`${whole('variants')}
              <ol class="ws-conditions ab-form-variants">
                ${variants.map((x, i) => {
                  const p = `variants[${i}]`;
                  const n = String(i + 1);
                  const shows =
                    x.flowId === null ? t('abHoldOut') : (flows.find(([id]) => id === x.flowId)?.[1] ?? x.flowId);
                  // Its number once, in its heading, with what it shows (as a condition's); each
                  // field's name still says which variant it belongs to.
                  return html`<li class="ws-condition" data-variant=${x.id}>
                    <h3 class="ws-condition-h">${colon(t('abFormVariantN', n))} ${shows}</h3>
                    ${this.input(f(`${p}.id`), t('wsRuleId'), 'text', x.id, (v) => this.edit(`${p}.id`, (y) => (y.variants![i]!.id = v)), { name: t('abFormVariantId', n) })}
                    ${this.select(
                      f(`${p}.flowId`),
                      t('abColShows'),
                      x.flowId ?? HOLD_OUT,
                      [...flows, [HOLD_OUT, t('abHoldOut')]],
                      (v) => this.edit(`${p}.flowId`, (y) => (y.variants![i]!.flowId = v === HOLD_OUT ? null : v)),
                      t('abFormVariantShows', n),
                    )}
                    ${this.number(
                      f(`${p}.weight`),
                      t('abFormWeightLabel'),
                      x.weight,
                      (v) => this.edit(`${p}.weight`, (y) => (y.variants![i]!.weight = v as number)),
                      {
                        min: 1,
                        max: 1000,
                        step: 1,
                        help: i === 0 ? t('abFormWeightHelp') : undefined,
                        name: t('abFormWeight', n),
                      },
                    )}
                    <button
                      type="button"
                      class="ws-remove"
                      ?disabled=${variants.length <= 2}
                      aria-label=${t('abFormRemoveVariant', x.id)}
                      @click=${() => {
                        this.edit('variants', (y) => y.variants!.splice(i, 1));
                        focus('variants[0].id');
                      }}
                    >
                      ${t('wsRemove')}
                    </button>
                  </li>`;
                })}
              </ol>
              <button
                type="button"
                id="rf-ab-add-variant"
                ?disabled=${variants.length >= 4}
                @click=${() => {
                  this.edit('variants', (y) => y.variants!.push(newVariant(y, other ?? flows[0]?.[0] ?? '')));
                  focus(`variants[${variants.length}].id`);
                }}
              >
                ${t('abFormAddVariant')}
              </button>
              <h3 class="ab-form-goals-h">${t('abFormGoals')}</h3>
              ${whole('goals')}
              <ol class="ws-conditions ab-form-goals">
                ${goals.map((g, i) => this.goalRow(g, i, r, flows, f))}
              </ol>
              ${this.addControl(
                'rf-ab-goal-kind',
                t('abFormAddGoalKind'),
                GOAL_KINDS.map((k) => [k, t(key('abGoalKind', k))] as const),
                'rf-ab-add-goal',
                (kind) => {
                  this.edit('goals', (y) => (y.goals = [...(y.goals ?? []), defaultGoal(kind, y)]));
                  focus(`goals[${goals.length}].id`);
                },
                goals.length >= 5,
              )}`
          : nothing
      }
    </fieldset>`;
  }

  private goalRow(g: Goal, i: number, r: Rule, flows: [string, string][], f: (p: string) => FieldCtx) {
    const p = `goals[${i}]`;
    const set = (field: string, change: (x: Record<string, unknown>) => void) =>
      this.edit(`${p}.${field}`, (x) => change(x.goals![i] as unknown as Record<string, unknown>));
    const byKind =
      g.kind === 'url'
        ? html`${this.select(
            f(`${p}.match`),
            t('wsCondMatch'),
            g.match,
            MATCHES.map((m) => [m, t(key('wsMatch', m))]),
            (v) => set('match', (x) => (x.match = v)),
          )}
          ${this.text(f(`${p}.pattern`), t('wsCondPattern'), g.pattern, (v) => set('pattern', (x) => (x.pattern = v)))}`
        : g.kind === 'click'
          ? this.text(f(`${p}.selector`), t('abFormSelector'), g.selector, (v) =>
              set('selector', (x) => (x.selector = v)),
            )
          : this.select(f(`${p}.flowId`), t('optionsColFlow'), g.flowId, flows, (v) =>
              set('flowId', (x) => (x.flowId = v)),
            );
    return html`<li class="ws-condition" data-goal=${g.id}>
      ${this.select(
        f(`${p}.kind`),
        t('abFormGoalKind', String(i + 1)),
        g.kind,
        GOAL_KINDS.map((k) => [k, t(key('abGoalKind', k))]),
        (v) => this.edit(`${p}.kind`, (x) => (x.goals![i] = { ...defaultGoal(v as Goal['kind'], r), id: g.id })),
      )}
      ${this.text(f(`${p}.id`), t('abFormGoalId'), g.id, (v) => set('id', (x) => (x.id = v)))} ${byKind}
      ${this.number(f(`${p}.withinDays`), t('abFormWithinDays'), g.withinDays, (v) => set('withinDays', (x) => (x.withinDays = v)), { min: 1, max: 90, step: 1 })}
      <button
        type="button"
        class="ws-remove"
        ?disabled=${(r.goals?.length ?? 0) <= 1}
        aria-label=${t('abFormRemoveGoal', g.id)}
        @click=${() => this.edit('goals', (x) => x.goals!.splice(i, 1))}
      >
        ${t('wsRemove')}
      </button>
    </li>`;
  }

  private conditionRow(c: Condition, i: number, f: (p: string) => FieldCtx) {
    const p = `conditions[${i}]`;
    const set = (field: string, change: (x: Record<string, unknown>) => void) =>
      this.edit(`${p}.${field}`, (x) => change(x.conditions[i] as unknown as Record<string, unknown>));
    const whole = f(p);
    const n = String(i + 1);
    const kindName = t(key('wsCond', c.kind));
    // Its number once, and what it checks: the list draws no marker of its own (workspace.css).
    return html`<li class="ws-condition" data-kind=${c.kind}>
      <h3 class="ws-condition-h" id=${`${fieldId(p)}-h`}>${colon(t('wsCondKind', n))} ${kindName}</h3>
      ${this.select(
        f(`${p}.kind`),
        t('wsCondKindLabel'),
        c.kind,
        CONDITION_KINDS.map((k) => [k, t(key('wsCond', k))]),
        (v) => this.edit(`${p}.kind`, (x) => (x.conditions[i] = defaultCondition(v as ConditionKind))),
        t('wsCondKindOf', n),
      )}
      ${this.conditionFields(c, p, f, set)}
      ${
        // The error summary's link focuses the sentence itself, so a screen reader reads it out.
        whole.error ? html`<p class="field-error" id=${fieldId(p)} tabindex="-1">${whole.error}</p>` : nothing
      }
      <button
        type="button"
        class="ws-remove"
        aria-label=${t('wsCondRemove', n, kindName)}
        @click=${() => this.edit(p, (x) => x.conditions.splice(i, 1))}
      >
        ${t('wsRemove')}
      </button>
    </li>`;
  }

  private conditionFields(
    c: Condition,
    p: string,
    f: (p: string) => FieldCtx,
    set: (field: string, change: (x: Record<string, unknown>) => void) => void,
  ) {
    const range = (minKey: string, maxKey: string, minLabel: string, maxLabel: string, cur: Record<string, unknown>) =>
      html` ${this.number(f(`${p}.${minKey}`), minLabel, cur[minKey] as number | undefined, (v) => set(minKey, (x) => (v === undefined ? delete x[minKey] : (x[minKey] = v))), { min: 0 })}
      ${this.number(f(`${p}.${maxKey}`), maxLabel, cur[maxKey] as number | undefined, (v) => set(maxKey, (x) => (v === undefined ? delete x[maxKey] : (x[maxKey] = v))), { min: 0 })}`;
    const textOp = (cur: { op: TextOp; value?: string }) =>
      html` ${this.select(
        f(`${p}.op`),
        t('wsCondOp'),
        cur.op,
        TEXT_OPS.map((o) => [o, t(key('wsOp', o))]),
        (v) => set('op', (x) => (x.op = v)),
      )}
      ${cur.op === 'present' || cur.op === 'absent' ? nothing : this.text(f(`${p}.value`), t('wsCondValue'), cur.value ?? '', (v) => set('value', (x) => (x.value = v)))}`;
    // Under a site, path or address field: what it lets through, and why it cannot match, if so.
    const notes = isUrlCondition(c) ? this.urlWords(c, p) : { ids: [], shown: nothing };
    switch (c.kind) {
      case 'site':
        // A whole address copied from the browser becomes its host when the field is left.
        return html`${this.input(
          f(`${p}.host`),
          t('wsCondSiteHost'),
          'text',
          c.host,
          (v) => set('host', (x) => (x.host = v)),
          { help: t('wsCondSiteHelp'), commit: (v) => hostOfAddress(v) ?? v, notes: notes.ids },
        )}
        ${notes.shown}`;
      case 'path':
        return html`${this.text(f(`${p}.pattern`), t('wsCondPathPattern'), c.pattern, (v) => set('pattern', (x) => (x.pattern = v)), t('wsCondPathHelp'), notes.ids)}
        ${notes.shown}`;
      case 'url':
        return html`${this.select(
          f(`${p}.match`),
          t('wsCondMatch'),
          c.match,
          MATCHES.map((m) => [m, t(key('wsMatch', m))]),
          (v) => set('match', (x) => (x.match = v)),
        )}
        ${this.text(f(`${p}.pattern`), t('wsCondPattern'), c.pattern, (v) => set('pattern', (x) => (x.pattern = v)), t('wsCondPatternHelp'), notes.ids)}
        ${notes.shown}`;
      case 'min-seconds-on-page':
        return this.number(
          f(`${p}.seconds`),
          t('wsCondSeconds'),
          c.seconds,
          (v) => set('seconds', (x) => (x.seconds = v)),
          { min: 0 },
        );
      case 'page':
        return html`${this.select(
          f(`${p}.field`),
          t('wsCondField'),
          c.field,
          PAGE_FIELDS.map((pf) => [pf, t(key('wsPage', pf))]),
          (v) => set('field', (x) => (x.field = v)),
        )}
        ${textOp(c)}`;
      case 'price':
        return range('min', 'max', t('wsCondMinPrice'), t('wsCondMaxPrice'), c);
      case 'visitor-tag':
        return html`${this.select(
          f(`${p}.present`),
          t('wsCondTagHas'),
          String(c.present),
          [
            ['true', t('wsCondHas')],
            ['false', t('wsCondHasNot')],
          ],
          (v) => set('present', (x) => (x.present = v === 'true')),
        )}
        ${this.input(f(`${p}.tag`), t('wsCondTag'), 'text', c.tag, (v) => set('tag', (x) => (x.tag = v)), { list: 'rf-known-tags' })}`;
      case 'visitor-attribute':
        return html`${this.text(f(`${p}.name`), t('wsCondAttribute'), c.name, (v) => set('name', (x) => (x.name = v)))}
        ${textOp(c)}`;
      case 'segment':
        return html`${this.select(
          f(`${p}.member`),
          t('wsCondSegmentIn'),
          String(c.member),
          [
            ['true', t('wsCondIn')],
            ['false', t('wsCondNotIn')],
          ],
          (v) => set('member', (x) => (x.member = v === 'true')),
        )}
        ${this.text(f(`${p}.segment`), t('wsCondSegment'), c.segment, (v) => set('segment', (x) => (x.segment = v)))}`;
      case 'visit-count':
        return range('min', 'max', t('wsCondMinVisits'), t('wsCondMaxVisits'), c);
      case 'time-of-day':
        return html`${this.input(f(`${p}.from`), t('wsCondFrom'), 'time', c.from, (v) => set('from', (x) => (x.from = v)))}
        ${this.input(f(`${p}.to`), t('wsCondTo'), 'time', c.to, (v) => set('to', (x) => (x.to = v)))}`;
      case 'day-of-week':
        return this.checks(
          f(`${p}.days`),
          t('wsCondDays'),
          DAYS.map((d) => [String(d), t(`wsDay${d}`)]),
          c.days.map(String),
          (vals) => set('days', (x) => (x.days = vals.map(Number))),
        );
      case 'device':
        return this.checks(
          f(`${p}.devices`),
          t('wsCondDevices'),
          DEVICES.map((d) => [d, t(key('wsDevice', d))]),
          c.devices,
          (vals) => set('devices', (x) => (x.devices = vals)),
        );
      case 'viewport':
        return range('minWidth', 'maxWidth', t('wsCondMinWidth'), t('wsCondMaxWidth'), c);
    }
  }

  // ---------------------------------------------------------------- fields

  /** An "add" control in the field column: a labelled select of kinds, then a button adding the one chosen. */
  private addControl<K extends string>(
    id: string,
    label: string,
    kinds: (readonly [K, string])[],
    buttonId: string,
    onAdd: (kind: K) => void,
    disabled = false,
  ) {
    return html`<div class="ws-field">
      <label class="ws-label" for=${id}>${label}</label>
      <div class="ws-add-control">
        <select id=${id}>
          ${kinds.map(([v, l]) => html`<option value=${v}>${l}</option>`)}
        </select>
        <button
          type="button"
          id=${buttonId}
          ?disabled=${disabled}
          @click=${() => onAdd((this.querySelector<HTMLSelectElement>(`#${id}`)?.value ?? kinds[0]![0]) as K)}
        >
          ${t('wsAdd')}
        </button>
      </div>
    </div>`;
  }

  /** `name`: the control's accessible name when it differs from its label; the error summary says it too. */
  private wrap(ctx: FieldCtx, label: string, control: TemplateResult, help?: string, name?: string) {
    this.labels.set(ctx.id, name ?? label);
    return html`<div class="ws-field ${ctx.error ? 'invalid' : ''}">
      <label class="ws-label" for=${ctx.id}>${label}</label>
      ${control} ${help ? html`<span class="muted ws-help" id=${`${ctx.id}-help`}>${help}</span>` : nothing}
      ${ctx.error ? html`<span class="field-error" id=${`${ctx.id}-err`}>${ctx.error}</span>` : nothing}
    </div>`;
  }

  /**
   * A control's `aria-describedby`, in the order the page shows them: its help, its error, then
   * `notes` (ids of texts shown below its field that speak of it: what a pattern means, why it
   * cannot match, a date's help). A screen reader then hears, on the control, what the eye reads
   * beside it, as it stands after the last keystroke.
   */
  private describedBy(ctx: FieldCtx, help?: string, notes: readonly string[] = []): string | typeof nothing {
    const ids = [help ? `${ctx.id}-help` : '', ctx.error ? `${ctx.id}-err` : '', ...notes].filter(Boolean).join(' ');
    return ids || nothing;
  }

  private input(
    ctx: FieldCtx,
    label: string,
    type: string,
    value: string,
    onChange: (v: string) => void,
    opts: {
      help?: string;
      list?: string;
      /** What the text becomes once it is committed (left, or Enter), e.g. a pasted address's host. */
      commit?: (v: string) => string;
      /** Ids of notes shown below the field that describe it too (`describedBy`). */
      notes?: readonly string[];
      /** Its accessible name when the visible label alone would not tell it apart (it must contain the label). */
      name?: string;
    } = {},
  ) {
    const { help, list, commit, notes, name } = opts;
    return this.wrap(
      ctx,
      label,
      html`<input
        id=${ctx.id}
        type=${type}
        list=${list ?? nothing}
        aria-label=${name ?? nothing}
        .value=${value}
        aria-invalid=${ctx.error ? 'true' : 'false'}
        aria-describedby=${this.describedBy(ctx, help, notes)}
        @input=${(e: Event) => onChange((e.target as HTMLInputElement).value)}
        @change=${(e: Event) => {
          const input = e.target as HTMLInputElement;
          const committed = commit?.(input.value) ?? input.value;
          if (committed !== input.value) onChange((input.value = committed));
        }}
      />`,
      help,
      name,
    );
  }

  private text(
    ctx: FieldCtx,
    label: string,
    value: string,
    onChange: (v: string) => void,
    help?: string,
    notes?: readonly string[],
  ) {
    return this.input(ctx, label, 'text', value, onChange, { help, notes });
  }

  private number(
    ctx: FieldCtx,
    label: string,
    value: number | undefined,
    onChange: (v: number | undefined) => void,
    opts: { min?: number; max?: number; step?: number; help?: string; name?: string } = {},
  ) {
    const shown = value === undefined || Number.isNaN(value) ? '' : String(value);
    return this.wrap(
      ctx,
      label,
      html`<input
        id=${ctx.id}
        type="number"
        inputmode="decimal"
        min=${opts.min ?? nothing}
        max=${opts.max ?? nothing}
        step=${opts.step ?? 'any'}
        aria-label=${opts.name ?? nothing}
        .value=${shown}
        aria-invalid=${ctx.error ? 'true' : 'false'}
        aria-describedby=${this.describedBy(ctx, opts.help)}
        @input=${(e: Event) => {
          const input = e.target as HTMLInputElement;
          // A browser's number field reports "" for text it cannot read: that is an error, not "unset".
          onChange(input.value === '' && input.validity.badInput ? Number.NaN : numberFromInput(input.value));
        }}
      />`,
      opts.help,
      opts.name,
    );
  }

  private select(
    ctx: FieldCtx,
    label: string,
    value: string,
    options: (readonly [string, string])[],
    onChange: (v: string) => void,
    /** Its accessible name when the visible label alone would not tell it apart (it must contain the label). */
    name?: string,
    /** Ids of notes shown below the field that describe it too (`describedBy`). */
    notes?: readonly string[],
  ) {
    return this.wrap(
      ctx,
      label,
      html`<select
        id=${ctx.id}
        aria-label=${name ?? nothing}
        aria-invalid=${ctx.error ? 'true' : 'false'}
        aria-describedby=${this.describedBy(ctx, undefined, notes)}
        @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}
      >
        ${options.find(([v]) => v === value) ? nothing : html`<option value=${value} selected>${value}</option>`}
        ${options.map(([v, l]) => html`<option value=${v} ?selected=${v === value}>${l}</option>`)}
      </select>`,
    );
  }

  private checks<T extends string>(
    ctx: FieldCtx,
    label: string,
    options: (readonly [T, string])[],
    values: readonly string[],
    onChange: (v: T[]) => void,
  ) {
    this.labels.set(ctx.id, label);
    return html`<fieldset
      class="ws-field ws-checks ${ctx.error ? 'invalid' : ''}"
      id=${ctx.id}
      tabindex="-1"
      aria-invalid=${ctx.error ? 'true' : 'false'}
      aria-describedby=${this.describedBy(ctx)}
    >
      <legend class="ws-label">${label}</legend>
      ${options.map(
        ([v, l]) =>
          html`<label class="ws-check"
            ><input
              type="checkbox"
              .checked=${values.includes(v)}
              @change=${(e: Event) => {
                const on = (e.target as HTMLInputElement).checked;
                onChange(options.map(([o]) => o).filter((o) => (o === v ? on : values.includes(o))));
              }}
            />
            ${l}</label
          >`,
      )}
      ${ctx.error ? html`<span class="field-error" id=${`${ctx.id}-err`}>${ctx.error}</span>` : nothing}
    </fieldset>`;
  }
}

/** One field's id and its error (the first, in the validator's words). */
class FieldCtx {
  readonly id: string;
  readonly error: string;
  constructor(path: string, messages: string[] | undefined) {
    this.id = fieldId(path);
    this.error = messages?.join(' ') ?? '';
  }
}
