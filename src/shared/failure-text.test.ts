import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { failureText, issueSentence } from './failure-text.ts';
import { useMessages } from './i18n.ts';
import { TactError } from './protocol.ts';
import { validateRule } from '../core/rules/rule-validation.ts';
import { RULE_VERSION } from '../core/rules/rule-model.ts';
import { reason } from '../core/rules/reason.ts';
import { parsePack } from '../core/flows/flow-pack.ts';

function messages(lang: string): Record<string, string> {
  const file = new URL(`../../assets/_locales/${lang}/messages.json`, import.meta.url);
  const all = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { message: string }>;
  return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.message]));
}

const RULE = {
  id: 'r',
  version: RULE_VERSION,
  name: 'Rule',
  enabled: true,
  shadow: false,
  trigger: { signal: 'exit-intent' },
  conditions: [{ kind: 'url', match: 'regex', pattern: '^/(\\w+)/\\1' }],
  flowId: 'f',
  entry: 'panel',
  priority: 0,
  frequency: { every: 'visitor' },
};

test('a refused pattern is explained in the reader’s language, with where it is', () => {
  const checked = validateRule(RULE);
  assert.ok(!checked.ok);
  const error = checked.errors[0]!;
  useMessages('fr', messages('fr'));
  assert.match(issueSentence(error), /^Utilise une référence arrière \(\\1, \\k<…>\) au caractère 9/);
  useMessages('ru', messages('ru'));
  assert.match(issueSentence(error), /^Использует обратную ссылку .* в символе 9/);
  assert.equal(issueSentence({ path: 'x', message: 'is odd' }), 'is odd', 'an uncoded error keeps its sentence');
});

test('a refused request reads in the page’s language: its reason, then its first problems', () => {
  const checked = validateRule(RULE);
  assert.ok(!checked.ok);
  const refused = new TactError('req-rule-invalid', checked.errors, reason('req-rule-invalid'));
  useMessages('fr', messages('fr'));
  const [head, first] = failureText(refused).split('\n');
  assert.equal(head, 'Cette règle ne peut pas être enregistrée\u00a0:');
  assert.match(first!, /^rule\.conditions\[0\]\.pattern\u00a0: Utilise une référence arrière/, 'the French colon');
  useMessages('ru', messages('ru'));
  assert.equal(
    failureText(new TactError('req-no-segment', undefined, reason('req-no-segment', { segment: 'vip' }))),
    'Сегмента «vip» нет.',
  );
  const many = Array.from({ length: 11 }, (_, i) => ({ path: `flows[${i}]`, message: 'odd' }));
  useMessages('en', messages('en'));
  const lines = failureText(new TactError('x', many, reason('req-nothing-restored'))).split('\n');
  assert.equal(lines.length, 1 + 8 + 1, 'the first eight problems, then how many more');
  assert.equal(lines[0], 'Nothing was restored:');
  assert.match(lines.at(-1)!, /3/);
});

test('a file that is no JSON: the reason, then the sentence alone, no "(file)" path', () => {
  const checked = parsePack('{ not json');
  assert.ok(!checked.ok);
  const refused = new TactError('req-pack-refused', checked.errors, reason('req-pack-refused'));
  useMessages('fr', messages('fr'));
  assert.equal(
    failureText(refused),
    'Ce fichier n’est pas un pack de parcours Tact valide\u202f; rien n’a été importé.\nCe fichier n’est pas du JSON valide.',
  );
  useMessages('ru', messages('ru'));
  assert.doesNotMatch(failureText(refused), /file/);
});

test('a failure without a reason keeps its own message', () => {
  assert.equal(failureText(new Error('Could not establish connection')), 'Could not establish connection');
  assert.equal(failureText(new TactError('no answer to rules/list')), 'no answer to rules/list');
  useMessages('en', messages('en'));
  assert.match(
    failureText(new TactError('no answer to rules/list', undefined, reason('req-no-answer'))),
    /did not answer/,
  );
});
