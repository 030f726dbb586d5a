import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { issueSentence } from './issue-sentence.ts';
import { useMessages } from '../shared/i18n.ts';
import { regexIssue } from '../core/rules/pattern-check.ts';

function messages(lang: string): Record<string, string> {
  const file = new URL(`../../assets/_locales/${lang}/messages.json`, import.meta.url);
  const all = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { message: string }>;
  return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.message]));
}

test('a refused pattern is explained in the reader’s language, with where it is', () => {
  // The validator files the pattern's problem with its code (pattern-check.test.ts checks that).
  const error = {
    path: 'rule.conditions[0].pattern',
    message: 'uses a back-reference',
    issue: regexIssue('^/(\\w+)/\\1'),
  };
  useMessages('fr', messages('fr'));
  assert.match(issueSentence(error), /référence arrière \(\\1, \\k<…>\) au caractère 9/);
  useMessages('ru', messages('ru'));
  assert.match(issueSentence(error), /обратную ссылку .* в символе 9/);
  assert.equal(issueSentence({ path: 'x', message: 'is odd' }), 'is odd', 'an uncoded error keeps its sentence');
});
