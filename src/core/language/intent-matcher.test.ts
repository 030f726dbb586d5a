import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { tokenize, type Lang } from './text-normalize.ts';
import {
  addExample,
  DEFAULT_MATCHER_OPTIONS,
  detectLanguage,
  keywordBaseline,
  matchStrength,
  trainMatcher,
  type IntentExamples,
} from './intent-matcher.ts';

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

const LANG = fc.constantFrom<Lang>('en', 'fr', 'ru');
/** Free text: mostly words from the examples and elsewhere, with noise, accents and Cyrillic. */
const TEXT = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc
    .array(
      fc.constantFrom(
        'price',
        'prix',
        'цена',
        'refund',
        'remboursé',
        'вернуть',
        'human',
        'the',
        'и',
        'Ça',
        'xyz',
        '?!',
        '42',
      ),
      { maxLength: 6 },
    )
    .map((w) => w.join(' ')),
);

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
      assert.equal(r.ranking[0]?.intent, intent);
      assert.equal(r.lang, lang);
    }
  });

  test('an example matches its own intent, scoring at least its nearest-example share', () => {
    for (const [intent, byLang] of Object.entries(SMALL))
      for (const lang of ['en', 'fr', 'ru'] as const)
        for (const text of byLang[lang] ?? []) {
          const r = matcher.match(text, lang);
          assert.equal(r.intent, intent, text);
          assert.ok(r.score >= 1 - matcher.options.centroidWeight - 1e-9, `${text}: ${r.score}`);
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

  test('scores lie in 0–1, the ranking lists every intent best first, the answer is its head or null', () => {
    fc.assert(
      fc.property(TEXT, fc.option(LANG, { nil: undefined }), (text, lang) => {
        const r = matcher.match(text, lang);
        assert.deepEqual([...r.ranking.map((x) => x.intent)].sort(), [...matcher.intents].sort());
        for (let i = 0; i < r.ranking.length; i++) {
          const s = r.ranking[i]!.score;
          assert.ok(s >= 0 && s <= 1);
          if (i > 0) assert.ok(s <= r.ranking[i - 1]!.score);
        }
        assert.equal(r.score, r.ranking[0]!.score);
        assert.ok(r.intent === null || r.intent === r.ranking[0]!.intent);
        if (lang) assert.equal(r.lang, lang);
      }),
    );
  });

  test('a higher threshold or margin never turns a fallback into an intent', () => {
    fc.assert(
      fc.property(
        TEXT,
        LANG,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (text, lang, th, mm) => {
          const lax = trainMatcher(SMALL, { threshold: th, minMargin: mm }).match(text, lang);
          const strict = trainMatcher(SMALL, { threshold: th + 0.1, minMargin: mm + 0.05 }).match(text, lang);
          if (lax.intent === null) assert.equal(strict.intent, null);
          assert.equal(strict.score, lax.score, 'the threshold does not change scores');
        },
      ),
      { numRuns: 60 },
    );
  });

  test('threshold and margin are configurable; twins are never told apart', () => {
    assert.equal(trainMatcher(SMALL, { threshold: 0.99 }).match('what is the price of it', 'en').intent, null);
    const lax = trainMatcher(SMALL, { threshold: 0, minMargin: 0 });
    assert.equal(lax.options.threshold, 0);
    assert.equal(lax.options.crossWeight, DEFAULT_MATCHER_OPTIONS.crossWeight, 'options not given keep their default');
    assert.equal(lax.match('qqqq', 'en').intent, null, 'a score of 0 never matches');
    const twins = trainMatcher({ a: { en: ['track my parcel'] }, b: { en: ['track my parcel'] } });
    const r = twins.match('track my parcel', 'en');
    assert.equal(r.intent, null);
    assert.ok(r.score > 0.99);
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

  test('examples in other languages help: an intent with none in a language is reached through the others', () => {
    const m = trainMatcher({
      billing: { en: ['download my invoice', 'update my credit card'] },
      api: { fr: ['documentation de l’API', 'un webhook ?'] },
    });
    assert.equal(m.match('facture PDF', 'fr').ranking.length, 2);
    assert.equal(m.match('где документация API', 'ru').intent, 'api');
    assert.equal(m.match('invoice please', 'fr').intent, 'billing');
    assert.deepEqual(trainMatcher({ empty: {}, blank: { en: ['  '] }, ok: { en: ['hello there'] } }).intents, ['ok']);
  });

  test('is deterministic and does not change its input', () => {
    fc.assert(
      fc.property(fc.array(TEXT, { minLength: 1, maxLength: 5 }), (texts) => {
        const input = structuredClone(SMALL);
        const a = trainMatcher(input);
        const b = trainMatcher(structuredClone(SMALL));
        assert.deepEqual(input, SMALL, 'training must not change the examples');
        for (const text of texts) {
          const first = a.match(text);
          assert.deepEqual(a.match(text), first);
          assert.deepEqual(b.match(text), first);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('learning', () => {
  const matcher = trainMatcher(SMALL);

  test('withExample: the answer matches at once; the old matcher is unchanged', () => {
    const probe = 'numéro de suivi du colis';
    const before = matcher.match(probe, 'fr');
    assert.notEqual(before.intent, 'delivery');
    const learned = matcher.withExample('delivery', 'numéro de suivi ?', 'fr');
    assert.equal(learned.match(probe, 'fr').intent, 'delivery');
    assert.deepEqual(matcher.match(probe, 'fr'), before, 'the old matcher is unchanged');
    assert.deepEqual(learned.examples().delivery?.fr, [...SMALL.delivery!.fr!, 'numéro de suivi ?']);
  });

  test('withExample can start a new intent, detects the language, and ignores blank text', () => {
    const learned = matcher.withExample('opening-hours', 'вы открыты в воскресенье?');
    assert.deepEqual(learned.intents, [...matcher.intents, 'opening-hours']);
    assert.deepEqual(learned.examples()['opening-hours'], { ru: ['вы открыты в воскресенье?'] });
    assert.equal(learned.match('открыты в субботу?', 'ru').intent, 'opening-hours');
    const same = matcher.withExample('price', '   ', 'en');
    assert.deepEqual(same.examples(), matcher.examples());
  });

  test('withExample answers exactly like training again with the example added', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('price', 'delivery', 'returns', 'human', 'new-intent'),
        fc.constantFrom('track my parcel please', 'remboursement svp', 'оператор нужен', 'ça coûte trop', 'hello'),
        LANG,
        fc.array(TEXT, { minLength: 1, maxLength: 4 }),
        (intent, text, lang, probes) => {
          const incremental = matcher.withExample(intent, text, lang);
          const retrained = trainMatcher(addExample(SMALL, intent, text, lang));
          for (const p of probes) assert.deepEqual(incremental.match(p), retrained.match(p));
        },
      ),
      { numRuns: 40 },
    );
  });

  test('addExample returns a new object, trims, skips blanks and duplicates', () => {
    const input = structuredClone(SMALL);
    const out = addExample(input, 'price', '  too expensive  ', 'en');
    assert.deepEqual(input, SMALL, 'the input is not changed');
    assert.deepEqual(out.price?.en?.at(-1), 'too expensive');
    assert.deepEqual(addExample(out, 'price', 'too expensive', 'en'), out);
    assert.deepEqual(addExample(SMALL, 'price', ' ', 'en'), SMALL);
    assert.deepEqual(addExample({}, 'new', 'bonjour', 'fr'), { new: { fr: ['bonjour'] } });
  });

  test('matchStrength: none for the fallback, weak near the threshold or the runner-up, strong otherwise', () => {
    assert.equal(matchStrength(matcher.match('qwzxv', 'en')), 'none');
    assert.equal(matchStrength(matcher.match('what is the price', 'en'), matcher.options), 'strong');
    const twins = trainMatcher(
      { a: { en: ['track my parcel'] }, b: { en: ['track my parcel please'] } },
      { minMargin: 0 },
    );
    const near = twins.match('track my parcel', 'en');
    assert.equal(near.intent, 'a');
    assert.equal(matchStrength(near, twins.options), 'weak');
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
    assert.equal(base.match('how', 'en').intent, 'price');
  });
});

// ---------------------------------------------------------------- the evaluation sets

interface IntentSetFile {
  intents: IntentExamples;
  tests: { lang: Lang; intent: string | null; text: string }[];
}

const setsDir = new URL('../../../assets/intents/', import.meta.url);
const setFiles = readdirSync(setsDir).filter((f) => f.endsWith('.json'));

describe('assets/intents evaluation sets', () => {
  test('there are the shop set and at least three sets of other domains', () => {
    assert.ok(setFiles.includes('shop-intents.json'));
    assert.ok(setFiles.length >= 4, setFiles.join(', '));
  });

  for (const file of setFiles) {
    const set = JSON.parse(readFileSync(new URL(file, setsDir), 'utf8')) as IntentSetFile;

    test(`${file}: ≥ 4 examples per intent and language, ≥ 30 tests per language with off-topic ones`, () => {
      for (const [name, byLang] of Object.entries(set.intents))
        for (const lang of ['en', 'fr', 'ru'] as const)
          assert.ok((byLang[lang]?.length ?? 0) >= 4, `${name}.${lang}: ${byLang[lang]?.length ?? 0} examples`);
      for (const lang of ['en', 'fr', 'ru'] as const) {
        const tests = set.tests.filter((t) => t.lang === lang);
        assert.ok(tests.length >= 30, `${lang}: ${tests.length} tests`);
        assert.ok(
          tests.some((t) => t.intent === null),
          `${lang}: off-topic tests`,
        );
        for (const t of tests) assert.ok(t.intent === null || t.intent in set.intents, `unknown intent ${t.intent}`);
      }
    });

    test(`${file}: no test is also an example, and the matcher never sees the tests`, () => {
      const key = (s: string) => tokenize(s).join(' ');
      const examples = new Set<string>();
      for (const byLang of Object.values(set.intents))
        for (const list of Object.values(byLang)) for (const ex of list ?? []) examples.add(key(ex));
      for (const t of set.tests)
        assert.ok(!examples.has(key(t.text)), `test ${JSON.stringify(t.text)} is also an example`);
      const m = trainMatcher(set.intents);
      assert.deepEqual(m.intents, Object.keys(set.intents));
      assert.deepEqual(m.examples(), set.intents, 'trained on the examples alone');
    });
  }
});
