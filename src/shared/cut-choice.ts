/**
 * A closed <select> cannot wrap: a long flow or rule name ("Trail tips after an article for hikers
 * 2026") or a tab's title shows only its start. Where a select cuts its chosen text, the text is
 * written out whole under it, muted and aria-hidden (the select already gives it to a screen
 * reader); a text that fits is not repeated. Used by the popup (the flow to preview, the picker's
 * rule and flow) and the options page (the flow editor's open tab).
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

/**
 * The width browsers give a closed select's drop-down arrow: about 20 px in Chromium and Firefox;
 * 24 counted, so a text that barely fits is said in full rather than risk a cut one.
 */
const ARROW_PX = 24;

let canvas: HTMLCanvasElement | undefined;

/** Whether `select`, closed, cuts the text of its chosen option (measured with its own font). */
function choiceCut(select: HTMLSelectElement): boolean {
  const text = select.selectedOptions[0]?.text ?? '';
  if (!text) return false;
  const style = getComputedStyle(select);
  const context = (canvas ??= document.createElement('canvas')).getContext('2d');
  if (!context) return true;
  context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - ARROW_PX;
  return context.measureText(text).width > room;
}

/**
 * The whole chosen texts of a Lit element's selects (rendered in its light DOM). `note(id)`, placed
 * in `render()` after the select `#id`, is the line `#<id>-name` with that select's chosen text
 * while the select cuts it, else nothing. The selects are measured after every render, after any
 * `change` in the element (a select it does not bind) and when the window is resized (a select
 * that grows with the page); a note that appears or goes renders the element once more.
 */
export class WholeChoices implements ReactiveController {
  /** The texts cut, by select id, as last measured. */
  private cut = new Map<string, string>();
  /** The ids the last render placed a note for. */
  private readonly placed = new Set<string>();
  private readonly again = (): void => this.host.requestUpdate();

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  note(id: string): TemplateResult | typeof nothing {
    this.placed.add(id);
    const text = this.cut.get(id);
    return text ? html`<p class="whole-choice" id="${id}-name" aria-hidden="true">${text}</p>` : nothing;
  }

  hostConnected(): void {
    this.host.addEventListener('change', this.again);
    addEventListener('resize', this.again);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('change', this.again);
    removeEventListener('resize', this.again);
  }

  hostUpdated(): void {
    const cut = new Map<string, string>();
    for (const id of this.placed) {
      const select = this.host.querySelector<HTMLSelectElement>(`select#${id}`);
      if (select && choiceCut(select)) cut.set(id, select.selectedOptions[0]!.text);
    }
    this.placed.clear();
    const same = cut.size === this.cut.size && [...cut].every(([id, text]) => this.cut.get(id) === text);
    if (same) return;
    this.cut = cut;
    this.host.requestUpdate();
  }
}
