import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edgesOf, layoutFlow } from './flow-layout.ts';
import { DEFAULT_FLOWS } from '../core/flows/default-pack.ts';
import type { Flow } from '../core/flows/flow-model.ts';

const flow = {
  start: 'ask',
  nodes: {
    ask: {
      type: 'choice',
      text: 'Q',
      replies: [
        { id: 'a', label: 'Yes', next: 'tell' },
        { id: 'b', label: 'No', next: 'bye' },
      ],
    },
    tell: { type: 'input', text: 'Why?', next: 'bye' },
    bye: { type: 'end', text: 'Bye' },
    lost: { type: 'message', text: 'never reached', next: 'ask' },
  },
} as unknown as Flow;

test('layers by distance from the start; unreachable nodes last and flagged', () => {
  const l = layoutFlow(flow);
  const by = Object.fromEntries(l.nodes.map((n) => [n.id, n]));
  assert.deepEqual([by.ask!.layer, by.tell!.layer, by.bye!.layer, by.lost!.layer], [0, 1, 1, 2]);
  assert.equal(by.ask!.start, true);
  assert.equal(by.lost!.reachable, false);
  assert.equal(by.bye!.reachable, true);
  assert.ok(by.tell!.x < by.bye!.x, 'reply order is kept within a layer');
  // Edges: two replies (labelled), tell → bye, and the back edge lost → ask.
  assert.deepEqual(
    l.edges.map((e) => [e.from, e.to, e.role, e.label ?? '']),
    [
      ['ask', 'tell', 'reply', 'Yes'],
      ['ask', 'bye', 'reply', 'No'],
      ['tell', 'bye', 'next', ''],
      ['lost', 'ask', 'next', ''],
    ],
  );
  for (const n of l.nodes)
    assert.ok(n.x >= 0 && n.y >= 0 && n.x + l.nodeWidth <= l.width && n.y + l.nodeHeight <= l.height);
});

test('replies leading to the same node make one edge with every label', () => {
  const f = {
    start: 'a',
    nodes: {
      a: {
        type: 'choice',
        text: 'Q',
        replies: [
          { id: 'x', label: 'One', next: 'b' },
          { id: 'y', label: 'Two', next: 'b' },
        ],
      },
      b: { type: 'end', text: 'E' },
    },
  } as unknown as Flow;
  assert.deepEqual(
    layoutFlow(f).edges.map((e) => [e.from, e.to, e.label]),
    [['a', 'b', 'One / Two']],
  );
});

test('deterministic, and tolerant of malformed drafts and dangling targets', () => {
  assert.deepEqual(layoutFlow(flow), layoutFlow(JSON.parse(JSON.stringify(flow)) as Flow));
  const broken = {
    start: 'nope',
    nodes: { a: 5, b: { type: 'choice', replies: 'x' }, c: { type: 'message', next: 'gone' } },
  } as unknown as Flow;
  const l = layoutFlow(broken);
  assert.equal(l.nodes.length, 3);
  assert.ok(l.nodes.every((n) => !n.reachable && n.layer === 0));
  assert.deepEqual(l.dangling, [{ from: 'c', to: 'gone', role: 'next' }]);
  assert.deepEqual(edgesOf('x', null), []);
});

test('every default flow lays out with every node reachable and no overlap', () => {
  for (const f of DEFAULT_FLOWS) {
    const l = layoutFlow(f);
    assert.equal(l.nodes.length, Object.keys(f.nodes).length, f.id);
    assert.ok(
      l.nodes.every((n) => n.reachable),
      f.id,
    );
    const spots = new Set(l.nodes.map((n) => `${n.x},${n.y}`));
    assert.equal(spots.size, l.nodes.length, f.id);
  }
});
