/**
 * The flows and rules lists of the options workspace (route `#flows`). Placeholder port of the
 * former tables; search, status, create, duplicate and delete come next.
 */
import { LitElement, html, nothing } from 'lit';
import { nodeText, type Condition, type Flow, type Rule } from '../core/model.ts';
import { describeTrigger } from '../core/signal-model.ts';
import { checkCondition } from '../core/conditions.ts';
import type { ToBackground } from '../shared/protocol.ts';
import { t } from '../shared/i18n.ts';

type Workspace = ToBackground['workspace/get']['res'];

export class TactWorkspaceLists extends LitElement {
  static override properties = { workspace: { attribute: false } };
  declare workspace: Workspace | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render() {
    const ws = this.workspace;
    if (!ws) return nothing;
    const flowsById = new Map(ws.flows.map((f) => [f.id, f]));
    return html`
      <section class="card" id="flows" aria-labelledby="flows-h">
        <h2 id="flows-h" tabindex="-1" data-view-heading>${t('optionsFlows')} <span class="muted">(${ws.flows.length})</span></h2>
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
      </section>`;
  }

  private flowRow(f: Flow) {
    const first = f.nodes[f.start];
    return html`<tr data-flow=${f.id}><td><a href="#flow/${encodeURIComponent(f.id)}">${f.name}</a></td><td><code>${f.id}</code></td><td>${Object.keys(f.nodes).length}</td><td>${nodeText(first)}</td></tr>`;
  }

  private ruleRow(r: Rule, flows: Map<string, Flow>) {
    const conditions = r.conditions.map((c) => describeCondition(c));
    return html`<tr data-rule=${r.id}>
      <td><a href="#rule/${encodeURIComponent(r.id)}">${r.name}</a></td>
      <td><span class="badge ${r.enabled ? 'on' : 'off'}">${r.enabled ? t('ruleOn') : t('ruleOff')}</span></td>
      <td>${describeRuleTrigger(r)}${conditions.length ? html`<br><span class="muted">${conditions.join('; ')}</span>` : nothing}</td>
      <td>${flows.get(r.flowId)?.name ?? html`<span class="error">${t('ruleMissingFlow', r.flowId)}</span>`}</td>
      <td>${r.priority}</td>
    </tr>`;
  }
}

/** A rule's trigger in plain words. */
export function describeRuleTrigger(r: Rule): string {
  return r.trigger.signal === 'exit-intent' ? t('ruleTriggerExit') : r.trigger.signal === 'scroll-depth' ? t('ruleTriggerScroll', String(r.trigger.atLeast)) : describeTrigger(r.trigger);
}

/** A condition in plain words. */
export function describeCondition(c: Condition): string {
  switch (c.kind) {
    case 'url':
      return t('ruleCondUrl', c.match, c.pattern);
    case 'min-seconds-on-page':
      return t('ruleCondSeconds', String(c.seconds));
    case 'visitor-tag':
      return t(c.present ? 'ruleCondTag' : 'ruleCondNoTag', c.tag);
    default:
      return checkCondition(c, EMPTY_CONTEXT).label;
  }
}

const EMPTY_CONTEXT = { now: 0, url: '', pageStartedAt: 0, page: {}, profile: { tags: [] }, segments: [], visitCount: 0, localMinutes: 0, localDay: 0 };
