import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { issueSentence } from './issue-sentence.ts';
import { useMessages } from '../shared/i18n.ts';
import { validateRule } from '../core/rules/rule-validation.ts';
import { RULE_VERSION } from '../core/rules/rule-model.ts';

function messages(lang: string): Record<string, string> {
  const file = new URL(`../../assets/_locales/${lang}/messages.json`, import.meta.url);
  const all = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { message: string }>;
  return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.message]));
}

test('a refused pattern is explained in the reader’s language, with where it is', () => {
  const checked = validateRule({
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
  });
  assert.ok(!checked.ok);
  const error = checked.errors[0]!;
  useMessages('fr', messages('fr'));
  assert.match(issueSentence(error), /^Utilise une référence arrière \(\\1, \\k<…>\) au caractère 9/);
  useMessages('ru', messages('ru'));
  assert.match(issueSentence(error), /^Использует обратную ссылку .* в символе 9/);
  assert.equal(issueSentence({ path: 'x', message: 'is odd' }), 'is odd', 'an uncoded error keeps its sentence');
});
