/**
 * Journey: a page that fights back. Its script removes what other scripts add to the document
 * (as a hydration or a "remove unknown nodes" script would), or closes every popover. Tact puts
 * the overlay back, the same conversation at the same step, and the visitor finishes it; a page
 * that never stops makes Tact give up: no overlay, the conversation paused, the reason in the
 * tab's trace; a conversation paused there, which the visitor had answered, comes back on the
 * page's next route and is finished. Fixture: e2e/fixtures/rebuilds-dom.html.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, exitIntent, readStore, sleep, tabIdOf, waitUntil, type TactPage } from '../harness/index.ts';
import { journey, NO_BACKOFF, NO_BUDGET } from '../harness/journey.ts';
import type { Rule } from '../../src/core/rules/rule-model.ts';
import type { TactEvent } from '../../src/core/results/event-model.ts';
import type { DecisionRecord } from '../../src/shared/protocol.ts';
import type { Flow } from '../../src/core/flows/flow-model.ts';
import { DEFAULT_FLOWS } from '../../src/core/flows/default-pack.ts';

const FIXTURE = '/fixtures/rebuilds-dom.html';
const HOST = ':root > div[popover="manual"]';

/**
 * The shipped exit question with a persona that types at once (`typingCps` 0, which a marketer can
 * choose in the editor): what this journey is about is the page fighting the overlay, and the
 * typing pause before each bot line (0.4-0.8 s) was most of the wait for the next step.
 */
const exitOffer = DEFAULT_FLOWS.find((f) => f.id === 'exit-offer')!;
const flow: Flow = { ...exitOffer, id: 'e2e-exit-offer-at-once', persona: { ...exitOffer.persona, typingCps: 0 } };

const rule: Rule = {
  id: 'e2e-fights-back',
  version: 2,
  name: 'e2e: exit question on a page that fights back',
  enabled: true,
  shadow: false,
  trigger: { signal: 'exit-intent' },
  conditions: [{ kind: 'url', match: 'prefix', pattern: FIXTURE }],
  flowId: flow.id,
  entry: 'panel',
  priority: 100,
  frequency: { every: 'page-view' },
};

const setup = { settings: { ...NO_BUDGET, ...NO_BACKOFF }, optionsPage: true, freshTabs: true };

/** How many times the page has fought (removed the host, or closed the popover) so far. */
const fought = (page: TactPage) => page.evaluate(() => Number(document.body.dataset.fought ?? 0));

journey('a page that fights back', setup, (ctx) => {
  before(async () => {
    await ask<Flow>(ctx.options, 'flows/save', { flow });
    await ask<Rule>(ctx.options, 'rules/save', { rule });
  });

  /** The conversations of the fixture, newest first. */
  const conversations = async () =>
    (
      await readStore<{ id: string; status: string; paused?: { loss: string }; startedAt: number }>(
        ctx.options,
        'conversations',
      )
    )
      .filter((c) => (c as unknown as { path: string }).path === FIXTURE)
      .sort((a, b) => b.startedAt - a.startedAt);

  /** Plays the exit question to its end in the overlay shown now. */
  async function finish(page: TactPage): Promise<string> {
    const overlay = await page.overlay();
    const conversationId = await overlay.evaluate(() => decodeURIComponent(location.hash.slice(1)));
    await overlay.click('.reply[data-reply="not-found"]');
    await overlay.waitFor('.reply[data-reply="delivery"]');
    await overlay.click('.reply[data-reply="delivery"]');
    await overlay.waitFor('.done');
    await overlay.click('.done');
    await page.waitForFunction((sel) => !document.querySelector(sel), HOST);
    return conversationId;
  }

  test('the page removes the overlay twice: it comes back each time, and the visitor finishes the same conversation', async () => {
    const page = await ctx.visit(`${FIXTURE}?fight=remove&times=2`);
    await exitIntent(page);
    await waitUntil(async () => (await fought(page)) === 2, 10_000, 'the page to remove the overlay twice');
    // Back, on the page, in the top layer, at the first step.
    await page.waitForFunction((sel) => document.querySelector(sel)?.matches(':popover-open') === true, HOST);
    const overlay = await page.overlay();
    await overlay.waitFor('.reply[data-reply="not-found"]');
    assert.equal(await page.evaluate((sel) => document.querySelectorAll(sel).length, HOST), 1, 'one host');
    const all = await conversations();
    assert.equal(all.length >= 1 && all[0]!.status, 'active');
    const shownId = all[0]!.id;
    // Answer, let the page stay quiet a moment, then finish.
    assert.equal(await finish(page), shownId, 'the same conversation');
    const events = await ask<TactEvent[]>(ctx.options, 'events/list', { limit: 100 });
    assert.deepEqual(
      events
        .filter((e) => e.conversationId === shownId)
        .map((e) => e.type)
        .reverse(),
      ['shown', 'opened', 'answered', 'answered', 'completed'],
    );
    const trace = await ask<DecisionRecord[]>(ctx.options, 'trace/get', {
      tabId: await tabIdOf(ctx.options, page.url()),
    });
    assert.deepEqual(trace.find((r) => r.decision.show)?.overlay, { restored: 2 });
  });

  test('the page closes the overlay’s popover twice: it is shown again in place', async () => {
    const page = await ctx.visit(`${FIXTURE}?fight=close&times=2`);
    await exitIntent(page);
    const overlay = await page.overlay();
    await waitUntil(async () => (await fought(page)) === 2, 10_000, 'the page to close the popover twice');
    await page.waitForFunction((sel) => document.querySelector(sel)?.matches(':popover-open') === true, HOST);
    await overlay.waitFor('.reply[data-reply="not-found"]');
    await finish(page);
  });

  test('a page that removes it forever: Tact gives up, no overlay, the conversation paused with the reason in the trace', async () => {
    const page = await ctx.visit(`${FIXTURE}?fight=remove&times=forever`);
    await exitIntent(page);
    const [conv] = await waitUntil(
      async () => {
        const list = await conversations();
        return list[0]?.paused ? list : null;
      },
      15_000,
      'the conversation to be paused',
    );
    assert.equal(conv!.status, 'active');
    assert.equal(conv!.paused?.loss, 'host-removed');
    // Removed once more than it was put back: three restorations, then Tact stopped.
    assert.equal(await fought(page), 4);
    await sleep(1500);
    assert.equal(await fought(page), 4, 'no more overlays for the page to remove: no loop');
    assert.equal(await page.evaluate((sel) => document.querySelector(sel), HOST), null);
    const trace = await ask<DecisionRecord[]>(ctx.options, 'trace/get', {
      tabId: await tabIdOf(ctx.options, page.url()),
    });
    assert.deepEqual(trace.find((r) => r.decision.show)?.overlay, { restored: 3, paused: 'host-removed' });
  });

  test('a conversation paused on this route follows the visitor to the next route of the same page, where they finish it', async () => {
    // The page fights only once the visitor has answered, and stops after the fourth removal.
    const page = await ctx.visit(`${FIXTURE}?fight=remove&times=4&start=later`);
    await exitIntent(page);
    const overlay = await page.overlay();
    const conversationId = await overlay.evaluate(() => decodeURIComponent(location.hash.slice(1)));
    await overlay.click('.reply[data-reply="not-found"]');
    await overlay.waitFor('.reply[data-reply="delivery"]');
    await page.evaluate(() => document.dispatchEvent(new Event('fight')));
    await waitUntil(
      async () => (await conversations()).find((c) => c.id === conversationId)?.paused,
      15_000,
      'the conversation to be paused',
    );
    assert.equal(await fought(page), 4);
    assert.equal(await page.evaluate((sel) => document.querySelector(sel), HOST), null);
    // A single-page app's next route is a new page view: the paused conversation comes back there,
    // at the step the visitor reached (the content script let go of the overlay it gave up on).
    await page.evaluate(() => history.pushState(null, '', `${location.pathname}${location.search}&route=2`));
    await page.waitForFunction((sel) => document.querySelector(sel)?.matches(':popover-open') === true, HOST);
    const back = await page.overlay();
    assert.equal(await back.evaluate(() => decodeURIComponent(location.hash.slice(1))), conversationId);
    await back.waitFor('.reply[data-reply="delivery"]');
    await back.click('.reply[data-reply="delivery"]');
    await back.waitFor('.done');
    await back.click('.done');
    await page.waitForFunction((sel) => !document.querySelector(sel), HOST);
    const after = (await conversations()).find((c) => c.id === conversationId);
    assert.deepEqual([after?.status, after?.paused], ['completed', undefined]);
  });
});
