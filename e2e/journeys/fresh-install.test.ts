/**
 * Journey: a fresh install meets a site that is not the demo shop. The same pages the demo shop
 * serves, on another origin (`ctx.otherOrigin`, http://127.0.0.1:<port>): exit intent, a while on
 * the page, scrolling an article to its end. Nothing shows, no detector is armed, and no signal
 * reaches the background; the demo shop itself (the control) gets the detectors its rules need.
 *
 * "No detector armed" is read from the page view the content script registered (`armed`: what the
 * background told it to listen for). Where Tact does not inject its content script at all on such
 * a page, there is no page view: nothing is armed either way, and the checks on overlays, traces
 * and events still hold. Dwell: no timer is armed (the checks above), so waiting longer cannot
 * change anything; the real wait covers the shortest dwell of the defaults (the greeter's 8 s).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exitIntent, readStore, sleep, waitForPageView, waitUntil, type TactPage } from '../harness/index.ts';
import { journey } from '../harness/journey.ts';
import type { DecisionRecord } from '../../src/shared/protocol.ts';

interface StoredPageView {
  url: string;
  startedAt: number;
  armed?: string[];
}

/** Scrolls with the wheel, as a person would, until the end of the document is in view. */
async function scrollToEnd(page: TactPage): Promise<void> {
  await page.bringToFront();
  await page.mouseMove(640, 400, 2);
  await waitUntil(
    async () => {
      await page.wheel(600);
      await sleep(120);
      return page.evaluate(() => scrollY + innerHeight >= document.documentElement.scrollHeight - 2);
    },
    60_000,
    'the end of the page',
  );
}

journey('fresh install', { optionsPage: true }, (ctx) => {
  test('the demo shop arms what its rules need (the control)', async () => {
    const url = ctx.url('/');
    const since = Date.now();
    const page = await ctx.browser.newPage(url);
    await waitForPageView(ctx.options, url, since);
    const views = await readStore<StoredPageView>(ctx.options, 'pageViews');
    assert.deepEqual(views.find((v) => v.url === url)?.armed, ['exit-intent', 'dwell']);
    await page.close();
  });

  test('another site: exit intent, dwell and an article read to its end show nothing and arm nothing', async () => {
    const started = Date.now();
    const home = `${ctx.otherOrigin}/`;
    const article = `${ctx.otherOrigin}/journal/packing-light.html`;
    const homePage = await ctx.browser.newPage(home);
    // The content script (if Tact injects one here) says hello within a moment of the load.
    await waitForPageView(ctx.options, home, started).catch(() => undefined);
    await sleep(Math.max(0, 9_000 - (Date.now() - started))); // past the greeter's 8 s of dwell
    await exitIntent(homePage);
    await sleep(1_000);
    assert.equal(await homePage.overlayNow(), null, 'no overlay on the home page');

    const articlePage = await ctx.browser.newPage(article);
    await waitForPageView(ctx.options, article, started).catch(() => undefined);
    await scrollToEnd(articlePage);
    await exitIntent(articlePage);
    await sleep(1_500);
    assert.equal(await articlePage.overlayNow(), null, 'no overlay on the article');
    assert.equal(await homePage.overlayNow(), null);

    const views = (await readStore<StoredPageView>(ctx.options, 'pageViews')).filter((v) =>
      v.url.startsWith(ctx.otherOrigin),
    );
    for (const view of views) assert.deepEqual(view.armed, [], `nothing armed on ${view.url}`);
    const traces = await readStore<{ tabId: number; records: DecisionRecord[] }>(ctx.options, 'traces');
    assert.deepEqual(
      traces.flatMap((t) => t.records).map((r) => `${r.signal.type} on ${r.url}`),
      [],
      'no signal reached the background',
    );
    assert.equal((await readStore(ctx.options, 'conversations')).length, 0, 'no conversation');
    assert.equal((await readStore(ctx.options, 'events')).length, 0, 'nothing shown, nothing counted');
    await articlePage.close();
    await homePage.close();
  });
});
