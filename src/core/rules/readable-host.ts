/**
 * Addresses as people read them: a punycode host (`xn--80aairftm.xn--p1ai`, what `location` and
 * `URL` give for a Unicode name) shown as its Unicode name (`магазин.рф`), in the popup, the
 * settings' site list, the answers table and the "why" of a site condition. Display only: matching
 * compares the ASCII form (site-host.ts). Apart from site-host.ts so the punycode decoder reaches
 * only the pages that show addresses, never the content script or the background.
 */
import punycode from 'punycode/punycode.js';
import type { Reason } from './reason.ts';

/** An origin or host with each `xn--` label decoded; anything it cannot decode is left as it is. */
export function readableHost(address: string): string {
  if (!/xn--/i.test(address)) return address;
  return address.replace(/xn--[a-z0-9-]+/gi, (label) => {
    try {
      return punycode.toUnicode(label.toLowerCase());
    } catch {
      return label;
    }
  });
}

/** The reasons whose `page` parameter is the page's host. */
const NAMING_THE_PAGE_HOST = new Set(['site-match', 'site-other', 'page-host']);

/**
 * A site condition's verdict ("the page is on xn--…; the rule is for магазин.рф") or what a site
 * check saw, with the page's host as people read it; any other reason (or text) as it is.
 */
export function readableSiteReason(reason: Reason): Reason;
export function readableSiteReason(reason: Reason | string): Reason | string;
export function readableSiteReason(reason: Reason | string): Reason | string {
  if (typeof reason === 'string') return reason;
  const page = reason.params?.page;
  return NAMING_THE_PAGE_HOST.has(reason.code) && typeof page === 'string'
    ? { ...reason, params: { ...reason.params, page: readableHost(page) } }
    : reason;
}
