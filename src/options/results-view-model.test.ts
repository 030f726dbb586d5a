/** The results view's pure parts: value-axis ticks, the overview's order, the tables' cells. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { axisTicks, overviewCells, sortTotals, type TableHeads } from './results-view-model.ts';
import type { FlowTotals } from '../core/results/flow-stats.ts';

test('axisTicks: from 0 past the maximum, whole numbers at a 1-2-5 step', () => {
  assert.deepEqual(axisTicks(0), [0, 1]);
  assert.deepEqual(axisTicks(1), [0, 1]);
  assert.deepEqual(axisTicks(3), [0, 1, 2, 3]);
  assert.deepEqual(axisTicks(7), [0, 2, 4, 6, 8]);
  assert.deepEqual(axisTicks(40), [0, 10, 20, 30, 40]);
  assert.deepEqual(axisTicks(1234), [0, 500, 1000, 1500]);
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 10_000_000 }), (max) => {
      const ticks = axisTicks(max);
      assert.equal(ticks[0], 0);
      assert.ok(ticks.at(-1)! >= max, 'the axis reaches the maximum');
      assert.ok(ticks.length >= 2 && ticks.length <= 9, `${ticks.length} ticks`);
      const step = ticks[1]! - ticks[0];
      assert.match(String(step), /^(1|2|5)0*$/);
      ticks.forEach((v, i) => assert.equal(v, i * step));
    }),
  );
});

const row = (flowId: string, name: string | undefined, shown: number, completed: number): FlowTotals => ({
  flowId,
  ...(name === undefined ? {} : { name }),
  shown,
  opened: shown,
  completed,
  dismissed: 0,
  wouldShow: 0,
  completionRate: shown ? completed / shown : 0,
});
const ROWS = [row('b', 'Écoute', 10, 1), row('a', 'avis', 10, 5), row('c', 'Zeta', 2, 2), row('gone', undefined, 4, 0)];

test('sortTotals: by a number (ties by name), by name in the reader’s collation, both ways', () => {
  const ids = (key: Parameters<typeof sortTotals>[1]['key'], descending: boolean) =>
    sortTotals(ROWS, { key, descending }, 'fr').map((r) => r.flowId);
  assert.deepEqual(ids('shown', true), ['a', 'b', 'gone', 'c']);
  assert.deepEqual(ids('shown', false), ['c', 'gone', 'a', 'b'], 'ties stay A to Z');
  assert.deepEqual(ids('completionRate', true), ['c', 'a', 'b', 'gone']);
  assert.deepEqual(ids('name', false), ['a', 'b', 'gone', 'c']);
  assert.deepEqual(ids('name', true), ['c', 'gone', 'b', 'a']);
  assert.deepEqual(
    ROWS.map((r) => r.flowId),
    ['b', 'a', 'c', 'gone'],
    'the input is left as it was',
  );
});

test('overviewCells: a header, then each flow with its rate in percent; a deleted flow named as such', () => {
  const h = {
    flow: 'Flow',
    shown: 'Shown',
    opened: 'Opened',
    completed: 'Completed',
    dismissed: 'Dismissed',
    rate: 'Rate (%)',
  } as TableHeads;
  assert.deepEqual(
    overviewCells([ROWS[0]!, ROWS[3]!, row('x', 'Third', 3, 1)], h, (id) => `deleted ${id}`),
    [
      ['Flow', 'Shown', 'Opened', 'Completed', 'Dismissed', 'Rate (%)'],
      ['Écoute', 10, 10, 1, 0, 10],
      ['deleted gone', 4, 4, 0, 0, 0],
      ['Third', 3, 3, 1, 0, 33.3],
    ],
  );
});
