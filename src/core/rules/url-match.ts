/**
 * URL patterns of rule conditions. Patterns are compared with the page URL without its hash:
 * `exact` and `prefix` compare text, `glob` understands `*` (any run of characters) and `?` (one
 * character), `regex` is a JavaScript regular expression. A pattern that starts with "/" is
 * compared with the path and query only, so one rule works on every site.
 *
 * None of them can stall the background on a hostile pattern or URL: globs are matched without
 * backtracking (glob-match.ts) and regular expressions by a linear-time engine (linear-regex.ts);
 * pages send URLs of at most `MAX_PAGE_URL_LENGTH` characters.
 */
import type { Condition, Rule, UrlCondition, UrlMatch } from './rule-model.ts';
import { globMatches } from './glob-match.ts';
import { compileLinearRegex, type LinearRegex } from './linear-regex.ts';
import { asciiHost, withoutWww } from './site-host.ts';

/** The longest page URL Tact works with; a hello with a longer one is refused at the boundary. */
export const MAX_PAGE_URL_LENGTH = 4000;

/** True when `url` matches `pattern` in the given mode. Refused or invalid regexes never match. */
export function urlMatches(url: string, match: UrlMatch, pattern: string): boolean {
  const subject = subjectFor(url, pattern);
  switch (match) {
    case 'exact':
      return subject === pattern;
    case 'prefix':
      return subject.startsWith(pattern);
    case 'glob':
      return globMatches(pattern, subject);
    case 'regex':
      return compiledRegex(pattern, false)?.test(subject) ?? false;
  }
}

/** The parts of a page address site and path conditions look at; undefined for text that is no URL. */
export function addressParts(url: string): { host: string; hostname: string; path: string } | undefined {
  try {
    const u = new URL(url);
    return { host: u.host.toLowerCase(), hostname: u.hostname.toLowerCase(), path: u.pathname };
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
  return parts !== undefined && globMatches(pattern, parts.path);
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
