import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { extractPageContext, parsePrice, type PageFacts } from './page-context-extraction.ts';

const base: PageFacts = {
  href: 'https://shop.example/packs/trail-28?utm_source=news&utm_medium=email&utm_campaign=spring&ref=x#reviews',
  title: '  Trail Pack 28 —\n Northwind ',
  lang: 'en-GB',
  referrer: 'https://search.example/',
  metas: [],
  jsonLd: [],
};

describe('page context', () => {
  test('URL, path, title, language, referrer and UTM parameters', () => {
    const c = extractPageContext(base);
    assert.equal(c.path, '/packs/trail-28');
    assert.equal(c.title, 'Trail Pack 28 — Northwind');
    assert.equal(c.lang, 'en-GB');
    assert.equal(c.referrer, 'https://search.example/');
    assert.deepEqual(c.utm, { source: 'news', medium: 'email', campaign: 'spring' });
    assert.equal(c.product, undefined);
    assert.equal(extractPageContext({ ...base, href: 'https://shop.example/' }).utm, undefined);
  });
  test("the language from Open Graph or Dublin Core when the root element does not say it (The Independent's saved article: og:locale en_GB only)", () => {
    const metaOnly = {
      ...base,
      lang: '',
      metas: [
        ['DC.language', 'fr'],
        ['og:locale', 'fr_FR'],
      ] as const,
    };
    assert.equal(extractPageContext(metaOnly).lang, 'fr-FR', 'og:locale, written as a language tag');
    assert.equal(extractPageContext({ ...metaOnly, metas: [['DC.language', ' ru ']] }).lang, 'ru');
    assert.equal(extractPageContext({ ...metaOnly, lang: 'fr' }).lang, 'fr', "the root element's first");
    assert.equal(extractPageContext({ ...metaOnly, metas: [] }).lang, undefined);
  });
  test('product from JSON-LD (inside @graph, offers as a list, a broken block before it)', () => {
    const jsonLd = [
      '{ this is not json',
      JSON.stringify({
        '@context': 'https://schema.org',
        '@graph': [
          { '@type': 'BreadcrumbList' },
          {
            '@type': ['Product'],
            name: 'Trail Pack 28',
            offers: [{ '@type': 'Offer', price: '129.00', priceCurrency: 'EUR' }],
          },
        ],
      }),
    ];
    assert.deepEqual(extractPageContext({ ...base, jsonLd }).product, {
      name: 'Trail Pack 28',
      price: 129,
      currency: 'EUR',
    });
  });
  test('product from an AggregateOffer and from a price specification', () => {
    const agg = JSON.stringify({
      '@type': 'http://schema.org/Product',
      name: 'Summit 40',
      offers: { '@type': 'AggregateOffer', lowPrice: 189.5, priceCurrency: 'USD' },
    });
    assert.deepEqual(extractPageContext({ ...base, jsonLd: [agg] }).product, {
      name: 'Summit 40',
      price: 189.5,
      currency: 'USD',
    });
    const spec = JSON.stringify({
      '@type': 'Product',
      name: 'Fjord 22',
      offers: { priceSpecification: { price: '99', priceCurrency: 'SEK' } },
    });
    assert.deepEqual(extractPageContext({ ...base, jsonLd: [spec] }).product, {
      name: 'Fjord 22',
      price: 99,
      currency: 'SEK',
    });
  });
  test('product from Open Graph / product meta tags, then microdata', () => {
    const metas: [string, string][] = [
      ['og:type', 'product'],
      ['og:title', 'Kestrel 12'],
      ['product:price:amount', '59,90'],
      ['product:price:currency', 'EUR'],
    ];
    assert.deepEqual(extractPageContext({ ...base, metas }).product, {
      name: 'Kestrel 12',
      price: 59.9,
      currency: 'EUR',
    });
    const itemprops: [string, string][] = [
      ['name', 'Daybreak 18'],
      ['price', '1.299,00'],
      ['priceCurrency', 'CHF'],
    ];
    assert.deepEqual(extractPageContext({ ...base, itemprops }).product, {
      name: 'Daybreak 18',
      price: 1299,
      currency: 'CHF',
    });
  });
  test('a name alone is a product; a currency alone is not', () => {
    assert.deepEqual(
      extractPageContext({ ...base, jsonLd: [JSON.stringify({ '@type': 'Product', name: 'Fjord 22' })] }).product,
      { name: 'Fjord 22', price: undefined, currency: undefined },
    );
    assert.equal(extractPageContext({ ...base, metas: [['product:price:currency', 'EUR']] }).product, undefined);
  });
  test('an article page (og:type article) has no product, even with an og:title', () => {
    assert.equal(
      extractPageContext({
        ...base,
        metas: [
          ['og:type', 'article'],
          ['og:title', 'Packing light'],
        ],
      }).product,
      undefined,
    );
  });
  test('prices as people write them', () => {
    assert.equal(parsePrice('1,299.00'), 1299);
    assert.equal(parsePrice('1.299,00 €'), 1299);
    assert.equal(parsePrice('€ 19,90'), 19.9);
    assert.equal(parsePrice('19.9'), 19.9);
    assert.equal(parsePrice('1,299'), 1299);
    assert.equal(parsePrice('free'), undefined);
    assert.equal(parsePrice(-3), undefined);
  });
  test('hostile input never throws and stays bounded', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.array(fc.string(), { maxLength: 3 }),
        fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 4 }),
        (href, title, jsonLd, metas) => {
          const c = extractPageContext({ href, title, lang: title, referrer: href, jsonLd, metas });
          return (c.title?.length ?? 0) <= 200 && typeof c.url === 'string';
        },
      ),
    );
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    assert.equal(extractPageContext({ ...base, jsonLd: [deep, 'x'.repeat(200_000)] }).product, undefined);
  });
});
