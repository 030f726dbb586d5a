/** Chromium through Playwright: a persistent context with the unpacked extension loaded. */
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LaunchOptions, TactBrowser, TactFrame, TactLayer, TactPage } from './types.ts';
import { DIST, OVERLAY_READY, READ_TACT_LAYER, waitUntil, WELCOME_TIMEOUT_MS, welcomeUrl } from './common.ts';

export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

/** Flags every Chromium that Tact's tests and benchmarks launch uses: quiet, no sandbox (root in CI), no GPU. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Flags that load the unpacked extension in `dir`, and no other. */
export const extensionFlags = (dir: string) => [`--disable-extensions-except=${dir}`, `--load-extension=${dir}`];

/** The base URL of the extension loaded in `context` (`chrome-extension://<id>/`): the host of its service worker. */
export async function extensionBaseOf(context: BrowserContext): Promise<string> {
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 15_000 });
  return `chrome-extension://${new URL(worker.url()).host}/`;
}

/**
 * Waits until the overlay's host stops moving on the page. The host is anchored at the bottom, so
 * a panel that grows (a new line, the why view) moves everything in it up a few milliseconds after
 * the frame's own layout settled: Playwright's stability check looks inside the frame only, and a
 * click aimed before the move landed beside its button (a rare flake, both in CI and here).
 */
async function hostAtRest(frame: Frame): Promise<void> {
  const owner = await frame.frameElement();
  let last = '';
  let same = 0;
  const deadline = Date.now() + 3000;
  while (same < 3 && Date.now() < deadline) {
    const box = JSON.stringify(await owner.boundingBox());
    same = box === last ? same + 1 : 0;
    last = box;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function wrapFrame(frame: Frame, isOverlay = false): TactFrame {
  return {
    evaluate: (fn, arg) => frame.evaluate(fn as never, arg) as never,
    click: async (selector) => {
      const target = frame.locator(selector).first();
      if (isOverlay) {
        await target.waitFor({ state: 'visible', timeout: 10_000 });
        await hostAtRest(frame);
      }
      await target.click({ timeout: 10_000 });
    },
    waitFor: async (selector, timeoutMs = 10_000) => {
      await frame.locator(selector).first().waitFor({ state: 'attached', timeout: timeoutMs });
    },
    url: () => frame.url(),
    uploadFile: async (selector, filePath) => {
      await frame.locator(selector).first().setInputFiles(filePath);
    },
  };
}

/** `TactPage.tactLayer` over CDP: `DOM.getDocument` with `pierce` lists closed shadow roots too. */
async function tactLayer(page: Page): Promise<TactLayer> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: 2, pierce: true });
    const html = root.children?.find((n) => n.nodeName === 'HTML');
    const closed = (html?.children ?? [])
      .flatMap((n) => n.shadowRoots ?? [])
      .filter((r) => r.shadowRootType === 'closed');
    if (!closed.length) return await page.evaluate(`(${READ_TACT_LAYER})([])`);
    const objects = await Promise.all(
      closed.map((r) => cdp.send('DOM.resolveNode', { backendNodeId: r.backendNodeId })),
    );
    const { result } = await cdp.send('Runtime.callFunctionOn', {
      functionDeclaration: `function (...roots) { return (${READ_TACT_LAYER})(roots); }`,
      objectId: objects[0]!.object.objectId!,
      arguments: objects.map((o) => ({ objectId: o.object.objectId! })),
      returnByValue: true,
    });
    return result.value as TactLayer;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

function wrapPage(page: Page): TactPage {
  const main = wrapFrame(page.mainFrame());
  const overlayFrame = () => page.frames().find((f) => f.url().includes('/overlay.html')) ?? null;
  return {
    ...main,
    goto: async (url) => {
      await page.goto(url);
    },
    bringToFront: () => page.bringToFront(),
    reload: async () => {
      await page.reload();
    },
    waitForFunction: async (fn, arg, timeoutMs = 10_000) =>
      (await page.waitForFunction(fn as never, arg, { timeout: timeoutMs })).jsonValue() as never,
    mouseMove: (x, y, steps = 1) => page.mouse.move(x, y, { steps }),
    leaveViewport: async (x, y) => {
      await page.mouse.move(x, y, { steps: 2 }); // CDP moves the pointer past the viewport's edge
      await page.waitForFunction(() => !document.documentElement.matches(':hover'));
    },
    wheel: (deltaY) => page.mouse.wheel(0, deltaY),
    press: (key) => page.keyboard.press(key),
    keyDown: (key) => page.keyboard.down(key),
    keyUp: (key) => page.keyboard.up(key),
    type: (text) => page.keyboard.type(text),
    overlay: async (timeoutMs = 10_000) => {
      const frame = await waitUntil(() => overlayFrame(), timeoutMs, 'the overlay frame to appear');
      await frame.waitForSelector(OVERLAY_READY, { state: 'attached', timeout: timeoutMs });
      return wrapFrame(frame, true);
    },
    overlayNow: async () => {
      const f = overlayFrame();
      return f ? wrapFrame(f, true) : null;
    },
    tactLayer: () => tactLayer(page),
    screenshot: async (file) => {
      await page.screenshot({ path: file });
    },
    setViewport: (width, height) => page.setViewportSize({ width, height }),
    emulateMedia: (media) => page.emulateMedia(media),
    close: () => page.close(),
    isClosed: () => page.isClosed(),
  };
}

export async function launchChromium(options: LaunchOptions = {}): Promise<TactBrowser> {
  const ext = path.join(DIST, 'chrome');
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tact-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROME_PATH,
    headless: true,
    viewport: { width: 1280, height: 800 },
    ...(options.language ? { locale: options.language } : {}),
    args: [
      ...(options.withoutExtension ? [] : extensionFlags(ext)),
      ...CHROMIUM_FLAGS,
      ...(options.language ? [`--lang=${options.language}`] : []),
    ],
  });
  const extensionBase = options.withoutExtension ? '' : await extensionBaseOf(context);
  const firstPage = context.pages()[0];
  let welcome: TactPage | null = null;
  let welcomeTab: Page | undefined;
  if (!options.withoutExtension) {
    // The install opens the welcome view in a tab of its own (background.ts).
    welcomeTab = await waitUntil(
      () => context.pages().find((p) => p.url() === welcomeUrl(extensionBase)),
      WELCOME_TIMEOUT_MS,
      'the welcome view opened on install',
    );
    welcome = wrapPage(welcomeTab); // `launch` reads the registration from it, then closes it unless kept
  }

  return {
    kind: 'chromium',
    extensionBase,
    concurrentInput: true,
    welcome,
    async newPage(url) {
      const page = await context.newPage();
      if (url) await page.goto(url);
      return wrapPage(page);
    },
    async openExtensionPage(p, inWelcomeTab = false) {
      if (!extensionBase) throw new Error('this browser was launched without the extension');
      if (inWelcomeTab && (!welcomeTab || welcomeTab.isClosed())) throw new Error('the welcome view is not open');
      const page = inWelcomeTab ? welcomeTab! : await context.newPage();
      if (inWelcomeTab) welcomeTab = undefined;
      await page.goto(extensionBase + p);
      return wrapPage(page);
    },
    async stopBackground() {
      // Playwright often misses a stopped worker; watch the CDP status instead (see shared harness notes).
      const page = firstPage ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      try {
        const stopped = new Promise<void>((resolve) => {
          cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
            const ours = e.versions.filter((v) => v.scriptURL.startsWith(extensionBase));
            if (ours.length && ours.every((v) => v.runningStatus === 'stopped')) resolve();
          });
        });
        await cdp.send('ServiceWorker.enable');
        await cdp.send('ServiceWorker.stopAllWorkers');
        await Promise.race([
          stopped,
          new Promise((_, reject) => setTimeout(() => reject(new Error('service worker did not stop')), 10_000)),
        ]);
      } finally {
        await cdp.detach().catch(() => {});
      }
    },
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
