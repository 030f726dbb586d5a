/**
 * The site build's record of a hold, in its own IndexedDB (fake-indexeddb here), as the extension
 * keeps it in the decision's trace: an overlay withdrawn unseen after the hold limit, or shown after
 * waiting for the visitor's free moment. The page is a stand-in with nothing on it; the clock is
 * moved by hand so that the 30 s limit passes at the next look.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MAX_HOLD_MS } from '../core/signals/hold.ts';
import type { BusyState } from '../core/signals/signal-kinds.ts';
import type { QuietState } from '../core/signals/signal-model.ts';
import { forgetVisitor, HOLDS_KEPT, updateVisitor, withHold, type EmbedVisitor } from './embed-store.ts';
import { openSession, retainedVisitor } from './embed-session.ts';
import { checkPack } from '../core/flows/flow-pack.ts';
import { recordSiteAction, withExposureOf, withGoalAction } from './embed-experiments.ts';
import { retentionWindow } from '../core/visitor/retention-window.ts';
import { localDay } from '../core/rules/policy.ts';
import { assignVariant } from '../core/experiments/variant-assignment.ts';
import type { Rule } from '../core/rules/rule-model.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../e2e/fixtures/${name}`, import.meta.url), 'utf8'));
const PACK = fixture('embed-pack.json');
/** An A/B rule (a flow or the hold-out) on a second's dwell, a lower rule on the same, one on exit intent. */
const HOLDOUT_PACK = fixture('embed-holdout-pack.json') as { rules: Rule[] };
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
    // The site's globals the events go to (a test puts its analytics stand-in here).
    window: {},
    dispatchEvent: () => true,
  });
  Object.defineProperty(globalThis, 'performance', { value: { now: () => clock }, configurable: true });
});

afterEach(async () => {
  Object.defineProperty(globalThis, 'performance', { value: realPerformance, configurable: true });
  await forgetVisitor();
});

const visitorNow = () => updateVisitor(ORIGIN, (v) => ({ visitor: v, result: v }));

async function session(pack = PACK, startedAt = Date.now()) {
  return openSession(checkPack(pack), { destinations: [] }, { url: URL_HERE, startedAt, languages: ['en'] });
}

/** A visitor id the A/B rule `holdout-split` puts in `variantId` (assignment is a hash; this finds one). */
function visitorIn(variantId: string): string {
  const rule = HOLDOUT_PACK.rules.find((r) => r.id === 'holdout-split')!;
  for (let i = 0; ; i++)
    if (assignVariant(`visitor-${i}`, rule.id, rule.variants!)?.id === variantId) return `visitor-${i}`;
}

describe("the site build's A/B hold-out", () => {
  it('takes the page view (no other rule, no budget), and keeps the hold of a signal held by a modal dialog', async () => {
    await updateVisitor(ORIGIN, (v) => ({ visitor: { ...v, id: visitorIn('none') }, result: null }));
    // The site's PostHog, as the embed finds it on the page.
    const events: { event: string; rule: unknown; variant: unknown; flow: unknown }[] = [];
    Object.assign(globalThis, {
      window: {
        posthog: { capture: (event: string, p: Record<string, unknown>) => events.push({ event, ...p } as never) },
      },
    });
    // Past the quiet first seconds; the detectors held the dwell 1.5 s while a modal dialog was open.
    const s = await openSession(
      checkPack(HOLDOUT_PACK),
      { destinations: ['posthog'] },
      { url: URL_HERE, startedAt: Date.now() - 10_000, languages: ['en'] },
    );
    const held = { ms: 1500, while: ['modal' as const] };
    assert.equal(
      await s.onSignal({ type: 'dwell', seconds: 1 }, QUIET, () => [], held),
      true,
      'nothing more to listen for',
    );
    // Exit intent later in the same page view: its rule would show on any other page view.
    assert.equal(await s.onSignal({ type: 'exit-intent' }, QUIET, () => []), true);
    assert.deepEqual(
      events.map((e) => [e.event, e.rule, e.variant, e.flow]),
      [['tact_held_out', 'holdout-split', 'none', null]],
      'one exposure, nothing shown: not the lower rule, not the exit rule',
    );
    const after = await visitorNow();
    assert.equal(after.budget, undefined, 'a hold-out spends no budget (as in the extension)');
    assert.ok(after.lastShownByRule['holdout-split']! > 0, 'the rule waits for its frequency as if shown');
    assert.equal(after.lastShownByRule['dwell-lower'], undefined);
    assert.deepEqual(
      after.holds?.map((h) => ({ ...h, at: 0 })),
      [{ at: 0, ruleId: 'holdout-split', flowId: null, held, withdrawn: false }],
    );
  });

  it('records no hold for a hold-out decided at once', async () => {
    await updateVisitor(ORIGIN, (v) => ({ visitor: { ...v, id: visitorIn('none') }, result: null }));
    const s = await session(HOLDOUT_PACK, Date.now() - 10_000);
    assert.equal(await s.onSignal({ type: 'dwell', seconds: 1 }, QUIET, () => []), true);
    assert.equal((await visitorNow()).holds, undefined);
  });
});

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

  it('counts the hold of a held signal with the second look', async () => {
    const s = await session();
    await s.onSignal({ type: 'exit-intent' }, QUIET, () => [], { ms: 700, while: ['modal'] }).catch(() => {});
    const [hold] = (await visitorNow()).holds ?? [];
    assert.deepEqual(hold?.held, { ms: 700, while: ['modal'], hidden: false });
  });

  it('records nothing for an overlay shown at the first look', async () => {
    const s = await session();
    await s.onSignal({ type: 'exit-intent' }, QUIET, () => []).catch(() => {});
    assert.equal((await visitorNow()).holds, undefined);
  });
});

describe("the site build's retention", () => {
  const DAY = 86_400_000;
  /** 1 March 2027, noon UTC: the clock of these tests. */
  const NOW = Date.UTC(2027, 2, 1, 12);
  const hold = (at: number) => ({ at, ruleId: 'r', flowId: 'f', held: { ms: 500, while: [] }, withdrawn: false });

  it('keeps what is inside the window, forgets the rest, and never the visitor id', () => {
    const visitor: EmbedVisitor = {
      id: 'visitor-7',
      profile: { tags: ['returning'] },
      lastShownByRule: { r: NOW - 400 * DAY },
      snoozeUntil: 0,
      off: false,
      visits: {
        origin: ORIGIN,
        enabled: true,
        visitsByDay: { [localDay(NOW - 200 * DAY)]: 3, [localDay(NOW - 10 * DAY)]: 1 },
        lastSeenAt: NOW - 10 * DAY,
        sessionStartedAt: NOW - 10 * DAY,
      },
      holds: [hold(NOW - 200 * DAY), hold(NOW - 10 * DAY)],
    };
    const kept = retainedVisitor(visitor, retentionWindow(NOW, 180));
    assert.deepEqual(kept, {
      ...visitor,
      visits: { ...visitor.visits, visitsByDay: { [localDay(NOW - 10 * DAY)]: 1 } },
      holds: [hold(NOW - 10 * DAY)],
    });
    // Nothing recent at all: the visits start again, the holds go, the id stays.
    const old = retainedVisitor(visitor, retentionWindow(NOW + 365 * DAY, 180));
    assert.deepEqual(old.visits, { origin: ORIGIN, enabled: true });
    assert.equal(old.holds, undefined);
    assert.equal(old.id, 'visitor-7');
    assert.deepEqual(old.lastShownByRule, visitor.lastShownByRule, 'kept, as the extension keeps it');
  });

  it("prunes when a page view opens, with start()'s days or the extension's 180; the visitor keeps their variant", async (t) => {
    const id = visitorIn('none');
    await updateVisitor(ORIGIN, (v) => ({
      visitor: {
        ...v,
        id,
        visits: {
          origin: ORIGIN,
          enabled: true,
          visitsByDay: { [localDay(NOW - 40 * DAY)]: 2 },
          lastSeenAt: NOW - 40 * DAY,
          sessionStartedAt: NOW - 40 * DAY,
        },
        holds: [hold(NOW - 40 * DAY)],
      },
      result: null,
    }));
    t.mock.timers.enable({ apis: ['Date'], now: NOW });
    // The default (180 days) keeps a visit 40 days old.
    await openSession(
      checkPack(HOLDOUT_PACK),
      { destinations: [] },
      { url: URL_HERE, startedAt: NOW, languages: ['en'] },
    );
    assert.equal((await visitorNow()).holds?.length, 1);
    // 30 days (the site's choice) forgets it.
    const events: { event: string; variant: unknown; visitor: unknown }[] = [];
    Object.assign(globalThis, {
      window: { posthog: { capture: (event: string, p: object) => events.push({ event, ...p } as never) } },
    });
    const s = await openSession(
      checkPack(HOLDOUT_PACK),
      { destinations: ['posthog'] },
      { url: URL_HERE, startedAt: NOW - 10_000, languages: ['en'] },
      { retentionDays: 30 },
    );
    const after = await visitorNow();
    assert.equal(after.holds, undefined);
    assert.deepEqual(Object.keys(after.visits.visitsByDay ?? {}), [localDay(NOW)], 'only the visits of now');
    assert.equal(after.id, id);
    assert.equal(await s.onSignal({ type: 'dwell', seconds: 1 }, QUIET, () => []), true);
    assert.deepEqual(
      events.map((e) => [e.event, e.variant, e.visitor]),
      [['tact_held_out', 'none', id]],
      'the same arm after pruning',
    );
  });

  it('refuses a retention the extension would not accept, and keeps its default', async () => {
    const warn = mock.method(console, 'warn', () => {});
    try {
      await openSession(
        checkPack(PACK),
        { destinations: [] },
        { url: URL_HERE, startedAt: Date.now(), languages: ['en'] },
        { retentionDays: 0.5 },
      );
      assert.match(String(warn.mock.calls[0]?.arguments[0]), /retentionDays 0.5/);
    } finally {
      warn.mock.restore();
    }
  });
});

describe("the site build's A/B goals", () => {
  const SPA_PACK = fixture('embed-spa-pack.json') as { rules: Rule[] };
  const CHECKED_SPA_PACK = checkPack(SPA_PACK);
  const split = SPA_PACK.rules.find((r) => r.id === 'spa-split')!;
  const page = (url: string, at: number) => ({ kind: 'page' as const, url, at });

  it("counts a URL goal once, only after the visitor's exposure, in their variant", () => {
    const visitor: EmbedVisitor = {
      id: 'v',
      profile: { tags: [] },
      lastShownByRule: {},
      snoozeUntil: 0,
      off: false,
      visits: { origin: ORIGIN, enabled: true },
    };
    assert.deepEqual(withGoalAction(visitor, [split], page('https://shop.example/fixtures/spa/b', 5)).reached, []);
    const exposed = withExposureOf(visitor, 'spa-split', 'none', 10);
    assert.equal(withExposureOf(exposed, 'spa-split', 'offer', 20), exposed, 'the first exposure counts');
    const before = withGoalAction(exposed, [split], page('https://shop.example/fixtures/spa/b', 5));
    assert.deepEqual(before.reached, [], 'before the exposure');
    assert.equal(before.visitor, exposed, 'nothing to write');
    const other = withGoalAction(exposed, [split], page('https://shop.example/fixtures/spa/a', 30));
    assert.deepEqual(other.reached, []);
    const goal = withGoalAction(exposed, [split], page('https://shop.example/fixtures/spa/b?x=1', 40));
    assert.deepEqual(goal.reached, [{ ruleId: 'spa-split', variantId: 'none', goalId: 'reach-b' }]);
    assert.deepEqual(
      withGoalAction(goal.visitor, [split], page('https://shop.example/fixtures/spa/b', 50)).reached,
      [],
    );
    // Retention forgets the exposure with the goal reached since (the extension's retainedLog).
    assert.equal(retainedVisitor(goal.visitor, { cutoff: 11, cutoffDay: '1970-01-01' }).experiments, undefined);
    assert.deepEqual(
      retainedVisitor(goal.visitor, { cutoff: 10, cutoffDay: '1970-01-01' }).experiments,
      goal.visitor.experiments,
    );
  });

  it('a page view sends tact_goal to the site, and writes nothing for a visitor who met no test', async () => {
    const events: { event: string; rule: unknown; variant: unknown; answer: unknown; page: unknown }[] = [];
    Object.assign(globalThis, {
      window: { posthog: { capture: (event: string, p: object) => events.push({ event, ...p } as never) } },
    });
    await recordSiteAction(
      CHECKED_SPA_PACK,
      page('https://shop.example/fixtures/spa/b', 100),
      'https://shop.example/fixtures/spa/b',
      {
        destinations: ['posthog'],
      },
    );
    assert.equal(events.length, 0, 'met no test: no goal');
    const id = (await visitorNow()).id;
    assert.notEqual((await visitorNow()).id, id, 'no record was made');
    await updateVisitor(ORIGIN, (v) => ({
      visitor: withExposureOf({ ...v, id: 'v-1' }, 'spa-split', 'none', 50),
      result: null,
    }));
    await recordSiteAction(
      CHECKED_SPA_PACK,
      page('https://shop.example/fixtures/spa/b', 100),
      'https://shop.example/fixtures/spa/b',
      {
        destinations: ['posthog'],
      },
    );
    await recordSiteAction(
      CHECKED_SPA_PACK,
      page('https://shop.example/fixtures/spa/b', 200),
      'https://shop.example/fixtures/spa/b',
      {
        destinations: ['posthog'],
      },
    );
    assert.deepEqual(
      events.map((e) => [e.event, e.rule, e.variant, e.answer, e.page]),
      [['tact_goal', 'spa-split', 'none', 'reach-b', '/fixtures/spa/b']],
    );
    // A click on the click goal's element (the embed watches its selector), once.
    const click = { kind: 'click', at: 300, selector: '#replace-b' } as const;
    await recordSiteAction(CHECKED_SPA_PACK, click, 'https://shop.example/fixtures/spa/a', {
      destinations: ['posthog'],
    });
    await recordSiteAction(CHECKED_SPA_PACK, click, 'https://shop.example/fixtures/spa/a', {
      destinations: ['posthog'],
    });
    assert.deepEqual(
      events.slice(1).map((e) => [e.event, e.rule, e.variant, e.answer, e.page]),
      [['tact_goal', 'spa-split', 'none', 'replace-click', '/fixtures/spa/a']],
    );
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
