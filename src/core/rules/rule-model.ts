/**
 * The rule model: when to start which flow (a trigger, conditions that must all hold, frequency,
 * entry and priority), and segments (named groups of visitors). Documented in docs/rule-model.md;
 * validated by `validateRule` (rule-validation.ts); decided by the engine (engine.ts).
 */
import type { Trigger } from '../signals/signal-model.ts';

/** Schema version of rules written by this build (flows are at `MODEL_VERSION`, flow-model.ts). */
export const RULE_VERSION = 2;

export type UrlMatch = 'exact' | 'prefix' | 'glob' | 'regex';

/** How a text field of the page or the visitor is compared. */
export type TextOp = 'equals' | 'contains' | 'starts-with' | 'regex' | 'present' | 'absent';
export const TEXT_OPS: readonly TextOp[] = ['equals', 'contains', 'starts-with', 'regex', 'present', 'absent'];

/** Fields of the page context a condition can test. */
export const PAGE_FIELDS = [
  'lang',
  'referrer',
  'title',
  'utm.source',
  'utm.medium',
  'utm.campaign',
  'utm.term',
  'utm.content',
  'product.name',
  'product.currency',
] as const;
export type PageField = (typeof PAGE_FIELDS)[number];

export type Device = 'desktop' | 'mobile' | 'tablet';

/** A condition that must hold for a rule to fire (all of a rule's conditions must hold). */
export type Condition =
  /** The page's site: a host (`news.example`), optionally with a port, or `*.news.example` for it and its subdomains. */
  | { kind: 'site'; host: string }
  /** The page's path (no query, no hash) against a glob: `*` any run of characters, `?` one character. */
  | { kind: 'path'; pattern: string }
  /** The advanced form: the page address (or its path and query, for a pattern starting with "/"). */
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

/** The conditions on the page's address: decided once per page view, as its URL cannot change. */
export type UrlCondition = Extract<Condition, { kind: 'site' | 'path' | 'url' }>;

export function isUrlCondition(c: Condition): c is UrlCondition {
  return c.kind === 'site' || c.kind === 'path' || c.kind === 'url';
}

/** How often one visitor may see a rule's flow. */
export type Frequency =
  { every: 'page-view' } | { every: 'session' } | { every: 'visitor' } | { every: 'days'; days: number };

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
