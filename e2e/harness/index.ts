/**
 * Entry of the end-to-end harness: launch a browser with the built extension, serve the demo
 * site, and a few helpers journeys share (reading Tact's data through the real protocol).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserKind, LaunchOptions, TactBrowser, TactPage } from './types.ts';
import { launchChromium } from './chromium.ts';
import { launchFirefox } from './firefox.ts';
import { ROOT, waitUntil, withTimeout } from './common.ts';
import { boundedBrowser } from './bounded.ts';

export type { BrowserKind, MediaFeatures, TactBrowser, TactFrame, TactPage } from './types.ts';
export { sleep, waitUntil, waitUntilSeen, ROOT } from './common.ts';

/** Browsers to run, from TACT_BROWSERS (comma-separated), both by default. */
export const BROWSERS: BrowserKind[] = (process.env.TACT_BROWSERS ?? 'chromium,firefox')
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is BrowserKind => s === 'chromium' || s === 'firefox');

/**
 * A browser with the built extension, once its content script is registered: the background
 * registers it for the rules' sites when it starts (content-registration.ts), and a page opened
 * before that would load none. `setUp` runs in the welcome view (an options page) before the
 * launch closes it: a journey's settings and rules saved there need no options page of their own
 * (opening and closing one took 0.5–1 s of every launch).
 */
export async function launch(
  kind: BrowserKind,
  options: LaunchOptions = {},
  setUp?: (extensionPage: TactPage) => Promise<void>,
): Promise<TactBrowser> {
  const launching = kind === 'chromium' ? launchChromium(options) : launchFirefox(options);
  const browser = await withTimeout(launching, 120_000, `launching ${kind}`);
  if (!browser.welcome) return boundedBrowser(browser); // nothing registers: no extension
  // The welcome view is an extension page already open: no other tab needed to read from.
  const probe = browser.welcome;
  try {
    await waitUntil(
      async () => (await contentScriptSites(probe)).length > 0,
      15_000,
      'the content script registration',
    );
    await setUp?.(probe);
  } finally {
    if (!options.keepWelcome) await probe.close();
  }
  return boundedBrowser(options.keepWelcome ? browser : { ...browser, welcome: null });
}

/** The match patterns the content script is registered for now, read from an extension page. */
export function contentScriptSites(probe: TactPage): Promise<string[]> {
  return probe.evaluate(async () => {
    const api = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
    const scripts = await api.scripting.getRegisteredContentScripts();
    return scripts.flatMap((s) => s.matches ?? []);
  });
}

/**
 * Sends a protocol message to the background from an extension page, exactly as the options page
 * does (`send`, sent once more when nobody received it), and returns its value (throws with the
 * background's error message).
 */
export async function ask<T>(page: TactPage, type: string, payload: unknown): Promise<T> {
  const reply = await withTimeout(
    page.evaluate(
      async ({ type, payload }) => {
        const api = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
        const message = { protocol: 'tact/1', type, payload };
        type Reply = { ok: boolean; value?: unknown; error?: string } | undefined;
        try {
          return await api.runtime.sendMessage<unknown, Reply>(message);
        } catch (error) {
          // As `send` (protocol.ts): a request nobody received (Firefox suspending its event page) goes once more.
          if (!String(error).includes('Receiving end')) throw error;
          return api.runtime.sendMessage<unknown, Reply>(message);
        }
      },
      { type, payload },
    ),
    30_000,
    `the background's answer to ${type}`,
  );
  if (!reply?.ok) throw new Error(`${type} failed: ${reply?.error ?? 'no answer'}`);
  return reply.value as T;
}

/** How many lines the text of the element at `selector` takes (throws where there is none). */
export function textLines(page: TactPage, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const range = document.createRange();
    range.selectNodeContents(document.querySelector(sel)!);
    return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.bottom))).size;
  }, selector);
}

/**
 * Where an extension page's type scale reads wrong: a heading (h1–h4, a legend) smaller than the
 * text of the element it sits in, or a visible text under 12 px (SVG drawings apart: the flow
 * diagram and the charts scale their own). Each fault as "h3#diagram-h 14px < 15px".
 */
export function typeScaleFaults(page: TactPage): Promise<string[]> {
  return page.evaluate(() => {
    const faults: string[] = [];
    for (const e of document.body.querySelectorAll('*')) {
      if (e.closest('svg') || e.getClientRects().length === 0) continue;
      const size = parseFloat(getComputedStyle(e).fontSize);
      const label = `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${[...e.classList].map((c) => `.${c}`).join('')}`;
      const ownText = [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      if (ownText && size < 12) faults.push(`${label} ${size}px < 12px`);
      const around = e.parentElement ? parseFloat(getComputedStyle(e.parentElement).fontSize) : 0;
      if (/^(H[1-4]|LEGEND)$/.test(e.tagName) && size < around) faults.push(`${label} ${size}px < ${around}px`);
    }
    return faults;
  });
}

/** Reads every record of one of Tact's IndexedDB stores directly, from an extension page. */
export function readStore<T = unknown>(page: TactPage, store: string): Promise<T[]> {
  return page.evaluate(
    (storeName) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('tact');
        open.onerror = () => reject(open.error ?? new Error('indexedDB.open failed'));
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction(storeName).objectStore(storeName).getAll();
          req.onsuccess = () => {
            db.close();
            resolve(req.result as T[]);
          };
          req.onerror = () => reject(req.error ?? new Error(`reading ${storeName} failed`));
        };
      }),
    store,
  );
}

/** Reads one value of the `meta` store (e.g. `backgroundStarts`). */
export function readMeta<T = unknown>(page: TactPage, key: string): Promise<T> {
  return page.evaluate(
    (k) =>
      new Promise<T>((resolve, reject) => {
        const open = indexedDB.open('tact');
        open.onerror = () => reject(open.error ?? new Error('indexedDB.open failed'));
        open.onsuccess = () => {
          const req = open.result.transaction('meta').objectStore('meta').get(k);
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result as T);
          };
          req.onerror = () => reject(req.error ?? new Error(`reading meta ${k} failed`));
        };
      }),
    key,
  );
}

/**
 * Holds a read-write transaction on the `store` store from `page` (an extension page) until the
 * returned function is called (it resolves once the transaction has ended): the background's
 * transactions writing to that store wait meanwhile, so a request it handles stays in flight
 * (and can be cut off by stopping the background). The transaction is kept alive by asking it
 * something again each time it answers.
 */
export async function holdStore(page: TactPage, store: string): Promise<() => Promise<void>> {
  await page.evaluate(
    (storeName) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('tact');
        open.onerror = () => reject(open.error ?? new Error('indexedDB.open failed'));
        open.onsuccess = () => {
          const tx = open.result.transaction(storeName, 'readwrite');
          // Properties, not named consts: tsx would wrap a named function in `__name`, which the page lacks.
          const state: { held: boolean; release: boolean; ask?: () => void } = { held: true, release: false };
          (globalThis as { tactHold?: typeof state }).tactHold = state;
          state.ask = () => {
            if (!state.release) tx.objectStore(storeName).count().onsuccess = state.ask!;
          };
          tx.objectStore(storeName).count().onsuccess = () => {
            state.ask!();
            resolve();
          };
          tx.oncomplete = tx.onabort = () => {
            state.held = false;
            open.result.close();
          };
        };
      }),
    store,
  );
  return async () => {
    await page.evaluate(() => {
      (globalThis as { tactHold?: { release: boolean } }).tactHold!.release = true;
    });
    await waitUntil(
      () => page.evaluate(() => !(globalThis as { tactHold?: { held: boolean } }).tactHold!.held),
      5_000,
      `the hold on the ${store} store to end`,
    );
  };
}

/**
 * The tab that shows `url`, asked of the browser through `probe` (an extension page): also a page
 * with no content script, which has no page view (`tabIdOf`). Throws where no tab shows it.
 */
export async function tabShowing(probe: TactPage, url: string): Promise<number> {
  const [tabId] = await tabsShowing(probe, url);
  if (tabId === undefined) throw new Error(`no tab shows ${url}`);
  return tabId;
}

/** The ids of the tabs that show `url`, read through `probe` (an extension page). */
async function tabsShowing(probe: TactPage, url: string): Promise<number[]> {
  return await probe.evaluate(async (u) => {
    const api = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
    // Every tab, then the URL: Firefox filters by URL only with the "tabs" permission.
    return (await api.tabs.query({})).filter((t) => t.url === u && t.id !== undefined).map((t) => t.id!);
  }, url);
}

/** The tab of the latest page view of `url`, read from the `pageViews` store through an extension page. */
export async function tabIdOf(probe: TactPage, url: string): Promise<number> {
  const views = await readStore<{ url: string; tabId: number; startedAt: number }>(probe, 'pageViews');
  const latest = views.filter((v) => v.url === url).sort((a, b) => b.startedAt - a.startedAt)[0];
  if (!latest) throw new Error(`no page view of ${url}`);
  return latest.tabId;
}

/**
 * Exit intent with real input: the cursor rests in the page, then heads up fast and out through
 * the top edge (`leaveViewport`: in Firefox a native move into the toolbar).
 */
export async function exitIntent(page: TactPage, x = 640): Promise<void> {
  await page.bringToFront();
  await page.mouseMove(x, 400, 4);
  await page.mouseMove(x, 300, 2);
  await page.mouseMove(x, 1, 4);
  await page.leaveViewport(x, -10);
}

/** A page view's record, as far as the journeys read it. */
type PageViewRecord = { url: string; startedAt: number; pageViewId: string; tabId: number };

/**
 * The page views of `url` that began at `since` or later, read from the `pageViews` store through
 * `probe` (an extension page).
 */
export async function pageViewsSince(probe: TactPage, url: string, since: number): Promise<PageViewRecord[]> {
  return (await readStore<PageViewRecord>(probe, 'pageViews')).filter((v) => v.url === url && v.startedAt >= since);
}

/**
 * Waits until the content script of `url` has said hello to the background for a new page view and
 * armed with its answer (its detectors listen), through `probe` (an extension page): first the page
 * view's record in the `pageViews` store, then the content script's own mark of the page view it
 * armed for, read in its isolated world (`tactContentScript`, content.ts), which the page cannot see.
 *
 * The content script says hello and arms only at the visitor's first sign of presence (content.ts,
 * `start`; a few seconds after the load without one): this gives one, a `visibilitychange` event
 * dispatched at the window from the content script's world (not real input: the page's own
 * listeners, on the document, do not see it; nothing of Tact listens yet but that gate), and waits
 * until the detectors armed, so a journey's own input finds them listening, as a real visitor's
 * input after the first does. `arrive: false`: gives none and waits only until the content script
 * runs in a tab showing `url` and waits for the visitor (no page view is recorded then).
 */
export async function waitForPageView(
  probe: TactPage,
  url: string,
  since: number,
  timeoutMs = 10_000,
  { arrive = true } = {},
): Promise<void> {
  if (!arrive) {
    await waitUntil(
      async () =>
        await markIn(probe, await tabShowing(probe, url)).then(
          ({ mark, presence }) => mark === true && presence !== undefined,
          () => false, // no tab yet, or between two documents: look again
        ),
      timeoutMs,
      `the content script of ${url} to wait for the visitor`,
    );
    return;
  }
  // The hello's answer follows the page view's record (the answer of a page that arms waits for one
  // read transaction more, the pre-approval's); the content script marks its world once it armed.
  // What the last look saw, for the timeout's message: whether the hello reached the background
  // (a page view recorded) and what the content script marked (undefined: none ran in the page).
  const NO_VIEW = 'no page view recorded';
  let seen = NO_VIEW;
  try {
    await waitUntil(
      async () => {
        // The visitor shows up in every tab showing `url` whose content script waits for them.
        for (const tab of await tabsShowing(probe, url)) await markIn(probe, tab, false, true).catch(() => undefined);
        const views = await pageViewsSince(probe, url, since);
        const marks: unknown[] = [];
        for (const view of views) {
          const { mark, presence } = await markIn(probe, view.tabId).catch(
            () => ({ mark: undefined, presence: undefined }), // between two documents: look again
          );
          if (mark === view.pageViewId && presence !== view.pageViewId) return true;
          marks.push(presence === view.pageViewId ? `${String(mark)} (waiting for the visitor to arm)` : mark);
        }
        if (views.length)
          seen = `${views.length} page view(s) recorded; the content script's mark: ${marks.map(String).join(', ')}`;
        return false;
      },
      timeoutMs,
      `the content script of ${url} to say hello and arm with the answer`,
    );
  } catch (error) {
    if (seen === NO_VIEW) {
      // No hello reached the background: did the content script run (true: it waits for the
      // visitor, or its hello failed or is unanswered) or not at all (undefined: not injected)?
      const mark = await tabShowing(probe, url).then((tab) => armedFor(probe, tab), String);
      seen += `; the content script's mark: ${String(mark)}`;
    }
    throw new Error(`${(error as Error).message} (${seen})`, { cause: error });
  }
}

/** The page view the content script of a tab's top frame last armed for (see content.ts), read in its world. */
async function armedFor(probe: TactPage, tabId: number): Promise<unknown> {
  return (await markIn(probe, tabId).catch(() => undefined))?.mark; // between two documents: look again
}

/**
 * What the content script of tab `tabId`'s top frame marks in its world (`tactContentScript`,
 * content.ts): the id of the page view it armed for (or waits to arm for); `true` while it has not
 * armed (before its hello's answer, or for good where it steps aside); `false` once it shut down;
 * `undefined` where no content script ran in the document. `presence`: set while it waits for the
 * visitor's first sign of presence (`tactPresence`: `true` from the load, before the page view has
 * its id, then that id); with `arrive`, one is given
 * then if it waits (see `waitForPageView`). Read through `scripting.executeScript` from `probe`, an
 * extension page, in the content script's world, which the page cannot see. Throws when the tab
 * cannot be read (between two documents, or no access to its site).
 */
async function markIn(
  probe: TactPage,
  tabId: number,
  aTaskLater = false,
  arrive = false,
): Promise<{ mark: unknown; presence?: unknown; modules: string[] }> {
  const read = await probe.evaluate(
    async ({ tab, later, arrive }) => {
      const api = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
      const injection: chrome.scripting.ScriptInjection<[boolean, boolean], unknown> = {
        target: { tabId: tab, frameIds: [0] },
        args: [later, arrive],
        func: undefined as unknown as (later: boolean, arrive: boolean) => unknown,
      };
      // Assigned, not written in the literal: there tsx wraps the function in its `__name` helper,
      // which neither this page nor the content script's world has. `later`: read a task after the
      // injection (made at the document's idle point, where a registered content script is injected
      // too, so one injected in the same pass has run by then); a message, not a timer, which
      // Firefox holds back up to a second in a background tab.
      injection.func = (later: boolean, arrive: boolean) =>
        new Promise((resolve) => {
          const world = globalThis as {
            tactContentScript?: boolean | string;
            tactPresence?: string | true;
            tactModules?: object;
          };
          if (arrive && world.tactPresence) dispatchEvent(new Event('visibilitychange'));
          // No named function here: tsx would wrap it in its `__name` helper (see above). An object,
          // not an array: Chromium gives back an array's `undefined` as null.
          if (!later) {
            resolve({
              mark: world.tactContentScript,
              presence: world.tactPresence,
              modules: Object.keys(world.tactModules ?? {}),
            });
            return;
          }
          const channel = new MessageChannel();
          channel.port1.onmessage = () =>
            resolve({
              mark: world.tactContentScript,
              presence: world.tactPresence,
              modules: Object.keys(world.tactModules ?? {}),
            });
          channel.port2.postMessage(null);
        });
      try {
        const [found] = await api.scripting.executeScript(injection);
        return found?.result ?? { error: 'no result from the top frame' };
      } catch (error) {
        return { error: String(error) };
      }
    },
    { tab: tabId, later: aTaskLater, arrive },
  );
  const { error } = read as { error?: string };
  if (error !== undefined) throw new Error(`cannot read tab ${tabId}'s content script world: ${error}`);
  const found = read as { mark: unknown; presence?: unknown; modules: string[] };
  return { ...found, modules: found.modules.sort() };
}

/**
 * From now on, counts in the content script's world of tab `tabId`'s top frame (see `markIn`) the
 * `first/stale` notices it receives, and the answers it gets to the pre-approvals it asks for
 * after one (`page/approval`); returns a function that reads both. It listens beside the content
 * script (its own `runtime.onMessage` listener, which never answers) and wraps the world's
 * `runtime.sendMessage`, which the content script calls at each send: a journey waits for the
 * asking again that a notice starts, instead of a while. The page cannot see any of it.
 */
export async function watchApprovals(
  probe: TactPage,
  tabId: number,
): Promise<() => Promise<{ notices: number; answers: number }>> {
  const run = (install: boolean) =>
    probe.evaluate(
      async ({ tab, install }) => {
        const api = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
        const injection: chrome.scripting.ScriptInjection<[boolean], unknown> = {
          target: { tabId: tab, frameIds: [0] },
          args: [install],
          func: undefined as unknown as (install: boolean) => unknown,
        };
        // Assigned, not in the literal, and no named function inside: see `markIn`.
        injection.func = (install: boolean) => {
          type Seen = { notices: number; answers: number };
          const world = globalThis as { browser?: typeof chrome; tactApprovalsSeen?: Seen };
          if (install && !world.tactApprovalsSeen) {
            const seen: Seen = (world.tactApprovalsSeen = { notices: 0, answers: 0 });
            // The content script's own API object (shared/browser-api.ts picks the same one).
            const ext = world.browser?.runtime ? world.browser : chrome;
            ext.runtime.onMessage.addListener((m: unknown) => {
              if ((m as { type?: unknown } | null)?.type === 'first/stale') seen.notices++;
            });
            const post: (m: unknown) => Promise<unknown> = ext.runtime.sendMessage.bind(ext.runtime);
            (ext.runtime as { sendMessage: unknown }).sendMessage = (m: unknown) => {
              const sent = post(m);
              if ((m as { type?: unknown } | null)?.type === 'page/approval' && seen.notices)
                sent.then(
                  () => seen.answers++,
                  () => {},
                );
              return sent;
            };
          }
          return { ...world.tactApprovalsSeen };
        };
        const [found] = await api.scripting.executeScript(injection);
        return found?.result as { notices: number; answers: number } | undefined;
      },
      { tab: tabId, install },
    );
  const installed = await run(true);
  if (!installed || installed.notices === undefined) throw new Error(`no content script world in tab ${tabId}`);
  return async () => (await run(false))!;
}

/**
 * What the content script in the loaded page `url` has done (see `markIn`): `'none'` where no
 * content script ran in it (a page of a site the registration leaves out), `'quiet'` where it runs
 * and has not armed (a page that runs Tact's site build: it stepped aside), `'armed'` once it armed
 * for a page view. A page with no script says no hello, arms no detector and shows no overlay,
 * then or later: a journey reads that here instead of waiting a while for a hello that never comes.
 */
export async function contentScriptIn(probe: TactPage, url: string): Promise<'none' | 'quiet' | 'armed'> {
  const { mark } = await markIn(probe, await tabShowing(probe, url), true);
  return mark === undefined ? 'none' : typeof mark === 'string' ? 'armed' : 'quiet';
}

/**
 * The on-demand parts of the content script the background injected into the loaded page `url`
 * (`tactModules` in the content script's world, content.ts: `detectors.js`, `overlay-frame.js`,
 * `picker.js`), sorted.
 */
export async function contentModulesIn(probe: TactPage, url: string): Promise<string[]> {
  return (await markIn(probe, await tabShowing(probe, url), true)).modules;
}

/**
 * With `TACT_SCREENSHOTS=1`, saves what `page` shows to `.tmp/<name>.png` (not committed), for
 * people reviewing a change to it; otherwise does nothing. A screenshot proves nothing a journey
 * checks, and each took 0.3–2 s of every run.
 */
export async function screenshotForReview(page: TactPage, name: string): Promise<void> {
  if (!process.env.TACT_SCREENSHOTS) return;
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  await page.screenshot(path.join(ROOT, '.tmp', `${name}.png`));
}

/** A file the page offered for download: its name and its exact bytes, decoded as UTF-8 (a BOM kept). */
export interface CapturedDownload {
  name: string;
  type: string;
  /** Whether the file starts with the UTF-8 byte-order mark (EF BB BF). */
  bom: boolean;
  text: string;
}

/**
 * Makes `page` keep, instead of saving, the files it offers for download (a link with `download`
 * to a blob: URL, as Tact's export buttons make), so a journey reads exactly what a person would
 * get, the same way in every browser. Call once per page load, before the click.
 */
export async function captureDownloads(page: TactPage): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __tactDownloads?: { name: string; blob: Blob }[] };
    if (w.__tactDownloads) return;
    const blobs = new Map<string, Blob>();
    const downloads: { name: string; blob: Blob }[] = (w.__tactDownloads = []);
    const create = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (obj: Blob | MediaSource) => {
      const url = create(obj);
      if (obj instanceof Blob) blobs.set(url, obj);
      return url;
    };
    const proto = HTMLAnchorElement.prototype;
    const click = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'click')!.value as (this: HTMLElement) => void;
    proto.click = function (this: HTMLAnchorElement) {
      const blob = blobs.get(this.href);
      if (this.download && blob) downloads.push({ name: this.download, blob });
      else click.call(this);
    };
  });
}

/** Waits for the `n`-th file (1-based) the page offered since `captureDownloads`, and reads it. */
export async function downloaded(page: TactPage, n: number): Promise<CapturedDownload> {
  await page.waitForFunction(
    (count) => ((window as unknown as { __tactDownloads?: unknown[] }).__tactDownloads?.length ?? 0) >= count,
    n,
  );
  return page.evaluate(async (index) => {
    const { name, blob } = (window as unknown as { __tactDownloads: { name: string; blob: Blob }[] }).__tactDownloads[
      index
    ]!;
    const bytes = new Uint8Array(await blob.arrayBuffer());
    return {
      name,
      type: blob.type,
      bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf,
      text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes),
    };
  }, n - 1);
}

/**
 * A fresh visitor of a page running the site build: the embed's database on this site deleted, then the page loaded again and
 * waited for until the embed has armed its detectors (their chunk loaded).
 */
export async function freshEmbedVisit(page: TactPage): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const r = indexedDB.deleteDatabase('tact-embed');
        r.onsuccess = r.onerror = r.onblocked = () => resolve();
      }),
  );
  await page.reload();
  await embedArmed(page);
}

/**
 * Waits until the site build on `page` has armed its detectors: their chunk loaded and run. The
 * embed arms them as its import of that chunk resolves (`pageView`, tact-embed.ts); the page's
 * import of the same URL (one module map per document: the same module) resolves after it, once
 * the chunk and what it imports have run, so the embed's own continuation has armed by then.
 */
export async function embedArmed(page: TactPage): Promise<void> {
  const chunk = await page.waitForFunction(
    () => performance.getEntriesByType('resource').find((e) => e.name.includes('/embed/tact-detectors-'))?.name,
  );
  await page.evaluate((url) => import(url).then(() => undefined), chunk);
}
