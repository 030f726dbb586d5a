/**
 * The flow editor's JSON view: the draft as text, checked as you type. A syntax error names its
 * line and column; a model error names the field's path and the line of that field in the text.
 * Text that reads as a flow object replaces the draft at once (`tact-json-change`), so the forms,
 * the diagram and the preview follow; the text is rewritten from the draft only when the draft was
 * changed elsewhere.
 *
 * Text that does not read as a flow (a syntax error, or JSON that is no flow object) is not
 * applied: the view says so with `tact-json-state` `{ pending }` (the text and why it is not
 * applied; `null` once the text applies again), so the editor never reports the draft as fine
 * while the marketer's text is not in it, and can give the text back (`.pending`) when the view
 * is shown again.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { positionOfPath, readJson, syntaxErrorText, type JsonRead, type JsonSyntaxError } from './json-locate.ts';
import { validateFlow } from '../core/flows/flow-validation.ts';
import { issueSentence } from '../shared/failure-text.ts';
import type { CheckError } from '../core/validation/checks.ts';
import type { Flow } from '../core/flows/flow-model.ts';
import { plural, t } from '../shared/i18n.ts';

/** The message of a syntax error, in the UI language. */
const syntaxMessage = (e: JsonSyntaxError): string => syntaxErrorText(e, t);

/** Text of the JSON view that is not applied to the draft, and why (in the UI language). */
export interface PendingJson {
  text: string;
  message: string;
}

/** Whether a parsed value has the shape of a flow (an object with a `nodes` object), so it can replace the draft. */
function isFlowShaped(value: unknown): value is Flow {
  const v = value as Record<string, unknown> | null;
  return (
    !!v &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    !!v.nodes &&
    typeof v.nodes === 'object' &&
    !Array.isArray(v.nodes)
  );
}

export class TactFlowJsonView extends LitElement {
  static override properties = {
    flow: { attribute: false },
    pending: { attribute: false },
    text: { state: true },
  };
  declare flow: Flow | undefined;
  /** Text left unapplied the last time the view was shown: shown again instead of the draft. */
  declare pending: PendingJson | undefined;
  declare text: string;
  private emitted: Flow | undefined;
  private read: JsonRead | undefined;

  constructor() {
    super();
    this.text = '';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (!this.read && this.pending) {
      this.text = this.pending.text; // shown again: the marketer's unapplied text, not the draft
    } else if (changed.has('flow') && this.flow && this.flow !== this.emitted) {
      this.text = JSON.stringify(this.flow, null, 2);
      if (this.read) this.report(null); // the draft changed elsewhere and replaced the text
    }
    if (changed.has('text') || !this.read) this.read = readJson(this.text, 'flow');
  }

  private report(pending: PendingJson | null): void {
    this.dispatchEvent(new CustomEvent('tact-json-state', { detail: { pending }, bubbles: true, composed: true }));
  }

  private onInput(e: Event): void {
    this.text = (e.currentTarget as HTMLTextAreaElement).value;
    const read = readJson(this.text, 'flow');
    this.read = read;
    if (!read.ok) {
      this.report({ text: this.text, message: syntaxMessage(read.error) });
      return;
    }
    if (!isFlowShaped(read.value)) {
      this.report({ text: this.text, message: t('editorJsonNotApplied') });
      return;
    }
    this.report(null);
    this.emitted = read.value;
    this.dispatchEvent(
      new CustomEvent('tact-json-change', { detail: { flow: this.emitted }, bubbles: true, composed: true }),
    );
  }

  /** Puts the text back as the draft has it (the unapplied text is dropped). */
  private revert(): void {
    if (!this.flow) return;
    this.text = JSON.stringify(this.flow, null, 2);
    this.emitted = undefined;
    this.report(null);
  }

  /** Puts the caret at the start of `line` and scrolls the text there. */
  private goTo(line: number, column: number): void {
    const area = this.querySelector<HTMLTextAreaElement>('textarea');
    if (!area) return;
    const lines = area.value.split('\n');
    const offset = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
    area.focus();
    area.setSelectionRange(offset, offset);
    const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 18;
    area.scrollTop = Math.max(0, (line - 3) * lineHeight);
  }

  private revertButton() {
    return html`<button type="button" class="small" id="json-revert" @click=${() => this.revert()}>
      ${t('editorJsonRevert')}
    </button>`;
  }

  override render() {
    const read = this.read;
    let status;
    if (read && !read.ok) {
      const e = read.error;
      status = html`<div class="json-status error" role="status" id="json-errors">
        <p class="json-syntax">${syntaxMessage(e)}</p>
        <p>${t('editorJsonKeptDraft')}</p>
        <button type="button" class="small" @click=${() => this.goTo(e.line, e.column)}>
          ${t('editorGoToLine', String(e.line))}
        </button>
        ${this.revertButton()}
      </div>`;
    } else if (read?.ok) {
      const shapeOk = isFlowShaped(read.value);
      const checked = validateFlow(read.value, 'flow');
      const errors: CheckError[] = checked.ok ? [] : checked.errors;
      status = errors.length
        ? html`<div class="json-status error" role="status" id="json-errors">
            ${
              shapeOk
                ? nothing
                : html`<p>${t('editorJsonNotApplied')}</p>
                    ${this.revertButton()}`
            }
            <p>${plural('editorProblems', errors.length)}</p>
            <ul>
              ${errors.map((err) => {
                const at = positionOfPath(read.positions, err.path);
                // "path: message" on one line: a line break in the template would be one in the text.
                // prettier-ignore
                return html`<li class="json-error" data-path=${err.path}>
                  <code>${err.path}</code>: ${issueSentence(err)}${at ? html` <button type="button" class="small link" @click=${() => this.goTo(at.line, at.column)}>${t('editorGoToLine', String(at.line))}</button>` : nothing}
                </li>`;
              })}
            </ul>
          </div>`
        : html`<p class="json-status ok" role="status" id="json-errors">${t('editorJsonValid')}</p>`;
    }
    return html`<div class="json-view">
      <label for="flow-json">${t('editorJsonLabel')}</label>
      <textarea
        id="flow-json"
        class="code"
        spellcheck="false"
        rows="24"
        .value=${this.text}
        aria-describedby="json-errors"
        @input=${(e: Event) => this.onInput(e)}
      ></textarea>
      ${status ?? nothing}
    </div>`;
  }
}
