/**
 * Journey: what a page can learn about Tact by fetching its files. A page script on a page where
 * Tact is armed tries to fetch every file of the built extension at the extension's address (in
 * Chrome the id is fixed for a given install source, so any site can try it; in Firefox the
 * address holds a random per-profile UUID, pinned here by the harness, that a real page cannot
 * know). Only `overlay.html` answers: the content script's on-demand parts are injected by the
 * background, not fetched from web-accessible URLs. The journey prints what it found.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DIST } from '../harness/common.ts';
import { journey } from '../harness/journey.ts';

function filesUnder(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    );
}

journey('fingerprinting', { optionsPage: true }, (ctx) => {
  test('a page can fetch overlay.html and nothing else of Tact', async () => {
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
