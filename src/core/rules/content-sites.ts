/**
 * Where the content script has to run: the sites the enabled rules can match, as match patterns
 * for `scripting.registerContentScripts`. Every other page then loads no script, wakes no
 * background and writes nothing (see ARCHITECTURE.md, "Where the content script runs").
 *
 * A rule is restricted to a site by a site condition (`news.example`, `*.news.example`) or by a URL
 * condition whose pattern names the site literally (`https://shop.example/…` as exact, prefix or
 * glob text, the scheme and host free of wildcards). Anything else (a path condition, a path
 * pattern such as `/checkout*`, a regular expression, a host with a wildcard in a URL pattern, no
 * address condition at all) may match on any site, so it keeps every site. The answer is
 * a superset on purpose: the engine still decides on the page; this only spares pages no rule
 * can ever reach.
 */
import type { Condition, Rule } from './rule-model.ts';
import { asciiHost, withoutWww } from './site-host.ts';
import { comparedPattern } from './url-match.ts';

/** Every http(s) page: what a rule with no site restriction needs. */
export const ALL_SITES: readonly string[] = ['http://*/*', 'https://*/*'];

/** Host names a match pattern can carry as they are (an URL's host is already in this form). */
const PLAIN_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.?$/;

/**
 * The match pattern of the one site a URL condition restricts its rule to (`https://shop.example/*`,
 * every port: match patterns carry none), `null` when it may match on any site, or `false` when
 * it can match no http(s) page at all (such a rule needs the script nowhere).
 */
export function siteOfCondition(condition: Extract<Condition, { kind: 'url' }>): string | null | false {
  const { match } = condition;
  if (match === 'regex' || condition.pattern.startsWith('/')) return null;
  // As the engine compares it: a Unicode host in its punycode form (url-match.ts).
  const pattern = comparedPattern(condition.pattern);
  const scheme = /^(https?):\/\//i.exec(pattern);
  if (!scheme) {
    // Compared with the whole URL, which always starts with "http://" or "https://" here.
    if (match === 'glob') return null;
    return 'http://'.startsWith(pattern.toLowerCase()) || 'https://'.startsWith(pattern.toLowerCase()) ? null : false;
  }
  const rest = pattern.slice(scheme[0].length);
  const slash = rest.indexOf('/');
  // Without the slash after the host, a prefix or glob may go on into a longer host name.
  if (slash < 0 && match !== 'exact') return null;
  const authority = (slash < 0 ? rest : rest.slice(0, slash)).toLowerCase();
  const host = authority.replace(/:\d*$/, '');
  if (match === 'glob' && /[*?]/.test(scheme[0] + authority)) return null;
  if (!PLAIN_HOST.test(host)) return null; // user info, IPv6: not worth narrowing
  return `${scheme[1]!.toLowerCase()}://${host}/*`;
}

/**
 * The match patterns of a site condition's host: `*://news.example/*` and `*://www.news.example/*`
 * (both schemes, every port: match patterns carry none; a site and its `www.` name are one site),
 * `*://*.news.example/*` for it and its subdomains, a Unicode name in its punycode form; `null`
 * (any site) for a host a match pattern cannot carry as it is.
 */
export function siteOfHost(host: string): string[] | null {
  const wanted = asciiHost(host).replace(/:\d*$/, '');
  const wildcard = wanted.startsWith('*.');
  const name = wildcard ? wanted.slice(2) : withoutWww(wanted);
  if (!PLAIN_HOST.test(name)) return null;
  if (wildcard) return [`*://*.${name}/*`];
  // An IP address has no www. name (and a match pattern with "www.127.0.0.1" is refused).
  return IPV4.test(name) ? [`*://${name}/*`] : [`*://${name}/*`, `*://www.${name}/*`];
}

const IPV4 = /^\d+\.\d+\.\d+\.\d+\.?$/;

/**
 * The match patterns of the sites one condition restricts its rule to, `null` when it may match on
 * any site (any other kind, a path, a regular expression, a host with a wildcard a match pattern
 * cannot carry), an empty list when it can match no http(s) page.
 */
function sitesOfCondition(condition: Condition): string[] | null {
  if (condition.kind === 'site') return siteOfHost(condition.host);
  if (condition.kind !== 'url') return null;
  const site = siteOfCondition(condition);
  return site === false ? [] : site === null ? null : [site];
}

/**
 * The match patterns of the one site a site or URL condition names, for asking the browser whether
 * Tact may run there (`permissions.contains`, `permissions.request`), each scheme written out;
 * `null` when the condition names no one site.
 */
export function accessPatternsOf(condition: Condition): string[] | null {
  const sites = sitesOfCondition(condition);
  if (!sites?.length) return null;
  // Both browsers read a `*` scheme as also ws: and wss:, which Tact's http and https hosts do not
  // cover: `permissions.contains` said no for every site where Tact runs.
  return sites.flatMap((site) =>
    site.startsWith('*://') ? [`http${site.slice(1)}`, `https${site.slice(1)}`] : [site],
  );
}

/** The sites one rule can match on: `null` for any site, else its (possibly empty) list of patterns. */
function sitesOfRule(rule: Rule): string[] | null {
  // All conditions must hold: any one that names a site is enough to restrict the rule to it.
  for (const condition of rule.conditions) {
    const sites = sitesOfCondition(condition);
    if (sites) return sites;
  }
  return null;
}

/**
 * The match patterns the content script must be registered for, sorted and without duplicates:
 * `ALL_SITES` as soon as one enabled rule (shadow mode included: it still decides) is not
 * restricted to named sites, an empty list when no rule is enabled.
 */
export function contentScriptSites(rules: readonly Rule[]): string[] {
  const sites = new Set<string>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const ofRule = sitesOfRule(rule);
    if (ofRule === null) return [...ALL_SITES];
    for (const site of ofRule) sites.add(site);
  }
  return [...sites].sort();
}
