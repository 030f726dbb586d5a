/**
 * A flow's conversations as a table, one row per conversation, for the results export: when it
 * started, on which page, each answer under its question's text, the tags it gave the visitor,
 * and how it ended. Built from the event log (the `shown`, `answered`, `completed` and
 * `dismissed` events of each conversation), so it reads what happened even if the flow changed
 * since; previews are left out.
 */
import type { Flow, FlowNode, NodeKind } from '../flows/flow-model.ts';
import { nodeText } from '../flows/flow-model.ts';
import type { TactEvent } from './event-model.ts';
import { resolveText } from '../flows/localized-text.ts';
import { localDay } from '../rules/policy.ts';
import { stepOrder } from './flow-stats.ts';

/** How a conversation ended: the visitor finished it, closed it, or it is still open (or was left). */
type Outcome = 'completed' | 'dismissed' | 'open';

/** One answer column: a step the visitor answers (a form: one column per field). */
export interface AnswerColumn {
  /** `nodeId`, or `nodeId.fieldId` for a form's field. */
  key: string;
  /** The question as the flow words it (a form field: its label). */
  question: string;
  /** Answers to a step no longer in the flow: `question` is then the step's id. */
  removed?: true;
}

interface ConversationRow {
  conversationId: string;
  /** When it was shown (ms since the epoch). */
  startedAt: number;
  /** The page it started on: site and path. */
  page: string;
  /** Answer text by column key. */
  answers: Record<string, string>;
  /** Tags its steps gave the visitor, first given first. */
  tags: string[];
  outcome: Outcome;
}

export interface ConversationTable {
  flowId: string;
  columns: AnswerColumn[];
  /** Oldest first. */
  rows: ConversationRow[];
}

type NodeOf<K extends NodeKind> = Extract<FlowNode, { type: K }>;

/** A node kind's answer columns: `id` the node's, `fallback` the flow's default locale. */
type Columns<N> = (id: string, node: N, fallback?: string) => AnswerColumn[];
/** One column, the question the node asks. */
const asked: Columns<FlowNode> = (id, node, fallback) => [{ key: id, question: nodeText(node, fallback) || id }];
const none = () => [];

/**
 * The columns each node kind contributes, once: a kind of the flow model (`NodeKind`) without an
 * entry here does not compile. Texts written per locale are named in the flow's default locale.
 */
const COLUMNS: { [K in NodeKind]: Columns<NodeOf<K>> } = {
  message: none,
  choice: asked,
  input: asked,
  quiz: asked,
  result: none,
  rating: asked,
  form: (id, node, fallback) =>
    node.fields.map((f) => ({ key: `${id}.${f.id}`, question: resolveText(f.label, fallback) })),
  condition: none,
  // A button the visitor may use (open a link, copy a code, be handed off): its use is an answer.
  action: (id, node, fallback) =>
    node.action.kind === 'tag' || node.action.kind === 'close'
      ? []
      : [{ key: id, question: nodeText(node, fallback) || resolveText(node.action.label, fallback) }],
  end: none,
};

/** The columns a node contributes, in the order the visitor meets them. */
function columnsOf(id: string, node: FlowNode, fallback?: string): AnswerColumn[] {
  return (COLUMNS[node.type] as Columns<FlowNode>)(id, node, fallback);
}

/** The answer columns of a flow, in step order (breadth-first from the start). */
export function answerColumns(flow: Flow): AnswerColumn[] {
  return stepOrder(flow).flatMap((id) =>
    Object.hasOwn(flow.nodes, id) ? columnsOf(id, flow.nodes[id]!, flow.defaultLocale) : [],
  );
}

/** The column key of an answer event: a form field's answer carries the field id as its reply. */
function answerKey(flow: Flow | undefined, e: TactEvent): string {
  const node = flow && e.nodeId && Object.hasOwn(flow.nodes, e.nodeId) ? flow.nodes[e.nodeId] : undefined;
  return node?.type === 'form' ? `${e.nodeId}.${e.replyId ?? ''}` : (e.nodeId ?? '');
}

/**
 * The conversations of `flowId` found in `events` (any order, other flows ignored), one row each,
 * oldest first. With `from`/`to` (local days, "YYYY-MM-DD", inclusive) only conversations that
 * started on those days. Columns are the flow's answer steps in order, then any step answered in
 * these conversations that the flow no longer has (`removed`).
 */
export function conversationTable(
  flow: Flow | undefined,
  flowId: string,
  events: readonly TactEvent[],
  range: { from?: string; to?: string } = {},
  dayOf: (at: number) => string = localDay,
): ConversationTable {
  const byConversation = new Map<string, TactEvent[]>();
  for (const e of events) {
    if (e.flowId !== flowId || e.preview || e.type === 'would-show') continue;
    const list = byConversation.get(e.conversationId);
    if (list) list.push(e);
    else byConversation.set(e.conversationId, [e]);
  }
  const columns = flow ? answerColumns(flow) : [];
  const known = new Set(columns.map((c) => c.key));
  const rows: ConversationRow[] = [];
  for (const [conversationId, list] of byConversation) {
    list.sort((a, b) => a.at - b.at || (a.id ?? 0) - (b.id ?? 0));
    const first = list.find((e) => e.type === 'shown') ?? list[0]!;
    const day = dayOf(first.at);
    if ((range.from && day < range.from) || (range.to && day > range.to)) continue;
    const answers: Record<string, string> = {};
    const tags = new Set<string>();
    let outcome: Outcome = 'open';
    for (const e of list) {
      for (const tag of e.tags ?? []) tags.add(tag);
      if (e.type === 'answered') {
        const key = answerKey(flow, e);
        answers[key] = e.label ?? e.replyId ?? '';
        if (!known.has(key)) {
          known.add(key);
          columns.push({ key, question: key, removed: true });
        }
      } else if (e.type === 'completed') outcome = 'completed';
      else if (e.type === 'dismissed' && outcome === 'open') outcome = 'dismissed';
    }
    rows.push({
      conversationId,
      startedAt: first.at,
      page: first.origin + first.path,
      answers,
      tags: [...tags],
      outcome,
    });
  }
  rows.sort((a, b) => a.startedAt - b.startedAt || a.conversationId.localeCompare(b.conversationId));
  return { flowId, columns, rows };
}

/** The words a table's fixed columns and outcomes are written with (the UI language's). */
export interface TableWords {
  startedAt: string;
  page: string;
  tags: string;
  outcome: string;
  outcomes: Record<Outcome, string>;
  /** The header of a column of a step the flow no longer has. */
  removedStep: (id: string) => string;
  /** A time as a spreadsheet reads it. */
  time: (at: number) => string;
}

/** The table as rows of cells, headers first: started at, page, one column per answer, tags, outcome. */
export function tableCells(table: ConversationTable, words: TableWords): string[][] {
  const header = [
    words.startedAt,
    words.page,
    ...table.columns.map((c) => (c.removed ? words.removedStep(c.question) : c.question)),
    words.tags,
    words.outcome,
  ];
  return [
    header,
    ...table.rows.map((r) => [
      words.time(r.startedAt),
      r.page,
      ...table.columns.map((c) => r.answers[c.key] ?? ''),
      r.tags.join(', '),
      words.outcomes[r.outcome],
    ]),
  ];
}

/** The JSON export: the same rows, with stable keys and values (outcome codes, ISO times). */
export interface ConversationsJson {
  flow: { id: string; name: string };
  from?: string;
  to?: string;
  exportedAt: string;
  conversations: {
    startedAt: string;
    page: string;
    answers: { step: string; question: string; answer: string }[];
    tags: string[];
    outcome: Outcome;
  }[];
}

/** The table as the JSON export writes it: each conversation's answers in column order, unanswered steps left out. */
export function tableJson(
  table: ConversationTable,
  flowName: string,
  range: { from?: string; to?: string },
  now: number,
): ConversationsJson {
  return {
    flow: { id: table.flowId, name: flowName },
    ...(range.from ? { from: range.from } : {}),
    ...(range.to ? { to: range.to } : {}),
    exportedAt: new Date(now).toISOString(),
    conversations: table.rows.map((r) => ({
      startedAt: new Date(r.startedAt).toISOString(),
      page: r.page,
      answers: table.columns
        .filter((c) => Object.hasOwn(r.answers, c.key))
        .map((c) => ({ step: c.key, question: c.question, answer: r.answers[c.key]! })),
      tags: r.tags,
      outcome: r.outcome,
    })),
  };
}

/** "YYYY-MM-DD HH:MM:SS" in local time: what spreadsheets read as a date and time in every locale. */
export function localDateTime(at: number): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${localDay(at)} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}
