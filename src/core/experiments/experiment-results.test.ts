/**
 * Results per variant from exposures and visitor actions: visitors counted once, goals counted
 * only inside their window, verdicts against the control (hold-out first), the SRM warning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { experimentReport, tallyVariants, type Exposure } from './experiment-results.ts';
import { goalReachedAt, type VisitorAction } from './goal-evaluation.ts';
import type { Goal, Variant } from './experiment-model.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 10);

test('goals: a URL visited, an element clicked, a flow completed, only within N days after exposure', () => {
  const url: Goal = { id: 'paid', kind: 'url', match: 'glob', pattern: '/checkout/done*', withinDays: 7 };
  const click: Goal = { id: 'cart', kind: 'click', selector: '#add-to-cart', withinDays: 1 };
  const done: Goal = { id: 'finished', kind: 'flow-completed', flowId: 'finder', withinDays: 3 };
  const actions: VisitorAction[] = [
    { kind: 'page', at: T0 - 1000, url: 'https://shop.example/checkout/done' }, // before exposure
    { kind: 'click', at: T0 + 2 * DAY, selector: '#add-to-cart' }, // after click's window
    { kind: 'page', at: T0 + 6 * DAY, url: 'https://shop.example/checkout/done?order=1' },
    { kind: 'page', at: T0 + 5 * DAY, url: 'https://shop.example/checkout/done?order=0' },
    { kind: 'completed', at: T0 + DAY, flowId: 'other' },
    { kind: 'completed', at: T0 + 2 * DAY, flowId: 'finder' },
  ];
  assert.equal(goalReachedAt(url, T0, actions), T0 + 5 * DAY);
  assert.equal(goalReachedAt(click, T0, actions), null);
  assert.equal(goalReachedAt(click, T0 + 1.5 * DAY, actions), T0 + 2 * DAY);
  assert.equal(goalReachedAt(done, T0, actions), T0 + 2 * DAY);
  assert.equal(goalReachedAt({ ...url, withinDays: 4 }, T0, actions), null);
});

const HOLD_OUT: Variant[] = [
  { id: 'offer', flowId: 'exit-offer', weight: 1 },
  { id: 'none', flowId: null, weight: 1 },
];
const GOAL: Goal = { id: 'paid', kind: 'url', match: 'prefix', pattern: '/thanks', withinDays: 7 };

test('tally: each visitor once from the first exposure; conversions only after it', () => {
  const exposures: Exposure[] = [
    { visitorId: 'a', variantId: 'offer', at: T0 },
    { visitorId: 'a', variantId: 'offer', at: T0 + DAY }, // a second exposure of the same visitor
    { visitorId: 'b', variantId: 'offer', at: T0 },
    { visitorId: 'c', variantId: 'none', at: T0 },
    { visitorId: 'd', variantId: 'gone', at: T0 }, // a variant since removed
  ];
  const actions: Record<string, VisitorAction[]> = {
    a: [{ kind: 'page', at: T0 + 3 * DAY, url: 'https://s.example/thanks' }],
    b: [{ kind: 'page', at: T0 - DAY, url: 'https://s.example/thanks' }],
    c: [{ kind: 'page', at: T0 + DAY, url: 'https://s.example/thanks' }],
  };
  const counts = tallyVariants(HOLD_OUT, exposures, (id) => actions[id] ?? [], GOAL);
  assert.deepEqual(Object.fromEntries(counts), {
    offer: { exposures: 2, conversions: 1 },
    none: { exposures: 1, conversions: 1 },
  });
});

test('report: the hold-out is the control; rates with intervals; a clear winner is "better"', () => {
  const report = experimentReport(
    HOLD_OUT,
    new Map([
      ['offer', { exposures: 2000, conversions: 260 }],
      ['none', { exposures: 2000, conversions: 200 }],
    ]),
  );
  assert.equal(report.controlId, 'none');
  const [offer, none] = report.variants;
  assert.ok(offer && none);
  assert.equal(none.verdict, 'control');
  assert.equal(none.test, undefined);
  assert.equal(offer.verdict, 'better');
  assert.equal(offer.rate, 0.13);
  assert.ok(offer.low < 0.13 && offer.high > 0.13);
  assert.ok(offer.test && offer.test.pValue < 0.05);
  assert.equal(report.sampleRatio.mismatch, false);
});

test('report: too few conversions is "too early"; a small difference is "no difference"; worse is "worse"', () => {
  const flows: Variant[] = [
    { id: 'a', flowId: 'f1', weight: 1 },
    { id: 'b', flowId: 'f2', weight: 1 },
    { id: 'c', flowId: 'f3', weight: 1 },
  ];
  const report = experimentReport(
    flows,
    new Map([
      ['a', { exposures: 1000, conversions: 100 }],
      ['b', { exposures: 1000, conversions: 3 }],
      ['c', { exposures: 1000, conversions: 105 }],
    ]),
  );
  assert.deepEqual(
    report.variants.map((v) => v.verdict),
    ['control', 'too-early', 'no-difference'],
  );
  assert.equal(report.alpha, 0.025);
  const worse = experimentReport(
    flows.slice(0, 2),
    new Map([
      ['a', { exposures: 1000, conversions: 100 }],
      ['b', { exposures: 1000, conversions: 60 }],
    ]),
  );
  assert.equal(worse.variants[1]?.verdict, 'worse');
});

test('report: a lopsided split at 50/50 raises the sample-ratio warning', () => {
  const report = experimentReport(
    HOLD_OUT,
    new Map([
      ['offer', { exposures: 5400, conversions: 500 }],
      ['none', { exposures: 4600, conversions: 400 }],
    ]),
  );
  assert.equal(report.sampleRatio.mismatch, true);
});
