/**
 * Journey: the marketer's flows are protected from eviction. Tact holds `unlimitedStorage`; the
 * Settings view asks the browser to keep Tact's storage persistent and says, in the page's
 * language, what the browser answered and how much Tact uses.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BROWSERS, launch, type TactBrowser } from '../harness/index.ts';

for (const kind of BROWSERS) {
  describe(`flows protected from eviction [${kind}]`, () => {
    let browser: TactBrowser;

    before(async () => {
      browser = await launch(kind);
    });
    after(async () => {
      await browser?.close();
    });

    test('Settings says how the flows are kept, matching what the browser reports', async () => {
      const options = await browser.openExtensionPage('options.html#settings');
      await options.waitFor('#ws-storage-status');
      const shown = await options.evaluate(() => {
        const status = document.querySelector<HTMLElement>('#ws-storage-status')!;
        return {
          persisted: status.dataset.persisted,
          text: status.textContent?.trim() ?? '',
          help: document.querySelector('#ws-storage p.muted')?.textContent ?? '',
        };
      });
      const browserSays = await options.evaluate(async () => {
        const api = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
        const estimate = await navigator.storage.estimate();
        return {
          persisted: await navigator.storage.persisted(),
          quotaGb: Math.round((estimate.quota ?? 0) / 1e9),
          permission: await api.permissions.contains({ permissions: ['unlimitedStorage'] }),
        };
      });
      console.log(`[${kind}] storage:`, JSON.stringify({ ...browserSays, shown: shown.persisted }));
      assert.equal(browserSays.permission, true, 'Tact holds unlimitedStorage');
      assert.equal(shown.persisted, String(browserSays.persisted));
      assert.match(shown.help, /unlimited storage/);
      assert.match(shown.text, browserSays.persisted ? /persistent\. Tact uses [\d.,]+ MB/ : /Export your flows/);
      await options.close();
    });
  });
}
