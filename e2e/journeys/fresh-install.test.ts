/**
 * Journey: a fresh install. The install opens the welcome view (once: the launch closes it for
 * every other journey). Then it meets a site that is not the demo shop: the same pages the demo shop
 * serves, on another origin (`ctx.otherOrigin`, http://127.0.0.1:<port>): exit intent, a while on
 * the page, scrolling an article to its end. Nothing shows, no detector is armed, and no signal
 * reaches the background; the demo shop itself (the control) gets the detectors its rules need.
 *
 * The default rules name the demo shop, so the content script is registered for it alone: another
 * site's pages load no script, say no hello and write no page view. That is checked first (the
 * registration, then no page view after the load), and it is why the journey does not wait out
 * the greeter's 8 s of dwell there: a page without the script has no timer to fire.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  contentScriptIn,
  contentScriptSites,
  exitIntent,
  readStore,
  sleep,
  waitForPageView,
  waitUntil,
  type TactPage,
} from '../harness/index.ts';
import { journey } from '../harness/journey.ts';
import { describeViolations, runAxe, seriousOnly } from '../harness/axe.ts';
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

journey('fresh install', { optionsPage: true, launch: { keepWelcome: true } }, (ctx) => {
  test('the install opened the welcome view: readable, keyboard-reachable, axe clean; a template opens in the editor', async () => {
    const welcome = ctx.browser.welcome;
    assert.ok(welcome, 'a tab with the welcome view');
    await welcome.waitFor('tact-welcome #welcome-h');
    const seen = await welcome.evaluate(() => ({
      hash: location.hash,
      headings: [...document.querySelectorAll('tact-welcome h2')].map((h) => h.textContent?.trim()),
      text: document.querySelector('tact-welcome')?.textContent?.replace(/\s+/g, ' ') ?? '',
      demo: document.querySelector<HTMLAnchorElement>('#welcome-demo-link')?.href,
      commands: [...document.querySelectorAll('tact-welcome code')].map((c) => c.textContent),
      templates: [...document.querySelectorAll<HTMLAnchorElement>('[data-template]')].map((a) => a.hash),
      current: document.querySelector('#nav-welcome')?.getAttribute('aria-current'),
    }));
    assert.equal(seen.hash, '#welcome');
    assert.deepEqual(seen.headings, [
      'Welcome to Tact',
      'Where your data lives',
      'Try it on the demo shop',
      'Start from a template',
      'How to turn it off',
    ]);
    assert.match(seen.text, /talk only on the bundled demo shop/);
    assert.match(seen.text, /Only in this browser\..*IndexedDB.*no network request/);
    // Both commands set as code, in their sentences.
    assert.deepEqual(seen.commands, ['npm start', 'npm run demo']);
    assert.match(seen.text, /With the demo server running \(npm run demo\), the shop is at/);
    assert.equal(seen.demo, 'http://northwind.localhost:4173/');
    assert.match(seen.text, /Tact on this site/);
    assert.equal(seen.templates.length, 8);
    assert.equal(seen.current, 'page');
    const violations = seriousOnly(await runAxe(welcome));
    assert.equal(violations.length, 0, describeViolations(violations));

    // Keyboard: Tab reaches the demo link and the templates; Enter on one opens it in the editor.
    await welcome.bringToFront();
    const reached: string[] = [];
    for (let i = 0; i < 30 && !reached.includes('greeter'); i++) {
      await welcome.press('Tab');
      reached.push(
        await welcome.evaluate(() => {
          const a = document.activeElement;
          return a?.id || a?.getAttribute('data-template') || a?.tagName.toLowerCase() || '';
        }),
      );
    }
    assert.ok(reached.includes('welcome-demo-link'), `focus went: ${reached.join(', ')}`);
    assert.equal(reached.at(-1), 'greeter', `focus went: ${reached.join(', ')}`);
    await welcome.press('Enter');
    await welcome.waitFor('tact-flow-editor');
    assert.equal(await welcome.evaluate(() => location.hash), '#flow/new?template=greeter');
    await welcome.close();
  });

  test('the demo shop arms what its rules need (the control)', async () => {
    const url = ctx.url('/');
    const since = Date.now();
    const page = await ctx.browser.newPage(url);
    await waitForPageView(ctx.options, url, since);
    const views = await readStore<StoredPageView>(ctx.options, 'pageViews');
    assert.deepEqual(views.find((v) => v.url === url)?.armed, ['exit-intent', 'dwell']);
    assert.equal(await contentScriptIn(ctx.options, url), 'armed', 'what the other site is read with sees it here');
    await page.close();
  });

  test('another site loads no script: exit intent and an article read to its end show nothing, write nothing', async () => {
    const home = `${ctx.otherOrigin}/`;
    const article = `${ctx.otherOrigin}/journal/packing-light.html`;
    assert.deepEqual(
      await contentScriptSites(ctx.options),
      ['*://northwind.localhost/*', '*://www.northwind.localhost/*'],
      'the demo shop only (and its www. name)',
    );
    const homePage = await ctx.browser.newPage(home);
    await exitIntent(homePage);
    const articlePage = await ctx.browser.newPage(article);
    await scrollToEnd(articlePage);
    await exitIntent(articlePage);
    // Neither page has a content script: nothing in them can say hello or answer these moves, now
    // or later (waiting 1.5 s for a hello that did not come took longer and proved less).
    assert.equal(await contentScriptIn(ctx.options, home), 'none', 'no content script on the home page');
    assert.equal(await contentScriptIn(ctx.options, article), 'none', 'no content script on the article');
    assert.equal(await homePage.overlayNow(), null, 'no overlay on the home page');
    assert.equal(await articlePage.overlayNow(), null, 'no overlay on the article');

    const views = (await readStore<StoredPageView>(ctx.options, 'pageViews')).filter((v) =>
      v.url.startsWith(ctx.otherOrigin),
    );
    assert.deepEqual(
      views.map((v) => v.url),
      [],
      'no hello, no page view on the other site',
    );
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
