/**
 * The element picker, started from the popup ("Pick an element"): hovering outlines the element
 * under the cursor (or the focused one, for keyboard users; on a link's or button's text, icon or
 * image, that link or button) with a label saying what it is (`link “Trail boots” → /shop/boots`),
 * a click picks it (the click never reaches the page), Enter picks the outlined element, Escape
 * cancels. The picked element's robust selector (`content/picker/selector.ts`) goes to the
 * background, which keeps it for the popup (the popup closes as soon as the page gets focus), and
 * a small confirmation shows the selector on the page for a few seconds.
 *
 * Not part of the always-on content script: shipped as its own web-accessible module, imported by
 * the content script on `picker/start` only (ARCHITECTURE.md, "Preview tools"). The outline, the
 * hover label and the messages are drawn in Tact's own layer (a closed shadow root on a host in
 * the top layer, styled through the CSSOM, which page CSP does not block), never by changing the
 * page's styles; page texts reach it only as `textContent`.
 */
import { robustSelector, type SelectorElement } from './selector.ts';
import { EDGE, labelPosition } from './label-position.ts';
import { fillMessage, t } from '../../shared/i18n.ts';
import { send } from '../../shared/protocol.ts';
import { setImportant } from '../../shared/overlay-box.ts';

let running: AbortController | undefined;

/** Tact's own layer over the page: nothing in it takes pointer events, so the page stays hoverable. */
function makeLayer(): { host: HTMLElement; box: HTMLElement; label: HTMLElement; note: HTMLElement } {
  const host = document.createElement('div');
  setImportant(host, { all: 'initial' });
  setImportant(host, {
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
  setImportant(box, {
    position: 'fixed',
    display: 'none',
    outline: '2px solid #d9480f',
    'outline-offset': '-1px',
    background: 'rgba(217, 72, 15, 0.12)',
    'border-radius': '2px',
    'pointer-events': 'none',
    'box-sizing': 'border-box',
  });
  // What the outlined element is, beside the outline (placed by `placeLabel`): one line, cut short.
  const label = document.createElement('div');
  setImportant(label, {
    position: 'fixed',
    display: 'none',
    left: '0',
    top: '0',
    'max-width': `min(480px, calc(100vw - ${2 * EDGE}px))`,
    padding: '2px 7px',
    'border-radius': '4px',
    background: '#1f2328',
    color: '#fff',
    font: '500 12px/18px system-ui, sans-serif',
    'white-space': 'pre',
    overflow: 'hidden',
    'text-overflow': 'ellipsis',
    'unicode-bidi': 'plaintext',
    'box-shadow': '0 2px 8px rgba(0,0,0,.25)',
    'pointer-events': 'none',
    'box-sizing': 'border-box',
  });
  const note = document.createElement('div');
  note.setAttribute('role', 'status');
  setImportant(note, {
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
  root.append(box, label, note);
  host.setAttribute('popover', 'manual');
  document.documentElement.append(host);
  try {
    host.showPopover(); // above any z-index of the page
  } catch {
    /* older engines: the fixed position and z-index still apply */
  }
  return { host, box, label, note };
}

/** Places the label by the outlined box, inside the viewport (`label-position.ts`). */
function placeLabel(label: HTMLElement, r: DOMRect): void {
  const at = labelPosition(
    r,
    { width: label.offsetWidth, height: label.offsetHeight },
    { width: innerWidth, height: innerHeight },
  );
  setImportant(label, { left: `${at.left}px`, top: `${at.top}px` });
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

/** Longest name shown in the label (and kept with a pick), and longest address after a link's arrow. */
const NAME_LENGTH = 60;
const ADDRESS_LENGTH = 40;

/**
 * The start of an element's text, read no further than needed: a hovered container may hold the
 * whole page (at most 200 text nodes, blank ones counted as one space).
 */
function textStart(el: Element, max = NAME_LENGTH): string {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let text = '';
  for (let node = walker.nextNode(), n = 0; node && text.length <= max && n < 200; node = walker.nextNode(), n++) {
    const parent = node.parentElement?.localName;
    if (parent === 'script' || parent === 'style' || parent === 'noscript' || parent === 'template') continue;
    const value = (node.nodeValue ?? '').replace(/\s+/g, ' ');
    if (value !== ' ' || !text.endsWith(' ')) text += value;
  }
  return text;
}

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const clean = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/** What the picker calls an element, in the marketer's language (read once per pick). */
interface Kinds {
  link: string;
  button: string;
  heading: string;
  image: string;
  field: string;
  /** `$1 “$2”`, as the language quotes. */
  named: string;
}

function kindsInLanguage(): Kinds {
  return {
    link: t('pvPickerLink'),
    button: t('pvPickerButton'),
    heading: t('pvPickerHeading'),
    image: t('pvPickerImage'),
    field: t('pvPickerField'),
    named: t('pvPickerNamed', '$1', '$2'),
  };
}

/**
 * The element in human terms: what it is (a link, a button, a heading, an image, a field, else its
 * tag) and its name (its accessible label, an image's alt, the start of its text), and where a link
 * goes (its path, without the query; another site's host too): `link “Trail boots” → /shop/boots`.
 */
function describe(el: Element, kinds: Kinds): string {
  const tag = el.localName;
  const role = el.getAttribute('role');
  const type = (el.getAttribute('type') ?? '').toLowerCase();
  const kind =
    (tag === 'a' && el.hasAttribute('href')) || role === 'link'
      ? kinds.link
      : tag === 'button' ||
          role === 'button' ||
          tag === 'summary' ||
          (tag === 'input' && ['button', 'submit', 'reset', 'image'].includes(type))
        ? kinds.button
        : /^h[1-6]$/.test(tag) || role === 'heading'
          ? kinds.heading
          : tag === 'img' || tag === 'svg' || tag === 'picture' || role === 'img'
            ? kinds.image
            : tag === 'input' || tag === 'select' || tag === 'textarea'
              ? kinds.field
              : tag;
  const name = shorten(
    clean(
      el.getAttribute('aria-label') ||
        (tag === 'img' ? el.getAttribute('alt') : '') ||
        // A button's value is its caption; a field's is what someone typed, never shown.
        (tag === 'input'
          ? (kind === kinds.button && el.getAttribute('value')) || el.getAttribute('placeholder')
          : '') ||
        (tag === 'select' || tag === 'textarea' ? '' : textStart(el)) ||
        el.getAttribute('title') ||
        (tag === 'a' || kind === kinds.button ? el.querySelector('img[alt]')?.getAttribute('alt') : ''), // an image link
    ),
    NAME_LENGTH,
  );
  let text = name ? fillMessage(kinds.named, [kind, name]) : kind;
  const href = tag === 'a' ? el.getAttribute('href') : null;
  if (href && !/^(javascript|data):/i.test(href)) {
    try {
      const url = new URL(href, location.href);
      const where = url.origin === location.origin ? url.pathname + url.hash : url.host + url.pathname;
      text += ` → ${shorten(where, ADDRESS_LENGTH)}`;
    } catch {
      /* not an address: the label says what the link is without it */
    }
  }
  return text;
}

/** Starts picking; a second call restarts. Resolves with the selector, or null when cancelled. */
export function startPicker(): Promise<string | null> {
  running?.abort();
  const life = (running = new AbortController());
  const { host, box, label, note } = makeLayer();
  note.textContent = t('pvPickerHint');
  const kinds = kindsInLanguage();
  let current: Element | null = null;

  const outline = (el: Element | null) => {
    const changed = el !== current;
    current = el;
    if (!el) {
      setImportant(box, { display: 'none' });
      setImportant(label, { display: 'none' });
      return;
    }
    const r = el.getBoundingClientRect();
    setImportant(box, {
      display: 'block',
      left: `${r.left}px`,
      top: `${r.top}px`,
      width: `${Math.max(r.width, 2)}px`,
      height: `${Math.max(r.height, 2)}px`,
    });
    // The page's texts are only ever text here (textContent), never markup.
    if (changed || label.style.display === 'none') label.textContent = describe(el, kinds);
    setImportant(label, { display: 'block' });
    placeLabel(label, r);
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
      label.remove();
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
      send('picker/picked', { selector, label: describe(picked, kinds) }).catch(() => {
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
