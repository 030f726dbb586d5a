import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { useMessages } from './i18n.ts';
import { reasonKey, sayReason } from './why-words.ts';
import { REASON_CODES, type Reason } from '../core/rules/reason.ts';

const messages = (lang: string) =>
  Object.fromEntries(
    Object.entries(
      JSON.parse(
        fs.readFileSync(new URL(`../../assets/_locales/${lang}/messages.json`, import.meta.url), 'utf8'),
      ) as Record<string, { message: string }>,
    ).map(([k, v]) => [k, v.message]),
  );

/** Sample parameters: every name any reason uses, so no sentence is left with a hole. */
const SAMPLE = {
  page: 'news.example',
  site: 'shop.example',
  path: '/2026/a.html',
  pattern: '/2025/*',
  address: 'https://news.example/x',
  how: 'regex',
  url: 'news.example/x',
  start: '/2026/',
  contains: '/',
  end: '.html',
  subject: 'path-query',
};

for (const lang of ['en', 'fr', 'ru'])
  test(`every reason code has a sentence in ${lang}, with its parameters in it`, () => {
    const all = messages(lang);
    useMessages(lang, all);
    for (const code of REASON_CODES) {
      assert.ok(all[reasonKey(code)], `${lang}: no ${reasonKey(code)}`);
      const said = sayReason({ code, params: SAMPLE });
      // A missing key comes back as the key itself: no "why…" word may be left in a sentence.
      assert.doesNotMatch(said, /\bwhy[A-Z_]/, `${lang} ${code}: ${said}`);
      assert.doesNotMatch(said, /\$\d/, `${lang} ${code}: ${said}`);
    }
  });

test('a site mismatch in plain words, in each language', () => {
  const r: Reason = { code: 'site-other', params: { page: 'news.example', site: 'shop.example' } };
  useMessages('en', messages('en'));
  assert.equal(sayReason(r), 'this page is on news.example; the rule is for shop.example');
  useMessages('fr', messages('fr'));
  assert.equal(sayReason(r), 'cette page est sur news.example ; la règle est pour shop.example');
  useMessages('ru', messages('ru'));
  assert.equal(sayReason(r), 'эта страница на news.example, а правило — для shop.example');
  useMessages('en', messages('en'));
  assert.equal(
    sayReason({ code: 'means-path-glob', params: { start: '/2026/', contains: '/', end: '.html' } }),
    'paths starting with “/2026/”, containing “/”, and ending with “.html” (* stands for any text)',
  );
});
