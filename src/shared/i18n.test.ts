import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { messagesOf } from '../core/test-support/catalogue.ts';
import {
  clauses,
  colon,
  formatList,
  formatNumber,
  pageWords,
  plural,
  t,
  uiLanguage,
  useMessages,
  wordsIn,
} from './i18n.ts';

test("a part of the page speaks another language than the page: its words, its plurals, the page's for a key it lacks", () => {
  useMessages('en', messagesOf('en'));
  const ru = wordsIn('ru', { ...messagesOf('ru'), overlayWhy: undefined as unknown as string });
  assert.equal(ru.lang, 'ru');
  assert.equal(ru.t('overlaySnooze'), 'Не сегодня');
  assert.deepEqual(
    [1, 3, 5].map((n) => ru.plural('overlayStars', n)),
    ['1 звезда', '3 звезды', '5 звёзд'],
    'Russian plural forms, by Russian rules, while the page is English',
  );
  assert.equal(ru.t('overlayWhy'), 'Why am I seeing this?', "a key it lacks: the page's");
  assert.equal(t('overlaySnooze'), 'Not today', 'the page keeps its language');
  assert.equal(pageWords.lang, 'en');
  assert.equal(pageWords.plural('overlayStars', 3), plural('overlayStars', 3));
});

test('a chosen language: its messages, chrome.i18n substitution rules, the key when missing', () => {
  const fr = JSON.parse(
    fs.readFileSync(new URL('../../assets/_locales/fr/messages.json', import.meta.url), 'utf8'),
  ) as Record<string, { message: string }>;
  useMessages('fr', Object.fromEntries(Object.entries(fr).map(([k, v]) => [k, v.message])));
  assert.equal(uiLanguage(), 'fr');
  assert.equal(t('wsNavSettings'), 'Réglages');
  assert.equal(
    t('wsCleared', plural('countEvents', 3), plural('countAnswers', 1), plural('countConversations', 2)),
    'Effacé\u00a0: 3 événements (1 réponse), 2 conversations et le profil du visiteur.',
  );
  assert.equal(plural('countEvents', 1_000_000), '1\u202f000\u202f000 d’événements', 'French "many", French digits');
  assert.equal(formatList(['a', 'b', 'c']), 'a, b et c');
  const ru = JSON.parse(
    fs.readFileSync(new URL('../../assets/_locales/ru/messages.json', import.meta.url), 'utf8'),
  ) as Record<string, { message: string }>;
  useMessages('ru', Object.fromEntries(Object.entries(ru).map(([k, v]) => [k, v.message])));
  assert.deepEqual(
    [1, 2, 5, 21, 1.5].map((n) => plural('countRules', n)),
    ['1 правило', '2 правила', '5 правил', '21 правило', '1,5 правила'],
    'Russian one, few, many, other',
  );
  useMessages('en', { price: 'Costs $$$1, $2 left', odd: '$9 $x' });
  assert.equal(t('price', '5', '2'), 'Costs $5, 2 left');
  assert.equal(t('odd'), ' $x');
  assert.equal(t('no-such-key'), 'no-such-key', 'outside the browser, a missing key shows as itself');
});

test('a colon, clauses, numbers and percentages as each language writes them (French spaces that never break)', () => {
  const said = (lang: 'en' | 'fr' | 'ru') => {
    useMessages(lang, messagesOf(lang));
    return {
      colon: `${colon(t('wsCondKind', '1'))} ok`,
      clauses: clauses(['a', 'b', 'c']),
      one: clauses(['a']),
      none: clauses([]),
      number: formatNumber(1234.5),
      percent: formatNumber(0.125, { style: 'percent', maximumFractionDigits: 0 }),
      rules: [0, 1, 2, 5].map((n) => plural('countRules', n)),
    };
  };
  assert.deepEqual(said('en'), {
    colon: 'Condition 1: ok',
    clauses: 'a; b; c',
    one: 'a',
    none: '',
    number: '1,234.5',
    percent: '13%',
    rules: ['0 rules', '1 rule', '2 rules', '5 rules'],
  });
  assert.deepEqual(said('fr'), {
    colon: 'Condition 1\u00a0: ok',
    clauses: 'a\u202f; b\u202f; c',
    one: 'a',
    none: '',
    number: '1\u202f234,5',
    percent: '13\u00a0%',
    rules: ['0 règle', '1 règle', '2 règles', '5 règles'],
  });
  assert.deepEqual(said('ru'), {
    colon: 'Условие 1: ok',
    clauses: 'a; b; c',
    one: 'a',
    none: '',
    number: '1\u00a0234,5',
    percent: '13\u00a0%',
    rules: ['0 правил', '1 правило', '2 правила', '5 правил'],
  });
  // The overlay speaks the conversation's language, not the page's.
  useMessages('en', messagesOf('en'));
  assert.equal(colon('Vous', wordsIn('fr', messagesOf('fr'))), 'Vous\u00a0:');
});

test('a limit in a sentence takes the plural its number needs, in every language', () => {
  const said = (lang: 'en' | 'fr' | 'ru') => {
    useMessages(lang, messagesOf(lang));
    return [1, 3, 30].map((n) => plural('learnProblemTooManyIntents', n).split(/[,\u00a0]/)[0]);
  };
  assert.deepEqual(said('en'), [
    'This question already has 1 intent',
    'This question already has 3 intents',
    'This question already has 30 intents',
  ]);
  assert.deepEqual(said('fr'), [
    'Cette question a déjà 1 intention',
    'Cette question a déjà 3 intentions',
    'Cette question a déjà 30 intentions',
  ]);
  assert.deepEqual(said('ru'), [
    'У этого вопроса уже 1 намерение',
    'У этого вопроса уже 3 намерения',
    'У этого вопроса уже 30 намерений',
  ]);
  useMessages('en', messagesOf('en'));
});
