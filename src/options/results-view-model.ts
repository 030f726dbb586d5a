/**
 * The results view's pure parts: the ticks of a chart's value axis, the overview's sort order,
 * the stats in the reader's words, and the rows of every table the view shows (each one
 * downloadable as its own CSV file).
 */
import type { FlowStats, FlowTotals } from '../core/results/flow-stats.ts';

/**
 * Whole-number ticks from 0 for a value axis up to at least `max`, about `count` of them, at a
 * step of 1, 2 or 5 times a power of ten (0, 5, 10, 15 rather than 0, 4.7, 9.4).
 */
export function axisTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power);
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Math.round(v));
  return ticks;
}

/** A sortable column of the overview. */
export type OverviewKey = 'name' | 'shown' | 'opened' | 'completed' | 'completionRate';
export interface OverviewSort {
  key: OverviewKey;
  descending: boolean;
}

/** The overview's rows in the chosen order (names by the reader's collation; ties by name). */
export function sortTotals(rows: readonly FlowTotals[], sort: OverviewSort, lang: string): FlowTotals[] {
  const collator = new Intl.Collator(lang, { sensitivity: 'base', numeric: true });
  const name = (r: FlowTotals) => r.name ?? r.flowId;
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const by = sort.key === 'name' ? collator.compare(name(a), name(b)) : a[sort.key] - b[sort.key];
    return by * sign || collator.compare(name(a), name(b));
  });
}

/** Column headers of each table, in the reader's language. */
export interface TableHeads {
  flow: string;
  shown: string;
  opened: string;
  completed: string;
  dismissed: string;
  rate: string;
  day: string;
  step: string;
  answered: string;
  leftHere: string;
  reply: string;
  count: string;
}

/** A rate as a percentage with one decimal, the way a spreadsheet keeps it as a number. */
const percent = (rate: number) => Math.round(rate * 1000) / 10;

/** The overview as rows of cells, headers first (rate in %). */
export function overviewCells(rows: readonly FlowTotals[], h: TableHeads, removed: (id: string) => string) {
  return [
    [h.flow, h.shown, h.opened, h.completed, h.dismissed, h.rate],
    ...rows.map((r) => [
      r.name ?? removed(r.flowId),
      r.shown,
      r.opened,
      r.completed,
      r.dismissed,
      percent(r.completionRate),
    ]),
  ];
}

/** The daily series as rows of cells, headers first. */
export function dailyCells(s: FlowStats, h: TableHeads) {
  return [
    [h.day, h.shown, h.completed, h.dismissed],
    ...s.daily.map((d) => [d.day, d.shown, d.completed, d.dismissed]),
  ];
}

/**
 * `s` as the reader reads it: the background names questions and replies in the reader's language
 * (the stats request carries it) but has no words of its own for free-text answers (reply "text"),
 * so they are named `freeText` here. The view draws, tabulates and downloads ("Figures (JSON)")
 * this one object, so the file says what the page says.
 */
export function statsInReaderWords(s: FlowStats, freeText: string): FlowStats {
  return {
    ...s,
    answers: s.answers.map((a) => ({
      ...a,
      replies: a.replies.map((r) => (r.replyId === 'text' ? { ...r, label: freeText } : r)),
    })),
  };
}

/** The steps as rows of cells, headers first: each step by its question. */
export function funnelCells(s: FlowStats, h: TableHeads) {
  return [[h.step, h.answered, h.leftHere], ...s.funnel.map((f) => [f.question, f.answered, f.droppedHere])];
}

/** One question's replies as rows of cells, headers first. */
export function replyCells(answer: FlowStats['answers'][number], h: TableHeads) {
  return [[h.reply, h.count], ...answer.replies.map((r) => [r.label, r.count])];
}
