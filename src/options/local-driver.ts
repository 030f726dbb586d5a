/**
 * A conversation run in the page by the pure runner, for the flow editor's live preview: the same
 * `ConversationDriver` the overlay component talks to, with no background, nothing stored and no
 * event recorded. Free-text branching uses the same intent matcher as the background.
 */
import {
  applyAction,
  applyAnswer,
  applyReply,
  startConversation,
  stepViewOf,
  type ConversationState,
  type RunContext,
  type StepResult,
  type StepView,
} from '../core/flows/flow-runner.ts';
import { trainMatcher, type IntentMatcher } from '../core/language/intent-matcher.ts';
import type { Flow } from '../core/flows/flow-model.ts';
import type { FlowLocale } from '../core/flows/localized-text.ts';
import { conversationLocale, personaAvatar, personaName } from '../core/flows/conversation-locale.ts';
import { TactError, type ConversationView } from '../shared/protocol.ts';
import { pageWords, uiLanguage, type Words } from '../shared/i18n.ts';
import type { ConversationDriver } from '../shared/ui/tact-conversation.ts';

/** How the local conversation ended, for the editor to say so. */
export type PreviewEnd = 'dismissed' | 'finished' | 'snooze' | 'never-here';

/**
 * The language a preview's conversation is in for a visitor whose language is `lang`: the preview
 * language is the visitor's, and the flow's own languages choose the conversation's, as on a page.
 */
export function previewLocale(flow: Flow, lang: string): FlowLocale {
  return conversationLocale(flow, [lang]);
}

/**
 * A driver running `flow` locally with the pure runner (see `ConversationDriver`) for a visitor
 * whose language is `lang`. Links to a path of the site ("/shop/") have no site to open here, so
 * their button only moves the flow on. `words` are the panel's own words in the conversation's
 * language (`previewLocale`); the page's when absent.
 */
export function localDriver(
  flow: Flow,
  onClose: (reason: PreviewEnd) => void,
  lang = uiLanguage(),
  words: Words = pageWords,
): ConversationDriver {
  const matchers = new Map<string, IntentMatcher>();
  const locale = previewLocale(flow, lang);
  const ctx: RunContext = {
    locale,
    scope: {},
    matchIntent: (text, branches) => {
      const key = JSON.stringify(branches.intents);
      let matcher = matchers.get(key);
      if (!matcher) matchers.set(key, (matcher = trainMatcher(branches.intents)));
      return matcher.match(text).intent;
    },
  };
  let state: ConversationState | undefined;
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
      locale,
      persona: {
        name: personaName(flow.persona, locale, flow.defaultLocale),
        avatar: personaAvatar(flow.persona, locale, flow.defaultLocale),
        typingCps: flow.persona.typingCps ?? 60,
      },
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
    open: async () => null,
    why: async () => ({
      signal: words.t('editorPreviewSignal'),
      rule: words.t('editorPreviewRule'),
      checks: [],
      others: [],
    }),
    resize: async () => null,
    close: async (reason) => {
      onClose(reason);
      return null;
    },
    keyScope: 'element',
    words,
  };
}
