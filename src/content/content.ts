/**
 * Content script entry: always on, so it stays small. It says hello to the background once per
 * page view, with the page's context (and again, with a new page-view id, on a single-page-app
 * route change or a return from the back/forward cache); arms only the detectors some rule for
 * this page needs (`detectors.ts`; none at all when Tact is off here or no rule applies); forwards
 * their signals with a quiet-moment snapshot; and mounts the overlay frame when the background
 * starts a conversation or one follows the visitor here. It never listens to the page's `message`
 * events: nothing a page posts can reach Tact.
 */
import type { QuietState, Signal } from '../core/signals/signal-model.ts';
import { isEmptyPlan } from '../core/signals/arming-plan.ts';
import { ext } from '../shared/browser-api.ts';
import { randomId } from '../shared/ids.ts';
import { checkContentMessage, send, type ToBackground } from '../shared/protocol.ts';
import type { OverlayHandle } from './overlay-frame.ts';
import type contentModules from '../shared/content-modules.json';
import { collectPageContext } from './page-context-reader.ts';
import { watchRouteChange } from './signals/route-change.ts';

let pageViewId = randomId();
let detectors: AbortController | undefined;
let overlay: OverlayHandle | undefined;
let stopped = false;
const life = new AbortController();

function disarm(): void {
  detectors?.abort();
  detectors = undefined;
}

/** Stops everything for good, e.g. when the extension was updated or removed under this page. */
function shutDown(): void {
  stopped = true;
  life.abort();
  disarm();
  overlay?.remove();
  overlay = undefined;
}

/** The exports of each on-demand part of the content script, by file. */
interface ModuleExports {
  'detectors.js': typeof import('./detectors.ts');
  'overlay-frame.js': typeof import('./overlay-frame.ts');
  'picker.js': typeof import('./picker/picker.ts');
}
/** Keyed by src/shared/content-modules.json: a file listed there without its exports above does not compile. */
type ContentModules = { [File in keyof typeof contentModules]: ModuleExports[File] };

/**
 * A part of the content script shipped as its own file, which the background injects into this
 * world with `scripting.executeScript` only when the page needs it: the detectors and the overlay
 * frame with a hello's answer that arms something (the frame also where a conversation follows
 * the visitor), the frame before a preview is mounted, the picker before it starts. Each adds
 * itself to `tactModules` (scripts/build.mjs). Nothing is web-accessible, so a page cannot fetch
 * these files to detect Tact, and the page's Content-Security-Policy does not apply to them.
 * Throws when the background did not inject it (it could not: the failure is in its log).
 */
function moduleOf<K extends keyof ContentModules>(file: K): ContentModules[K] {
  const found = (globalThis as { tactModules?: Partial<ContentModules> }).tactModules?.[file];
  if (!found) throw new Error(`${file} is not loaded`);
  return found;
}

/** The overlay for a conversation, at once (its frame stays hidden until the overlay reports its size). */
function mountOverlay(conversationId: string): OverlayHandle | undefined {
  try {
    // A page that keeps removing the overlay: Tact gives up and the conversation is paused.
    return moduleOf('overlay-frame.js').mountOverlay(conversationId, (loss, restored) => {
      send('overlay/pause', { conversationId, loss, restored }).catch(handleFailure);
    });
  } catch (error) {
    handleFailure(error);
    return undefined;
  }
}

function arm({ enabled, plan, resume }: ToBackground['page/hello']['res']): void {
  disarm();
  // A conversation of this site still going on follows the visitor here: show it again.
  if (enabled && resume && !overlay) overlay = mountOverlay(resume.conversationId);
  if (!enabled || overlay || isEmptyPlan(plan)) return; // nothing to listen for: no listener at all
  const controller = (detectors = new AbortController());
  try {
    moduleOf('detectors.js').armDetectors(
      controller.signal,
      plan,
      pageViewId,
      (signal, quiet) => void forward(signal, quiet),
    );
  } catch (error) {
    handleFailure(error);
  }
}

async function forward(signal: Signal, quiet: QuietState): Promise<void> {
  if (stopped || overlay || !detectors) return;
  try {
    const { show } = await send('page/signal', { pageViewId, signal, quiet });
    if (show && !overlay && !stopped) {
      disarm(); // at most one conversation per page view: nothing more to listen for
      overlay = mountOverlay(show.conversationId);
    }
  } catch (error) {
    handleFailure(error);
  }
}

/** Set on the root element by Tact's site build (src/embed/tact-embed.ts) as soon as it loads. */
const SITE_BUILD_MARK = 'data-tact-site';

async function hello(): Promise<void> {
  // The page runs Tact itself (the site build): the extension steps aside, so a visitor never
  // sees two overlays.
  if (stopped || document.documentElement.hasAttribute(SITE_BUILD_MARK)) return;
  const id = pageViewId;
  try {
    const answer = await send('page/hello', {
      pageViewId: id,
      url: location.href,
      title: document.title,
      context: collectPageContext(),
    });
    if (id === pageViewId) arm(answer); // else a route change started a newer page view meanwhile
  } catch (error) {
    handleFailure(error);
  }
}

/** A single-page-app route change or a page restored from the back/forward cache: a new page view. */
function newPageView(): void {
  disarm();
  pageViewId = randomId();
  void hello();
}

function handleFailure(error: unknown): void {
  // "Extension context invalidated": the extension was reloaded or removed; this copy is orphaned.
  if (!ext.runtime?.id) shutDown();
  else console.debug('[tact]', (error as Error)?.message ?? error);
}

function onMessage(raw: unknown): void {
  const message = checkContentMessage(raw);
  if (!message) return;
  switch (message.type) {
    case 'overlay/resize':
      if (overlay?.conversationId === message.payload.conversationId)
        overlay.resize(message.payload.width, message.payload.height);
      break;
    case 'overlay/unmount':
      if (overlay?.conversationId === message.payload.conversationId) {
        overlay.remove();
        overlay = undefined;
      }
      break;
    case 'plan/changed':
      if (!overlay) void hello();
      break;
    case 'overlay/mount':
      // A preview started from the popup: show it now (one overlay at a time).
      if (!overlay && !stopped) {
        disarm();
        overlay = mountOverlay(message.payload.conversationId);
      }
      break;
    case 'picker/start':
      // The element picker is its own module, loaded only when the marketer asks for it.
      try {
        moduleOf('picker.js').startPicker().catch(handleFailure);
      } catch (error) {
        handleFailure(error);
      }
      break;
    case 'site/changed':
      if (message.payload.origin !== location.origin) break;
      if (!message.payload.enabled) {
        disarm();
        overlay?.remove();
        overlay = undefined;
      } else void hello();
      break;
  }
}

/**
 * Marks the content script's own world (the page's scripts cannot see it): the background's
 * preview tools put this script into tabs no rule's site covers, and a second copy in the same
 * page must do nothing (content-registration.ts asks for this mark first).
 */
const world = globalThis as { tactContentScript?: boolean };
if (!world.tactContentScript) {
  world.tactContentScript = true;
  life.signal.addEventListener('abort', () => (world.tactContentScript = false));
  ext.runtime.onMessage.addListener(onMessage);
  watchRouteChange(life.signal, newPageView);
  addEventListener('pageshow', (e) => e.persisted && newPageView(), { signal: life.signal });
  void hello();
}
