/** Firefox through puppeteer-core over WebDriver BiDi, with the extension installed as a temporary add-on. */
import puppeteer, {
  type Browser,
  type ElementHandle,
  type Frame,
  type LaunchOptions as LaunchOptionsOfPuppeteer,
  type Page,
} from 'puppeteer-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LaunchOptions, TactBrowser, TactFrame, TactLayer, TactPage } from './types.ts';
import { DIST, OVERLAY_READY, READ_TACT_LAYER, sleep, waitUntil, WELCOME_TIMEOUT_MS, welcomeUrl } from './common.ts';

const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const ADDON_ID = 'tact@tact-extension.org';
/** Pinned so the moz-extension:// host is known before install. */
const ADDON_UUID = '5b0c7c1e-2f1a-4d47-9a57-7c3d1f0e7a11';

/**
 * Waits (up to 2 s) until the element's box, in the top page's viewport, is the same in two looks
 * 50 ms apart. puppeteer clicks where the element was when it looked: the overlay's frame may still
 * be resizing or moving (a panel opened, a step appeared), and a click at the old point misses —
 * seen under load as a why view that never closed. Playwright makes the same check in Chromium.
 */
async function untilStill(handle: ElementHandle): Promise<void> {
  const deadline = Date.now() + 2000;
  let before = JSON.stringify(await handle.boundingBox());
  while (Date.now() < deadline) {
    await sleep(50);
    const now = JSON.stringify(await handle.boundingBox());
    if (now === before) return;
    before = now;
  }
}

function wrapFrame(frame: Frame): TactFrame {
  return {
    evaluate: (fn, arg) => frame.evaluate(fn as never, arg as never),
    click: async (selector) => {
      const handle = (await frame.waitForSelector(selector, { timeout: 10_000 }))!;
      await untilStill(handle);
      await handle.click();
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

const innerWidthOf = (page: Page) => page.viewport()?.width ?? 1280;
const innerHeightOf = (page: Page) => page.viewport()?.height ?? 800;

/**
 * Moves the pointer through `points` (CSS px relative to the page's viewport, outside it too) with
 * native mouse events sent to the browser window: WebDriver BiDi refuses moves outside the
 * viewport ("move target out of bounds"), so a pointer leaving the page through the top (into the
 * toolbar) is synthesized where the operating system's input enters Firefox, in its parent
 * process (`windowUtils.sendNativeMouseEvent`, from the browser window's privileged scope, which
 * `--remote-allow-system-access` opens to BiDi). The page's tab must be the selected one.
 */
async function nativeMouseMoves(page: Page, points: [number, number][]): Promise<void> {
  type Reply = { result: { contexts?: { context: string }[]; result?: { value?: unknown } } };
  const { connection } = page.browser() as unknown as {
    connection: { send(method: string, params: object): Promise<Reply> };
  };
  const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const expression = `(() => {
    const tab = gBrowser.selectedBrowser;
    if (tab.currentURI.spec !== ${JSON.stringify(page.url())}) return false;
    const box = tab.getBoundingClientRect();
    const utils = window.windowUtils;
    const scale = window.devicePixelRatio;
    for (const [x, y] of ${JSON.stringify(points)})
      utils.sendNativeMouseEvent((mozInnerScreenX + box.x + x) * scale, (mozInnerScreenY + box.y + y) * scale,
        utils.NATIVE_MOUSE_MESSAGE_MOVE, 0, 0, tab, null);
    return true;
  })()`;
  for (const { context } of tree.result.contexts ?? []) {
    const reply = await connection.send('script.evaluate', { expression, target: { context }, awaitPromise: false });
    if (reply.result.result?.value === true) return;
  }
  throw new Error(`no browser window shows ${page.url()} in its selected tab`);
}

/**
 * `TactPage.tactLayer` over WebDriver BiDi: nodes serialized with `includeShadowTree: "all"` carry
 * their closed shadow roots, whose references can be passed back as arguments.
 */
async function tactLayer(page: Page): Promise<TactLayer> {
  type Remote = { type: string; value?: unknown; sharedId?: string };
  type Reply = { result: { result: Remote } };
  const { connection } = page.browser() as unknown as {
    connection: { send(method: string, params: object): Promise<Reply> };
  };
  const context = (page.mainFrame() as unknown as { _id: string })._id;
  const hosts = await connection.send('script.callFunction', {
    functionDeclaration: '() => [...document.documentElement.children]',
    target: { context },
    awaitPromise: false,
    serializationOptions: { maxDomDepth: 1, includeShadowTree: 'all' },
  });
  const roots = ((hosts.result.result.value ?? []) as Remote[]).flatMap((host) => {
    const shadow = (host.value as { shadowRoot?: Remote | null } | undefined)?.shadowRoot;
    return shadow?.sharedId && (shadow.value as { mode?: string } | undefined)?.mode === 'closed'
      ? [{ sharedId: shadow.sharedId }]
      : [];
  });
  const reply = await connection.send('script.callFunction', {
    functionDeclaration: `(...roots) => JSON.stringify((${READ_TACT_LAYER})(roots))`,
    arguments: roots,
    target: { context },
    awaitPromise: false,
  });
  return JSON.parse(reply.result.result.value as string) as TactLayer;
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
    leaveViewport: async (x, y) => {
      await nativeMouseMoves(page, [
        [Math.min(Math.max(x, 0), innerWidthOf(page) - 1), Math.min(Math.max(y, 0), innerHeightOf(page) - 1)],
        [x, y],
      ]);
      await page.waitForFunction(() => !document.documentElement.matches(':hover'), { timeout: 10_000, polling: 20 });
    },
    wheel: (deltaY) => page.mouse.wheel({ deltaY }),
    press: (key) => page.keyboard.press(key as never),
    keyDown: (key) => page.keyboard.down(key as never),
    keyUp: (key) => page.keyboard.up(key as never),
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
    tactLayer: () => tactLayer(page),
    screenshot: async (file) => {
      await page.screenshot({ path: file });
    },
    setViewport: (width, height) => page.setViewport({ width, height }),
    close: () => page.close(),
    isClosed: () => page.isClosed(),
  };
}

/** In an extension page: whether Firefox has suspended the extension's background page. */
function backgroundSuspended(): boolean {
  const api = (globalThis as unknown as { browser: typeof chrome }).browser;
  return !api.extension.getViews().some((view) => view.location.pathname === '/_generated_background_page.html');
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

/** What every launch shares, the profile's own first start included (bench:content launches with it too). */
export const FIREFOX_LAUNCH: LaunchOptionsOfPuppeteer = {
  browser: 'firefox',
  executablePath: FIREFOX_PATH,
  headless: true,
  defaultViewport: { width: 1280, height: 800 },
  args: ['--remote-allow-system-access'],
};

/**
 * A fresh copy of a Firefox profile that has already started once, for one launch. A new profile
 * spends seconds of its first start building caches: measured 4.3–6.1 s to launch with a new
 * profile against 2.6 s with a copy (36 MB, copied in ~30 ms), on the 2-core machine, and Firefox
 * launches about 50 times in the journeys. The started profile is made once per Firefox binary,
 * in the temp folder; it never had the extension, a site or a setting in it.
 */
export async function copyOfStartedProfile(): Promise<string> {
  const binary = fs.statSync(FIREFOX_PATH);
  const started = path.join(os.tmpdir(), `tact-firefox-profile-${binary.size}-${Math.round(binary.mtimeMs)}`);
  if (!fs.existsSync(started)) {
    const making = fs.mkdtempSync(`${started}-making-`);
    await (await puppeteer.launch({ ...FIREFOX_LAUNCH, userDataDir: making })).close();
    // Another journey process may have made it meanwhile: keep theirs.
    try {
      fs.renameSync(making, started);
    } catch {
      fs.rmSync(making, { recursive: true, force: true });
    }
  }
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'tact-firefox-'));
  fs.cpSync(started, copy, { recursive: true });
  return copy;
}

/**
 * The tab showing `url`, found through the browser's own tree of tabs (`browsingContext.getTree`),
 * which knows a moz-extension:// address before puppeteer's `url()` does and needs no script in
 * a tab still loading. On timeout the error lists every tab and where it is, so a failure on a
 * loaded machine says what Firefox showed instead.
 */
async function waitForTab(browser: Browser, url: string, what: string): Promise<Page> {
  type Tree = { result: { contexts?: { context: string; url: string }[] } };
  const { connection } = browser as unknown as { connection: { send(method: string, params: object): Promise<Tree> } };
  const tabs = async () => (await connection.send('browsingContext.getTree', { maxDepth: 0 })).result.contexts ?? [];
  try {
    return await waitUntil(
      async () => {
        const context = (await tabs()).find((c) => c.url === url)?.context;
        if (!context) return undefined;
        const pages = await browser.pages();
        return pages.find((p) => (p.mainFrame() as unknown as { _id: string })._id === context);
      },
      WELCOME_TIMEOUT_MS,
      what,
    );
  } catch (error) {
    const open = (await tabs().catch(() => [])).map((c) => c.url).join(', ') || 'none';
    throw new Error(`${(error as Error).message} (tabs open: ${open})`, { cause: error });
  }
}

export async function launchFirefox(options: LaunchOptions = {}): Promise<TactBrowser> {
  const profile = await copyOfStartedProfile();
  const browser: Browser = await puppeteer.launch({
    ...FIREFOX_LAUNCH,
    userDataDir: profile,
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
  let welcomeTab: Page | undefined;
  if (!options.withoutExtension) {
    const id = await browser.installExtension(path.join(DIST, 'firefox'));
    if (id !== ADDON_ID) throw new Error(`installed add-on has id ${id}, expected ${ADDON_ID}`);
    // The install opens the welcome view in a tab of its own (background.ts). Under BiDi a tab's
    // url() may lag behind a moz-extension:// navigation, so ask the browser where each tab is.
    welcomeTab = await waitForTab(browser, welcomeUrl(extensionBase), 'the welcome view opened on install');
    welcome = wrapPage(welcomeTab); // `launch` reads the registration from it, then closes it unless kept
  }

  /**
   * The extension page `stopBackground` watches from, opened before any test's tab (a tab opened
   * later would hide the test's page) and kept open (closing a tab wakes the background, which
   * listens to `tabs.onRemoved`). The overlay page with no conversation asks the background once
   * as it loads (refused) and nothing after.
   */
  let watcher: Page | undefined;
  if (options.backgroundIdleMs && extensionBase) {
    watcher = await browser.newPage();
    await gotoExtensionPage(watcher, `${extensionBase}overlay.html`);
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
    async openExtensionPage(p, inWelcomeTab = false) {
      if (!extensionBase) throw new Error('this browser was launched without the extension');
      if (inWelcomeTab && (!welcomeTab || welcomeTab.isClosed())) throw new Error('the welcome view is not open');
      const page = inWelcomeTab ? welcomeTab! : await browser.newPage();
      if (inWelcomeTab) welcomeTab = undefined;
      await gotoExtensionPage(page, extensionBase + p);
      const wrapped = wrapPage(page);
      return { ...wrapped, reload: () => gotoExtensionPage(page, extensionBase + p) };
    },
    async stopBackground() {
      // Firefox suspends an idle event page after `extensions.background.idle.timeout`; there is no
      // command to force it. A quiet extension page watches for it: the background's view leaves
      // `extension.getViews()`, which asks the background nothing. Seen 1.2–1.7 s after the last
      // message with a 1.5 s timeout; a fixed wait needed 7.5 s to be safe on a loaded machine.
      if (!options.backgroundIdleMs) throw new Error('launch Firefox with backgroundIdleMs to stop its background');
      const page = watcher;
      if (!page) throw new Error('stopBackground needs the extension');
      await waitUntil(
        () => page.evaluate(backgroundSuspended),
        options.backgroundIdleMs + 20_000,
        'Firefox to suspend the idle background',
      );
    },
    async close() {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
