/**
 * A flow's numbers, computed from the rollup counters (kept up to date as events are appended),
 * so the cost depends on the number of days, steps and replies, not on the number of events.
 */
import type { Rollup } from '../storage/migrations.ts';
import { resolveText } from '../flows/localized-text.ts';
import { nodeText, type Flow } from '../flows/flow-model.ts';
import { nextIdsOf } from '../flows/node-links.ts';

/** A flow's totals for some days. */
interface Totals {
  flowId: string;
  shown: number;
  /** Conversations the visitor had open: every panel, and each pill the visitor opened. */
  opened: number;
  completed: number;
  dismissed: number;
  /** Times shadow-mode rules would have shown this flow. */
  wouldShow: number;
  /** completed / shown, 0 when never shown. */
  completionRate: number;
}

export interface FlowStats extends Totals {
  from?: string;
  to?: string;
  /**
   * Per question: how often each reply was chosen (free-text answers count under "text", labelled
   * "free text" here: the options page puts it in the reader's words, `statsInReaderWords`).
   */
  answers: { nodeId: string; question: string; replies: { replyId: string; label: string; count: number }[] }[];
  /** Per step, in flow order: its question, how many answered it, and how many left the conversation there. */
  funnel: { nodeId: string; question: string; answered: number; droppedHere: number }[];
  daily: { day: string; shown: number; completed: number; dismissed: number }[];
}

/**
 * Stats of `flow` from its rollups, optionally limited to days `from`..`to` (inclusive,
 * "YYYY-MM-DD"). Questions and replies are named in `locale` (the reader's language, e.g. "fr")
 * where the flow has that text, else in the flow's `defaultLocale`.
 */
export function flowStats(
  flow: Flow | undefined,
  flowId: string,
  rollups: readonly Rollup[],
  from?: string,
  to?: string,
  locale?: string,
): FlowStats {
  const inRange = rollups.filter((r) => r.flowId === flowId && (!from || r.day >= from) && (!to || r.day <= to));
  const sum = (type: Rollup['type']) => inRange.filter((r) => r.type === type).reduce((n, r) => n + r.count, 0);
  const shown = sum('shown');
  const completed = sum('completed');
  const answers = new Map<string, Map<string, number>>();
  const dropped = new Map<string, number>();
  const days = new Map<string, { day: string; shown: number; completed: number; dismissed: number }>();
  for (const r of inRange) {
    if (r.type === 'answered') {
      const byReply = answers.get(r.nodeId) ?? new Map<string, number>();
      byReply.set(r.replyId, (byReply.get(r.replyId) ?? 0) + r.count);
      answers.set(r.nodeId, byReply);
    }
    if (r.type === 'dismissed') dropped.set(r.nodeId, (dropped.get(r.nodeId) ?? 0) + r.count);
    if (r.type === 'shown' || r.type === 'completed' || r.type === 'dismissed') {
      const d = days.get(r.day) ?? { day: r.day, shown: 0, completed: 0, dismissed: 0 };
      d[r.type] += r.count;
      days.set(r.day, d);
    }
  }
  const order = flow ? stepOrder(flow) : [...new Set([...answers.keys(), ...dropped.keys()])];
  const questionOf = (nodeId: string) => {
    const node = flow && Object.hasOwn(flow.nodes, nodeId) ? flow.nodes[nodeId] : undefined;
    const fallback = flow?.defaultLocale;
    return (
      nodeText(node, locale ?? fallback, fallback) ||
      (node?.type === 'action' && 'label' in node.action
        ? resolveText(node.action.label, locale ?? fallback, fallback)
        : '') ||
      nodeId
    );
  };
  const labelOf = (nodeId: string, replyId: string) => {
    const node = flow && Object.hasOwn(flow.nodes, nodeId) ? flow.nodes[nodeId] : undefined;
    if (replyId === 'text') return 'free text';
    const reply = node?.type === 'choice' ? node.replies.find((r) => r.id === replyId) : undefined;
    return reply ? resolveText(reply.label, locale ?? flow?.defaultLocale, flow?.defaultLocale) : replyId;
  };
  return {
    flowId,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    shown,
    opened: sum('opened'),
    completed,
    dismissed: sum('dismissed'),
    wouldShow: sum('would-show'),
    completionRate: shown ? completed / shown : 0,
    answers: order
      .filter((id) => answers.has(id))
      .map((nodeId) => {
        return {
          nodeId,
          question: questionOf(nodeId),
          replies: [...answers.get(nodeId)!].map(([replyId, count]) => ({
            replyId,
            label: labelOf(nodeId, replyId),
            count,
          })),
        };
      }),
    funnel: order
      .filter((id) => {
        const n = flow?.nodes[id];
        return !flow || !SILENT_STEPS.has(n?.type ?? '');
      })
      .map((nodeId) => ({
        nodeId,
        question: questionOf(nodeId),
        answered: [...(answers.get(nodeId)?.values() ?? [])].reduce((a, b) => a + b, 0),
        droppedHere: dropped.get(nodeId) ?? 0,
      })),
    daily: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
  };
}

/** Steps the visitor does not act on (endings, branches, plain messages): left out of the funnel. */
const SILENT_STEPS = new Set(['end', 'condition', 'message']);

/** Node ids in breadth-first order from the start, for a readable funnel and export. */
export function stepOrder(flow: Flow): string[] {
  const seen = new Set<string>([flow.start]);
  const out: string[] = [];
  const queue = [flow.start];
  while (queue.length) {
    const id = queue.shift()!;
    out.push(id);
    const node = Object.hasOwn(flow.nodes, id) ? flow.nodes[id] : undefined;
    for (const n of node ? nextIdsOf(node) : [])
      if (n && !seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
  }
  return out;
}

/** One flow's totals in the overview of all flows. */
export interface FlowTotals extends Totals {
  /** The flow's name; absent for a flow deleted since (its counts stay). */
  name?: string;
}

/** The event types the overview counts, and the total each goes to. */
const OVERVIEW_FIELDS = {
  shown: 'shown',
  opened: 'opened',
  completed: 'completed',
  dismissed: 'dismissed',
  'would-show': 'wouldShow',
} as const;
type OverviewType = keyof typeof OVERVIEW_FIELDS;

/** The rollups `flowOverview` reads are those of these types (the others it skips). */
export const OVERVIEW_TYPES = Object.keys(OVERVIEW_FIELDS) as OverviewType[];

/**
 * Totals of every flow for days `from`..`to` (inclusive, "YYYY-MM-DD"), from the rollups: each
 * flow of `flows` (in their order, counted or not), then deleted flows that still have counts.
 */
export function flowOverview(
  flows: readonly Pick<Flow, 'id' | 'name'>[],
  rollups: readonly Rollup[],
  from?: string,
  to?: string,
): FlowTotals[] {
  const totals = new Map<string, FlowTotals>();
  const totalsOf = (flowId: string, name?: string): FlowTotals => {
    let t = totals.get(flowId);
    if (!t) {
      t = {
        flowId,
        ...(name === undefined ? {} : { name }),
        shown: 0,
        opened: 0,
        completed: 0,
        dismissed: 0,
        wouldShow: 0,
        completionRate: 0,
      };
      totals.set(flowId, t);
    }
    return t;
  };
  for (const f of flows) totalsOf(f.id, f.name);
  for (const r of rollups) {
    if ((from && r.day < from) || (to && r.day > to) || !Object.hasOwn(OVERVIEW_FIELDS, r.type)) continue;
    totalsOf(r.flowId)[OVERVIEW_FIELDS[r.type as OverviewType]] += r.count;
  }
  for (const t of totals.values()) t.completionRate = t.shown ? t.completed / t.shown : 0;
  return [...totals.values()];
}
