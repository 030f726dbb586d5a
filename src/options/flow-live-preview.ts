/**
 * The flow editor's live preview: the real overlay component (`tact-conversation`) playing the
 * draft, driven by the pure runner in this page instead of the background. Nothing is stored and
 * no event is recorded; the conversation restarts whenever the flow it is given changes. The
 * component lives in a shadow root with the overlay's own stylesheet, so it looks exactly as it
 * does on a site and the options page's styles do not reach it. The panel's own words (buttons,
 * labels, its messages) speak the conversation's language, as on a site, not the options page's:
 * that language's messages are loaded for the preview alone (`wordsFor`), before it plays.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { Flow } from '../core/flows/flow-model.ts';
import type { ConversationDriver } from '../shared/ui/tact-conversation.ts';
import { uiLanguage, type Words } from '../shared/i18n.ts';
import { wordsFor } from '../shared/ui-language.ts';
import { localDriver, previewLocale, type PreviewEnd } from './local-driver.ts';

export type { PreviewEnd };

export class TactFlowLivePreview extends LitElement {
  static override properties = { flow: { attribute: false }, locale: {}, ended: { state: true } };
  /** A valid flow to play (the editor passes its draft's last valid version). */
  declare flow: Flow | undefined;
  /** The language the preview speaks (the editor's locale tab); the UI language when absent. */
  declare locale: string | undefined;
  declare ended: PreviewEnd | null;
  private run = 0;
  private driver: ConversationDriver | undefined;
  /** The panel's words of each conversation language loaded so far. */
  private readonly words = new Map<string, Words>();

  constructor() {
    super();
    this.ended = null;
  }

  /** Plays the flow again from its start. */
  restart(): void {
    this.run++;
    this.ended = null;
    this.driver = undefined;
    this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('flow') || changed.has('locale')) {
      this.run++;
      this.ended = null;
      this.driver = undefined;
    }
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('ended') && this.ended)
      this.dispatchEvent(
        new CustomEvent('tact-preview-ended', { detail: { reason: this.ended }, bubbles: true, composed: true }),
      );
  }

  override render() {
    const flow = this.flow;
    if (!flow) return html`<link rel="stylesheet" href="overlay.css" />`;
    const run = this.run;
    const lang = this.locale ?? uiLanguage();
    const conversationLang = previewLocale(flow, lang);
    const words = this.words.get(conversationLang);
    if (!words) {
      // Loaded once per language: the preview plays as soon as its words are there.
      void wordsFor(conversationLang).then((loaded) => {
        this.words.set(conversationLang, loaded);
        this.requestUpdate();
      });
      return html`<link rel="stylesheet" href="overlay.css" />`;
    }
    this.driver ??= localDriver(
      flow,
      (reason) => {
        if (run === this.run) this.ended = reason;
      },
      lang,
      words,
    );
    return html`<link rel="stylesheet" href="overlay.css" />
      ${this.ended ? nothing : keyed(run, html`<tact-conversation lang=${words.lang} .driver=${this.driver}></tact-conversation>`)}`;
  }
}
