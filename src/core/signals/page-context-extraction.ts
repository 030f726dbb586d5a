/**
 * Page context, the extraction: what a page says about itself — URL, path, title, language (the
 * root element's `lang`, else Open Graph's `og:locale` or Dublin Core's `DC.language`), referrer,
 * UTM parameters and, on a product page, the product's name, price and currency (from JSON-LD,
 * then Open Graph / product meta tags, then microdata `itemprop`). Pure: takes plain data
 * the content script read from the DOM (`content/page-context-reader.ts`), so it is unit-tested in Node.
 *
 * Hostile input is expected: JSON-LD that does not parse, prices written "1.299,00 €", huge
 * strings. Nothing here throws; every text is trimmed and capped.
 */
import type { PageContext } from './signal-model.ts';

export interface PageFacts {
  href: string;
  title: string;
  lang: string;
  referrer: string;
  /** `<meta>` tags as [name or property, content]. */
  metas: readonly (readonly [string, string])[];
  /** The text of each `<script type="application/ld+json">`. */
  jsonLd: readonly string[];
  /** Microdata: [itemprop, content attribute or text] for name/price/priceCurrency. */
  itemprops?: readonly (readonly [string, string])[];
  viewport?: { width: number; height: number };
  touch?: boolean;
}

/** The protocol's page context (sent with `page/hello`), plus the URL and path it came from. */
export interface ExtractedPageContext extends PageContext {
  url: string;
  path: string;
}

const MAX_TEXT = 200;
const MAX_JSON_LD = 100_000;
const clean = (s: unknown): string | undefined => {
  if (typeof s !== 'string' && typeof s !== 'number') return undefined;
  const t = String(s).replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT);
  return t || undefined;
};

/** A price written by people or machines ("1,299.00", "1.299,00 €", "19.9") as a number, or undefined. */
export function parsePrice(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) && raw >= 0 ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const s = raw.replace(/[^\d.,]/g, '');
  if (!/\d/.test(s)) return undefined;
  const last = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  const sep = s[last];
  // The last separator is the decimal one when both kinds appear, or when it appears once and is
  // not followed by exactly three digits ("19,90" yes; "1,299" and "1.299" are thousands).
  const decimal =
    last >= 0 && (/[.]/.test(s) && /,/.test(s) ? true : s.split(sep!).length === 2 && s.length - last - 1 !== 3);
  const n = Number(decimal ? `${s.slice(0, last).replace(/[.,]/g, '')}.${s.slice(last + 1)}` : s.replace(/[.,]/g, ''));
  return Number.isFinite(n) ? n : undefined;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Every object in a JSON-LD document (top level, arrays, `@graph`), depth-limited. */
function nodes(v: unknown, out: Json[] = [], depth = 0): Json[] {
  if (depth > 4 || out.length > 200) return out;
  for (const x of list(v)) {
    if (Array.isArray(x)) nodes(x, out, depth + 1);
    else if (isObj(x)) {
      out.push(x);
      if (x['@graph']) nodes(x['@graph'], out, depth + 1);
    }
  }
  return out;
}

/** A product from its parts, or undefined when there is neither a name nor a price. */
const product = (name: unknown, price: unknown, currency: unknown): PageContext['product'] => {
  const p = { name: clean(name), price: parsePrice(price), currency: clean(currency) };
  return p.name || p.price !== undefined ? p : undefined;
};

function productFromJsonLd(texts: readonly string[]): PageContext['product'] {
  for (const text of texts) {
    if (text.length > MAX_JSON_LD) continue;
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      continue; // a broken block on the page: ignore it, keep looking
    }
    for (const n of nodes(doc)) {
      // "Product", "ProductGroup", "http://schema.org/Product"…
      if (!list(n['@type']).some((t) => /(^|[/#])Product(Group)?$/.test(String(t)))) continue;
      const offer = list(n.offers).find(isObj) ?? {};
      const spec = isObj(offer.priceSpecification) ? offer.priceSpecification : {};
      return product(n.name, offer.price ?? offer.lowPrice ?? spec.price, offer.priceCurrency ?? spec.priceCurrency);
    }
  }
  return undefined;
}

/** UTM parameters of a URL (utm_source → source …), or undefined when there are none. */
function utmOf(url: URL): PageContext['utm'] {
  let utm: PageContext['utm'];
  for (const k of ['source', 'medium', 'campaign', 'term', 'content'] as const) {
    const v = clean(url.searchParams.get(`utm_${k}`));
    if (v) (utm ??= {})[k] = v;
  }
  return utm;
}

/**
 * Extracts the page context from plain facts. Absent facts are left undefined (they do not travel
 * in a message). Never throws: a malformed URL gives an empty path.
 */
export function extractPageContext(f: PageFacts): ExtractedPageContext {
  let url: URL | undefined;
  try {
    url = new URL(f.href);
  } catch {
    url = undefined;
  }
  const meta = (key: string) => f.metas.find(([k]) => k.toLowerCase() === key)?.[1];
  const item = (key: string) => f.itemprops?.find(([k]) => k === key)?.[1];
  return {
    url: (url?.href ?? f.href).slice(0, 4000),
    path: url?.pathname ?? '',
    title: clean(f.title),
    // Some sites leave the root element's `lang` out and say it in a meta tag only (The Independent's
    // saved article: og:locale "en_GB"): a rule on the page's language still holds there.
    lang: (clean(f.lang) ?? clean(meta('og:locale'))?.replaceAll('_', '-') ?? clean(meta('dc.language')))?.slice(0, 35),
    referrer: clean(f.referrer),
    utm: url && utmOf(url),
    product:
      productFromJsonLd(f.jsonLd) ??
      product(
        (meta('og:type') === 'product' ? meta('og:title') : undefined) ?? item('name'),
        meta('product:price:amount') ?? meta('og:price:amount') ?? item('price'),
        meta('product:price:currency') ?? meta('og:price:currency') ?? item('priceCurrency'),
      ),
    viewport: f.viewport,
    touch: f.touch,
  };
}
