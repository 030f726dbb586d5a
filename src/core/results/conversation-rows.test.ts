/**
 * One row per conversation from the event log: answers under their question (a form: one column
 * per field), tags, outcome, page and start; previews, other flows and shadow counts left out;
 * steps the flow lost kept as their own columns; a date range on the start day; the CSV cells and
 * the JSON export built from the same rows.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MODEL_VERSION, type Flow } from '../flows/flow-model.ts';
import type { TactEvent } from './event-model.ts';
import {
  answerColumns,
  conversationTable,
  localDateTime,
  tableCells,
  tableJson,
  type TableWords,
} from './conversation-rows.ts';

const FLOW: Flow = {
  id: 'news',
  version: MODEL_VERSION,
  name: 'Newsletter',
  persona: { name: 'Ana', avatar: 'A' },
  start: 'ask',
  nodes: {
    ask: {
      type: 'choice',
      text: 'A weekly letter?',
      replies: [
        { id: 'yes', label: 'Yes, please', next: 'email', tags: ['interested'] },
        { id: 'no', label: 'No, thanks', next: 'bye' },
      ],
    },
    email: { type: 'input', input: 'email', text: 'Where should I send it?', next: 'about', tags: ['newsletter'] },
    about: {
      type: 'form',
      text: 'Two more things',
      fields: [
        { id: 'name', label: 'Your first name?', input: 'text', required: true },
        { id: 'city', label: 'Your city?', input: 'text', required: false },
      ],
      next: 'tag',
    },
    tag: { type: 'action', action: { kind: 'tag', tags: ['subscriber'] }, next: 'done' },
    done: { type: 'end', text: 'Done.' },
    bye: { type: 'end', text: 'Bye.' },
  },
};

const T0 = new Date(2025, 4, 10, 9, 30, 0).getTime(); // 10 May 2025, 09:30 local time
const MIN = 60_000;
const DAY = 86_400_000;
let nextId = 1;

function ev(conversationId: string, at: number, type: TactEvent['type'], extra: Partial<TactEvent> = {}): TactEvent {
  return {
    id: nextId++,
    at,
    type,
    conversationId,
    flowId: 'news',
    ruleId: 'r1',
    origin: 'https://news.example',
    path: '/2025/05/10/story.html',
    ...extra,
  };
}

const answered = (c: string, at: number, nodeId: string, replyId: string, label: string, tags?: string[]) =>
  ev(c, at, 'answered', { nodeId, replyId, label, ...(tags ? { tags } : {}) });

const EVENTS: TactEvent[] = [
  // c2 first in the log, though it started later: rows come out by start time.
  ev('c2', T0 + 60 * MIN, 'shown', { nodeId: 'ask', origin: 'https://www.news.example', path: '/' }),
  ev('c2', T0 + 61 * MIN, 'opened'),
  answered('c2', T0 + 62 * MIN, 'ask', 'no', 'No, thanks'),
  ev('c2', T0 + 62 * MIN, 'completed', { nodeId: 'bye' }),
  // c1: the whole way, with an email and a form.
  ev('c1', T0, 'shown', { nodeId: 'ask' }),
  ev('c1', T0, 'opened'),
  answered('c1', T0 + MIN, 'ask', 'yes', 'Yes, please', ['interested']),
  answered('c1', T0 + 2 * MIN, 'email', 'text', 'ana@example.com', ['newsletter']),
  answered('c1', T0 + 3 * MIN, 'about', 'name', 'Ana'),
  answered('c1', T0 + 4 * MIN, 'about', 'city', '=cmd|calc', ['subscriber']),
  ev('c1', T0 + 4 * MIN, 'completed', { nodeId: 'done' }),
  // c3: closed at the email step.
  ev('c3', T0 + 2 * DAY, 'shown', { nodeId: 'ask' }),
  answered('c3', T0 + 2 * DAY + MIN, 'ask', 'yes', 'Yes, please', ['interested']),
  ev('c3', T0 + 2 * DAY + 2 * MIN, 'dismissed', { nodeId: 'email', label: 'dismissed' }),
  // c4: shown, never answered, still open.
  ev('c4', T0 + 3 * DAY, 'shown', { nodeId: 'ask' }),
  // c5: answered a step the flow no longer has.
  ev('c5', T0 + 3 * DAY + MIN, 'shown', { nodeId: 'ask' }),
  answered('c5', T0 + 3 * DAY + 2 * MIN, 'old-step', 'x', 'Old answer'),
  // Left out: a preview, another flow, a shadow-mode count.
  ev('p1', T0 + 5 * MIN, 'shown', { nodeId: 'ask', preview: true }),
  { ...answered('p1', T0 + 6 * MIN, 'ask', 'yes', 'Yes, please'), preview: true },
  { ...ev('o1', T0, 'shown'), flowId: 'other' },
  ev('w1', T0, 'would-show'),
];

describe('conversationTable', () => {
  const table = conversationTable(FLOW, 'news', EVENTS);

  test('columns: each answer step in flow order, a form one per field, then steps the flow lost', () => {
    assert.deepEqual(table.columns, [
      { key: 'ask', question: 'A weekly letter?' },
      { key: 'email', question: 'Where should I send it?' },
      { key: 'about.name', question: 'Your first name?' },
      { key: 'about.city', question: 'Your city?' },
      { key: 'old-step', question: 'old-step', removed: true },
    ]);
  });

  test('one row per conversation, oldest first, with page, answers, tags and outcome', () => {
    assert.deepEqual(table.rows, [
      {
        conversationId: 'c1',
        startedAt: T0,
        page: 'https://news.example/2025/05/10/story.html',
        answers: { ask: 'Yes, please', email: 'ana@example.com', 'about.name': 'Ana', 'about.city': '=cmd|calc' },
        tags: ['interested', 'newsletter', 'subscriber'],
        outcome: 'completed',
      },
      {
        conversationId: 'c2',
        startedAt: T0 + 60 * MIN,
        page: 'https://www.news.example/',
        answers: { ask: 'No, thanks' },
        tags: [],
        outcome: 'completed',
      },
      {
        conversationId: 'c3',
        startedAt: T0 + 2 * DAY,
        page: 'https://news.example/2025/05/10/story.html',
        answers: { ask: 'Yes, please' },
        tags: ['interested'],
        outcome: 'dismissed',
      },
      {
        conversationId: 'c4',
        startedAt: T0 + 3 * DAY,
        page: 'https://news.example/2025/05/10/story.html',
        answers: {},
        tags: [],
        outcome: 'open',
      },
      {
        conversationId: 'c5',
        startedAt: T0 + 3 * DAY + MIN,
        page: 'https://news.example/2025/05/10/story.html',
        answers: { 'old-step': 'Old answer' },
        tags: [],
        outcome: 'open',
      },
    ]);
  });

  test('a date range keeps the conversations that started on those local days', () => {
    const day = (offset: number) => {
      const d = new Date(T0 + offset * DAY);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    const ids = (from?: string, to?: string) =>
      conversationTable(FLOW, 'news', EVENTS, { from, to }).rows.map((r) => r.conversationId);
    assert.deepEqual(ids(day(0), day(0)), ['c1', 'c2']);
    assert.deepEqual(ids(day(1)), ['c3', 'c4', 'c5']);
    assert.deepEqual(ids(undefined, day(2)), ['c1', 'c2', 'c3']);
    assert.deepEqual(ids(day(4)), []);
    // A step the flow lost gets its column only when a conversation in range answered it.
    assert.equal(
      conversationTable(FLOW, 'news', EVENTS, { to: day(2) }).columns.some((c) => c.removed),
      false,
    );
  });

  test('the order of events in the log does not matter', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(EVENTS, { minLength: EVENTS.length, maxLength: EVENTS.length }), (shuffled) => {
        assert.deepEqual(conversationTable(FLOW, 'news', shuffled), table);
      }),
      { numRuns: 50 },
    );
  });

  test('without the flow (deleted), every answered step is a column of its own', () => {
    const t = conversationTable(undefined, 'news', EVENTS);
    assert.deepEqual(
      t.columns.map((c) => c.key),
      ['ask', 'email', 'about', 'old-step'],
    );
    assert.equal(t.rows.length, 5);
  });

  test('answerColumns: a button the visitor uses is a step, named by its text or its label', () => {
    const flow: Flow = {
      ...FLOW,
      start: 'go',
      nodes: {
        go: { type: 'action', action: { kind: 'open-link', url: '/shop/', label: 'See the packs' }, next: 'end' },
        end: { type: 'end', text: 'Bye' },
      },
    };
    assert.deepEqual(answerColumns(flow), [{ key: 'go', question: 'See the packs' }]);
  });
});

const WORDS: TableWords = {
  startedAt: 'Started at',
  page: 'Page',
  tags: 'Tags',
  outcome: 'Outcome',
  outcomes: { completed: 'completed', dismissed: 'dismissed', open: 'open' },
  removedStep: (id) => `Removed step “${id}”`,
  time: localDateTime,
};

test('tableCells: a header row, then one row per conversation, empty where a step was not answered', () => {
  const cells = tableCells(conversationTable(FLOW, 'news', EVENTS), WORDS);
  assert.deepEqual(cells[0], [
    'Started at',
    'Page',
    'A weekly letter?',
    'Where should I send it?',
    'Your first name?',
    'Your city?',
    'Removed step “old-step”',
    'Tags',
    'Outcome',
  ]);
  assert.deepEqual(cells[1], [
    '2025-05-10 09:30:00',
    'https://news.example/2025/05/10/story.html',
    'Yes, please',
    'ana@example.com',
    'Ana',
    '=cmd|calc',
    '',
    'interested, newsletter, subscriber',
    'completed',
  ]);
  assert.deepEqual(cells[3]!.slice(-2), ['interested', 'dismissed']);
  assert.equal(cells.length, 6);
});

test('tableJson: stable keys and outcome codes, ISO times, only the answered steps', () => {
  const json = tableJson(conversationTable(FLOW, 'news', EVENTS), 'Newsletter', { from: '2025-05-01' }, T0 + 10 * DAY);
  assert.deepEqual(json.flow, { id: 'news', name: 'Newsletter' });
  assert.equal(json.from, '2025-05-01');
  assert.equal('to' in json, false);
  assert.equal(json.exportedAt, new Date(T0 + 10 * DAY).toISOString());
  assert.deepEqual(json.conversations[0], {
    startedAt: new Date(T0).toISOString(),
    page: 'https://news.example/2025/05/10/story.html',
    answers: [
      { step: 'ask', question: 'A weekly letter?', answer: 'Yes, please' },
      { step: 'email', question: 'Where should I send it?', answer: 'ana@example.com' },
      { step: 'about.name', question: 'Your first name?', answer: 'Ana' },
      { step: 'about.city', question: 'Your city?', answer: '=cmd|calc' },
    ],
    tags: ['interested', 'newsletter', 'subscriber'],
    outcome: 'completed',
  });
  assert.deepEqual(
    json.conversations.map((c) => c.outcome),
    ['completed', 'completed', 'dismissed', 'open', 'open'],
  );
});
