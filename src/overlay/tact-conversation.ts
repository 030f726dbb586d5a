/**
 * The conversation the visitor sees: persona header, transcript, quick replies. Runs in the
 * overlay frame (an extension page), so LitElement works normally and nothing here is visible to
 * the host page. All text is rendered through Lit bindings, which escape it: flow texts and
 * replies can never become markup.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { send, type ConversationView, type ToBackground } from '../shared/protocol.ts';
import { t } from '../shared/i18n.ts';

/** Panel width in CSS px; the content script caps the frame to the viewport. */
export const PANEL_WIDTH = 360;

export class TactConversation extends LitElement {
  static override properties = {
    view: { state: true },
    pending: { state: true },
    error: { state: true },
    open: { state: true },
    why: { state: true },
  };

  declare view: ConversationView | undefined;
  declare pending: boolean;
  declare error: string;
  /** For the pill entry: whether the visitor opened the panel. */
  declare open: boolean;
  /** "Why am I seeing this?", once asked. */
  declare why: ToBackground['overlay/why']['res'] | null;

  private conversationId = decodeURIComponent(location.hash.slice(1));
  private resizeObserver?: ResizeObserver;
  private lastSize = '';
  private seenLines = 0;

  constructor() {
    super();
    this.pending = false;
    this.error = '';
    this.open = false;
    this.why = null;
  }

  // Light DOM: the frame's document is already isolated, and its stylesheet styles this.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => this.reportSize());
    this.resizeObserver.observe(this);
    document.addEventListener('keydown', this.onKeydown);
    void this.attach();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    document.removeEventListener('keydown', this.onKeydown);
  }

  private async attach(): Promise<void> {
    try {
      this.view = await send('overlay/attach', { conversationId: this.conversationId });
      this.open = this.view.entry === 'panel';
    } catch {
      this.view = undefined; // unknown or foreign conversation: stay invisible
    }
  }

  private onKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && this.view) {
      event.preventDefault();
      void this.close();
    }
  };

  private async choose(replyId: string, event: Event): Promise<void> {
    if (!this.view || this.pending) return;
    const hadFocus = (event.currentTarget as HTMLElement | null)?.matches(':focus-visible') ?? false;
    this.pending = true;
    this.error = '';
    try {
      this.view = await send('overlay/reply', { conversationId: this.conversationId, nodeId: this.view.nodeId, replyId });
    } catch (error) {
      this.error = t('overlayReplyError');
      console.warn('[tact] reply failed', error);
    } finally {
      this.pending = false;
    }
    // Keep keyboard users where they were; a mouse click leaves focus alone.
    if (hadFocus) {
      await this.updateComplete;
      this.querySelector<HTMLElement>('.reply, .primary')?.focus();
    }
  }

  private async submitAnswer(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.view || this.pending) return;
    const field = (event.currentTarget as HTMLFormElement).elements.namedItem('answer') as HTMLInputElement;
    const text = field.value.trim();
    if (!text) {
      this.error = t('overlayAnswerEmpty');
      field.focus();
      return;
    }
    this.pending = true;
    this.error = '';
    try {
      this.view = await send('overlay/answer', { conversationId: this.conversationId, nodeId: this.view.nodeId, text });
    } catch (error) {
      this.error = t('overlayReplyError');
      console.warn('[tact] answer failed', error);
    } finally {
      this.pending = false;
    }
    await this.updateComplete;
    this.querySelector<HTMLElement>('.reply, .primary, input[name="answer"]')?.focus();
  }

  private async toggleWhy(): Promise<void> {
    if (this.why) {
      this.why = null;
      return;
    }
    try {
      this.why = await send('overlay/why', { conversationId: this.conversationId });
    } catch (error) {
      this.error = t('overlayReplyError');
      console.warn('[tact] why failed', error);
    }
  }

  private async close(how?: 'snooze' | 'never-here'): Promise<void> {
    if (!this.view) return;
    const reason = how ?? (this.view.status === 'active' ? 'dismissed' : 'finished');
    try {
      await send('overlay/close', { conversationId: this.conversationId, reason });
    } catch (error) {
      console.warn('[tact] close failed', error);
    }
  }

  private reportSize(): void {
    if (!this.view) return;
    const rect = this.getBoundingClientRect();
    const width = this.open ? PANEL_WIDTH : Math.ceil(rect.width);
    const height = Math.ceil(rect.height);
    const size = `${width}x${height}`;
    if (size === this.lastSize || height === 0) return;
    this.lastSize = size;
    send('overlay/resize', { conversationId: this.conversationId, width, height }).catch(() => {});
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('view') || changed.has('open')) {
      const log = this.querySelector('.log');
      if (log) log.scrollTop = log.scrollHeight;
      this.seenLines = this.view?.transcript.length ?? 0;
      this.reportSize();
    }
  }

  override render() {
    const view = this.view;
    if (!view) return nothing;
    if (!this.open) {
      return html`<button class="pill" type="button" @click=${() => (this.open = true)}>
        <span class="avatar" aria-hidden="true">${view.persona.avatar}</span>
        <span>${t('overlayPillOpen', view.persona.name)}</span>
      </button>`;
    }
    const finished = view.status !== 'active';
    return html`<section class="panel" role="complementary" aria-label=${t('overlayConversationLabel', view.persona.name)}>
      <div class="header">
        <span class="avatar" aria-hidden="true">${view.persona.avatar}</span>
        <div class="who"><strong>${view.persona.name}</strong><span>${view.flowName}</span></div>
        <button class="icon-button close" type="button" aria-label=${t('overlayClose')} title=${t('overlayClose')} @click=${() => this.close()}>×</button>
      </div>
      <ol class="log" role="log" aria-live="polite" aria-relevant="additions">
        ${view.transcript.map(
          (line, i) =>
            html`<li class="bubble ${line.from === 'bot' ? 'bot' : 'you'} ${i >= this.seenLines ? 'new' : ''}"><span class="visually-hidden">${line.from === 'bot' ? view.persona.name : t('overlayYou')}: </span>${line.text}</li>`,
        )}
      </ol>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${view.input
        ? html`<form class="answer" @submit=${(e: SubmitEvent) => this.submitAnswer(e)}>
            <label class="visually-hidden" for="answer">${t('overlayAnswerLabel')}</label>
            <input id="answer" name="answer" type="text" autocomplete="off" maxlength="500" placeholder=${view.input.placeholder} ?disabled=${this.pending}>
            <button class="primary send" type="submit" ?disabled=${this.pending}>${t('overlaySend')}</button>
          </form>`
        : nothing}
      ${this.why
        ? html`<div class="why" id="why-panel">
            <p>${t('overlayWhyIntro', this.why.rule, this.why.signal)}</p>
            <ul>${this.why.checks.map((c) => html`<li>${c.label}: <span class="muted">${c.detail}</span></li>`)}</ul>
          </div>`
        : nothing}
      <div class="replies">
        ${finished
          ? html`<button class="primary done" type="button" @click=${() => this.close()}>${t('overlayDone')}</button>`
          : view.replies.map(
              (r) => html`<button class="reply" type="button" data-reply=${r.id} ?disabled=${this.pending} @click=${(e: Event) => this.choose(r.id, e)}>${r.label}</button>`,
            )}
      </div>
      <div class="footer">
        <button class="link why-toggle" type="button" aria-expanded=${this.why ? 'true' : 'false'} aria-controls="why-panel" @click=${() => this.toggleWhy()}>${t('overlayWhy')}</button>
        <button class="link snooze" type="button" @click=${() => this.close('snooze')}>${t('overlaySnooze')}</button>
        <button class="link never" type="button" @click=${() => this.close('never-here')}>${t('overlayNeverHere')}</button>
      </div>
    </section>`;
  }
}
