import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wordsOf } from '../core/test-support/catalogue.ts';
import { explainUrlCondition } from '../core/rules/url-explain.ts';
import { sayReason } from './reason-formatter.ts';

test('the visitor’s "why" names a Unicode site as people write it, in their language', () => {
  const verdict = explainUrlCondition({ kind: 'site', host: 'магазин.рф' }, 'https://xn--80aairftm.xn--p1ai/');
  assert.equal(sayReason(verdict.reason, wordsOf('en')), 'this page is on магазин.рф, the rule’s site');
  assert.match(sayReason(verdict.reason, wordsOf('ru')), /магазин\.рф/);
  assert.doesNotMatch(sayReason(verdict.reason, wordsOf('fr')), /xn--/);
  // Text and other reasons are worded as before.
  assert.equal(sayReason('as it came', wordsOf('en')), 'as it came');
});
