import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { nextIdsOf, nodeLinks } from './node-links.ts';
import { TEMPLATES } from './templates.ts';

/** The value at `path` inside `value`. */
const getField = (value: unknown, path: (string | number)[]): unknown =>
  path.reduce<unknown>((at, key) => (at as Record<string | number, unknown> | undefined)?.[key], value);

test('every link of every kind, with its path, role and label; an input’s next beside intents is ignored', () => {
  assert.deepEqual(
    nodeLinks({
      type: 'choice',
      text: 'Hi',
      replies: [
        { id: 'a', label: { en: 'Yes', fr: 'Oui' }, next: 'yes' },
        { id: 'b', label: 'Close' },
      ],
    }),
    [{ path: ['replies', 0, 'next'], to: 'yes', role: 'reply', label: 'Yes' }],
  );
  assert.deepEqual(
    nextIdsOf({ type: 'input', match: { intents: {}, next: { price: 'p' }, fallback: 'f' }, next: 'old' }),
    ['p', 'f'],
  );
  assert.deepEqual(nodeLinks({ type: 'input', match: { next: { price: 'p' }, fallback: 'f' }, next: 'old' }).at(-1), {
    path: ['next'],
    to: 'old',
    role: 'next',
    ignored: true,
  });
  assert.deepEqual(nextIdsOf({ type: 'rating', next: 'n', lowNext: 'l' }), ['n', 'l']);
  assert.deepEqual(
    nodeLinks({ type: 'condition', branches: [{ next: 'b1' }, {}], otherwise: 'o' }).map((l) => [
      l.to,
      l.role,
      l.label,
    ]),
    [
      ['b1', 'branch', '1'],
      ['o', 'otherwise', undefined],
    ],
  );
  assert.deepEqual(nextIdsOf({ type: 'end', next: 'x' }), [], 'an end leads nowhere');
  assert.deepEqual(nextIdsOf({ type: 'message', text: 'x', next: 'm' }), ['m']);
});

test('each link’s path names the node it points to, in every template and in any draft', () => {
  for (const { flow } of TEMPLATES)
    for (const node of Object.values(flow.nodes))
      for (const l of nodeLinks(node)) assert.equal(getField(node, l.path), l.to, `${flow.id}: ${l.path.join('.')}`);
  fc.assert(
    fc.property(fc.anything({ maxDepth: 4 }), (draft) => {
      for (const l of nodeLinks(draft)) assert.equal(getField(draft, l.path), l.to);
    }),
    { numRuns: 300 },
  );
});
