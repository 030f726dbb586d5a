import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  emptyLog,
  experimentReports,
  retainedLog,
  withAction,
  withExposure,
  type ExperimentLog,
} from './experiment-log.ts';
import { tallyVariants } from './experiment-results.ts';
import type { Goal, Variant } from './experiment-model.ts';
import type { VisitorAction } from './goal-evaluation.ts';

const DAY = 86_400_000;
const VARIANTS: Variant[] = [
  { id: 'a', flowId: 'fa', weight: 1 },
  { id: 'b', flowId: null, weight: 1 },
];
const GOALS: Goal[] = [
  { id: 'thanks', kind: 'url', match: 'prefix', pattern: '/thanks', withinDays: 2 },
  { id: 'buy', kind: 'click', selector: '#buy', withinDays: 2 },
];

test('only the first exposure of a visitor counts', () => {
  const log = withExposure(emptyLog('r'), { visitorId: 'v', variantId: 'a', at: 10 })!;
  assert.equal(withExposure(log, { visitorId: 'v', variantId: 'b', at: 20 }), undefined);
  assert.equal(withExposure(log, { visitorId: 'w', variantId: 'b', at: 20 })!.exposures.length, 2);
});

test('an action is kept only when it reaches a goal not reached yet, after the exposure and in its window', () => {
  const log = withExposure(emptyLog('r'), { visitorId: 'v', variantId: 'a', at: 1000 })!;
  const page = (at: number, path: string): VisitorAction => ({ kind: 'page', at, url: `https://s.example${path}` });
  assert.equal(withAction(log, GOALS, 'w', page(2000, '/thanks')), undefined, 'not exposed');
  assert.equal(withAction(log, GOALS, 'v', page(500, '/thanks')), undefined, 'before the exposure');
  assert.equal(withAction(log, GOALS, 'v', page(1000 + 3 * DAY, '/thanks')), undefined, 'after the window');
  assert.equal(withAction(log, GOALS, 'v', page(2000, '/shop')), undefined, 'no goal');
  const reached = withAction(log, GOALS, 'v', page(2000, '/thanks'))!;
  assert.equal(reached.actions.length, 1);
  assert.equal(withAction(reached, GOALS, 'v', page(3000, '/thanks?again')), undefined, 'already reached');
  const clicked = withAction(reached, GOALS, 'v', { kind: 'click', at: 4000, selector: '#buy' })!;
  const [thanks, buy] = experimentReports(VARIANTS, GOALS, clicked);
  assert.deepEqual(
    thanks!.report.variants.map((x) => [x.variantId, x.exposures, x.conversions]),
    [
      ['a', 1, 1],
      ['b', 0, 0],
    ],
  );
  assert.equal(buy!.report.variants[0]!.conversions, 1);
  assert.equal(buy!.report.controlId, 'b', 'the hold-out is the control');
});

test("retention forgets exposures before the cutoff with their visitors' actions; an empty log goes", () => {
  const log: ExperimentLog = {
    ruleId: 'r',
    exposures: [
      { visitorId: 'old', variantId: 'a', at: 100 },
      { visitorId: 'new', variantId: 'b', at: 1000 },
    ],
    actions: [
      { visitorId: 'old', kind: 'click', at: 2000, selector: '#buy' },
      { visitorId: 'new', kind: 'click', at: 3000, selector: '#buy' },
    ],
  };
  assert.deepEqual(retainedLog(log, 500), {
    ruleId: 'r',
    exposures: [{ visitorId: 'new', variantId: 'b', at: 1000 }],
    actions: [{ visitorId: 'new', kind: 'click', at: 3000, selector: '#buy' }],
  });
  assert.deepEqual(retainedLog(log, 100)?.exposures.length, 2, 'an exposure at the cutoff stays');
  assert.equal(retainedLog(log, 1001), undefined, 'nothing left: the record goes');
});

test('property: the kept actions count the same conversions as every action would, and stay few', () => {
  const actionArb = fc.record({
    visitor: fc.integer({ min: 0, max: 5 }),
    at: fc.integer({ min: 0, max: 5 * DAY }),
    what: fc.constantFrom<VisitorAction['kind']>('page', 'click'),
    hit: fc.boolean(),
  });
  const exposureArb = fc.record({
    visitor: fc.integer({ min: 0, max: 5 }),
    at: fc.integer({ min: 0, max: 5 * DAY }),
    variant: fc.constantFrom('a', 'b'),
  });
  fc.assert(
    fc.property(fc.array(exposureArb, { maxLength: 8 }), fc.array(actionArb, { maxLength: 30 }), (exposures, raw) => {
      let log: ExperimentLog = emptyLog('r');
      for (const e of [...exposures].sort((x, y) => x.at - y.at))
        log = withExposure(log, { visitorId: `v${e.visitor}`, variantId: e.variant, at: e.at }) ?? log;
      const actions = raw
        .sort((x, y) => x.at - y.at)
        .map((a): { visitorId: string; action: VisitorAction } => ({
          visitorId: `v${a.visitor}`,
          action:
            a.what === 'page'
              ? { kind: 'page', at: a.at, url: a.hit ? 'https://s.example/thanks' : 'https://s.example/shop' }
              : { kind: 'click', at: a.at, selector: a.hit ? '#buy' : '#other' },
        }));
      for (const { visitorId, action } of actions) log = withAction(log, GOALS, visitorId, action) ?? log;
      const all = (visitorId: string) => actions.filter((a) => a.visitorId === visitorId).map((a) => a.action);
      const reports = experimentReports(VARIANTS, GOALS, log);
      GOALS.forEach((goal, i) => {
        const expected = tallyVariants(VARIANTS, log.exposures, all, goal);
        for (const v of reports[i]!.report.variants)
          assert.deepEqual(expected.get(v.variantId)!.conversions, v.conversions);
      });
      assert.ok(log.actions.length <= log.exposures.length * GOALS.length);
    }),
  );
});
