import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  analyze,
  charNgrams,
  foldText,
  isGenericWord,
  isMostlyCyrillic,
  isStopWord,
  stem,
  tokenize,
  transliterate,
  type Lang,
} from './text-normalize.ts';

/** "word:lang word:lang" → [word, lang] pairs. */
const tagged = (list: string) => list.split(' ').map((pair) => pair.split(':') as [string, Lang]);
const stems = (words: string[], lang: Lang) => new Set(words.map((w) => stem(w.toLowerCase(), lang)));

describe('text normalisation', () => {
  test('folds case and Latin accents, keeps Cyrillic letters, ё → е', () => {
    assert.equal(foldText('ÉCHANGÉ À Noël, ÇA'), 'echange a noel, ca');
    assert.equal(foldText('Œuvre straße'), 'oeuvre strasse');
    assert.equal(foldText('Ещё ЁЛКА'), 'еще елка');
    assert.equal(foldText('Йогурт и чай'), 'йогурт и чай', 'й must not lose its breve');
    assert.equal(foldText('naïve café’s'), "naive cafe's");
  });

  test('tokenizes on punctuation, apostrophes and letter/digit boundaries', () => {
    assert.deepEqual(tokenize('Hello, world!!! — ok?'), ['hello', 'world', 'ok']);
    assert.deepEqual(tokenize("l’article, qu'est-ce"), ['l', 'article', 'qu', 'est', 'ce']);
    assert.deepEqual(tokenize('1m80 / 175cm'), ['1', 'm', '80', '175', 'cm']);
    assert.deepEqual(tokenize('  ...  '), []);
    assert.deepEqual(tokenize('Доставка: когда?!'), ['доставка', 'когда']);
  });

  test('folding is idempotent and tokens are folded, non-empty runs of letters or digits', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        assert.equal(foldText(foldText(text)), foldText(text));
        for (const t of tokenize(text)) {
          assert.ok(/^(\p{L}+|\p{N}+)$/u.test(t), JSON.stringify(t));
          assert.equal(foldText(t), t);
        }
      }),
    );
  });

  test('stop words are general function words, folded; question words and negations are kept', () => {
    assert.ok(isStopWord('the', 'en'));
    assert.ok(isStopWord('ca', 'fr'));
    assert.ok(isStopWord('мне', 'ru'));
    for (const [w, lang] of tagged('how:en not:en combien:fr quand:fr сколько:ru не:ru'))
      assert.ok(!isStopWord(w, lang), `${w} carries meaning`);
    assert.deepEqual(analyze('Can I get a refund?', 'en').words, ['get', 'refund']);
  });

  test('generic words (stopwords-iso) include every stop word and common verbs, not topic words', () => {
    for (const [w, lang] of tagged('the:en le:fr и:ru')) assert.ok(isStopWord(w, lang) && isGenericWord(w, lang), w);
    for (const [w, lang] of tagged('work:en what:en comment:fr можно:ru')) assert.ok(isGenericWord(w, lang), w);
    for (const [w, lang] of tagged('refund:en invoice:en livraison:fr доставка:ru'))
      assert.ok(!isGenericWord(w, lang), w);
  });

  test('Snowball joins Russian word forms', () => {
    assert.equal(stems(['доставка', 'доставки', 'доставку', 'доставкой', 'доставке'], 'ru').size, 1);
    assert.equal(stems(['размер', 'размера', 'размеров', 'размером', 'размеры'], 'ru').size, 1);
    assert.equal(stems(['подписка', 'подписки', 'подписку', 'подпиской'], 'ru').size, 1);
    assert.equal(stem('подойдёт', 'ru'), stem('подойдет', 'ru'), 'ё is folded before stemming');
  });

  test('Snowball joins French word forms, stemming with accents then folding', () => {
    assert.equal(stems(['livrer', 'livré', 'livrée', 'livrés', 'livrez'], 'fr').size, 1);
    assert.equal(stems(['remboursé', 'remboursement', 'rembourser', 'rembourse'], 'fr').size, 1);
    assert.equal(stems(['résilier', 'résiliation'], 'fr').size, 1);
    assert.equal(stems(['échanger', 'échange', 'echange'], 'fr').size, 1);
    assert.equal(stem('facturé', 'fr'), 'factur');
  });

  test('Porter joins English word forms', () => {
    assert.equal(stems(['returns', 'returning', 'returned', 'return'], 'en').size, 1);
    assert.equal(stems(['cancel', 'cancelled', 'cancelling', 'cancellation'], 'en').size, 1);
    assert.equal(stems(['price', 'prices', 'pricing'], 'en').size, 1);
    assert.equal(stem('need', 'en'), 'need');
  });

  test('words with digits or in another script are only folded', () => {
    assert.equal(stem('mp3s', 'en'), 'mp3s');
    assert.equal(stem('Slack', 'ru'), 'slack');
    assert.equal(stem('оплата', 'en'), 'оплата');
    assert.ok(!isMostlyCyrillic('Slack и Jira'));
    assert.ok(isMostlyCyrillic('подключить Slack'));
  });

  test('transliteration gives one Latin spelling, so loanwords meet across scripts', () => {
    assert.equal(transliterate('тариф'), 'tarif');
    assert.equal(transliterate('аккаунт'), 'akkaunt');
    assert.equal(transliterate('подъезд'), 'podezd');
    assert.equal(transliterate('email'), 'email');
  });

  test('character n-grams carry word boundaries', () => {
    assert.deepEqual(charNgrams('size'), ['#si', 'siz', 'ize', 'ze#']);
    assert.deepEqual(charNgrams('ok'), ['#ok', 'ok#']);
    assert.deepEqual(charNgrams('a'), ['#a#']);
    assert.deepEqual(charNgrams('size', 4), ['#siz', 'size', 'ize#']);
  });
});
