/**
 * Journey: the overlay on hostile pages. The page's CSS cannot change it, a strict CSP does not
 * break it, a snooping page learns nothing of what the visitor types or chooses, and forged
 * `postMessage`s change nothing. And what a page can learn about Tact by fetching its files: a
 * page script where Tact is armed tries every file of the built extension at the extension's
 * address (in Chrome the id is fixed for a given install source, so any site can try it; in
 * Firefox the address holds a random per-profile UUID, pinned here by the harness, that a real
 * page cannot know). Only `overlay.html` answers: the content script's on-demand parts are
 * injected by the background, not fetched from web-accessible URLs. The journey prints what it found.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DIST } from '../harness/common.ts';
import { ask, exitIntent, sleep, type TactPage } from '../harness/index.ts';
import { EXIT_ON_EVERY_PAGE_VIEW, journey, NO_BUDGET } from '../harness/journey.ts';
import type { TactEvent } from '../../src/core/results/event-model.ts';

/** What the host element looks like from the page (the page can see the host, never inside it). */
function hostStyle(page: TactPage) {
  return page.evaluate(() => {
    const host = document.querySelector<HTMLElement>(':root > div[popover="manual"]');
    if (!host) return null;
    const cs = getComputedStyle(host);
    const r = host.getBoundingClientRect();
    const top = document.elementsFromPoint(r.left + r.width / 2, r.top + r.height / 2)[0];
    return {
      display: cs.display,
      opacity: cs.opacity,
      transform: cs.transform,
      visibility: cs.visibility,
      filter: cs.filter,
      width: Math.round(r.width),
      height: Math.round(r.height),
      right: Math.round(document.documentElement.clientWidth - r.right),
      bottom: Math.round(document.documentElement.clientHeight - r.bottom),
      onTop: top === host,
      shadowVisible: host.shadowRoot !== null,
    };
  });
}

function filesUnder(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    );
}

// Every test here shows a conversation on the same site: the exit question on every page view, no daily budget.
const setup = { rules: [EXIT_ON_EVERY_PAGE_VIEW], settings: NO_BUDGET, optionsPage: true };

journey('overlay isolation', setup, (ctx) => {
  test('hostile CSS (every element restyled, huge z-indexes, iframes hidden) does not change the overlay', async () => {
    const page = await ctx.browser.newPage(ctx.url('/fixtures/hostile-css.html'));
    await sleep(300);
    await exitIntent(page);
    const overlay = await page.overlay();
    await page.waitForFunction(
      () => (document.querySelector(':root > div[popover="manual"]')?.getBoundingClientRect().height ?? 0) > 80,
    );
    const host = await hostStyle(page);
    assert.ok(host, 'host element exists');
    assert.deepEqual(
      {
        display: host.display,
        opacity: host.opacity,
        transform: host.transform,
        visibility: host.visibility,
        width: host.width,
        right: host.right,
        bottom: host.bottom,
        onTop: host.onTop,
        shadowVisible: host.shadowVisible,
      },
      {
        display: 'block',
        opacity: '1',
        transform: 'none',
        visibility: 'visible',
        width: 360,
        right: 16,
        bottom: 16,
        onTop: true,
        shadowVisible: false,
      },
    );
    const inside = await overlay.evaluate(() => {
      const button = document.querySelector('.reply') as HTMLElement;
      const cs = getComputedStyle(button);
      const r = button.getBoundingClientRect();
      return {
        font: cs.fontFamily,
        color: cs.color,
        width: r.width,
        height: r.height,
        frameWidth: innerWidth,
        frameHeight: innerHeight,
      };
    });
    assert.doesNotMatch(inside.font, /Comic Sans/);
    assert.notEqual(inside.color, 'rgb(255, 0, 255)');
    assert.ok(inside.width > 60 && inside.height > 20, `reply button is ${inside.width}x${inside.height}`);
    assert.ok(
      inside.frameWidth >= 350 && inside.frameHeight >= 100,
      `frame viewport is ${inside.frameWidth}x${inside.frameHeight}`,
    );
    // And it still works: a real click goes through.
    await overlay.click('.reply[data-reply="found"]');
    await overlay.waitFor('.done');
    await page.close();
  });

  test('a strict Content-Security-Policy page does not break the overlay, and Tact causes no violation', async () => {
    const page = await ctx.browser.newPage(ctx.url('/fixtures/strict-csp.html'));
    assert.equal(await page.evaluate(() => document.body.dataset.pageScriptRan), 'yes');
    await sleep(300);
    await exitIntent(page);
    const overlay = await page.overlay();
    await overlay.click('.reply[data-reply="found"]');
    await overlay.waitFor('.done');
    const styled = await overlay.evaluate(() => getComputedStyle(document.querySelector('.panel')!).borderRadius);
    assert.equal(styled, '16px', 'the overlay stylesheet applies');
    const violations = await page.evaluate(() => (window as unknown as { __cspViolations: unknown[] }).__cspViolations);
    assert.deepEqual(violations, []);
    await page.close();
  });

  test('a snooping page learns nothing of what the visitor chooses or types', async () => {
    const page = await ctx.browser.newPage(ctx.url('/fixtures/snooping.html'));
    await sleep(300);
    await exitIntent(page);
    const overlay = await page.overlay();
    await overlay.click('.reply[data-reply="not-found"]');
    await overlay.waitFor('.reply[data-reply="other"]');
    await overlay.click('.reply[data-reply="other"]');
    await overlay.waitFor('input[name="answer"]');
    await overlay.click('input[name="answer"]');
    const secret = 'Zephyr tent pegs 4417';
    await page.type(secret);
    await page.press('Enter');
    await overlay.waitFor('.done');
    const answered = await overlay.evaluate(() =>
      [...document.querySelectorAll('.bubble.you')].map((b) => b.textContent ?? ''),
    );
    assert.ok(
      answered.some((t) => t.includes(secret)),
      'the overlay got the answer',
    );
    await sleep(300); // let the page's periodic DOM walk run again
    const seen = await page.evaluate(() => JSON.stringify((window as unknown as { __snoop: unknown }).__snoop));
    assert.ok(seen.length > 100, 'the snooping page recorded its own activity');
    for (const leak of [
      secret,
      'Zephyr',
      '4417',
      'Something else',
      'Not quite',
      'did you find what you were looking for',
      'Tell me in a few words',
    ]) {
      assert.ok(!seen.includes(leak), `the page learned "${leak}"`);
    }
    const snoop = JSON.parse(seen) as { events: { type: string; key?: string }[] };
    const typedKeys = snoop.events.filter((e) => /^key/.test(e.type) && e.key && secret.includes(e.key));
    assert.deepEqual(typedKeys, [], 'no key event of the typed text reached the page');
    const events = await ask<TactEvent[]>(ctx.options, 'events/list', { limit: 100 });
    assert.ok(
      events.some((e) => e.type === 'answered' && e.label === secret),
      'the answer was recorded by Tact',
    );
    await page.close();
  });

  test('forged postMessages from the page change nothing', async () => {
    const before = await ask<TactEvent[]>(ctx.options, 'events/list', { limit: 1000 });
    const page = await ctx.browser.newPage(ctx.url('/fixtures/forged-messages.html'));
    await page.waitForFunction(() => Number(document.body.dataset.forgeriesSent) >= 20, undefined, 15_000);
    assert.equal(await page.overlayNow(), null, 'no overlay from forged messages');
    const after = await ask<TactEvent[]>(ctx.options, 'events/list', { limit: 1000 });
    assert.equal(after.length, before.length, 'no event recorded');
    const site = await ask<{ enabled: boolean }>(ctx.options, 'site/get', { origin: ctx.origin });
    assert.equal(site.enabled, true, 'the site is still on');
    // The real thing still works on the same page, once.
    await exitIntent(page);
    const overlay = await page.overlay();
    await overlay.click('.reply[data-reply="found"]');
    await overlay.waitFor('.done');
    const final = await ask<TactEvent[]>(ctx.options, 'events/list', { limit: 1000 });
    assert.deepEqual(
      final
        .slice(0, final.length - before.length)
        .map((e) => e.type)
        .reverse(),
      ['shown', 'opened', 'answered', 'completed'],
    );
    await page.close();
  });

  test('fingerprinting: a page can fetch overlay.html and nothing else of Tact', async () => {
    const files = filesUnder(path.join(DIST, ctx.kind === 'chromium' ? 'chrome' : 'firefox'));
    // A page where Tact is armed: the detectors and the overlay frame's code are in its content world.
    const page = await ctx.visit('/shop/trail-pack-28.html');
    const reachable = await page.evaluate(
      async ({ base, files }) => {
        const found: string[] = [];
        for (const file of files) {
          try {
            const response = await fetch(base + file);
            if (response.ok) found.push(file);
          } catch {
            // refused: not web-accessible
          }
        }
        return found;
      },
      { base: ctx.browser.extensionBase, files },
    );
    console.log(
      `fingerprinting [${ctx.kind}]: a page fetching each of ${files.length} files at ${ctx.browser.extensionBase} got ${reachable.length}: ${reachable.join(', ') || 'none'}`,
    );
    assert.ok(files.includes('detectors.js') && files.includes('overlay-frame.js') && files.includes('picker.js'));
    assert.deepEqual(reachable, ['overlay.html']);
    await page.close();
  });
});
