/**
 * The site build's record of a hold, in its own IndexedDB (fake-indexeddb here), as the extension
 * keeps it in the decision's trace: an overlay withdrawn unseen after the hold limit, or shown after
 * waiting for the visitor's free moment. The page is a stand-in with nothing on it; the clock is
 * moved by hand so that the 30 s limit passes at the next look.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MAX_HOLD_MS } from '../core/signals/hold.ts';
import type { BusyState } from '../core/signals/signal-kinds.ts';
import type { QuietState } from '../core/signals/signal-model.ts';
import { forgetVisitor, HOLDS_KEPT, updateVisitor, withHold, type EmbedVisitor } from './embed-store.ts';
import { openSession } from './embed-session.ts';

const PACK: unknown = JSON.parse(readFileSync(new URL('../../e2e/fixtures/embed-pack.json', import.meta.url), 'utf8'));
const URL_HERE = 'https://shop.example/cart';
const ORIGIN = 'https://shop.example';
const QUIET: QuietState = { typing: false, selecting: false, scrollingFast: false, media: false, fullscreen: false };

let clock = 0;
const realPerformance = globalThis.performance;

beforeEach(() => {
  clock = 0;
  Object.assign(globalThis, {
    document: Object.assign(new EventTarget(), {
      visibilityState: 'visible',
      title: 'Cart',
      referrer: '',
      documentElement: { lang: 'en' },
      querySelectorAll: () => [],
    }),
    location: { href: URL_HERE },
    innerWidth: 1280,
    innerHeight: 800,
    matchMedia: () => ({ matches: false }),
    requestAnimationFrame: (frame: () => void) => setTimeout(frame, 16),
  });
  Object.defineProperty(globalThis, 'performance', { value: { now: () => clock }, configurable: true });
});

afterEach(async () => {
  Object.defineProperty(globalThis, 'performance', { value: realPerformance, configurable: true });
  await forgetVisitor();
});

const visitorNow = () => updateVisitor(ORIGIN, (v) => ({ visitor: v, result: v }));

async function session() {
  return openSession(PACK, { destinations: [] }, { url: URL_HERE, startedAt: Date.now(), languages: ['en'] });
}

describe('the site build records a hold before its overlay', () => {
  it('records a withdrawal after the hold limit and gives back what the decision reserved', async () => {
    const s = await session();
    const before = await visitorNow();
    let looks = 0;
    const busy = (): BusyState[] => {
      // Busy at every look; the limit has passed by the second.
      if (++looks === 1) clock = MAX_HOLD_MS + 1;
      return ['fullscreen'];
    };
    assert.equal(await s.onSignal({ type: 'exit-intent' }, QUIET, busy), false);
    const after = await visitorNow();
    assert.equal(after.holds?.length, 1);
    const [hold] = after.holds ?? [];
    assert.deepEqual(
      { ...hold, at: 0 },
      {
        at: 0,
        ruleId: 'exit-anywhere',
        flowId: 'exit-offer',
        held: { ms: MAX_HOLD_MS + 1, while: ['fullscreen'], hidden: false },
        withdrawn: true,
      },
    );
    assert.deepEqual(after.lastShownByRule, before.lastShownByRule, "the rule's last shown is given back");
    assert.equal(after.budget?.total ?? 0, before.budget?.total ?? 0, 'the budget is given back');
  });

  it('records a shown overlay that waited, before it is drawn', async () => {
    const s = await session();
    let looks = 0;
    const busy = (): BusyState[] => {
      clock += 400;
      return ++looks === 1 ? ['typing'] : [];
    };
    // The overlay's chunk does not load in Node (its stylesheet is bundled as text by the build):
    // the hold is recorded before it is imported.
    await s.onSignal({ type: 'exit-intent' }, QUIET, busy).catch(() => {});
    const [hold] = (await visitorNow()).holds ?? [];
    assert.equal(hold?.withdrawn, false);
    assert.deepEqual(hold?.held.while, ['typing']);
  });

  it('records nothing for an overlay shown at the first look', async () => {
    const s = await session();
    await s.onSignal({ type: 'exit-intent' }, QUIET, () => []).catch(() => {});
    assert.equal((await visitorNow()).holds, undefined);
  });
});

describe('withHold', () => {
  it(`keeps the last ${HOLDS_KEPT}, oldest first`, async () => {
    let visitor: EmbedVisitor = await visitorNow();
    for (let at = 1; at <= HOLDS_KEPT + 3; at++)
      visitor = withHold(visitor, {
        at,
        ruleId: 'r',
        flowId: 'f',
        held: { ms: at, while: [], hidden: true },
        withdrawn: false,
      });
    assert.equal(visitor.holds?.length, HOLDS_KEPT);
    assert.equal(visitor.holds?.[0]?.at, 4);
    assert.equal(visitor.holds?.at(-1)?.at, HOLDS_KEPT + 3);
  });
});
