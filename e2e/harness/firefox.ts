/** Firefox through puppeteer-core over WebDriver BiDi, with the extension installed as a temporary add-on. */
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';
import path from 'node:path';
import type { LaunchOptions, TactBrowser, TactFrame, TactPage } from './types.ts';
import { DIST, OVERLAY_READY, sleep, waitUntil, WELCOME_TIMEOUT_MS, welcomeUrl, withTimeout } from './common.ts';

const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const ADDON_ID = 'tact@tact-extension.org';
/** Pinned so the moz-extension:// host is known before install. */
const ADDON_UUID = '5b0c7c1e-2f1a-4d47-9a57-7c3d1f0e7a11';

function wrapFrame(frame: Frame): TactFrame {
  return {
    evaluate: (fn, arg) => frame.evaluate(fn as never, arg as never),
    click: async (selector) => {
      const handle = await frame.waitForSelector(selector, { timeout: 10_000 });
      await handle!.click();
    },
    waitFor: async (selector, timeoutMs = 10_000) => {
      await frame.waitForSelector(selector, { timeout: timeoutMs });
    },
    url: () => frame.url(),
    uploadFile: async (selector, filePath) => {
      const handle = (await frame.waitForSelector(selector, { timeout: 10_000 })) as unknown as {
        uploadFile(...paths: string[]): Promise<void>;
      };
      await handle.uploadFile(filePath);
    },
  };
}

function wrapPage(page: Page): TactPage {
  const main = wrapFrame(page.mainFrame());
  // Under BiDi, puppeteer never sees a subframe navigate to moz-extension:// (its url() stays
  // "about:blank"), so ask each subframe where it is.
  const overlayFrame = async (): Promise<Frame | null> => {
    for (const f of page.frames()) {
      if (f === page.mainFrame() || f.detached) continue;
      const href = await f.evaluate(() => location.href).catch(() => '');
      if (href.includes('/overlay.html')) return f;
    }
    return null;
  };
  return {
    ...main,
    goto: async (url) => {
      await page.goto(url, { waitUntil: 'load' });
    },
    bringToFront: () => page.bringToFront(),
    reload: async () => {
      await page.reload({ waitUntil: 'load' });
    },
    waitForFunction: async (fn, arg, timeoutMs = 10_000) => {
      const handle = await page.waitForFunction(
        fn as (a: unknown) => unknown,
        { timeout: timeoutMs, polling: 50 },
        arg,
      );
      return (await handle.jsonValue()) as never;
    },
    mouseMove: (x, y, steps = 1) => page.mouse.move(x, y, { steps }),
    wheel: (deltaY) => page.mouse.wheel({ deltaY }),
    press: (key) => page.keyboard.press(key as never),
    type: (text) => page.keyboard.type(text),
    overlay: async (timeoutMs = 10_000) => {
      const frame = await waitUntil(() => overlayFrame(), timeoutMs, 'the overlay frame to appear');
      await frame.waitForSelector(OVERLAY_READY, { timeout: timeoutMs });
      return wrapFrame(frame);
    },
    overlayNow: async () => {
      const f = await overlayFrame();
      return f ? wrapFrame(f) : null;
    },
    screenshot: async (file) => {
      await page.screenshot({ path: file });
    },
    setViewport: (width, height) => page.setViewport({ width, height }),
    close: () => page.close(),
    isClosed: () => page.isClosed(),
  };
}

/** Opens a moz-extension:// URL: `page.goto` never resolves for those under BiDi, so navigate and poll. */
async function gotoExtensionPage(page: Page, url: string): Promise<void> {
  const frame = page.mainFrame() as unknown as {
    browsingContext: { navigate(url: string, wait: string): Promise<unknown> };
  };
  await frame.browsingContext.navigate(url, 'none');
  await page.waitForFunction(
    (u: string) => location.href === u && document.readyState === 'complete',
    { timeout: 10_000, polling: 50 },
    url,
  );
}

export async function launchFirefox(options: LaunchOptions = {}): Promise<TactBrowser> {
  const browser: Browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    defaultViewport: { width: 1280, height: 800 },
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
      ...(options.backgroundIdleMs ? { 'extensions.background.idle.timeout': options.backgroundIdleMs } : {}),
      ...(options.language
        ? { 'intl.accept_languages': options.language, 'intl.locale.requested': options.language }
        : {}),
    },
  });
  const extensionBase = options.withoutExtension ? '' : `moz-extension://${ADDON_UUID}/`;
  let welcome: TactPage | null = null;
  if (!options.withoutExtension) {
    const id = await browser.installExtension(path.join(DIST, 'firefox'));
    if (id !== ADDON_ID) throw new Error(`installed add-on has id ${id}, expected ${ADDON_ID}`);
    // The install opens the welcome view in a tab of its own (background.ts). Under BiDi a tab's
    // url() may lag behind a moz-extension:// navigation, so ask each tab where it is.
    const welcomeTab = await waitUntil(
      async () => {
        for (const p of await browser.pages()) {
          const href = await withTimeout(
            p.evaluate(() => location.href),
            2000,
            'a tab saying where it is',
          ).catch(() => '');
          if (href === welcomeUrl(extensionBase)) return p;
        }
        return undefined;
      },
      WELCOME_TIMEOUT_MS,
      'the welcome view opened on install',
    );
    if (options.keepWelcome) welcome = wrapPage(welcomeTab);
    else await welcomeTab.close();
  }

  return {
    kind: 'firefox',
    extensionBase,
    concurrentInput: false,
    welcome,
    async newPage(url) {
      const page = await browser.newPage();
      if (url) await page.goto(url, { waitUntil: 'load' });
      return wrapPage(page);
    },
    async openExtensionPage(p) {
      if (!extensionBase) throw new Error('this browser was launched without the extension');
      const page = await browser.newPage();
      await gotoExtensionPage(page, extensionBase + p);
      const wrapped = wrapPage(page);
      return { ...wrapped, reload: () => gotoExtensionPage(page, extensionBase + p) };
    },
    async stopBackground() {
      // Firefox suspends an idle event page after `extensions.background.idle.timeout`; there is no
      // command to force it, so wait past the timeout while nothing talks to the background.
      if (!options.backgroundIdleMs) throw new Error('launch Firefox with backgroundIdleMs to stop its background');
      // Generous margin: a loaded machine delays the idle timer (seen: 4 s was not always enough).
      await sleep(options.backgroundIdleMs + 6000);
    },
    async close() {
      await browser.close();
    },
  };
}
