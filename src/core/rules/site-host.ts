/**
 * A site condition's host as the browser writes page addresses, so what a marketer types
 * (`Магазин.рф`, `www.shop.example`) is compared with `location`'s host name. No imports: the
 * rule schema, the engine, the rule index, the content-script registration and the rule editor
 * use it.
 */

/** Unicode hosts already converted: the engine checks the same few site conditions on every page. */
const asciiHosts = new Map<string, string>();

/**
 * A site host as page addresses carry it: trimmed, lower case, a Unicode name in its ASCII
 * (punycode) form (`магазин.рф` → `xn--80aairftm.xn--p1ai`), `*.` and `:port` kept. A name that is
 * no host comes back lower-cased, still non-ASCII, so the site check refuses it.
 */
export function asciiHost(host: string): string {
  const lower = host.trim().toLowerCase();
  if (!/[^ -~]/.test(lower)) return lower; // printable ASCII: nothing to convert
  let ascii = asciiHosts.get(lower);
  if (ascii === undefined) {
    const [, wildcard = '', name = '', port = ''] = /^(\*\.)?(.*?)(:\d*)?$/.exec(lower) ?? [];
    const asciiName = punycodeName(name);
    ascii = asciiName === undefined ? lower : wildcard + asciiName + port;
    if (asciiHosts.size >= 1000) asciiHosts.clear();
    asciiHosts.set(lower, ascii);
  }
  return ascii;
}

/** A host name's ASCII form as the URL parser makes it (IDNA), or undefined for text that is no name. */
function punycodeName(name: string): string | undefined {
  // Only a name: a URL would take "магазин.рф/корзина" as a host and a path.
  if (/[/?#@\\\s%:[\]]/.test(name)) return undefined;
  try {
    return new URL(`http://${name}`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * A host (optionally with `:port`) without a leading `www.`: a site and its `www.` name are one
 * site to the people who write rules (shop.example is typed for www.shop.example, and back).
 */
export function withoutWww(host: string): string {
  return host.startsWith('www.') && host.length > 4 ? host.slice(4) : host;
}

/**
 * The host of a copied page address (`https://www.shop.example/cart?x=1` → `www.shop.example`),
 * as it was written (a Unicode name stays Unicode); undefined for anything else. The rule editor
 * puts it in a site field given a whole address, where the site check would refuse it.
 */
export function hostOfAddress(text: string): string | undefined {
  const host = /^\s*https?:\/\/([^/?#\s@]+)(?:[/?#]\S*)?\s*$/i.exec(text)?.[1];
  return host?.toLowerCase();
}
