import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  startConversation,
  applyReply,
  applyAnswer,
  dismiss,
  type ConversationState,
  type StepResult,
} from './flow-runner.ts';
import { nodeText, MAX_ANSWER_LENGTH, MODEL_VERSION, type Flow } from './flow-model.ts';
import { renderTemplate } from './templating.ts';
import { DEFAULT_FLOWS } from './default-pack.ts';
import { validateFlow } from './flow-validation.ts';

const flow: Flow = {
  id: 'finder',
  version: MODEL_VERSION,
  name: 'Backpack finder',
  persona: { name: 'Sam', avatar: 'S' },
  start: 'ask',
  nodes: {
    ask: {
      type: 'choice',
      text: 'Day hike or several days?',
      replies: [
        { id: 'day', label: 'Day hike', next: 'size', tags: ['day-hiker'] },
        { id: 'multi', label: 'Several days', next: 'bye', tags: ['trekker', 'long-trips'] },
        { id: 'later', label: 'Not now' },
      ],
    },
    size: {
      type: 'choice',
      text: 'Small or roomy?',
      replies: [
        { id: 'small', label: 'Small', next: 'tell' },
        { id: 'roomy', label: 'Roomy', next: 'bye' },
      ],
    },
    tell: {
      type: 'input',
      text: 'Where are you heading?',
      placeholder: 'e.g. the Alps',
      next: 'bye',
      tags: ['told-destination'],
    },
    bye: { type: 'end', text: 'Have a look at our 45-litre packs.' },
  },
};

function ok(result: StepResult): Extract<StepResult, { ok: true }> {
  assert.ok(result.ok, result.ok ? '' : `refused: ${result.reason}`);
  return result;
}

function walk(...steps: [nodeId: string, replyId: string][]): ConversationState {
  let state = startConversation(flow);
  for (const [nodeId, replyId] of steps) state = ok(applyReply(flow, state, nodeId, replyId)).state;
  return state;
}

describe('startConversation', () => {
  test('starts at the start node with the first bot line', () => {
    assert.deepEqual(startConversation(flow), {
      nodeId: 'ask',
      transcript: [{ from: 'bot', nodeId: 'ask', text: 'Day hike or several days?' }],
      status: 'active',
      vars: {},
      answers: {},
      score: 0,
    });
  });

  test('a flow that starts on an end node is complete at once', () => {
    const state = startConversation({ ...flow, start: 'bye' });
    assert.equal(state.status, 'completed');
    assert.deepEqual(state.transcript, [{ from: 'bot', nodeId: 'bye', text: 'Have a look at our 45-litre packs.' }]);
  });

  test('a missing start node is a programming error and says which flow', () => {
    assert.throws(() => startConversation({ ...flow, start: 'nope' }), /flow "finder" has no start node "nope"/);
  });

  test('every default flow starts active, saying its first text with variables filled in', () => {
    for (const f of DEFAULT_FLOWS) {
      const state = startConversation(f);
      assert.equal(state.status, 'active', f.id);
      assert.ok(state.transcript.length >= 1, f.id);
      assert.equal(state.transcript[0]?.text, renderTemplate(nodeText(f.nodes[f.start]), {}), f.id);
      assert.doesNotMatch(state.transcript.map((l) => l.text).join(' '), /\{\{/, f.id);
    }
  });
});

describe('applyReply', () => {
  test("a reply adds the visitor's line and the next bot line, and returns tags and the answer", () => {
    const start = startConversation(flow);
    const { state, effects } = ok(applyReply(flow, start, 'ask', 'day'));
    assert.deepEqual(state, {
      nodeId: 'size',
      status: 'active',
      vars: {},
      answers: { ask: 'Day hike' },
      score: 0,
      transcript: [
        { from: 'bot', nodeId: 'ask', text: 'Day hike or several days?' },
        { from: 'visitor', nodeId: 'ask', replyId: 'day', text: 'Day hike' },
        { from: 'bot', nodeId: 'size', text: 'Small or roomy?' },
      ],
    });
    assert.deepEqual(effects, {
      answered: { nodeId: 'ask', replyId: 'day', label: 'Day hike' },
      tags: ['day-hiker'],
      completed: false,
    });
  });

  test('the previous state is left untouched', () => {
    const start = startConversation(flow);
    const snapshot = structuredClone(start);
    applyReply(flow, start, 'ask', 'day');
    assert.deepEqual(start, snapshot);
  });

  test("the returned tags are a copy, not the flow's own list", () => {
    const { effects } = ok(applyReply(flow, startConversation(flow), 'ask', 'multi'));
    assert.deepEqual(effects.tags, ['trekker', 'long-trips']);
    effects.tags.push('mutated');
    assert.deepEqual(flow.nodes.ask?.type === 'choice' && flow.nodes.ask.replies[1]?.tags, ['trekker', 'long-trips']);
  });

  test('a reply without tags returns an empty tag list', () => {
    const { effects } = ok(applyReply(flow, walk(['ask', 'day']), 'size', 'roomy'));
    assert.deepEqual(effects.tags, []);
  });

  test('a reply leading to an end node completes the conversation', () => {
    const { state, effects } = ok(applyReply(flow, startConversation(flow), 'ask', 'multi'));
    assert.equal(state.status, 'completed');
    assert.equal(state.nodeId, 'bye');
    assert.equal(effects.completed, true);
    assert.deepEqual(state.transcript.at(-1), {
      from: 'bot',
      nodeId: 'bye',
      text: 'Have a look at our 45-litre packs.',
    });
  });

  test("a reply without a next node completes the conversation after the visitor's line", () => {
    const { state, effects } = ok(applyReply(flow, startConversation(flow), 'ask', 'later'));
    assert.equal(state.status, 'completed');
    assert.equal(state.nodeId, 'ask');
    assert.equal(effects.completed, true);
    assert.deepEqual(effects.answered, { nodeId: 'ask', replyId: 'later', label: 'Not now' });
    assert.deepEqual(state.transcript.at(-1), { from: 'visitor', nodeId: 'ask', replyId: 'later', text: 'Not now' });
    assert.equal(state.transcript.length, 2);
  });

  test('replying to a step that is no longer current is refused as stale, with the same state', () => {
    const moved = walk(['ask', 'day']);
    const result = applyReply(flow, moved, 'ask', 'multi');
    assert.deepEqual(result, { ok: false, reason: 'stale-step', state: moved });
    assert.equal(result.state, moved, 'the very same state object comes back');
  });

  test('a double click is idempotent: the second identical reply changes nothing', () => {
    const start = startConversation(flow);
    const first = ok(applyReply(flow, start, 'ask', 'day'));
    const second = applyReply(flow, first.state, 'ask', 'day');
    assert.equal(second.ok, false);
    assert.equal(!second.ok && second.reason, 'stale-step');
    assert.equal(second.state, first.state);
    assert.equal(second.state.transcript.length, 3);
  });

  test('an unknown reply is refused with the same state', () => {
    const start = startConversation(flow);
    const result = applyReply(flow, start, 'ask', 'maybe');
    assert.deepEqual(result, { ok: false, reason: 'unknown-reply', state: start });
    assert.equal(result.state, start);
  });

  test('replying after completion is refused as not active', () => {
    const done = walk(['ask', 'multi']);
    assert.deepEqual(applyReply(flow, done, 'bye', 'x'), { ok: false, reason: 'not-active', state: done });
    const doneHere = walk(['ask', 'later']);
    assert.deepEqual(applyReply(flow, doneHere, 'ask', 'day'), { ok: false, reason: 'not-active', state: doneHere });
  });

  test('replying after a dismissal is refused as not active', () => {
    const dismissed = dismiss(startConversation(flow));
    assert.deepEqual(applyReply(flow, dismissed, 'ask', 'day'), { ok: false, reason: 'not-active', state: dismissed });
  });

  test('a reply pointing to a node that is missing (unvalidated flow) is refused, state unchanged', () => {
    const broken: Flow = structuredClone(flow);
    const ask = broken.nodes.ask;
    assert.ok(ask?.type === 'choice');
    ask.replies[0]!.next = 'gone';
    const start = startConversation(broken);
    assert.deepEqual(applyReply(broken, start, 'ask', 'day'), { ok: false, reason: 'broken-flow', state: start });
  });

  test('a full walk alternates bot and visitor lines', () => {
    const state = walk(['ask', 'day'], ['size', 'roomy']);
    assert.equal(state.status, 'completed');
    assert.deepEqual(
      state.transcript.map((l) => `${l.from}:${l.nodeId}`),
      ['bot:ask', 'visitor:ask', 'bot:size', 'visitor:size', 'bot:bye'],
    );
  });

  test('every reply of every default flow leads somewhere valid', () => {
    for (const f of DEFAULT_FLOWS) {
      assert.ok(validateFlow(f).ok, f.id);
      const start = startConversation(f);
      const node = f.nodes[start.nodeId];
      if (node?.type !== 'choice') continue; // flows starting with another kind are played in the templates tests
      for (const r of node.replies) {
        const result = applyReply(f, start, f.start, r.id);
        assert.ok(result.ok, `${f.id}/${r.id}`);
      }
    }
  });
});

describe('applyAnswer (free-text step)', () => {
  const atTell = () => walk(['ask', 'day'], ['size', 'small']);

  test('a typed answer is stored trimmed, as typed, and moves on', () => {
    const { state, effects } = ok(applyAnswer(flow, atTell(), 'tell', '  the Dolomites  '));
    assert.equal(state.nodeId, 'bye');
    assert.equal(state.status, 'completed');
    assert.deepEqual(effects, {
      answered: { nodeId: 'tell', replyId: 'text', label: 'the Dolomites' },
      tags: ['told-destination'],
      completed: true,
    });
    assert.deepEqual(state.transcript.at(-2), {
      from: 'visitor',
      nodeId: 'tell',
      replyId: 'text',
      text: 'the Dolomites',
    });
  });

  test('empty, blank or too long answers are refused with the same state', () => {
    const s = atTell();
    for (const text of ['', '   \n\t', 'x'.repeat(MAX_ANSWER_LENGTH + 1)]) {
      const result = applyAnswer(flow, s, 'tell', text);
      assert.deepEqual(result, {
        ok: false,
        reason: 'invalid-answer',
        state: s,
        message: text.length > MAX_ANSWER_LENGTH ? 'too-long' : 'empty',
      });
    }
    assert.ok(applyAnswer(flow, s, 'tell', 'x'.repeat(MAX_ANSWER_LENGTH)).ok);
  });

  test('a quick reply to a text step, or text to a choice step, is the wrong kind', () => {
    const s = atTell();
    assert.deepEqual(applyReply(flow, s, 'tell', 'text'), { ok: false, reason: 'wrong-kind', state: s });
    const start = startConversation(flow);
    assert.deepEqual(applyAnswer(flow, start, 'ask', 'Day hike'), { ok: false, reason: 'wrong-kind', state: start });
  });

  test('a stale answer is refused like a stale reply', () => {
    const s = atTell();
    const done = ok(applyAnswer(flow, s, 'tell', 'Alps')).state;
    assert.equal(applyAnswer(flow, done, 'tell', 'Alps').ok, false);
    const fresh = walk(['ask', 'day']);
    assert.deepEqual(applyAnswer(flow, fresh, 'tell', 'Alps'), { ok: false, reason: 'stale-step', state: fresh });
  });
});

describe('dismiss', () => {
  test('dismissing an active conversation marks it dismissed and keeps the transcript', () => {
    const active = walk(['ask', 'day']);
    const dismissed = dismiss(active);
    assert.equal(dismissed.status, 'dismissed');
    assert.equal(dismissed.nodeId, 'size');
    assert.deepEqual(dismissed.transcript, active.transcript);
    assert.equal(active.status, 'active', 'the original state is not modified');
  });

  test('dismissing a completed or already dismissed conversation changes nothing', () => {
    const done = walk(['ask', 'multi']);
    assert.equal(dismiss(done), done);
    assert.equal(done.status, 'completed');
    const gone = dismiss(startConversation(flow));
    assert.equal(dismiss(gone), gone);
  });
});

describe('text is carried verbatim; escaping happens only when rendering', () => {
  const hostile = '<img src=x onerror=alert(1)>';
  const xssFlow: Flow = {
    id: 'xss',
    version: MODEL_VERSION,
    name: 'Hostile text',
    persona: { name: '<b>Sam</b>', avatar: '<' },
    start: 'ask',
    nodes: {
      ask: {
        type: 'choice',
        text: `Hello ${hostile} {{visitor.firstName}} &amp;`,
        replies: [
          { id: 'a', label: hostile, next: 'end' },
          { id: 'b', label: '"><script>alert(2)</script>' },
        ],
      },
      end: { type: 'end', text: `Bye ${hostile}` },
    },
  };

  test('bot text, reply labels and the closing line keep their markup as plain text', () => {
    const start = startConversation(xssFlow);
    // An unknown variable renders as nothing; the markup stays text.
    assert.equal(start.transcript[0]?.text, `Hello ${hostile}  &amp;`);
    const { state, effects } = ok(applyReply(xssFlow, start, 'ask', 'a'));
    assert.equal(state.transcript[1]?.text, hostile);
    assert.equal(effects.answered?.label, hostile);
    assert.equal(state.transcript[2]?.text, `Bye ${hostile}`);
    const other = ok(applyReply(xssFlow, start, 'ask', 'b'));
    assert.equal(other.state.transcript[1]?.text, '"><script>alert(2)</script>');
  });

  test('a typed answer full of markup is stored exactly as typed (trimmed)', () => {
    const s = walk(['ask', 'day'], ['size', 'small']);
    const { state } = ok(applyAnswer(flow, s, 'tell', ` ${hostile} `));
    assert.equal(state.transcript.at(-2)?.text, hostile);
  });
});
