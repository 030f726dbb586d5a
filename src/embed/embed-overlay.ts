/**
 * The embed's overlay, loaded on the first show: the extension's own conversation component
 * (shared/ui/tact-conversation.ts) rendered with lit-html into a closed shadow root, on a host
 * element in the top layer that carries the same defences as the extension's overlay host
 * (content/overlay-frame.ts): `all: initial` and every property inline with `!important`, which
 * outrank any page rule. No iframe: on its own site the page is the data's owner.
 *
 * Styles come from the overlay's own stylesheet as a constructed stylesheet (`adoptedStyleSheets`),
 * host styles through the CSSOM: a page with a strict Content-Security-Policy (no inline styles,
 * no eval) needs nothing more than the script's origin in `script-src`.
 */
import { html, render } from 'lit/html.js';
import overlayCss from '../overlay/overlay.css';
import { useMessages } from '../shared/i18n.ts';
import { TactConversation, type ConversationDriver } from '../shared/ui/tact-conversation.ts';
import type { FlowLocale } from '../core/flows/localized-text.ts';

/** The mounted overlay. */
export interface EmbedOverlay {
  resize(width: number, height: number): void;
  remove(): void;
}

const MARGIN = 16;
const PANEL_WIDTH = 360;

function important(el: HTMLElement, styles: Record<string, string>): void {
  for (const [name, value] of Object.entries(styles)) el.style.setProperty(name, value, 'important');
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
  important(host, { all: 'initial' });
  important(host, {
    display: 'block',
    position: 'fixed',
    inset: 'auto',
    right: `${MARGIN}px`,
    bottom: `${MARGIN}px`,
    width: `${PANEL_WIDTH}px`,
    height: 'auto',
    'max-width': `calc(100vw - ${2 * MARGIN}px)`,
    // Never over the centre of the page: at most the lower half of the viewport.
    'max-height': `calc(50vh - ${MARGIN + 8}px)`,
    margin: '0',
    padding: '0',
    border: '0',
    overflow: 'hidden',
    'border-radius': '16px',
    background: 'transparent',
    'box-shadow': '0 8px 28px rgba(0, 0, 0, 0.18), 0 2px 6px rgba(0, 0, 0, 0.12)',
    'z-index': '2147483647',
    visibility: 'hidden',
    opacity: '1',
    transform: 'none',
    'pointer-events': 'auto',
    'color-scheme': 'normal',
  });
  host.setAttribute('data-tact-embed', '');
  const shadow = host.attachShadow({ mode: 'closed' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(overlayCss);
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
  return {
    resize(width, height) {
      important(host, { width: `${Math.ceil(width)}px`, height: `${Math.ceil(height)}px`, visibility: 'visible' });
    },
    remove() {
      host.remove();
    },
  };
}
