import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze, charNgrams, foldText, isStopWord, stem, tokenize, type Lang } from './text-normalize.ts';
import { detectLanguage, keywordBaseline, trainMatcher, type IntentExamples } from './intent-matcher.ts';

const stems = (words: string[], lang: Lang) => new Set(words.map((w) => stem(w.toLowerCase(), lang)));

describe('text normalisation', () => {
  test('folds case and Latin accents, keeps Cyrillic letters, ё → е', () => {
    assert.equal(foldText('ÉCHANGÉ À Noël, ÇA'), 'echange a noel, ca');
    assert.equal(foldText('Œuvre straße'), 'oeuvre strasse');
    assert.equal(foldText('Ещё ЁЛКА'), 'еще елка');
    assert.equal(foldText('Йогурт и чай'), 'йогурт и чай', 'й must not lose its breve');
    assert.equal(foldText('naïve café'), 'naive cafe');
  });

  test('tokenizes on punctuation, apostrophes and letter/digit boundaries', () => {
    assert.deepEqual(tokenize('Hello, world!!! — ok?'), ['hello', 'world', 'ok']);
    assert.deepEqual(tokenize("l’article, qu'est-ce"), ['l', 'article', 'qu', 'est', 'ce']);
    assert.deepEqual(tokenize('1m80 / 175cm'), ['1', 'm', '80', '175', 'cm']);
    assert.deepEqual(tokenize('  ...  '), []);
    assert.deepEqual(tokenize('Доставка: когда?!'), ['доставка', 'когда']);
  });

  test('stop words are per language and folded', () => {
    assert.ok(isStopWord('the', 'en'));
    assert.ok(isStopWord('ca', 'fr'));
    assert.ok(isStopWord('мне', 'ru'));
    assert.ok(!isStopWord('how', 'en'), 'question words carry meaning');
    assert.ok(!isStopWord('combien', 'fr'));
    assert.ok(!isStopWord('сколько', 'ru'));
    assert.deepEqual(analyze('Can I get a refund?', 'en').words, ['get', 'refund']);
  });

  test('Russian word forms share a stem', () => {
    assert.equal(stems(['доставка', 'доставки', 'доставку', 'доставкой', 'доставке'], 'ru').size, 1);
    assert.equal(stems(['размер', 'размера', 'размеров', 'размером', 'размеры'], 'ru').size, 1);
    assert.equal(stems(['человек', 'человека', 'человеком'], 'ru').size, 1);
    assert.equal(stems(['скидка', 'скидки', 'скидку', 'скидкой'], 'ru').size, 1);
    assert.equal(stem(foldText('подойдёт'), 'ru'), stem('подойдет', 'ru'), 'ё is folded before stemming');
  });

  test('French word forms share a stem', () => {
    assert.equal(stems(['livrer', 'livré', 'livrée', 'livrés', 'livrez'], 'fr').size, 1);
    assert.equal(stems(['livraison', 'livraisons'], 'fr').size, 1);
    assert.equal(stems(['remboursé', 'remboursement', 'rembourser', 'rembourse'], 'fr').size, 1);
    assert.equal(stems(['taille', 'tailles'], 'fr').size, 1);
    assert.equal(stems(['échanger', 'échange', 'echange'], 'fr').size, 1);
  });

  test('English word forms share a stem', () => {
    assert.equal(stems(['returns', 'returning', 'returned', 'return'], 'en').size, 1);
    assert.equal(stems(['deliver', 'delivered', 'delivering'], 'en').size, 1);
    assert.equal(stems(['delivery', 'deliveries'], 'en').size, 1);
    assert.equal(stems(['ship', 'shipping', 'shipped'], 'en').size, 1);
    assert.equal(stems(['price', 'prices', 'pricing'], 'en').size, 1);
    assert.equal(stems(['size', 'sizes', 'sizing'], 'en').size, 1);
    assert.equal(stem('need', 'en'), 'need');
  });

  test('character n-grams carry word boundaries', () => {
    assert.deepEqual(charNgrams('size'), ['#si', 'siz', 'ize', 'ze#']);
    assert.deepEqual(charNgrams('ok'), ['#ok', 'ok#']);
    assert.deepEqual(charNgrams('a'), ['#a#']);
    assert.deepEqual(charNgrams('ёж'.replace('ё', 'е')), ['#еж', 'еж#']);
  });
});

const SMALL: IntentExamples = {
  price: {
    en: ['how much does it cost', 'what is the price', 'any discount'],
    fr: ['combien ça coûte', 'quel est le prix', 'une réduction ?'],
    ru: ['сколько стоит', 'какая цена', 'есть скидка?'],
  },
  delivery: {
    en: ['when will my order arrive', 'how long does shipping take', 'delivery to Canada?'],
    fr: ['quand vais-je recevoir ma commande', 'délais de livraison', 'vous livrez en Belgique ?'],
    ru: ['когда придёт заказ', 'сколько идёт доставка', 'доставляете в Казахстан?'],
  },
  returns: {
    en: ['how do I return an item', 'can I get a refund', 'send it back'],
    fr: ['comment retourner un article', 'je veux être remboursé', 'renvoyer le produit'],
    ru: ['как вернуть товар', 'хочу вернуть деньги', 'условия возврата'],
  },
  human: {
    en: ['talk to a person', 'speak to a human', 'customer service'],
    fr: ['parler à quelqu’un', 'un conseiller humain', 'service client'],
    ru: ['поговорить с человеком', 'позовите оператора', 'служба поддержки'],
  },
};

describe('trainMatcher', () => {
  const matcher = trainMatcher(SMALL);

  test('matches word forms, case, accents and typos in each language', () => {
    const cases: [string, Lang, string][] = [
      ['HOW MUCH is this jacket', 'en', 'price'],
      ['Returning my shoes?', 'en', 'returns'],
      ['shiping time to the uk', 'en', 'delivery'],
      ['I want to speak with a real person', 'en', 'human'],
      ['ca coute combien', 'fr', 'price'],
      ['LIVRAISON en Suisse ?', 'fr', 'delivery'],
      ['je voudrais etre rembourse', 'fr', 'returns'],
      ['доставкой в Минск занимаетесь?', 'ru', 'delivery'],
      ['ЦЕНУ подскажите', 'ru', 'price'],
      ['хочу вернуть кроссовки', 'ru', 'returns'],
      ['можно поговорить с живым человеком', 'ru', 'human'],
    ];
    for (const [text, lang, intent] of cases) {
      const r = matcher.match(text, lang);
      assert.equal(r.intent, intent, `${lang} ${JSON.stringify(text)} → ${r.intent} (${r.score.toFixed(2)})`);
      assert.ok(r.score > 0 && r.score <= 1);
      assert.equal(r.ranking[0]?.intent, intent);
      assert.equal(r.ranking.length, 4);
    }
  });

  test('falls back to null for gibberish, off-topic and empty text', () => {
    for (const [text, lang] of [
      ['qwzxv plmokn', 'en'],
      ['tell me a joke', 'en'],
      ['who won the football game', 'en'],
      ['raconte moi une blague', 'fr'],
      ['фывапролд', 'ru'],
      ['кто выиграл матч', 'ru'],
      ['', 'en'],
      ['?!', 'fr'],
      ['the a an', 'en'],
    ] as [string, Lang][]) {
      const r = matcher.match(text, lang);
      assert.equal(r.intent, null, `${JSON.stringify(text)} should fall back, got ${r.intent} (${r.score.toFixed(2)})`);
    }
    assert.equal(matcher.match('', 'en').score, 0);
  });

  test('threshold and margin are configurable', () => {
    assert.equal(trainMatcher(SMALL, { threshold: 0.99 }).match('what is the price of it', 'en').intent, null);
    const lax = trainMatcher(SMALL, { threshold: 0, minMargin: 0 });
    assert.equal(lax.options.threshold, 0);
    assert.equal(lax.match('price of a joke', 'en').intent, 'price');
    assert.equal(lax.match('qqqq', 'en').intent, null, 'a score of 0 never matches');
    // Two intents with the same examples can never be told apart: the margin sends it to null.
    const twins = trainMatcher({ a: { en: ['track my parcel'] }, b: { en: ['track my parcel'] } });
    const r = twins.match('track my parcel', 'en');
    assert.equal(r.intent, null);
    assert.ok(r.score > 0.9);
    assert.deepEqual(
      r.ranking.map((x) => x.intent),
      ['a', 'b'],
      'ties keep the training order',
    );
  });

  test('detects the language when none is given', () => {
    assert.equal(detectLanguage('сколько стоит доставка'), 'ru');
    assert.equal(detectLanguage('combien ça coûte ?'), 'fr');
    assert.equal(detectLanguage('je veux être remboursé'), 'fr');
    assert.equal(detectLanguage('how much is it'), 'en');
    assert.equal(detectLanguage('xyz'), 'en');
    assert.deepEqual(
      [
        matcher.match('vous livrez en Suisse ?'),
        matcher.match('когда привезут заказ'),
        matcher.match('can I get my money back'),
      ].map((r) => [r.lang, r.intent]),
      [
        ['fr', 'delivery'],
        ['ru', 'delivery'],
        ['en', 'returns'],
      ],
    );
    // No cue word either way: both Latin languages are tried and the better one is kept.
    const r = matcher.match('livraison Belgique');
    assert.equal(r.intent, 'delivery');
    assert.equal(r.lang, 'fr');
  });

  test('an intent without examples in a language is reached through its other languages', () => {
    const m = trainMatcher({
      price: { en: ['price please', 'discount coupon'] },
      human: { fr: ['parler à un humain'] },
    });
    assert.equal(m.match('une réduction ?', 'fr').ranking.length, 2);
    assert.equal(m.match('un humain svp', 'fr').intent, 'human');
    assert.deepEqual(trainMatcher({ empty: {}, blank: { en: ['  '] }, ok: { en: ['hello there'] } }).intents, ['ok']);
  });

  test('is deterministic and does not change its input', () => {
    const input = structuredClone(SMALL);
    const a = trainMatcher(input);
    const b = trainMatcher(structuredClone(SMALL));
    assert.deepEqual(input, SMALL, 'training must not mutate the examples');
    for (const text of ['how much', 'livraison', 'вернуть', 'xyz', 'human please']) {
      const first = a.match(text);
      assert.deepEqual(a.match(text), first);
      assert.deepEqual(b.match(text), first);
    }
  });
});

describe('keywordBaseline', () => {
  const base = keywordBaseline(SMALL);

  test('picks the intent sharing the most raw words; null when none is shared', () => {
    assert.equal(base.match('what is the price', 'en').intent, 'price');
    assert.equal(base.match('zzz', 'en').intent, null);
    assert.equal(base.match('zzz', 'en').score, 0);
  });

  test('does no stemming and no accent folding; ties go to the first intent', () => {
    assert.equal(base.match('returning', 'en').intent, null);
    assert.equal(base.match('rembourse', 'fr').intent, null, '"remboursé" is another raw word');
    // "how" is in price, delivery and returns examples: the first one wins.
    assert.equal(base.match('how', 'en').intent, 'price');
  });
});

// ---------------------------------------------------------------- the shipped evaluation set

interface ShopSet {
  intents: IntentExamples;
  tests: { lang: Lang; intent: string | null; text: string }[];
}

function loadShopSet(): ShopSet {
  return JSON.parse(
    readFileSync(new URL('../../../assets/intents/shop-intents.json', import.meta.url), 'utf8'),
  ) as ShopSet;
}

describe('assets/intents/shop-intents.json', () => {
  const set = loadShopSet();

  test('has the shop intents, 6–10 examples per intent and language, ≥ 40 tests per language', () => {
    for (const name of ['price', 'delivery', 'returns', 'size-fit', 'human', 'product-finder']) {
      assert.ok(set.intents[name], `intent ${name}`);
      for (const lang of ['en', 'fr', 'ru'] as const) {
        const n = set.intents[name]?.[lang]?.length ?? 0;
        assert.ok(n >= 6 && n <= 10, `${name}.${lang} has ${n} examples`);
      }
    }
    for (const lang of ['en', 'fr', 'ru'] as const) {
      const tests = set.tests.filter((t) => t.lang === lang);
      assert.ok(tests.length >= 40, `${lang}: ${tests.length} tests`);
      assert.ok(
        tests.some((t) => t.intent === null),
        `${lang}: off-topic tests`,
      );
      for (const t of tests) assert.ok(t.intent === null || t.intent in set.intents, `unknown intent ${t.intent}`);
    }
  });

  test('train and test never leak: no test utterance is an example, and training sees only `intents`', () => {
    const key = (s: string) => tokenize(s).join(' ');
    const examples = new Set<string>();
    for (const byLang of Object.values(set.intents))
      for (const list of Object.values(byLang)) for (const ex of list ?? []) examples.add(key(ex));
    for (const t of set.tests)
      assert.ok(!examples.has(key(t.text)), `test ${JSON.stringify(t.text)} is also an example`);

    // The matcher is built from `intents` alone: however the tests change, it answers the same.
    const probe = set.tests.slice(0, 30).map((t) => [t.text, t.lang] as const);
    const before = trainMatcher(set.intents);
    const withoutTests: ShopSet = { intents: structuredClone(set.intents), tests: [] };
    const after = trainMatcher(withoutTests.intents);
    for (const [text, lang] of probe) assert.deepEqual(after.match(text, lang), before.match(text, lang));
    assert.deepEqual(before.intents, Object.keys(set.intents));
  });
});
