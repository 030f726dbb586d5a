import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { formatList, plural, t, uiLanguage, useMessages } from './i18n.ts';

test('a chosen language: its messages, chrome.i18n substitution rules, the key when missing', () => {
  const fr = JSON.parse(
    fs.readFileSync(new URL('../../assets/_locales/fr/messages.json', import.meta.url), 'utf8'),
  ) as Record<string, { message: string }>;
  useMessages('fr', Object.fromEntries(Object.entries(fr).map(([k, v]) => [k, v.message])));
  assert.equal(uiLanguage(), 'fr');
  assert.equal(t('wsNavSettings'), 'Réglages');
  assert.equal(
    t('wsCleared', plural('countEvents', 3), plural('countAnswers', 1), plural('countConversations', 2)),
    'Effacé : 3 événements (1 réponse), 2 conversations et le profil du visiteur.',
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
