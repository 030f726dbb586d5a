/** The results view's pure parts: value-axis ticks, the overview's order, the tables' cells. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  axisTicks,
  overviewCells,
  replyCells,
  sortTotals,
  statsInReaderWords,
  type TableHeads,
} from './results-view-model.ts';
import { flowStats, type FlowTotals } from '../core/results/flow-stats.ts';
import { MODEL_VERSION, type Flow } from '../core/flows/flow-model.ts';
import type { Rollup } from '../core/storage/migrations.ts';

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

test("statsInReaderWords: free-text answers named in the reader's language, in the figures file too", () => {
  const flow: Flow = {
    id: 'finder',
    version: MODEL_VERSION,
    name: 'Finder',
    persona: { name: 'Kim', avatar: 'K' },
    defaultLocale: 'en',
    start: 'ask',
    nodes: {
      ask: {
        type: 'choice',
        text: { en: 'Looking for a pack?', fr: 'Vous cherchez un sac ?' },
        replies: [{ id: 'yes', label: { en: 'Yes', fr: 'Oui' }, next: 'size' }],
      },
      size: { type: 'input', text: { en: 'How many litres?', fr: 'Combien de litres ?' }, next: 'end' },
      end: { type: 'end', text: 'Thanks!' },
    },
  };
  const rollup = (nodeId: string, replyId: string, count: number): Rollup => ({
    key: ['finder', '2025-05-10', 'answered', nodeId, replyId].join('|'),
    flowId: 'finder',
    day: '2025-05-10',
    type: 'answered',
    nodeId,
    replyId,
    count,
  });
  const raw = flowStats(
    flow,
    'finder',
    [rollup('ask', 'yes', 5), rollup('size', 'text', 4)],
    undefined,
    undefined,
    'fr',
  );
  const before = JSON.stringify(raw);
  const s = statsInReaderWords(raw, 'texte libre');
  // What "Figures (JSON)" downloads: the whole of it in French, not a word of the background's English.
  const file = JSON.stringify(s, null, 2);
  assert.doesNotMatch(file, /free text/);
  assert.deepEqual(
    s.answers.map((a) => [a.question, a.replies.map((r) => [r.replyId, r.label, r.count])]),
    [
      ['Vous cherchez un sac ?', [['yes', 'Oui', 5]]],
      ['Combien de litres ?', [['text', 'texte libre', 4]]],
    ],
  );
  assert.deepEqual(replyCells(s.answers[1]!, { reply: 'Réponse', count: 'Nombre' } as TableHeads), [
    ['Réponse', 'Nombre'],
    ['texte libre', 4],
  ]);
  assert.equal(JSON.stringify(raw), before, 'the stats received are left as they were');
  assert.deepEqual({ ...s, answers: [] }, { ...raw, answers: [] }, 'every other figure unchanged');
});
