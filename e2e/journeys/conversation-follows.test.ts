/**
 * Journey: a conversation the visitor took part in follows them. After they navigate to another
 * page of the site, or open the site in a second tab, it comes back at the same step, and the
 * overlay in the first tab goes away; nothing is recorded twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, exitIntent, waitForPageView } from '../harness/index.ts';
import { EXIT_ON_EVERY_PAGE_VIEW, journey, NO_BUDGET } from '../harness/journey.ts';
import type { TactEvent } from '../../src/core/results/event-model.ts';

journey('a conversation follows the visitor', { rules: [EXIT_ON_EVERY_PAGE_VIEW], settings: NO_BUDGET }, (ctx) => {
  test('after navigating to another page, at the same step', async () => {
    const options = await ctx.browser.openExtensionPage('options.html');
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
    await options.close();
    await page.close();
  });

  test('in a second tab, where it continues; the first tab lets it go', async () => {
    const options = await ctx.browser.openExtensionPage('options.html');
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
    await options.close();
    await tab1.close();
    await tab2.close();
  });
});
