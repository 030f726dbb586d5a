/**
 * The options page: the flows and rules stored in IndexedDB, and the answers visitors gave.
 * Everything comes from the background (`workspace/get`), so this page shows exactly what the
 * engine uses.
 */
import { LitElement, html, nothing } from 'lit';
import { nodeText, type Condition, type Flow, type Rule, type TactEvent } from '../core/model.ts';
import { describeTrigger } from '../core/signal-model.ts';
import { checkCondition } from '../core/conditions.ts';
import { send, type ToBackground } from '../shared/protocol.ts';
import { t, uiLanguage } from '../shared/i18n.ts';

type Workspace = ToBackground['workspace/get']['res'];

export class TactOptions extends LitElement {
  static override properties = { workspace: { state: true }, error: { state: true }, loading: { state: true } };
  declare workspace: Workspace | undefined;
  declare error: string;
  declare loading: boolean;

  constructor() {
    super();
    this.error = '';
    this.loading = true;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this.loading = true;
    try {
      this.workspace = await send('workspace/get', null);
      this.error = '';
    } catch (error) {
      this.error = t('optionsLoadError', (error as Error).message);
    } finally {
      this.loading = false;
    }
  }

  override render() {
    const ws = this.workspace;
    return html`<main class="app">
      <header class="topbar">
        <img class="logo" src="icons/icon-48.png" alt="">
        <h1>${t('optionsTitle')}</h1>
        <span class="spacer"></span>
        <button type="button" class="refresh" @click=${() => this.load()} ?disabled=${this.loading}>${t('optionsRefresh')}</button>
      </header>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${ws ? this.renderWorkspace(ws) : this.loading ? html`<p class="muted">${t('optionsLoading')}</p>` : nothing}
    </main>`;
  }

  private renderWorkspace(ws: Workspace) {
    const flowsById = new Map(ws.flows.map((f) => [f.id, f]));
    return html`
      <section class="card" id="flows" aria-labelledby="flows-h">
        <h2 id="flows-h">${t('optionsFlows')} <span class="muted">(${ws.flows.length})</span></h2>
        ${ws.flows.length === 0
          ? html`<p class="empty">${t('optionsNoFlows')}</p>`
          : html`<table>
              <thead><tr><th>${t('optionsColName')}</th><th>${t('optionsColId')}</th><th>${t('optionsColSteps')}</th><th>${t('optionsColFirstMessage')}</th></tr></thead>
              <tbody>${ws.flows.map((f) => this.flowRow(f))}</tbody>
            </table>`}
      </section>
      <section class="card" id="rules" aria-labelledby="rules-h">
        <h2 id="rules-h">${t('optionsRules')} <span class="muted">(${ws.rules.length})</span></h2>
        ${ws.rules.length === 0
          ? html`<p class="empty">${t('optionsNoRules')}</p>`
          : html`<table>
              <thead><tr><th>${t('optionsColName')}</th><th>${t('optionsColStatus')}</th><th>${t('optionsColWhen')}</th><th>${t('optionsColFlow')}</th><th>${t('optionsColPriority')}</th></tr></thead>
              <tbody>${[...ws.rules].sort((a, b) => b.priority - a.priority).map((r) => this.ruleRow(r, flowsById))}</tbody>
            </table>`}
      </section>
      <section class="card" id="answers" aria-labelledby="answers-h">
        <h2 id="answers-h">${t('optionsAnswers')} <span class="muted">(${ws.answers.length})</span></h2>
        ${ws.answers.length === 0
          ? html`<p class="empty">${t('optionsNoAnswers')}</p>`
          : html`<table>
              <thead><tr><th>${t('optionsColWhen')}</th><th>${t('optionsColPage')}</th><th>${t('optionsColFlow')}</th><th>${t('optionsColQuestion')}</th><th>${t('optionsColAnswer')}</th></tr></thead>
              <tbody>${ws.answers.map((e) => this.answerRow(e, flowsById))}</tbody>
            </table>`}
        <p class="muted">${t('optionsEventCount', String(ws.eventCount))}</p>
      </section>
      <tact-flow-results .flows=${ws.flows}></tact-flow-results>
      <tact-pack-transfer @tact-changed=${() => this.load()}></tact-pack-transfer>
      <tact-policy-settings></tact-policy-settings>`;
  }

  private flowRow(f: Flow) {
    const first = f.nodes[f.start];
    return html`<tr data-flow=${f.id}><td>${f.name}</td><td><code>${f.id}</code></td><td>${Object.keys(f.nodes).length}</td><td>${nodeText(first)}</td></tr>`;
  }

  private ruleRow(r: Rule, flows: Map<string, Flow>) {
    const trigger =
      r.trigger.signal === 'exit-intent' ? t('ruleTriggerExit') : r.trigger.signal === 'scroll-depth' ? t('ruleTriggerScroll', String(r.trigger.atLeast)) : describeTrigger(r.trigger);
    const conditions = r.conditions.map((c) => describeCondition(c));
    return html`<tr data-rule=${r.id}>
      <td>${r.name}</td>
      <td><span class="badge ${r.enabled ? 'on' : 'off'}">${r.enabled ? t('ruleOn') : t('ruleOff')}</span></td>
      <td>${trigger}${conditions.length ? html`<br><span class="muted">${conditions.join('; ')}</span>` : nothing}</td>
      <td>${flows.get(r.flowId)?.name ?? html`<span class="error">${t('ruleMissingFlow', r.flowId)}</span>`}</td>
      <td>${r.priority}</td>
    </tr>`;
  }

  private answerRow(e: TactEvent, flows: Map<string, Flow>) {
    const flow = flows.get(e.flowId);
    const node = e.nodeId ? flow?.nodes[e.nodeId] : undefined;
    const when = new Date(e.at).toLocaleString(uiLanguage());
    return html`<tr class="answer" data-flow=${e.flowId} data-reply=${e.replyId ?? ''}>
      <td>${when}</td><td>${e.origin}${e.path}</td><td>${flow?.name ?? e.flowId}</td><td>${nodeText(node) || e.nodeId || ''}</td><td><strong>${e.label ?? e.replyId}</strong>${e.preview ? html` <span class="badge off">${t('overlayPreview')}</span>` : nothing}</td>
    </tr>`;
  }
}

function describeCondition(c: Condition): string {
  switch (c.kind) {
    case 'url':
      return t('ruleCondUrl', c.match, c.pattern);
    case 'min-seconds-on-page':
      return t('ruleCondSeconds', String(c.seconds));
    case 'visitor-tag':
      return t(c.present ? 'ruleCondTag' : 'ruleCondNoTag', c.tag);
    default:
      return conditionLabel(c);
  }
}

/** Plain words for conditions without a dedicated translation (the engine's own label). */
function conditionLabel(c: Condition): string {
  return checkCondition(c, EMPTY_CONTEXT).label;
}

const EMPTY_CONTEXT = { now: 0, url: '', pageStartedAt: 0, page: {}, profile: { tags: [] }, segments: [], visitCount: 0, localMinutes: 0, localDay: 0 };
