/**
 * Mounts the overlay on the page: an extension page (overlay.html) in an iframe, inside a closed
 * shadow root, on a host element placed in the top layer (popover).
 *
 * Why this shape (details in ARCHITECTURE.md):
 * - the iframe is another origin, so page scripts cannot read what the visitor types or clicks in
 *   it, and none of its events reach the page's listeners;
 * - the closed shadow root keeps page selectors (`iframe { display: none }`) off the frame and
 *   hides it from `querySelector`;
 * - the host's inline `!important` declarations outrank every page rule, and the top layer puts it
 *   above any z-index without touching the page's layout (no layout shift).
 */
import type { OverlayLoss } from '../core/overlay/host-restoration.ts';
import type { FirstBubble } from '../core/flows/first-bubble.ts';
import type { EntryMode } from '../core/rules/rule-model.ts';
import { ext } from '../shared/browser-api.ts';
import { send } from '../shared/protocol.ts';
import {
  liftOverCornerWidgets,
  maxOverlayHeight,
  overlayHostStyle,
  PANEL_WIDTH,
  setImportant,
  setImportantStyle,
  undoingZoom,
  VIEWPORT_CAPS,
  type ViewportBox,
} from '../shared/overlay-box.ts';
import { guardHost } from './overlay-host-guard.ts';

export interface OverlayHandle {
  readonly conversationId: string;
  /** Sizes the frame to what the overlay's content asked for, and reveals it the first time (unless held). */
  resize(width: number, height: number): void;
  /** Shows or hides it (it was mounted `held`, or a modal dialog opened over it). */
  show(visible: boolean): void;
  remove(): void;
}

/**
 * How long the first bubble waits for the frame. The frame took at most ~1.7 s from the trigger
 * with the background stopped on the loaded 2-core machine (`bench:overlay`): one that is not there
 * after this failed to load or to attach, and the bubble goes rather than stay on the page inert.
 */
const FIRST_BUBBLE_MS = 5000;
/** The longest the overlay frame's creation waits for an idle moment after the first bubble's paint. */
const FRAME_IDLE_MS = 100;

/** Shows the host in the top layer; false where popovers are missing (it stays a plain fixed element). */
function showInTopLayer(host: HTMLElement): boolean {
  host.setAttribute('popover', 'manual');
  try {
    host.showPopover();
    return true;
  } catch {
    host.removeAttribute('popover');
    return false;
  }
}

/** What the page did to the overlay that Tact could not undo (the conversation is paused). */
export type OverlayGiveUp = (loss: OverlayLoss, restored: number) => void;

/** A decision's first bubble (`page/signal`): painted at once, before the frame is ready. */
export interface FirstPaint {
  entry: EntryMode;
  first: FirstBubble;
}

/**
 * Creates the overlay for a conversation; it stays invisible until its first `resize` (and, when
 * `held`, until `reveal`: the content script waits for the visitor to be free). With `paint` (a
 * decision's answer), the first bubble is drawn at once in the closed shadow root, inert, and shown
 * as soon as the overlay is: the frame, loading unseen over it, takes its place on its first
 * `resize`. When the page removes it or takes it out of the top layer, it is put back
 * (`overlay-host-guard.ts`): a new host and frame, the background first told (`overlay/restore`)
 * so the new frame may attach to the same conversation; after too many losses `onGiveUp` is called
 * and the host removed.
 */
export function mountOverlay(
  conversationId: string,
  onGiveUp?: OverlayGiveUp,
  held = false,
  paint?: FirstPaint,
): OverlayHandle {
  let parts = createHost(conversationId, paint);
  let host = parts.host;
  let size: [number, number] | undefined;
  const guard = new AbortController();
  let shown = !held;
  /** The first bubble, until the frame took its place or did not come in time. */
  let bubble = paint;
  const applySize = () => {
    const { frame, first } = parts;
    if (size && parts.behind && frame) {
      // The frame's first picture replaces the first bubble in the same frame; the bubble stays
      // under it two more frames, in case the frame's first paint comes late (no blank flash).
      parts.behind = false;
      setImportant(frame, { width: '100%', height: '100%', opacity: '1' });
      frame.inert = false;
      if (first) setImportant(first, { position: 'absolute', left: '0', bottom: '0' });
      requestAnimationFrame(() => requestAnimationFrame(() => first?.remove()));
    } else if (first && !bubble) first.remove(); // the frame did not come in time
    if (size || !bubble) parts.first = bubble = undefined;
    setImportant(host, {
      ...(size ? { width: `${Math.ceil(size[0])}px`, height: `${Math.ceil(size[1])}px` } : {}),
      visibility: shown && (size || parts.first) ? 'visible' : 'hidden',
    });
  };
  guardHost(
    () => host,
    {
      reshow: () => void showInTopLayer(host),
      rebuild: async () => {
        const { ok } = await send('overlay/restore', { conversationId });
        if (!ok || guard.signal.aborted) return false;
        parts = createHost(conversationId, bubble);
        host = parts.host;
        applySize();
        return true;
      },
      giveUp: (loss, restored) => {
        guard.abort();
        host.remove();
        onGiveUp?.(loss, restored);
      },
    },
    guard.signal,
  );
  if (bubble) {
    const late = setTimeout(() => {
      bubble = undefined;
      applySize(); // hidden until the frame reports a size, if it ever does
    }, FIRST_BUBBLE_MS);
    guard.signal.addEventListener('abort', () => clearTimeout(late));
  }
  // Escape dismisses the overlay even when the focus is on the page, unless the page handled
  // that Escape itself (its own menu or dialog). Looked at once the event has gone through all
  // the page's listeners; keys typed inside the overlay never reach the page (another origin).
  addEventListener(
    'keydown',
    (e) => {
      // Not while hidden: an Escape that closes the page's modal dialog is the dialog's.
      if (e.key !== 'Escape' || !e.isTrusted || e.isComposing || !shown) return;
      setTimeout(() => {
        if (!e.defaultPrevented && !guard.signal.aborted) send('overlay/dismiss', { conversationId }).catch(() => {}); // the overlay's own × still works
      });
    },
    { signal: guard.signal },
  );
  return {
    conversationId,
    resize(width, height) {
      size = [width, height];
      applySize();
    },
    show(visible) {
      shown = visible;
      applySize();
    },
    remove() {
      guard.abort();
      host.remove();
    },
  };
}

/** The frame's colours (overlay.css), light and dark: the first bubble looks like the panel it becomes. */
const BG = 'light-dark(#fff,#172022)';
const MUTED = 'light-dark(#5b6b6d,#a3b4b2)';
const ACCENT = 'light-dark(#0f766e,#2dd4bf)';

function element(tag: string, css: string, text?: string): HTMLElement {
  const el = document.createElement(tag);
  el.style.cssText = css; // the CSSOM: a page's style-src does not apply
  if (text !== undefined) el.textContent = text; // text, never markup
  return el;
}

/**
 * The first bubble: the panel's header (or the pill) and the opening lines the page may hold, or
 * the persona typing. Drawn by the content script in the closed shadow root, so it shows without
 * waiting for the frame; inert (no control, nothing to focus or select, nothing typed), and hidden
 * from assistive technology: the frame's conversation says the same a moment later.
 */
function firstBubble({ entry, first }: FirstPaint): HTMLElement {
  const pill = entry === 'pill';
  const avatar = element(
    'span',
    `width:${pill ? 28 : 32}px;height:${pill ? 28 : 32}px;border-radius:50%;flex:none;display:grid;place-items:center;font-weight:600;background:${ACCENT};color:light-dark(#fff,#062a27)`,
    first.avatar,
  );
  const close = element('span', `width:28px;text-align:center;font-size:20px;color:${MUTED}`, '×');
  const box = element(
    'div',
    `color-scheme:light dark;box-sizing:border-box;font:15px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:light-dark(#1c2526,#e8efee);background:${BG};border:1px solid light-dark(#d5dfde,#33413f);user-select:none;` +
      (pill
        ? 'display:inline-flex;max-width:100%;align-items:center;gap:8px;border-radius:999px;padding:6px 4px 6px 6px;font-size:14px;white-space:nowrap'
        : 'width:360px;max-width:100%;border-radius:16px;padding-bottom:8px'),
  );
  box.inert = true;
  box.setAttribute('aria-hidden', 'true');
  if (pill) {
    close.style.flex = 'none';
    box.append(
      avatar,
      element('span', 'min-width:0;overflow:hidden;text-overflow:ellipsis', first.words.pillOpen || first.name),
      close,
    );
    return box;
  }
  const header = element('div', 'display:flex;align-items:center;gap:10px;padding:12px 12px 8px 14px');
  const who = element('div', 'flex:1;min-width:0');
  who.append(
    element(
      'strong',
      'display:block;font-size:14px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis',
      first.name,
    ),
    element('span', `display:block;font-size:11px;color:${MUTED}`, first.words.via),
  );
  header.append(avatar, who, close);
  const log = element('div', 'display:flex;flex-direction:column;gap:8px;padding:4px 14px 8px');
  for (const line of first.lines.length ? first.lines : ['…'])
    log.append(
      element(
        'p',
        'margin:0;max-width:85%;padding:8px 12px;border-radius:14px 14px 14px 4px;background:light-dark(#eef4f3,#23302f);white-space:pre-wrap;overflow-wrap:anywhere;align-self:flex-start',
        line,
      ),
    );
  box.append(header, log);
  return box;
}

/**
 * A new host with its frame, on the page and in the top layer; with `paint`, the first bubble in
 * it too, which sizes the host while the frame loads unseen over it at the panel's size.
 */
/** A host and what is in it; `frame` is there at once without a first bubble, else once it was painted. */
interface HostParts {
  host: HTMLElement;
  frame?: HTMLIFrameElement;
  first?: HTMLElement | undefined;
  /** The frame is still behind the first bubble (it has not reported its size yet). */
  behind: boolean;
}

function createHost(conversationId: string, paint?: FirstPaint): HostParts {
  const host = document.createElement('div');
  const lift = liftOverCornerWidgets(cornerWidgets(), innerWidth, innerHeight);
  // With a first bubble, its size; else the panel's width up front (its first measured height is
  // then the right one) and room for the first layout (hidden until the overlay reports its height).
  setImportantStyle(host, {
    ...overlayHostStyle(paint ? 'auto' : `${PANEL_WIDTH}px`, paint ? 'auto' : maxOverlayHeight(lift), lift),
    // A page's `zoom` on its root scales everything under it, the top layer and the frame's
    // document too (`html { zoom: 2 }` made the overlay 720 px wide and two thirds of the viewport
    // high): undone, the overlay keeps the size the visitor's own browser zoom gives it. One
    // computed style, read before the host goes in (the busy look just before has most often left
    // the page's style clean).
    ...undoingZoom(getComputedStyle(document.documentElement).zoom),
  });
  const shadow = host.attachShadow({ mode: 'closed' });
  const first = paint && firstBubble(paint);
  const parts: HostParts = { host, first, behind: !!first };
  // A second load means the page took the host out and put it back: the reloaded frame is not
  // the one the conversation is bound to, so this host goes and the guard puts a new one in.
  let loads = 0;
  const addFrame = () => {
    const frame = (parts.frame = overlayFrame(conversationId, paint, !!first));
    frame.addEventListener('load', () => ++loads > 1 && host.remove());
    shadow.append(frame);
  };
  // With a first bubble, the frame is made and goes in once the bubble was painted: in Chromium a
  // new extension frame (another process) held the page's next paint back, by ~80 ms median on the
  // 2-core machine (bench:overlay, ARCHITECTURE.md "The first bubble"); and not in the task right
  // after that paint: creating it takes the page's main thread for 10-60 ms there, before the
  // page's own next task; at the first idle moment after the paint instead (at most FRAME_IDLE_MS
  // later on a page that is never idle). Made there too, not at the trigger: its element, styles
  // and extension URL were 1-1.5 ms of the trigger's task (`bench:overlay`, ARCHITECTURE.md "A
  // predicted first decision"). In a hidden tab it waits for the tab (no animation frame), as the
  // overlay does.
  if (first) {
    shadow.append(first);
    requestAnimationFrame(() => requestIdleCallback(() => host.isConnected && addFrame(), { timeout: FRAME_IDLE_MS }));
  } else addFrame();

  // The top layer keeps the overlay above any z-index, fixed to the viewport whatever the
  // ancestors' transforms; fall back to a plain fixed element where popovers are missing.
  document.documentElement.append(host);
  tactHosts.add(host);
  showInTopLayer(host);
  return parts;
}

/** The overlay's hosts, which are fixed elements in the corner too (one may still be leaving). */
const tactHosts = new WeakSet<Element>();

/**
 * Where the page's corner widgets are looked for, in CSS px from the viewport's right and bottom
 * edges: 44 px from the right edge, where launchers sit (one 48 px wide within 44 px of the edge is
 * hit), 40 px apart up the lower third (all that `liftOverCornerWidgets` counts); and at the
 * overlay's left, at the bottom, for bars. Each hit test costs (~0.05 ms on a large page), so few.
 */
const cornerProbes = (): [number, number][] => [
  ...Array.from({ length: Math.ceil(innerHeight / 120) }, (_, i): [number, number] => [44, 24 + 40 * i]),
  [340, 24],
  [340, 64],
];

/**
 * The page's fixed elements under the overlay's place (a chat launcher, a cookie bar), by hit tests
 * there: what the visitor cannot point at (`pointer-events: none`) is not in their way. Each
 * element's style is read once (the hits share most of their ancestors).
 */
function cornerWidgets(): ViewportBox[] {
  const found = new Set<Element>();
  const seen = new Set<Element>();
  for (const [x, y] of cornerProbes()) {
    let el = document.elementFromPoint(innerWidth - x, innerHeight - y);
    for (let depth = 0; el && depth < 8 && !seen.has(el); el = el.parentElement, depth++) {
      seen.add(el);
      if (el === document.body || el === document.documentElement || tactHosts.has(el)) break;
      if (getComputedStyle(el).position === 'fixed') {
        found.add(el);
        break;
      }
    }
  }
  return [...found].map((el) => el.getBoundingClientRect());
}

/**
 * The isolated extension frame of a conversation; `behind` a first bubble, it lays out at the size
 * the panel would have until its first size report, transparent and inert (nothing in it can be
 * focused, clicked or announced). Not `visibility: hidden`: Chromium stops rendering a hidden
 * cross-origin frame (no animation frame, no resize observation), and on a loaded machine the
 * frame then never reported its size (ARCHITECTURE.md, "The swap").
 */
function overlayFrame(conversationId: string, paint: FirstPaint | undefined, behind: boolean): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  setImportantStyle(frame, {
    all: 'initial',
    display: 'block',
    position: 'absolute',
    right: '0',
    bottom: '0',
    width: behind ? `min(${PANEL_WIDTH}px, ${VIEWPORT_CAPS.width})` : '100%',
    height: behind ? VIEWPORT_CAPS.height : '100%',
    border: '0',
    margin: '0',
    padding: '0',
    background: 'transparent',
    visibility: 'inherit',
    opacity: behind ? '0' : '1',
    'color-scheme': 'normal',
  });
  frame.inert = behind;
  // With a first bubble, the words came with the decision: no `i18n` call on the way to its paint.
  const title = paint ? paint.first.words.frameTitle : ext.i18n.getMessage('overlayFrameTitle');
  frame.setAttribute('title', title || 'Tact conversation');
  frame.setAttribute('allow', 'clipboard-write');
  frame.src = `${ext.runtime.getURL('overlay.html')}#${encodeURIComponent(conversationId)}`;
  return frame;
}
