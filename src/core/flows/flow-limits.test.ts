/**
 * Resource limits of the flow model and loops that never wait for the visitor: what a flow may
 * hold is bounded (intents, example phrases, variables per step, nodes), each refusal names the
 * field and says why; a loop made only of steps that pass through by themselves is refused with
 * its path, and every flow the validator accepts can be started without the runner giving up.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { validateFlow } from './flow-validation.ts';
import { startConversation } from './flow-runner.ts';
import { MAX_INTENT_EXAMPLES, MAX_INTENTS, MAX_NODES, MAX_VARIABLES_PER_STEP, MODEL_VERSION } from './flow-model.ts';
import type { CheckError } from '../validation/checks.ts';
import { INTENTS } from '../signals/signal-kinds.ts';

function flowOf(nodes: Record<string, unknown>, start = Object.keys(nodes)[0] ?? '') {
  return { id: 'f', version: MODEL_VERSION, name: 'F', persona: { name: 'Sam', avatar: 'S' }, start, nodes };
}

function errorsOf(input: unknown): CheckError[] {
  const result = validateFlow(input);
  assert.equal(result.ok, false, 'expected validation to fail');
  // The English sentence and path; the reason (code) each error also carries is tested in error-reasons.test.ts.
  return result.ok ? [] : result.errors.map(({ path, message }) => ({ path, message }));
}

function intents(count: number, perIntent: number): Record<string, { en: string[] }> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `intent${i}`,
      { en: Array.from({ length: perIntent }, (_, j) => `example ${j} of ${i}`) },
    ]),
  );
}

function askWith(match: Record<string, unknown>) {
  return flowOf({ ask: { type: 'input', text: 'What brings you here?', match }, bye: { type: 'end', text: 'Bye' } });
}

describe('resource limits', () => {
  test(`a question may tell apart ${MAX_INTENTS} intents, not one more (the 20 000 of the review are refused at once)`, () => {
    const ok = askWith({ intents: intents(MAX_INTENTS, 2), next: {}, fallback: 'bye' });
    assert.equal(validateFlow(ok).ok, true);
    const tooMany = askWith({ intents: intents(MAX_INTENTS + 1, 1), next: {}, fallback: 'bye' });
    assert.deepEqual(errorsOf(tooMany), [
      {
        path: 'flow.nodes.ask.match.intents',
        message: `must have at most ${MAX_INTENTS} intents (got ${MAX_INTENTS + 1}): more would make every answer slow to understand`,
      },
    ]);
    // Each of these intents is wrong too (no examples): refused on the count, before any is checked.
    const huge = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`i${i}`, {}]));
    assert.deepEqual(
      errorsOf(askWith({ intents: huge, next: {}, fallback: 'bye' })).map((e) => [e.path, e.message.split(':')[0]]),
      [['flow.nodes.ask.match.intents', `must have at most ${MAX_INTENTS} intents (got 20000)`]],
    );
  });

  test(`a question may carry ${MAX_INTENT_EXAMPLES} example phrases in all`, () => {
    const perIntent = MAX_INTENT_EXAMPLES / 10;
    assert.equal(validateFlow(askWith({ intents: intents(10, perIntent), next: {}, fallback: 'bye' })).ok, true);
    const many = intents(10, perIntent);
    many.intent0?.en.push('one more');
    const errors = errorsOf(askWith({ intents: many, next: {}, fallback: 'bye' }));
    assert.deepEqual(errors, [
      {
        path: 'flow.nodes.ask.match.intents',
        message: `must have at most ${MAX_INTENT_EXAMPLES} example phrases in all (got ${MAX_INTENT_EXAMPLES + 1}): more would make every answer slow to understand; keep the clearest ones`,
      },
    ]);
  });

  test('an intent name is at most 80 characters', () => {
    const long = 'x'.repeat(81);
    const errors = errorsOf(askWith({ intents: { [long]: { en: ['hi'] } }, next: {}, fallback: 'bye' }));
    assert.equal(errors[0]?.path, `flow.nodes.ask.match.intents.${long}`);
    assert.match(errors[0].message, /at most 80 characters/);
  });

  test(`a reply or a question sets at most ${MAX_VARIABLES_PER_STEP} variables (50 000 are refused at once)`, () => {
    const vars = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`v${i}`, 'x']));
    const choice = (set: Record<string, string>) =>
      flowOf({
        ask: {
          type: 'choice',
          text: 'Pick one',
          replies: [
            { id: 'a', label: 'A', set },
            { id: 'b', label: 'B' },
          ],
        },
      });
    assert.equal(validateFlow(choice(vars(MAX_VARIABLES_PER_STEP))).ok, true);
    const tooMany = `must set at most ${MAX_VARIABLES_PER_STEP} variables (got ${MAX_VARIABLES_PER_STEP + 1})`;
    assert.deepEqual(errorsOf(choice(vars(MAX_VARIABLES_PER_STEP + 1))), [
      { path: 'flow.nodes.ask.replies[0].set', message: tooMany },
    ]);
    const input = flowOf({ ask: { type: 'input', text: 'Name?', set: vars(50_000) } });
    assert.deepEqual(errorsOf(input), [
      { path: 'flow.nodes.ask.set', message: `must set at most ${MAX_VARIABLES_PER_STEP} variables (got 50000)` },
    ]);
  });
});

describe('loops that never wait for the visitor', () => {
  test('conditions that send each other back are refused with the path of the loop, though the loop has a way out', () => {
    const f = flowOf({
      check: {
        type: 'condition',
        branches: [{ when: [{ kind: 'variable', name: 'plan', op: 'present' }], next: 'bye' }],
        otherwise: 'again',
      },
      again: { type: 'message', text: 'Let me look again…', next: 'recheck' },
      recheck: {
        type: 'condition',
        branches: [{ when: [{ kind: 'score', min: 1 }], next: 'bye' }],
        otherwise: 'check',
      },
      bye: { type: 'end', text: 'Bye' },
    });
    assert.deepEqual(errorsOf(f), [
      {
        path: 'flow.nodes.check',
        message:
          'goes round a loop that never waits for the visitor (check → again → recheck → check): the conversation would spin without end; put a step that waits for an answer (choices, a question, a quiz, a rating, a form or a button) in it',
      },
    ]);
  });

  test('a condition pointing to itself is a loop too; a closed loop is reported once, as a loop', () => {
    const self = flowOf({
      check: { type: 'condition', branches: [{ when: [{ kind: 'score', min: 1 }], next: 'bye' }], otherwise: 'check' },
      bye: { type: 'end', text: 'Bye' },
    });
    assert.deepEqual(
      errorsOf(self).map((e) => [e.path, e.message.split(':')[0]]),
      [['flow.nodes.check', 'goes round a loop that never waits for the visitor (check → check)']],
    );
    const closed = flowOf({
      a: { type: 'message', text: 'A', next: 'b' },
      b: { type: 'action', action: { kind: 'tag', tags: ['x'] }, next: 'a' },
    });
    assert.deepEqual(
      errorsOf(closed).map((e) => e.path),
      ['flow.nodes.a'],
      'no second "no way out" error for the same loop',
    );
  });

  test('a loop through a question, a button or a closing action is fine', () => {
    const f = flowOf({
      check: { type: 'condition', branches: [{ when: [{ kind: 'score', min: 1 }], next: 'bye' }], otherwise: 'ask' },
      ask: { type: 'rating', text: 'How was it?', scale: 'stars', next: 'button' },
      button: {
        type: 'action',
        action: { kind: 'open-link', url: '/help', label: 'Help' },
        next: 'check',
      },
      bye: { type: 'end', text: 'Bye' },
    });
    assert.equal(validateFlow(f).ok, true, JSON.stringify(validateFlow(f)));
  });
});

/** A generated flow: a chain n0 → n1 → … → end (so every node is reachable and can finish), plus extra edges. */
interface Shape {
  kinds: ('message' | 'condition' | 'choice' | 'tag')[];
  extra: [number, number][];
}

const shapes = fc
  .array(fc.constantFrom<Shape['kinds'][number]>('message', 'condition', 'choice', 'tag'), {
    minLength: 1,
    maxLength: 12,
  })
  .chain((kinds) =>
    fc.record({
      kinds: fc.constant(kinds),
      extra: fc.array(fc.tuple(fc.nat(kinds.length - 1), fc.nat(kinds.length - 1)), { maxLength: 8 }),
    }),
  );

/** A shape's flow, with its edges and the nodes that pass through as the shape says (not as Tact reads them). */
function flowOfShape(shape: Shape): {
  flow: ReturnType<typeof flowOf>;
  edges: Map<string, string[]>;
  passing: Set<string>;
} {
  const n = shape.kinds.length;
  const nodes: Record<string, unknown> = { end: { type: 'end', text: 'Bye' } };
  const edges = new Map<string, string[]>();
  const passing = new Set<string>();
  const succ = (i: number) => (i + 1 < n ? `n${i + 1}` : 'end');
  shape.kinds.forEach((kind, i) => {
    const id = `n${i}`;
    // Extra edges leave only from nodes that can have several (conditions and choices).
    const extra = shape.extra.filter(([from]) => from === i).map(([, to]) => `n${to}`);
    if (kind !== 'choice') passing.add(id);
    if (kind === 'message') nodes[id] = { type: 'message', text: `M${i}`, next: succ(i) };
    if (kind === 'tag') nodes[id] = { type: 'action', action: { kind: 'tag', tags: ['t'] }, next: succ(i) };
    if (kind === 'message' || kind === 'tag') edges.set(id, [succ(i)]);
    if (kind === 'condition') {
      const branches = [succ(i), ...extra.slice(0, 9)];
      const otherwise = extra[0] ?? succ(i);
      nodes[id] = {
        type: 'condition',
        branches: branches.map((next, b) => ({
          // Which of these hold depends on the page's intent scores the run is given.
          when: [
            b === 0 ? { kind: 'score', min: 1 } : { kind: 'intent', intent: INTENTS[b % INTENTS.length], atLeast: 0.5 },
          ],
          next,
        })),
        otherwise,
      };
      edges.set(id, [...branches, otherwise]);
    }
    if (kind === 'choice') {
      const replies = [succ(i), ...extra, succ(i)].slice(0, 4);
      nodes[id] = {
        type: 'choice',
        text: `C${i}`,
        replies: replies.map((next, r) => ({ id: `r${r}`, label: `R${r}`, next })),
      };
      edges.set(id, replies);
    }
  });
  return { flow: flowOf(nodes, 'n0'), edges, passing };
}

/** Whether some node that passes through reaches itself through nodes that pass through: a plain transitive closure. */
function hasPassThroughCycle(shape: Shape): boolean {
  const { edges, passing } = flowOfShape(shape);
  const ids = [...passing];
  const reach = new Map(ids.map((id) => [id, new Set((edges.get(id) ?? []).filter((to) => passing.has(to)))]));
  for (const k of ids)
    for (const i of ids) if (reach.get(i)?.has(k)) for (const j of reach.get(k) ?? []) reach.get(i)?.add(j);
  return ids.some((id) => reach.get(id)?.has(id));
}

describe('properties', () => {
  test('a generated flow is refused exactly when it has a loop of steps that pass through; the loop named is real', () => {
    fc.assert(
      fc.property(shapes, (shape) => {
        const { flow, edges, passing } = flowOfShape(shape);
        const result = validateFlow(flow);
        if (!hasPassThroughCycle(shape)) {
          assert.equal(result.ok, true, JSON.stringify(result));
          return;
        }
        assert.equal(result.ok, false);
        if (result.ok) return;
        for (const e of result.errors) {
          const loop = (/\(([^)]*)\)/.exec(e.message)?.[1] ?? '').split(' → ');
          assert.equal(loop[0], loop.at(-1), 'the loop ends where it starts');
          assert.equal(e.path, `flow.nodes.${loop[0]}`);
          for (let i = 0; i + 1 < loop.length; i++) {
            const [from, to] = [loop[i] ?? '', loop[i + 1] ?? ''];
            assert.ok(passing.has(from), `${from} passes through`);
            assert.ok(edges.get(from)?.includes(to), `${from} leads to ${to}`);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  test('every accepted flow starts without the runner giving up, whatever its conditions find', () => {
    fc.assert(
      fc.property(shapes, fc.subarray([...INTENTS]), (shape, felt) => {
        const result = validateFlow(flowOfShape(shape).flow);
        fc.pre(result.ok);
        if (!result.ok) return;
        const state = startConversation(result.value, { intents: Object.fromEntries(felt.map((i) => [i, 1])) });
        assert.ok(state.status === 'active' || state.status === 'completed');
      }),
      { numRuns: 300 },
    );
  });

  test(`a chain of ${MAX_NODES - 1} steps that pass through is accepted and runs to its end`, () => {
    const nodes: Record<string, unknown> = {};
    for (let i = 0; i < MAX_NODES - 1; i++) nodes[`m${i}`] = { type: 'message', text: `M${i}`, next: `m${i + 1}` };
    nodes[`m${MAX_NODES - 1}`] = { type: 'end', text: 'Bye' };
    const result = validateFlow(flowOf(nodes, 'm0'));
    assert.equal(result.ok, true);
    if (result.ok) assert.equal(startConversation(result.value).status, 'completed');
  });
});
