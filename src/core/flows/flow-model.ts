/**
 * The flow model: a conversation is a small graph of nodes starting at `start`. Documented in
 * docs/flow-model.md; validated by `validateFlow` (src/core/rules/rule-validation.ts); run by
 * src/core/flows/flow-runner.ts. Texts may use variables (`{{visitor.firstName|there}}`), always
 * rendered as text, never as HTML.
 */
import type { Condition } from '../rules/rule-model.ts';
import type { IntentName } from '../signals/signal-model.ts';

/** Schema version of flows written by this build. */
export const MODEL_VERSION = 1;

/** Longest free-text answer accepted, in characters. */
export const MAX_ANSWER_LENGTH = 500;

/** Tags (optionally expiring) and variables a step sets. */
interface Effects {
  /** Tags added to the visitor profile. */
  tags?: string[];
  /** The tags expire after this many days (default: never). */
  tagDays?: number;
  /** Conversation variables set (readable as `{{vars.name}}` and by condition nodes). */
  set?: Record<string, string>;
}

/** One quick reply of a choice node. */
interface Reply extends Effects {
  id: string;
  label: string;
  /** Node to go to; omitted means the conversation ends after this reply. */
  next?: string;
}

/** A bot message followed by 2–4 quick replies. */
interface ChoiceNode {
  type: 'choice';
  text: string;
  replies: Reply[];
}

/** A bot message that needs no answer; the conversation goes on to `next` by itself. */
interface MessageNode {
  type: 'message';
  text: string;
  image?: { src: string; alt: string };
  next?: string;
}

export type InputKind = 'text' | 'email' | 'number';

/** Free-text branching: the answer is matched to intents given by example phrases. */
export interface IntentBranches {
  /** Intent name → example phrases per language. */
  intents: Record<string, Partial<Record<'en' | 'fr' | 'ru', string[]>>>;
  /** Intent name → node to go to. */
  next: Record<string, string>;
  /** Where to go when nothing matches well enough. */
  fallback: string;
}

/** A question answered in the visitor's own words, checked by kind. */
interface InputNode extends Effects {
  type: 'input';
  text: string;
  /** `text` (default), `email` or `number`. */
  input?: InputKind;
  placeholder?: string;
  /** For numbers: accepted range. */
  min?: number;
  max?: number;
  /** Store the answer as this visitor attribute (e.g. "firstName"). */
  attribute?: string;
  /** Node to go to after the answer; omitted means the conversation ends. */
  next?: string;
  /** Branch on what the answer means instead of going to `next`. */
  match?: IntentBranches;
}

/** A quiz question: options with points; the points add up to the conversation's score. */
interface QuizNode {
  type: 'quiz';
  text: string;
  options: { id: string; label: string; points: number; correct?: boolean }[];
  /** Said after a correct / a wrong answer (optional). */
  feedback?: { correct?: string; wrong?: string };
  next?: string;
}

/** Says the text of the first range the score falls in (`{{score}}` works in it). */
interface ResultNode {
  type: 'result';
  ranges: { min: number; text: string }[];
  next?: string;
}

/** A rating: 1–5 stars, or a 0–10 net promoter score. Low scores may branch elsewhere. */
interface RatingNode {
  type: 'rating';
  text: string;
  scale: 'stars' | 'nps';
  /** Scores at or below `lowAtMost` go to `lowNext` when given. */
  lowAtMost?: number;
  lowNext?: string;
  attribute?: string;
  next?: string;
}

/** One field of a step-by-step form. */
interface FormField {
  id: string;
  label: string;
  input: InputKind;
  required: boolean;
  placeholder?: string;
  attribute?: string;
}

/** A step-by-step form: one field at a time, with progress; each field is saved as answered. */
interface FormNode {
  type: 'form';
  text: string;
  fields: FormField[];
  next?: string;
}

/** What a condition node can test, besides rule conditions on the visitor and the page. */
export type FlowCondition =
  | Condition
  | { kind: 'variable'; name: string; op: 'equals' | 'contains' | 'present' | 'absent'; value?: string }
  | { kind: 'score'; min?: number; max?: number }
  | { kind: 'intent'; intent: IntentName; atLeast: number };

/** Branches without saying anything: the first branch whose conditions all hold wins. */
interface ConditionNode {
  type: 'condition';
  branches: { when: FlowCondition[]; next: string }[];
  otherwise: string;
}

type FlowAction =
  | { kind: 'tag'; tags: string[]; days?: number }
  | { kind: 'open-link'; url: string; label: string }
  | { kind: 'copy-code'; code: string; label: string }
  | { kind: 'handoff'; url: string; label: string }
  | { kind: 'close' };

/**
 * An action. `tag` and `close` happen by themselves; the others show a button that performs
 * them (open a link in a new tab, copy a code to the clipboard, hand off to a URL) and go on.
 */
interface ActionNode {
  type: 'action';
  text?: string;
  action: FlowAction;
  next?: string;
}

/** A closing bot message; the conversation is complete once it is shown. */
interface EndNode {
  type: 'end';
  text: string;
}

export type FlowNode =
  | MessageNode
  | ChoiceNode
  | InputNode
  | QuizNode
  | ResultNode
  | RatingNode
  | FormNode
  | ConditionNode
  | ActionNode
  | EndNode;
export type NodeKind = FlowNode['type'];
export const NODE_KINDS: readonly NodeKind[] = [
  'message',
  'choice',
  'input',
  'quiz',
  'result',
  'rating',
  'form',
  'condition',
  'action',
  'end',
];

export type EmojiPolicy = 'none' | 'sparing' | 'friendly';

/** The bot's voice, shared by flows. */
export interface Persona {
  name: string;
  /** One or two characters shown in the avatar circle. */
  avatar: string;
  /** A few words on register, for writers ("warm, informal, tutoiement"). */
  tone?: string;
  /** Typing speed in characters per second for the typing indicator (0 = no delay). */
  typingCps?: number;
  emoji?: EmojiPolicy;
  /** Per-locale overrides of the name (e.g. { fr: "Sam de Northwind" }). */
  locales?: Partial<Record<'en' | 'fr' | 'ru', { name?: string }>>;
}

/** A conversation: a small graph of nodes starting at `start`. */
export interface Flow {
  id: string;
  version: number;
  name: string;
  persona: Persona;
  start: string;
  nodes: Record<string, FlowNode>;
}

/** Where a node may lead (its outgoing edges), for validation and diagrams. */
export function nextIdsOf(node: FlowNode): string[] {
  switch (node.type) {
    case 'choice':
      return node.replies.flatMap((r) => (r.next ? [r.next] : []));
    case 'input':
      return node.match ? [...Object.values(node.match.next), node.match.fallback] : node.next ? [node.next] : [];
    case 'rating':
      return [node.next, node.lowNext].filter((n): n is string => !!n);
    case 'condition':
      return [...node.branches.map((b) => b.next), node.otherwise];
    case 'end':
      return [];
    default:
      return node.next ? [node.next] : [];
  }
}

/** Whether the conversation can end at this node (no next, an end, or a close action). */
export function canEndAt(node: FlowNode): boolean {
  switch (node.type) {
    case 'end':
      return true;
    case 'choice':
      return node.replies.some((r) => !r.next);
    case 'condition':
      return false;
    case 'input':
      return !node.match && !node.next;
    case 'action':
      return node.action.kind === 'close' || !node.next;
    default:
      return !node.next;
  }
}

/** The text a node says, or '' for nodes that say nothing (condition, result, silent actions). */
export function nodeText(node: FlowNode | undefined): string {
  return node && 'text' in node && typeof node.text === 'string' ? node.text : '';
}
