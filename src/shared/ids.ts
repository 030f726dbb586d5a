/**
 * Random identifiers. `crypto.randomUUID` exists only in secure contexts (not on plain-http
 * pages, where the content script also runs), so the id is built from getRandomValues.
 */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A page view's id for the content script, made without `crypto`: in the content script's fresh
 * isolated world the first `crypto.getRandomValues` call costs about 1 ms of script (the Crypto
 * interface is set up for that world; `bench:content` probes, Chromium), as much as the rest of
 * the hello. The id only needs to be unique among the visitor's page views, not secret (the page
 * never sees it): the time plus two 52-bit draws of `Math.random`, in the protocol's id alphabet.
 */
export function pageViewIdNow(): string {
  const draw = () => Math.floor(Math.random() * 2 ** 52).toString(36);
  return `${Date.now().toString(36)}-${draw()}-${draw()}`;
}
