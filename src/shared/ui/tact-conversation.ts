/**
 * The conversation the visitor sees: persona header, transcript, and the controls of the current
 * step (quick replies, quiz options, a typed answer, a rating, one field of a form with its
 * progress, or an action button). Runs in the overlay frame (an extension page), so LitElement
 * works normally and nothing here is visible to the host page. All text is rendered through Lit
 * bindings, which escape it: flow texts, variables and answers can never become markup.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { LightElement, type ChangedProperties } from './light-element.ts';
import { send, TactError, type ConversationView, type ToBackground, type WhyReasons } from '../protocol.ts';
import { colon, pageWords, t, uiLanguage, type Words } from '../i18n.ts';
import { ext } from '../browser-api.ts';
import { PANEL_WIDTH, wantedPanelHeight } from '../overlay-box.ts';
import type { WhyView } from '../why-view.ts';
import type { StepView } from '../../core/flows/flow-runner.ts';

/** Longest typing pause before a bot message, in ms. */
const MAX_TYPING_MS = 1200;

/**
 * What the conversation talks to. In the overlay frame it is the background (`backgroundDriver`):
 * every step is run and stored there. The flow editor's live preview gives a local driver instead
 * (the pure runner in the options page: no background, nothing recorded). A refused typed answer
 * rejects with a `TactError` whose message is `invalid:<code>`, as the background's does.
 */
export interface ConversationDriver {
  attach(): Promise<ConversationView>;
  reply(nodeId: string, replyId: string): Promise<ConversationView>;
  answer(nodeId: string, text: string): Promise<ConversationView>;
  act(nodeId: string): Promise<ConversationView>;
  /** The visitor opened a pill (counted once as "opened" in results). */
  open(): Promise<unknown>;
  why(): Promise<WhyView>;
  resize(width: number, height: number): Promise<unknown>;
  close(reason: ToBackground['overlay/close']['req']['reason']): Promise<unknown>;
  /** Keys are heard on the whole document (the overlay frame) or only inside the element (a preview in a page). */
  readonly keyScope: 'document' | 'element';
  /**
   * The panel's own words (buttons, labels, its messages) in the conversation's language. Absent:
   * the page's, as in the overlay frame, whose page loads the conversation's language before it
   * renders; the editor's preview lives in the options page and brings its own.
   */
  readonly words?: Words;
}

/**
 * The "why" worded in the frame's language by `reason-formatter.js` (src/overlay/reason-formatter.ts),
 * an extension file of its own imported on the first "why": the overlay's bundles stay within their
 * size budget.
 */
async function wordWhyInFrame(why: WhyReasons): Promise<WhyView> {
  const module = (await import(ext.runtime.getURL('reason-formatter.js'))) as Pick<
    typeof import('../../core/rules/reason-words.ts'),
    'sayReason'
  > &
    Pick<typeof import('../why-view.ts'), 'wordWhy'>;
  const words = { lang: uiLanguage(), t };
  return module.wordWhy(why, (r) => module.sayReason(r, words), t);
}

/** The frame's first `overlay/attach`, sent before the element exists (see attachFrame). */
let frameAttach: Promise<ConversationView> | undefined;

/**
 * Attaches the overlay frame to its conversation (the id in the frame's URL) and returns the view,
 * which says the conversation's language. The frame's module calls it at once, so the round trip
 * runs while the messages load; the element's own first `attach` then gets this same answer
 * instead of asking again.
 */
export function attachFrame(): Promise<ConversationView> {
  return (frameAttach ??= send('overlay/attach', { conversationId: decodeURIComponent(location.hash.slice(1)) }, true));
}

/**
 * The overlay frame's driver: the conversation whose id is in the frame's URL, run by the
 * background. Everything it asks is sent once more when its answer was lost (`Repeatable`).
 */
function backgroundDriver(conversationId: string): ConversationDriver {
  // The transcript lines of the last view, sent with each step: which step it answers (protocol.ts).
  let lines = 0;
  const seen = (view: ConversationView) => ((lines = view.transcript.length), view);
  return {
    attach: () => {
      const early = frameAttach;
      frameAttach = undefined;
      return (early ?? send('overlay/attach', { conversationId }, true)).then(seen);
    },
    reply: (nodeId, replyId) => send('overlay/reply', { conversationId, nodeId, lines, replyId }, true).then(seen),
    answer: (nodeId, text) => send('overlay/answer', { conversationId, nodeId, lines, text }, true).then(seen),
    act: (nodeId) => send('overlay/act', { conversationId, nodeId, lines }, true).then(seen),
    open: () => send('overlay/open', { conversationId }, true),
    why: async () => wordWhyInFrame(await send('overlay/why', { conversationId }, true)),
    resize: (width, height) => send('overlay/resize', { conversationId, width, height }, true),
    close: (reason) => send('overlay/close', { conversationId, reason }, true),
    keyScope: 'document',
  };
}

const INVALID_MESSAGES: Record<string, string> = {
  empty: 'overlayInvalidEmpty',
  email: 'overlayInvalidEmail',
  number: 'overlayInvalidNumber',
  range: 'overlayInvalidRange',
  'too-long': 'overlayInvalidTooLong',
};

export class TactConversation extends LightElement {
  declare view: ConversationView | undefined;
  declare pending: boolean;
  declare error: string;
  /** For the pill entry: whether the visitor opened the panel. */
  declare open: boolean;
  /** "Why am I seeing this?", once asked. */
  declare why: WhyView | null;
  /** How many transcript lines are on screen (new bot lines appear after a typing pause). */
  declare shownLines: number;
  declare typing: boolean;
  declare copied: boolean;

  /** Set before the element is connected to run it without the background (the editor's preview). */
  driver: ConversationDriver = backgroundDriver(decodeURIComponent(location.hash.slice(1)));
  private keyTarget: Document | HTMLElement = document;
  private resizeObserver?: ResizeObserver;
  private lastSize = '';
  /** The visitor scrolled the latest line out of sight below, to re-read an earlier one. */
  private readingBack?: boolean;
  /** Set until the next frame, whose scroll events report `showLatestLine`'s scroll (its frame request). */
  private ownScroll?: number;
  private typingTimer = 0;
  private sizeRetry = 0;
  private refocus = false;
  private focusOnOpen = false;
  /** A key went down in the frame and has not come up yet (see `close`). */
  private keyHeld = false;
  private closing = false;

  /** The panel's own words, in the conversation's language (see `ConversationDriver.words`). */
  private get words(): Words {
    return this.driver.words ?? pageWords;
  }

  private t(key: string, ...substitutions: string[]): string {
    return this.words.t(key, ...substitutions);
  }

  private plural(key: string, count: number, ...more: string[]): string {
    return this.words.plural(key, count, ...more);
  }

  private checkList(lines: string[]): TemplateResult {
    return html`<ul>
      ${lines.map((line) => html`<li>${line}</li>`)}
    </ul>`;
  }

  constructor() {
    super();
    this.pending = false;
    this.error = '';
    this.open = false;
    this.why = null;
    this.shownLines = 0;
    this.typing = false;
    this.copied = false;
    // Whether the visitor reads back (`readingBack`): the last scroll left the latest line below
    // what the transcript and the panel show (above the dock, sticky at the panel's bottom).
    // Scroll events do not bubble: heard on their way down.
    // Not Tact's own scroll (`showLatestLine`): its event comes at the next frame, when a resize may
    // have moved the latest line out of sight again (a transcript just scrolling, at its top).
    this.addEventListener(
      'scroll',
      () => {
        if (this.ownScroll) return;
        const log = this.querySelector('.log');
        const bottom = (e?: Element | null) => e?.getBoundingClientRect().bottom ?? 0;
        this.readingBack =
          bottom(log?.lastElementChild) >
          Math.min(
            bottom(log),
            bottom(this.querySelector('.panel')),
            this.querySelector('.dock')?.getBoundingClientRect().top ?? Infinity,
          ) +
            8;
      },
      true,
    );
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => {
      this.showLatestLine(true);
      this.reportSize();
    });
    this.resizeObserver.observe(this);
    this.keyTarget = this.driver.keyScope === 'document' ? document : this;
    this.keyTarget.addEventListener('keydown', this.onKey as EventListener);
    this.keyTarget.addEventListener('keyup', this.onKey as EventListener);
    // Its key-up goes elsewhere once the focus leaves the frame (Tab to the page, another window).
    if (this.keyTarget === document) addEventListener('blur', () => (this.keyHeld = false));
    void this.attach();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.keyTarget.removeEventListener('keydown', this.onKey as EventListener);
    this.keyTarget.removeEventListener('keyup', this.onKey as EventListener);
    clearTimeout(this.typingTimer);
    clearTimeout(this.sizeRetry);
  }

  private openPill(event: Event): void {
    // Opened from the keyboard (Enter or Space on the focused pill): focus goes to the panel's first control.
    this.focusOnOpen = (event.currentTarget as HTMLElement).matches(':focus-visible');
    this.open = true;
    this.driver.open().catch(() => {}); // only a count: the conversation goes on either way
  }

  private async attach(): Promise<void> {
    try {
      const view = await this.driver.attach();
      this.open = view.entry === 'panel' || view.opened === true;
      // Everything said so far is shown at once: the panel itself is the entrance.
      this.shownLines = view.transcript.length;
      this.view = view;
    } catch {
      this.view = undefined; // unknown or foreign conversation: stay invisible
    }
  }

  /** Shows a new view; bot lines after the visitor's answer appear one by one after a typing pause. */
  private present(view: ConversationView): void {
    this.view = view;
    this.revealNext();
  }

  private revealNext(): void {
    clearTimeout(this.typingTimer);
    const view = this.view;
    if (!view) return;
    if (this.shownLines >= view.transcript.length) {
      this.typing = false;
      if (view.closed) this.typingTimer = window.setTimeout(() => void this.close(), 1500);
      return;
    }
    const line = view.transcript[this.shownLines]!;
    const delay =
      line.from === 'bot' && view.persona.typingCps > 0
        ? Math.min(MAX_TYPING_MS, 250 + (line.text.length / view.persona.typingCps) * 1000 * 0.3)
        : 0;
    this.typing = delay > 0;
    this.typingTimer = window.setTimeout(() => {
      this.shownLines++;
      this.revealNext();
    }, delay);
  }

  private onKey = (event: KeyboardEvent): void => {
    this.keyHeld = event.type === 'keydown';
    if (this.keyHeld && event.key === 'Escape' && this.view) {
      event.preventDefault();
      void this.close();
    }
  };

  /** Sends one step to the background; shows field errors in the visitor's language. */
  private async run(request: () => Promise<ConversationView>, event?: Event): Promise<void> {
    if (!this.view || this.pending) return;
    // Keyboard use (a focused control, or a form sent with Enter) keeps the focus on the next control.
    const target = event?.currentTarget as HTMLElement | null | undefined;
    this.refocus = event?.type === 'submit' || (target?.matches(':focus-visible') ?? false);
    this.pending = true;
    this.error = '';
    try {
      this.present(await request());
    } catch (error) {
      const message = error instanceof TactError ? error.message : '';
      this.error = message.startsWith('invalid:') ? this.invalidText(message.slice(8)) : this.t('overlayReplyError');
      if (!message.startsWith('invalid:')) console.warn('[tact] step failed', error);
    } finally {
      this.pending = false;
    }
  }

  /** Why an answer was refused: the step's own message when the flow wrote one, else the built-in one for `code`. */
  private invalidText(code: string): string {
    const step = this.view?.step;
    const own = step?.kind === 'input' ? step.invalidMessage : step?.kind === 'form' ? step.field.invalidMessage : '';
    return own || this.t(INVALID_MESSAGES[code] ?? 'overlayInvalidEmpty');
  }

  private choose(replyId: string, event: Event): Promise<void> {
    const nodeId = this.view!.nodeId;
    return this.run(() => this.driver.reply(nodeId, replyId), event);
  }

  private submitText(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const field = (event.currentTarget as HTMLFormElement).elements.namedItem('answer') as HTMLInputElement;
    const text = field.value;
    if (!text.trim() && field.required) {
      this.error = this.invalidText('empty');
      field.focus();
      return Promise.resolve();
    }
    const nodeId = this.view!.nodeId;
    return this.run(() => this.driver.answer(nodeId, text), event);
  }

  private rate(value: number, event: Event): Promise<void> {
    const nodeId = this.view!.nodeId;
    return this.run(() => this.driver.answer(nodeId, String(value)), event);
  }

  private async useAction(action: Extract<StepView, { kind: 'action' }>['action'], event: Event): Promise<void> {
    if (action.kind === 'copy-code' && action.code) {
      try {
        await navigator.clipboard.writeText(action.code);
        this.copied = true;
      } catch {
        this.copied = false; // the code stays visible to copy by hand
      }
    } else if (action.url) {
      window.open(action.url, '_blank', 'noopener,noreferrer');
    }
    const nodeId = this.view!.nodeId;
    await this.run(() => this.driver.act(nodeId), event);
  }

  private async toggleWhy(): Promise<void> {
    if (this.why) {
      this.why = null;
      return;
    }
    try {
      this.why = await this.driver.why();
    } catch (error) {
      this.error = this.t('overlayReplyError');
      console.warn('[tact] why failed', error);
    }
  }

  private async close(how?: 'snooze' | 'never-here'): Promise<void> {
    if (!this.view || this.closing) return;
    this.closing = true;
    const reason = how ?? (this.view.status === 'active' ? 'dismissed' : 'finished');
    // Closed by a key (Escape, Enter on ×): the frame goes once that key is up. Removed before, its
    // key-up lands on the page, which learns a key was pressed in the overlay (a page closing its own
    // dialog on Escape's key-up closes it too), and a test driver still waiting for the key-up to be
    // handled in the torn-down frame hangs. At most a second: a key-up the window never gets.
    if (this.keyHeld && this.driver.keyScope === 'document')
      await new Promise((done) => {
        this.keyTarget.addEventListener('keyup', done, { once: true });
        setTimeout(done, 1000);
      });
    try {
      await this.driver.close(reason);
    } catch (error) {
      this.closing = false; // still open: × can be pressed again
      console.warn('[tact] close failed', error);
    }
  }

  /**
   * Scrolls the transcript to its latest line, and on a short frame, where the panel scrolls and
   * the transcript does not (overlay.css), the panel to that line, its top in sight: at 320 × 600,
   * with replies on three or four rows, the question had 4-14 px above them. Also on a resize
   * (`onResize`): the frame grows to its new step's size after the render, and past 330 px the
   * transcript becomes the scroller again, at its top: the visitor saw the first question and the
   * replies to a new one they could not see (found sweeping real pages, 1280 × 720 and 375 × 700).
   * But a resize alone (the window resized) leaves a visitor who scrolled up to re-read an earlier
   * line where they are (`readingBack`, as their last scroll left it: after the resize, a
   * transcript at its top could be theirs or one that just became the scroller again).
   */
  private showLatestLine(onResize?: boolean): void {
    const panel = this.querySelector<HTMLElement>('.panel');
    const log = this.querySelector<HTMLElement>('.log');
    const latest = log?.lastElementChild;
    if (!panel || !log || !latest || (onResize && this.readingBack)) return;
    log.scrollTop = log.scrollHeight;
    const seen = panel.getBoundingClientRect();
    const line = latest.getBoundingClientRect();
    // What the panel shows under its header (sticky at its top).
    const top = this.querySelector('.header')!.getBoundingClientRect().bottom;
    // Down until the line's bottom shows above the dock (sticky at the panel's bottom), with an
    // open "why" its first lines too, but never past the line's top (a line taller than that);
    // up when its top went out of sight (a wider window unwrapped the lines above it).
    const down = Math.min(
      line.bottom +
        (this.why ? 56 : 0) -
        Math.min(seen.bottom, this.querySelector('.dock')!.getBoundingClientRect().top),
      line.top - top,
    );
    if (down > 0 || line.top < top) panel.scrollTop += down;
    this.readingBack = false;
    this.ownScroll = requestAnimationFrame(() => (this.ownScroll = 0));
  }

  private reportSize(): void {
    if (!this.view) return;
    const rect = this.getBoundingClientRect();
    // The pill's width with all its label on one line: in a frame narrower than that (a 320 or
    // 375 px wide window, 400 % zoom) the label wraps, and the frame would otherwise keep it so.
    const label = this.querySelector<HTMLElement>('.pill-label');
    // (Its widths with their fractions: rounded, a label 0.4 px too narrow read as whole.)
    let width = PANEL_WIDTH;
    if (label) {
      const wrapped = label.getBoundingClientRect().width;
      label.style.flex = 'none';
      width = Math.ceil(rect.width + label.getBoundingClientRect().width - wrapped);
      label.style.flex = '';
    }
    // The height the panel would like: when the frame is capped (half the page's viewport) the
    // transcript and an open "why" share it and scroll, and on a short one the panel too, so add
    // back what each hides; the content script applies the cap.
    const panel = this.querySelector<HTMLElement>('.panel');
    const height = Math.ceil(
      panel
        ? wantedPanelHeight(panel.getBoundingClientRect().height, panel, panel.querySelectorAll('.log,.why'))
        : rect.height,
    );
    // Ignore changes of a pixel or two: sub-pixel layout (notably in Firefox) would otherwise make
    // the frame and its content resize each other forever.
    const [lastWidth, lastHeight] = this.lastSize.split('x').map(Number);
    if (height === 0) {
      // The overlay frame (another process in Chromium) can render before its viewport size has
      // reached it (0×0), and a hidden frame gets no resize observations, so nothing would report
      // again and the host, waiting for this size, would never show it (bench:overlay saw it in 3
      // of 9 runs once the frame attached earlier): look again shortly until the viewport is there.
      clearTimeout(this.sizeRetry);
      if (innerWidth === 0) this.sizeRetry = window.setTimeout(() => this.reportSize(), 20);
      return;
    }
    if (width === lastWidth && Math.abs(height - (lastHeight ?? 0)) <= 2) return;
    this.lastSize = `${width}x${height}`;
    this.driver.resize(width, height).then(
      () => this.markInteractive(),
      () => {},
    );
  }

  /**
   * A `tact-interactive` performance mark, once: the first size was applied, so the page shows
   * this frame and its controls take input (what `npm run bench:overlay` reads as "interactive").
   */
  private markInteractive(): void {
    if (this.driver.keyScope === 'document' && !performance.getEntriesByName('tact-interactive').length)
      performance.mark('tact-interactive');
  }

  protected override updated(changed: ChangedProperties): void {
    // "Why" shares the transcript's height (overlay.css): opened, it must not hide the latest line.
    if (changed.has('view') || changed.has('open') || changed.has('shownLines') || changed.has('why'))
      this.showLatestLine();
    // After every render, not only a new line: "why" opened or an error shown inside a frame at its
    // height makes the panel or "why" scroll, not grow, so no resize observation would report them.
    this.reportSize();
    if (changed.has('open') && this.open && this.focusOnOpen) {
      this.focusOnOpen = false;
      // The step's first control, else the close button (a selector list would pick the header's first).
      (
        this.querySelector<HTMLElement>('.controls input, .controls button, .done') ??
        this.querySelector<HTMLElement>('.close')
      )?.focus();
    }
    // Keep keyboard users where they were: on the new step's first control, or back in the field
    // when the answer was refused.
    const settled = !!this.view && this.shownLines >= this.view.transcript.length;
    if (
      this.refocus &&
      settled &&
      !this.typing &&
      !this.pending &&
      (changed.has('shownLines') || changed.has('pending'))
    ) {
      this.refocus = false;
      const first = this.error
        ? this.querySelector<HTMLElement>('input[name="answer"]')
        : this.querySelector<HTMLElement>('.controls input, .controls button, .done');
      first?.focus();
    }
  }

  /**
   * The controls of each kind of step (`StepView`, from the node kinds of the flow runner), once:
   * a step kind without an entry here does not compile.
   */
  private readonly controls: {
    [K in StepView['kind']]: (step: Extract<StepView, { kind: K }>, busy: boolean) => TemplateResult | typeof nothing;
  } = {
    choice: (step, busy) =>
      html`<div class="replies">
        ${step.replies.map((r) => html`<button class="reply" type="button" data-reply=${r.id} ?disabled=${busy} @click=${(e: Event) => this.choose(r.id, e)}>${r.label}</button>`)}
      </div>`,
    quiz: (step, busy) =>
      html`<div class="replies quiz" role="group" aria-label=${this.t('overlayQuizOptions')}>
        ${step.options.map((o) => html`<button class="reply option" type="button" data-reply=${o.id} ?disabled=${busy} @click=${(e: Event) => this.choose(o.id, e)}>${o.label}</button>`)}
      </div>`,
    input: (step, busy) =>
      html`<form class="answer" novalidate @submit=${(e: SubmitEvent) => this.submitText(e)}>
        <label class="visually-hidden" for="answer">${this.t('overlayAnswerLabel')}</label>
        <input
          id="answer"
          name="answer"
          required
          autocomplete="off"
          maxlength="500"
          type=${step.input === 'number' ? 'number' : step.input === 'email' ? 'email' : 'text'}
          inputmode=${step.input === 'number' ? 'decimal' : step.input === 'email' ? 'email' : 'text'}
          placeholder=${step.placeholder}
          aria-invalid=${this.error ? 'true' : 'false'}
          aria-describedby="answer-error"
          ?disabled=${busy}
        />
        <button class="primary send" type="submit" ?disabled=${busy}>${this.t('overlaySend')}</button>
      </form>`,
    rating: (step, busy) => {
      const values = step.scale === 'nps' ? Array.from({ length: 11 }, (_, i) => i) : [1, 2, 3, 4, 5];
      return html`<div
        class="rating ${step.scale}"
        role="group"
        aria-label=${this.t(step.scale === 'nps' ? 'overlayNpsLabel' : 'overlayStarsLabel')}
      >
        ${values.map((v) => html`<button class="rate" type="button" data-value=${v} aria-label=${step.scale === 'nps' ? String(v) : this.plural('overlayStars', v)} ?disabled=${busy} @click=${(e: Event) => this.rate(v, e)}>${step.scale === 'nps' ? v : '★'}</button>`)}
        ${step.scale === 'nps' ? html`<div class="scale-ends"><span>${this.t('overlayNpsLow')}</span><span>${this.t('overlayNpsHigh')}</span></div>` : nothing}
      </div>`;
    },
    form: (step, busy) =>
      html`<div class="progress">
          <progress
            max=${step.total}
            .value=${step.index + 1}
            aria-label=${this.t('overlayProgress', String(step.index + 1), String(step.total))}
          ></progress>
          <span class="progress-text" aria-hidden="true"
            >${this.t('overlayProgress', String(step.index + 1), String(step.total))}</span
          >
        </div>
        <form class="answer" novalidate @submit=${(e: SubmitEvent) => this.submitText(e)}>
          <label class="visually-hidden" for="answer">${step.field.label}</label>
          <input
            id="answer"
            name="answer"
            autocomplete="off"
            maxlength="500"
            ?required=${step.field.required}
            data-field=${step.field.id}
            type=${step.field.input === 'number' ? 'number' : step.field.input === 'email' ? 'email' : 'text'}
            placeholder=${step.field.placeholder}
            aria-invalid=${this.error ? 'true' : 'false'}
            aria-describedby="answer-error"
            ?disabled=${busy}
          />
          <button class="primary send" type="submit" ?disabled=${busy}>
            ${step.index + 1 < step.total ? this.t('overlayNext') : this.t('overlaySend')}
          </button>
        </form>`,
    action: (step, busy) =>
      html`<div class="replies action">
        ${step.action.kind === 'copy-code' ? html`<code class="code" aria-label=${this.t('overlayCode')}>${step.action.code}</code>` : nothing}
        <button
          class="primary act"
          type="button"
          ?disabled=${busy}
          @click=${(e: Event) => this.useAction(step.action, e)}
        >
          ${step.action.label}
        </button>
        ${this.copied ? html`<span class="copied" role="status">${this.t('overlayCopied')}</span>` : nothing}
      </div>`,
    none: () => nothing,
  };

  private renderStep(step: StepView): TemplateResult | typeof nothing {
    const controls = this.controls[step.kind] as (step: StepView, busy: boolean) => TemplateResult | typeof nothing;
    return controls(step, this.pending);
  }

  protected override render(): TemplateResult | typeof nothing {
    const view = this.view;
    if (!view) return nothing;
    if (!this.open) {
      // The pill can be dismissed without opening it (its own small close button).
      return html`<div class="pill-row">
        <button class="pill" type="button" @click=${(e: Event) => this.openPill(e)}>
          <span class="avatar" aria-hidden="true">${view.persona.avatar}</span>
          <span class="pill-label">${this.t('overlayPillOpen', view.persona.name)}</span>
        </button>
        <button
          class="icon-button pill-close"
          type="button"
          aria-label=${this.t('overlayPillDismiss', view.persona.name)}
          title=${this.t('overlayClose')}
          @click=${() => this.close()}
        >
          ×
        </button>
      </div>`;
    }
    const finished = view.status !== 'active';
    const settled = this.shownLines >= view.transcript.length;
    // The "via Tact" line: an extension speaks here, not the site, said once, small, and it leads to
    // why. The preview's mark sits on this line, not beside the name: "ПРЕДПРОСМОТР" beside it cut
    // "Сэм из Northwind" to "Сэм из Nort…". (A comment in the template would ship in the bundle.)
    return html`<section
      class="panel"
      role="complementary"
      aria-label=${this.t('overlayConversationLabel', view.persona.name)}
    >
      <div class="header">
        <span class="avatar" aria-hidden="true">${view.persona.avatar}</span>
        <div class="who">
          <strong>${view.persona.name}</strong>
          <span class="who-line">
            <button
              class="link via"
              type="button"
              aria-expanded=${this.why ? 'true' : 'false'}
              aria-controls="why-panel"
              @click=${() => this.toggleWhy()}
            >
              ${this.t('overlayVia')}
            </button>
            ${view.preview ? html`<span class="preview-badge" title=${this.t('overlayPreviewHint')}>${this.t('overlayPreview')}</span>` : nothing}
          </span>
        </div>
        <button
          class="icon-button close"
          type="button"
          aria-label=${this.t('overlayClose')}
          title=${this.t('overlayClose')}
          @click=${() => this.close()}
        >
          ×
        </button>
      </div>
      <div
        class="log"
        role="log"
        aria-live="polite"
        aria-relevant="additions"
        aria-label=${this.t('overlayConversationLabel', view.persona.name)}
        tabindex="0"
      >
        ${view.transcript.slice(0, this.shownLines).map(
          // One line: a bubble keeps white space (pre-wrap), so a line break here would show.
          // prettier-ignore
          (line) => html`<p class="bubble ${line.from === 'bot' ? 'bot' : 'you'}"><span class="visually-hidden">${colon(line.from === 'bot' ? view.persona.name : this.t('overlayYou'), this.words)} </span>${line.text}${line.from === 'bot' && line.image ? html`<img class="bubble-image" src=${line.image.src} alt=${line.image.alt} @load=${() => this.reportSize()} />` : nothing}</p>`,
        )}
        ${this.typing ? html`<p class="bubble bot typing" role="status" aria-label=${this.t('overlayTyping', view.persona.name)}><span></span><span></span><span></span></p>` : nothing}
      </div>
      <p class="error" id="answer-error" role=${this.error ? 'alert' : nothing} ?hidden=${!this.error}>${this.error}</p>
      ${
        this.why
          ? html`<div class="why" id="why-panel">
              <p>${this.why.intro ?? this.t('overlayWhyIntro', this.why.rule, this.why.signal)}</p>
              ${this.checkList(this.why.checks)}
              ${
                this.why.others.length
                  ? html`<details>
                      <summary>${this.t('overlayWhyOthers')}</summary>
                      ${this.checkList(this.why.others)}
                    </details>`
                  : nothing
              }
            </div>`
          : nothing
      }
      <div class="dock">
        <div class="controls">
          ${
            settled
              ? finished
                ? html`<div class="replies">
                    <button class="primary done" type="button" @click=${() => this.close()}>
                      ${this.t('overlayDone')}
                    </button>
                  </div>`
                : this.renderStep(view.step)
              : nothing
          }
        </div>
        <div class="footer">
          <button
            class="link why-toggle"
            type="button"
            aria-expanded=${this.why ? 'true' : 'false'}
            aria-controls="why-panel"
            @click=${() => this.toggleWhy()}
          >
            ${this.t('overlayWhy')}
          </button>
          <button class="link snooze" type="button" @click=${() => this.close('snooze')}>
            ${this.t('overlaySnooze')}
          </button>
          <button class="link never" type="button" @click=${() => this.close('never-here')}>
            ${this.t('overlayNeverHere')}
          </button>
        </div>
      </div>
    </section>`;
  }
}

// Rendered into its own children (light DOM): the frame's document is already isolated, and its
// stylesheet styles them.
LightElement.reactive(TactConversation, ['view', 'pending', 'error', 'open', 'why', 'shownLines', 'typing', 'copied']);
