import { test } from 'node:test';
import assert from 'node:assert/strict';
import { colon, t, useMessages } from './i18n.ts';
import { sayReason } from './why-words.ts';
import type { Reason } from '../core/rules/reason.ts';
import { messagesOf } from '../core/test-support/catalogue.ts';

// Every code in every language: src/core/rules/reason-words.test.ts. Here: the page's language is the one used.
test('a site mismatch in plain words, in the page language', () => {
  const r: Reason = { code: 'site-other', params: { page: 'news.example', site: 'shop.example' } };
  useMessages('en', messagesOf('en'));
  assert.equal(sayReason(r), 'this page is on news.example; the rule is for shop.example');
  useMessages('fr', messagesOf('fr'));
  assert.equal(sayReason(r), 'cette page est sur news.example\u202f; la règle est pour shop.example');
  useMessages('ru', messagesOf('ru'));
  assert.equal(sayReason(r), 'эта страница на news.example, а правило\u00a0— для shop.example');
  useMessages('en', messagesOf('en'));
  assert.equal(
    sayReason({ code: 'means-path-glob', params: { start: '/2026/', contains: '/', end: '.html' } }),
    'paths starting with “/2026/”, containing “/”, and ending with “.html” (* stands for any text)',
  );
});

/** The reasons' sentences in English, French and Russian (English is the language again after). */
function inEveryLanguage(reasons: Reason[]): string[][] {
  const said = (['en', 'fr', 'ru'] as const).map((lang) => {
    useMessages(lang, messagesOf(lang));
    return reasons.map((r) => sayReason(r));
  });
  useMessages('en', messagesOf('en'));
  return said;
}

test('what an address pattern lets through: "pages whose address … is …", in every language', () => {
  const home: Reason = { code: 'means-url-exact', params: { subject: 'path-query', pattern: '/' } };
  const shop: Reason = { code: 'means-url-prefix', params: { subject: 'address', pattern: 'https://shop.example/' } };
  assert.deepEqual(inEveryLanguage([home, shop]), [
    [
      'pages whose address after the site is exactly “/”',
      'pages whose full address starts with “https://shop.example/”',
    ],
    [
      'les pages dont l’adresse après le site est exactement «\u00a0/\u00a0»',
      'les pages dont l’adresse complète commence par «\u00a0https://shop.example/\u00a0»',
    ],
    [
      'страницы, где адрес после сайта\u00a0— ровно «/»',
      'страницы, где полный адрес начинается с «https://shop.example/»',
    ],
  ]);
});

test('what a glob address pattern lets through, said of one address with verbs, short in every language', () => {
  const journal: Reason = { code: 'means-url-glob', params: { subject: 'path-query', start: '/journal/' } };
  const articles: Reason = {
    code: 'means-url-glob',
    params: { subject: 'address', start: 'https://news.example/', contains: '/2026/', end: '.html' },
  };
  const anything: Reason = { code: 'means-url-glob', params: { subject: 'address' } };
  assert.deepEqual(inEveryLanguage([journal, articles, anything]), [
    [
      'pages whose address after the site starts with “/journal/”',
      'pages whose full address starts with “https://news.example/”, contains “/2026/”, and ends with “.html”',
      'pages whose full address is any text',
    ],
    [
      'les pages dont l’adresse après le site commence par «\u00a0/journal/\u00a0»',
      'les pages dont l’adresse complète commence par «\u00a0https://news.example/\u00a0», contient «\u00a0/2026/\u00a0» et finit par «\u00a0.html\u00a0»',
      'les pages dont l’adresse complète est quelconque',
    ],
    [
      'страницы, где адрес после сайта начинается с «/journal/»',
      'страницы, где полный адрес начинается с «https://news.example/», содержит «/2026/» и заканчивается на «.html»',
      'страницы, где полный адрес любой',
    ],
  ]);
});

test('a ? in a path or glob pattern is said to be any one character, as it matches', () => {
  const oneLetter: Reason = { code: 'means-path-exact', params: { path: '/a?c' } };
  const search: Reason = { code: 'means-url-glob', params: { subject: 'path-query', start: '/search?q=' } };
  const plain: Reason = { code: 'means-path-exact', params: { path: '/about' } };
  assert.deepEqual(inEveryLanguage([oneLetter, search, plain]), [
    [
      'only the path /a?c, where “?” is any one character',
      'pages whose address after the site starts with “/search?q=”, where “?” is any one character',
      'only the path /about',
    ],
    [
      'uniquement le chemin /a?c, où «\u00a0?\u00a0» remplace un seul caractère',
      'les pages dont l’adresse après le site commence par «\u00a0/search?q=\u00a0», où «\u00a0?\u00a0» remplace un seul caractère',
      'uniquement le chemin /about',
    ],
    [
      'только путь /a?c, причём «?»\u00a0— любой один символ',
      'страницы, где адрес после сайта начинается с «/search?q=», причём «?»\u00a0— любой один символ',
      'только путь /about',
    ],
  ]);
});

test("the popup's line for a rule whose address does not hold here has one colon, the rule name's, in every language", () => {
  const because: Reason = { code: 'url-other', params: { address: '/shop/boots', how: 'glob', pattern: '/journal/*' } };
  for (const lang of ['en', 'fr', 'ru'] as const) {
    useMessages(lang, messagesOf(lang));
    const line = `${colon('Trail tips')} ${t('whyRuleNotHere', sayReason(because))}`;
    assert.equal(line.split(':').length - 1, 1, `${lang}: ${line}`);
    assert.ok(line.includes('/shop/boots') && line.includes('/journal/*'), `${lang}: ${line}`);
  }
  useMessages('en', messagesOf('en'));
});
