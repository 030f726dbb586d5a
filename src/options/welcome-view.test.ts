import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

const read = (file: string) => fs.readFileSync(new URL(file, import.meta.url), 'utf8');
const messages = (lang: string) =>
  JSON.parse(read(`../../assets/_locales/${lang}/messages.json`)) as Record<string, { message: string }>;

test('every text of the welcome view exists in English, French and Russian', () => {
  const keys = [...read('./welcome-view.ts').matchAll(/\bt\('(\w+)'/g)].map((m) => m[1]!);
  assert.ok(keys.length >= 15, `keys: ${keys.join(', ')}`);
  const en = messages('en');
  for (const lang of ['fr', 'ru']) {
    const other = messages(lang);
    for (const key of [...keys, 'wsNavWelcome']) {
      assert.ok(en[key]?.message, `en: ${key}`);
      assert.ok(other[key]?.message, `${lang}: ${key}`);
      assert.notEqual(other[key].message, en[key].message, `${lang}: ${key} is translated`);
    }
  }
});
