/**
 * Journey: a visitor about to leave the demo shop gets the polite exit question, answers it in
 * two steps (the panel's footer on one line), and the marketer finds the answers on the options
 * page. Also: scroll depth starts the pricing flow; keyboard-only use; the answer is in IndexedDB,
 * read through the background.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, exitIntent, readStore, sleep, tabIdOf, waitUntil } from '../harness/index.ts';
import { journey } from '../harness/journey.ts';
import type { TactEvent } from '../../src/core/results/event-model.ts';
import type { DecisionRecord } from '../../src/shared/protocol.ts';

/**
 * No quiet first seconds on a page (3 s by default): the pricing flow's scroll needs no wait. Exit
 * intent is exempt from them anyway.
 */
journey('exit-intent conversation', { settings: { minSecondsOnPage: 0 } }, (ctx) => {
  test('exit intent shows the exit question; two replies finish it; the answers are stored and listed', async () => {
    const options = await ctx.browser.openExtensionPage('options.html');
    // Armed: the content script said hello and armed with the answer, which brought its page
    // view's pre-approval (it then paints the first bubble at the exit move, before the background
    // decides).
    const page = await ctx.visit('/shop/trail-pack-28.html', options);
    await page.bringToFront();
    assert.equal(await page.overlayNow(), null, 'no overlay before any signal');
    // When the page first sees Tact's host visible (epoch ms): its first bubble, painted by the
    // content script from the decision, before the overlay frame has even loaded.
    await page.evaluate(() => {
      const w = window as { tactVisibleAt?: number };
      new MutationObserver(() => {
        const host = document.querySelector(':root > div[popover]');
        if (!w.tactVisibleAt && host && getComputedStyle(host).visibility === 'visible')
          w.tactVisibleAt = performance.timeOrigin + performance.now();
      }).observe(document.documentElement, { childList: true, subtree: true, attributes: true });
    });
    await exitIntent(page);
    const overlay = await page.overlay();
    const visibleAt = await page.waitForFunction(() => (window as { tactVisibleAt?: number }).tactVisibleAt ?? 0);
    const frameLoaded = await overlay.evaluate(() => {
      const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      return performance.timeOrigin + (nav?.domContentLoadedEventEnd ?? Infinity);
    });
    assert.ok(visibleAt < frameLoaded, `visible ${visibleAt - frameLoaded} ms after the frame loaded`);
    const first = await overlay.evaluate(() => ({
      text: document.querySelector('.bubble.bot')?.textContent?.trim(),
      replies: [...document.querySelectorAll('.reply')].map((b) => b.textContent?.trim()),
      width: innerWidth,
      height: innerHeight,
      font: getComputedStyle(document.querySelector('.bubble.bot')!).font,
    }));
    assert.match(first.text ?? '', /did you find what you were looking for/);
    // The overlay's own type in both browsers (Chromium's default style for extension pages made it 11.25px).
    assert.match(first.font, /^15px \/ 21px system-ui/);
    assert.deepEqual(first.replies, ['Yes, just browsing', 'Not quite']);
    // The frame was sized to its content and is on top of the page at its place.
    await page.waitForFunction(() => {
      const hits = document.elementsFromPoint(innerWidth - 100, innerHeight - 40);
      return hits[0]?.getAttribute('popover') === 'manual' && hits[0].getBoundingClientRect().height > 80;
    });
    // The footer's three links on one line at the panel's 360 px: they took two, 25 px of a panel
    // capped at half the page's height. Waited for: the frame takes its size after the render.
    let footer: string[] = [];
    await waitUntil(
      async () => {
        footer = await overlay.evaluate(() =>
          [...document.querySelectorAll('.footer .link')].map(
            (l) => `${l.textContent?.trim()} @${Math.round(l.getBoundingClientRect().top)}`,
          ),
        );
        return footer.length === 3 && new Set(footer.map((l) => l.split('@')[1])).size === 1;
      },
      2000,
      'the footer on one line',
    ).catch((error: unknown) => assert.fail(`${String(error)}: ${JSON.stringify(footer)}`));

    await overlay.click('.reply[data-reply="not-found"]');
    await overlay.waitFor('.reply[data-reply="delivery"]');
    await overlay.click('.reply[data-reply="delivery"]');
    await overlay.waitFor('.done');
    const transcript = await overlay.evaluate(() =>
      [...document.querySelectorAll('.bubble')].map((b) => b.textContent?.replace(/\s+/g, ' ').trim()),
    );
    assert.equal(transcript.length, 5, `transcript: ${JSON.stringify(transcript)}`);
    assert.match(transcript[4] ?? '', /Delivery is free over €50/);

    // Read through the background, from IndexedDB.
    // The first bubble was painted from the pre-approval, and the background's decision kept it.
    const trace = await ask<DecisionRecord[]>(options, 'trace/get', { tabId: await tabIdOf(options, page.url()) });
    assert.deepEqual(trace.at(-1)?.firstPaint, { ruleId: 'exit-anywhere', kept: true });
    const events = await ask<TactEvent[]>(options, 'events/list', { limit: 50 });
    const types = events.map((e) => e.type).reverse();
    assert.deepEqual(types, ['shown', 'opened', 'answered', 'answered', 'completed']);
    const answered = events.filter((e) => e.type === 'answered').map((e) => e.label);
    assert.deepEqual(answered.sort(), ['Delivery costs', 'Not quite']);
    const [profile] = await readStore<{ tags: string[] }>(options, 'profile');
    assert.deepEqual([...(profile?.tags ?? [])].sort(), ['interest-delivery', 'searching']);

    // The options page lists them after a reload.
    await options.reload();
    await options.waitFor('tr.answer');
    const rows = await options.evaluate(() =>
      [...document.querySelectorAll('tr.answer')].map((r) => r.textContent ?? ''),
    );
    assert.equal(rows.length, 2);
    assert.ok(
      rows.some((r) => r.includes('Delivery costs')) && rows.some((r) => r.includes('Not quite')),
      rows.join('\n'),
    );
    const listed = await options.evaluate(() => ({
      flows: document.querySelectorAll('#flows tbody tr').length,
      rules: document.querySelectorAll('#rules tbody tr').length,
    }));
    assert.deepEqual(listed, { flows: 8, rules: 8 });

    // Done closes the overlay.
    await overlay.click('.done');
    await page.waitForFunction(() => !document.querySelector(':root > div[popover="manual"]'));
    await options.close();
    await page.close();
  });

  test('only one conversation per page view, and the frequency cap holds on the next page', async () => {
    const probe = await ctx.browser.openExtensionPage('options.html');
    const page = await ctx.visit('/shop/', probe);
    await exitIntent(page);
    // The background's decision on that exit move: nothing shows, and nothing was painted ahead of it.
    const tabId = await tabIdOf(probe, page.url());
    const decided = await waitUntil(
      async () =>
        (await ask<DecisionRecord[]>(probe, 'trace/get', { tabId })).find((r) => r.signal.type === 'exit-intent'),
      10_000,
      'the decision on the exit move',
    );
    assert.equal(decided.decision.show, null, 'the exit question was already shown today');
    assert.equal(decided.firstPaint, undefined, 'no first bubble painted from the pre-approval');
    assert.equal(await page.overlayNow(), null, 'the exit question was already shown today: no overlay');
    await probe.close();
    await page.close();
  });

  test('scrolling half-way down the pricing table starts the plan helper; Escape dismisses it', async () => {
    const probe = await ctx.browser.openExtensionPage('options.html');
    const page = await ctx.visit('/pricing.html', probe);
    await probe.close();
    await page.bringToFront();
    await page.mouseMove(600, 400);
    for (let i = 0; i < 12 && !(await page.overlayNow()); i++) {
      await page.wheel(400);
      await sleep(120);
    }
    const overlay = await page.overlay();
    const text = await overlay.evaluate(() => document.querySelector('.bubble.bot')?.textContent ?? '');
    assert.match(text, /Comparing plans/);
    // Keyboard only: Tab into the frame's replies is the page's business; inside it, Escape closes.
    await overlay.click('.reply[data-reply="weekends"]');
    await overlay.waitFor('.done');
    await overlay.evaluate(() => (document.querySelector('.done') as HTMLElement).focus());
    await page.press('Escape');
    await page.waitForFunction(() => !document.querySelector(':root > div[popover="manual"]'));
    await page.close();
  });
});
