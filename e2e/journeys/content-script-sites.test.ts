/**
 * Journey: Tact costs nothing where no rule can match. With every rule restricted to one site,
 * a page of another site loads no content script: it says no hello, so no page view or site
 * record is written, and stays so after the background restarts. Where the rule applies, a page
 * view nobody interacts with loads no detectors: they come at the visitor's first move, into the
 * document that said hello only (a page left while its hello was on its way passes nothing to the
 * next). The site a rule names still
 * gets its conversation; the popup's preview tools still work on the other site's tab (the
 * script is put into that tab when asked); a rule without a site restriction brings the script
 * back to every site. A site typed in Unicode and with www. reaches its punycode address without,
 * and the visitor's "why" names it in Unicode.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ask,
  contentModulesIn,
  contentScriptIn,
  contentScriptSites,
  exitIntent,
  holdStore,
  pageViewsSince,
  readStore,
  sleep,
  tabShowing,
  waitForPageView,
  waitUntil,
  waitUntilSeen,
  type TactPage,
} from '../harness/index.ts';
import { settled } from '../harness/conversation.ts';
import { EXIT_ON_EVERY_PAGE_VIEW, journey, NO_BUDGET } from '../harness/journey.ts';
import type { Rule } from '../../src/core/rules/rule-model.ts';

/** Every stored page view and site record of `origin`. */
async function tracesOf(probe: TactPage, origin: string): Promise<{ pageViews: number; sites: number }> {
  const views = await readStore<{ origin: string }>(probe, 'pageViews');
  const sites = await readStore<{ origin: string }>(probe, 'sites');
  return {
    pageViews: views.filter((v) => v.origin === origin).length,
    sites: sites.filter((s) => s.origin === origin).length,
  };
}

journey(
  'content script only where rules can match',
  { settings: NO_BUDGET, optionsPage: true, launch: { backgroundIdleMs: 1000 } },
  (ctx) => {
    /** The same demo server under another host name (127.0.0.1): another site for the browser. */
    const elsewhere = (path: string) => `${ctx.otherOrigin}${path}`;
    const otherOrigin = () => ctx.otherOrigin;

    test('only the named site gets the script; other pages write nothing, also after a background restart', async () => {
      const { rules } = await ask<{ rules: Rule[] }>(ctx.options, 'workspace/get', null);
      for (const rule of rules) await ask(ctx.options, 'rules/save', { rule: { ...rule, enabled: false } });
      await ask(ctx.options, 'rules/save', {
        rule: {
          ...EXIT_ON_EVERY_PAGE_VIEW,
          conditions: [{ kind: 'url', match: 'prefix', pattern: `${ctx.origin}/shop/` }],
        },
      });
      assert.deepEqual(await contentScriptSites(ctx.options), ['http://northwind.localhost/*']);

      const other = await ctx.browser.newPage(elsewhere('/shop/trail-pack-28.html'));
      await exitIntent(other);
      // No script in the page: no hello, now or later (instead of waiting 1.5 s for none).
      assert.equal(await contentScriptIn(ctx.options, other.url()), 'none', 'no content script on the other site');
      assert.deepEqual(
        await tracesOf(ctx.options, otherOrigin()),
        { pageViews: 0, sites: 0 },
        'no hello, nothing written',
      );
      assert.equal(await other.overlayNow(), null);

      // Where the rule applies, a page view nobody interacts with says no hello before the
      // fallback and loads no detectors (nor the overlay frame): the hello is said at the visitor's
      // first sign of presence, here a move, and its answer brings them.
      const url = ctx.url('/shop/trail-pack-28.html');
      const since = Date.now();
      const untouched = await ctx.browser.newPage(url);
      await waitForPageView(ctx.options, url, since, undefined, { arrive: false });
      const waited = Date.now() - since;
      const viewsBefore = (await pageViewsSince(ctx.options, url, since)).length;
      // Looked at within the content script's fallback (3 s after it ran, content.ts): no hello yet.
      if (Date.now() - since < 2500)
        assert.equal(viewsBefore, 0, `no hello before the visitor shows up (${waited} ms)`);
      assert.deepEqual(await contentModulesIn(ctx.options, url), [], 'nothing injected before the visitor shows up');
      // Left before the visitor showed up (and before the fallback): the page going away is hidden
      // first, and that is no sign of presence, so it says no hello as it goes, and nothing lands
      // in the tab's next page before its own visitor shows up.
      const next = ctx.url('/shop/fjord-22.html');
      const leftAfter = Date.now() - since;
      await untouched.goto(next);
      await waitForPageView(ctx.options, next, since, undefined, { arrive: false });
      assert.deepEqual(await contentModulesIn(ctx.options, next), [], 'nothing injected before the visitor shows up');
      await untouched.mouseMove(400, 300);
      await waitUntil(
        async () => (await contentModulesIn(ctx.options, next)).join() === 'detectors.js,overlay-frame.js',
        5000,
        'the detectors and the overlay frame injected at the first move',
      );
      await waitUntil(async () => (await pageViewsSince(ctx.options, next, since)).length === 1, 5000, 'its hello');
      if (leftAfter < 2500)
        assert.deepEqual(
          await pageViewsSince(ctx.options, url, since),
          [],
          `no hello from the page left ${leftAfter} ms after it opened, before its visitor showed up`,
        );
      await untouched.close();

      const named = await ctx.visit('/shop/trail-pack-28.html');
      await exitIntent(named);
      const overlay = await named.overlay();
      assert.match(
        await overlay.evaluate(() => document.querySelector('.bubble.bot')?.textContent ?? ''),
        /did you find/,
      );
      await overlay.click('.close');

      await ctx.options.close();
      await ctx.browser.stopBackground();
      const probe = await ctx.browser.openExtensionPage('options.html');
      assert.deepEqual(
        await contentScriptSites(probe),
        ['http://northwind.localhost/*'],
        'kept over a background restart',
      );
      await other.reload();
      assert.equal(await contentScriptIn(probe, other.url()), 'none', 'no content script after a restart either');
      assert.deepEqual(
        await tracesOf(probe, otherOrigin()),
        { pageViews: 0, sites: 0 },
        'still nothing after a restart',
      );
      await probe.close();
      await other.close();
      await named.close();
    });

    test("a hello answered after its page was left: the files its answer brings stay out of the tab's next page", async () => {
      // The rule of the test above covers /shop/. The background's hello waits on the page views
      // store, held here, while the visitor shows up and leaves; its answer comes after.
      const probe = await ctx.browser.openExtensionPage('options.html');
      const url = ctx.url('/shop/trail-pack-28.html');
      const next = ctx.url('/shop/fjord-22.html');
      const since = Date.now();
      const page = await ctx.browser.newPage(url);
      await waitForPageView(probe, url, since, undefined, { arrive: false });
      const release = await holdStore(probe, 'pageViews');
      try {
        await page.mouseMove(400, 300); // the visitor shows up: the hello goes, and waits
        await sleep(300); // nothing to wait for: the hello is sent in the move's own task
        await page.goto(next);
        await waitForPageView(probe, next, since, undefined, { arrive: false });
      } finally {
        await release();
      }
      // Proves the hello was on its way while the page was left (else this test proves nothing).
      await waitUntil(
        async () => (await pageViewsSince(probe, url, since)).length === 1,
        5000,
        "the left page's hello, answered now",
      );
      // The files go with the answer, right after the page view's record: nothing to wait for
      // but their absence, looked at for a second (they were there at once before the fix).
      const until = Date.now() + 1000;
      while (Date.now() < until) {
        assert.deepEqual(await contentModulesIn(probe, next), [], "nothing of the left page's hello here");
        await sleep(100);
      }
      await page.mouseMove(500, 350); // its own visitor (elsewhere: a move to where the pointer is may fire no event)
      await waitUntil(
        async () => (await contentModulesIn(probe, next)).join() === 'detectors.js,overlay-frame.js',
        5000,
        "the next page's own files at its first move",
      );
      await page.close();
      await probe.close();
    });

    test('the preview tools work on a tab no rule covers; a rule for every site brings the script back', async () => {
      const probe = await ctx.browser.openExtensionPage('options.html');
      const url = elsewhere('/shop/trail-pack-28.html');
      const other = await ctx.browser.newPage(url);
      assert.equal(await contentScriptIn(probe, url), 'none');
      assert.equal((await tracesOf(probe, otherOrigin())).pageViews, 0);

      const tabId = await tabShowing(probe, url);
      // Simulating puts the script into the tab; the engine then decides on that page view.
      const simulated = await ask<{ record: { url: string } }>(probe, 'preview/simulate', {
        tabId,
        signal: { type: 'exit-intent' },
      });
      assert.equal(simulated.record.url, url);
      const started = await ask<{ conversationId: string }>(probe, 'preview/start', {
        tabId,
        flowId: EXIT_ON_EVERY_PAGE_VIEW.flowId,
      });
      assert.ok(started.conversationId);
      const overlay = await other.overlay();
      assert.equal(await overlay.evaluate(() => document.querySelector('.preview-badge')?.textContent), 'Preview');
      await overlay.click('.close');

      await ask(probe, 'rules/save', { rule: { ...EXIT_ON_EVERY_PAGE_VIEW, conditions: [] } });
      assert.deepEqual((await contentScriptSites(probe)).sort(), ['http://*/*', 'https://*/*']);
      const since = Date.now();
      const again = await ctx.browser.newPage(url);
      await waitForPageView(probe, url, since);
      await again.close();
      await other.close();
      await probe.close();
    });

    test('a site written in Unicode with www. reaches its punycode address without www.', async () => {
      const probe = await ctx.browser.openExtensionPage('options.html');
      const { rules } = await ask<{ rules: Rule[] }>(probe, 'workspace/get', null);
      for (const rule of rules) await ask(probe, 'rules/save', { rule: { ...rule, enabled: false } });
      await ask(probe, 'rules/save', {
        rule: { ...EXIT_ON_EVERY_PAGE_VIEW, conditions: [{ kind: 'site', host: 'www.магазин.localhost' }] },
      });
      assert.deepEqual(await contentScriptSites(probe), [
        '*://www.xn--80aairftm.localhost/*',
        '*://xn--80aairftm.localhost/*',
      ]);
      // What the browser makes of the Unicode name (every *.localhost name is this machine).
      const url = `${ctx.origin.replace('northwind.localhost', 'xn--80aairftm.localhost')}/shop/trail-pack-28.html`;
      const since = Date.now();
      const page = await ctx.browser.newPage(url);
      // The visitor shows up and the page arms before the gesture: a gesture made faster than the
      // arrival's round trip is not seen (it failed so once in CI, Firefox).
      await waitForPageView(probe, url, since);
      await exitIntent(page);
      const overlay = await page.overlay();
      assert.match(
        await overlay.evaluate(() => document.querySelector('.bubble.bot')?.textContent ?? ''),
        /did you find/,
      );
      // The visitor's "why" names the site as people write it, not as punycode.
      await overlay.click('.why-toggle');
      await overlay.waitFor('#why-panel');
      // In a laptop's 600 px high window (the overlay's cap there was 276 px), the question, "why"
      // and the whole footer fit without the panel scrolling: its footer was cut mid-line.
      await page.setViewport(1280, 600);
      // The host's height as the page lays it out now (its cap applies at once); then the frame,
      // resized after it, is measured at that height.
      const hostHeight = Number(
        await page.waitForFunction(
          () =>
            innerHeight === 600 &&
            Math.round(document.querySelector(':root > div[popover="manual"]')!.getBoundingClientRect().height),
        ),
      );
      await waitUntilSeen(
        async () => ({
          hostHeight,
          ...(await overlay.evaluate(() => {
            const panel = document.querySelector('.panel')!;
            return {
              frame: innerHeight,
              overflow: panel.scrollHeight - panel.clientHeight,
              footerBottom: Math.round(document.querySelector('.footer')!.getBoundingClientRect().bottom),
            };
          })),
        }),
        (fit) => Math.abs(fit.frame - hostHeight) <= 1 && fit.overflow <= 0 && fit.footerBottom <= fit.frame,
        3000,
        'the panel with "why" open to fit a 600 px high window',
      );
      const why = await overlay.evaluate(() => document.querySelector('#why-panel')?.textContent ?? '');
      assert.match(why, /Site is www\.магазин\.localhost: магазин\.localhost/);
      assert.doesNotMatch(why, /xn--/);
      // A taller step in a phone's window (320 × 600), "why" still open: four replies on three or
      // four rows and the footer on two lines outgrow the 320 px frame, and the panel scrolls; but
      // the step's controls and the footer stay whole at its bottom (they scrolled with the rest,
      // and "Not on this site" was cut in two), and above them the question's first line and the
      // first line of "why" are in sight: the question had 4 px above an open "why" 64 px high
      // scrolling inside the panel. (The frame is at rest, fitted above: the reply is clicked at once.)
      await overlay.click('.reply[data-reply="not-found"]');
      await settled(overlay, /What were you after/, 1);
      await page.setViewport(320, 600);
      await waitUntilSeen(
        () =>
          overlay.evaluate(() => {
            const panel = document.querySelector('.panel')!.getBoundingClientRect();
            const bottom = Math.min(panel.bottom, innerHeight);
            const cut = [...document.querySelectorAll('.controls button, .footer .link')].filter((e) => {
              const r = e.getBoundingClientRect();
              return r.top < panel.top - 0.5 || r.bottom > bottom + 0.5;
            });
            // What the panel shows under its header and above its controls and footer (sticky at
            // its top and bottom), and of that what the box each is in shows (the transcript, "why"
            // itself), when they scroll.
            const under = document.querySelector('.header')!.getBoundingClientRect().bottom;
            const above = Math.min(bottom, document.querySelector('.dock')!.getBoundingClientRect().top);
            const firstLine = [
              ['.log > .bubble.bot:last-child', '.log'],
              ['#why-panel', '#why-panel'],
            ].map(([line, box]) => {
              const r = document.querySelector(line!)!.getBoundingClientRect();
              const clip = document.querySelector(box!)!.getBoundingClientRect();
              const style = getComputedStyle(document.querySelector(line!)!);
              const top = r.top + parseFloat(style.paddingTop);
              return (
                top >= Math.max(panel.top, clip.top, under) - 0.5 &&
                top + parseFloat(style.lineHeight) <= Math.min(above, clip.bottom) + 0.5
              );
            });
            // The way out: the × in sight, nothing over it (it went up out of sight with the header).
            const close = document.querySelector('.close')!;
            const x = close.getBoundingClientRect();
            return {
              width: innerWidth,
              frame: innerHeight,
              why: document.querySelector('#why-panel') !== null,
              cut: cut.map((e) => e.textContent.trim()),
              questionFirstLine: firstLine[0],
              whyFirstLine: firstLine[1],
              close: close.contains(document.elementFromPoint((x.left + x.right) / 2, (x.top + x.bottom) / 2)),
            };
          }),
        (seen) =>
          seen.width <= 288 &&
          seen.frame === 320 &&
          seen.why &&
          seen.cut.length === 0 &&
          seen.questionFirstLine === true &&
          seen.whyFirstLine === true &&
          seen.close,
        3000,
        'the ×, the question\'s first line and the first of "why" above the step\'s replies and the footer, whole, in a 320 × 600 window',
      );
      // At 400 % zoom of a 1280 × 720 window (320 × 180 CSS px) the panel, 148 px high, scrolls as
      // one: the × and the question's first line are in sight together (the header had gone up).
      await page.setViewport(320, 180);
      await waitUntilSeen(
        () =>
          overlay.evaluate(() => {
            const close = document.querySelector('.close')!;
            const x = close.getBoundingClientRect();
            const line = document.querySelector('.log > .bubble.bot:last-child')!;
            const r = line.getBoundingClientRect();
            const style = getComputedStyle(line);
            const top = r.top + parseFloat(style.paddingTop);
            const under = document.querySelector('.header')!.getBoundingClientRect().bottom;
            return {
              frame: innerHeight,
              close: close.contains(document.elementFromPoint((x.left + x.right) / 2, (x.top + x.bottom) / 2)),
              questionFirstLine: top >= under - 0.5 && top + parseFloat(style.lineHeight) <= innerHeight + 0.5,
            };
          }),
        (seen) => seen.frame === 148 && seen.close && seen.questionFirstLine,
        3000,
        "the × and the question's first line in sight at 400 % zoom (320 × 180)",
      );
      await overlay.click('.close');
      // The popup names the site as it was written, not as punycode.
      const popup = await ctx.browser.openExtensionPage(
        `popup.html?site=${encodeURIComponent(new URL(page.url()).origin)}`,
      );
      await popup.waitFor('#site-origin');
      assert.match(
        await popup.evaluate(() => document.querySelector('#site-origin')?.textContent ?? ''),
        /^http:\/\/магазин\.localhost:\d+$/,
      );
      await popup.close();
      await page.close();
      await probe.close();
    });
  },
);
