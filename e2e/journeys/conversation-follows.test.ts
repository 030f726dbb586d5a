/**
 * Journey: a conversation the visitor took part in follows them. After they navigate to another
 * page of the site, or open the site in a second tab, it comes back at the same step, and the
 * overlay in the first tab goes away; nothing is recorded twice.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer, type DemoServer } from '../../scripts/demo-server.mjs';
import { ask, BROWSERS, exitIntent, launch, waitForPageView, type TactBrowser } from '../harness/index.ts';
import type { Rule } from '../../src/core/rules/rule-model.ts';
import type { TactEvent } from '../../src/core/results/event-model.ts';
import { DEFAULT_RULES } from '../../src/core/flows/default-pack.ts';

for (const kind of BROWSERS) {
  describe(`a conversation follows the visitor [${kind}]`, () => {
    let browser: TactBrowser;
    let server: DemoServer;

    before(async () => {
      server = await startDemoServer();
      browser = await launch(kind);
      const options = await browser.openExtensionPage('options.html');
      const exitRule = DEFAULT_RULES.find((r) => r.id === 'exit-anywhere')!;
      await ask<Rule>(options, 'rules/save', { rule: { ...exitRule, frequency: { every: 'page-view' } } });
      await ask(options, 'settings/set', { maxPerSitePerDay: 100, maxPerDay: 100 });
      await options.close();
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    test('after navigating to another page, at the same step', async () => {
      const options = await browser.openExtensionPage('options.html');
      const first = `${server.origin}/shop/trail-pack-28.html`;
      let since = Date.now();
      const page = await browser.newPage(first);
      await waitForPageView(options, first, since);
      await exitIntent(page);
      let overlay = await page.overlay();
      await overlay.click('.reply[data-reply="not-found"]');
      await overlay.waitFor('.reply[data-reply="delivery"]');

      const next = `${server.origin}/pricing.html`;
      since = Date.now();
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
      const options = await browser.openExtensionPage('options.html');
      const url1 = `${server.origin}/journal/packing-light.html`;
      let since = Date.now();
      const tab1 = await browser.newPage(url1);
      await waitForPageView(options, url1, since);
      await exitIntent(tab1);
      const overlay1 = await tab1.overlay();
      await overlay1.click('.reply[data-reply="not-found"]');
      await overlay1.waitFor('.reply[data-reply="fit"]');

      const url2 = `${server.origin}/shop/`;
      since = Date.now();
      const tab2 = await browser.newPage(url2);
      await waitForPageView(options, url2, since);
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
}
