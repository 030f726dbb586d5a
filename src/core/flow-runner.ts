/**
 * Runs a flow one step at a time. Pure: it takes the flow and the conversation's state and
 * returns the new state plus the effects to persist (events, tags). The background stores the
 * state after every step, so a conversation survives the background being stopped.
 */
import { MAX_ANSWER_LENGTH, type ChoiceNode, type Flow, type FlowNode, type InputNode } from './model.ts';

/** What the conversation has shown and answered so far. */
export interface ConversationState {
  nodeId: string;
  /** Transcript, oldest first: bot messages and the visitor's chosen replies. */
  transcript: TranscriptLine[];
  status: 'active' | 'completed' | 'dismissed';
}

export type TranscriptLine = { from: 'bot'; nodeId: string; text: string } | { from: 'visitor'; nodeId: string; replyId: string; text: string };

/** Effects of one step, for the background to persist in the same transaction. */
export interface StepEffects {
  answered?: { nodeId: string; replyId: string; label: string };
  tags: string[];
  /** When set, the tags expire after this many days. */
  tagDays?: number;
  /** Visitor attributes set by this step (an input node's `attribute`). */
  attributes?: Record<string, string>;
  completed: boolean;
}

export type StepResult =
  | { ok: true; state: ConversationState; effects: StepEffects }
  | { ok: false; reason: 'not-active' | 'stale-step' | 'unknown-reply' | 'invalid-answer' | 'wrong-kind' | 'broken-flow'; state: ConversationState };

/** The state at the start of a flow. */
export function startConversation(flow: Flow): ConversationState {
  const node = nodeOf(flow, flow.start);
  if (!node) throw new Error(`flow "${flow.id}" has no start node "${flow.start}"`);
  const state: ConversationState = { nodeId: flow.start, transcript: [{ from: 'bot', nodeId: flow.start, text: node.text }], status: 'active' };
  if (node.type === 'end') state.status = 'completed';
  return state;
}

/**
 * Applies the visitor's quick reply. `nodeId` is the step the visitor answered; a reply to a step
 * that is no longer current (a double click, a retry after the background restarted) is refused
 * as `stale-step` and changes nothing, which makes replies idempotent.
 */
export function applyReply(flow: Flow, state: ConversationState, nodeId: string, replyId: string): StepResult {
  const refused = refuse(flow, state, nodeId, 'choice');
  if (refused) return refused;
  const node = flow.nodes[nodeId] as ChoiceNode;
  const reply = node.replies.find((r) => r.id === replyId);
  if (!reply) return { ok: false, reason: 'unknown-reply', state };
  return advance(flow, state, { nodeId, replyId, label: reply.label }, reply.next, reply.tags, reply.tagDays);
}

/**
 * Applies a free-text answer to an input step (same idempotence as `applyReply`). The text is
 * trimmed and must be 1–MAX_ANSWER_LENGTH characters; it is stored as typed, never interpreted.
 */
export function applyAnswer(flow: Flow, state: ConversationState, nodeId: string, text: string): StepResult {
  const refused = refuse(flow, state, nodeId, 'input');
  if (refused) return refused;
  const node = flow.nodes[nodeId] as InputNode;
  const answer = text.trim();
  if (answer.length === 0 || answer.length > MAX_ANSWER_LENGTH) return { ok: false, reason: 'invalid-answer', state };
  const result = advance(flow, state, { nodeId, replyId: 'text', label: answer }, node.next, node.tags, node.tagDays);
  if (result.ok && node.attribute) result.effects.attributes = { [node.attribute]: answer };
  return result;
}

function refuse(flow: Flow, state: ConversationState, nodeId: string, kind: FlowNode['type']): StepResult | null {
  if (state.status !== 'active') return { ok: false, reason: 'not-active', state };
  if (state.nodeId !== nodeId) return { ok: false, reason: 'stale-step', state };
  const node = nodeOf(flow, nodeId);
  if (!node) return { ok: false, reason: 'broken-flow', state };
  if (node.type !== kind) return { ok: false, reason: 'wrong-kind', state };
  return null;
}

function advance(flow: Flow, state: ConversationState, answered: NonNullable<StepEffects['answered']>, nextId: string | undefined, tags: string[] | undefined, tagDays?: number): StepResult {
  const transcript: TranscriptLine[] = [...state.transcript, { from: 'visitor', nodeId: answered.nodeId, replyId: answered.replyId, text: answered.label }];
  const effects: StepEffects = { answered, tags: [...(tags ?? [])], completed: false };
  if (tagDays && effects.tags.length) effects.tagDays = tagDays;
  if (!nextId) {
    effects.completed = true;
    return { ok: true, state: { nodeId: answered.nodeId, transcript, status: 'completed' }, effects };
  }
  const next = nodeOf(flow, nextId);
  if (!next) return { ok: false, reason: 'broken-flow', state };
  transcript.push({ from: 'bot', nodeId: nextId, text: next.text });
  const status = next.type === 'end' ? 'completed' : 'active';
  effects.completed = status === 'completed';
  return { ok: true, state: { nodeId: nextId, transcript, status }, effects };
}

/** A node by id; only the flow's own nodes count (never `constructor`, `__proto__`…). */
export function nodeOf(flow: Flow, id: string): FlowNode | undefined {
  return Object.hasOwn(flow.nodes, id) ? flow.nodes[id] : undefined;
}

/** Marks a conversation dismissed; a finished one stays as it was. */
export function dismiss(state: ConversationState): ConversationState {
  return state.status === 'active' ? { ...state, status: 'dismissed' } : state;
}
