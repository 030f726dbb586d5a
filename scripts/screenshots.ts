/**
 * Takes the README's screenshots from the real, built extension in Chromium: the options page
 * (workspace, a flow in the editor, results), the popup for a demo-shop tab after a decision,
 * and the overlay on the demo shop after an exit intent.
 *
 *   npm run build && npm run screenshots          writes docs/screenshots/*.png
 *   npm run screenshots -- --out DIR              writes them to DIR instead
 *
 * Nothing is mocked: the pages are the extension's own, fed by the default flows through the
 * background and IndexedDB, exactly as a marketer sees them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startDemoServer } from './demo-server.mjs';
import { exitIntent, launch, readStore, ROOT, sleep, waitForPageView, type TactPage } from '../e2e/harness/index.ts';
import { DIST } from '../e2e/harness/common.ts';

const outArg = process.argv.indexOf('--out');
const OUT = path.resolve(outArg > 0 ? process.argv[outArg + 1]! : path.join(ROOT, 'docs', 'screenshots'));

if (!fs.existsSync(path.join(DIST, 'chrome', 'manifest.json'))) {
  console.error(`No built extension in ${path.relative(ROOT, DIST)}/chrome: run \`npm run build\` first.`);
  process.exit(1);
}
fs.mkdirSync(OUT, { recursive: true });

const server = await startDemoServer();
const browser = await launch('chromium');
const written: string[] = [];

async function shot(page: TactPage, name: string): Promise<void> {
  await sleep(300); // let transitions and the typing pause settle
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot(file);
  written.push(path.relative(ROOT, file));
}

try {
  // The overlay on a product page, opened by a real exit intent.
  const url = `${server.origin}/shop/trail-pack-28.html`;
  const shop = await browser.newPage();
  await shop.setViewport(1280, 800);
  const options = await browser.openExtensionPage('options.html');
  const since = Date.now();
  await shop.goto(url);
  await waitForPageView(options, url, since);
  await sleep(3200); // the default minimum time on a page before Tact may speak
  await exitIntent(shop);
  const overlay = await shop.overlay(10_000);
  await overlay.waitFor('.reply, .pill');
  await shot(shop, 'overlay');

  // The popup for that tab: site switch, preview, and the decision just taken.
  const views = await readStore<{ url: string; tabId: number; startedAt: number }>(options, 'pageViews');
  const tabId = views.filter((v) => v.url === url).sort((a, b) => b.startedAt - a.startedAt)[0]!.tabId;
  const popup = await browser.openExtensionPage(`popup.html?site=${encodeURIComponent(server.origin)}&tab=${tabId}`);
  await popup.setViewport(400, 760);
  await popup.waitFor('#site-toggle');
  await popup.evaluate(() => document.querySelector('details.decision')?.setAttribute('open', ''));
  await shot(popup, 'popup');

  // The options page: the workspace, then a flow in the editor, then its results.
  await options.setViewport(1280, 900);
  await options.reload();
  await options.waitFor('main');
  await shot(options, 'options');
  const flowId = await options.evaluate(() => document.querySelector('[data-flow]')?.getAttribute('data-flow') ?? null);
  for (const [hash, name, ready] of [
    [flowId ? `#flow/${flowId}` : null, 'flow-editor', 'tact-flow-editor'],
    ['#results', 'results', 'tact-flow-results'],
  ] as const) {
    if (!hash) continue;
    await options.evaluate((h) => void (location.hash = h), hash);
    try {
      await options.waitFor(ready, 5_000);
    } catch {
      console.warn(`  ${hash}: no <${ready}> on the options page; skipped`);
      continue;
    }
    await shot(options, name);
  }
  console.log(`wrote ${written.length} screenshots:\n${written.map((f) => `  ${f}`).join('\n')}`);
} finally {
  await browser.close();
  await server.close();
}
