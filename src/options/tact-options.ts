/**
 * The options page: a workspace shell with hash routes (src/options/hash-route.ts) for the flows and
 * rules lists, the flow editor, the rule editor, the results, the settings and the welcome view. Everything comes
 * from the background (`workspace/get`), so the page shows exactly what the engine uses.
 *
 * Editors (`<tact-flow-editor>`, `<tact-rule-editor>`) save themselves, then dispatch
 * `tact-changed` ({flow} or {rule}: the shell reloads the workspace, and a new item gets its own
 * address) and `tact-close` when the user leaves through the editor (having asked about unsaved
 * changes itself, so the shell does not ask again). Each has a public `dirty` getter: the shell
 * asks before any other way out of an editor with unsaved changes (navigation, back button,
 * reload). `tact-navigate` (detail: a fragment) goes somewhere through that guard. Lists dispatch
 * `tact-toast` ({message, undo?}) for the undo toast.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { nodeText, type Flow } from '../core/flows/flow-model.ts';
import type { Rule } from '../core/rules/rule-model.ts';
import type { TactEvent } from '../core/results/event-model.ts';
import { templateById } from '../core/flows/templates.ts';
import { flowFromTemplate, newRuleFor } from './workspace-copy.ts';
import { listenToBackground, send, type ToBackground } from '../shared/protocol.ts';
import { formatDateTime, formatNumber, plural, t, uiLanguage } from '../shared/i18n.ts';
import { parseRoute, routeHash, routeSection, type Route } from './hash-route.ts';
import { failureText } from '../shared/failure-text.ts';
import { readableHost } from '../core/rules/readable-host.ts';
import { readableEscapes } from '../core/rules/url-match.ts';

type Workspace = ToBackground['workspace/get']['res'];

/** What the undo toast shows; `undo` puts back what an action removed. */
export interface ToastRequest {
  message: string;
  undo?: () => Promise<void>;
}

const TOAST_MS = 10_000;

interface Dirtyable extends HTMLElement {
  dirty?: boolean;
}

export class TactOptions extends LitElement {
  static override properties = {
    workspace: { state: true },
    error: { state: true },
    loading: { state: true },
    route: { state: true },
    toast: { state: true },
    leaveTo: { state: true },
  };
  declare workspace: Workspace | undefined;
  declare error: string;
  declare loading: boolean;
  declare route: Route;
  declare toast: ToastRequest | undefined;
  /** A fragment the user asked to go to while an editor had unsaved changes. */
  declare leaveTo: string | undefined;

  private hash = '';
  private stopListening: (() => void) | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** Answers arrived while the Answers list was not shown: reload when it is. */
  private answersStale = false;
  /** New, unsaved flows and rules, kept per fragment so a re-render does not rebuild them. */
  private drafts = new Map<string, Flow | Rule>();
  private toastTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly onHashChange = () => this.followHash();
  private readonly onBeforeUnload = (e: BeforeUnloadEvent) => {
    if (this.editorDirty()) e.preventDefault();
  };

  constructor() {
    super();
    this.error = '';
    this.loading = true;
    this.hash = location.hash || '#flows';
    this.route = parseRoute(this.hash);
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this.onHashChange);
    addEventListener('beforeunload', this.onBeforeUnload);
    // A new answer shows in the Answers list at once: the background announces every write.
    this.stopListening = listenToBackground('events/appended', (news) => {
      if (!news.types.includes('answered')) return;
      this.answersStale = true;
      if (this.route.view === 'flows') this.refreshSoon();
    });
    void this.load();
  }

  override disconnectedCallback(): void {
    removeEventListener('hashchange', this.onHashChange);
    removeEventListener('beforeunload', this.onBeforeUnload);
    this.stopListening?.();
    clearTimeout(this.refreshTimer);
    super.disconnectedCallback();
  }

  /** One quiet reload for a burst of news (an answer, then "completed"). */
  private refreshSoon(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.load(true), 250);
  }

  /** Reloads flows, rules and answers from the background (`quiet`: without the loading state). */
  async load(quiet = false): Promise<void> {
    this.answersStale = false;
    if (!quiet) this.loading = true;
    try {
      this.workspace = await send('workspace/get', null);
      this.error = '';
    } catch (error) {
      this.error = t('optionsLoadError', failureText(error));
    } finally {
      this.loading = false;
    }
  }

  /** Goes to a route; asks first when an editor has unsaved changes (unless `force`). */
  navigate(target: string | Route, force = false): void {
    const hash = typeof target === 'string' ? target : routeHash(target);
    if (hash === this.hash) return;
    if (!force && this.editorDirty()) {
      this.leaveTo = hash;
      return;
    }
    this.hash = hash;
    if (location.hash !== hash) location.hash = hash;
    this.applyHash(hash);
  }

  private followHash(): void {
    const hash = location.hash || '#flows';
    if (hash === this.hash) return;
    if (this.editorDirty()) {
      // Put the address back while the user decides (no new history entry).
      history.replaceState(null, '', this.hash);
      this.leaveTo = hash;
      return;
    }
    this.hash = hash;
    this.applyHash(hash);
  }

  private applyHash(hash: string): void {
    const before = this.route;
    this.route = parseRoute(hash);
    if (this.route.view === 'flows' && this.answersStale) this.refreshSoon();
    this.leaveTo = undefined;
    if (!hash.startsWith('#flow/new') && !hash.startsWith('#rule/new')) this.drafts.clear();
    // A new view: focus its heading, as a page change would (screen readers hear where they are,
    // and keyboard users do not lose their place in a view that was removed).
    if (before.view !== this.route.view || routeHash(before) !== hash) {
      void this.updateComplete.then(() => this.querySelector<HTMLElement>('[data-view-heading]')?.focus());
    }
  }

  private editorDirty(): boolean {
    const editor = this.querySelector<Dirtyable>('tact-flow-editor, tact-rule-editor');
    try {
      return Boolean(editor?.dirty);
    } catch {
      return false;
    }
  }

  private confirmLeave(leave: boolean): void {
    const target = this.leaveTo;
    this.leaveTo = undefined;
    if (leave && target) this.navigate(target, true);
  }

  /** Shows a message with an optional Undo button for ten seconds (longer while it has focus). */
  showToast(request: ToastRequest): void {
    this.toast = request;
    this.armToast();
    if (request.undo) void this.updateComplete.then(() => this.querySelector<HTMLElement>('#ws-undo')?.focus());
  }

  private armToast(): void {
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => (this.toast = undefined), TOAST_MS);
  }

  private async undo(): Promise<void> {
    const toast = this.toast;
    this.toast = undefined;
    clearTimeout(this.toastTimer);
    if (!toast?.undo) return;
    try {
      await toast.undo();
      await this.load();
      this.showToast({ message: t('wsUndone') });
    } catch (error) {
      this.error = failureText(error);
    }
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('leaveTo')) {
      const dialog = this.querySelector<HTMLDialogElement>('#ws-leave');
      if (this.leaveTo && dialog && !dialog.open) dialog.showModal();
      if (!this.leaveTo && dialog?.open) dialog.close();
    }
  }

  override render() {
    const section = routeSection(this.route);
    const link = (id: 'flows' | 'results' | 'settings' | 'welcome', label: string) =>
      html`<a href="#${id}" id="nav-${id}" aria-current=${section === id ? 'page' : nothing}>${label}</a>`;
    return html`<main class="app">
      <header class="topbar">
        <img class="logo" src="icons/icon-48.png" alt="" />
        <h1>${t('optionsTitle')}</h1>
        <nav class="ws-nav" aria-label=${t('wsNavLabel')}>
          ${link('flows', t('wsNavFlows'))} ${link('results', t('wsNavResults'))}
          ${link('settings', t('wsNavSettings'))} ${link('welcome', t('wsNavWelcome'))}
        </nav>
        <span class="spacer"></span>
        <button type="button" class="refresh" @click=${() => this.load()} ?disabled=${this.loading}>
          ${t('optionsRefresh')}
        </button>
      </header>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div
        @tact-changed=${(e: CustomEvent<{ flow?: Flow; rule?: Rule }>) => void this.changed(e)}
        @tact-close=${() => this.navigate('#flows', true)}
        @tact-toast=${(e: CustomEvent<ToastRequest>) => this.showToast(e.detail)}
        @tact-navigate=${(e: CustomEvent<string>) => this.navigate(e.detail)}
      >
        ${this.workspace ? this.renderRoute(this.workspace) : this.loading ? html`<p class="muted">${t('optionsLoading')}</p>` : nothing}
      </div>
      ${this.renderToast()}
      <dialog id="ws-leave" aria-labelledby="ws-leave-h" @close=${() => this.confirmLeave(false)}>
        <h2 id="ws-leave-h">${t('wsLeaveTitle')}</h2>
        <p>${t('wsLeaveText')}</p>
        <div class="ws-actions">
          <button type="button" id="ws-leave-stay" class="primary" @click=${() => this.confirmLeave(false)}>
            ${t('wsLeaveStay')}
          </button>
          <button type="button" id="ws-leave-go" @click=${() => this.confirmLeave(true)}>${t('wsLeaveGo')}</button>
        </div>
      </dialog>
    </main>`;
  }

  private async changed(e: CustomEvent<{ flow?: Flow; rule?: Rule }>): Promise<void> {
    e.stopPropagation();
    const view = this.route.view;
    const saved = e.detail?.flow ?? e.detail?.rule;
    await this.load();
    // A new flow or rule, once saved, gets its own address (and is no longer new). Switched after
    // the reload, so the stored item is there and the same editor element stays on the page.
    if (saved && (view === 'flow-new' || view === 'rule-new') && this.route.view === view) {
      this.drafts.clear();
      const hash = routeHash(view === 'flow-new' ? { view: 'flow', id: saved.id } : { view: 'rule', id: saved.id });
      this.hash = hash;
      history.replaceState(null, '', hash);
      this.route = parseRoute(hash);
    }
  }

  /** One call site per editor, so switching between "new" and "stored" keeps the same element. */
  private flowEditor(flow: Flow, isNew: boolean) {
    return html`<tact-flow-editor .flow=${flow} .isNew=${isNew}></tact-flow-editor>`;
  }

  private ruleEditor(rule: Rule, isNew: boolean, ws: Workspace) {
    return html`<tact-rule-editor .rule=${rule} .isNew=${isNew} .workspace=${ws}></tact-rule-editor>`;
  }

  private renderRoute(ws: Workspace) {
    const r = this.route;
    switch (r.view) {
      case 'flows':
        return html`<tact-workspace-lists .workspace=${ws}></tact-workspace-lists>${this.renderAnswers(ws)}`;
      case 'results': {
        const flow = r.flowId ? ws.flows.find((f) => f.id === r.flowId) : undefined;
        return html`<tact-flow-results .flowId=${r.flowId ?? ''} .flows=${ws.flows}></tact-flow-results>
          <tact-ab-test-results .flowId=${r.flowId ?? ''} .flows=${ws.flows}></tact-ab-test-results>
          ${flow ? html`<tact-answer-learning .flow=${flow}></tact-answer-learning>` : nothing}`;
      }
      case 'welcome':
        return html`<tact-welcome></tact-welcome>`;
      case 'settings':
        return html`<tact-workspace-settings
          @tact-changed=${(e: Event) => {
            e.stopPropagation();
            void this.load();
          }}
        ></tact-workspace-settings>`;
      case 'flow': {
        const flow = ws.flows.find((f) => f.id === r.id);
        if (!flow) return this.notFound(t('wsFlowNotFound', r.id));
        return this.flowEditor(flow, false);
      }
      case 'flow-new': {
        const template = templateById(r.template);
        if (!template) return this.notFound(t('wsTemplateNotFound', r.template));
        let flow = this.drafts.get(this.hash) as Flow | undefined;
        if (!flow) {
          flow = flowFromTemplate(template, new Set(ws.flows.map((f) => f.id)), uiLanguage());
          this.drafts.set(this.hash, flow);
        }
        return this.flowEditor(flow, true);
      }
      case 'rule': {
        const rule = ws.rules.find((x) => x.id === r.id);
        if (!rule) return this.notFound(t('wsRuleNotFound', r.id));
        return this.ruleEditor(rule, false, ws);
      }
      case 'rule-new': {
        const flowId = ws.flows.some((f) => f.id === r.flowId) ? r.flowId : ws.flows[0]?.id;
        if (!flowId) return this.notFound(t('wsNoFlowForRule'));
        let rule = this.drafts.get(this.hash) as Rule | undefined;
        if (!rule) {
          rule = newRuleFor(
            flowId,
            new Set(ws.rules.map((x) => x.id)),
            t('wsNewRuleName', ws.flows.find((f) => f.id === flowId)?.name ?? flowId),
          );
          this.drafts.set(this.hash, rule);
        }
        return this.ruleEditor(rule, true, ws);
      }
    }
  }

  private notFound(message: string) {
    return html`<section class="card">
      <h2 tabindex="-1" data-view-heading>${t('wsNotFoundTitle')}</h2>
      <p>${message}</p>
      <p><a href="#flows">${t('wsBackToLists')}</a></p>
    </section>`;
  }

  private renderToast() {
    const toast = this.toast;
    return html`<div class="ws-toast-region" role="status" aria-live="polite">
      ${
        toast
          ? html`<div
              class="ws-toast"
              @focusin=${() => clearTimeout(this.toastTimer)}
              @focusout=${() => this.armToast()}
            >
              <span id="ws-toast-text">${toast.message}</span>
              ${toast.undo ? html`<button type="button" id="ws-undo" class="primary" @click=${() => this.undo()}>${t('wsUndo')}</button>` : nothing}
              <button
                type="button"
                class="ws-toast-close"
                aria-label=${t('wsToastClose')}
                @click=${() => (this.toast = undefined)}
              >
                ×
              </button>
            </div>`
          : nothing
      }
    </div>`;
  }

  private renderAnswers(ws: Workspace) {
    const flowsById = new Map(ws.flows.map((f) => [f.id, f]));
    return html`<section class="card" id="answers" aria-labelledby="answers-h">
      <h2 id="answers-h">${t('optionsAnswers')} <span class="muted">(${formatNumber(ws.answers.length)})</span></h2>
      ${
        ws.answers.length === 0
          ? html`<p class="empty">${t('optionsNoAnswers')}</p>`
          : html`<table>
              <thead>
                <tr>
                  <th>${t('optionsColWhen')}</th>
                  <th>${t('optionsColPage')}</th>
                  <th>${t('optionsColFlow')}</th>
                  <th>${t('optionsColQuestion')}</th>
                  <th>${t('optionsColAnswer')}</th>
                </tr>
              </thead>
              <tbody>
                ${ws.answers.map((e) => this.answerRow(e, flowsById))}
              </tbody>
            </table>`
      }
      <p class="muted">${plural('optionsEventCount', ws.eventCount)}</p>
    </section>`;
  }

  private answerRow(e: TactEvent, flows: Map<string, Flow>) {
    const flow = flows.get(e.flowId);
    const node = e.nodeId ? flow?.nodes[e.nodeId] : undefined;
    const when = formatDateTime(e.at);
    return html`<tr class="answer" data-flow=${e.flowId} data-reply=${e.replyId ?? ''}>
      <td>${when}</td>
      <td>${readableHost(e.origin)}${readableEscapes(e.path)}</td>
      <td>${flow?.name ?? e.flowId}</td>
      <td>${nodeText(node, uiLanguage(), flow?.defaultLocale) || e.nodeId || ''}</td>
      <td>
        <strong>${e.label ?? e.replyId}</strong
        >${e.preview ? html` <span class="badge off">${t('overlayPreview')}</span>` : nothing}
      </td>
    </tr>`;
  }
}
