/**
 * A flow's numbers from hand-made rollup counters: totals, completion rate, answers with labels,
 * the funnel in flow order with drop-off, date ranges and the daily series.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { flowOverview, flowStats } from './flow-stats.ts';
import type { Rollup } from '../storage/migrations.ts';
import { MODEL_VERSION, type Flow } from '../flows/flow-model.ts';
import type { TactEvent } from './event-model.ts';

const FLOW: Flow = {
  id: 'finder',
  version: MODEL_VERSION,
  name: 'Finder',
  persona: { name: 'Kim', avatar: 'K' },
  start: 'ask',
  nodes: {
    ask: {
      type: 'choice',
      text: 'Looking for a pack?',
      replies: [
        { id: 'yes', label: 'Yes, a pack', next: 'size' },
        { id: 'no', label: 'Just browsing', next: 'bye' },
      ],
    },
    size: { type: 'input', text: 'How many litres?', next: 'thanks' },
    thanks: { type: 'end', text: 'Thanks!' },
    bye: { type: 'end', text: 'Enjoy!' },
  },
};

function r(flowId: string, day: string, type: TactEvent['type'], count: number, nodeId = '', replyId = ''): Rollup {
  return { key: [flowId, day, type, nodeId, replyId].join('|'), flowId, day, type, nodeId, replyId, count };
}

// Three days, given out of order, plus another flow's counters that must be ignored.
const ROLLUPS: Rollup[] = [
  r('finder', '2025-05-12', 'shown', 5),
  r('finder', '2025-05-12', 'opened', 4),
  r('finder', '2025-05-12', 'completed', 2, 'thanks'),
  r('finder', '2025-05-12', 'answered', 3, 'ask', 'yes'),
  r('finder', '2025-05-12', 'dismissed', 1, 'ask'),
  r('finder', '2025-05-10', 'shown', 10),
  r('finder', '2025-05-10', 'opened', 8),
  r('finder', '2025-05-10', 'completed', 3, 'thanks'),
  r('finder', '2025-05-10', 'completed', 1, 'bye'),
  r('finder', '2025-05-10', 'answered', 5, 'ask', 'yes'),
  r('finder', '2025-05-10', 'answered', 3, 'ask', 'no'),
  r('finder', '2025-05-10', 'answered', 4, 'size', 'text'),
  r('finder', '2025-05-10', 'dismissed', 2, 'ask'),
  r('finder', '2025-05-10', 'dismissed', 1, 'size'),
  r('finder', '2025-05-10', 'would-show', 7),
  r('finder', '2025-05-11', 'shown', 1),
  r('other', '2025-05-10', 'shown', 100),
  r('other', '2025-05-10', 'answered', 50, 'ask', 'yes'),
  r('other', '2025-05-10', 'dismissed', 50, 'ask'),
];

describe('flowStats', () => {
  test('totals and completion rate over all days', () => {
    const s = flowStats(FLOW, 'finder', ROLLUPS);
    assert.equal(s.flowId, 'finder');
    assert.equal(s.shown, 16);
    assert.equal(s.opened, 12, 'opened: every panel, and the pills the visitor opened');
    assert.equal(s.completed, 6);
    assert.equal(s.dismissed, 4);
    assert.equal(s.wouldShow, 7);
    assert.equal(s.completionRate, 6 / 16);
    assert.equal(s.from, undefined);
    assert.equal(s.to, undefined);
  });

  test('answers per question, in flow order, with the reply labels (free text as "free text")', () => {
    const s = flowStats(FLOW, 'finder', ROLLUPS);
    assert.deepEqual(
      s.answers.map((a) => ({ ...a, replies: [...a.replies].sort((x, y) => x.replyId.localeCompare(y.replyId)) })),
      [
        {
          nodeId: 'ask',
          question: 'Looking for a pack?',
          replies: [
            { replyId: 'no', label: 'Just browsing', count: 3 },
            { replyId: 'yes', label: 'Yes, a pack', count: 8 },
          ],
        },
        { nodeId: 'size', question: 'How many litres?', replies: [{ replyId: 'text', label: 'free text', count: 4 }] },
      ],
    );
  });

  test("questions and replies in the reader's language where the flow has it, else its default language", () => {
    const translated: Flow = {
      ...FLOW,
      nodes: {
        ...FLOW.nodes,
        ask: {
          type: 'choice',
          text: { en: 'Looking for a pack?', ru: 'Ищете рюкзак?' },
          replies: [
            { id: 'yes', label: { en: 'Yes, a pack', ru: 'Да, рюкзак' }, next: 'size' },
            { id: 'no', label: { en: 'Just browsing' }, next: 'bye' },
          ],
        },
      },
    };
    const named = (locale?: string) => {
      const s = flowStats(translated, 'finder', ROLLUPS, undefined, undefined, locale);
      const ask = s.answers.find((a) => a.nodeId === 'ask')!;
      return [ask.question, ...ask.replies.map((r) => r.label).sort(), s.funnel[1]!.question];
    };
    assert.deepEqual(named('ru'), ['Ищете рюкзак?', 'Just browsing', 'Да, рюкзак', 'How many litres?']);
    assert.deepEqual(named('fr'), ['Looking for a pack?', 'Just browsing', 'Yes, a pack', 'How many litres?']);
    assert.deepEqual(named(), named('en'));
  });

  test('funnel: steps in flow order (endings left out), named by their question, answered and dropped at each', () => {
    const s = flowStats(FLOW, 'finder', ROLLUPS);
    assert.deepEqual(s.funnel, [
      { nodeId: 'ask', question: 'Looking for a pack?', answered: 11, droppedHere: 3 },
      { nodeId: 'size', question: 'How many litres?', answered: 4, droppedHere: 1 },
    ]);
  });

  test('the funnel follows the flow breadth-first from its start, not the order of the counters', () => {
    const rollups = [
      r('finder', '2025-05-10', 'answered', 1, 'size', 'text'),
      r('finder', '2025-05-10', 'answered', 2, 'ask', 'yes'),
    ];
    const s = flowStats(FLOW, 'finder', rollups);
    assert.deepEqual(
      s.funnel.map((f) => f.nodeId),
      ['ask', 'size'],
    );
    assert.deepEqual(
      s.answers.map((a) => a.nodeId),
      ['ask', 'size'],
    );
  });

  test('a step nobody reached is in the funnel with zeros', () => {
    const s = flowStats(FLOW, 'finder', [
      r('finder', '2025-05-10', 'shown', 3),
      r('finder', '2025-05-10', 'dismissed', 3, 'ask'),
    ]);
    assert.deepEqual(s.funnel, [
      { nodeId: 'ask', question: 'Looking for a pack?', answered: 0, droppedHere: 3 },
      { nodeId: 'size', question: 'How many litres?', answered: 0, droppedHere: 0 },
    ]);
    assert.deepEqual(s.answers, []);
  });

  test('daily series, sorted by day, with shown / completed / dismissed', () => {
    const s = flowStats(FLOW, 'finder', ROLLUPS);
    assert.deepEqual(s.daily, [
      { day: '2025-05-10', shown: 10, completed: 4, dismissed: 3 },
      { day: '2025-05-11', shown: 1, completed: 0, dismissed: 0 },
      { day: '2025-05-12', shown: 5, completed: 2, dismissed: 1 },
    ]);
  });

  test('date range: from and to are inclusive', () => {
    const s = flowStats(FLOW, 'finder', ROLLUPS, '2025-05-11', '2025-05-12');
    assert.equal(s.from, '2025-05-11');
    assert.equal(s.to, '2025-05-12');
    assert.equal(s.shown, 6);
    assert.equal(s.completed, 2);
    assert.equal(s.dismissed, 1);
    assert.equal(s.wouldShow, 0);
    assert.equal(s.completionRate, 2 / 6);
    assert.deepEqual(
      s.daily.map((d) => d.day),
      ['2025-05-11', '2025-05-12'],
    );
    assert.deepEqual(s.funnel, [
      { nodeId: 'ask', question: 'Looking for a pack?', answered: 3, droppedHere: 1 },
      { nodeId: 'size', question: 'How many litres?', answered: 0, droppedHere: 0 },
    ]);
  });

  test('date range: only from, only to, a single day, an empty range', () => {
    assert.equal(flowStats(FLOW, 'finder', ROLLUPS, '2025-05-12').shown, 5);
    assert.equal(flowStats(FLOW, 'finder', ROLLUPS, undefined, '2025-05-10').shown, 10);
    assert.equal(flowStats(FLOW, 'finder', ROLLUPS, '2025-05-11', '2025-05-11').shown, 1);
    const none = flowStats(FLOW, 'finder', ROLLUPS, '2025-06-01', '2025-06-30');
    assert.equal(none.shown, 0);
    assert.equal(none.completionRate, 0);
    assert.deepEqual(none.daily, []);
  });

  test('no counters at all: zeros, completion rate 0 (not NaN)', () => {
    const s = flowStats(FLOW, 'finder', []);
    assert.deepEqual(
      {
        shown: s.shown,
        completed: s.completed,
        dismissed: s.dismissed,
        wouldShow: s.wouldShow,
        completionRate: s.completionRate,
        answers: s.answers,
        daily: s.daily,
      },
      { shown: 0, completed: 0, dismissed: 0, wouldShow: 0, completionRate: 0, answers: [], daily: [] },
    );
  });

  test('only the asked flow counts', () => {
    const s = flowStats(undefined, 'other', ROLLUPS);
    assert.equal(s.shown, 100);
    assert.equal(s.dismissed, 50);
  });

  test('a reply id the flow no longer has is shown by its id', () => {
    const s = flowStats(FLOW, 'finder', [r('finder', '2025-05-10', 'answered', 2, 'ask', 'maybe')]);
    assert.deepEqual(s.answers[0]!.replies, [{ replyId: 'maybe', label: 'maybe', count: 2 }]);
  });

  test('without the flow (deleted), nodes are listed by id in the order first seen', () => {
    const s = flowStats(undefined, 'finder', ROLLUPS);
    assert.equal(s.shown, 16);
    assert.deepEqual(s.funnel.map((f) => f.nodeId).sort(), ['ask', 'size']);
    const ask = s.answers.find((a) => a.nodeId === 'ask')!;
    assert.equal(ask.question, 'ask');
    assert.deepEqual(
      ask.replies.find((x) => x.replyId === 'yes'),
      { replyId: 'yes', label: 'yes', count: 8 },
    );
    assert.equal(s.answers.find((a) => a.nodeId === 'size')!.replies[0]!.label, 'free text');
  });

  test('the completion rate is completed / shown', () => {
    const s = flowStats(FLOW, 'finder', [
      r('finder', '2025-05-10', 'shown', 3),
      r('finder', '2025-05-10', 'completed', 1, 'bye'),
    ]);
    assert.equal(s.completionRate, 1 / 3);
  });
});

describe('flowStats funnel through every kind of step', () => {
  test('messages, ratings and conditions lead on to the steps after them (only steps the visitor acts on are listed)', () => {
    const flow: Flow = {
      id: 'long',
      version: MODEL_VERSION,
      name: 'Long',
      persona: { name: 'Kim', avatar: 'K' },
      start: 'hello',
      nodes: {
        hello: { type: 'message', text: 'Hi', next: 'rate' },
        rate: { type: 'rating', text: 'How was it?', scale: 'stars', next: 'branch' },
        branch: { type: 'condition', branches: [], otherwise: 'ask' },
        ask: { type: 'choice', text: 'More?', replies: [{ id: 'no', label: 'No', next: 'bye' }] },
        bye: { type: 'end', text: 'Bye' },
      },
    } as unknown as Flow;
    const s = flowStats(flow, 'long', [
      r('long', '2025-05-10', 'answered', 2, 'ask', 'no'),
      r('long', '2025-05-10', 'answered', 3, 'rate', '5'),
    ]);
    assert.deepEqual(
      s.funnel.map((f) => [f.nodeId, f.answered]),
      [
        ['rate', 3],
        ['ask', 2],
      ],
    );
  });
});

describe('flowOverview', () => {
  test('every flow in the given order, counted or not, then deleted flows that still have counts', () => {
    const rows = flowOverview(
      [
        { id: 'quiet', name: 'Never shown' },
        { id: 'finder', name: 'Finder' },
      ],
      ROLLUPS,
    );
    assert.deepEqual(rows, [
      {
        flowId: 'quiet',
        name: 'Never shown',
        shown: 0,
        opened: 0,
        completed: 0,
        dismissed: 0,
        wouldShow: 0,
        completionRate: 0,
      },
      {
        flowId: 'finder',
        name: 'Finder',
        shown: 16,
        opened: 12,
        completed: 6,
        dismissed: 4,
        wouldShow: 7,
        completionRate: 6 / 16,
      },
      { flowId: 'other', shown: 100, opened: 0, completed: 0, dismissed: 50, wouldShow: 0, completionRate: 0 },
    ]);
  });

  test('the same totals as flowStats for each flow and date range', () => {
    for (const [from, to] of [
      [undefined, undefined],
      ['2025-05-11', '2025-05-12'],
      ['2025-05-10', '2025-05-10'],
      ['2025-06-01', undefined],
    ] as const) {
      const [row] = flowOverview([{ id: 'finder', name: 'Finder' }], ROLLUPS, from, to);
      const s = flowStats(FLOW, 'finder', ROLLUPS, from, to);
      assert.deepEqual(
        [row!.shown, row!.opened, row!.completed, row!.dismissed, row!.wouldShow, row!.completionRate],
        [s.shown, s.opened, s.completed, s.dismissed, s.wouldShow, s.completionRate],
      );
    }
  });
});
