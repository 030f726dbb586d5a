/**
 * Journey: a marketer's results are exact. Scripted visits, played with real input on a fixture
 * page, meet a pill conversation (the checkout-reassurance flow) started by exit intent, with a
 * shadow-mode rule for the same flow beside it. The options page, open all along, lists each new
 * answer as it arrives (no reload). Then the Results view must show exactly what was played: the
 * overview of every flow (sortable from the keyboard), and for the flow shown, opened, completed,
 * dismissed, the completion rate, "would have shown", the answers to the question and the steps
 * named by their question, with a table view; the per-conversation export, read back from the
 * file the page offers, has one row per visit with its answer and outcome.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, captureDownloads, downloaded, exitIntent, type TactFrame, type TactPage } from '../harness/index.ts';
import { parseCsv } from '../../src/core/test-support/csv-reader.ts';
import { steady } from '../harness/conversation.ts';
import { journey, NO_BACKOFF, NO_BUDGET } from '../harness/journey.ts';
import type { Rule } from '../../src/core/rules/rule-model.ts';
import type { FlowStats } from '../../src/core/results/flow-stats.ts';

const FIXTURE = '/fixtures/plain.html';
const FLOW = 'checkout-reassurance';
const HOST = ':root > div[popover="manual"]';
const QUESTION = 'Anything I can clear up before you pay?';

function rule(id: string, shadow: boolean, priority: number): Rule {
  return {
    id,
    version: 2,
    name: `e2e results ${id}`,
    enabled: true,
    shadow,
    trigger: { signal: 'exit-intent' },
    conditions: [{ kind: 'url', match: 'prefix', pattern: FIXTURE }],
    flowId: FLOW,
    entry: 'pill',
    priority,
    frequency: { every: 'page-view' },
  };
}

const setup = {
  settings: { ...NO_BUDGET, ...NO_BACKOFF },
  rules: [rule('e2e-results-live', false, 100), rule('e2e-results-shadow', true, 99)],
  optionsPage: true,
};

journey('results are exact after scripted visits', setup, (ctx) => {
  /** A new visit to the fixture page, leaving towards the top: returns the pill's frame. */
  async function visit(): Promise<{ page: TactPage; overlay: TactFrame }> {
    const page = await ctx.visit(FIXTURE);
    await exitIntent(page);
    const overlay = await page.overlay();
    await overlay.waitFor('.pill');
    return { page, overlay };
  }

  /** Opens the pill and answers the question with `replyId`, then closes the finished conversation. */
  async function answerWith(replyId: string): Promise<void> {
    const { page, overlay } = await visit();
    await overlay.click('.pill');
    await steady(overlay, `.reply[data-reply="${replyId}"]`);
    await overlay.click(`.reply[data-reply="${replyId}"]`);
    await steady(overlay, '.done');
    await overlay.click('.done');
    await page.waitForFunction((sel) => !document.querySelector(sel), HOST);
    await page.close();
  }

  test('four visits: two answered, one pill left unopened, one opened and closed', async () => {
    const answersListed = () =>
      ctx.options.evaluate(() => document.querySelectorAll('tr.answer[data-flow="checkout-reassurance"]').length);
    await ctx.options.waitFor('#answers');
    assert.equal(await answersListed(), 0);
    await answerWith('delivery');
    // The Answers list, open in the options page since before the visit, shows it without a reload.
    await ctx.options.waitForFunction(
      () => document.querySelectorAll('tr.answer[data-flow="checkout-reassurance"]').length === 1,
    );
    await answerWith('returns');
    await ctx.options.waitForFunction(
      () => document.querySelectorAll('tr.answer[data-flow="checkout-reassurance"]').length === 2,
    );
    assert.equal(await answersListed(), 2);
    {
      const { page } = await visit(); // seen, never opened: the visitor goes on elsewhere
      await page.close();
    }
    {
      const { page, overlay } = await visit();
      await overlay.click('.pill');
      await steady(overlay, '.reply[data-reply="delivery"]');
      await overlay.click('.close');
      await page.waitForFunction((sel) => !document.querySelector(sel), HOST);
      await page.close();
    }

    // The background's numbers first (the page draws these).
    const stats = await ask<FlowStats>(ctx.options, 'stats/flow', { flowId: FLOW });
    assert.deepEqual(
      {
        shown: stats.shown,
        opened: stats.opened,
        completed: stats.completed,
        dismissed: stats.dismissed,
        wouldShow: stats.wouldShow,
      },
      { shown: 4, opened: 3, completed: 2, dismissed: 1, wouldShow: 4 },
    );
    const ask0 = stats.answers.find((a) => a.nodeId === 'ask');
    assert.deepEqual(Object.fromEntries(ask0!.replies.map((r) => [r.replyId, r.count])), { delivery: 1, returns: 1 });
    assert.deepEqual(
      stats.funnel.find((f) => f.nodeId === 'ask'),
      { nodeId: 'ask', question: QUESTION, answered: 2, droppedHere: 1 },
    );

    // The Results view opens on every flow; its headings sort the rows, from the keyboard too.
    await ctx.options.evaluate(() => void (location.hash = '#results'));
    await ctx.options.waitFor('#results-overview tr[data-flow="checkout-reassurance"]');
    const row = await ctx.options.evaluate(() =>
      [...document.querySelectorAll('#results-overview tr[data-flow="checkout-reassurance"] > *')].map(
        (c) => c.textContent?.replace(/\s+/g, '') ?? '',
      ),
    );
    assert.deepEqual(row, ['Reassurancebeforecheckout', '4', '3', '2', '50%']);
    const firstFlow = () =>
      ctx.options.evaluate(() => document.querySelector('#results-overview tbody tr')?.getAttribute('data-flow'));
    assert.equal(await firstFlow(), 'checkout-reassurance', 'sorted by "shown", most first');
    await ctx.options.evaluate(() => document.querySelector<HTMLElement>('#sort-shown')?.focus());
    await ctx.options.press('Enter');
    await ctx.options.waitForFunction(
      () => document.querySelector('#results-overview th[aria-sort="ascending"] #sort-shown') !== null,
    );
    assert.notEqual(await firstFlow(), 'checkout-reassurance', 'Enter on the heading turned the order around');

    // Then the flow's own page, from the overview's link.
    await ctx.options.click('#results-overview tr[data-flow="checkout-reassurance"] a');
    await ctx.options.waitFor('#kpi-shown');
    await ctx.options.waitForFunction(
      () => document.querySelector<HTMLSelectElement>('#results-flow')?.value === 'checkout-reassurance',
    );
    // No named inner functions in evaluate (tsx would wrap them in a helper the page lacks).
    const shown = await ctx.options.evaluate(() => {
      const [shown, opened, completed, dismissed, rate, would] = [
        '#kpi-shown',
        '#kpi-opened',
        '#kpi-completed',
        '#kpi-dismissed',
        '#kpi-rate',
        '#kpi-would',
      ].map((id) => document.querySelector(id)?.textContent?.trim() ?? '');
      return {
        shown,
        opened,
        completed,
        dismissed,
        rate,
        would,
        funnel: document.querySelector('svg.funnel')?.getAttribute('aria-label') ?? '',
        answers: document.querySelector('svg.answers')?.getAttribute('aria-label') ?? '',
      };
    });
    assert.deepEqual(
      { ...shown, rate: (shown.rate ?? '').replace(/\s/g, '') },
      {
        shown: '4',
        opened: '3',
        completed: '2',
        dismissed: '1',
        rate: '50%',
        would: '4',
        funnel: `${QUESTION}: 2`,
        answers: 'Delivery time: 1, Returns: 1',
      },
    );
    // Each chart has its numbers as a table too.
    assert.deepEqual(
      await ctx.options.evaluate(() =>
        [...document.querySelectorAll('#table-funnel tbody tr')].map((tr) =>
          [...tr.children].map((c) => c.textContent?.trim()),
        ),
      ),
      [[QUESTION, '2', '1']],
    );

    // The per-conversation export: one row per visit, oldest first, read back from the file.
    await captureDownloads(ctx.options);
    await ctx.options.click('#results-export-csv');
    const csv = await downloaded(ctx.options, 1);
    assert.match(csv.name, /^tact-checkout-reassurance-conversations-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    assert.ok(csv.bom, 'UTF-8 with a byte-order mark');
    const [header, ...rows] = parseCsv(csv.text);
    assert.deepEqual(header, ['Started at', 'Page', QUESTION, 'Tags', 'Outcome']);
    const page = ctx.url(FIXTURE);
    assert.deepEqual(
      rows.map((r) => r.slice(1)),
      [
        [page, 'Delivery time', 'worry-delivery', 'completed'],
        [page, 'Returns', 'worry-returns', 'completed'],
        [page, '', '', 'open'],
        [page, '', '', 'dismissed'],
      ],
    );
    for (const r of rows) assert.match(r[0]!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });
});
