/**
 * The embed's overlay, loaded on the first show: the extension's own conversation component
 * (shared/ui/tact-conversation.ts) rendered with lit-html into a closed shadow root, on a host
 * element in the top layer that carries the same defences as the extension's overlay host
 * (content/overlay-frame.ts): `all: initial` and every property inline with `!important`, which
 * outrank any page rule. No iframe: on its own site the page is the data's owner.
 *
 * Styles come from the overlay's own stylesheet as a constructed stylesheet (`adoptedStyleSheets`,
 * adapted to a shadow root by embed-stylesheet.ts), host styles through the CSSOM: a page with a
 * strict Content-Security-Policy (no inline styles, no eval) needs nothing more than the script's
 * origin in `script-src`. What the frame's own document gives the extension's overlay, the host
 * says itself: the conversation's language (`lang`) and direction, whatever the page's.
 */
import { html, render } from 'lit/html.js';
import overlayCss from '../overlay/overlay.css';
import type { Words } from '../core/rules/reason-words.ts';
import { useMessages, wordsIn } from '../shared/i18n.ts';
import { overlayHostStyle, PANEL_WIDTH, setImportant, setImportantStyle } from '../shared/overlay-box.ts';
import { embedStylesheet } from './embed-stylesheet.ts';
import { TactConversation, type ConversationDriver } from '../shared/ui/tact-conversation.ts';
import type { FlowLocale } from '../core/flows/localized-text.ts';

/** The mounted overlay. */
export interface EmbedOverlay {
  resize(width: number, height: number): void;
  remove(): void;
}

/**
 * The words of the "why" view in `locale` (reasons' sentences and what they name), imported when
 * the visitor first asks why: the overlay's own words leave them out.
 */
export async function whyWords(locale: FlowLocale): Promise<Words> {
  const messages = (await import(new URL(`./messages/why-${locale}.js`, import.meta.url).href)) as {
    default: Record<string, string>;
  };
  return wordsIn(locale, messages.default);
}

/**
 * Mounts the conversation for `driver`, its own words in `locale` (the conversation's language, as
 * its texts); it stays invisible until its first size report.
 */
export async function mountOverlay(driver: ConversationDriver, locale: FlowLocale): Promise<EmbedOverlay> {
  const messages = (await import(new URL(`./messages/${locale}.js`, import.meta.url).href)) as {
    default: Record<string, string>;
  };
  useMessages(locale, messages.default);
  // Another copy of the embed on the page may have defined it already: the same component.
  if (!customElements.get('tact-conversation')) customElements.define('tact-conversation', TactConversation);

  const host = document.createElement('div');
  // `all: initial` leaves `direction` alone: on a right-to-left page the panel would inherit it
  // ("?Why am I seeing this"). Tact's languages are written left to right.
  setImportantStyle(host, {
    ...overlayHostStyle(`${PANEL_WIDTH}px`, 'auto'),
    direction: 'ltr',
    'unicode-bidi': 'isolate',
  });
  host.setAttribute('data-tact-embed', '');
  // The conversation's language, not the page's: screen readers voice it, French and Russian typography follow it.
  host.lang = locale;
  host.dir = 'ltr';
  const shadow = host.attachShadow({ mode: 'closed' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(embedStylesheet(overlayCss));
  shadow.adoptedStyleSheets = [sheet];
  const conversation = document.createElement('tact-conversation') as HTMLElement & { driver: ConversationDriver };
  conversation.driver = driver;
  render(html`${conversation}`, shadow);

  host.setAttribute('popover', 'manual');
  document.documentElement.append(host);
  try {
    host.showPopover();
  } catch {
    host.removeAttribute('popover');
  }
  // Escape dismisses the overlay from the page too, as the extension's does (content/overlay-frame.ts),
  // unless the page handled that Escape itself (its own menu or dialog): looked at once the event
  // has gone through all the page's listeners. One pressed inside the overlay is the component's.
  const keys = new AbortController();
  let sized = false;
  addEventListener(
    'keydown',
    (e) => {
      if (e.key !== 'Escape' || !e.isTrusted || e.isComposing || !sized || e.composedPath().includes(host)) return;
      setTimeout(() => {
        if (!e.defaultPrevented && !keys.signal.aborted) void driver.close('dismissed');
      });
    },
    { signal: keys.signal },
  );
  return {
    resize(width, height) {
      sized = true;
      setImportant(host, { width: `${Math.ceil(width)}px`, height: `${Math.ceil(height)}px`, visibility: 'visible' });
    },
    remove() {
      keys.abort();
      host.remove();
    },
  };
}
