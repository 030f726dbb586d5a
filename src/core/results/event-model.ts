/**
 * The append-only event log: what happened in each conversation, the source of every result
 * (counted into rollups as it is written, see storage/migrations.ts `rollupsOf`).
 */
import type { MatchStrength } from '../language/intent-matcher.ts';

/** `would-show`: a shadow-mode rule would have started its flow here. */
/**
 * `opened`: the conversation was open in front of the visitor (at once for a panel; for a pill, when
 * the visitor opened it), recorded once per conversation.
 */
export const EVENT_TYPES = ['shown', 'opened', 'answered', 'completed', 'dismissed', 'would-show'] as const;
type EventType = (typeof EVENT_TYPES)[number];

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
  /** Tags this step gave the visitor (`shown`: the opening steps'; `answered`: the answer's and the steps it led through). */
  tags?: string[];
  /**
   * A free-text answer to a question that branches on intents (`answered`, `replyId` "text"): the
   * intent it was matched to (null: the fallback branch) and how well (`matchStrength`), so the
   * options page can list the answers worth learning from. The words themselves are `label`.
   */
  match?: { intent: string | null; strength: MatchStrength };
  /** Recorded during a marketer's preview: kept apart, never counted in results. */
  preview?: boolean;
}
