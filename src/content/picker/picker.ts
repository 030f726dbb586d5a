/**
 * The element picker, started from the popup ("Pick an element"): hovering outlines the element
 * under the cursor (or the focused one, for keyboard users; on a link's or button's text, icon or
 * image, that link or button), a click picks it (the click never reaches the page), Enter picks the
 * outlined element, Escape cancels. The picked element's robust selector (`content/picker/selector.ts`) goes to the
 * background, which keeps it for the popup (the popup closes as soon as the page gets focus), and
 * a small confirmation shows the selector on the page for a few seconds.
 *
 * Not part of the always-on content script: shipped as its own web-accessible module, imported by
 * the content script on `picker/start` only (ARCHITECTURE.md, "Preview tools"). The outline and
 * the messages are drawn in Tact's own layer (a closed shadow root on a host in the top layer,
 * styled through the CSSOM, which page CSP does not block), never by changing the page's styles.
 */
import { robustSelector, type SelectorElement } from './selector.ts';
import { t } from '../../shared/i18n.ts';
import { send } from '../../shared/protocol.ts';

let running: AbortController | undefined;

function important(el: HTMLElement, styles: Record<string, string>): void {
  for (const [name, value] of Object.entries(styles)) el.style.setProperty(name, value, 'important');
}

/** Tact's own layer over the page: nothing in it takes pointer events, so the page stays hoverable. */
function makeLayer(): { host: HTMLElement; box: HTMLElement; note: HTMLElement } {
  const host = document.createElement('div');
  important(host, { all: 'initial' });
  important(host, {
    display: 'block',
    position: 'fixed',
    inset: '0',
    width: '100vw',
    height: '100vh',
    margin: '0',
    padding: '0',
    border: '0',
    background: 'transparent',
    'pointer-events': 'none',
    'z-index': '2147483647',
    overflow: 'visible',
    // `all` leaves direction alone: on a right-to-left page the messages (in Tact's left-to-right
    // languages, with a selector that is code) would be laid out backwards.
    direction: 'ltr',
  });
  const root = host.attachShadow({ mode: 'closed' });
  const box = document.createElement('div');
  important(box, {
    position: 'fixed',
    display: 'none',
    outline: '2px solid #d9480f',
    'outline-offset': '-1px',
    background: 'rgba(217, 72, 15, 0.12)',
    'border-radius': '2px',
    'pointer-events': 'none',
    'box-sizing': 'border-box',
  });
  const note = document.createElement('div');
  note.setAttribute('role', 'status');
  important(note, {
    position: 'fixed',
    left: '50%',
    top: '12px',
    transform: 'translateX(-50%)',
    'max-width': 'min(90vw, 640px)',
    padding: '8px 14px',
    'border-radius': '8px',
    background: '#1f2328',
    color: '#fff',
    font: '500 13px/1.4 system-ui, sans-serif',
    'box-shadow': '0 4px 16px rgba(0,0,0,.25)',
    'pointer-events': 'none',
    'overflow-wrap': 'anywhere',
    'text-align': 'center',
  });
  root.append(box, note);
  host.setAttribute('popover', 'manual');
  document.documentElement.append(host);
  try {
    host.showPopover(); // above any z-index of the page
  } catch {
    /* older engines: the fixed position and z-index still apply */
  }
  return { host, box, note };
}

const wrapped = new WeakMap<Element, SelectorElement>();

/** The selector generator's view of a real element. */
function wrap(el: Element): SelectorElement {
  let w = wrapped.get(el);
  if (!w) {
    w = {
      tag: el.localName,
      id: el.id,
      classes: [...el.classList],
      attrNames: el.getAttributeNames(),
      attr: (name) => el.getAttribute(name),
      get parent() {
        return el.parentElement ? wrap(el.parentElement) : null;
      },
      get children() {
        return [...el.children].map(wrap);
      },
    };
    wrapped.set(el, w);
  }
  return w;
}

/** Controls a marketer means when the cursor is on their text, icon or image. */
const CONTROL = 'a[href], button, [role="button"], [role="link"], summary, label';
/** Inline content: what a control's label is made of (its text, icon, image), not a part of its own. */
const INLINE = new Set('span i b strong em small u s mark abbr sub sup bdi bdo br img picture svg'.split(' '));

/**
 * What the marketer means by the element under the cursor: the link or button whose label it is
 * part of (`a > span`, `button > svg > path`), so the rule watches the whole control, not its text;
 * an SVG's inner shapes are the SVG. Block content in a control (a card link's heading) is itself.
 */
function meant(el: Element): Element {
  const e = el instanceof SVGElement && el.ownerSVGElement ? el.closest('svg')! : el;
  for (let up = e; up.parentElement && INLINE.has(up.localName);) {
    up = up.parentElement;
    if (up.matches(CONTROL)) return up;
    if (!INLINE.has(up.localName)) break;
  }
  return e;
}

/** A short human label: the tag and the start of its text or accessible name. */
function labelOf(el: Element): string {
  const text = (el.getAttribute('aria-label') || el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 60);
  return text ? `${el.localName} “${text}”` : el.localName;
}

/** Starts picking; a second call restarts. Resolves with the selector, or null when cancelled. */
export function startPicker(): Promise<string | null> {
  running?.abort();
  const life = (running = new AbortController());
  const { host, box, note } = makeLayer();
  note.textContent = t('pvPickerHint');
  let current: Element | null = null;

  const outline = (el: Element | null) => {
    current = el;
    if (!el) {
      important(box, { display: 'none' });
      return;
    }
    const r = el.getBoundingClientRect();
    important(box, {
      display: 'block',
      left: `${r.left}px`,
      top: `${r.top}px`,
      width: `${Math.max(r.width, 2)}px`,
      height: `${Math.max(r.height, 2)}px`,
    });
  };
  const targetOf = (e: Event): Element | null => {
    const el = e.target instanceof Element ? e.target : null;
    return el && el !== host && el !== document.documentElement ? meant(el) : null;
  };
  const swallow = (e: Event) => {
    e.preventDefault();
    e.stopImmediatePropagation();
  };

  return new Promise((resolve) => {
    const finish = (picked: Element | null) => {
      life.abort();
      if (running === life) running = undefined;
      if (!picked) {
        host.remove();
        resolve(null);
        return;
      }
      box.remove();
      host.hidden = true; // out of the way while the selector is checked against the page
      const selector = robustSelector(wrap(picked), wrap(document.documentElement), {
        count: (_path, text) => {
          try {
            return document.querySelectorAll(text).length;
          } catch {
            return 0;
          }
        },
      });
      host.hidden = false;
      note.textContent = t('pvPickerPicked', selector);
      setTimeout(() => host.remove(), 6000);
      send('picker/picked', { selector, label: labelOf(picked) }).catch(() => {
        note.textContent = t('pvPickerFailed');
      });
      resolve(selector);
    };
    const opts = { capture: true, signal: life.signal };
    addEventListener('mouseover', (e) => outline(targetOf(e)), opts);
    // Keyboard: Tab moves the outline with the focus, Enter picks it.
    addEventListener('focusin', (e) => outline(targetOf(e)), opts);
    addEventListener('scroll', () => outline(current), { ...opts, passive: true });
    // The page never sees the picking click, nor the presses around it.
    for (const type of [
      'pointerdown',
      'mousedown',
      'pointerup',
      'mouseup',
      'dblclick',
      'auxclick',
      'contextmenu',
    ] as const)
      addEventListener(type, swallow, opts);
    addEventListener(
      'click',
      (e) => {
        swallow(e);
        finish(targetOf(e) ?? current);
      },
      opts,
    );
    addEventListener(
      'keydown',
      (e) => {
        if (e.key === 'Escape') {
          swallow(e);
          finish(null);
        } else if (e.key === 'Enter' && current) {
          swallow(e);
          finish(current);
        }
      },
      opts,
    );
  });
}
