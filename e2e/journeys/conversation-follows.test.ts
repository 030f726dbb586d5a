/**
 * Journey: a conversation the visitor took part in follows them. After they navigate to another
 * page of the site, or open the site in a second tab, it comes back at the same step, and the
 * overlay in the first tab goes away; nothing is recorded twice.
 *
 * And where it does not: a visitor who has Tact's extension on a site that runs Tact's site build
 * sees one overlay only. The extension steps aside on the page with the embed (its exit question
 * would fire there too), and still works on the same site's pages without it. (That was a journey
 * of its own, and paid two browser launches of its own for the same set-up.)
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, contentScriptIn, embedArmed, exitIntent, pageViewsSince, waitForPageView } from '../harness/index.ts';
import { EXIT_ON_EVERY_PAGE_VIEW, journey, NO_BUDGET } from '../harness/journey.ts';
import type { TactEvent } from '../../src/core/results/event-model.ts';

const setup = { settings: NO_BUDGET, rules: [EXIT_ON_EVERY_PAGE_VIEW], optionsPage: true, freshTabs: true };

journey('a conversation follows the visitor', setup, (ctx) => {
  test('after navigating to another page, at the same step', async () => {
    const options = ctx.options;
    const page = await ctx.visit('/shop/trail-pack-28.html', options);
    await exitIntent(page);
    let overlay = await page.overlay();
    await overlay.click('.reply[data-reply="not-found"]');
    await overlay.waitFor('.reply[data-reply="delivery"]');

    const next = ctx.url('/pricing.html');
    const since = Date.now();
    await page.goto(next);
    await waitForPageView(options, next, since);
    overlay = await page.overlay();
    await overlay.waitFor('.reply[data-reply="delivery"]');
    const said = await overlay.evaluate(() =>
      [...document.querySelectorAll('.bubble')].map((b) => b.textContent ?? ''),
    );
    assert.equal(said.length, 3, JSON.stringify(said));
    assert.match(said[2] ?? '', /What were you after/);
    await overlay.click('.reply[data-reply="delivery"]');
    await overlay.waitFor('.done');
    const events = (await ask<TactEvent[]>(options, 'events/list', { flowId: 'exit-offer', limit: 50 })).reverse();
    assert.deepEqual(
      events.map((e) => `${e.type}:${e.replyId ?? ''}:${e.path}`),
      [
        'shown::/shop/trail-pack-28.html',
        'opened::/shop/trail-pack-28.html',
        'answered:not-found:/shop/trail-pack-28.html',
        'answered:delivery:/shop/trail-pack-28.html',
        'completed::/shop/trail-pack-28.html',
      ],
    );
    await overlay.click('.done');
    await page.close();
  });

  test('in a second tab, where it continues; the first tab lets it go', async () => {
    const options = ctx.options;
    const tab1 = await ctx.visit('/journal/packing-light.html', options);
    await exitIntent(tab1);
    const overlay1 = await tab1.overlay();
    await overlay1.click('.reply[data-reply="not-found"]');
    await overlay1.waitFor('.reply[data-reply="fit"]');

    const tab2 = await ctx.visit('/shop/', options);
    const overlay2 = await tab2.overlay();
    await overlay2.waitFor('.reply[data-reply="fit"]');
    await tab1.waitForFunction(() => !document.querySelector(':root > div[popover="manual"]'));
    await overlay2.click('.reply[data-reply="fit"]');
    await overlay2.waitFor('.done');
    const conversations = new Set(
      (await ask<TactEvent[]>(options, 'events/list', { limit: 100 }))
        .filter((e) => e.path === '/journal/packing-light.html')
        .map((e) => e.conversationId),
    );
    assert.equal(conversations.size, 1, 'one conversation, continued');
    await tab1.close();
    await tab2.close();
  });

  describe('beside the embed: one overlay', () => {
    test('on a page without the embed, the extension shows its exit question', async () => {
      const page = await ctx.visit('/shop/');
      await exitIntent(page);
      await page.overlay();
    });

    test("on the page with the embed, only the embed's overlay appears", async () => {
      const page = await ctx.browser.newPage(ctx.url('/shop/?tact-embed'));
      await embedArmed(page);
      await exitIntent(page);
      await page.waitForFunction(() => {
        const host = document.querySelector<HTMLElement>('[data-tact-embed]');
        return host && getComputedStyle(host).visibility === 'visible';
      });
      // The extension's content script runs there and stepped aside: it never armed, so it can
      // show nothing, now or later (instead of waiting 1.5 s for an overlay that did not come).
      assert.equal(await contentScriptIn(ctx.options, page.url()), 'quiet', 'the content script did not arm');
      assert.deepEqual(await pageViewsSince(ctx.options, page.url(), 0), [], 'it said no hello');
      assert.equal(await page.overlayNow(), null, "the extension's overlay is not there");
      const hosts = await page.evaluate(() => document.querySelectorAll(':root > div[popover]').length);
      assert.equal(hosts, 1, 'one overlay host on the page');
      await page.close();
    });
  });
});
