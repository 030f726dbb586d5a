/**
 * A visitor who has Tact's extension on a site that runs Tact's site build: one overlay only. The
 * extension steps aside on the page with the embed (its exit question would fire there too), and
 * still works on the same site's pages without it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentScriptIn, exitIntent, pageViewsSince, sleep } from '../harness/index.ts';
import { EXIT_ON_EVERY_PAGE_VIEW, journey, NO_BUDGET } from '../harness/journey.ts';

journey(
  'embed beside the extension',
  { settings: NO_BUDGET, rules: [EXIT_ON_EVERY_PAGE_VIEW], optionsPage: true, freshTabs: true },
  (ctx) => {
    test('on a page without the embed, the extension shows its exit question', async () => {
      const page = await ctx.visit('/shop/');
      await exitIntent(page);
      await page.overlay();
    });

    test("on the page with the embed, only the embed's overlay appears", async () => {
      const page = await ctx.browser.newPage(ctx.url('/shop/?tact-embed'));
      await page.waitForFunction(() =>
        performance.getEntriesByType('resource').some((e) => e.name.includes('/embed/tact-detectors-')),
      );
      await sleep(200);
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
  },
);
