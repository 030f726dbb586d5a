/**
 * Tact's data model: flows (conversations), rules (when to start them), signals (what the
 * content script saw) and the visitor profile. Pure types, shared by every context and by tests.
 */

/** Schema version of rules and flows written by this build. */
export const MODEL_VERSION = 1;

// ---------------------------------------------------------------- signals

export { SCROLL_DEPTHS, SIGNAL_TYPES, type ScrollDepth, type Signal, type SignalType, type Trigger } from './signal-model.ts';
import type { Trigger } from './signal-model.ts';

// ---------------------------------------------------------------- flows

/** One quick reply of a choice node. */
export interface Reply {
  id: string;
  label: string;
  /** Node to go to; omitted means the conversation ends after this reply. */
  next?: string;
  /** Tags added to the visitor profile when this reply is chosen. */
  tags?: string[];
}

/** A bot message followed by 2–4 quick replies. */
export interface ChoiceNode {
  type: 'choice';
  text: string;
  replies: Reply[];
}

/** A bot question answered in the visitor's own words. */
export interface InputNode {
  type: 'input';
  text: string;
  /** Hint shown in the empty field. */
  placeholder?: string;
  /** Node to go to after the answer; omitted means the conversation ends. */
  next?: string;
  /** Tags added to the visitor profile once answered. */
  tags?: string[];
}

/** Longest free-text answer accepted, in characters. */
export const MAX_ANSWER_LENGTH = 500;

/** A closing bot message; the conversation is complete once it is shown. */
export interface EndNode {
  type: 'end';
  text: string;
}

export type FlowNode = ChoiceNode | InputNode | EndNode;

/** The bot's voice, shared by flows. */
export interface Persona {
  name: string;
  /** One or two characters shown in the avatar circle. */
  avatar: string;
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

// ---------------------------------------------------------------- rules

export type UrlMatch = 'exact' | 'prefix' | 'glob' | 'regex';

/** A condition that must hold for a rule to fire. */
export type Condition =
  | { kind: 'url'; match: UrlMatch; pattern: string }
  | { kind: 'min-seconds-on-page'; seconds: number }
  | { kind: 'visitor-tag'; tag: string; present: boolean };

/** How often one visitor may see a rule's flow. */
export type Frequency =
  | { every: 'page-view' }
  | { every: 'visitor' }
  | { every: 'days'; days: number };

/** How the overlay enters: a slide-in panel, or a small launcher pill that opens on click. */
export type EntryMode = 'panel' | 'pill';

/** When to start which flow. */
export interface Rule {
  id: string;
  version: number;
  name: string;
  enabled: boolean;
  trigger: Trigger;
  conditions: Condition[];
  flowId: string;
  entry: EntryMode;
  /** Higher wins when several rules fire on the same signal. */
  priority: number;
  frequency: Frequency;
}

// ---------------------------------------------------------------- visitor, events

/** What Tact knows about the visitor; lives only in their browser. */
export interface VisitorProfile {
  tags: string[];
}

export type EventType = 'shown' | 'answered' | 'completed' | 'dismissed';

/** One line of the append-only event log. */
export interface TactEvent {
  id?: number;
  at: number;
  type: EventType;
  conversationId: string;
  flowId: string;
  ruleId: string;
  origin: string;
  path: string;
  nodeId?: string;
  replyId?: string;
  /** The reply's label as shown, so answers stay readable if the flow changes later. */
  label?: string;
}
