/**
 * Journey: a flow learns from a visitor's own words. On the demo shop a visitor answers the
 * "what were you looking for?" question with words it does not understand and gets the fallback
 * step; the marketer finds the answer under the flow's results ("Answers to learn from"), picks an
 * intent from the keyboard and teaches it (Undo puts the flow back; it is taught again); the next
 * visitor who writes the same words is routed to that intent's step at once. The answer's words
 * stay in the extension: the page never sees them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, exitIntent, waitUntil, type TactFrame } from '../harness/index.ts';
import { journey, NO_BACKOFF, NO_BUDGET } from '../harness/journey.ts';
import type { Rule } from '../../src/core/rules/rule-model.ts';
import type { Flow } from '../../src/core/flows/flow-model.ts';

const PAGE = '/shop/fjord-22.html';
const FLOW = 'looking-for';
/** Words none of the question's intents knows (checked: no intent, the fallback step). */
const SAID = 'Do you sell gift cards?';

const rule: Rule = {
  id: 'e2e-learning',
  version: 2,
  name: 'e2e: ask on exit',
  enabled: true,
  shadow: false,
  trigger: { signal: 'exit-intent' },
  conditions: [{ kind: 'url', match: 'prefix', pattern: '/shop/' }],
  flowId: FLOW,
  entry: 'panel',
  priority: 100,
  frequency: { every: 'page-view' },
};

/** The bot's last line once it has finished typing and waits (or has ended). */
async function lastLineAfter(overlay: TactFrame, before: number): Promise<string> {
  return waitUntil(
    async () => {
      const state = await overlay.evaluate(() => ({
        typing: document.querySelector('.typing') !== null,
        lines: [...document.querySelectorAll('.bubble.bot:not(.typing)')].map((b) => {
          const prefix = b.querySelector('.visually-hidden')?.textContent ?? '';
          return (b.textContent ?? '').slice(prefix.length).replace(/\s+/g, ' ').trim();
        }),
      }));
      return !state.typing && state.lines.length > before ? state.lines.at(-1)! : null;
    },
    10_000,
    'the bot to answer',
  );
}

const setup = { settings: { ...NO_BUDGET, ...NO_BACKOFF }, rules: [rule], optionsPage: true, freshTabs: true };

journey('learning from free-text answers', setup, (ctx) => {
  /** A visitor on the shop answers the question with `text`; returns the bot's reply. */
  async function visitorSays(text: string): Promise<string> {
    const page = await ctx.visit(PAGE);
    await exitIntent(page);
    const overlay = await page.overlay();
    await overlay.waitFor('input[name="answer"]');
    const before = await overlay.evaluate(() => document.querySelectorAll('.bubble.bot:not(.typing)').length);
    await overlay.click('input[name="answer"]');
    await page.type(text);
    await page.press('Enter');
    const reply = await lastLineAfter(overlay, before);
    assert.equal(
      await page.evaluate((said) => document.documentElement.outerHTML.includes(said), text),
      false,
      'the page never sees what the visitor typed',
    );
    return reply;
  }

  /** Whether the stored flow's question has `text` among the English examples of "human". */
  async function humanExamplesInclude(text: string): Promise<boolean> {
    const { flows } = await ask<{ flows: Flow[] }>(ctx.options, 'workspace/get', null);
    const node = Object.values(flows.find((f) => f.id === FLOW)!.nodes).find(
      (n) => n.type === 'input' && n.match,
    ) as Extract<Flow['nodes'][string], { type: 'input' }>;
    return node.match!.intents.human?.en?.includes(text) ?? false;
  }

  test('words the flow does not know take the fallback step', async () => {
    assert.equal(await visitorSays(SAID), 'Thank you, noted. It helps us improve the shop.');
  });

  test('the marketer sees the answer, teaches it to an intent from the keyboard, and it leaves the list', async () => {
    const o = ctx.options;
    await o.evaluate((flow) => void (location.hash = `#results?flow=${flow}`), FLOW);
    await o.waitFor('#learn form.learn-group');
    const listed = await o.evaluate(() =>
      [...document.querySelectorAll('#learn form.learn-group')].map((f) => ({
        texts: [...f.querySelectorAll('.learn-text')].map((s) => s.textContent),
        count: f.getAttribute('data-count'),
        badge: f.querySelector('.badge')?.textContent?.trim(),
      })),
    );
    assert.deepEqual(listed, [{ texts: [SAID], count: '1', badge: 'not understood' }]);

    // Keyboard only: focus the intent list, type to pick "human", Tab to Teach, Enter.
    await o.evaluate(() => document.querySelector<HTMLSelectElement>('#learn select[name="intent"]')!.focus());
    await o.press('h');
    assert.equal(
      await o.evaluate(() => document.querySelector<HTMLSelectElement>('#learn select[name="intent"]')!.value),
      'human',
    );
    await o.press('Tab');
    assert.equal(await o.evaluate(() => document.activeElement?.textContent?.trim()), 'Teach');
    await o.press('Enter');

    await o.waitFor('#learn-empty');
    const toast = await o.evaluate(() => document.querySelector('#ws-toast-text')?.textContent ?? '');
    assert.match(toast, /1 answer is now an example of “human”/);
    assert.equal(await humanExamplesInclude(SAID), true, 'saved as an example of the intent');

    // Undo puts the flow back and the answer in the list; then it is taught again, by mouse.
    await o.click('#ws-undo');
    await o.waitFor('#learn form.learn-group');
    assert.equal(await humanExamplesInclude(SAID), false, 'undone');
    await o.evaluate(() => {
      const select = document.querySelector<HTMLSelectElement>('#learn select[name="intent"]')!;
      select.value = 'human';
    });
    await o.click('#learn form.learn-group button[type="submit"]');
    await o.waitFor('#learn-empty');
    assert.equal(await humanExamplesInclude(SAID), true, 'taught again');
  });

  test('a visitor who writes the same words is now routed to that intent', async () => {
    assert.equal(await visitorSays(SAID), 'Our team answers by email within a working day.');
  });
});
