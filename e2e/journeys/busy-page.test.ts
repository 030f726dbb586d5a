/**
 * Journey: a visitor who is busy. A login `<dialog>` open (showModal) holds a signal back until
 * it closes, and the trace says so; exit intent over fullscreen content shows nothing; an overlay
 * already open steps aside while a modal dialog is open and comes back usable (a real click
 * reaches it; the Escape that closes the dialog does not dismiss it); a dialog that opens between
 * the decision and the overlay's appearance holds the overlay; a visitor who switched tabs
 * meanwhile is not counted as shown nor charged. A cookie banner built of plain elements that makes
 * the main content inert, or locks the page's scroll, holds a signal as a dialog does. The page's
 * own chat launcher and cookie bar in the overlay's corner stay in sight and in reach.
 * Fixture: e2e/fixtures/busy-page.html.
 */
import { checkInEnglish, inEnglish } from '../../src/core/test-support/catalogue.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, exitIntent, readMeta, sleep, tabIdOf, waitUntil, type TactPage } from '../harness/index.ts';
import { journey, NO_BACKOFF, NO_BUDGET } from '../harness/journey.ts';
import type { Rule } from '../../src/core/rules/rule-model.ts';
import type { TactEvent } from '../../src/core/results/event-model.ts';
import type { BudgetState } from '../../src/core/rules/policy.ts';
import type { DecisionRecord } from '../../src/shared/protocol.ts';

const FIXTURE = '/fixtures/busy-page.html';
const DWELL_FIXTURE = '/fixtures/busy-page-dwell.html';
const HOST = ':root > div[popover="manual"]';

const base = {
  version: 2,
  enabled: true,
  shadow: false,
  flowId: 'exit-offer',
  entry: 'panel',
  priority: 100,
  frequency: { every: 'page-view' },
} as const;
const exitRule: Rule = {
  ...base,
  id: 'e2e-busy-exit',
  name: 'e2e: exit question on a busy page',
  trigger: { signal: 'exit-intent' },
  conditions: [{ kind: 'url', match: 'prefix', pattern: FIXTURE }],
};
const dwellRule: Rule = {
  ...base,
  id: 'e2e-busy-dwell',
  name: 'e2e: after 1 s on a busy page',
  trigger: { signal: 'dwell', seconds: 1 },
  conditions: [{ kind: 'url', match: 'prefix', pattern: DWELL_FIXTURE }],
};

const setup = {
  // No quiet first seconds: the dwell rule's 1 s is all a held signal waits for before its dialog.
  settings: { ...NO_BUDGET, ...NO_BACKOFF, minSecondsOnPage: 0 },
  rules: [exitRule, dwellRule],
  optionsPage: true,
  freshTabs: true,
};

/** The overlay host's visibility on the page ('' when there is no host). */
const hostVisibility = (page: TactPage) =>
  page.evaluate((sel) => {
    const host = document.querySelector(sel);
    return host ? getComputedStyle(host).visibility : '';
  }, HOST);

const modalOpen = (page: TactPage) => page.evaluate(() => !!document.querySelector('dialog:modal'));

/**
 * Waits until the dwell rule's 1 s has passed on a page that armed by `armed` (when `ctx.visit`
 * returned), with 0.7 s for the page's timer to be late. A dwell due after the visitor is free
 * again would not be held, and the trace's "quiet after being held" would fail the test.
 */
const pastDwellThreshold = (armed: number) => sleep(armed + 1000 + 700 - Date.now());

journey('a busy page', setup, (ctx) => {
  const trace = async (page: TactPage) =>
    ask<DecisionRecord[]>(ctx.options, 'trace/get', { tabId: await tabIdOf(ctx.options, page.url()) });
  const eventsOf = async (conversationId: string) =>
    (await ask<TactEvent[]>(ctx.options, 'events/list', { limit: 200 }))
      .filter((e) => e.conversationId === conversationId)
      .map((e) => e.type)
      .reverse();
  const spentHere = async () =>
    (await readMeta<BudgetState | undefined>(ctx.options, 'budget'))?.bySite[ctx.origin] ?? 0;
  /** The decision that started a conversation on `page`, once there is one. */
  const started = (page: TactPage) =>
    waitUntil(async () => (await trace(page)).find((r) => r.decision.show), 10_000, 'a decision that shows something');
  const conversationOf = async (page: TactPage) => {
    const overlay = await page.overlay();
    return overlay.evaluate(() => decodeURIComponent(location.hash.slice(1)));
  };

  test('a login dialog open when the signal comes: held, no overlay; it closes: shown, and the trace says it was held', async () => {
    const page = await ctx.visit(`${DWELL_FIXTURE}?modal=open`);
    const armed = Date.now();
    assert.equal(await modalOpen(page), true);
    await pastDwellThreshold(armed); // the dwell threshold (1 s) passed while the dialog was open
    assert.equal(await page.evaluate((sel) => document.querySelector(sel), HOST), null, 'no overlay over the dialog');
    assert.deepEqual(await trace(page), [], 'the signal is held in the page, not refused');
    await page.click('#close-dialog');
    const record = await started(page);
    const quiet = record.decision.policy.find((c) => inEnglish(c.label) === 'Waits for a quiet moment');
    assert.equal(quiet?.passed, true);
    assert.match(inEnglish(quiet?.detail), /^quiet after being held \d+\.\d sec while the visitor was in a dialog/);
    await page.waitForFunction((sel) => document.querySelector(sel) !== null, HOST);
    await waitUntil(async () => (await hostVisibility(page)) === 'visible', 5000, 'the overlay to appear');
  });

  for (const consent of ['inert', 'scroll-lock'] as const)
    test(`a cookie banner that leaves the page ${consent === 'inert' ? 'inert' : 'scroll-locked'}: held like a dialog until it is accepted`, async () => {
      const page = await ctx.visit(`${DWELL_FIXTURE}?consent=${consent}`);
      await pastDwellThreshold(Date.now()); // the dwell threshold (1 s) passed while the banner was up
      assert.equal(
        await page.evaluate((sel) => document.querySelector(sel), HOST),
        null,
        'no overlay behind the banner',
      );
      assert.deepEqual(await trace(page), [], 'the signal is held in the page, not refused');
      await page.click('#consent-accept');
      const record = await started(page);
      const quiet = record.decision.policy.find((c) => inEnglish(c.label) === 'Waits for a quiet moment');
      assert.match(inEnglish(quiet?.detail), /^quiet after being held \d+\.\d sec while the visitor was in a dialog/);
      await waitUntil(async () => (await hostVisibility(page)) === 'visible', 5000, 'the overlay to appear');
    });

  test("the page's own corner widgets (a chat launcher over a cookie bar) stay in sight and in reach: the overlay goes above them", async () => {
    const page = await ctx.visit(`${FIXTURE}?corner=widgets`);
    await exitIntent(page);
    await page.overlay();
    await waitUntil(async () => (await hostVisibility(page)) === 'visible', 5000, 'the overlay to appear');
    const seen = await page.evaluate((sel) => {
      const launcher = document.getElementById('chat-launcher')!.getBoundingClientRect();
      const ok = document.getElementById('cookie-ok')!.getBoundingClientRect();
      return {
        gap: launcher.top - document.querySelector(sel)!.getBoundingClientRect().bottom,
        // What a click at their centres reaches (the overlay, in the top layer, would be hit first).
        reached: [launcher, ok].map((r) => document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.id),
      };
    }, HOST);
    assert.deepEqual(seen.reached, ['chat-launcher', 'cookie-ok']);
    assert.ok(seen.gap >= 4 && seen.gap <= 12, `the overlay just above the launcher: ${seen.gap} px between them`);
  });

  test('exit intent over fullscreen content shows nothing, and the trace says why', async () => {
    const page = await ctx.visit(FIXTURE);
    await page.click('#watch'); // a real click: requestFullscreen needs the visitor's gesture
    const entered = await page.waitForFunction(
      () => !!document.fullscreenElement || document.body.dataset.fullscreenError || false,
      undefined,
      5000,
    );
    assert.equal(entered, true, `fullscreen was refused: ${String(entered)}`);
    await exitIntent(page);
    const record = await waitUntil(
      async () => (await trace(page)).find((r) => r.signal.type === 'exit-intent'),
      10_000,
      'the exit-intent decision',
    );
    assert.equal(record.decision.show, null);
    assert.deepEqual(
      checkInEnglish(
        record.decision.policy.find((c) => inEnglish(c.label) === 'Not over fullscreen content or a dialog')!,
      ),
      { label: 'Not over fullscreen content or a dialog', passed: false, detail: 'visitor is in fullscreen' },
    );
    assert.equal(await page.evaluate((sel) => document.querySelector(sel), HOST), null);
    await page.evaluate(() => document.exitFullscreen());
  });

  test('an overlay open when a dialog opens steps aside, and comes back usable when it closes', async () => {
    const page = await ctx.visit(FIXTURE);
    await exitIntent(page);
    const overlay = await page.overlay();
    await overlay.waitFor('.reply[data-reply="not-found"]');
    await waitUntil(async () => (await hostVisibility(page)) === 'visible', 5000, 'the overlay to appear');
    const conversationId = await conversationOf(page);

    await page.click('#open-dialog');
    assert.equal(await modalOpen(page), true);
    // Shown over a modal dialog it would be inert (visible, no click reaches it): it steps aside.
    await waitUntil(async () => (await hostVisibility(page)) === 'hidden', 2000, 'the overlay to step aside');
    // The Escape that closes the dialog is the dialog's: the conversation is not dismissed.
    await page.press('Escape');
    await page.waitForFunction(() => !document.querySelector('dialog:modal'));
    await waitUntil(async () => (await hostVisibility(page)) === 'visible', 2000, 'the overlay to come back');
    await overlay.click('.reply[data-reply="not-found"]');
    await overlay.waitFor('.reply[data-reply="delivery"]');
    assert.deepEqual(await eventsOf(conversationId), ['shown', 'opened', 'answered']);
  });

  test('a dialog that opens during the decision holds the overlay; it appears, and counts, once the dialog closes', async () => {
    const page = await ctx.visit(`${FIXTURE}?on-overlay=modal`);
    await exitIntent(page);
    await started(page);
    await page.waitForFunction(() => !!document.querySelector('dialog:modal'));
    const conversationId = await conversationOf(page);
    await sleep(1000);
    assert.equal(await hostVisibility(page), 'hidden', 'never shown over the dialog');
    assert.deepEqual(await eventsOf(conversationId), [], 'not counted as shown');
    await page.click('#close-dialog');
    await waitUntil(async () => (await hostVisibility(page)) === 'visible', 3000, 'the overlay to appear');
    await waitUntil(async () => (await eventsOf(conversationId)).length > 0, 3000, 'the shown event');
    assert.deepEqual(await eventsOf(conversationId), ['shown', 'opened']);
    const held = (await trace(page)).find((r) => r.decision.show)?.overlay?.held;
    assert.ok(held && held.ms >= 1000 && held.while.includes('modal') && !held.hidden, JSON.stringify(held));
  });

  test('a visitor who switched tabs during the decision: not shown, not charged; back in time, shown then', async (t) => {
    if (ctx.kind === 'chromium') {
      // Measured: Playwright's Chromium (headless, and headed under Xvfb) keeps a background tab's
      // visibilityState 'visible' after bringToFront of another tab and after minimising the
      // window (CDP Browser.setWindowBounds); there is no way to hide a tab here.
      t.skip('Chromium under the harness never hides a background tab');
      return;
    }
    // The dialog opens as the overlay is being mounted (holding it) and closes by itself 1.5 s
    // later, when the visitor is already in another tab.
    const before = await spentHere();
    const page = await ctx.visit(`${FIXTURE}?on-overlay=modal&close-after=1500`);
    await exitIntent(page);
    await started(page);
    const conversationId = await conversationOf(page);
    const elsewhere = await ctx.browser.newPage(ctx.url('/fixtures/plain.html'));
    await elsewhere.bringToFront();
    assert.equal(await page.evaluate(() => document.visibilityState), 'hidden');
    assert.equal(await spentHere(), before + 1, 'reserved while it waits');
    await page.waitForFunction(() => !document.querySelector('dialog:modal'), undefined, 5000);
    // Only the hidden tab holds it now. Nothing to wait for but a look of the held overlay, which
    // would show it if the hidden tab did not hold it: one every 0.4 s (HOLD_RECHECK_MS), its timer
    // held back to once a second in a hidden tab.
    await sleep(1000);
    assert.deepEqual(await eventsOf(conversationId), [], 'not shown while the visitor is elsewhere');
    await page.bringToFront();
    await waitUntil(async () => (await eventsOf(conversationId)).length > 0, 5000, 'the shown event');
    assert.equal(await hostVisibility(page), 'visible');
    const held = (await trace(page)).find((r) => r.decision.show)?.overlay?.held;
    assert.ok(held?.hidden && held.while.includes('modal'), JSON.stringify(held));
    await elsewhere.close();

    // Away for longer than the hold limit: never shown, nothing counted, the budget back. The
    // limit is the settings' (30 s by default), set here to 3 s: it reaches the content script in
    // the plan of the next page view's hello, and is what the overlay waits out, not the default.
    // More than the dialog's 1.5 s, by which the visitor must be in the other tab anyway.
    await ask(ctx.options, 'settings/set', { maxHoldSeconds: 3 });
    const spent = await spentHere();
    const second = await ctx.visit(`${FIXTURE}?on-overlay=modal&close-after=1500`);
    await exitIntent(second);
    await started(second);
    const unseenId = await conversationOf(second);
    const away = await ctx.browser.newPage(ctx.url('/fixtures/plain.html'));
    await away.bringToFront();
    assert.equal(await spentHere(), spent + 1);
    const record = await waitUntil(
      async () => (await trace(second)).find((r) => r.decision.show && r.overlay?.withdrawn),
      20_000,
      'the overlay to be withdrawn after the hold limit (3 s)',
    );
    const unseenHold = record.overlay?.held;
    assert.ok(unseenHold?.hidden && unseenHold.ms >= 3_000 && unseenHold.ms < 20_000, JSON.stringify(record.overlay));
    assert.deepEqual(await eventsOf(unseenId), [], 'never counted as shown');
    assert.equal(await spentHere(), spent, 'the budget it reserved is given back');
    await second.bringToFront();
    await sleep(500);
    assert.equal(await second.evaluate((sel) => document.querySelector(sel), HOST), null, 'nothing appears later');
    await away.close();
    await ask(ctx.options, 'settings/set', { maxHoldSeconds: 30 });
  });
});
