import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { answersToLearn, teachAnswers } from './answers-to-learn.ts';
import { validateFlow } from '../flows/flow-validation.ts';
import { trainMatcher } from '../language/intent-matcher.ts';
import type { Flow } from '../flows/flow-model.ts';
import type { TactEvent } from './event-model.ts';

const FLOW: Flow = {
  id: 'ask',
  version: 1,
  name: 'Ask',
  persona: { name: 'Sam', avatar: 'S' },
  start: 'what',
  nodes: {
    what: {
      type: 'input',
      text: 'What are you looking for?',
      match: {
        intents: {
          delivery: { en: ['when will my parcel arrive', 'how long is delivery', 'shipping time'] },
          returns: { en: ['can I return it', 'refund please', 'send it back'] },
        },
        next: { delivery: 'done', returns: 'done' },
        fallback: 'name',
      },
    },
    name: { type: 'input', text: 'Your name?', next: 'done' },
    done: { type: 'end', text: 'Thanks.' },
  },
};

type Intents = Record<string, { en?: string[]; fr?: string[]; ru?: string[] }>;
/** The question's intent branches in `flow`. */
const matchOf = (flow: Flow) =>
  (flow.nodes.what as Extract<Flow['nodes'][string], { type: 'input' }>).match as {
    intents: Intents;
    next: Record<string, string>;
  };

let at = 1_000;
function said(text: string, extra: Partial<TactEvent> = {}): TactEvent {
  return {
    at: at++,
    type: 'answered',
    conversationId: `c${at}`,
    flowId: 'ask',
    ruleId: 'r',
    origin: 'https://shop.example',
    path: '/',
    nodeId: 'what',
    replyId: 'text',
    label: text,
    ...extra,
  };
}

const EVENTS: TactEvent[] = [
  said('do you sell gift vouchers'),
  said('gift vouchers available?'),
  said('Do you sell  GIFT vouchers'),
  said('when will my parcel arrive'), // understood: not listed
  said('how long is delivery'), // an example: not listed
  said('can I pay with paypal'),
  said('paypal accepted?'),
  said('paypal accepted?'),
  said('paypal accepted?'),
  said('Ana', { nodeId: 'name' }), // a question without intents
  said('do you sell gift vouchers', { preview: true }),
  said('do you sell gift vouchers', { flowId: 'other' }),
  { ...said('x'), type: 'shown' },
];

describe('answersToLearn', () => {
  test('lists what the flow does not understand, grouped, most given first, with counts', () => {
    const [question, ...others] = answersToLearn(FLOW, EVENTS);
    assert.equal(others.length, 0, 'only the question that branches on intents');
    assert.equal(question!.nodeId, 'what');
    assert.equal(question!.question, 'What are you looking for?');
    assert.deepEqual(question!.intents, ['delivery', 'returns']);
    const texts = question!.groups.map((g) => g.answers.map((a) => a.text).sort());
    assert.deepEqual(texts, [
      ['can I pay with paypal', 'paypal accepted?'],
      ['Do you sell  GIFT vouchers', 'gift vouchers available?'],
    ]);
    assert.deepEqual(
      question!.groups.map((g) => g.count),
      [4, 3],
      'repeats counted; case and spaces do not make another answer; previews and other flows left out',
    );
    const gift = question!.groups[1]!.answers.find((a) => a.text.startsWith('Do'))!;
    assert.equal(gift.count, 2);
    assert.equal(gift.strength, 'none');
    assert.equal(gift.intent, null);
    assert.equal(gift.lang, 'en');
  });

  test('filters by strength; weak answers say where they go now', () => {
    const weakFlow = structuredClone(FLOW);
    const events = [said('delivery return'), said('do you sell gift vouchers')];
    const matcher = trainMatcher(matchOf(weakFlow).intents);
    // The premise: one weak, one unmatched answer.
    assert.notEqual(matcher.match('delivery return').intent, null);
    const none = answersToLearn(weakFlow, events, { strengths: ['none'] });
    const weak = answersToLearn(weakFlow, events, { strengths: ['weak'] });
    assert.deepEqual(
      none[0]!.groups.flatMap((g) => g.answers.map((a) => a.text)),
      ['do you sell gift vouchers'],
    );
    assert.deepEqual(
      weak[0]!.groups.flatMap((g) => g.answers.map((a) => [a.text, a.strength])),
      [['delivery return', 'weak']],
    );
    assert.ok(weak[0]!.groups[0]!.answers[0]!.intent);
  });

  test('nothing to learn: no question, no answers, or all understood', () => {
    assert.deepEqual(answersToLearn(FLOW, []), []);
    assert.deepEqual(answersToLearn(FLOW, [said('when will my parcel arrive'), said('refund please')]), []);
    const { match: _m, ...plain } = FLOW.nodes.what as Extract<Flow['nodes'][string], { type: 'input' }>;
    assert.deepEqual(answersToLearn({ ...FLOW, nodes: { ...FLOW.nodes, what: plain } }, EVENTS), []);
  });

  test('keeps the most recent answers when there are too many to group', () => {
    const many = Array.from({ length: 30 }, (_, i) => said(`question number ${i} about zebras${i}`));
    const listed = answersToLearn(FLOW, many, { maxAnswers: 10 })[0]!.groups.flatMap((g) => g.answers);
    assert.equal(listed.length, 10);
    assert.ok(listed.every((a) => Number(/number (\d+)/.exec(a.text)![1]) >= 20));
  });
});

describe('teachAnswers', () => {
  test('assigning a group writes its answers as examples of the intent; the group leaves the list', () => {
    const taught = teachAnswers(FLOW, 'what', 'returns', ['do you sell gift vouchers', 'gift vouchers available?']);
    assert.ok(taught.ok);
    assert.equal(taught.added, 2);
    const intents = matchOf(taught.flow).intents;
    assert.deepEqual(intents.returns!.en, [
      'can I return it',
      'refund please',
      'send it back',
      'do you sell gift vouchers',
      'gift vouchers available?',
    ]);
    assert.deepEqual(intents.delivery, matchOf(FLOW).intents.delivery);
    assert.ok(validateFlow(taught.flow, 'flow').ok, 'the taught flow passes the editor’s validation');
    const after = answersToLearn(taught.flow, EVENTS)[0]!.groups.flatMap((g) => g.answers.map((a) => a.text));
    assert.ok(!after.some((t) => /gift/i.test(t)), `gift vouchers no longer listed: ${after.join(', ')}`);
    assert.equal(trainMatcher(intents).match('do you sell gift vouchers').intent, 'returns');
    assert.equal(matchOf(FLOW).intents.returns!.en!.length, 3, 'the flow given is unchanged');
  });

  test('a new intent from one answer, in its language; it goes to the fallback until given a step', () => {
    const taught = teachAnswers(FLOW, 'what', 'gift cards', ['vous vendez des cartes cadeaux ?'], { create: true });
    assert.ok(taught.ok);
    const match = matchOf(taught.flow);
    assert.deepEqual(match.intents['gift cards'], { fr: ['vous vendez des cartes cadeaux ?'] });
    assert.deepEqual(Object.keys(match.next), ['delivery', 'returns']);
    assert.ok(validateFlow(taught.flow, 'flow').ok);
  });

  test('refuses, changing nothing, what the flow model would refuse', () => {
    const problem = (r: ReturnType<typeof teachAnswers>) => (r.ok ? 'ok' : r.problem.code);
    assert.equal(problem(teachAnswers(FLOW, 'name', 'x', ['a'])), 'not-a-question');
    assert.equal(problem(teachAnswers(FLOW, 'nope', 'x', ['a'])), 'not-a-question');
    assert.equal(problem(teachAnswers(FLOW, 'what', 'gifts', ['a b'])), 'unknown-intent');
    assert.equal(problem(teachAnswers(FLOW, 'what', 'returns', ['x'], { create: true })), 'intent-exists');
    assert.equal(problem(teachAnswers(FLOW, 'what', '  ', ['x'], { create: true })), 'intent-name');
    assert.equal(problem(teachAnswers(FLOW, 'what', 'returns', ['refund  please', ' '])), 'nothing-new');

    const full = structuredClone(FLOW);
    const intents = matchOf(full).intents;
    for (let i = 0; i < 28; i++) intents[`i${i}`] = { en: [`example ${i}`] };
    assert.equal(problem(teachAnswers(full, 'what', 'one more', ['x'], { create: true })), 'too-many-intents');
    for (let i = 0; i < 28; i++) intents[`i${i}`] = { en: Array.from({ length: 10 }, (_, j) => `example ${i} ${j}`) };
    // 6 + 280 = 286 examples: room for 14.
    const over = teachAnswers(
      full,
      'what',
      'returns',
      Array.from({ length: 15 }, (_, j) => `new answer ${j}`),
    );
    assert.deepEqual(over.ok ? null : over.problem, { code: 'too-many-examples', max: 300, room: 14 });
    const perLang = structuredClone(FLOW);
    matchOf(perLang).intents.returns!.en = Array.from({ length: 50 }, (_, j) => `return ${j}`);
    assert.equal(problem(teachAnswers(perLang, 'what', 'returns', ['one more return'])), 'too-many-in-language');
  });

  test('a long answer becomes an example cut at a word, under the length cap', () => {
    const long = `${'parcel '.repeat(40)}end`;
    const taught = teachAnswers(FLOW, 'what', 'delivery', [long]);
    assert.ok(taught.ok);
    const en = matchOf(taught.flow).intents.delivery!.en!;
    const example = en.at(-1)!;
    assert.ok(example.length <= 200 && example.endsWith('parcel'), example);
    assert.ok(validateFlow(taught.flow, 'flow').ok);
  });

  test('whatever is taught, the result is valid or refused, and a taught answer is an example', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 0, maxLength: 300 }), { maxLength: 8 }),
        fc.boolean(),
        (texts, create) => {
          const r = teachAnswers(FLOW, 'what', create ? 'fresh' : 'delivery', texts, { create });
          if (!r.ok) return;
          assert.ok(validateFlow(r.flow, 'flow').ok);
          assert.ok(r.added > 0);
        },
      ),
      { numRuns: 100 },
    );
  });
});
