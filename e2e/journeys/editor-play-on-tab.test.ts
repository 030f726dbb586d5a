/**
 * Journey: from the flow editor, a marketer plays the saved flow on a web page open in another
 * tab. The editor offers that tab, refuses while there are unsaved changes (a web page plays the
 * saved flow), and once saved, the real overlay opens on the page, marked as a preview, with the
 * saved text; its events are flagged and never counted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask } from '../harness/index.ts';
import { journey } from '../harness/journey.ts';
import type { TactEvent } from '../../src/core/results/event-model.ts';
import type { FlowStats } from '../../src/core/results/flow-stats.ts';

const FLOW = 'checkout-reassurance';
const TEXT = 'Any question before you pay, from the editor?';

journey('flow editor plays the saved flow on an open tab', {}, (ctx) => {
  test('unsaved: refused with the reason; saved: the overlay opens on the tab, marked preview', async () => {
    const editor = await ctx.browser.openExtensionPage(`options.html#flow/${FLOW}`);
    const page = await ctx.visit('/fixtures/plain.html', editor);

    await editor.bringToFront();
    await editor.waitFor('#f-flow-nodes-ask-text');
    await editor.click('#tab-preview-refresh');
    await editor.waitForFunction(
      () =>
        document.querySelector<HTMLSelectElement>('#tab-preview-select')?.selectedOptions[0]?.textContent ===
        'Plain fixture',
    );

    // An unsaved change: the page would not play it, so the editor says so and does not offer it.
    await editor.click('#f-flow-nodes-ask-text');
    await editor.evaluate(() => (document.querySelector('#f-flow-nodes-ask-text') as HTMLInputElement).select());
    await editor.type(TEXT);
    await editor.waitFor('#tab-preview-blocked');
    assert.equal(
      await editor.evaluate(() => (document.querySelector('#tab-preview-play') as HTMLButtonElement).disabled),
      true,
    );

    await editor.click('#editor-save');
    await editor.waitForFunction(
      () => !document.querySelector('#editor-dirty') && !document.querySelector('#tab-preview-blocked'),
    );
    await editor.click('#tab-preview-play');
    await editor.waitFor('#tab-preview-status');

    const overlay = await page.overlay();
    await overlay.waitFor('.reply');
    const seen = await overlay.evaluate(() => ({
      preview: document.querySelector('.preview-badge') !== null,
      text: document.body.textContent ?? '',
    }));
    assert.ok(seen.preview, 'the overlay is marked as a preview');
    assert.ok(seen.text.includes(TEXT), 'the page plays the saved text');

    const events = await ask<TactEvent[]>(editor, 'events/list', { flowId: FLOW, limit: 10 });
    assert.ok(events.length > 0 && events.every((e) => e.preview === true), 'every event of the preview is flagged');
    const stats = await ask<FlowStats>(editor, 'stats/flow', { flowId: FLOW });
    assert.equal(stats.shown, 0, 'previews are never counted in results');
  });
});
