/**
 * Content script entry: always on, so it stays small, and at load it only waits for the visitor:
 * it touches no extension API until their first sign of presence (core/signals/presence.ts), or
 * `HELLO_FALLBACK_MS` without one, or the background waking it for the preview tools (`start`).
 * Then it says hello to the background, once per page view, with the URL and title (and
 * again, with a new page-view id, on a single-page-app route change or a return from the
 * back/forward cache); reads the page's context only for the page view's first signal or when the
 * preview tools ask (`page/context`), as reading it cost more script at load than all the rest
 * (`bench:content`); arms only the detectors some rule for
 * this page needs (`detectors.ts`; none at all when Tact is off here or no rule applies); forwards
 * their signals with a quiet-moment snapshot; and mounts the overlay frame when the background
 * starts a conversation or one follows the visitor here. It never listens to the page's `message`
 * events: nothing a page posts can reach Tact.
 */
import type { PageContext, QuietState, Signal } from '../core/signals/signal-model.ts';
import type { BusyState, SignalType } from '../core/signals/signal-kinds.ts';
import { isEmptyPlan } from '../core/signals/arming-plan.ts';
import { PRESENCE_EVENTS } from '../core/signals/presence.ts';
import { extApi } from '../shared/browser-api.ts';
import { pageViewIdNow } from '../shared/ids.ts';
import { checkContentMessage, send, type Hold, type PageContextReply, type ToBackground } from '../shared/protocol.ts';
import type { FirstPaint, OverlayHandle } from './overlay-frame.ts';
import type { FirstApprovals } from './first-approval.ts';
import type contentModules from '../shared/content-modules.json';
import { watchRouteChange } from './signals/route-change.ts';
import { watchGoalClicks } from './goal-clicks.ts';

/** The current page view's id, made when this copy starts (`start`) or a new page view begins, not at load (`viewStart`). */
let pageViewId = '';
/**
 * When the page view began (on the `performance.now()` timeline), and whether the page was visible
 * then: for the load's page view, worked out when first needed (`viewBegan`). The load touches no
 * Web API it can do without: each one's interface is set up in the content script's world at its
 * first touch, which the page's load would pay for (`bench:content`).
 */
let viewStart: number | undefined;
let visibleAtStart: boolean | undefined;
/** How many times the tab was shown or hidden since the load, until the visitor's first sign of presence. */
let visibilityChanges = 0;
/** When this script ran, by the clock (`Date.now`, a JavaScript builtin): the load's page view began then. */
const ranAt = Date.now();
/** The page view waiting for the visitor's first sign of presence to arm (`awaitPresence`), and its timer. */
let presence: AbortController | undefined;
/** When the visitor first showed up in this document (the event's time stamp), once they did. */
let arrivedAt: number | undefined;
/** Arms the page view waiting for the visitor (`awaitPresence`) at their first sign of presence. */
let whenPresent: ((input: number) => void) | undefined;
/** Whether this copy talks to the background yet (`start`), and the page view it last said hello for. */
let started = false;
let greeted: string | undefined;
let detectors: AbortController | undefined;
/** The A/B goal-click listener of the current page view, if its hello named selectors. */
let goalClicks: AbortController | undefined;
/** What keeps the visitor busy now, for a signal of a type (from the armed detectors). */
let busyNow: ((type: SignalType) => BusyState[]) | undefined;
/** How long an overlay waits at most for the visitor's free moment (the armed plan's `holdMs`). */
let holdMs: number | undefined;
let overlay: OverlayHandle | undefined;
/** The page view whose context the background has (sent with its first signal), and that context. */
let contextSentFor: string | undefined;
let contextSent: PageContext | undefined;
/** The armed page view's pre-approval, to paint a first bubble at the trigger (first-approval.ts). */
let approvals: FirstApprovals | undefined;
/** How many times the background said this page's pre-approval went stale (also before it was armed). */
let staleNotices = 0;
let stopped = false;
/** Ends what this copy listens to once it talks to the background (`start`), when it shuts down. */
let life: AbortController | undefined;
/**
 * Marks the content script's own world (the page's scripts cannot see it; what the background
 * injects can): the background's preview tools put this script into tabs no rule's site covers,
 * and a second copy in the same page must do nothing (content-registration.ts asks for this mark
 * first). `true` once this copy runs, then the id of the page view whose hello's answer it armed
 * with (or found nothing to arm, or waits to arm for), which the journeys wait for before they act
 * (`waitForPageView`, e2e/harness); `false` once it shut down. `tactPresence`: set while it waits
 * for the visitor's first sign of presence to arm: `true` from the load, before the page view has
 * its id, then that id (`awaitPresence`, a new page view). `tactWake`: what the background calls (content-registration.ts) to have it
 * say hello now, without waiting for the visitor; it returns the id of the page view it said
 * hello for (none where it steps aside for the site build).
 */
const world = globalThis as {
  tactContentScript?: boolean | string;
  tactPresence?: string | true;
  tactWake?: () => string | undefined;
};

/** When the current page view began, and whether the page was visible then. */
function viewBegan(): { view: number; visible: boolean } {
  // The load's visibility, from now's and the changes since (counted until the visitor's first sign of presence).
  visibleAtStart ??= document.hidden === (visibilityChanges % 2 === 1);
  // The clock's time on the `performance.now()` timeline, within this document's.
  viewStart ??= Math.min(Math.max(0, ranAt - performance.timeOrigin), performance.now());
  return { view: viewStart, visible: visibleAtStart };
}

function disarm(): void {
  presence?.abort();
  detectors?.abort();
  approvals?.drop();
  presence = detectors = busyNow = approvals = world.tactPresence = undefined;
}

/** Stops everything for good, e.g. when the extension was updated or removed under this page. */
function shutDown(): void {
  stopped = true;
  world.tactContentScript = false;
  removeEventListener('pageshow', onPageShow);
  life?.abort();
  disarm();
  overlay?.remove();
  overlay = undefined;
}

/** The exports of each on-demand part of the content script, by file. */
interface ModuleExports {
  'detectors.js': typeof import('./detectors.ts');
  'overlay-frame.js': typeof import('./overlay-frame.ts');
  'page-context.js': typeof import('./page-context-reader.ts');
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
  const found = loaded(file);
  if (!found) throw new Error(`${file} is not loaded`);
  return found;
}

/** The exports of an on-demand part, if the background injected it (see `moduleOf`). */
const loaded = <K extends keyof ContentModules>(file: K) =>
  (globalThis as { tactModules?: Partial<ContentModules> }).tactModules?.[file];

/**
 * The overlay for a conversation, at once (its frame stays hidden until the overlay reports its
 * size, and when `held` until `revealWhenFree` shows it). With `paint`, its first bubble is drawn
 * at once and shows as soon as the overlay may, while the frame loads.
 */
function mountOverlay(conversationId: string, held = false, paint?: FirstPaint): OverlayHandle | undefined {
  try {
    // A page that keeps removing the overlay: Tact gives up and the conversation is paused. The
    // overlay is gone, so let go of it: the next page view's hello may bring the conversation back.
    const handle = moduleOf('overlay-frame.js').mountOverlay(
      conversationId,
      (loss, restored) => {
        if (overlay === handle) overlay = undefined;
        send('overlay/pause', { conversationId, loss, restored }).catch(handleFailure);
      },
      held,
      paint,
    );
    mayShow = !held;
    dialogs ??= new MutationObserver(() => (overlay ? placeOverlay() : dialogs?.disconnect()));
    dialogs.observe(document, { subtree: true, attributeFilter: ['open'] });
    handle.show(mayShow && !modalOpen());
    return handle;
  } catch (error) {
    handleFailure(error);
    return undefined;
  }
}

/** The current overlay is not held back (revealed, resumed here, or a preview). */
let mayShow = false;
/**
 * Watches dialogs opening and closing while an overlay is on the page; made with the first
 * overlay, as every Web API a content script touches first costs it script time at load (its
 * interface is set up in the isolated world: `bench:content`).
 */
let dialogs: MutationObserver | undefined;

/**
 * Shows the overlay unless it is held, or a modal `<dialog>` is open: everything outside the
 * dialog is inert, the overlay too (top layer or not, shown before the dialog or after), so it
 * would be visible but unreachable. It steps aside and comes back when the dialog closes.
 */
function placeOverlay(): void {
  overlay?.show(mayShow && !modalOpen());
}

function modalOpen(): boolean {
  try {
    return !!document.querySelector('dialog:modal');
  } catch {
    return false; // no `:modal` in this browser
  }
}

type HelloAnswer = ToBackground['page/hello']['res'];

/**
 * Arms the page view with its hello's answer, or waits for the visitor to arm (`awaitPresence`)
 * where its detectors are not loaded yet. `notices`: the stale notices counted when the hello was
 * sent; one more since (what a decision reads changed) makes the answer's pre-approval stale: ask
 * again. `input`: the time of the sign of presence (or threshold) that had the hello arm; without
 * it, the page view starts now for the detectors (a route change, a changed plan).
 */
function arm(answer: HelloAnswer, notices: number, input?: number): void {
  const { enabled, plan, resume, goalClicks: selectors, approval } = answer;
  disarm();
  goalClicks?.abort();
  if (selectors?.length) {
    const id = pageViewId;
    goalClicks = new AbortController();
    watchGoalClicks(selectors, AbortSignal.any([goalClicks.signal, life!.signal]), (selector) => {
      send('page/goal-click', { pageViewId: id, selector }).catch(handleFailure);
    });
  }
  // A conversation of this site still going on follows the visitor here: show it again.
  if (enabled && resume && !overlay) overlay = mountOverlay(resume.conversationId);
  if (!enabled || overlay || isEmptyPlan(plan)) return; // nothing to listen for: no listener at all
  const module = loaded('detectors.js');
  if (!module) {
    awaitPresence(plan.armAfterMs);
    return;
  }
  const controller = (detectors = new AbortController());
  holdMs = plan.holdMs;
  try {
    const after = input === undefined ? undefined : { ...viewBegan(), input };
    busyNow = module.armDetectors(controller.signal, plan, pageViewId, forward, after);
    approvals = module.firstApprovals(pageViewId, module.collectPageContext, handleFailure, approval);
    if (!approval || staleNotices !== notices) approvals.ask();
  } catch (error) {
    handleFailure(error);
  }
}

/**
 * Waits for the visitor's first sign of presence (core/signals/presence.ts: a move, a press or
 * touch, a key, a scroll, the tab shown or hidden, listened to from the load on), or the plan's
 * first time threshold (`ms` after the page view began), then says hello again, which has the
 * background inject the detectors and the overlay frame before it answers, and arms. Only a hello
 * said before the visitor showed up (`HELLO_FALLBACK_MS`, the preview tools' wake-up), or one whose
 * plan arms what no earlier page view of the document did, gets here: a hello at the visitor's
 * arrival has the files with its answer. A page view nobody interacts with never loads the
 * detectors. What that input was is lost to them (the first click of a series, a leave at the
 * very first move: ARCHITECTURE.md, "Signals (content side)").
 */
function awaitPresence(ms?: number): void {
  const gate = (presence = new AbortController());
  const present = (input: number) => {
    if (gate.signal.aborted) return; // the timer, after an input (or after a route change)
    gate.abort();
    void hello(input);
  };
  world.tactPresence = pageViewId;
  // The visitor showed up earlier in this document: idle counts from now (never early).
  if (arrivedAt !== undefined) present(performance.now());
  else whenPresent = present;
  const { view } = viewBegan();
  if (ms !== undefined && !gate.signal.aborted) setTimeout(present, view + ms - performance.now(), view);
}

/**
 * Mounts a conversation's overlay held, its first bubble painted, and shows it at the visitor's
 * free moment; `kept` says whether the background's decision is this conversation.
 */
function present(conversationId: string, paint: FirstPaint, type: Signal['type'], kept?: Promise<boolean>): void {
  // The visitor may have turned busy or switched tabs since the signal: a second look now, just
  // before the first bubble would appear (the detectors' busy states stay watched).
  const busy = busyNow;
  // That look is taken before the host goes in, while the page's style and layout are still
  // clean: taken after, its snapshot (computed styles, the page's height) forced a style and
  // layout pass of the whole page on the way to the first paint (7-22 ms in Chromium,
  // ARCHITECTURE.md "The first bubble"). The look at the next frame sees the host in place.
  const busyBefore = busy?.(type) ?? [];
  const handle = (overlay = mountOverlay(conversationId, true, paint));
  if (handle) void revealWhenFree(handle, () => busy?.(type) ?? [], busyBefore, kept);
}

async function forward(signal: Signal, quiet: QuietState, held?: Hold): Promise<void> {
  if (stopped || overlay || !detectors) return;
  const id = pageViewId;
  let decided = (_kept: boolean) => {};
  try {
    // Read now, at the first signal, not at load: most page views never send one.
    const context = contextSentFor === id ? undefined : moduleOf('detectors.js').collectPageContext();
    // The pre-approval says this signal shows a flow: its first bubble now, without waiting for
    // the background, which decides as usual and has the last word.
    const decidedWith = context ?? contextSent;
    const guess = approvals?.guess({ now: Date.now(), signal, quiet, held, context: decidedWith });
    if (guess) {
      present(guess.conversationId, guess.paint, signal.type, new Promise((r) => (decided = r)));
      // Sent in the next task: sending (the message serialised, the extension bindings' call into
      // the browser) took 1-3 ms of the trigger's task in Chromium, where the input is handled in
      // the frame that paints the bubble, so the paint waited for it (ARCHITECTURE.md, "A
      // predicted first decision"). At once in a hidden tab: nothing is painted there, and its
      // timers wait up to a second.
      if (!document.hidden) await new Promise((next) => setTimeout(next));
    }
    const early = overlay;
    const { show } = await send('page/signal', {
      pageViewId: id,
      signal,
      quiet,
      ...(held ? { held } : {}),
      ...(context ? { context } : {}),
      ...(guess
        ? { predicted: { ruleId: guess.ruleId, flowId: guess.flowId, conversationId: guess.conversationId } }
        : {}),
    });
    contextSentFor = id;
    contextSent = decidedWith;
    // Decided otherwise (what it read changed since the pre-approval): the bubble goes.
    const kept = !!guess && show?.conversationId === guess.conversationId;
    decided(kept);
    if (early && !kept) dropOverlay(early);
    if (show && !overlay && !stopped) present(show.conversationId, show, signal.type);
  } catch (error) {
    decided(false);
    handleFailure(error);
  }
}

/** Takes `handle` off the page, if it is still the overlay. */
function dropOverlay(handle: OverlayHandle): void {
  if (overlay !== handle) return;
  handle.remove();
  overlay = undefined;
}

/**
 * Shows a held overlay at the visitor's free moment (`awaitFreeMoment`: the same rules and limit as
 * a held signal; from the detectors' file, which every page view that sent a signal has loaded).
 * It counts as shown (`overlay/shown`) only once a frame was drawn with it, its first bubble at
 * least (none is drawn in a hidden tab); after the hold limit it is withdrawn unseen
 * (`overlay/withdraw`) and the detectors listen on. The hold goes into the trace either way.
 */
async function revealWhenFree(
  handle: OverlayHandle,
  busy: () => readonly BusyState[],
  busyBefore: readonly BusyState[],
  kept?: Promise<boolean>,
): Promise<void> {
  const { conversationId } = handle;
  const { step, held } = await moduleOf('detectors.js').awaitFreeMoment(
    busy,
    () => overlay !== handle,
    (shown) => {
      mayShow = shown;
      placeOverlay();
    },
    busyBefore,
    holdMs,
  );
  // A bubble painted from the pre-approval is told to the background only as its conversation.
  if (kept && !(await kept)) {
    dropOverlay(handle);
    return;
  }
  if (step === 'show') {
    disarm(); // at most one conversation per page view: nothing more to listen for
    send('overlay/shown', { conversationId, held }).catch(handleFailure);
  } else if (step === 'give-up') {
    handle.remove();
    overlay = undefined;
    send('overlay/withdraw', { conversationId, held }).catch(handleFailure);
  }
}

/** Set on the root element by Tact's site build (src/embed/tact-embed.ts) as soon as it loads. */
const SITE_BUILD_MARK = 'data-tact-site';

/**
 * Says hello for the current page view and arms with the answer. A hello the background stopped
 * before answering is sent once more (`Repeatable`, protocol.ts): unanswered, the page
 * view would stay unarmed to its end. `input`: the sign of presence (or time threshold) it arms
 * at; the background then injects the detectors with the answer, unless they are loaded.
 */
async function hello(input?: number): Promise<void> {
  // The page runs Tact itself (the site build): the extension steps aside, so a visitor never
  // sees two overlays.
  // Asked of the document, not of its root element: the first element a content script touches
  // costs ~0.7 ms of script (the element interfaces are set up in the isolated world).
  if (stopped || document.querySelector(`:root[${SITE_BUILD_MARK}]`)) return;
  const id = (greeted = pageViewId);
  const notices = staleNotices;
  try {
    const answer = await send(
      'page/hello',
      {
        pageViewId: id,
        url: location.href,
        title: document.title,
        // The page view began before the hello (at the load, or a route change): the background dates it back.
        age: Math.round(performance.now() - viewBegan().view),
        present: input !== undefined && !loaded('detectors.js'),
      },
      true,
    );
    // A route change started a newer page view meanwhile, or this copy shut down (the extension
    // was updated or removed while the hello was on its way): nothing to arm.
    if (id !== pageViewId || stopped) return;
    arm(answer, notices, input);
    world.tactContentScript = id;
  } catch (error) {
    handleFailure(error);
  }
}

/** A single-page-app route change or a page restored from the back/forward cache: a new page view. */
function newPageView(): void {
  disarm();
  pageViewId = pageViewIdNow();
  viewStart = performance.now();
  visibleAtStart = !document.hidden;
  if (started) void hello();
  else world.tactPresence = pageViewId; // still waiting for the visitor
}

function handleFailure(error: unknown): void {
  // "Extension context invalidated": the extension was reloaded or removed; this copy is orphaned.
  if (!extApi().runtime?.id) shutDown();
  else console.debug('[tact]', (error as Error)?.message ?? error);
}

function onMessage(raw: unknown, _sender: unknown, respond: (reply: PageContextReply) => void): void {
  const message = checkContentMessage(raw);
  if (!message) return;
  switch (message.type) {
    case 'page/context':
      // Read by its own file, which the background injects before it asks (preview-handlers.ts).
      respond({ pageViewId, context: moduleOf('page-context.js').collectPageContext() });
      break;
    case 'overlay/resize':
      if (overlay?.conversationId === message.payload.conversationId) {
        overlay.resize(message.payload.width, message.payload.height);
      }
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
    case 'first/stale':
      // A notice for an earlier page view of this tab (a route change since) is not about this one.
      if (message.payload.pageViewId !== pageViewId) break;
      staleNotices++;
      approvals?.ask();
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
 * How long after the load a page view nobody has shown up for says hello anyway (ms): its page
 * view, visit and A/B page goals are counted, a conversation going on in the site comes back, and
 * a time rule (dwell, idle) can arm. The settings' default `minSecondsOnPage` (policy.ts): with it,
 * no rule but exit intent (which needs the pointer, so a sign of presence) may show earlier
 * anyway. A dwell or idle rule shorter than this, under a lowered `minSecondsOnPage`, fires this
 * late for a visitor who gives no input at all.
 */
const HELLO_FALLBACK_MS = 3000;

/**
 * Starts talking to the background (once): listens to its messages and to route changes, and says
 * hello. Not at load: the extension API's first touch (the `chrome` bindings, Firefox's `browser`
 * namespace) and the hello are what a content script that talks to the background costs a page's
 * load (`bench:content`), so they wait for the visitor.
 */
function start(input?: number): string | undefined {
  if (!started) {
    started = true;
    pageViewId ||= pageViewIdNow();
    life = new AbortController();
    extApi().runtime.onMessage.addListener(onMessage);
    watchRouteChange(life.signal, newPageView);
    void hello(input);
  }
  return greeted;
}

/** A page restored from the back/forward cache is a new page view. */
function onPageShow(event: PageTransitionEvent): void {
  if (event.persisted) newPageView();
}

if (!world.tactContentScript) {
  world.tactContentScript = true;
  world.tactPresence = true;
  world.tactWake = start;
  // At load: window listeners and a timer, no other Web API (`viewStart`). Not `once` (the first
  // sign removes them all) nor `passive` (none of them blocks scrolling).
  addEventListener('pageshow', onPageShow);
  const arrived = (at: number) => {
    if (arrivedAt !== undefined) return; // the first sign only
    for (const type of PRESENCE_EVENTS) removeEventListener(type, type === 'visibilitychange' ? shown : arrive, true);
    viewBegan(); // while the visibility changes since the load are known
    arrivedAt = at;
    if (started) whenPresent?.(arrivedAt);
    else start(arrivedAt);
  };
  const arrive = (event: Event) => arrived(event.timeStamp);
  // A document being left (a link followed, a reload) is hidden in the task that unloads it, with
  // its `pagehide`: that `visibilitychange` is no visitor. Counted a task later, which an unloaded
  // document never runs (one in the back/forward cache runs it if the visitor comes back), it is
  // only a tab switched to or away from. Counted at once, a page left before its visitor showed up
  // said hello as it went, and the files injected for it landed in the tab's next page
  // (ARCHITECTURE.md). One a page dispatches itself changes nothing (`isTrusted`: the journeys'
  // arrival is one).
  const shown = (event: Event) => {
    if (event.isTrusted) visibilityChanges++;
    setTimeout(arrived, 0, event.timeStamp);
  };
  for (const type of PRESENCE_EVENTS)
    addEventListener(type, type === 'visibilitychange' ? shown : arrive, { capture: true });
  setTimeout(start, HELLO_FALLBACK_MS);
}
