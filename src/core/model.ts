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

export * from './flow-model.ts';

// ---------------------------------------------------------------- rules

/** Schema version of rules written by this build (flows are at MODEL_VERSION). */
export const RULE_VERSION = 2;

export type UrlMatch = 'exact' | 'prefix' | 'glob' | 'regex';

/** How a text field of the page or the visitor is compared. */
export type TextOp = 'equals' | 'contains' | 'starts-with' | 'regex' | 'present' | 'absent';
export const TEXT_OPS: readonly TextOp[] = ['equals', 'contains', 'starts-with', 'regex', 'present', 'absent'];

/** Fields of the page context a condition can test. */
export const PAGE_FIELDS = ['lang', 'referrer', 'title', 'utm.source', 'utm.medium', 'utm.campaign', 'utm.term', 'utm.content', 'product.name', 'product.currency'] as const;
export type PageField = (typeof PAGE_FIELDS)[number];

export type Device = 'desktop' | 'mobile' | 'tablet';

/** A condition that must hold for a rule to fire (all of a rule's conditions must hold). */
export type Condition =
  | { kind: 'url'; match: UrlMatch; pattern: string }
  | { kind: 'min-seconds-on-page'; seconds: number }
  | { kind: 'page'; field: PageField; op: TextOp; value?: string }
  | { kind: 'price'; min?: number; max?: number }
  | { kind: 'visitor-tag'; tag: string; present: boolean }
  | { kind: 'visitor-attribute'; name: string; op: TextOp; value?: string }
  | { kind: 'segment'; segment: string; member: boolean }
  | { kind: 'visit-count'; min?: number; max?: number }
  /** Local time of day, "HH:MM" to "HH:MM" (may wrap past midnight). */
  | { kind: 'time-of-day'; from: string; to: string }
  /** Local day of week: 0 = Sunday … 6 = Saturday. */
  | { kind: 'day-of-week'; days: number[] }
  | { kind: 'device'; devices: Device[] }
  | { kind: 'viewport'; minWidth?: number; maxWidth?: number };

export type ConditionKind = Condition['kind'];

/** How often one visitor may see a rule's flow. */
export type Frequency =
  | { every: 'page-view' }
  | { every: 'session' }
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
  /** Shadow mode: evaluate and log "would have shown", never show. */
  shadow: boolean;
  trigger: Trigger;
  conditions: Condition[];
  flowId: string;
  entry: EntryMode;
  /** Higher wins when several rules fire on the same signal. */
  priority: number;
  frequency: Frequency;
  /** Optional active period (ISO 8601 date-times); outside it the rule does not fire. */
  schedule?: { start?: string; end?: string };
}

/** A named group of visitors, defined by conditions on the visitor and recomputed live. */
export interface Segment {
  id: string;
  name: string;
  /** Visitor conditions only: visitor-tag, visitor-attribute, visit-count. */
  conditions: Condition[];
}

// ---------------------------------------------------------------- page context

/** What the content script reads from the page at hello, all optional. */
export interface PageContext {
  lang?: string;
  referrer?: string;
  title?: string;
  utm?: Partial<Record<'source' | 'medium' | 'campaign' | 'term' | 'content', string>>;
  product?: { name?: string; price?: number; currency?: string };
  viewport?: { width: number; height: number };
  /** The primary pointer is coarse (touch screen). */
  touch?: boolean;
}

// ---------------------------------------------------------------- visitor, events

/** What Tact knows about the visitor; lives only in their browser. */
export interface VisitorProfile {
  tags: string[];
  /** Expiry time (epoch ms) of tags that expire; a tag past it no longer counts. */
  tagExpiry?: Record<string, number>;
  /** Values the visitor gave (e.g. firstName), by attribute name. */
  attributes?: Record<string, string>;
}

/** `would-show`: a shadow-mode rule would have started its flow here. */
/**
 * `opened`: the conversation was open in front of the visitor (at once for a panel; for a pill, when
 * the visitor opened it), recorded once per conversation.
 */
export type EventType = 'shown' | 'opened' | 'answered' | 'completed' | 'dismissed' | 'would-show';

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
  /** Recorded during a marketer's preview: kept apart, never counted in results. */
  preview?: boolean;
}
