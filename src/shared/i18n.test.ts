import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { t, uiLanguage, useMessages } from './i18n.ts';

test('a chosen language: its messages, chrome.i18n substitution rules, the key when missing', () => {
  const fr = JSON.parse(
    fs.readFileSync(new URL('../../assets/_locales/fr/messages.json', import.meta.url), 'utf8'),
  ) as Record<string, { message: string }>;
  useMessages('fr', Object.fromEntries(Object.entries(fr).map(([k, v]) => [k, v.message])));
  assert.equal(uiLanguage(), 'fr');
  assert.equal(t('wsNavSettings'), 'Réglages');
  assert.equal(
    t('wsCleared', '3', '1', '2'),
    'Effacé : 3 événements (1 réponses), 2 conversations et le profil du visiteur.',
  );
  useMessages('en', { price: 'Costs $$$1, $2 left', odd: '$9 $x' });
  assert.equal(t('price', '5', '2'), 'Costs $5, 2 left');
  assert.equal(t('odd'), ' $x');
  assert.equal(t('no-such-key'), 'no-such-key', 'outside the browser, a missing key shows as itself');
});
