/**
 * Where a flow's link or hand-off button leads. A flow may name a full http(s) or mailto: address,
 * or a path on the site the conversation runs on ("/shop/"). A path must stay on that site:
 * "//evil.example", "/\evil.example" and "/\t/evil.example" look like paths but browsers read them
 * as another site's address, so they are refused here, in validation and again when a step is
 * shown (a flow stored before this check cannot send the visitor elsewhere).
 */

const PROBE_ORIGIN = 'https://tact.invalid';

/** True when `url` is a path that, resolved on any site, stays on that site. */
export function isSameSitePath(url: string): boolean {
  if (!url.startsWith('/')) return false;
  try {
    return new URL(url, PROBE_ORIGIN).origin === PROBE_ORIGIN;
  } catch {
    return false;
  }
}

/** True for an absolute address a flow may link to: http(s) with a host, or mailto:. */
export function isExternalLink(url: string): boolean {
  if (/^mailto:/i.test(url)) return true;
  if (!/^https?:\/\//i.test(url)) return false;
  try {
    return new URL(url).host !== '';
  } catch {
    return false;
  }
}

/**
 * The address a link opens for a conversation on `origin`: an absolute address as it is, a path
 * made absolute on `origin`, anything else (a path leading off the site, `javascript:`, junk)
 * undefined, so no button opens it.
 */
export function linkTarget(url: string, origin: string): string | undefined {
  if (isSameSitePath(url)) return new URL(url, origin).href;
  return isExternalLink(url) ? url : undefined;
}
