/**
 * Import and export of flow packs on the options page: a file picker and a drop zone for import
 * (the background checks the whole pack and writes it in one transaction, or refuses it with a
 * message naming the field, changing nothing), **Undo the import** until the next one (an import
 * replaces the flows, rules and segments with the same ids) or until it is refused for good (what
 * the import wrote was changed since), and a button that saves everything
 * as one file.
 */
import { offerDownload } from './offer-download.ts';
import { LitElement, html, nothing } from 'lit';
import { send, TactError, type PackCounts, type PackUndo } from '../shared/protocol.ts';
import { formatList, plural, t } from '../shared/i18n.ts';
import { MAX_PACK_CHARS } from '../core/flows/flow-pack.ts';
import { failureText } from '../shared/failure-text.ts';

/** "1 flow, 2 rules and 0 segments", in the UI language. */
const counted = (n: PackCounts): string =>
  formatList([plural('countFlows', n.flows), plural('countRules', n.rules), plural('countSegments', n.segments)]);

/** How many replaced items the status line names before "and N more". */
const NAMED_REPLACED = 5;

/**
 * What an import replaced, by name (“Exit question”, “Leaving the checkout” and 2 more), so the
 * marketer sees what Undo would bring back; empty when it only added.
 */
function replacedText(undo: PackUndo): string {
  const { flows, rules, segments } = undo.replaced;
  const names = [...flows, ...rules, ...segments].map((item) => t('quotedName', item.name));
  if (names.length === 0) return '';
  const shown = names.length > NAMED_REPLACED + 1 ? names.slice(0, NAMED_REPLACED) : names;
  if (shown.length < names.length) shown.push(t('andMore', String(names.length - shown.length)));
  return t('packReplaced', formatList(shown));
}

/**
 * Whether a refused undo of an import stays refused: something the import wrote was changed or
 * deleted since, and undoing it would lose that change. A refusal because a rule made since uses
 * what the import added can pass (delete that rule, then Undo), as can a failure of the browser's.
 */
function undoStaysRefused(error: unknown): boolean {
  return (
    error instanceof TactError &&
    error.reason?.code === 'req-import-not-undone' &&
    (error.problems ?? []).some((p) => p.reason?.code === 'req-import-changed-since')
  );
}

export class TactPackTransfer extends LitElement {
  static override properties = {
    status: { state: true },
    error: { state: true },
    dragging: { state: true },
    busy: { state: true },
    undo: { state: true },
  };
  declare status: string;
  declare error: string;
  declare dragging: boolean;
  declare busy: boolean;
  /** What the last import changed, to take it back; gone once undone or on the next import. */
  declare undo: PackUndo | undefined;

  constructor() {
    super();
    this.status = '';
    this.error = '';
    this.dragging = false;
    this.busy = false;
    this.undo = undefined;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private async importFile(file: File | undefined): Promise<void> {
    if (!file) return;
    this.status = '';
    this.error = '';
    this.undo = undefined;
    if (file.size > MAX_PACK_CHARS * 2) {
      this.error = t('packTooLarge', file.name);
      return;
    }
    this.busy = true;
    try {
      const text = await file.text();
      const result = await send('pack/import', { pack: text });
      this.status = [t('packImported', file.name, counted(result)), replacedText(result.undo)].join(' ').trim();
      this.undo = result.undo;
      this.dispatchEvent(new CustomEvent('tact-changed', { bubbles: true }));
    } catch (error) {
      this.error = failureText(error);
    } finally {
      this.busy = false;
    }
  }

  private async undoImport(): Promise<void> {
    const undo = this.undo;
    if (!undo || this.busy) return;
    this.error = '';
    this.busy = true;
    try {
      const result = await send('pack/undo', undo);
      this.undo = undefined;
      this.status = t('packUndone', counted(result));
      this.dispatchEvent(new CustomEvent('tact-changed', { bubbles: true }));
      // The focused Undo button is gone: focus goes back to the file picker (enabled again), not to
      // the page's top.
      this.busy = false;
      await this.updateComplete;
      this.querySelector<HTMLInputElement>('#pack-file')?.focus();
    } catch (error) {
      this.error = failureText(error);
      if (!undoStaysRefused(error)) return;
      // Pressing Undo again would only be refused again: it is no longer offered, and the focus
      // that was on it goes to the message saying why and what to do (the alert is read out), not
      // to the page's top; Tab goes on from there.
      this.undo = undefined;
      this.busy = false;
      await this.updateComplete;
      this.querySelector<HTMLElement>('#pack-error')?.focus();
    } finally {
      this.busy = false;
    }
  }

  private async exportPack(): Promise<void> {
    this.error = '';
    try {
      const pack = await send('pack/export', null);
      offerDownload(
        `tact-flows-${new Date().toISOString().slice(0, 10)}.json`,
        'application/json',
        JSON.stringify(pack, null, 2),
      );
      this.status = t(
        'packExported',
        formatList([plural('countFlows', pack.flows.length), plural('countRules', pack.rules.length)]),
      );
    } catch (error) {
      this.error = failureText(error);
    }
  }

  override render() {
    return html`<section class="card" id="packs" aria-labelledby="packs-h">
      <h2 id="packs-h">${t('packTitle')}</h2>
      <div
        class="dropzone ${this.dragging ? 'dragging' : ''}"
        @dragover=${(e: DragEvent) => {
          e.preventDefault();
          this.dragging = true;
        }}
        @dragleave=${() => (this.dragging = false)}
        @drop=${(e: DragEvent) => {
          e.preventDefault();
          this.dragging = false;
          void this.importFile(e.dataTransfer?.files[0]);
        }}
      >
        <label class="file-button">
          <input
            id="pack-file"
            type="file"
            accept="application/json,.json"
            ?disabled=${this.busy}
            @change=${(e: Event) => this.importFile((e.target as HTMLInputElement).files?.[0])}
          />
          <span>${t('packChoose')}</span>
        </label>
        <span class="muted">${t('packDrop')}</span>
        <span class="spacer"></span>
        <button type="button" id="pack-export" @click=${() => this.exportPack()}>${t('packExport')}</button>
      </div>
      <div aria-live="polite">
        ${
          this.status
            ? html`<p class="ok" id="pack-status">
                ${this.status}
                ${
                  this.undo
                    ? // aria-disabled, not disabled, while it works: a disabled button loses the
                      // keyboard's focus (to the page's top), and an undo refused for a reason that
                      // can pass leaves the person on it.
                      html`<button
                        type="button"
                        id="pack-undo"
                        aria-disabled=${this.busy ? 'true' : 'false'}
                        @click=${() => this.undoImport()}
                      >
                        ${t('packUndo')}
                      </button>`
                    : nothing
                }
              </p>`
            : nothing
        }
        ${this.error ? html`<pre class="error" id="pack-error" role="alert" tabindex="-1">${this.error}</pre>` : nothing}
      </div>
    </section>`;
  }
}
