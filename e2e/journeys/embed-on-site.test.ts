/**
 * Tact's site build on a website, in a browser without the extension (a site's visitor): the
 * demo shop with the embed added as a site adds it, a strict-CSP page and a page whose CSS attacks
 * everything. The exit question appears on exit intent, says in words why it came when asked, is
 * answered with a click, and every step reaches the page's dataLayer and PostHog; nothing breaks the page's CSP; the page's CSS does not
 * change the overlay. A dialog that opens between the decision and the overlay's appearance holds
 * the overlay until it closes (the second look), and nothing is counted meanwhile. A visitor in an
 * A/B test's hold-out meets nothing at the trigger (held while a sign-in dialog is open), the site's
 * analytics get `tact_held_out`, and the page view is decided: no other rule, no budget spent. In
 * a single-page app each route is a new page view: URL conditions and signals afresh, a URL goal
 * counted (`tact_goal`), an open conversation following the visitor to the next route. A Russian
 * visitor on a right-to-left page meets the overlay in Russian, left to right, in its own font; its
 * "why" fits inside it, and Escape pressed on the page dismisses it, as in the extension.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { embedArmed, exitIntent, freshEmbedVisit, sleep, waitUntil, type TactPage } from '../harness/index.ts';
import { journey } from '../harness/journey.ts';
import { assignVariant } from '../../src/core/experiments/variant-assignment.ts';
import type { Rule } from '../../src/core/rules/rule-model.ts';
import type { EmbedVisitor } from '../../src/embed/embed-store.ts';
import { DEFAULT_FLOWS } from '../../src/core/flows/default-pack.ts';

/** The embed's overlay host and a control inside its closed shadow root, as the page sees them. */
async function embedOverlay(page: TactPage): Promise<void> {
  await page.waitForFunction(
    () => {
      const roots = (window as unknown as { __tactClosedRoots: ShadowRoot[] }).__tactClosedRoots;
      const host = document.querySelector<HTMLElement>('[data-tact-embed]');
      return (
        host && getComputedStyle(host).visibility === 'visible' && roots[0]?.querySelector('.panel .replies button')
      );
    },
    undefined,
    15_000,
  );
}

/** Clicks the quick reply whose text is `label` (the root is closed: the page's own reference is used). */
function clickReply(page: TactPage, label: string): Promise<void> {
  return page.evaluate((text) => {
    const root = (window as unknown as { __tactClosedRoots: ShadowRoot[] }).__tactClosedRoots[0]!;
    const button = [...root.querySelectorAll<HTMLButtonElement>('.replies button')].find(
      (b) => b.textContent?.trim() === text,
    );
    if (!button) throw new Error(`no reply "${text}"`);
    button.click();
  }, label);
}

/** The visitor's record in the embed's database on the page's site, as the embed keeps it. */
function embedVisitor(page: TactPage): Promise<EmbedVisitor | undefined> {
  return page.evaluate(
    () =>
      new Promise<EmbedVisitor | undefined>((resolve, reject) => {
        const open = indexedDB.open('tact-embed');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const get = open.result.transaction('visitor').objectStore('visitor').get('visitor');
          get.onsuccess = () => {
            open.result.close();
            resolve(get.result as EmbedVisitor | undefined);
          };
        };
      }),
  );
}

/**
 * Makes the page's site a returning visitor with pseudonymous id `id` (nothing else stored): the
 * embed's database deleted and made anew with that record, before the embed opens it.
 */
function seedVisitor(page: TactPage, id: string): Promise<void> {
  return page.evaluate(
    (visitorId) =>
      new Promise<void>((resolve, reject) => {
        const gone = indexedDB.deleteDatabase('tact-embed');
        gone.onsuccess = () => {
          const open = indexedDB.open('tact-embed', 1);
          open.onupgradeneeded = () => open.result.createObjectStore('visitor');
          open.onerror = () => reject(new Error(String(open.error)));
          open.onsuccess = () => {
            const tx = open.result.transaction('visitor', 'readwrite');
            const visitor = {
              id: visitorId,
              profile: { tags: [] },
              lastShownByRule: {},
              snoozeUntil: 0,
              off: false,
              visits: { origin: location.origin, enabled: true },
            };
            tx.objectStore('visitor').put(visitor, 'visitor');
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
          };
        };
      }),
    id,
  );
}

const packOf = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as { rules: Rule[] };

/** A visitor id (shaped as the embed makes them) that the pack's A/B rule puts in `variantId`. */
function visitorIn(variantId: string, pack = 'embed-holdout-pack.json'): string {
  const rule = packOf(pack).rules.find((r) => r.variants)!;
  for (let i = 0; ; i++) {
    const id = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    if (assignVariant(id, rule.id, rule.variants!)?.id === variantId) return id;
  }
}

/**
 * The shipped exit question (its texts in English, French and Russian) on any page, started by the
 * page's own code (`start({ pack })`, `consent(true)`) for a fresh visitor, once its detectors are armed.
 */
async function freshEmbedVisitStarted(page: TactPage): Promise<void> {
  const pack = packOf('embed-pack.json') as { rules: Rule[]; flows?: unknown[] };
  pack.flows = DEFAULT_FLOWS.filter((f) => f.id === 'exit-offer');
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const r = indexedDB.deleteDatabase('tact-embed');
        r.onsuccess = r.onerror = r.onblocked = () => resolve();
      }),
  );
  await page.evaluate(async (p) => {
    const entry = '/embed/tact-embed.js'; // the module the page loaded: the same instance
    const embed = (await import(entry)) as {
      start(o: { pack: unknown; analytics: string[] }): void;
      consent(granted: boolean): void;
    };
    embed.start({ pack: p, analytics: ['dataLayer'] });
    embed.consent(true);
  }, pack);
  await embedArmed(page);
}

journey('embed on a site', { launch: { withoutExtension: true } }, (ctx) => {
  test('demo shop: exit intent shows the question, an answer reaches the dataLayer and PostHog', async () => {
    const page = await ctx.browser.newPage(ctx.url('/shop/?tact-embed'));
    await freshEmbedVisit(page);
    await exitIntent(page);
    await embedOverlay(page);
    const host = await page.evaluate(() => {
      const h = document.querySelector<HTMLElement>('[data-tact-embed]')!;
      return { shadowRoot: h.shadowRoot === null, frames: document.querySelectorAll('iframe').length };
    });
    assert.deepEqual(host, { shadowRoot: true, frames: 0 }, 'a closed shadow root, no iframe');
    // "Why am I seeing this?" reads in words, as in the extension.
    const why = await page.evaluate(async () => {
      const root = (window as unknown as { __tactClosedRoots: ShadowRoot[] }).__tactClosedRoots[0]!;
      root.querySelector<HTMLButtonElement>('.why-toggle')!.click();
      for (let i = 0; i < 100 && !root.querySelector('#why-panel'); i++) await new Promise((r) => setTimeout(r, 50));
      return root.querySelector('#why-panel')?.textContent?.replace(/\s+/g, ' ') ?? '';
    });
    assert.match(why, /The rule “Leaving any other page” started this conversation on this signal: visitor is leaving/);
    assert.match(why, /At most 2 per site per day: 0 used today on this site/);
    assert.doesNotMatch(why, /code_/, 'every reason in words, none as its message key');
    await clickReply(page, 'Yes, just browsing');
    const found = await page.waitForFunction(() => {
      const w = window as unknown as {
        dataLayer: { event: string; tact: Record<string, unknown> }[];
        posthog: { captured: { event: string; properties: Record<string, unknown> }[] };
      };
      const answered = w.dataLayer.find((e) => e.event === 'tact_answered');
      return answered && w.posthog.captured.some((e) => e.event === 'tact_completed')
        ? { dataLayer: w.dataLayer, posthog: w.posthog.captured }
        : null;
    });
    const events = found!;
    // "Yes, just browsing" leads to the flow's end: answered and completed at once.
    const sent = ['tact_shown', 'tact_opened', 'tact_answered', 'tact_completed'];
    assert.deepEqual(
      events.dataLayer.map((e) => e.event),
      sent,
    );
    assert.deepEqual(
      events.posthog.map((e) => e.event),
      sent,
    );
    const answered = events.dataLayer[2]!.tact;
    assert.equal(answered.flow, 'exit-offer');
    assert.equal(answered.rule, 'exit-anywhere');
    assert.equal(answered.step, 'ask');
    assert.equal(answered.answer, 'found');
    assert.equal(answered.page, '/shop/');
    assert.equal(answered.variant, null);
    assert.match(String(answered.visitor), /^[0-9a-f-]{36}$/);
    assert.deepEqual(events.posthog[2]!.properties, answered, 'the same event in both');
    await page.close();
  });

  test('a Russian visitor on a right-to-left page: the overlay in Russian, left to right, in its own font; "why" fits; Escape from the page closes it', async () => {
    const page = await ctx.browser.newPage(ctx.url('/fixtures/embed-rtl.html?visitor-lang=ru'));
    await freshEmbedVisitStarted(page);
    await exitIntent(page);
    await embedOverlay(page);
    const look = await page.evaluate(() => {
      const host = document.querySelector<HTMLElement>('[data-tact-embed]')!;
      const root = (window as unknown as { __tactClosedRoots: ShadowRoot[] }).__tactClosedRoots[0]!;
      const panel = root.querySelector<HTMLElement>('.panel')!;
      const style = getComputedStyle(panel);
      return {
        lang: host.lang,
        direction: style.direction,
        font: style.fontFamily.split(',')[0],
        size: style.fontSize,
        footer: root.querySelector<HTMLElement>('.footer')!.innerText.replace(/\s+/g, ' ').trim(),
      };
    });
    // Before: lang unset, "rtl" from the page, the browser's default font (serif in Firefox, 16px).
    assert.deepEqual(
      { ...look, footer: undefined },
      { lang: 'ru', direction: 'ltr', font: 'system-ui', size: '15px', footer: undefined },
    );
    assert.equal(look.footer, 'Почему я это вижу? Не сегодня Не на этом сайте');
    // "Why" opened: the panel stays inside its host (capped at half the viewport), its footer in view.
    const why = await page.evaluate(async () => {
      const host = document.querySelector<HTMLElement>('[data-tact-embed]')!;
      const root = (window as unknown as { __tactClosedRoots: ShadowRoot[] }).__tactClosedRoots[0]!;
      root.querySelector<HTMLButtonElement>('.why-toggle')!.click();
      for (let i = 0; i < 100 && !root.querySelector('#why-panel'); i++) await new Promise((r) => setTimeout(r, 50));
      // The host takes the size the panel now asks for: what it, its transcript and the open "why"
      // would take uncapped (`wantedPanelHeight`, src/shared/overlay-box.ts); its cap may shorten
      // it. Without the "why", which scrolls once capped, this never matched and waited out its 5 s.
      const panel = root.querySelector<HTMLElement>('.panel')!;
      for (let i = 0; i < 100; i++) {
        let wanted = panel.getBoundingClientRect().height;
        for (const box of [panel, ...root.querySelectorAll<HTMLElement>('.log,.why')])
          wanted += box.scrollHeight - box.clientHeight;
        if (Math.abs(parseFloat(host.style.height) - Math.ceil(wanted)) <= 3) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const box = host.getBoundingClientRect();
      const never = root.querySelector<HTMLElement>('.never')!.getBoundingClientRect();
      return {
        text: root.querySelector<HTMLElement>('#why-panel')?.innerText.replace(/\s+/g, ' ') ?? '',
        footerInside: never.bottom <= box.bottom + 0.5 && never.top >= box.top,
        capped: box.height <= innerHeight / 2,
      };
    });
    assert.match(why.text, /^Правило «Leaving any other page» начало этот диалог по сигналу: посетитель уходит/);
    assert.doesNotMatch(why.text, /code_|The rule|At most/);
    assert.deepEqual({ footerInside: why.footerInside, capped: why.capped }, { footerInside: true, capped: true });
    // Escape with the focus on the page dismisses it, as the extension's overlay does.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.press('Escape');
    await page.waitForFunction(() => !document.querySelector('[data-tact-embed]'));
    const dismissed = await page.evaluate(() =>
      (window as unknown as { dataLayer: { event: string; tact: { answer: unknown } }[] }).dataLayer
        .filter((e) => e.event === 'tact_dismissed')
        .map((e) => e.tact.answer),
    );
    assert.deepEqual(dismissed, ['dismissed']);
    await page.close();
  });

  test('a dialog that opens during the decision holds the overlay (second look); it closes: shown, then counted', async () => {
    const page = await ctx.browser.newPage(ctx.url('/shop/?tact-embed'));
    await freshEmbedVisit(page);
    // The page opens a login dialog the moment the embed writes its decision (its second write of
    // the visitor's record; the first counts the visit): the decision saw a quiet page, the
    // visitor is in a dialog when the overlay would appear.
    await page.evaluate(() => {
      const put = Object.getOwnPropertyDescriptor(IDBObjectStore.prototype, 'put')!.value as IDBObjectStore['put'];
      let puts = 0;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if (this.name === 'visitor' && ++puts === 2) {
          const dialog = document.createElement('dialog');
          dialog.id = 'late-login';
          dialog.textContent = 'Sign in';
          document.body.append(dialog);
          dialog.showModal();
        }
        return put.apply(this, args);
      };
    });
    await exitIntent(page);
    await page.waitForFunction(() => !!document.querySelector('dialog:modal'));
    await sleep(1500);
    const held = await page.evaluate(() => ({
      host: document.querySelector('[data-tact-embed]') !== null,
      events: (window as unknown as { dataLayer: { event: string }[] }).dataLayer.map((e) => e.event),
    }));
    assert.deepEqual(held, { host: false, events: [] }, 'not shown over the dialog, not counted');
    await page.evaluate(() => document.querySelector<HTMLDialogElement>('#late-login')!.close());
    await embedOverlay(page);
    assert.deepEqual(
      await page.evaluate(() =>
        (window as unknown as { dataLayer: { event: string }[] }).dataLayer.map((e) => e.event),
      ),
      ['tact_shown', 'tact_opened'],
    );
    await page.close();
  });

  test('an A/B rule: the visitor is in one variant, the same after a reload, and events say which', async () => {
    const page = await ctx.browser.newPage(ctx.url('/fixtures/embed-ab.html'));
    await freshEmbedVisit(page);
    const outcomes: { event: string; variant: unknown; visitor: unknown }[] = [];
    for (let visit = 0; visit < 2; visit++) {
      if (visit) {
        await page.reload(); // the same visitor: the embed's database is kept
        await embedArmed(page);
      }
      await exitIntent(page);
      const seen = await page.waitForFunction(() => {
        const layer = (window as unknown as { dataLayer?: { event: string; tact: Record<string, unknown> }[] })
          .dataLayer;
        const e = layer?.find((x) => x.event === 'tact_shown' || x.event === 'tact_held_out');
        return e ? { event: e.event, variant: e.tact.variant, visitor: e.tact.visitor, flow: e.tact.flow } : null;
      });
      const first = seen!;
      // The exit question for the variant "offer"; nothing at all for the hold-out "none".
      if (first.event === 'tact_shown') {
        assert.deepEqual([first.variant, first.flow], ['offer', 'exit-offer']);
        await embedOverlay(page);
      } else {
        assert.deepEqual([first.event, first.variant, first.flow], ['tact_held_out', 'none', null]);
        await sleep(500);
        assert.equal(await page.evaluate(() => document.querySelector('[data-tact-embed]')), null, 'nothing shown');
      }
      outcomes.push({ event: first.event, variant: first.variant, visitor: first.visitor });
    }
    assert.deepEqual(outcomes[1], outcomes[0], 'sticky: the same visitor, the same variant');
    await page.close();
  });

  test("an A/B hold-out: nothing at the trigger, tact_held_out to both stubs, the page view decided, the dialog's hold kept", async () => {
    const visitor = visitorIn('none');
    const page = await ctx.browser.newPage(ctx.url('/fixtures/plain.html'));
    await seedVisitor(page, visitor);
    // A sign-in dialog is open from the start: the one-second dwell comes while the visitor is in it.
    await page.goto(ctx.url('/fixtures/embed-holdout.html?modal'));
    // The dwell is due a second after the detectors armed, and the first seconds' quiet (3 s)
    // is over after four: the signal waits for the dialog.
    await page.waitForFunction(
      () => {
        const armed = performance
          .getEntriesByType('resource')
          .find((e) => e.name.includes('/embed/tact-detectors-')) as PerformanceResourceTiming | undefined;
        return !!armed && performance.now() > Math.max(4000, armed.responseEnd + 1500);
      },
      undefined,
      15_000,
    );
    assert.deepEqual(
      await page.evaluate(() => (window as unknown as { dataLayer: unknown[] }).dataLayer),
      [],
      'held: nothing decided while the dialog is open',
    );
    await page.evaluate(() => document.querySelector<HTMLDialogElement>('#sign-in')!.close());
    const found = await page.waitForFunction(() => {
      const w = window as unknown as {
        dataLayer: { event: string; tact: Record<string, unknown> }[];
        posthog: { captured: { event: string; properties: Record<string, unknown> }[] };
      };
      return w.dataLayer.length && w.posthog.captured.length
        ? { dataLayer: w.dataLayer, posthog: w.posthog.captured }
        : null;
    });
    const { dataLayer, posthog } = found!;
    assert.deepEqual(
      dataLayer.map((e) => e.event),
      ['tact_held_out'],
    );
    // The documented schema (docs/embed.md, "Events"), field by field.
    const heldOut = dataLayer[0]!.tact;
    assert.deepEqual(Object.keys(heldOut).sort(), [
      'answer',
      'at',
      'flow',
      'page',
      'rule',
      'step',
      'variant',
      'visitor',
    ]);
    assert.deepEqual(
      { ...heldOut, at: undefined },
      {
        flow: null,
        rule: 'holdout-split',
        variant: 'none',
        step: null,
        answer: null,
        visitor,
        page: '/fixtures/embed-holdout.html',
        at: undefined,
      },
    );
    assert.ok(!Number.isNaN(Date.parse(String(heldOut.at))) && String(heldOut.at).endsWith('Z'), String(heldOut.at));
    assert.deepEqual(
      posthog.map((e) => [e.event, e.properties]),
      [['tact_held_out', heldOut]],
      'the same event in PostHog',
    );
    assert.equal(await page.evaluate(() => document.querySelector('[data-tact-embed]')), null, 'nothing shown');

    // Exit intent in the same page view: the exit rule would show on any other. Any decision it
    // started is in the embed's database before this read: the signal is sent, and its
    // transaction opened, in the mouse event's own task, and IndexedDB runs them in order.
    await exitIntent(page);
    const record = (await embedVisitor(page))!;
    assert.equal(record.id, visitor);
    assert.deepEqual(Object.keys(record.lastShownByRule), ['holdout-split'], 'no other rule decided here');
    assert.equal(record.budget, undefined, 'a hold-out spends no budget, as in the extension');
    assert.deepEqual(
      record.holds?.map((h) => [h.ruleId, h.flowId, h.withdrawn, h.held.while.includes('modal'), h.held.ms > 0]),
      [['holdout-split', null, false, true, true]],
      "the hold the dialog made, in the visitor's record",
    );
    assert.deepEqual(
      await page.evaluate(() => ({
        events: (window as unknown as { dataLayer: { event: string }[] }).dataLayer.map((e) => e.event),
        host: document.querySelector('[data-tact-embed]') !== null,
      })),
      { events: ['tact_held_out'], host: false },
    );
    await page.close();
  });

  test('a single-page app: each route a page view (URL rules, signals; URL, click and flow-completed goals), an open conversation follows; with and without the Navigation API', async () => {
    type Sent = { event: string; tact: Record<string, unknown> };
    const sent = (p: TactPage) => p.evaluate(() => (window as unknown as { dataLayer: Sent[] }).dataLayer);
    const waitForEvent = (p: TactPage, event: string, count = 1) =>
      p.waitForFunction(
        (args) =>
          (window as unknown as { dataLayer: Sent[] }).dataLayer.filter((e) => e.event === args.event).length >=
          args.count,
        { event, count },
      );
    const visitor = visitorIn('none', 'embed-spa-pack.json');
    const page = await ctx.browser.newPage(ctx.url('/fixtures/plain.html'));
    await seedVisitor(page, visitor);
    await page.goto(ctx.url('/fixtures/embed-spa.html'));
    await page.waitForFunction(() =>
      performance.getEntriesByType('resource').some((e) => e.name.includes('/embed/tact-detectors-')),
    );
    // Home: the A/B rule's hold-out takes this page view's turn (the visitor's exposure).
    await exitIntent(page);
    await waitForEvent(page, 'tact_held_out');

    // Route A (the page's own link and pushState): a new page view, where the route's rule applies
    // and exit intent is heard again.
    await page.click('#link-a');
    await page.waitForFunction(() => document.body.dataset.route === 'a');
    await page.mouseMove(640, 500, 2); // back into the page, as a visitor reading on
    await exitIntent(page);
    await embedOverlay(page);
    await waitForEvent(page, 'tact_shown');
    // Route B: the A/B test's URL goal, reached after the exposure; the conversation follows.
    await page.click('#link-b');
    await waitForEvent(page, 'tact_goal');
    assert.equal(await page.evaluate(() => document.body.dataset.route), 'b', "the page's own router still works");
    await embedOverlay(page); // still there, still answerable
    await clickReply(page, 'Yes, just browsing');
    await waitForEvent(page, 'tact_completed');
    await waitForEvent(page, 'tact_goal', 2); // the test's flow-completed goal: route A's flow was finished
    const events = await sent(page);
    assert.deepEqual(
      events.map((e) => [e.event, e.tact.rule, e.tact.variant, e.tact.answer, e.tact.page]),
      [
        ['tact_held_out', 'spa-split', 'none', null, '/fixtures/embed-spa.html'],
        ['tact_shown', 'route-a-exit', null, null, '/fixtures/spa/a'],
        ['tact_opened', 'route-a-exit', null, null, '/fixtures/spa/a'],
        ['tact_goal', 'spa-split', 'none', 'reach-b', '/fixtures/spa/b'],
        ['tact_answered', 'route-a-exit', null, 'found', '/fixtures/spa/a'],
        ['tact_completed', 'route-a-exit', null, null, '/fixtures/spa/a'],
        ['tact_goal', 'spa-split', 'none', 'finish-offer', '/fixtures/spa/a'],
      ],
    );
    assert.ok(events.every((e) => e.tact.visitor === visitor));
    // The visitor closes it: the next route is a page view of its own again.
    await page.evaluate(() =>
      (window as unknown as { __tactClosedRoots: ShadowRoot[] }).__tactClosedRoots[0]!.querySelector<HTMLButtonElement>(
        '.panel .close',
      )!.click(),
    );
    await page.waitForFunction(() => !document.querySelector('[data-tact-embed]'));
    // The A/B test's click goal: a click on its element (here the page's own "replace" button) is
    // reported by the embed's one click listener, as the extension's content script does.
    await page.click('#replace-b');
    await waitForEvent(page, 'tact_goal', 3);
    assert.deepEqual(
      (await sent(page)).filter((e) => e.event === 'tact_goal').map((e) => [e.tact.answer, e.tact.page]),
      [
        ['reach-b', '/fixtures/spa/b'],
        ['finish-offer', '/fixtures/spa/a'],
        ['replace-click', '/fixtures/spa/b'],
      ],
    );

    // The page's own history calls do what they do (what they return: spa-routes.test.ts); replaceState and
    // back are route changes too (route A again: its rule applies to a fresh page view).
    const own = await page.evaluate(() => {
      history.replaceState({ mine: 1 }, '', '/fixtures/spa/b?via=replace');
      return { state: history.state as unknown, path: location.pathname + location.search };
    });
    assert.deepEqual(own, { state: { mine: 1 }, path: '/fixtures/spa/b?via=replace' });
    // The Navigation API where the browser has it (history left alone), a wrapped history elsewhere.
    const how = await page.evaluate(() => ({
      navigationApi: !!(window as { navigation?: unknown }).navigation,
      nativeHistory: ['pushState', 'replaceState'].every((m) =>
        Function.prototype.toString.call(Reflect.get(history, m)).includes('[native code]'),
      ),
    }));
    assert.equal(how.nativeHistory, how.navigationApi, JSON.stringify(how));
    console.log(`  route changes heard through ${how.navigationApi ? 'the Navigation API' : 'a wrapped history'}`);
    await page.evaluate(() => history.back());
    await page.waitForFunction(() => location.pathname === '/fixtures/spa/a' && document.body.dataset.route === 'a');
    await page.mouseMove(640, 500, 2);
    await exitIntent(page);
    await waitForEvent(page, 'tact_shown', 2);
    assert.deepEqual(
      (await sent(page)).filter((e) => e.event === 'tact_shown').map((e) => e.tact.page),
      ['/fixtures/spa/a', '/fixtures/spa/a'],
    );

    // Without the Navigation API (older Firefox): the embed wraps the page's history, and a route
    // taken through it is a page view all the same. A new visitor (the first used the site's day).
    await page.goto(ctx.url('/fixtures/plain.html'));
    await seedVisitor(page, visitor);
    await page.goto(ctx.url('/fixtures/embed-spa.html?no-navigation-api'));
    await page.waitForFunction(() => document.body.dataset.route === 'home');
    await page.click('#link-a');
    await page.waitForFunction(
      () =>
        document.body.dataset.route === 'a' &&
        performance.getEntriesByType('resource').some((e) => e.name.includes('/embed/tact-detectors-')),
    );
    assert.equal(
      await page.evaluate(() =>
        Function.prototype.toString.call(Reflect.get(history, 'pushState')).includes('[native code]'),
      ),
      false,
      'history wrapped',
    );
    await page.mouseMove(640, 500, 2);
    await exitIntent(page);
    await waitForEvent(page, 'tact_shown');
    assert.deepEqual(
      (await sent(page)).map((e) => [e.event, e.tact.page]),
      [
        ['tact_shown', '/fixtures/spa/a'],
        ['tact_opened', '/fixtures/spa/a'],
      ],
    );
    await page.close();
  });

  test('consent first: nothing before consent(true) (no pack, no storage, no listener); consent(false) forgets; no other request; start({ pack }) in code', async () => {
    const page = await ctx.browser.newPage(ctx.url('/fixtures/plain.html'));
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const r = indexedDB.deleteDatabase('tact-embed');
          r.onsuccess = r.onerror = r.onblocked = () => resolve();
        }),
    );
    await page.goto(ctx.url('/fixtures/embed-consent.html'));
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-tact-site')); // the module ran
    const requested = () =>
      page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => new URL(e.name).pathname)
          // The page's own files, and the icon the browser asks for by itself.
          .filter((p) => !['/fixtures/fixtures.css', '/fixtures/embed-analytics-stubs.js', '/favicon.ico'].includes(p)),
      );
    const databases = () =>
      page.evaluate(async () =>
        indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name).filter((n) => n === 'tact-embed') : null,
      );
    await exitIntent(page);
    const before = await requested();
    assert.ok(
      before.every((p) => p.startsWith('/embed/tact-')) && !before.some((p) => p.includes('tact-detectors-')),
      `only the entry and its static chunks: ${before.join(' ')}`,
    );
    assert.notDeepEqual(await databases(), ['tact-embed'], 'nothing stored');
    assert.deepEqual(await page.evaluate(() => (window as unknown as { dataLayer: unknown[] }).dataLayer), []);

    // The site's consent manager says yes: the pack, the detectors, the overlay.
    await page.evaluate(async () => {
      const entry = '/embed/tact-embed.js'; // the module the script tag loaded: the same instance
      const embed = (await import(entry)) as { consent(granted: boolean): void };
      embed.consent(true);
    });
    await page.waitForFunction(() =>
      performance.getEntriesByType('resource').some((e) => e.name.includes('/embed/tact-detectors-')),
    );
    await page.mouseMove(640, 500, 2);
    await exitIntent(page);
    await embedOverlay(page);
    const after = await requested();
    assert.deepEqual(
      after.filter((p) => !p.startsWith('/embed/')),
      ['/fixtures/embed-pack.json'],
      'no request but the pack and its own files',
    );
    if ((await databases()) !== null) assert.deepEqual(await databases(), ['tact-embed']);

    // ... and then no: the overlay goes, the database is deleted.
    await page.evaluate(async () => {
      const entry = '/embed/tact-embed.js'; // the module the script tag loaded: the same instance
      const embed = (await import(entry)) as { consent(granted: boolean): void };
      embed.consent(false);
    });
    await page.waitForFunction(() => !document.querySelector('[data-tact-embed]'));
    // Polled in the page (`databases()` answers asynchronously): until the deletion is done.
    await page.evaluate(async () => {
      while (indexedDB.databases && (await indexedDB.databases()).some((d) => d.name === 'tact-embed'))
        await new Promise((next) => setTimeout(next, 50));
    });

    // A site whose code hands the pack over (`import { start, consent }; start({ pack })`): the
    // same engine, and the pack is not fetched.
    const packFetches = async () => (await requested()).filter((p) => p === '/fixtures/embed-pack.json').length;
    const fetchedBefore = await packFetches();
    await page.evaluate(async (pack) => {
      const entry = '/embed/tact-embed.js';
      const embed = (await import(entry)) as {
        start(o: { pack: unknown; analytics: string[] }): void;
        consent(granted: boolean): void;
      };
      embed.start({ pack, analytics: ['dataLayer'] });
      embed.consent(true);
    }, packOf('embed-pack.json'));
    await page.mouseMove(640, 500, 2);
    await exitIntent(page);
    await embedOverlay(page);
    const answered = () =>
      page.evaluate(
        () =>
          (window as unknown as { dataLayer: { event: string }[] }).dataLayer.filter((e) => e.event === 'tact_answered')
            .length,
      );
    const answeredBefore = await answered();
    await clickReply(page, 'Not quite');
    await waitUntil(async () => (await answered()) > answeredBefore, 5000, 'the answer in the dataLayer');
    assert.equal(await packFetches(), fetchedBefore, 'the pack given in code is not fetched');
    await page.close();
  });

  test('strict CSP: the embed shows its overlay and the page records no violation', async () => {
    const page = await ctx.browser.newPage(ctx.url('/fixtures/embed-strict-csp.html'));
    await freshEmbedVisit(page);
    await exitIntent(page);
    await embedOverlay(page);
    await clickReply(page, 'Not quite');
    await page.waitForFunction(() =>
      (window as unknown as { dataLayer: { event: string }[] }).dataLayer.some((e) => e.event === 'tact_answered'),
    );
    const violations = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
    assert.deepEqual(violations, []);
    await page.close();
  });

  test("hostile CSS: the page's rules do not reach the overlay", async () => {
    const page = await ctx.browser.newPage(ctx.url('/fixtures/embed-hostile-css.html'));
    await freshEmbedVisit(page);
    await exitIntent(page);
    await embedOverlay(page);
    const look = await page.evaluate(() => {
      const host = document.querySelector<HTMLElement>('[data-tact-embed]')!;
      const root = (window as unknown as { __tactClosedRoots: ShadowRoot[] }).__tactClosedRoots[0]!;
      const panel = root.querySelector<HTMLElement>('.panel')!;
      const button = root.querySelector<HTMLElement>('.replies button')!;
      const rect = host.getBoundingClientRect();
      return {
        hostDisplay: getComputedStyle(host).display,
        hostTransform: getComputedStyle(host).transform,
        wide: rect.width >= 280,
        inViewport: rect.bottom <= innerHeight && rect.right <= innerWidth,
        font: getComputedStyle(panel).fontFamily,
        buttonBackground: getComputedStyle(button).backgroundColor,
        buttonWidth: button.getBoundingClientRect().width,
      };
    });
    assert.equal(look.hostDisplay, 'block');
    assert.equal(look.hostTransform, 'none');
    assert.ok(look.wide && look.inViewport, JSON.stringify(look));
    assert.doesNotMatch(look.font, /Comic Sans/);
    assert.notEqual(look.buttonBackground, 'rgb(0, 255, 0)');
    assert.ok(look.buttonWidth > 20, `reply button ${look.buttonWidth} px wide`);
    await page.close();
  });
});
