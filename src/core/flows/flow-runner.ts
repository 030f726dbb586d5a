/**
 * Runs a flow one step at a time. Pure: it takes the flow, the conversation's state and what the
 * visitor did, and returns the new state plus the effects to persist (events, tags, attributes).
 * The background stores the state after every step, so a conversation survives the background
 * being stopped and continues on another page or tab.
 *
 * Nodes that need no answer (message, condition, result, tag and close actions) are passed
 * through at once, saying their text; the runner stops at the next node that waits for the
 * visitor (choice, quiz, input, rating, form field, link/code/hand-off action) or at the end.
 */
import { checkCondition, type ConditionContext } from '../rules/conditions.ts';
import {
  MAX_ANSWER_LENGTH,
  MAX_NODES,
  type EmojiPolicy,
  type Flow,
  type FlowCondition,
  type FlowNode,
  type InputKind,
  type IntentBranches,
} from './flow-model.ts';
import type { IntentName } from '../signals/signal-kinds.ts';
import { renderTemplate, type TemplateScope } from './templating.ts';
import { resolveText, type LocalizedText } from './localized-text.ts';

/** What the conversation has shown and answered so far. */
export interface ConversationState {
  nodeId: string;
  /** Transcript, oldest first: bot messages and the visitor's answers. */
  transcript: TranscriptLine[];
  status: 'active' | 'completed' | 'dismissed';
  /** Variables set by replies (`set`), readable as `{{vars.x}}`. */
  vars?: Record<string, string>;
  /** Answers by node id (form fields as `node.field`), readable as `{{answers.x}}`. */
  answers?: Record<string, string>;
  /** Quiz points so far. */
  score?: number;
  /** The current field of a form node. */
  fieldIndex?: number;
  /** A close action ended the conversation: the overlay closes itself. */
  closed?: boolean;
}

export type TranscriptLine =
  | { from: 'bot'; nodeId: string; text: string; image?: { src: string; alt: string } }
  | { from: 'visitor'; nodeId: string; replyId: string; text: string };

/** Effects of one step, for the background to persist in the same transaction. */
export interface StepEffects {
  answered?: { nodeId: string; replyId: string; label: string };
  tags: string[];
  /** When set, the tags expire after this many days. */
  tagDays?: number;
  /** Visitor attributes set by this step. */
  attributes?: Record<string, string>;
  completed: boolean;
}

type Refusal = 'not-active' | 'stale-step' | 'unknown-reply' | 'invalid-answer' | 'wrong-kind' | 'broken-flow';

export type StepResult =
  | { ok: true; state: ConversationState; effects: StepEffects }
  | { ok: false; reason: Refusal; state: ConversationState; message?: string };

/** What the runner may read besides the flow and the state; everything optional. */
export interface RunContext {
  /** Visitor attributes and page data for `{{…}}` variables. */
  scope?: TemplateScope;
  /** For condition nodes testing visitor or page conditions. */
  conditions?: ConditionContext;
  /** Page-level intent scores, for condition nodes testing intents. */
  intents?: Partial<Record<IntentName, number>>;
  /**
   * The visitor's language ("fr", or a browser tag such as "fr-CA"): texts written per locale are
   * said in it when the flow has it, else in the flow's `defaultLocale`. What was said stays in the
   * transcript as said.
   */
  locale?: string;
  /** Matches a free-text answer to one of the intents of an input node (null: no good match). */
  matchIntent?: (text: string, branches: IntentBranches) => string | null;
}

/**
 * How many nodes may be passed through without an answer before the flow counts as broken. The
 * validator refuses loops of such nodes, so a valid flow passes each node at most once: one step
 * per node, and one more to finish.
 */
const MAX_AUTO_STEPS = MAX_NODES + 1;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** A node by id; only the flow's own nodes count (never `constructor`, `__proto__`…). */
function nodeOf(flow: Flow, id: string): FlowNode | undefined {
  return Object.hasOwn(flow.nodes, id) ? flow.nodes[id] : undefined;
}

function scopeOf(state: ConversationState, ctx: RunContext): TemplateScope {
  return { ...ctx.scope, answers: state.answers ?? {}, vars: state.vars ?? {}, score: state.score ?? 0 };
}

const EMOJI = /\p{Extended_Pictographic}(\uFE0F|\u200D\p{Extended_Pictographic})*/gu;

/** Applies the persona's emoji policy: none at all, at most one per message, or as written. */
export function withEmojiPolicy(text: string, policy: EmojiPolicy | undefined): string {
  if (!policy || policy === 'friendly') return text;
  let kept = 0;
  return text
    .replace(EMOJI, (e) => (policy === 'sparing' && kept++ === 0 ? e : ''))
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** A flow text in the visitor's locale (see RunContext.locale). */
function inLocale(flow: Flow, ctx: RunContext, text: LocalizedText | undefined): string {
  return resolveText(text, ctx.locale?.split('-')[0], flow.defaultLocale);
}

function say(flow: Flow, state: ConversationState, nodeId: string, text: LocalizedText, ctx: RunContext): void {
  const rendered = withEmojiPolicy(renderTemplate(inLocale(flow, ctx, text), scopeOf(state, ctx)), flow.persona?.emoji);
  if (rendered) state.transcript.push({ from: 'bot', nodeId, text: rendered });
}

/** Enters `nodeId`: says its text, then passes through nodes that need no answer. */
function enter(
  flow: Flow,
  state: ConversationState,
  nodeId: string | undefined,
  ctx: RunContext,
  effects: StepEffects,
): Refusal | null {
  let id = nodeId;
  for (let steps = 0; steps < MAX_AUTO_STEPS; steps++) {
    if (id === undefined) {
      state.status = 'completed';
      return null;
    }
    const node = nodeOf(flow, id);
    if (!node) return 'broken-flow';
    state.nodeId = id;
    switch (node.type) {
      case 'message':
        say(flow, state, id, node.text, ctx);
        if (node.image) {
          const last = state.transcript.at(-1);
          if (last?.from === 'bot' && last.nodeId === id)
            last.image = {
              ...node.image,
              alt: renderTemplate(inLocale(flow, ctx, node.image.alt), scopeOf(state, ctx)),
            };
        }
        id = node.next;
        continue;
      case 'condition':
        id = node.branches.find((b) => b.when.every((w) => flowConditionHolds(w, state, ctx)))?.next ?? node.otherwise;
        continue;
      case 'result': {
        const score = state.score ?? 0;
        const range = [...node.ranges].sort((a, b) => b.min - a.min).find((r) => score >= r.min);
        if (range) say(flow, state, id, range.text, ctx);
        id = node.next;
        continue;
      }
      case 'action':
        if (node.text) say(flow, state, id, node.text, ctx);
        if (node.action.kind === 'tag') {
          effects.tags.push(...node.action.tags);
          if (node.action.days) effects.tagDays = node.action.days;
          id = node.next;
          continue;
        }
        if (node.action.kind === 'close') {
          state.status = 'completed';
          state.closed = true;
          return null;
        }
        return null; // waits for the visitor to use the button
      case 'end':
        say(flow, state, id, node.text, ctx);
        state.status = 'completed';
        return null;
      case 'form':
        say(flow, state, id, node.text, ctx);
        state.fieldIndex = 0;
        if (node.fields[0]) say(flow, state, id, node.fields[0].label, ctx);
        return null;
      default:
        say(flow, state, id, node.text, ctx);
        return null;
    }
  }
  return 'broken-flow';
}

function flowConditionHolds(c: FlowCondition, state: ConversationState, ctx: RunContext): boolean {
  switch (c.kind) {
    case 'variable': {
      const vars = state.vars ?? {};
      const v = Object.hasOwn(vars, c.name) ? vars[c.name] : undefined;
      if (c.op === 'present') return v !== undefined && v !== '';
      if (c.op === 'absent') return v === undefined || v === '';
      if (v === undefined) return false;
      return c.op === 'equals'
        ? v.toLowerCase() === (c.value ?? '').toLowerCase()
        : v.toLowerCase().includes((c.value ?? '').toLowerCase());
    }
    case 'score': {
      const s = state.score ?? 0;
      return (c.min === undefined || s >= c.min) && (c.max === undefined || s <= c.max);
    }
    case 'intent':
      return (ctx.intents?.[c.intent] ?? 0) >= c.atLeast;
    default:
      return ctx.conditions ? checkCondition(c, ctx.conditions).passed : false;
  }
}

function cloneState(state: ConversationState): ConversationState {
  return { ...state, transcript: [...state.transcript], vars: { ...state.vars }, answers: { ...state.answers } };
}

/** The state at the start of a flow (nodes that need no answer already passed through). */
export function startConversation(flow: Flow, ctx: RunContext = {}): ConversationState {
  if (!nodeOf(flow, flow.start)) throw new Error(`flow "${flow.id}" has no start node "${flow.start}"`);
  const state: ConversationState = {
    nodeId: flow.start,
    transcript: [],
    status: 'active',
    vars: {},
    answers: {},
    score: 0,
  };
  const effects: StepEffects = { tags: [], completed: false };
  if (enter(flow, state, flow.start, ctx, effects)) throw new Error(`flow "${flow.id}" is broken at its start`);
  return state;
}

/** Tags that passing through the start of a flow sets (tag actions before the first question). */
export function startEffects(flow: Flow, ctx: RunContext = {}): StepEffects {
  const state: ConversationState = { nodeId: flow.start, transcript: [], status: 'active' };
  const effects: StepEffects = { tags: [], completed: false };
  enter(flow, state, flow.start, ctx, effects);
  effects.completed = state.status === 'completed';
  return effects;
}

function refuse(
  state: ConversationState,
  nodeId: string,
  node: FlowNode | undefined,
  kinds: FlowNode['type'][],
): StepResult | null {
  if (state.status !== 'active') return { ok: false, reason: 'not-active', state };
  if (state.nodeId !== nodeId) return { ok: false, reason: 'stale-step', state };
  if (!node) return { ok: false, reason: 'broken-flow', state };
  if (!kinds.includes(node.type)) return { ok: false, reason: 'wrong-kind', state };
  return null;
}

/** Records the visitor's answer, applies effects, and enters the next node. */
function advance(
  flow: Flow,
  prev: ConversationState,
  answered: NonNullable<StepEffects['answered']>,
  next: string | undefined,
  ctx: RunContext,
  extra: {
    tags?: string[];
    tagDays?: number;
    set?: Record<string, string>;
    attributes?: Record<string, string>;
    say?: LocalizedText;
  } = {},
): StepResult {
  const state = cloneState(prev);
  state.transcript.push({ from: 'visitor', nodeId: answered.nodeId, replyId: answered.replyId, text: answered.label });
  const effects: StepEffects = { answered, tags: [...(extra.tags ?? [])], completed: false };
  if (extra.tagDays && effects.tags.length) effects.tagDays = extra.tagDays;
  if (extra.attributes) effects.attributes = extra.attributes;
  if (extra.set) state.vars = { ...state.vars, ...extra.set };
  if (extra.say) say(flow, state, answered.nodeId, extra.say, ctx);
  delete state.fieldIndex;
  const refused = enter(flow, state, next, ctx, effects);
  if (refused) return { ok: false, reason: refused, state: prev };
  effects.completed = state.status === 'completed';
  return { ok: true, state, effects };
}

/**
 * Applies the visitor's choice of a quick reply (choice node) or a quiz option. A reply to a
 * step that is no longer current (double click, retry after a restart) is refused as
 * `stale-step` and changes nothing, which makes replies idempotent.
 */
export function applyReply(
  flow: Flow,
  state: ConversationState,
  nodeId: string,
  replyId: string,
  ctx: RunContext = {},
): StepResult {
  const node = nodeOf(flow, nodeId);
  const refused = refuse(state, nodeId, node, ['choice', 'quiz']);
  if (refused) return refused;
  if (node!.type === 'choice') {
    const reply = node.replies.find((r) => r.id === replyId);
    if (!reply) return { ok: false, reason: 'unknown-reply', state };
    const label = inLocale(flow, ctx, reply.label);
    const withAnswer = { ...state, answers: { ...state.answers, [nodeId]: label } };
    return keepOnRefusal(
      state,
      advance(flow, withAnswer, { nodeId, replyId, label }, reply.next, ctx, {
        tags: reply.tags,
        tagDays: reply.tagDays,
        set: reply.set,
      }),
    );
  }
  const quiz = node as Extract<FlowNode, { type: 'quiz' }>;
  const option = quiz.options.find((o) => o.id === replyId);
  if (!option) return { ok: false, reason: 'unknown-reply', state };
  const label = inLocale(flow, ctx, option.label);
  const scored = {
    ...state,
    score: (state.score ?? 0) + option.points,
    answers: { ...state.answers, [nodeId]: label },
  };
  const feedback =
    option.correct === undefined ? undefined : option.correct ? quiz.feedback?.correct : quiz.feedback?.wrong;
  return keepOnRefusal(state, advance(flow, scored, { nodeId, replyId, label }, quiz.next, ctx, { say: feedback }));
}

/** A refused step leaves the state exactly as it was given. */
function keepOnRefusal(state: ConversationState, result: StepResult): StepResult {
  return result.ok ? result : { ...result, state };
}

/** Checks a typed value against its kind; returns the cleaned value or a message. */
function checkTyped(
  value: string,
  kind: InputKind,
  opts: { min?: number; max?: number; required?: boolean } = {},
): { ok: true; value: string } | { ok: false; message: string } {
  const v = value.trim();
  if (!v) return opts.required === false ? { ok: true, value: '' } : { ok: false, message: 'empty' };
  if (v.length > MAX_ANSWER_LENGTH) return { ok: false, message: 'too-long' };
  if (kind === 'email' && !EMAIL.test(v)) return { ok: false, message: 'email' };
  if (kind === 'number') {
    const n = Number(v.replace(',', '.'));
    if (!Number.isFinite(n)) return { ok: false, message: 'number' };
    if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max))
      return { ok: false, message: 'range' };
    return { ok: true, value: String(n) };
  }
  return { ok: true, value: v };
}

/**
 * Applies a typed answer: to an input node (checked by its kind; free text may branch on what it
 * means), a rating (the score as a number), or the current field of a form. Same idempotence as
 * `applyReply`. A refused value gives `invalid-answer` with a `message` code (`empty`, `email`,
 * `number`, `range`, `too-long`) for the overlay to explain.
 */
export function applyAnswer(
  flow: Flow,
  state: ConversationState,
  nodeId: string,
  text: string,
  ctx: RunContext = {},
): StepResult {
  const node = nodeOf(flow, nodeId);
  const refused = refuse(state, nodeId, node, ['input', 'rating', 'form']);
  if (refused) return refused;
  const invalid = (message: string): StepResult => ({ ok: false, reason: 'invalid-answer', state, message });

  if (node!.type === 'input') {
    const checked = checkTyped(text, node.input ?? 'text', { min: node.min, max: node.max });
    if (!checked.ok) return invalid(checked.message);
    const answers = { ...state.answers, [nodeId]: checked.value };
    let next = node.next;
    if (node.match) {
      const intent = ctx.matchIntent?.(checked.value, node.match) ?? null;
      next = intent && Object.hasOwn(node.match.next, intent) ? node.match.next[intent] : node.match.fallback;
    }
    return keepOnRefusal(
      state,
      advance(flow, { ...state, answers }, { nodeId, replyId: 'text', label: checked.value }, next, ctx, {
        tags: node.tags,
        tagDays: node.tagDays,
        set: node.set,
        attributes: node.attribute ? { [node.attribute]: checked.value } : undefined,
      }),
    );
  }

  if (node!.type === 'rating') {
    const [lo, hi] = node!.scale === 'nps' ? [0, 10] : [1, 5];
    const n = Number(text);
    if (!Number.isInteger(n) || n < lo || n > hi) return invalid('range');
    const low = node!.lowAtMost !== undefined && node!.lowNext !== undefined && n <= node!.lowAtMost;
    return keepOnRefusal(
      state,
      advance(
        flow,
        { ...state, answers: { ...state.answers, [nodeId]: String(n) } },
        { nodeId, replyId: String(n), label: String(n) },
        low ? node!.lowNext : node!.next,
        ctx,
        {
          attributes: node!.attribute ? { [node!.attribute]: String(n) } : undefined,
        },
      ),
    );
  }

  // A form: one field at a time; each answer is saved as it is given.
  const form = node as Extract<FlowNode, { type: 'form' }>;
  const index = state.fieldIndex ?? 0;
  const field = form.fields[index];
  if (!field) return { ok: false, reason: 'broken-flow', state };
  const checked = checkTyped(text, field.input, { required: field.required });
  if (!checked.ok) return invalid(checked.message);
  const answers = { ...state.answers, [`${nodeId}.${field.id}`]: checked.value };
  const attributes = field.attribute && checked.value ? { [field.attribute]: checked.value } : undefined;
  const answered = { nodeId, replyId: field.id, label: checked.value || '—' };
  const nextField = form.fields[index + 1];
  if (nextField) {
    const s = cloneState({ ...state, answers });
    s.transcript.push({ from: 'visitor', nodeId, replyId: field.id, text: answered.label });
    s.fieldIndex = index + 1;
    say(flow, s, nodeId, nextField.label, ctx);
    return {
      ok: true,
      state: s,
      effects: { answered, tags: [], completed: false, ...(attributes ? { attributes } : {}) },
    };
  }
  return keepOnRefusal(state, advance(flow, { ...state, answers }, answered, form.next, ctx, { attributes }));
}

/** The visitor used an action's button (opened the link, copied the code, was handed off). */
export function applyAction(flow: Flow, state: ConversationState, nodeId: string, ctx: RunContext = {}): StepResult {
  const node = nodeOf(flow, nodeId);
  const refused = refuse(state, nodeId, node, ['action']);
  if (refused) return refused;
  const action = (node as Extract<FlowNode, { type: 'action' }>).action;
  if (action.kind === 'tag' || action.kind === 'close') return { ok: false, reason: 'wrong-kind', state };
  return advance(
    flow,
    state,
    { nodeId, replyId: action.kind, label: inLocale(flow, ctx, action.label) },
    (node as { next?: string }).next,
    ctx,
  );
}

/** Marks a conversation dismissed; a finished one stays as it was. */
export function dismiss(state: ConversationState): ConversationState {
  return state.status === 'active' ? { ...state, status: 'dismissed' } : state;
}

/** What the overlay shows for the current step: which controls, and for forms the progress. */
export type StepView =
  | { kind: 'choice'; replies: { id: string; label: string }[] }
  | { kind: 'quiz'; options: { id: string; label: string }[] }
  | { kind: 'input'; input: InputKind; placeholder: string; min?: number; max?: number }
  | { kind: 'rating'; scale: 'stars' | 'nps' }
  | {
      kind: 'form';
      field: { id: string; label: string; input: InputKind; required: boolean; placeholder: string };
      index: number;
      total: number;
    }
  | {
      kind: 'action';
      action: { kind: 'open-link' | 'copy-code' | 'handoff'; label: string; url?: string; code?: string };
    }
  | { kind: 'none' };

/** The controls for the current step of a conversation. */
export function stepViewOf(flow: Flow | undefined, state: ConversationState, ctx: RunContext = {}): StepView {
  const node = flow ? nodeOf(flow, state.nodeId) : undefined;
  if (!node || state.status !== 'active') return { kind: 'none' };
  const text = (s: LocalizedText | undefined) => renderTemplate(inLocale(flow!, ctx, s), scopeOf(state, ctx));
  switch (node.type) {
    case 'choice':
      return { kind: 'choice', replies: node.replies.map((r) => ({ id: r.id, label: text(r.label) })) };
    case 'quiz':
      return { kind: 'quiz', options: node.options.map((o) => ({ id: o.id, label: text(o.label) })) };
    case 'input':
      return {
        kind: 'input',
        input: node.input ?? 'text',
        placeholder: text(node.placeholder),
        ...(node.min !== undefined ? { min: node.min } : {}),
        ...(node.max !== undefined ? { max: node.max } : {}),
      };
    case 'rating':
      return { kind: 'rating', scale: node.scale };
    case 'form': {
      const index = state.fieldIndex ?? 0;
      const f = node.fields[index];
      if (!f) return { kind: 'none' };
      return {
        kind: 'form',
        field: {
          id: f.id,
          label: text(f.label),
          input: f.input,
          required: f.required,
          placeholder: text(f.placeholder),
        },
        index,
        total: node.fields.length,
      };
    }
    case 'action': {
      const a = node.action;
      if (a.kind === 'tag' || a.kind === 'close') return { kind: 'none' };
      return {
        kind: 'action',
        action: { kind: a.kind, label: text(a.label), ...(a.kind === 'copy-code' ? { code: a.code } : { url: a.url }) },
      };
    }
    default:
      return { kind: 'none' };
  }
}
