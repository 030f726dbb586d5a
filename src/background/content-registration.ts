/**
 * The content script runs only on the sites enabled rules can match: it is registered with
 * `scripting.registerContentScripts` (not declared in the manifest) for the match patterns
 * `contentScriptSites` computes, and registered again whenever rules change. A page elsewhere
 * loads no script, wakes no background and writes nothing.
 *
 * The registration persists across browser restarts, yet it is checked at every background start
 * (an update, a browser that dropped it, rules changed while it was being written), so a stopped
 * background never leaves it stale for long. The popup's preview tools work on any tab: they put
 * the script into that one tab when it is not there, and wake it (`ensureContentScript`).
 */
import { contentScriptSites } from '../core/rules/content-sites.ts';
import { ext } from '../shared/browser-api.ts';
import { askPageContext, type PageContextReply } from '../shared/protocol.ts';
import { db } from './store.ts';
import type contentModules from '../shared/content-modules.json';

/** The registration's id (one script: `content.js`). */
const CONTENT_SCRIPT_ID = 'tact-content';
const CONTENT_FILE = 'content.js';

let queue: Promise<void> = Promise.resolve();

/**
 * Brings the registration in line with the enabled rules: registers, updates or unregisters the
 * content script. Calls run one after the other (each reads the rules afresh), so the last one
 * always leaves the registration of the last rules. Never throws; failures are logged.
 */
export function syncContentScripts(): Promise<void> {
  queue = queue.then(writeRegistration).catch((error: unknown) => {
    console.error('[tact] could not register the content script', error);
  });
  return queue;
}

async function writeRegistration(): Promise<void> {
  const matches = contentScriptSites(await (await db()).getAll('rules'));
  const [current] = await ext.scripting.getRegisteredContentScripts({ ids: [CONTENT_SCRIPT_ID] });
  if (!matches.length) {
    if (current) await ext.scripting.unregisterContentScripts({ ids: [CONTENT_SCRIPT_ID] });
    return;
  }
  if (current && sameList(current.matches ?? [], matches)) return;
  const script: chrome.scripting.RegisteredContentScript = {
    id: CONTENT_SCRIPT_ID,
    js: [CONTENT_FILE],
    matches,
    runAt: 'document_idle',
    allFrames: false,
    persistAcrossSessions: true,
  };
  if (current) await ext.scripting.updateContentScripts([script]);
  else await ext.scripting.registerContentScripts([script]);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  const sorted = [...b].sort();
  return a.length === b.length && [...a].sort().every((x, i) => x === sorted[i]);
}

/**
 * Makes sure the content script runs in the tab's top frame and has said hello (or is saying it),
 * injecting it there when its site is not registered (preview tools used on any page), and waking
 * it when it still waits for the visitor (it says hello only at their first sign of presence,
 * content.ts). Returns the id of the page view it said hello for, whose record may not be written
 * yet; undefined where it says none (it steps aside for the site build). Throws when the browser
 * refuses (no access to the page: the caller says so).
 */
export async function ensureContentScript(tabId: number): Promise<string | undefined> {
  const target = { tabId, frameIds: [0] };
  // Run in the content script's world, which the page cannot see: its wake-up (see content.ts);
  // null where no copy runs (none injected, or one that shut down).
  const wake = () => {
    const world = globalThis as { tactContentScript?: boolean | string; tactWake?: () => string | undefined };
    return world.tactContentScript && world.tactWake ? (world.tactWake() ?? '') : null;
  };
  const [probe] = await ext.scripting.executeScript({ target, func: wake });
  if (typeof probe?.result === 'string') return probe.result || undefined;
  await ext.scripting.executeScript({ target, files: [CONTENT_FILE] });
  const [woken] = await ext.scripting.executeScript({ target, func: wake });
  return woken?.result || undefined;
}

/** A part of the content script injected only when a page needs it (src/shared/content-modules.json). */
export type ContentModule = keyof typeof contentModules;

/**
 * Puts on-demand parts of the content script into a tab's frame, in the content script's own
 * world, where each adds its exports to `tactModules` (see scripts/build.mjs). Injected rather
 * than imported from a web-accessible URL, so a page cannot fetch them to learn Tact is there.
 * `documentId` (the asking document's, from the browser's sender information): into that document
 * only, never into the one that replaced it in the frame meanwhile (a page left while its hello
 * was on its way), where the browser then refuses. Throws when the browser refuses (the tab or
 * the document is gone, no access to it).
 */
export async function injectContentModules(
  tabId: number,
  frameId: number,
  files: ContentModule[],
  documentId?: string,
): Promise<void> {
  if (!files.length) return;
  const target = documentId ? { tabId, documentIds: [documentId] } : { tabId, frameIds: [frameId] };
  await ext.scripting.executeScript({ target, files });
}

/**
 * The page context as the tab's top frame says it now, for the preview tools: read by a file of its
 * own (`page-context.js`, which the always-on `content.js` does not carry), injected first, with
 * `alongside` in the same injection. Undefined when the content script does not answer.
 */
export async function pageContextNow(
  tabId: number,
  alongside: ContentModule[] = [],
): Promise<PageContextReply | undefined> {
  await injectContentModules(tabId, 0, [...alongside, 'page-context.js']);
  return askPageContext(tabId);
}
