/**
 * Journey: a marketer's results are exact. Scripted visits, played with real input on a fixture
 * page, meet a pill conversation (the checkout-reassurance flow) started by exit intent, with a
 * shadow-mode rule for the same flow beside it. The options page, open all along, lists each new
 * answer as it arrives (no reload). Then the Results view must show exactly what was played: the
 * overview of every flow (sortable from the keyboard), and for the flow shown, opened, completed,
 * dismissed, the completion rate, "would have shown", the answers to the question and the steps
 * named by their question, with a table view; the per-conversation export, read back from the
 * file the page offers, has one row per visit with its answer and outcome. The flow's persona types
 * at once here (`typingCps` 0, which a marketer can choose in the editor): what is counted is the
 * same, and its pause before each bot line was most of the wait for the next step
 * (conversation-accessibility plays that pause).
 *
 * Then a marketer's A/B test on the demo shop. A rule splits visitors between two flows (the exit
 * question and the greeter) and counts two goals (a click on "Add to cart", a visit to the
 * checkout). The visitor gets one variant, answers it, and after a reload gets the same one again
 * (sticky); they click "Add to cart" and reach the checkout; the options page's Results show the
 * Variants tables with the exposure and the conversions in the variant they saw, and nothing in
 * the other. With `TACT_SCREENSHOTS=1` a screenshot of the results view goes to .tmp/ (not
 * committed). The A/B rule is saved after the scripted visits (it is for the whole demo shop, the
 * fixture page too, at a higher priority). (That was a journey of its own, and paid two browser
 * launches of its own for the same set-up.)
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ask,
  captureDownloads,
  downloaded,
  exitIntent,
  readStore,
  screenshotForReview,
  waitForPageView,
  waitUntil,
  type TactFrame,
  type TactPage,
} from '../harness/index.ts';
import { parseCsv } from '../../src/core/test-support/csv-reader.ts';
import { steady, typingAtOnce } from '../harness/conversation.ts';
import { choose, go, retype } from '../harness/forms.ts';
import { DEMO_SHOP_CONDITION } from '../../src/core/rules/demo-shop.ts';
import type { ExperimentResults } from '../../src/core/experiments/experiment-log.ts';
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

const AB_RULE: Rule = {
  id: 'e2e-ab-exit',
  version: 2,
  name: 'Exit: question or greeting',
  enabled: true,
  shadow: false,
  trigger: { signal: 'exit-intent' },
  conditions: [DEMO_SHOP_CONDITION],
  variants: [
    { id: 'question', flowId: 'exit-offer', weight: 1 },
    { id: 'greeting', flowId: 'greeter', weight: 1 },
  ],
  goals: [
    { id: 'cart', kind: 'click', selector: '#add-to-cart', withinDays: 7 },
    { id: 'checkout', kind: 'url', match: 'prefix', pattern: '/checkout.html', withinDays: 7 },
  ],
  entry: 'panel',
  priority: 1000,
  frequency: { every: 'page-view' },
};

const PRODUCT = '/shop/trail-pack-28.html';

/** The variant of the conversation shown last, read from the store. */
async function lastVariant(probe: Parameters<typeof readStore>[0]): Promise<string | undefined> {
  const convs = await readStore<{ ruleId: string; variantId?: string; startedAt: number }>(probe, 'conversations');
  return convs.filter((c) => c.ruleId === AB_RULE.id).sort((a, b) => b.startedAt - a.startedAt)[0]?.variantId;
}

/** Answers with the first reply, which ends both flows, and closes with Done. */
async function answerToTheEnd(overlay: TactFrame): Promise<void> {
  await steady(overlay, '.reply:not([disabled])');
  await overlay.click('.reply');
  await steady(overlay, '.done');
  await overlay.click('.done');
}

const setup = {
  settings: { ...NO_BUDGET, ...NO_BACKOFF },
  rules: [rule('e2e-results-live', false, 100), rule('e2e-results-shadow', true, 99)],
  optionsPage: true,
  freshTabs: true,
};

journey('results are exact after scripted visits', setup, (ctx) => {
  before(() => typingAtOnce(ctx.options, FLOW));

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

  describe('A/B variants', () => {
    before(async () => {
      await ask<Rule>(ctx.options, 'rules/save', { rule: AB_RULE });
    });

    test('the visitor gets one variant, the same after a reload; goals count; the Variants table shows it', async () => {
      const page = await ctx.visit(PRODUCT);
      await exitIntent(page);
      const first = await page.overlay();
      const variant = await waitUntil(() => lastVariant(ctx.options), 10_000, 'the conversation of the A/B rule');
      assert.ok(variant === 'question' || variant === 'greeting', `variant ${variant}`);
      const opening = await first.evaluate(() => document.querySelector('.bubble.bot')?.textContent?.trim() ?? '');
      await answerToTheEnd(first);
      await page.waitForFunction(() => !document.querySelector(':root > div[popover="manual"]'));

      // Sticky: after a reload, the same variant again.
      const since = Date.now();
      await page.reload();
      // The reloaded page says hello and arms at the visitor's first sign of presence.
      await waitForPageView(ctx.options, ctx.url(PRODUCT), since);
      await exitIntent(page);
      const again = await page.overlay();
      await steady(again, '.reply:not([disabled])');
      assert.equal(
        await again.evaluate(() => document.querySelector('.bubble.bot')?.textContent?.trim() ?? ''),
        opening,
        'the same flow after the reload',
      );
      assert.equal(await lastVariant(ctx.options), variant);
      await again.click('.close');
      await page.waitForFunction(() => !document.querySelector(':root > div[popover="manual"]'));

      // The goals: a click on "Add to cart" (the content script watches it since this page view's
      // hello), then the checkout page.
      await page.click('#add-to-cart');
      await ctx.visit('/checkout.html');
      const other = variant === 'question' ? 'greeting' : 'question';
      const counts = (r: ExperimentResults, goal: string) =>
        Object.fromEntries(
          r.goals
            .find((g) => g.goal.id === goal)!
            .report.variants.map((v) => [v.variantId, [v.exposures, v.conversions]]),
        );
      const results = await waitUntil(
        async () => {
          const all = await ask<ExperimentResults[]>(ctx.options, 'experiments/results', {});
          const mine = all.find((r) => r.ruleId === AB_RULE.id);
          return mine && counts(mine, 'cart')[variant]?.[1] === 1 && counts(mine, 'checkout')[variant]?.[1] === 1
            ? mine
            : undefined;
        },
        10_000,
        'both goals counted',
      );
      assert.deepEqual(counts(results, 'cart'), { [variant]: [1, 1], [other]: [0, 0] });
      assert.deepEqual(counts(results, 'checkout'), { [variant]: [1, 1], [other]: [0, 0] });

      // The options page: Results, the Variants tables.
      await ctx.options.goto(`${ctx.browser.extensionBase}options.html#results`);
      await ctx.options.waitFor(`#ab-${AB_RULE.id} table.ab-variants`);
      const tables = await ctx.options.evaluate(
        (id) =>
          [...document.querySelectorAll(`#ab-${id} table.ab-variants`)].map((t) => ({
            goal: t.getAttribute('data-goal'),
            rows: [...t.querySelectorAll('tbody tr')].map((r) => [
              r.getAttribute('data-variant'),
              r.querySelector('.ab-exposures')?.textContent?.trim(),
              r.querySelector('.ab-conversions')?.textContent?.trim(),
            ]),
          })),
        AB_RULE.id,
      );
      const row = (goal: string): Record<string, (string | null | undefined)[]> =>
        Object.fromEntries(tables.find((t) => t.goal === goal)!.rows.map(([v, e, c]) => [String(v), [e, c]]));
      assert.deepEqual(row('cart'), { [variant]: ['1', '1'], [other]: ['0', '0'] });
      assert.deepEqual(row('checkout'), { [variant]: ['1', '1'], [other]: ['0', '0'] });
      const heading = await ctx.options.evaluate(
        (id) => document.querySelector(`#ab-${id}-h`)?.textContent?.trim(),
        AB_RULE.id,
      );
      assert.equal(heading, `A/B test: ${AB_RULE.name}`);
      await ctx.options.evaluate(() => document.querySelector('#ab-results')?.scrollIntoView());
      await screenshotForReview(ctx.options, `ab-results-${ctx.kind}`);
    });

    test('the rule editor sets up an A/B test from the keyboard: a flow against the hold-out, a click goal', async () => {
      const page = ctx.options;
      await go(page, '#rule/new?flow=greeter', '#rf-ab-on');
      await page.evaluate(() => document.querySelector<HTMLElement>('#rf-ab-on')!.focus());
      // ' ', not 'Space': Firefox's WebDriver BiDi keyboard in puppeteer knows no key named 'Space'
      // (it throws "Unknown key"); the character is a space press in both drivers.
      await page.press(' ');
      await page.waitFor('#rf-variants-1-flowId');
      await choose(page, '#rf-variants-1-flowId', 'hold out');
      // Each variant says its number once, in its heading with what it shows; its fields' labels do
      // not repeat it, their names do ("Variant 1: id" stood before every field).
      await page.waitForFunction(() =>
        /hold-out/.test(document.querySelectorAll('.ab-form-variants h3')[1]?.textContent ?? ''),
      );
      assert.deepEqual(
        await page.evaluate(() =>
          [...document.querySelectorAll('.ab-form-variants > li')].map((li) => [
            li.querySelector('h3')?.textContent?.replace(/\s+/g, ' ').trim(),
            [...li.querySelectorAll('label')].map((l) => l.textContent?.trim()),
            [...li.querySelectorAll('input, select')].map((c) => c.getAttribute('aria-label')),
          ]),
        ),
        [1, 2].map((n) => [
          n === 1 ? 'Variant 1: Greeter with one question' : 'Variant 2: hold-out (nothing shown)',
          ['Id', 'Shows', 'Weight'],
          [`Variant ${n}: id`, `Variant ${n}: shows`, `Variant ${n}: weight`],
        ]),
      );
      await choose(page, '#rf-ab-goal-kind', 'click');
      await page.evaluate(() => document.querySelector<HTMLElement>('#rf-ab-add-goal')!.focus());
      await page.press('Enter');
      await page.waitFor('#rf-goals-1-selector');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'rf-goals-1-id', 'the new goal is focused');
      await retype(page, '#rf-goals-1-selector', '#add-to-cart');
      await page.evaluate(() => document.querySelector<HTMLElement>('#rf-save')!.focus());
      await page.press('Enter');
      const saved = await waitUntil(
        async () =>
          (await readStore<Rule>(page, 'rules')).find(
            (r) => r.variants?.[1]?.flowId === null && r.goals?.some((g) => g.kind === 'click'),
          ),
        10_000,
        'the A/B rule saved',
      );
      assert.equal(saved.flowId, undefined);
      assert.deepEqual(
        saved.variants?.map((x) => x.flowId),
        ['greeter', null],
      );
      assert.deepEqual(
        saved.goals?.map((g) => g.kind),
        ['flow-completed', 'click'],
      );
    });
  });
});
