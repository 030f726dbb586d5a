/**
 * The synthetic rule sets, signals and pages of `npm run bench:engine`, shared with the unit tests
 * (src/core/rules/engine.test.ts checks that the rule index and a linear scan decide alike on this mix)
 * and with the bench page (bench/engine-page.ts, its seeded PRNG). Test support only: nothing in
 * the extension imports it.
 *
 * Rule sets look like a large shop's: mixed triggers; most rules target product, category, blog or
 * checkout paths (`/shop/item-123*`, …), some full URLs; a share `generic` has no literal URL
 * prefix the index can use (a regular expression, or no URL condition); 0–2 further conditions.
 */
import type { DecisionInput } from '../rules/engine.ts';
import type { Signal, Trigger } from '../signals/signal-model.ts';
import { FLAG_SIGNALS, INTENTS, SCROLL_DEPTHS } from '../signals/signal-kinds.ts';
import { RULE_VERSION, type Condition, type Frequency, type Rule, type Segment } from '../rules/rule-model.ts';
import { DEFAULT_SETTINGS, localDay } from '../rules/policy.ts';

/** mulberry32: a tiny, fast, seeded PRNG, so runs and failures are reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SHOPS = Array.from({ length: 10 }, (_, i) => `https://shop${i}.example`);
const SECTIONS = ['/checkout', '/cart', '/pricing', '/account/', '/search'];
const SELECTORS = [
  '.add-to-cart',
  '.price',
  '#size-guide',
  'form.checkout',
  '.plan-card',
  '.shipping-info',
  '.reviews',
  'nav .menu',
  '.compare',
  '#newsletter',
];
const TAGS = Array.from({ length: 30 }, (_, i) => `tag-${i}`);
const FLOW_IDS = Array.from({ length: 50 }, (_, i) => `flow-${i}`);

/** Trigger kinds in the proportions a shop's rules would use them. */
function randomTrigger(r: () => number): Trigger {
  const x = r();
  if (x < 0.3) return { signal: 'exit-intent' };
  if (x < 0.55) return { signal: 'scroll-depth', atLeast: SCROLL_DEPTHS[Math.floor(r() * 4)]! };
  if (x < 0.7) return { signal: 'dwell', seconds: [10, 20, 30, 60][Math.floor(r() * 4)]! };
  if (x < 0.78)
    return {
      signal: 'hesitation',
      selector: SELECTORS[Math.floor(r() * SELECTORS.length)]!,
      ms: [500, 800, 1500][Math.floor(r() * 3)]!,
    };
  if (x < 0.85)
    return {
      signal: 'intent',
      intent: INTENTS[Math.floor(r() * INTENTS.length)]!,
      atLeast: [0.5, 0.6, 0.7][Math.floor(r() * 3)]!,
    };
  return { signal: FLAG_SIGNALS[Math.floor(r() * FLAG_SIGNALS.length)]! };
}

/**
 * The URL part of a rule. A share `generic` of rules has no literal URL prefix the index can use
 * (60 % of those a regular expression, 40 % no URL condition at all); the others target product,
 * category, blog and checkout paths, or full URLs of sale pages.
 */
function randomUrlCondition(r: () => number, products: number, generic: number): Condition | null {
  const product = Math.floor(r() * products);
  if (r() < generic) {
    if (r() >= 0.6) return null;
    return r() < 0.5
      ? { kind: 'url', match: 'regex', pattern: `^/shop/item-${product}(\\?|$)` }
      : {
          kind: 'url',
          match: 'regex',
          pattern: ['/(sale|promo)/', 'utm_campaign=spring', '^/blog/.*-guide$', '/compare\\?'][Math.floor(r() * 4)]!,
        };
  }
  const x = r();
  if (x < 0.525) return { kind: 'url', match: 'glob', pattern: `/shop/item-${product}*` };
  if (x < 0.65) return { kind: 'url', match: 'prefix', pattern: `/shop/category-${Math.floor(r() * 200)}/` };
  if (x < 0.75) return { kind: 'url', match: 'exact', pattern: `/blog/post-${Math.floor(r() * 2000)}` };
  if (x < 0.875) return { kind: 'url', match: 'glob', pattern: `${SECTIONS[Math.floor(r() * SECTIONS.length)]!}*` };
  return {
    kind: 'url',
    match: 'glob',
    pattern: `${SHOPS[Math.floor(r() * SHOPS.length)]!}/sale/${Math.floor(r() * 500)}*`,
  };
}

function randomCondition(r: () => number): Condition {
  const x = r();
  if (x < 0.25) return { kind: 'visitor-tag', tag: TAGS[Math.floor(r() * TAGS.length)]!, present: r() < 0.7 };
  if (x < 0.4)
    return { kind: 'page', field: 'lang', op: 'starts-with', value: ['en', 'fr', 'de'][Math.floor(r() * 3)]! };
  if (x < 0.5) return { kind: 'device', devices: r() < 0.5 ? ['desktop'] : ['mobile', 'tablet'] };
  if (x < 0.6) return { kind: 'visit-count', min: 1 + Math.floor(r() * 3) };
  if (x < 0.7) return { kind: 'time-of-day', from: '08:00', to: r() < 0.5 ? '20:00' : '02:00' };
  if (x < 0.8) return { kind: 'price', min: Math.floor(r() * 100) };
  if (x < 0.9) return { kind: 'segment', segment: `seg-${Math.floor(r() * 5)}`, member: true };
  return { kind: 'page', field: 'utm.source', op: 'equals', value: 'newsletter' };
}

function randomFrequency(r: () => number): Frequency {
  const x = r();
  if (x < 0.2) return { every: 'page-view' };
  if (x < 0.45) return { every: 'session' };
  if (x < 0.6) return { every: 'visitor' };
  return { every: 'days', days: [1, 3, 7, 30][Math.floor(r() * 4)]! };
}

export function generateRules(n: number, seed: number, generic = 0.2): Rule[] {
  const r = mulberry32(seed);
  const products = Math.max(50, n * 2);
  return Array.from({ length: n }, (_, i): Rule => {
    const url = randomUrlCondition(r, products, generic);
    const extra = Array.from({ length: Math.floor(r() * 3) }, () => randomCondition(r));
    return {
      id: `rule-${i}`,
      version: RULE_VERSION,
      name: `Rule ${i}`,
      enabled: r() < 0.95,
      shadow: r() < 0.05,
      trigger: randomTrigger(r),
      conditions: url ? [url, ...extra] : extra,
      flowId: FLOW_IDS[Math.floor(r() * FLOW_IDS.length)]!,
      entry: r() < 0.4 ? 'pill' : 'panel',
      priority: Math.floor(r() * 26) - 5,
      frequency: randomFrequency(r),
      ...(r() < 0.1 ? { schedule: { start: '2025-01-01', end: '2027-12-31' } } : {}),
    };
  });
}

/** Signals in the proportions the content script sends them (only armed detectors report). */
function randomSignal(r: () => number): Signal {
  const x = r();
  if (x < 0.3) return { type: 'exit-intent' };
  if (x < 0.55) return { type: 'scroll-depth', percent: SCROLL_DEPTHS[Math.floor(r() * 4)]! };
  if (x < 0.7) return { type: 'dwell', seconds: [10, 20, 30, 60][Math.floor(r() * 4)]! };
  if (x < 0.78)
    return {
      type: 'hesitation',
      selector: SELECTORS[Math.floor(r() * SELECTORS.length)]!,
      ms: 600 + Math.floor(r() * 1500),
    };
  if (x < 0.85) return { type: 'intent', intent: INTENTS[Math.floor(r() * INTENTS.length)]!, score: 0.4 + r() * 0.6 };
  return { type: FLAG_SIGNALS[Math.floor(r() * FLAG_SIGNALS.length)]! };
}

/** Page URLs: mostly product pages, then categories, blog, checkout and other pages. */
function randomUrl(r: () => number, products: number): string {
  const shop = SHOPS[Math.floor(r() * SHOPS.length)]!;
  const x = r();
  if (x < 0.6) return `${shop}/shop/item-${Math.floor(r() * products)}${r() < 0.3 ? '?color=blue&size=m' : ''}`;
  if (x < 0.72) return `${shop}/shop/category-${Math.floor(r() * 200)}/page-${1 + Math.floor(r() * 5)}`;
  if (x < 0.8) return `${shop}/blog/post-${Math.floor(r() * 2000)}`;
  if (x < 0.9) return `${shop}${SECTIONS[Math.floor(r() * SECTIONS.length)]!}${r() < 0.5 ? 'step-2' : ''}`;
  if (x < 0.95) return `${shop}/sale/${Math.floor(r() * 500)}?utm_source=newsletter&utm_campaign=spring`;
  return `${shop}/about-us#team`;
}

const SEGMENTS: Segment[] = Array.from({ length: 5 }, (_, i) => ({
  id: `seg-${i}`,
  name: `Segment ${i}`,
  conditions: [{ kind: 'visitor-tag', tag: `tag-${i}`, present: true }],
}));

export function makeQueries(
  count: number,
  products: number,
  seed: number,
  now: number,
): Omit<DecisionInput, 'rules'>[] {
  const r = mulberry32(seed);
  const flowIds = new Set(FLOW_IDS);
  const lastShownByRule: Record<string, number> = {};
  for (let i = 0; i < 40; i++)
    lastShownByRule[`rule-${Math.floor(r() * 1000)}`] = now - Math.floor(r() * 20) * 86_400_000;
  return Array.from({ length: count }, () => {
    const url = randomUrl(r, products);
    return {
      now,
      signal: randomSignal(r),
      page: {
        url,
        startedAt: now - 5000 - Math.floor(r() * 120_000),
        context: {
          lang: r() < 0.7 ? 'en-GB' : 'fr-FR',
          title: 'A product',
          viewport: { width: r() < 0.6 ? 1440 : 390, height: 800 },
          touch: r() < 0.4,
          product: { name: 'Trail pack', price: Math.floor(r() * 200), currency: 'EUR' },
        },
      },
      origin: new URL(url).origin,
      siteEnabled: true,
      pageViewShown: false,
      profile: { tags: TAGS.filter(() => r() < 0.15), tagExpiry: {}, attributes: { firstName: 'Ada' } },
      segments: SEGMENTS,
      visitCount: 1 + Math.floor(r() * 4),
      sessionStartedAt: now - 600_000,
      lastShownByRule,
      flowIds,
      settings: DEFAULT_SETTINGS,
      budget: { day: localDay(now), total: 0.5, bySite: {} },
      dismissals: { byFlow: { 'flow-3': { count: 1, lastAt: now - 3_600_000 } }, bySite: {} },
    };
  });
}
