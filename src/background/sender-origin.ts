/**
 * Which site a content script speaks for. The browser says which page sent a message
 * (`sender.origin`, `sender.url`, `sender.tab.url`); a content script's payload only claims it. A
 * page the content script runs in could have been taken over (a compromised script in the isolated
 * world is still that site's), so the site is always taken from the browser, and a payload URL of
 * another site — or one that is not a web page at all (`javascript:`, `data:`, `blob:`…) — is
 * refused. Pure: tested in Node with fast-check.
 */
import { MAX_PAGE_URL_LENGTH } from '../core/rules/url-match.ts';

/** What the browser reports about a message's sender (the parts of `runtime.MessageSender` used). */
export interface SenderPlace {
  /** The sending frame's origin (Chrome; absent in Firefox). */
  origin?: string;
  /** The sending frame's URL. */
  url?: string;
  /** The URL of the sender's tab (a fallback: it may already show the next navigation). */
  tabUrl?: string;
}

export type PagePlace = { ok: true; origin: string; url: string } | { ok: false; reason: string };

/** The origin of an http(s) address, or undefined for anything else (or junk). */
function webOrigin(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The web origin the browser says a message came from; undefined when it says nothing usable. */
export function senderOrigin(sender: SenderPlace): string | undefined {
  const fromUrl = webOrigin(sender.url);
  // `origin` is a bare origin ("https://shop.example"), "null" for an opaque one.
  const fromOrigin = sender.origin && sender.origin !== 'null' ? webOrigin(sender.origin) : undefined;
  if (fromOrigin && fromUrl && fromOrigin !== fromUrl) return undefined; // the browser contradicts itself
  return fromOrigin ?? fromUrl ?? (sender.origin === undefined ? webOrigin(sender.tabUrl) : undefined);
}

/**
 * The page a content script's message is about: the origin from the browser, and the URL the
 * payload claims when it is an http(s) address of that same origin (the content script knows the
 * page's current address, client-side route included; the browser's may lag behind it).
 * Refuses anything else, with the reason for the log.
 */
export function pagePlace(sender: SenderPlace, claimedUrl: string): PagePlace {
  const origin = senderOrigin(sender);
  if (!origin) return { ok: false, reason: 'the browser did not say which web page sent this' };
  // Matching rule patterns costs time in proportion to the URL: a hostile page cannot send a huge one.
  if (claimedUrl.length > MAX_PAGE_URL_LENGTH)
    return { ok: false, reason: `the page address is longer than ${MAX_PAGE_URL_LENGTH} characters` };
  let claimed: URL;
  try {
    claimed = new URL(claimedUrl);
  } catch {
    return { ok: false, reason: 'the page address is not a URL' };
  }
  if (claimed.protocol !== 'http:' && claimed.protocol !== 'https:')
    return { ok: false, reason: `a ${claimed.protocol} address is not a web page` };
  if (claimed.origin !== origin) return { ok: false, reason: `the page claims ${claimed.origin} but is on ${origin}` };
  return { ok: true, origin, url: claimedUrl };
}
