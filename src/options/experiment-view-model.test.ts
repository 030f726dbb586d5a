import { test } from 'node:test';
import assert from 'node:assert/strict';
import { experimentView, type ResultWords } from './experiment-view-model.ts';
import { experimentReport } from '../core/experiments/experiment-results.ts';
import type { ExperimentResults } from '../core/experiments/experiment-log.ts';
import type { Goal, Variant } from '../core/experiments/experiment-model.ts';
import { wordsOf } from '../core/test-support/catalogue.ts';

function words(lang: string): ResultWords {
  const w = wordsOf(lang);
  return {
    lang,
    t: (key, ...subs) => w.t(key, ...subs),
    plural: (key, n, ...more) => {
      const exact = `${key}_${new Intl.PluralRules(lang).select(n)}`;
      const text = w.t(exact, String(n), ...more);
      return text === exact ? w.t(`${key}_other`, String(n), ...more) : text;
    },
  };
}

const VARIANTS: Variant[] = [
  { id: 'offer', flowId: 'exit-offer', weight: 1 },
  { id: 'none', flowId: null, weight: 1 },
];
const GOAL: Goal = { id: 'checkout', kind: 'url', match: 'prefix', pattern: '/checkout', withinDays: 7 };
const names = (id: string) => (id === 'exit-offer' ? 'Exit offer' : id);

function results(offer: [number, number], none: [number, number]): ExperimentResults {
  const counts = new Map([
    ['offer', { exposures: offer[0], conversions: offer[1] }],
    ['none', { exposures: none[0], conversions: none[1] }],
  ]);
  return {
    ruleId: 'exit-ab',
    ruleName: 'Exit offer or nothing',
    variants: VARIANTS,
    goals: [{ goal: GOAL, report: experimentReport(VARIANTS, counts) }],
  };
}

test('a test nobody has seen is empty; one with counts has a worded row per variant', () => {
  assert.equal(experimentView(results([0, 0], [0, 0]), words('en'), names).empty, true);
  const view = experimentView(results([2000, 260], [2000, 200]), words('en'), names);
  assert.equal(view.empty, false);
  assert.equal(view.title, 'A/B test: Exit offer or nothing');
  const table = view.tables[0]!;
  assert.equal(table.caption, 'goal “checkout”: a visit to “/checkout” within 7 days');
  const [offer, none] = table.rows;
  assert.deepEqual(
    { ...offer, verdict: offer!.verdict.replace(/[\d.]+\)$/, 'N)') },
    {
      variantId: 'offer',
      shows: 'Exit offer',
      exposures: '2,000',
      conversions: '260',
      rate: '13% (11.6% – 14.5%)',
      verdict: 'Significantly better (p = N)',
      verdictKind: 'better',
    },
  );
  assert.equal(none!.shows, 'hold-out (nothing shown)');
  assert.equal(none!.verdict, 'Control');
  assert.equal(view.sampleRatioWarning, undefined);
});

test('a lopsided split is flagged; words come in French and Russian too', () => {
  const lopsided = results([1200, 100], [800, 70]);
  const en = experimentView(lopsided, words('en'), names);
  assert.match(
    en.sampleRatioWarning ?? '',
    /^Sample ratio mismatch: the variants’ visitors \(1,200 : 800\) do not follow their weights \(1 : 1\), p = < 0\.001\./,
  );
  const fr = experimentView(lopsided, words('fr'), names);
  assert.match(fr.sampleRatioWarning ?? '', /^Déséquilibre des effectifs/);
  assert.match(fr.tables[0]!.caption, /sous 7 jours$/);
  const ru = experimentView(results([30, 2], [30, 1]), words('ru'), names);
  assert.match(ru.tables[0]!.caption, /за 7 дней$/);
  assert.match(ru.tables[0]!.rows[0]!.verdict, /^Пока рано/);
});
