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
  type NodeKind,
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
  return (
    text
      .replace(EMOJI, (e) => (policy === 'sparing' && kept++ === 0 ? e : ''))
      // Spaces left by a removed emoji or an empty variable: one kept, the no-break one if any
      // ("Bonjour !" has a narrow no-break space before "!" in French).
      .replace(/ +(?=[ \u00a0\u202f])/g, '')
      .trim()
  );
}

/** A flow text in the visitor's locale (see RunContext.locale). */
function inLocale(flow: Flow, ctx: RunContext, text: LocalizedText | undefined): string {
  return resolveText(text, ctx.locale?.split('-')[0], flow.defaultLocale);
}

function say(flow: Flow, state: ConversationState, nodeId: string, text: LocalizedText, ctx: RunContext): void {
  const rendered = withEmojiPolicy(renderTemplate(inLocale(flow, ctx, text), scopeOf(state, ctx)), flow.persona?.emoji);
  if (rendered) state.transcript.push({ from: 'bot', nodeId, text: rendered });
}

/** Where a conversation is while the runner enters nodes: its state, what it may read, the step's effects. */
interface Entering {
  flow: Flow;
  state: ConversationState;
  id: string;
  ctx: RunContext;
  effects: StepEffects;
  /** Says a text of this node (rendered, in the visitor's language); nothing when it renders empty. */
  say: (text: LocalizedText) => void;
}

/**
 * What entering a node leads to: the node to go on to at once (`undefined`: the conversation is
 * complete), or `null`: it stops here (it waits for the visitor, or ended the conversation itself).
 */
type Entered = string | undefined | null;

/** Where the conversation waits (the current node), for a visitor's step or the overlay's controls. */
interface AtNode {
  flow: Flow;
  state: ConversationState;
  nodeId: string;
  ctx: RunContext;
  /** A text in the visitor's language, rendered with the conversation's variables. */
  text: (s: LocalizedText | undefined) => string;
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
    const at = id;
    const next = kindOf(node).enter(node, {
      flow,
      state,
      id,
      ctx,
      effects,
      say: (text) => say(flow, state, at, text, ctx),
    });
    if (next === null) return null;
    id = next;
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

/** What the visitor may do at a node: choose a reply, type an answer, use a button. */
type VisitorStep = 'reply' | 'answer' | 'act';

/**
 * Runs a visitor's step at `nodeId` with its kind's handler, or refuses it: the conversation is
 * over, the step is not the current one (a double click, a retry), the node is missing, or its
 * kind takes no such step.
 */
function visit(
  flow: Flow,
  state: ConversationState,
  nodeId: string,
  ctx: RunContext,
  step: VisitorStep,
  run: (handler: Handler, node: FlowNode, at: AtNode) => StepResult,
): StepResult {
  if (state.status !== 'active') return { ok: false, reason: 'not-active', state };
  if (state.nodeId !== nodeId) return { ok: false, reason: 'stale-step', state };
  const node = nodeOf(flow, nodeId);
  if (!node) return { ok: false, reason: 'broken-flow', state };
  const handler: Handler | undefined = kindOf(node)[step];
  if (!handler) return { ok: false, reason: 'wrong-kind', state };
  return run(handler, node, atNode(flow, state, nodeId, ctx));
}

/** A kind's handler of a visitor's step, whichever it is (`visit` passes what it takes). */
type Handler = (node: FlowNode, at: AtNode, given: string) => StepResult;

function atNode(flow: Flow, state: ConversationState, nodeId: string, ctx: RunContext): AtNode {
  return {
    flow,
    state,
    nodeId,
    ctx,
    text: (s) => renderTemplate(inLocale(flow, ctx, s), scopeOf(state, ctx)),
  };
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
  return visit(flow, state, nodeId, ctx, 'reply', (reply, node, at) => reply(node, at, replyId));
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
  return visit(flow, state, nodeId, ctx, 'answer', (answer, node, at) => answer(node, at, text));
}

/** The visitor used an action's button (opened the link, copied the code, was handed off). */
export function applyAction(flow: Flow, state: ConversationState, nodeId: string, ctx: RunContext = {}): StepResult {
  return visit(flow, state, nodeId, ctx, 'act', (act, node, at) => act(node, at, ''));
}

function invalid(state: ConversationState, message: string): StepResult {
  return { ok: false, reason: 'invalid-answer', state, message };
}

/** Marks a conversation dismissed; a finished one stays as it was. */
export function dismiss(state: ConversationState): ConversationState {
  return state.status === 'active' ? { ...state, status: 'dismissed' } : state;
}

/** A step view's `invalidMessage`, only when the flow wrote one (the overlay's own message otherwise). */
function ownInvalidMessage(message: string): { invalidMessage?: string } {
  return message ? { invalidMessage: message } : {};
}

/** What the overlay shows for the current step: which controls, and for forms the progress. */
export type StepView =
  | { kind: 'choice'; replies: { id: string; label: string }[] }
  | { kind: 'quiz'; options: { id: string; label: string }[] }
  | {
      kind: 'input';
      input: InputKind;
      placeholder: string;
      min?: number;
      max?: number;
      /** The flow's own message for a refused answer (absent: the overlay's built-in one). */
      invalidMessage?: string;
    }
  | { kind: 'rating'; scale: 'stars' | 'nps' }
  | {
      kind: 'form';
      field: {
        id: string;
        label: string;
        input: InputKind;
        required: boolean;
        placeholder: string;
        /** The flow's own message for a refused answer (absent: the overlay's built-in one). */
        invalidMessage?: string;
      };
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
  if (!flow || !node || state.status !== 'active') return { kind: 'none' };
  const view = kindOf(node).view;
  return view ? view(node, atNode(flow, state, state.nodeId, ctx)) : { kind: 'none' };
}

type NodeOf<K extends NodeKind> = Extract<FlowNode, { type: K }>;

/**
 * One node kind, as the runner knows it: what entering it does, the steps the visitor may take at
 * it and the controls the overlay shows for them, and what the flow's graph checks need to know.
 */
interface NodeRun<N extends FlowNode> {
  /** Says what the node says on entering it; where to go on to at once, or `null` to stop here. */
  enter: (node: N, e: Entering) => Entered;
  /** The controls while the conversation waits here (none when absent). */
  view?: (node: N, at: AtNode) => StepView;
  /** A quick reply or option chosen (`applyReply`). */
  reply?: (node: N, at: AtNode, replyId: string) => StepResult;
  /** A typed answer (`applyAnswer`). */
  answer?: (node: N, at: AtNode, text: string) => StepResult;
  /** The node's button used (`applyAction`). */
  act?: (node: N, at: AtNode) => StepResult;
  /**
   * Whether the runner goes on from this node by itself, without waiting for the visitor. A loop
   * made only of such nodes would never stop (what they test cannot change while they are passed
   * through), so the validator refuses one.
   */
  passesThrough: (node: N) => boolean;
  /** Whether the conversation can end at this node (no next, an end, or a close action). */
  canEndAt: (node: N) => boolean;
}

/** Says the node's text and waits for the visitor. */
const sayAndWait = (node: { text: LocalizedText }, e: Entering): Entered => {
  e.say(node.text);
  return null;
};
const never = () => false;
const always = () => true;
const noNext = (node: { next?: string | undefined }) => !node.next;
/** Whether an action happens by itself (a tag, a close) rather than through a button. */
const silent = (action: NodeOf<'action'>['action']) => action.kind === 'tag' || action.kind === 'close';

/**
 * Every node kind, once: adding a kind to the flow model (`NodeKind`) without an entry here does
 * not compile.
 */
const NODE_RUNS: { [K in NodeKind]: NodeRun<NodeOf<K>> } = {
  message: {
    enter(node, e) {
      e.say(node.text);
      if (node.image) {
        const last = e.state.transcript.at(-1);
        if (last?.from === 'bot' && last.nodeId === e.id)
          last.image = {
            ...node.image,
            alt: renderTemplate(inLocale(e.flow, e.ctx, node.image.alt), scopeOf(e.state, e.ctx)),
          };
      }
      return node.next;
    },
    passesThrough: always,
    canEndAt: noNext,
  },
  choice: {
    enter: sayAndWait,
    view: (node, at) => ({ kind: 'choice', replies: node.replies.map((r) => ({ id: r.id, label: at.text(r.label) })) }),
    reply(node, { flow, state, nodeId, ctx }, replyId) {
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
    },
    passesThrough: never,
    canEndAt: (node) => node.replies.some((r) => !r.next),
  },
  input: {
    enter: sayAndWait,
    view: (node, at) => ({
      kind: 'input',
      input: node.input ?? 'text',
      placeholder: at.text(node.placeholder),
      ...(node.min !== undefined ? { min: node.min } : {}),
      ...(node.max !== undefined ? { max: node.max } : {}),
      ...ownInvalidMessage(at.text(node.invalidMessage)),
    }),
    answer(node, { flow, state, nodeId, ctx }, text) {
      const checked = checkTyped(text, node.input ?? 'text', { min: node.min, max: node.max });
      if (!checked.ok) return invalid(state, checked.message);
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
    },
    passesThrough: never,
    canEndAt: (node) => !node.match && !node.next,
  },
  quiz: {
    enter: sayAndWait,
    view: (node, at) => ({ kind: 'quiz', options: node.options.map((o) => ({ id: o.id, label: at.text(o.label) })) }),
    reply(node, { flow, state, nodeId, ctx }, replyId) {
      const option = node.options.find((o) => o.id === replyId);
      if (!option) return { ok: false, reason: 'unknown-reply', state };
      const label = inLocale(flow, ctx, option.label);
      const scored = {
        ...state,
        score: (state.score ?? 0) + option.points,
        answers: { ...state.answers, [nodeId]: label },
      };
      const feedback =
        option.correct === undefined ? undefined : option.correct ? node.feedback?.correct : node.feedback?.wrong;
      return keepOnRefusal(state, advance(flow, scored, { nodeId, replyId, label }, node.next, ctx, { say: feedback }));
    },
    passesThrough: never,
    canEndAt: noNext,
  },
  result: {
    enter(node, e) {
      const score = e.state.score ?? 0;
      const range = [...node.ranges].sort((a, b) => b.min - a.min).find((r) => score >= r.min);
      if (range) e.say(range.text);
      return node.next;
    },
    passesThrough: always,
    canEndAt: noNext,
  },
  rating: {
    enter: sayAndWait,
    view: (node) => ({ kind: 'rating', scale: node.scale }),
    answer(node, { flow, state, nodeId, ctx }, text) {
      const [lo, hi] = node.scale === 'nps' ? [0, 10] : [1, 5];
      const n = Number(text);
      if (!Number.isInteger(n) || n < lo || n > hi) return invalid(state, 'range');
      const low = node.lowAtMost !== undefined && node.lowNext !== undefined && n <= node.lowAtMost;
      return keepOnRefusal(
        state,
        advance(
          flow,
          { ...state, answers: { ...state.answers, [nodeId]: String(n) } },
          { nodeId, replyId: String(n), label: String(n) },
          low ? node.lowNext : node.next,
          ctx,
          { attributes: node.attribute ? { [node.attribute]: String(n) } : undefined },
        ),
      );
    },
    passesThrough: never,
    canEndAt: noNext,
  },
  form: {
    enter(node, e) {
      e.say(node.text);
      e.state.fieldIndex = 0;
      if (node.fields[0]) e.say(node.fields[0].label);
      return null;
    },
    view(node, { state, text }) {
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
          ...ownInvalidMessage(text(f.invalidMessage)),
        },
        index,
        total: node.fields.length,
      };
    },
    // One field at a time; each answer is saved as it is given.
    answer(node, { flow, state, nodeId, ctx }, text) {
      const index = state.fieldIndex ?? 0;
      const field = node.fields[index];
      if (!field) return { ok: false, reason: 'broken-flow', state };
      const checked = checkTyped(text, field.input, { required: field.required });
      if (!checked.ok) return invalid(state, checked.message);
      const answers = { ...state.answers, [`${nodeId}.${field.id}`]: checked.value };
      const attributes = field.attribute && checked.value ? { [field.attribute]: checked.value } : undefined;
      const answered = { nodeId, replyId: field.id, label: checked.value || '—' };
      const nextField = node.fields[index + 1];
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
      return keepOnRefusal(state, advance(flow, { ...state, answers }, answered, node.next, ctx, { attributes }));
    },
    passesThrough: never,
    canEndAt: noNext,
  },
  condition: {
    enter: (node, e) =>
      node.branches.find((b) => b.when.every((w) => flowConditionHolds(w, e.state, e.ctx)))?.next ?? node.otherwise,
    passesThrough: always,
    canEndAt: never,
  },
  action: {
    enter(node, e) {
      if (node.text) e.say(node.text);
      if (node.action.kind === 'tag') {
        e.effects.tags.push(...node.action.tags);
        if (node.action.days) e.effects.tagDays = node.action.days;
        return node.next;
      }
      if (node.action.kind === 'close') {
        e.state.status = 'completed';
        e.state.closed = true;
      }
      return null; // a close ended it; the others wait for the visitor to use the button
    },
    view({ action: a }, at) {
      if (silent(a)) return { kind: 'none' };
      return {
        kind: 'action',
        action: {
          kind: a.kind,
          label: at.text(a.label),
          ...(a.kind === 'copy-code' ? { code: a.code } : { url: a.url }),
        },
      };
    },
    act(node, { flow, state, nodeId, ctx }) {
      const { action } = node;
      if (silent(action)) return { ok: false, reason: 'wrong-kind', state };
      return advance(
        flow,
        state,
        { nodeId, replyId: action.kind, label: inLocale(flow, ctx, action.label) },
        node.next,
        ctx,
      );
    },
    passesThrough: (node) => node.action.kind === 'tag',
    canEndAt: (node) => node.action.kind === 'close' || !node.next,
  },
  end: {
    enter(node, e) {
      e.say(node.text);
      e.state.status = 'completed';
      return null;
    },
    passesThrough: never,
    canEndAt: always,
  },
};

/** A node's kind, typed for that node. */
function kindOf<N extends FlowNode>(node: N): NodeRun<N> {
  return NODE_RUNS[node.type] as unknown as NodeRun<N>;
}

/**
 * Whether the runner goes on from this node by itself, without waiting for the visitor: messages,
 * conditions, results and tag actions (the validator refuses a loop made only of them).
 */
export function passesThrough(node: FlowNode): boolean {
  return kindOf(node).passesThrough(node);
}

/** Whether the conversation can end at this node (no next, an end, or a close action). */
export function canEndAt(node: FlowNode): boolean {
  return kindOf(node).canEndAt(node);
}
