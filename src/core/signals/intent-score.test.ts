import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addEvidence, crossedLevel, estimateIntents, needsFrom, withIntentInputs, zeroScores } from './intent-score.ts';
import type { Signal } from './signal-model.ts';
import { FLAG_SIGNALS, INTENTS } from './signal-kinds.ts';
import { emptyPlan } from './arming-plan.ts';

const top = (signals: Signal[]) => estimateIntents(signals)[0]!;

describe('intent estimate from recorded page views', () => {
  test('a shopper flicking to the tabs after hovering the price: leaving, then hesitating', () => {
    const est = estimateIntents([{ type: 'hesitation', selector: '.price', ms: 1500 }, { type: 'exit-intent' }]);
    assert.equal(est[0]!.intent, 'leaving');
    assert.equal(est[0]!.score, 0.8);
    assert.equal(est[1]!.intent, 'hesitating');
    assert.deepEqual(
      est[0]!.because.map((b) => b.signal.type),
      ['exit-intent'],
    );
  });
  test('a reader: reading pauses, a selection, scrolled to the end', () => {
    const e = top([
      { type: 'scroll-depth', percent: 50 },
      { type: 'reading' },
      { type: 'text-selection' },
      { type: 'scroll-depth', percent: 100 },
    ]);
    assert.equal(e.intent, 'reading');
    assert.ok(e.score > 0.7 && e.score < 0.8, `reading ${e.score}`);
    assert.deepEqual(
      e.because.map((b) => b.signal.type),
      ['reading', 'text-selection', 'scroll-depth'],
    );
  });
  test('comparing: back and forth three times and a return from another tab', () => {
    const e = top([
      { type: 'scroll-reversal' },
      { type: 'scroll-reversal' },
      { type: 'tab-return' },
      { type: 'scroll-reversal' },
    ]);
    assert.equal(e.intent, 'comparing');
    assert.ok(e.score > 0.7, `comparing ${e.score}`);
  });
  test('one dead click is a hint, two are frustration; a rage burst is frustration at once', () => {
    assert.ok(top([{ type: 'dead-click' }]).score < 0.5);
    assert.ok(top([{ type: 'dead-click' }, { type: 'dead-click' }]).score >= 0.5);
    assert.equal(top([{ type: 'rage-click' }]).intent, 'frustrated');
  });
  test('signals that say nothing about intent leave every score at 0', () => {
    assert.ok(
      estimateIntents([
        { type: 'scroll-depth', percent: 25 },
        { type: 'dwell', seconds: 10 },
      ]).every((e) => e.score === 0 && e.because.length === 0),
    );
  });
});

describe('intent scores: invariants', () => {
  const signal = fc.oneof<fc.Arbitrary<Signal>[]>(
    fc.constantFrom(...FLAG_SIGNALS).map((type) => ({ type })),
    fc.constant({ type: 'exit-intent' }),
    fc.integer({ min: 1, max: 600 }).map((seconds) => ({ type: 'idle', seconds })),
    fc.integer({ min: 1, max: 600 }).map((seconds) => ({ type: 'dwell', seconds })),
    fc.constantFrom(25, 50, 75, 100).map((percent) => ({ type: 'scroll-depth', percent })),
  );
  test('scores stay in 0..1 and never go down as signals arrive', () => {
    fc.assert(
      fc.property(fc.array(signal, { maxLength: 60 }), (signals) => {
        const s = zeroScores();
        for (const sig of signals) {
          const before = { ...s };
          addEvidence(s, sig);
          for (const i of INTENTS) if (!(s[i] >= before[i] && s[i] >= 0 && s[i] <= 1)) return false;
        }
        return true;
      }),
    );
  });
  test('every positive score is explained by at least one signal', () => {
    fc.assert(
      fc.property(fc.array(signal, { maxLength: 30 }), (signals) =>
        estimateIntents(signals).every((e) => e.score > 0 === e.because.length > 0),
      ),
    );
  });
});

describe('intent levels and needs', () => {
  test('reported when a score rises past 0.5, 0.7 or 0.9; not while it stays between', () => {
    assert.equal(crossedLevel(0.4, 0.55), true);
    assert.equal(crossedLevel(0.55, 0.6), false);
    assert.equal(crossedLevel(0.6, 0.75), true);
    assert.equal(crossedLevel(0.3, 0.45), false);
  });
  test('needs follow the intents: frustration asks for help, reading for education', () => {
    const s = zeroScores();
    s.frustrated = 0.7;
    s.reading = 0.4;
    assert.deepEqual(needsFrom(s), { help: 0.7, reassurance: 0, education: 0.4, inspiration: 0.4 });
  });
  test('a plan waiting for an intent arms its inputs, without changing the plan itself', () => {
    const plan = { ...emptyPlan(), intents: ['frustrated' as const, 'reading' as const] };
    const full = withIntentInputs(plan);
    assert.deepEqual(full.flags.sort(), ['copy', 'dead-click', 'rage-click', 'reading', 'text-selection']);
    assert.deepEqual(full.scrollDepths, [75, 100]);
    assert.equal(full.exitIntent, false);
    assert.deepEqual(full.hesitation, []);
    const hesitating = withIntentInputs({ ...emptyPlan(), scrollDepths: [75], intents: ['hesitating', 'reading'] });
    assert.deepEqual(hesitating.scrollDepths, [75, 100]);
    assert.equal(hesitating.hesitation.length, 1);
    assert.deepEqual(hesitating.flags.sort(), ['copy', 'form-abandon', 'reading', 'text-selection']);
    assert.deepEqual(full.dwellSeconds, [30]);
    assert.deepEqual(plan.flags, []);
  });
});
