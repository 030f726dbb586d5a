/**
 * The flow editor (`<tact-flow-editor>`), shown by the options page for `#flow/<id>` and for a
 * new flow made from a template. It edits a copy of the stored flow (the draft) in forms, in a
 * JSON view, with a diagram of the graph and a live preview in the real overlay component; every
 * change is checked at once by the real validator (`validateFlow`), whose errors appear next to
 * the exact field. Saving goes through `flows/save` (the background validates the whole graph
 * again and says why it refuses).
 *
 * Contract with the page that shows it:
 * - `.flow` (the stored version) and `.isNew` (not saved yet);
 * - `tact-changed` `{ flow }` after a successful save; `tact-close` when the marketer leaves
 *   (Close, or Escape outside a field), after confirming in a dialog if the draft has unsaved
 *   changes; both bubble and are composed;
 * - `dirty`: whether the draft differs from what is stored (the page can ask before navigating);
 *   the browser warns on unload while it is dirty.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { canonicalJson } from '../core/validation/canonical-json.ts';
import {
  addNode,
  copyFlow,
  deleteNode,
  moveItem,
  newNode,
  type NewNodeText,
  referencesTo,
  renameNode,
  restoreNode,
  setField,
  type DeletedNode,
  type FieldPath,
} from './flow-edit.ts';
import { NODE_KINDS, type Flow, type NodeKind } from '../core/flows/flow-model.ts';
import { validateFlow } from '../core/flows/flow-validation.ts';
import { failureText, issueSentence } from '../shared/failure-text.ts';
import type { CheckError } from '../core/validation/checks.ts';
import { send } from '../shared/protocol.ts';
import { pageWords, plural, t, uiLanguage, type Words } from '../shared/i18n.ts';
import { wordsFor } from '../shared/ui-language.ts';
import { errorBlock, fieldId, localeName, textField, type FormContext } from './form-fields.ts';
import { FLOW_LOCALES, type FlowLocale, type LocalizedText } from '../core/flows/localized-text.ts';
import { editorLocaleOf, translationGaps } from '../core/flows/flow-translations.ts';
import { renderNodeFields } from './node-form.ts';
import { renderPersonaForm } from './persona-form.ts';
import { kindLabel } from './flow-diagram.ts';
import type { PreviewEnd, TactFlowLivePreview } from './flow-live-preview.ts';
import type { PendingJson } from './flow-json-view.ts';

type View = 'form' | 'json';

/** A draft node's kind for labels; the draft may be half-typed JSON, so anything else reads "?". */
function kindOf(node: unknown): string {
  const type = (node as { type?: unknown } | null | undefined)?.type;
  return typeof type === 'string' ? type : '?';
}

/** The message of each placeholder text a new node gets (`newNode`). */
const NEW_NODE_TEXT: Record<NewNodeText, string> = {
  text: 'editorNewText',
  reply: 'editorNewReply',
  option: 'editorNewOption',
  field: 'editorNewField',
  button: 'editorNewButton',
};

const isTyping = (el: EventTarget | null) =>
  el instanceof HTMLElement &&
  (el.matches('input, textarea, select, [contenteditable=""], [contenteditable="true"]') || !!el.closest('dialog'));

export class TactFlowEditor extends LitElement {
  static override properties = {
    flow: { attribute: false },
    isNew: { attribute: false },
    draft: { state: true },
    selected: { state: true },
    view: { state: true },
    saving: { state: true },
    saveError: { state: true },
    saveStatus: { state: true },
    lastDeleted: { state: true },
    addKind: { state: true },
    renameError: { state: true },
    previewFlow: { state: true },
    previewEnded: { state: true },
    redraws: { state: true },
    jsonPending: { state: true },
    saveBlocked: { state: true },
    textLocale: { state: true },
  };

  /** The stored version of the flow (never changed by the editor). */
  declare flow: Flow | undefined;
  /** True while the flow has never been saved. */
  declare isNew: boolean;
  declare draft: Flow | undefined;
  declare selected: string;
  declare view: View;
  declare saving: boolean;
  declare saveError: string;
  declare saveStatus: string;
  declare lastDeleted: DeletedNode | null;
  declare addKind: NodeKind;
  declare renameError: string;
  declare previewFlow: Flow | undefined;
  declare previewEnded: PreviewEnd | null;
  declare redraws: number;
  /** JSON text the marketer typed that does not read as a flow, so is not in the draft (see flow-json-view.ts). */
  declare jsonPending: PendingJson | undefined;
  /** Why Save did nothing (the editor's own refusal, before asking the background). */
  declare saveBlocked: string;
  /** The language the forms edit texts in, and the preview speaks (the locale tabs). */
  declare textLocale: FlowLocale;

  /** The stored version, as `canonicalJson`. */
  private baseline = '';
  /** Stored versions our own saves replaced (a late reload bringing one back is stale). */
  private superseded = new Set<string>();
  /** The marketer chose to discard the draft: nothing is left to ask about. */
  private discarded = false;
  private saved: Flow | undefined;
  private errors: CheckError[] = [];
  private errorMap = new Map<string, string[]>();
  private rawJson = new Map<string, { text: string; error: string }>();
  /** The overlay's own words of each locale tab opened so far (the defaults the fields show). */
  private readonly textWords = new Map<FlowLocale, Words>();

  constructor() {
    super();
    this.isNew = false;
    this.selected = '';
    this.view = 'form';
    this.saving = false;
    this.saveError = '';
    this.saveStatus = '';
    this.lastDeleted = null;
    this.addKind = 'message';
    this.renameError = '';
    this.previewEnded = null;
    this.redraws = 0;
    this.saveBlocked = '';
    this.textLocale = 'en';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  /** Whether the draft has changes that are not saved (always true for a new flow). */
  get dirty(): boolean {
    if (!this.draft || this.discarded) return false;
    return this.isNew || !!this.jsonPending || canonicalJson(this.draft) !== this.baseline;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('beforeunload', this.onBeforeUnload);
    document.addEventListener('keydown', this.onKeydown);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('beforeunload', this.onBeforeUnload);
    document.removeEventListener('keydown', this.onKeydown);
  }

  private onBeforeUnload = (event: BeforeUnloadEvent): void => {
    if (!this.dirty) return;
    event.preventDefault(); // asks before leaving in every browser Tact supports (Chrome 119+, Firefox)
  };

  private onKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || event.defaultPrevented || !this.draft) return;
    const target = event.composedPath()[0] ?? null;
    if (isTyping(target) || this.querySelector('dialog[open]')) return;
    event.preventDefault();
    this.requestClose();
  };

  protected override willUpdate(changed: PropertyValues): void {
    const locale = this.textLocale;
    if (changed.has('textLocale') && !this.textWords.has(locale))
      void wordsFor(locale).then((words) => {
        this.textWords.set(locale, words);
        this.requestUpdate();
      });
    if (changed.has('flow') && this.flow && this.flow !== this.saved) {
      const previous = changed.get('flow') as Flow | undefined;
      if (previous?.id !== this.flow.id) this.textLocale = editorLocaleOf(this.flow, uiLanguage());
      this.receive(this.flow, previous);
    }
    if (changed.has('draft') && this.draft) {
      const checked = validateFlow(this.draft, 'flow');
      this.errors = checked.ok ? [] : checked.errors;
      this.errorMap = new Map();
      for (const e of this.errors) this.errorMap.set(e.path, [...(this.errorMap.get(e.path) ?? []), issueSentence(e)]);
      if (checked.ok) {
        this.previewFlow = this.draft;
        this.previewEnded = null;
      }
    }
  }

  /**
   * A stored version arrives (first show, or the page reloaded its data). Another flow resets
   * everything; the same flow never throws away the marketer's unsaved edits: it becomes the new
   * baseline, and replaces the draft only when the draft had no changes. A version older than our
   * own last save (a reload that raced with it) is ignored.
   */
  private receive(flow: Flow, previous: Flow | undefined): void {
    const incoming = canonicalJson(flow);
    const sameFlow = !!this.draft && !!previous && previous.id === flow.id;
    if (sameFlow && this.superseded.has(incoming)) return;
    if (sameFlow && this.dirty && incoming !== canonicalJson(this.draft)) {
      this.baseline = incoming;
      return;
    }
    this.baseline = incoming;
    this.discarded = false;
    if (sameFlow && incoming === canonicalJson(this.draft)) return;
    this.draft = copyFlow(flow);
    this.jsonPending = undefined;
    this.rawJson.clear();
    const nodes = this.draft.nodes ?? {};
    if (!sameFlow || !Object.hasOwn(nodes, this.selected)) {
      this.selected = Object.hasOwn(nodes, this.draft.start) ? this.draft.start : (Object.keys(nodes)[0] ?? '');
    }
    if (!sameFlow) {
      this.lastDeleted = null;
      this.superseded.clear();
      this.saveError = '';
      this.saveStatus = '';
    }
  }

  /** Replaces the draft (every edit goes through here). */
  private change(next: Flow): void {
    this.draft = next;
    this.discarded = false;
    this.saveStatus = '';
  }

  private get ctx(): FormContext {
    return {
      draft: this.draft!,
      errors: this.errorMap,
      set: (path: FieldPath, value: unknown) => this.change(setField(this.draft!, path, value)),
      move: (path: FieldPath, index: number, delta: number) => this.change(moveItem(this.draft!, path, index, delta)),
      rawJson: this.rawJson,
      redraw: () => this.redraws++,
      textLocale: this.textLocale,
      ...(this.textWords.has(this.textLocale) ? { textWords: this.textWords.get(this.textLocale) } : {}),
    };
  }

  /** Leaves the editor, asking first when there are unsaved changes. */
  requestClose(): void {
    if (!this.dirty) {
      this.dispatchEvent(new CustomEvent('tact-close', { bubbles: true, composed: true }));
      return;
    }
    this.querySelector<HTMLDialogElement>('#editor-confirm')?.showModal();
  }

  private discardAndClose(): void {
    this.querySelector<HTMLDialogElement>('#editor-confirm')?.close();
    this.discarded = true;
    this.dispatchEvent(new CustomEvent('tact-close', { bubbles: true, composed: true }));
  }

  private async save(): Promise<void> {
    if (!this.draft || this.saving) return;
    if (this.jsonPending) {
      // Saving the last draft that read would silently drop what the marketer is typing.
      this.saveBlocked = t('editorJsonPendingSave', this.jsonPending.message);
      this.saveStatus = '';
      return;
    }
    this.saveBlocked = '';
    this.saving = true;
    this.saveError = '';
    this.saveStatus = '';
    try {
      const stored = await send('flows/save', { flow: this.draft });
      this.saved = stored;
      this.superseded.add(this.baseline);
      this.baseline = canonicalJson(stored);
      this.superseded.delete(this.baseline);
      this.flow = stored;
      this.isNew = false;
      this.saveStatus = t('editorSaved');
      this.dispatchEvent(new CustomEvent('tact-changed', { detail: { flow: stored }, bubbles: true, composed: true }));
    } catch (error) {
      this.saveError = failureText(error);
    } finally {
      this.saving = false;
    }
  }

  private select(id: string, focus = true): void {
    this.selected = id;
    this.view = 'form';
    this.renameError = '';
    if (!focus) return;
    void this.updateComplete.then(() => {
      const form = this.querySelector<HTMLElement>('#node-form');
      form?.scrollIntoView({ block: 'nearest' });
      form?.querySelector<HTMLElement>('input, textarea, select')?.focus();
    });
  }

  private addNodeOfKind(): void {
    const kind = this.addKind;
    // Its texts in the language being edited, kept under that language (see newNode).
    const locale = this.textLocale;
    const words = this.textWords.get(locale) ?? pageWords;
    const inLocale = (text: string): LocalizedText =>
      locale === (this.draft!.defaultLocale ?? 'en') ? text : { [locale]: text };
    const node = newNode(kind, (what) => words.t(NEW_NODE_TEXT[what]), inLocale);
    const { flow, id } = addNode(this.draft!, kind, node);
    this.change(flow);
    this.select(id);
  }

  private deleteSelected(): void {
    const result = deleteNode(this.draft!, this.selected);
    if (!result) return;
    this.lastDeleted = result.deleted;
    this.change(result.flow);
    this.selected =
      this.draft!.start && Object.hasOwn(this.draft!.nodes, this.draft!.start)
        ? this.draft!.start
        : (Object.keys(this.draft!.nodes)[0] ?? '');
    void this.updateComplete.then(() => this.querySelector<HTMLElement>('#undo-delete')?.focus());
  }

  private undoDelete(): void {
    if (!this.lastDeleted) return;
    const restored = restoreNode(this.draft!, this.lastDeleted);
    if (!restored) {
      this.renameError = t('editorUndoTaken', this.lastDeleted.id);
      return;
    }
    const id = this.lastDeleted.id;
    this.lastDeleted = null;
    this.change(restored);
    this.select(id);
  }

  private rename(e: Event): void {
    const input = e.currentTarget as HTMLInputElement;
    const to = input.value.trim();
    if (to === this.selected) return;
    const renamed = renameNode(this.draft!, this.selected, to);
    if (!renamed) {
      this.renameError = t('editorRenameRefused', to);
      input.value = this.selected;
      return;
    }
    this.renameError = '';
    this.change(renamed);
    this.selected = to;
  }

  private onJson(e: CustomEvent<{ flow: Flow }>): void {
    this.rawJson.clear();
    this.change(e.detail.flow);
    if (!Object.hasOwn(this.draft!.nodes, this.selected)) this.selected = Object.keys(this.draft!.nodes)[0] ?? '';
  }

  private restartPreview(): void {
    this.previewEnded = null;
    this.querySelector<TactFlowLivePreview>('tact-flow-live-preview')?.restart();
  }

  private nodeErrors(): Set<string> {
    const set = new Set<string>();
    for (const e of this.errors) {
      const m = /^flow\.nodes\.([^.[]+)/.exec(e.path);
      if (m) set.add(m[1]!);
    }
    return set;
  }

  override render() {
    const draft = this.draft;
    if (!draft) return html`<p class="muted">${t('optionsLoading')}</p>`;
    const dirty = this.dirty;
    const ids = Object.keys(draft.nodes ?? {});
    const faulty = this.nodeErrors();
    return html`<section class="flow-editor card" aria-labelledby="editor-h">
      <header class="editor-bar">
        <h2 id="editor-h" tabindex="-1" data-view-heading>
          ${t('editorTitle', typeof draft.name === 'string' && draft.name ? draft.name : draft.id)}
        </h2>
        ${dirty ? html`<span class="badge off" id="editor-dirty">${this.isNew ? t('editorNotSavedYet') : t('editorUnsaved')}</span>` : nothing}
        <span class="spacer"></span>
        <span class="ok" role="status" id="editor-save-status">${this.saveStatus}</span>
        <button type="button" class="primary" id="editor-save" ?disabled=${this.saving} @click=${() => this.save()}>
          ${this.saving ? t('editorSaving') : t('editorSave')}
        </button>
        <button type="button" id="editor-close" @click=${() => this.requestClose()}>${t('editorClose')}</button>
      </header>
      ${this.saveBlocked ? html`<p class="error" role="alert" id="editor-save-error">${this.saveBlocked}</p>` : nothing}
      ${
        this.saveError && !this.saveBlocked
          ? html`<pre class="error" role="alert" id="editor-save-error">
${t('editorSaveRefused')}
${this.saveError}</pre>`
          : nothing
      }
      ${this.renderProblems()}
      <div class="editor-grid">
        <div class="editor-main">
          <div class="tabs" role="tablist" aria-label=${t('editorViews')}>
            ${(['form', 'json'] as const).map(
              (v) =>
                html`<button
                  type="button"
                  role="tab"
                  id="tab-${v}"
                  aria-controls="panel-${v}"
                  aria-selected=${this.view === v ? 'true' : 'false'}
                  tabindex=${this.view === v ? '0' : '-1'}
                  @click=${() => (this.view = v)}
                  @keydown=${(e: KeyboardEvent) => {
                    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                      this.view = this.view === 'form' ? 'json' : 'form';
                      void this.updateComplete.then(() =>
                        this.querySelector<HTMLElement>(`#tab-${this.view}`)?.focus(),
                      );
                    }
                  }}
                >
                  ${v === 'form' ? t('editorFormsTab') : t('editorJsonTab')}
                </button>`,
            )}
          </div>
          <div role="tabpanel" id="panel-${this.view}" aria-labelledby="tab-${this.view}">
            ${
              this.view === 'json'
                ? html`<tact-flow-json-view
                    .flow=${draft}
                    .pending=${this.jsonPending}
                    @tact-json-change=${(e: CustomEvent<{ flow: Flow }>) => this.onJson(e)}
                    @tact-json-state=${(e: CustomEvent<{ pending: PendingJson | null }>) => {
                      this.jsonPending = e.detail.pending ?? undefined;
                      if (!this.jsonPending) this.saveBlocked = '';
                    }}
                  ></tact-flow-json-view>`
                : this.renderForms(ids)
            }
          </div>
        </div>
        <aside class="editor-side">
          <section aria-labelledby="diagram-h">
            <h3 id="diagram-h">${t('editorDiagram')}</h3>
            <tact-flow-diagram
              .flow=${draft}
              .selected=${this.selected}
              .faulty=${faulty}
              .locale=${this.textLocale}
              @tact-select-node=${(e: CustomEvent<{ id: string }>) => this.select(e.detail.id)}
            ></tact-flow-diagram>
          </section>
          <section aria-labelledby="preview-h" class="preview-pane">
            <div class="item-head">
              <h3 id="preview-h">${t('editorPreview')}</h3>
              <span class="spacer"></span>
              <button
                type="button"
                class="small"
                id="preview-restart"
                ?disabled=${!this.previewFlow}
                @click=${() => this.restartPreview()}
              >
                ${t('editorRestart')}
              </button>
            </div>
            ${this.previewFlow && this.previewFlow !== draft ? html`<p class="muted" id="preview-stale">${t('editorPreviewStale')}</p>` : nothing}
            ${this.previewFlow ? nothing : html`<p class="muted">${t('editorPreviewNone')}</p>`}
            ${this.previewEnded ? html`<p class="muted" id="preview-ended">${t('editorPreviewEnded')}</p>` : nothing}
            <tact-flow-live-preview
              .flow=${this.previewFlow}
              .locale=${this.textLocale}
              @tact-preview-ended=${(e: CustomEvent<{ reason: PreviewEnd }>) => (this.previewEnded = e.detail.reason)}
            ></tact-flow-live-preview>
            <tact-tab-preview
              .flowId=${draft.id}
              .blockedReason=${dirty ? t('editorTabSaveFirst') : ''}
            ></tact-tab-preview>
          </section>
        </aside>
      </div>
      <dialog id="editor-confirm" aria-labelledby="confirm-h" aria-describedby="confirm-text">
        <h2 id="confirm-h">${t('editorConfirmTitle')}</h2>
        <p id="confirm-text">${t('editorConfirmText')}</p>
        <div class="dialog-buttons">
          <button
            type="button"
            id="confirm-keep"
            autofocus
            @click=${() => this.querySelector<HTMLDialogElement>('#editor-confirm')?.close()}
          >
            ${t('editorKeepEditing')}
          </button>
          <button type="button" class="danger" id="confirm-discard" @click=${() => this.discardAndClose()}>
            ${t('editorDiscard')}
          </button>
        </div>
      </dialog>
    </section>`;
  }

  private renderProblems() {
    // The draft may be fine while the JSON text the marketer is typing is not in it: say that first.
    if (this.jsonPending)
      return html`<div class="error problems" id="editor-problems" role="status">
        <p>${t('editorJsonPending', this.jsonPending.message)}</p>
        ${this.view === 'json' ? nothing : html`<button type="button" class="small" id="editor-to-json" @click=${() => (this.view = 'json')}>${t('editorJsonShow')}</button>`}
      </div>`;
    if (!this.errors.length) return html`<p class="ok editor-valid" id="editor-problems">${t('editorNoProblems')}</p>`;
    return html`<details class="problems" id="editor-problems" open>
      <summary>${plural('editorProblems', this.errors.length)}</summary>
      <ul>
        ${this.errors.slice(0, 30).map((e) => {
          const m = /^flow\.nodes\.([^.[]+)/.exec(e.path);
          const node = m?.[1];
          return html`<li data-path=${e.path}>
            ${
              node && Object.hasOwn(this.draft!.nodes, node)
                ? html`<button type="button" class="link" @click=${() => this.select(node)}>
                    <code>${e.path}</code>
                  </button>`
                : html`<code>${e.path}</code>`
            }:
            ${issueSentence(e)}
          </li>`;
        })}
      </ul>
    </details>`;
  }

  /**
   * The locale tabs: which language the texts are edited in, each with the count of texts written
   * in another language but not in it. Arrow keys, Home and End move between them (one tab stop).
   */
  private renderLocaleTabs() {
    let gaps: Record<FlowLocale, unknown[]>;
    try {
      gaps = translationGaps(this.draft!);
    } catch {
      gaps = { en: [], fr: [], ru: [] }; // a draft the forms cannot show; the JSON tab says why
    }
    const pick = (l: FlowLocale, focus: boolean) => {
      this.textLocale = l;
      if (focus) void this.updateComplete.then(() => this.querySelector<HTMLElement>(`#locale-tab-${l}`)?.focus());
    };
    const onKey = (e: KeyboardEvent) => {
      const i = FLOW_LOCALES.indexOf(this.textLocale);
      const n = FLOW_LOCALES.length;
      const to =
        e.key === 'ArrowRight'
          ? (i + 1) % n
          : e.key === 'ArrowLeft'
            ? (i + n - 1) % n
            : e.key === 'Home'
              ? 0
              : e.key === 'End'
                ? n - 1
                : -1;
      if (to < 0) return;
      e.preventDefault();
      pick(FLOW_LOCALES[to]!, true);
    };
    return html`<div class="locale-bar">
      <span class="label" id="locale-tabs-label">${t('localeTabs')}</span>
      <div class="tabs locale-tabs" role="tablist" aria-labelledby="locale-tabs-label" @keydown=${onKey}>
        ${FLOW_LOCALES.map((l) => {
          const missing = gaps[l].length;
          return html`<button
            type="button"
            role="tab"
            id="locale-tab-${l}"
            data-locale=${l}
            data-missing=${missing}
            aria-selected=${this.textLocale === l ? 'true' : 'false'}
            tabindex=${this.textLocale === l ? '0' : '-1'}
            @click=${() => pick(l, false)}
          >
            ${localeName(l)}
            ${missing ? html`<span class="badge off locale-missing">${plural('localeMissing', missing)}</span>` : html`<span class="badge on locale-missing">${t('localeComplete')}</span>`}
          </button>`;
        })}
      </div>
    </div>`;
  }

  private renderForms(ids: string[]) {
    const draft = this.draft!;
    const ctx = this.ctx;
    const node = Object.hasOwn(draft.nodes ?? {}, this.selected) ? draft.nodes[this.selected] : undefined;
    let fields;
    try {
      fields = node ? renderNodeFields(ctx, this.selected) : nothing;
    } catch {
      fields = html`<p class="field-error">${t('editorNodeOnlyJson')}</p>`;
    }
    let persona;
    try {
      persona = renderPersonaForm(ctx);
    } catch {
      persona = html`<p class="field-error">${t('editorNodeOnlyJson')}</p>`;
    }
    return html`<div class="forms">
      ${this.renderLocaleTabs()}
      <fieldset class="flow-settings">
        <legend>${t('editorFlow')}</legend>
        <div class="field-row">
          ${textField(ctx, ['name'], t('editorFlowName'))}
          ${this.isNew ? textField(ctx, ['id'], t('editorFlowId')) : html`<div class="field"><span class="label">${t('editorFlowId')}</span><code class="value">${draft.id}</code></div>`}
        </div>
        <div class="field">
          <label for="editor-start">${t('editorStart')}</label>
          <select
            id="editor-start"
            aria-invalid=${this.errorMap.has('flow.start') ? 'true' : 'false'}
            aria-describedby=${this.errorMap.has('flow.start') ? `${fieldId(['start'])}-error` : nothing}
            @change=${(e: Event) => this.ctx.set(['start'], (e.currentTarget as HTMLSelectElement).value)}
          >
            ${Object.hasOwn(draft.nodes ?? {}, draft.start) ? nothing : html`<option value="" selected>${t('editorPickOne')}</option>`}
            ${ids.map((id) => html`<option value=${id} ?selected=${id === draft.start}>${id}</option>`)}
          </select>
          ${errorBlock(ctx, ['start'])}
        </div>
        <div class="field">
          <label for="editor-default-locale">${t('localeDefault')}</label>
          <select
            id="editor-default-locale"
            @change=${(e: Event) => this.ctx.set(['defaultLocale'], (e.currentTarget as HTMLSelectElement).value)}
          >
            ${FLOW_LOCALES.map((l) => html`<option value=${l} ?selected=${l === (draft.defaultLocale ?? 'en')}>${localeName(l)}</option>`)}
          </select>
          ${errorBlock(ctx, ['defaultLocale'])}
        </div>
        ${errorBlock(ctx, ['nodes'])}
      </fieldset>
      <details class="persona-details">
        <summary>
          ${t('editorPersona')}${[...this.errorMap.keys()].some((k) => k.startsWith('flow.persona')) ? html` <span class="badge off">${t('editorHasErrors')}</span>` : nothing}
        </summary>
        ${persona}
      </details>
      <fieldset class="node-picker">
        <legend>${t('editorNodes')}</legend>
        <div class="field-row">
          <div class="field">
            <label for="editor-node">${t('editorNodeToEdit')}</label>
            <select
              id="editor-node"
              @change=${(e: Event) => this.select((e.currentTarget as HTMLSelectElement).value, false)}
            >
              ${ids.map((id) => html`<option value=${id} ?selected=${id === this.selected}>${id} (${kindLabel(kindOf(draft.nodes[id]))})${id === draft.start ? ` ${t('editorStartFlag')}` : ''}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="editor-add-kind">${t('editorNewNodeKind')}</label>
            <div class="inline">
              <select
                id="editor-add-kind"
                @change=${(e: Event) => (this.addKind = (e.currentTarget as HTMLSelectElement).value as NodeKind)}
              >
                ${NODE_KINDS.map((k) => html`<option value=${k} ?selected=${k === this.addKind}>${kindLabel(k)}</option>`)}
              </select>
              <button type="button" id="editor-add-node" @click=${() => this.addNodeOfKind()}>
                ${t('editorAddNode')}
              </button>
            </div>
          </div>
        </div>
        ${this.lastDeleted ? html`<p class="undo" role="status">${t('editorDeleted', this.lastDeleted.id)} <button type="button" id="undo-delete" @click=${() => this.undoDelete()}>${t('editorUndo')}</button></p>` : nothing}
      </fieldset>
      ${
        node
          ? html`<fieldset class="node-form" id="node-form" data-node=${this.selected}>
              <legend>${t('editorNodeHeading', this.selected, kindLabel(kindOf(node)))}</legend>
              ${errorBlock(ctx, ['nodes', this.selected])}
              <div class="field-row">
                <div class="field">
                  <label for="editor-node-id">${t('editorNodeId')}</label>
                  <input
                    id="editor-node-id"
                    type="text"
                    .value=${this.selected}
                    aria-describedby=${this.renameError ? 'rename-error' : nothing}
                    @change=${(e: Event) => this.rename(e)}
                  />
                  ${this.renameError ? html`<p class="field-error" id="rename-error">${this.renameError}</p>` : nothing}
                </div>
                <div class="field node-actions">
                  ${this.selected === draft.start ? html`<span class="badge on">${t('editorIsStart')}</span>` : html`<button type="button" id="editor-make-start" @click=${() => this.ctx.set(['start'], this.selected)}>${t('editorMakeStart')}</button>`}
                  <button type="button" class="danger" id="editor-delete-node" @click=${() => this.deleteSelected()}>
                    ${t('editorDeleteNode')}
                  </button>
                </div>
              </div>
              ${this.deleteWarning()} ${fields}
            </fieldset>`
          : html`<p class="empty">${t('editorNoNode')}</p>`
      }
    </div>`;
  }

  private deleteWarning() {
    const refs = referencesTo(this.draft!, this.selected).filter((id) => id !== this.selected);
    return refs.length ? html`<p class="muted">${t('editorReferencedBy', refs.join(', '))}</p>` : nothing;
  }
}
