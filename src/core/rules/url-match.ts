/**
 * URL patterns of rule conditions. Patterns are compared with the page URL without its hash:
 * `exact` and `prefix` compare text, `glob` understands `*` (any run of characters) and `?` (one
 * character), `regex` is a JavaScript regular expression. A pattern that starts with "/" is
 * compared with the path and query only, so one rule works on every site.
 *
 * None of them can stall the background on a hostile pattern or URL: globs are matched without
 * backtracking (glob-match.ts) and regular expressions by a linear-time engine (linear-regex.ts);
 * pages send URLs of at most `MAX_PAGE_URL_LENGTH` characters.
 *
 * Addresses are compared as people write them: a page's `/wiki/%D0%9C%D0%BE…` is `/wiki/Мо…`
 * (percent-escapes decoded, URL delimiters such as `%2F` kept), and a pattern's Unicode host is
 * its punycode form, so a Russian or French marketer's `/каталог/*` or `https://магазин.рф/…`
 * matches, and so does one copied from the address bar with its escapes.
 */
import type { Condition, Rule, UrlCondition, UrlMatch } from './rule-model.ts';
import { globMatches } from './glob-match.ts';
import { compileLinearRegex, type LinearRegex } from './linear-regex.ts';
import { asciiHost, withoutWww } from './site-host.ts';

/** The longest page URL Tact works with; a hello with a longer one is refused at the boundary. */
export const MAX_PAGE_URL_LENGTH = 4000;

/**
 * True when `url` matches `pattern` in the given mode. Refused or invalid regexes never match; a
 * regex is tried on the address as people write it, then as the browser escapes it (a pattern
 * written against the escapes keeps working).
 */
export function urlMatches(url: string, match: UrlMatch, pattern: string): boolean {
  const escaped = subjectFor(url, pattern);
  const subject = readableEscapes(escaped);
  switch (match) {
    case 'exact':
      return subject === comparedPattern(pattern);
    case 'prefix':
      return subject.startsWith(comparedPattern(pattern));
    case 'glob':
      return globMatches(comparedPattern(pattern), subject);
    case 'regex': {
      const regex = compiledRegex(pattern, false);
      return !!regex && (regex.test(subject) || (escaped !== subject && regex.test(escaped)));
    }
  }
}

/**
 * Text with its percent-escapes decoded as people read addresses (`%D0%BA` → `к`, `%C3%A9` → `é`),
 * except those of URL delimiters (`%2F`, `%3F`, `%23`, `%26`…, as `decodeURI` keeps them). A run
 * of escapes that is no UTF-8 text stays as it is.
 */
export function readableEscapes(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURI(run);
    } catch {
      return run;
    }
  });
}

/**
 * A path or address pattern as addresses are compared: escapes decoded (readableEscapes), and a
 * Unicode host after the scheme in its punycode form, as `location` gives it.
 */
export function comparedPattern(pattern: string): string {
  const text = readableEscapes(pattern);
  if (!/[^ -~]/.test(text)) return text; // printable ASCII: no Unicode host
  const address = /^(https?:\/\/)([^/?#]*)([\s\S]*)$/i.exec(text);
  return address && /[^ -~]/.test(address[2]!) ? address[1]! + asciiHost(address[2]!) + address[3]! : text;
}

/**
 * What a URL pattern is compared with, as people write it: the path and query for a pattern that
 * starts with "/", else the whole address, without its hash (readableEscapes).
 */
export function comparedSubject(url: string, pattern: string): string {
  return readableEscapes(subjectFor(url, pattern));
}

/**
 * The parts of a page address site and path conditions look at, the path as people write it
 * (readableEscapes); undefined for text that is no URL.
 */
export function addressParts(url: string): { host: string; hostname: string; path: string } | undefined {
  try {
    const u = new URL(url);
    return { host: u.host.toLowerCase(), hostname: u.hostname.toLowerCase(), path: readableEscapes(u.pathname) };
  } catch {
    return undefined;
  }
}

/**
 * True when the page is on the site `host`: `news.example` (it or www.news.example, any port),
 * `news.example:8080` (that port only), or `*.news.example` (news.example itself and every
 * subdomain). Case-insensitive; a Unicode name matches its punycode address.
 */
export function siteMatches(url: string, host: string): boolean {
  const parts = addressParts(url);
  if (!parts) return false;
  const want = asciiHost(host);
  const wildcard = want.startsWith('*.');
  const name = wildcard ? want.slice(2) : want;
  const seen = name.includes(':') ? parts.host : parts.hostname;
  // With a port, the subdomain test compares host:port; without, the host name alone.
  if (wildcard) return seen === name || seen.endsWith(`.${name}`);
  return withoutWww(seen) === withoutWww(name);
}

/** True when the page's path (no query, no hash) matches the glob `pattern`. */
export function pathMatches(url: string, pattern: string): boolean {
  const parts = addressParts(url);
  return parts !== undefined && globMatches(comparedPattern(pattern), parts.path);
}

/**
 * Whether a condition is on the page's address (site, path or URL). Here rather than beside the
 * schemas in rule-model.ts: the code every page loads (arming) needs it, and must not carry valibot.
 */
export function isUrlCondition(c: Condition): c is UrlCondition {
  return c.kind === 'site' || c.kind === 'path' || c.kind === 'url';
}

/** Whether one site, path or URL condition holds for a page address. */
export function urlConditionHolds(c: UrlCondition, url: string): boolean {
  switch (c.kind) {
    case 'site':
      return siteMatches(url, c.host);
    case 'path':
      return pathMatches(url, c.pattern);
    case 'url':
      return urlMatches(url, c.match, c.pattern);
  }
}

/** Whether every site, path and URL condition of a rule holds for a page address. */
export function urlConditionsHold(rule: Rule, url: string): boolean {
  return rule.conditions.every((c) => !isUrlCondition(c) || urlConditionHolds(c, url));
}

function subjectFor(url: string, pattern: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  u.hash = '';
  return pattern.startsWith('/') ? u.pathname + u.search : u.href;
}

const regexCache = new Map<string, LinearRegex | null>();

/**
 * A compiled linear-time regular expression, cached; null when the pattern is invalid or refused
 * (back-references, lookarounds, too large: see `compileLinearRegex`).
 */
export function compiledRegex(pattern: string, ignoreCase: boolean): LinearRegex | null {
  const key = `${ignoreCase ? 'i' : '-'}${pattern}`;
  let re = regexCache.get(key);
  if (re === undefined) {
    const compiled = compileLinearRegex(pattern, { ignoreCase });
    re = compiled.ok ? compiled.regex : null;
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}
