/**
 * The flow editor's live preview: the real overlay component (`tact-conversation`) playing the
 * draft, driven by the pure runner in this page instead of the background. Nothing is stored and
 * no event is recorded; the conversation restarts whenever the flow it is given changes. The
 * component lives in a shadow root with the overlay's own stylesheet, so it looks exactly as it
 * does on a site and the options page's styles do not reach it.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { applyAction, applyAnswer, applyReply, startConversation, stepViewOf, type ConversationState, type RunContext, type StepResult, type StepView } from '../core/flow-runner.ts';
import { trainMatcher, type IntentMatcher } from '../core/intent-matcher.ts';
import type { Flow } from '../core/flow-model.ts';
import { TactError, type ConversationView } from '../shared/protocol.ts';
import { t, uiLanguage } from '../shared/i18n.ts';
import type { ConversationDriver } from '../overlay/tact-conversation.ts';

/** How the local conversation ended, for the editor to say so. */
export type PreviewEnd = 'dismissed' | 'finished' | 'snooze' | 'never-here';

/**
 * A driver running `flow` locally with the pure runner (see `ConversationDriver`). Links to a path
 * of the site ("/shop/") have no site to open here, so their button only moves the flow on.
 */
export function localDriver(flow: Flow, onClose: (reason: PreviewEnd) => void, lang = uiLanguage()): ConversationDriver {
  const matchers = new Map<string, IntentMatcher>();
  const ctx: RunContext = {
    scope: {},
    matchIntent: (text, branches) => {
      const key = JSON.stringify(branches.intents);
      let matcher = matchers.get(key);
      if (!matcher) matchers.set(key, (matcher = trainMatcher(branches.intents)));
      return matcher.match(text).intent;
    },
  };
  let state: ConversationState | undefined;
  const localName = flow.persona.locales?.[lang as 'en' | 'fr' | 'ru']?.name;
  const stepView = (s: ConversationState): StepView => {
    const step = stepViewOf(flow, s, ctx);
    if (step.kind !== 'action' || !step.action.url?.startsWith('/')) return step;
    const { url: _url, ...action } = step.action;
    return { ...step, action };
  };
  const view = (): ConversationView => {
    const s = state!;
    return {
      conversationId: 'preview',
      flowName: flow.name,
      persona: { name: localName ?? flow.persona.name, avatar: flow.persona.avatar, typingCps: flow.persona.typingCps ?? 60 },
      entry: 'panel',
      status: s.status,
      transcript: s.transcript,
      step: stepView(s),
      nodeId: s.nodeId,
      closed: s.closed ?? false,
      preview: true,
    };
  };
  const step = async (run: (s: ConversationState) => StepResult): Promise<ConversationView> => {
    const result = run(state!);
    if (!result.ok) {
      if (result.reason === 'stale-step' || result.reason === 'not-active') return view();
      throw new TactError(result.reason === 'invalid-answer' ? `invalid:${result.message ?? 'empty'}` : result.reason);
    }
    state = result.state;
    return view();
  };
  return {
    attach: async () => {
      state = startConversation(flow, ctx);
      return view();
    },
    reply: (nodeId, replyId) => step((s) => applyReply(flow, s, nodeId, replyId, ctx)),
    answer: (nodeId, text) => step((s) => applyAnswer(flow, s, nodeId, text, ctx)),
    act: (nodeId) => step((s) => applyAction(flow, s, nodeId, ctx)),
    why: async () => ({ signal: t('editorPreviewSignal'), rule: t('editorPreviewRule'), checks: [] }),
    resize: async () => null,
    close: async (reason) => {
      onClose(reason);
      return null;
    },
    keyScope: 'element',
  };
}

export class TactFlowLivePreview extends LitElement {
  static override properties = { flow: { attribute: false }, ended: { state: true } };
  /** A valid flow to play (the editor passes its draft's last valid version). */
  declare flow: Flow | undefined;
  declare ended: PreviewEnd | null;
  private run = 0;
  private driver: ConversationDriver | undefined;

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
    if (changed.has('flow')) {
      this.run++;
      this.ended = null;
      this.driver = undefined;
    }
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('ended') && this.ended) this.dispatchEvent(new CustomEvent('tact-preview-ended', { detail: { reason: this.ended }, bubbles: true, composed: true }));
  }

  override render() {
    const flow = this.flow;
    if (!flow) return html`<link rel="stylesheet" href="overlay.css">`;
    const run = this.run;
    this.driver ??= localDriver(flow, (reason) => {
      if (run === this.run) this.ended = reason;
    });
    return html`<link rel="stylesheet" href="overlay.css">
      ${this.ended ? nothing : keyed(run, html`<tact-conversation .driver=${this.driver}></tact-conversation>`)}`;
  }
}
