/**
 * The A/B results' pure part: one table per goal of a test, its rows worded for the reader
 * (variant, what it shows, exposures, conversions, rate with its 95 % interval, verdict against
 * the control), whether anyone has seen the test yet, and the sample-ratio warning's numbers.
 */
import type { ExperimentResults } from '../core/experiments/experiment-log.ts';
import type { Goal } from '../core/experiments/experiment-model.ts';

/** What the view needs from the page's language (the i18n module in the page, a catalogue in tests). */
export interface ResultWords {
  lang: string;
  t(key: string, ...substitutions: string[]): string;
  plural(key: string, count: number, ...more: string[]): string;
}

const VERDICT_KEYS = {
  control: 'abVerdictControl',
  'too-early': 'abVerdictTooEarly',
  better: 'abVerdictBetter',
  worse: 'abVerdictWorse',
  'no-difference': 'abVerdictNoDifference',
} as const;

type VerdictKind = keyof typeof VERDICT_KEYS;

/** One variant's row, every cell already worded. */
interface VariantRow {
  variantId: string;
  shows: string;
  exposures: string;
  conversions: string;
  rate: string;
  verdict: string;
  verdictKind: VerdictKind;
}

interface GoalTable {
  goalId: string;
  caption: string;
  rows: VariantRow[];
}

export interface ExperimentView {
  ruleId: string;
  title: string;
  /** No visitor exposed yet: the view shows the empty state instead of the tables. */
  empty: boolean;
  /** The sample-ratio warning, worded, when the arms' sizes do not follow their weights. */
  sampleRatioWarning?: string;
  tables: GoalTable[];
}

/** A p-value as the reader's language writes it: "0.003", "< 0.001". */
function pValue(p: number, lang: string): string {
  const nf = new Intl.NumberFormat(lang, { maximumSignificantDigits: 2 });
  return p < 0.001 ? `< ${nf.format(0.001)}` : nf.format(p);
}

function goalCaption(goal: Goal, w: ResultWords, flowName: (id: string) => string): string {
  const within = w.plural('abWithinDays', goal.withinDays);
  switch (goal.kind) {
    case 'url':
      return w.t('abGoalUrl', goal.id, goal.pattern, within);
    case 'click':
      return w.t('abGoalClick', goal.id, goal.selector, within);
    case 'flow-completed':
      return w.t('abGoalFlow', goal.id, flowName(goal.flowId), within);
  }
}

/** The view of one test's results. `flowName` names a flow by id (its id when it is gone). */
export function experimentView(
  results: ExperimentResults,
  w: ResultWords,
  flowName: (id: string) => string,
): ExperimentView {
  const pct = new Intl.NumberFormat(w.lang, { style: 'percent', maximumFractionDigits: 1 });
  const count = new Intl.NumberFormat(w.lang);
  const shows = new Map(results.variants.map((x) => [x.id, x.flowId === null ? w.t('abHoldOut') : flowName(x.flowId)]));
  const first = results.goals[0]?.report;
  const exposed = first?.variants.reduce((sum, v) => sum + v.exposures, 0) ?? 0;
  const view: ExperimentView = {
    ruleId: results.ruleId,
    title: w.t('abTestTitle', results.ruleName),
    empty: exposed === 0,
    tables: results.goals.map(({ goal, report }) => ({
      goalId: goal.id,
      caption: goalCaption(goal, w, flowName),
      rows: report.variants.map((v) => ({
        variantId: v.variantId,
        shows: shows.get(v.variantId) ?? v.variantId,
        exposures: count.format(v.exposures),
        conversions: count.format(v.conversions),
        rate:
          v.exposures === 0 ? '—' : w.t('abRateInterval', pct.format(v.rate), pct.format(v.low), pct.format(v.high)),
        // A p-value says something only once there is enough to compare.
        verdict: w.t(
          VERDICT_KEYS[v.verdict],
          ...(v.test && v.verdict !== 'too-early' ? [pValue(v.test.pValue, w.lang)] : []),
        ),
        verdictKind: v.verdict,
      })),
    })),
  };
  if (first?.sampleRatio.mismatch) {
    const ratio = (xs: number[]) => xs.map((x) => count.format(x)).join(' : ');
    view.sampleRatioWarning = w.t(
      'abSampleRatioMismatch',
      ratio(first.variants.map((v) => v.exposures)),
      ratio(results.variants.map((x) => x.weight)),
      pValue(first.sampleRatio.pValue, w.lang),
    );
  }
  return view;
}
