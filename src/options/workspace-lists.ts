/**
 * The flows and rules lists of the options workspace (route `#flows`): search over names, ids and
 * texts; each rule's status (on, off, shadow mode) changeable in place; each flow's rules, a link
 * to its results, duplicate and delete; new flows from the built-in templates. Deletions are
 * undone from the shell's toast (`tact-toast`); every change reloads the workspace
 * (`tact-changed`). Deleting a flow also deletes the rules that start it (a rule without its flow
 * can never fire), and the page says so before and after.
 */
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { nodeText, type Flow } from '../core/flows/flow-model.ts';
import { ruleFlowIds, type Condition, type Rule } from '../core/rules/rule-model.ts';
import { describeTrigger } from '../core/signals/signal-model.ts';
import { checkCondition } from '../core/rules/conditions.ts';
import { TEMPLATES } from '../core/flows/templates.ts';
import { resolveText } from '../core/flows/localized-text.ts';
import {
  duplicateFlow,
  duplicateRule,
  flowFromTemplate,
  flowSearchTexts,
  matchesSearch,
  ruleFromTemplate,
  ruleStatus,
  withRuleStatus,
  type RuleStatus,
} from './workspace-copy.ts';
import { send, type ToBackground } from '../shared/protocol.ts';
import { clauses, formatList, formatNumber, plural, t, uiLanguage } from '../shared/i18n.ts';
import { sayReason } from '../shared/why-words.ts';
import { urlPatternMeaning } from '../core/rules/url-explain.ts';
import type { ToastRequest } from './tact-options.ts';
import { failureText } from '../shared/failure-text.ts';

type Workspace = ToBackground['workspace/get']['res'];

const STATUS_LABEL: Record<RuleStatus, string> = { on: 'wsStatusOn', off: 'wsStatusOff', shadow: 'wsStatusShadow' };

export class TactWorkspaceLists extends LitElement {
  static override properties = {
    workspace: { attribute: false },
    query: { state: true },
    template: { state: true },
    withRule: { state: true },
    error: { state: true },
    busy: { state: true },
  };
  declare workspace: Workspace | undefined;
  declare query: string;
  declare template: string;
  declare withRule: boolean;
  declare error: string;
  declare busy: boolean;

  constructor() {
    super();
    this.query = '';
    this.template = TEMPLATES[0]?.id ?? '';
    this.withRule = true;
    this.error = '';
    this.busy = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private toast(request: ToastRequest): void {
    this.dispatchEvent(new CustomEvent<ToastRequest>('tact-toast', { detail: request, bubbles: true }));
  }

  private changed(): void {
    this.dispatchEvent(new CustomEvent('tact-changed', { detail: {}, bubbles: true }));
  }

  /** Runs a change; a refusal is shown above the lists and nothing else happens. */
  private async run(action: () => Promise<void>): Promise<void> {
    // One change at a time. Controls are not disabled meanwhile: that would drop keyboard focus.
    if (this.busy) return;
    this.error = '';
    this.busy = true;
    try {
      await action();
      this.changed();
    } catch (error) {
      this.error = failureText(error);
    } finally {
      this.busy = false;
    }
  }

  private createFromTemplate(): Promise<void> {
    return this.run(async () => {
      const ws = this.workspace!;
      const template = TEMPLATES.find((x) => x.id === this.template);
      if (!template) throw new Error(t('wsTemplateNotFound', this.template));
      const flow = await send('flows/save', {
        flow: flowFromTemplate(template, new Set(ws.flows.map((f) => f.id)), uiLanguage()),
      });
      const rule = this.withRule
        ? await send('rules/save', { rule: ruleFromTemplate(template, flow.id, new Set(ws.rules.map((r) => r.id))) })
        : undefined;
      this.query = '';
      this.toast({
        message: rule ? t('wsCreatedWithRule', flow.name, rule.name) : t('wsCreated', flow.name),
        undo: async () => {
          await send('flows/delete', { id: flow.id });
        },
      });
    });
  }

  private duplicateFlow(flow: Flow): Promise<void> {
    return this.run(async () => {
      const copy = await send('flows/save', {
        flow: duplicateFlow(flow, new Set(this.workspace!.flows.map((f) => f.id)), t('wsCopySuffix')),
      });
      this.toast({
        message: t('wsDuplicated', copy.name),
        undo: async () => {
          await send('flows/delete', { id: copy.id });
        },
      });
    });
  }

  private deleteFlow(flow: Flow): Promise<void> {
    return this.run(async () => {
      const removed = await send('flows/delete', { id: flow.id });
      if (!removed.flow) return;
      const { flow: gone, rules, experiments } = removed;
      this.toast({
        message: rules.length
          ? plural('wsDeletedFlowWithRules', rules.length, gone.name, formatList(rules.map((r) => r.name)))
          : t('wsDeletedFlow', gone.name),
        undo: async () => {
          await send('workspace/restore', { flows: [gone], rules, experiments });
        },
      });
    });
  }

  private duplicateRule(rule: Rule): Promise<void> {
    return this.run(async () => {
      const copy = await send('rules/save', {
        rule: duplicateRule(rule, new Set(this.workspace!.rules.map((r) => r.id)), t('wsCopySuffix')),
      });
      this.toast({
        message: t('wsDuplicatedRule', copy.name),
        undo: async () => {
          await send('rules/delete', { id: copy.id });
        },
      });
    });
  }

  private deleteRule(rule: Rule): Promise<void> {
    return this.run(async () => {
      const { rule: gone, experiments } = await send('rules/delete', { id: rule.id });
      if (!gone) return;
      this.toast({
        message: t('wsDeletedRule', gone.name),
        undo: async () => {
          // The A/B test's log comes back with its rule (the delete removed it).
          await send('workspace/restore', { flows: [], rules: [gone], experiments });
        },
      });
    });
  }

  private setStatus(rule: Rule, status: RuleStatus): Promise<void> {
    return this.run(async () => {
      const saved = await send('rules/save', { rule: withRuleStatus(rule, status) });
      this.toast({ message: t('wsStatusChanged', saved.name, t(STATUS_LABEL[ruleStatus(saved)])) });
    });
  }

  override render() {
    const ws = this.workspace;
    if (!ws) return nothing;
    const flowsById = new Map(ws.flows.map((f) => [f.id, f]));
    const flows = ws.flows.filter((f) => matchesSearch(this.query, flowSearchTexts(f)));
    const rules = [...ws.rules]
      .filter((r) => matchesSearch(this.query, ruleSearchTexts(r, flowsById)))
      .sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name));
    const rulesByFlow = new Map<string, Rule[]>();
    for (const r of ws.rules)
      for (const flowId of ruleFlowIds(r)) rulesByFlow.set(flowId, [...(rulesByFlow.get(flowId) ?? []), r]);
    return html` <section class="card ws-tools" aria-labelledby="ws-lists-h">
        <h2 id="ws-lists-h" tabindex="-1" data-view-heading>${t('wsNavFlows')}</h2>
        <div class="ws-row">
          <label for="ws-search">${t('wsSearch')}</label>
          <input
            id="ws-search"
            type="search"
            .value=${this.query}
            placeholder=${t('wsSearchPlaceholder')}
            @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)}
          />
        </div>
        <form
          class="ws-row"
          @submit=${(e: SubmitEvent) => {
            e.preventDefault();
            void this.createFromTemplate();
          }}
        >
          <label for="ws-template">${t('wsNewFromTemplate')}</label>
          <select
            id="ws-template"
            aria-describedby="ws-template-summary"
            @change=${(e: Event) => (this.template = (e.target as HTMLSelectElement).value)}
          >
            ${TEMPLATES.map((x) => html`<option value=${x.id} ?selected=${x.id === this.template}>${resolveText(x.title, uiLanguage())}</option>`)}
          </select>
          <label class="ws-check"
            ><input
              id="ws-template-rule"
              type="checkbox"
              .checked=${this.withRule}
              @change=${(e: Event) => (this.withRule = (e.target as HTMLInputElement).checked)}
            />
            ${t('wsWithRule')}</label
          >
          <button type="submit" id="ws-create" class="primary" ?disabled=${this.busy}>${t('wsCreate')}</button>
          <a id="ws-create-edit" href="#flow/new?template=${encodeURIComponent(this.template)}"
            >${t('wsCreateInEditor')}</a
          >
        </form>
        <p id="ws-template-summary" class="muted">
          ${resolveText(TEMPLATES.find((x) => x.id === this.template)?.summary, uiLanguage())}
        </p>
        ${this.error ? html`<pre class="error" role="alert">${this.error}</pre>` : nothing}
      </section>
      ${this.listSection({
        id: 'flows',
        title: t('optionsFlows'),
        shown: flows.length,
        total: ws.flows.length,
        none: t('wsNoFlows'),
        heads: [t('optionsColName'), t('optionsColFirstMessage'), t('optionsRules'), t('wsColActions')],
        rows: flows.map((f) => this.flowRow(f, rulesByFlow.get(f.id) ?? [])),
        after: html`<p class="muted" id="ws-delete-note">${t('wsDeleteFlowNote')}</p>`,
      })}
      ${this.listSection({
        id: 'rules',
        title: t('optionsRules'),
        shown: rules.length,
        total: ws.rules.length,
        none: t('wsNoRules'),
        heads: [
          t('optionsColName'),
          t('optionsColStatus'),
          t('optionsColWhen'),
          t('optionsColFlow'),
          t('wsColActions'),
        ],
        rows: rules.map((r) => this.ruleRow(r, flowsById)),
      })}`;
  }

  /**
   * One list card (flows or rules): its heading with the count (shown of total while searching),
   * what to say when there is nothing or nothing matches, else the table and what follows it.
   */
  private listSection(list: {
    id: string;
    title: string;
    shown: number;
    total: number;
    none: string;
    heads: string[];
    rows: TemplateResult[];
    after?: TemplateResult;
  }) {
    const count = this.query ? `${formatNumber(list.shown)}/${formatNumber(list.total)}` : formatNumber(list.total);
    return html`<section class="card" id=${list.id} aria-labelledby="${list.id}-h">
      <h2 id="${list.id}-h">${list.title} <span class="muted">(${count})</span></h2>
      ${
        list.total === 0
          ? html`<p class="empty">${list.none}</p>`
          : list.shown === 0
            ? html`<p class="empty">${t('wsNoMatch', this.query)}</p>`
            : html`<div class="table-scroll">
                  <table>
                    <thead>
                      <tr>
                        ${list.heads.map((h) => html`<th>${h}</th>`)}
                      </tr>
                    </thead>
                    <tbody>
                      ${list.rows}
                    </tbody>
                  </table>
                </div>
                ${list.after ?? nothing}`
      }
    </section>`;
  }

  private flowRow(f: Flow, rules: Rule[]) {
    const first = f.nodes[f.start];
    return html`<tr data-flow=${f.id}>
      <td>
        <a href="#flow/${encodeURIComponent(f.id)}" class="ws-name">${f.name}</a><br /><code class="muted"
          >${f.id}</code
        >
        <span class="muted ws-aside">· ${plural('wsSteps', Object.keys(f.nodes).length)}</span>
      </td>
      <td>${nodeText(first, uiLanguage(), f.defaultLocale)}</td>
      <td>
        ${
          rules.length
            ? html`<ul class="ws-inline-list">
                ${rules.map((r) => html`<li><a href="#rule/${encodeURIComponent(r.id)}">${r.name}</a> <span class="badge ${ruleStatus(r) === 'on' ? 'on' : 'off'}">${t(STATUS_LABEL[ruleStatus(r)])}</span></li>`)}
              </ul>`
            : html`<span class="muted">${t('wsFlowNoRules')}</span>`
        }
        <a href="#rule/new?flow=${encodeURIComponent(f.id)}" class="ws-add-rule" aria-label=${t('wsAddRuleFor', f.name)}
          >${t('wsAddRule')}</a
        >
      </td>
      <td class="ws-actions">
        <a href="#results?flow=${encodeURIComponent(f.id)}" aria-label=${t('wsResultsOf', f.name)}
          >${t('wsNavResults')}</a
        >
        <button
          type="button"
          class="ws-duplicate"
          aria-label=${t('wsDuplicateNamed', f.name)}
          @click=${() => this.duplicateFlow(f)}
        >
          ${t('wsDuplicate')}
        </button>
        <button
          type="button"
          class="ws-delete"
          aria-label=${t('wsDeleteNamed', f.name)}
          aria-describedby="ws-delete-note"
          @click=${() => this.deleteFlow(f)}
        >
          ${t('wsDelete')}
        </button>
      </td>
    </tr>`;
  }

  private ruleRow(r: Rule, flows: Map<string, Flow>) {
    const conditions = r.conditions.map((c) => describeCondition(c));
    const status = ruleStatus(r);
    return html`<tr data-rule=${r.id} data-status=${status}>
      <td>
        <a href="#rule/${encodeURIComponent(r.id)}" class="ws-name">${r.name}</a><br /><code class="muted"
          >${r.id}</code
        >
        <span class="muted ws-aside">· ${t('wsPriorityOf', formatNumber(r.priority))}</span>
      </td>
      <td>
        <select
          class="ws-status"
          aria-label=${t('wsStatusOf', r.name)}
          @change=${(e: Event) => this.setStatus(r, (e.target as HTMLSelectElement).value as RuleStatus)}
        >
          ${(['on', 'shadow', 'off'] as const).map((s) => html`<option value=${s} ?selected=${s === status}>${t(STATUS_LABEL[s])}</option>`)}
        </select>
      </td>
      <td>
        ${breakable(describeRuleTrigger(r))}${conditions.length ? html`<br /><span class="muted">${breakable(clauses(conditions))}</span>` : nothing}
      </td>
      <td>${ruleFlowsCell(r, flows)}</td>
      <td class="ws-actions">
        <button
          type="button"
          class="ws-duplicate"
          aria-label=${t('wsDuplicateNamed', r.name)}
          @click=${() => this.duplicateRule(r)}
        >
          ${t('wsDuplicate')}
        </button>
        <button
          type="button"
          class="ws-delete"
          aria-label=${t('wsDeleteNamed', r.name)}
          @click=${() => this.deleteRule(r)}
        >
          ${t('wsDelete')}
        </button>
      </td>
    </tr>`;
  }
}

function ruleSearchTexts(r: Rule, flows: Map<string, Flow>): string[] {
  return [
    r.name,
    r.id,
    ...ruleFlowIds(r).flatMap((id) => [id, flows.get(id)?.name]),
    describeRuleTrigger(r),
    ...r.conditions.map(describeCondition),
  ].filter((x): x is string => Boolean(x));
}

/** The flow a rule starts, or its A/B test's arms ("A/B: Welcome · Welcome, short · hold-out"). */
function ruleFlowsCell(r: Rule, flows: Map<string, Flow>) {
  const named = (id: string) => flows.get(id)?.name ?? html`<span class="error">${t('ruleMissingFlow', id)}</span>`;
  if (!r.variants) return r.flowId === undefined ? nothing : named(r.flowId);
  return html`${t('abRuleArms')}
  ${r.variants.map(
    (x, i) =>
      html`${i ? ' · ' : ''}${x.flowId === null ? html`<span class="muted">${t('abHoldOut')}</span>` : named(x.flowId)}`,
  )}`;
}

/**
 * A text that may also break after a "." or "/" inside a word: a host or a path
 * ("northwind.localhost;") would otherwise set the width of the rules table's "when" column, and
 * with the longer French and Russian labels the table scrolled sideways in an 800 px window.
 */
function breakable(text: string) {
  return text.split(/(?<=[./])(?=\S)/).map((part, i) => (i ? html`<wbr />${part}` : part));
}

/** A rule's trigger in plain words. */
function describeRuleTrigger(r: Rule): string {
  return r.trigger.signal === 'exit-intent'
    ? t('ruleTriggerExit')
    : r.trigger.signal === 'scroll-depth'
      ? t(
          r.trigger.of === 'content' ? 'ruleTriggerScrollContent' : 'ruleTriggerScroll',
          formatNumber(r.trigger.atLeast),
        )
      : sayReason(describeTrigger(r.trigger));
}

/** A condition in plain words. */
function describeCondition(c: Condition): string {
  switch (c.kind) {
    case 'site':
    case 'path':
    case 'url':
      return sayReason(urlPatternMeaning(c));
    case 'min-seconds-on-page':
      return t('ruleCondSeconds', formatNumber(c.seconds));
    case 'visitor-tag':
      return t(c.present ? 'ruleCondTag' : 'ruleCondNoTag', c.tag);
    default:
      return sayReason(checkCondition(c, EMPTY_CONTEXT).label);
  }
}

const EMPTY_CONTEXT = {
  now: 0,
  url: '',
  pageStartedAt: 0,
  page: {},
  profile: { tags: [] },
  segments: [],
  visitCount: 0,
  localMinutes: 0,
  localDay: 0,
};
