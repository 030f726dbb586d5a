import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editorLocaleOf, nodesIn, translationGaps, writtenLocales } from './flow-translations.ts';
import { MODEL_VERSION, type Flow } from './flow-model.ts';
import { TEMPLATES } from './templates.ts';

const base: Flow = {
  id: 'f',
  version: MODEL_VERSION,
  name: 'F',
  persona: { name: 'Sam', avatar: 'S' },
  start: 'ask',
  nodes: {
    ask: {
      type: 'choice',
      text: { en: 'Hi', fr: 'Salut' },
      replies: [
        { id: 'a', label: 'Yes', next: 'tell' },
        { id: 'b', label: { ru: 'Нет' } },
      ],
    },
    tell: { type: 'input', text: { en: 'Why?', fr: 'Pourquoi ?', ru: 'Почему?' }, placeholder: '', next: 'q' },
    q: {
      type: 'quiz',
      text: 'Q',
      options: [
        { id: 'x', label: 'X', points: 1, correct: true },
        { id: 'y', label: 'Y', points: 0, correct: false },
      ],
      feedback: { correct: { fr: 'Bravo' } },
    },
  },
};

test('a plain string is written in the default locale; empty texts count nowhere', () => {
  assert.deepEqual(writtenLocales('Hi', 'fr'), ['fr']);
  assert.deepEqual(writtenLocales('', 'en'), []);
  assert.deepEqual(writtenLocales({ en: '', ru: 'Да' }, 'en'), ['ru']);
  assert.deepEqual(writtenLocales(undefined, 'en'), []);
});

test('translationGaps lists, per locale, the texts written elsewhere but not in it', () => {
  const gaps = translationGaps(base);
  const show = (l: 'en' | 'fr' | 'ru') => gaps[l].map((p) => p.join('.'));
  assert.deepEqual(show('en'), ['nodes.ask.replies.1.label', 'nodes.q.feedback.correct']);
  assert.deepEqual(show('fr'), [
    'persona.name',
    'nodes.ask.replies.0.label',
    'nodes.ask.replies.1.label',
    'nodes.q.text',
    'nodes.q.options.0.label',
    'nodes.q.options.1.label',
  ]);
  assert.equal(gaps.ru.length, 7);
  const inFrench = translationGaps({ ...base, defaultLocale: 'fr' });
  assert.ok(
    inFrench.en.some((p) => p.join('.') === 'persona.name'),
    'a plain string is then French',
  );
});

test("the editor opens a flow in the reader's language when all its texts are written in it", () => {
  const greeter = TEMPLATES[0]!.flow;
  assert.equal(editorLocaleOf(greeter, 'fr'), 'fr', 'a template speaks French: opened in French');
  assert.equal(editorLocaleOf(greeter, 'ru-RU'), 'ru');
  assert.equal(editorLocaleOf(greeter, 'de'), greeter.defaultLocale ?? 'en', 'a language flows lack: the default');
  assert.equal(editorLocaleOf(base, 'fr'), 'en', 'texts missing in French: the default locale, where they are');
  assert.equal(editorLocaleOf({ ...base, defaultLocale: 'ru' }, 'en'), 'ru');
  assert.equal(editorLocaleOf({ ...base, nodes: {} }, 'fr'), 'en', 'nothing written yet: the default');
});

test('the shipped templates have no gap in any language', () => {
  for (const { flow } of TEMPLATES) assert.deepEqual(translationGaps(flow), { en: [], fr: [], ru: [] }, flow.id);
});

test("an answer's own message for a refusal is a text to translate like the others", () => {
  const withMessage: Flow = {
    ...base,
    nodes: {
      ...base.nodes,
      tell: { ...base.nodes.tell!, invalidMessage: { en: 'Please give a work e-mail' } } as Flow['nodes'][string],
    },
  };
  const gaps = translationGaps(withMessage);
  assert.ok(gaps.fr.some((p) => p.join('.') === 'nodes.tell.invalidMessage'));
  assert.ok(!gaps.en.some((p) => p.join('.') === 'nodes.tell.invalidMessage'));
});

test('nodesIn: every node text in one locale, the fallback where it is missing; nothing else changes', () => {
  const fr = nodesIn(base, 'fr');
  assert.equal(fr.ask!.type === 'choice' && fr.ask.text, 'Salut');
  assert.deepEqual(fr.ask!.type === 'choice' && fr.ask.replies.map((r) => r.label), ['Yes', 'Нет']);
  assert.equal(fr.q!.type === 'quiz' && fr.q.feedback?.correct, 'Bravo');
  assert.deepEqual(fr.q!.type === 'quiz' && fr.q.options.map((o) => o.correct), [true, false], 'flags stay flags');
  const textOf = (nodes: Flow['nodes'], id: string) => {
    const node = nodes[id];
    return node && 'text' in node ? node.text : undefined;
  };
  assert.equal(textOf(nodesIn(base, 'ru'), 'tell'), 'Почему?');
  assert.equal(
    textOf(nodesIn({ ...base, defaultLocale: 'fr' }, 'ru'), 'ask'),
    'Salut',
    'the flow falls back to French',
  );
  assert.deepEqual(Object.keys(fr), Object.keys(base.nodes));
});
