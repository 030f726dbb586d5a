/**
 * Benchmark: time from exit intent to the overlay visible on the page, in Chromium, with the
 * built extension (run `npm run build` first). Also splits the time into the decision (signal →
 * frame created) and the cost of the isolated frame (frame navigation → visible), and prints the
 * sizes of the always-on content script and of the overlay code.
 *
 *   npm run bench:overlay [-- --runs 20 --page /shop/trail-pack-28.html]
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { startDemoServer } from '../scripts/demo-server.mjs';
import { ask, exitIntent, launch, ROOT, sleep, waitForPageView } from '../e2e/harness/index.ts';
import { DEFAULT_RULES } from '../src/core/flows/default-pack.ts';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const runs = Number(opt('runs', '20'));
const pagePath = opt('page', '/shop/trail-pack-28.html');

function sizes(files: string[]): { raw: number; gzip: number } {
  const buf = Buffer.concat(files.map((f) => fs.readFileSync(path.join(ROOT, 'dist', 'chrome', f))));
  return { raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const content = sizes(['content.js']);
const overlay = sizes(['overlay.js', 'overlay.css', 'overlay.html']);
console.log('Code size (dist/chrome, gzip -9):');
console.log(
  `  always-on content script  content.js                         ${content.raw} B raw, ${content.gzip} B gzip`,
);
console.log(
  `  overlay (loaded on show)  overlay.js + overlay.css + .html   ${overlay.raw} B raw, ${overlay.gzip} B gzip`,
);

const server = await startDemoServer();
const browser = await launch('chromium');
try {
  const probe = await browser.openExtensionPage('options.html');
  const exitRule = DEFAULT_RULES.find((r) => r.id === 'exit-anywhere')!;
  await ask(probe, 'rules/save', { rule: { ...exitRule, frequency: { every: 'page-view' } } });
  await ask(probe, 'settings/set', { maxPerSitePerDay: 1000, maxPerDay: 1000 });
  const page = await browser.newPage();
  const url = `${server.origin}${pagePath}`;
  const total: number[] = [];
  const decision: number[] = [];
  const frame: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const since = Date.now();
    await page.goto(url);
    await waitForPageView(probe, url, since);
    await page.bringToFront();
    // Page-side clock: when the last exit move arrived, and when the overlay host became visible.
    await page.evaluate(() => {
      const w = window as unknown as { __bench: { exitAt?: number; visibleAt?: number } };
      w.__bench = {};
      addEventListener(
        'mousemove',
        (e) => {
          if (e.clientY <= 8) w.__bench.exitAt ??= performance.timeOrigin + performance.now();
        },
        { capture: true, passive: true },
      );
      // The host turns visible (an inline style change) when the overlay has rendered and sized itself.
      new MutationObserver(() => {
        const host = document.querySelector<HTMLElement>(':root > div[popover="manual"]');
        if (host && !w.__bench.visibleAt && host.style.getPropertyValue('visibility') === 'visible')
          w.__bench.visibleAt = performance.timeOrigin + performance.now();
      }).observe(document.documentElement, {
        attributes: true,
        subtree: true,
        childList: true,
        attributeFilter: ['style'],
      });
    });
    await exitIntent(page);
    const t = await page.waitForFunction<{ exitAt?: number; visibleAt?: number } | null>(() => {
      const b = (window as unknown as { __bench: { exitAt?: number; visibleAt?: number } }).__bench;
      return b.visibleAt && b.exitAt ? b : null;
    });
    const o = await page.overlay();
    const frameStart = await o.evaluate(() => performance.timeOrigin);
    if (i === 0 || !t) continue; // the first frame of a browser session pays one-time start-up costs
    total.push(t.visibleAt! - t.exitAt!);
    decision.push(frameStart - t.exitAt!);
    frame.push(t.visibleAt! - frameStart);
    await sleep(50);
  }
  const f = (xs: number[]) =>
    `median ${median(xs).toFixed(1)} ms   p90 ${pct(xs, 90).toFixed(1)} ms   min ${Math.min(...xs).toFixed(1)} ms   max ${Math.max(...xs).toFixed(1)} ms`;
  console.log(`\nExit intent → overlay visible, Chromium, ${runs} runs on ${pagePath} (first run discarded):`);
  console.log(`  total                               ${f(total)}`);
  console.log(`  signal → decision → frame created   ${f(decision)}`);
  console.log(`  isolated frame: load → visible      ${f(frame)}`);
  console.log(
    `  share of the total spent loading the isolated frame: ${((median(frame) / median(total)) * 100).toFixed(0)} %`,
  );
} finally {
  await browser.close();
  await server.close();
}
