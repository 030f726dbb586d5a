/**
 * An index of rules by trigger and URL, so evaluating a signal looks only at rules that could
 * fire on it: cost grows with the URL's length and the number of candidates, not with the number
 * of rules. Rules are filed under their trigger's signal, then under their site condition's host
 * when they have one, else under the literal prefix of their path or URL condition (path patterns
 * by path, full-URL patterns by URL); rules without a usable prefix
 * (no URL condition, a regular expression, a leading wildcard) go to a generic list checked always.
 */
import type { Condition, Rule } from './rule-model.ts';
import type { Check } from './conditions.ts';
import type { SignalType } from '../signals/signal-kinds.ts';
import { asciiHost, withoutWww } from './site-host.ts';
import { comparedPattern, readableEscapes } from './url-match.ts';

interface Bucket {
  generic: Rule[];
  /** Rules with a site condition, by its host without `www.` (`news.example`, `host:port`). */
  byHost: Map<string, Rule[]>;
  /** Rules with a `*.` site condition, by the domain after the `*.`. */
  byDomain: Map<string, Rule[]>;
  byPathPrefix: Map<string, Rule[]>;
  byUrlPrefix: Map<string, Rule[]>;
  /** The distinct lengths of the prefixes filed above: a lookup tries only these. */
  pathLengths: number[];
  urlLengths: number[];
}

export interface RuleIndex {
  readonly size: number;
  /** Rules that could fire for this signal on this URL (a superset: conditions still apply). */
  candidates(signal: SignalType, url: string): Rule[];
  /** A candidate's condition whose check is already known for the page (page-rules.ts). */
  knownCheck?(condition: Condition): Check | undefined;
}

/** The host of a rule's site condition as addresses carry it (`asciiHost`), if it has one. */
function siteOf(rule: Rule): string | undefined {
  for (const c of rule.conditions) if (c.kind === 'site') return asciiHost(c.host);
  return undefined;
}

/** The literal part of a URL pattern before any wildcard; empty when none is usable. */
function literalPrefix(rule: Rule): { path: boolean; prefix: string } | null {
  let best: { path: boolean; prefix: string } | null = null;
  for (const c of rule.conditions) {
    if (c.kind === 'path') {
      // A path glob's prefix is also a prefix of "path + query", what path prefixes are looked up in.
      const prefix = comparedPattern(c.pattern).split(/[*?]/)[0]!;
      if (prefix && (!best || prefix.length > best.prefix.length)) best = { path: true, prefix };
      continue;
    }
    if (c.kind !== 'url') continue;
    // As addresses are compared (url-match.ts). A regex is tried on the address both decoded and
    // escaped, so only its literal start before any escape is sure to begin the decoded one.
    const prefix =
      c.match === 'glob'
        ? comparedPattern(c.pattern).split(/[*?]/)[0]!
        : c.match === 'regex'
          ? regexLiteralPrefix(c.pattern).split('%')[0]!
          : comparedPattern(c.pattern);
    if (!prefix) continue;
    const candidate = { path: c.pattern.startsWith('/'), prefix };
    // The longest prefix is the most selective; every URL condition must hold anyway.
    if (!best || candidate.prefix.length > best.prefix.length) best = candidate;
  }
  return best;
}

/**
 * The literal text an anchored regular expression must start with (`^https://shop\.example/item`
 * → `https://shop.example/item`); empty when it is not anchored or starts with a pattern. Stops
 * before anything optional or repeated, so the prefix is always required.
 */
export function regexLiteralPrefix(pattern: string): string {
  if (!pattern.startsWith('^')) return '';
  let out = '';
  for (let i = 1; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined || /[A-Za-z0-9]/.test(next)) break; // \d, \w… are classes, not literals
      if (/[?*{]/.test(pattern[i + 2] ?? '')) break;
      out += next;
      i++;
      continue;
    }
    if ('.+*?()[]{}|$^'.includes(ch)) break;
    // A literal followed by a quantifier is optional or repeated: not part of the prefix.
    if (/[?*{]/.test(pattern[i + 1] ?? '')) break;
    out += ch;
  }
  return out;
}

function distinctLengths(map: Map<string, Rule[]>): number[] {
  return [...new Set([...map.keys()].map((k) => k.length))].sort((a, b) => a - b);
}

export function buildRuleIndex(rules: readonly Rule[]): RuleIndex {
  const buckets = new Map<SignalType, Bucket>();
  const order = new Map<Rule, number>();
  let size = 0;
  for (const rule of rules) {
    if (!rule.enabled) continue;
    order.set(rule, size++);
    let bucket = buckets.get(rule.trigger.signal);
    if (!bucket)
      buckets.set(
        rule.trigger.signal,
        (bucket = {
          generic: [],
          byHost: new Map(),
          byDomain: new Map(),
          byPathPrefix: new Map(),
          byUrlPrefix: new Map(),
          pathLengths: [],
          urlLengths: [],
        }),
      );
    const site = siteOf(rule);
    const lit = site ? null : literalPrefix(rule);
    if (site) {
      const wildcard = site.startsWith('*.');
      const map = wildcard ? bucket.byDomain : bucket.byHost;
      // As siteMatches: a wildcard's domain as written, a plain site without its "www.".
      const key = wildcard ? site.slice(2) : withoutWww(site);
      const list = map.get(key);
      if (list) list.push(rule);
      else map.set(key, [rule]);
    } else if (!lit) bucket.generic.push(rule);
    else {
      const map = lit.path ? bucket.byPathPrefix : bucket.byUrlPrefix;
      const list = map.get(lit.prefix);
      if (list) list.push(rule);
      else map.set(lit.prefix, [rule]);
    }
  }
  for (const bucket of buckets.values()) {
    bucket.pathLengths = distinctLengths(bucket.byPathPrefix);
    bucket.urlLengths = distinctLengths(bucket.byUrlPrefix);
  }
  return {
    size,
    candidates(signal, url) {
      const bucket = buckets.get(signal);
      if (!bucket) return [];
      const out = [...bucket.generic];
      let full = url;
      let path = url;
      let hosts: string[] = [];
      try {
        const u = new URL(url);
        u.hash = '';
        full = readableEscapes(u.href);
        path = readableEscapes(u.pathname + u.search);
        hosts = u.port ? [u.hostname, u.host] : [u.hostname];
      } catch {
        /* not a URL: match it as text */
      }
      if (bucket.byHost.size || bucket.byDomain.size)
        for (const host of hosts) {
          out.push(...(bucket.byHost.get(withoutWww(host)) ?? []));
          // news.example and every domain above it, for "*.news.example" and "*.example".
          for (let rest = host; bucket.byDomain.size;) {
            out.push(...(bucket.byDomain.get(rest) ?? []));
            const dot = rest.indexOf('.');
            if (dot === -1) break;
            rest = rest.slice(dot + 1);
          }
        }
      // Only the lengths some prefix has: a long URL costs (distinct lengths) slices, not one per
      // character (which made a 4 000-character URL cost ~36 ms per lookup with 200 rules).
      for (const n of bucket.pathLengths) {
        if (n > path.length) break;
        out.push(...(bucket.byPathPrefix.get(path.slice(0, n)) ?? []));
      }
      for (const n of bucket.urlLengths) {
        if (n > full.length) break;
        out.push(...(bucket.byUrlPrefix.get(full.slice(0, n)) ?? []));
      }
      // Keep the rules' own order, so ties in priority are broken the same way everywhere.
      return out.length > 1 ? out.sort((a, b) => order.get(a)! - order.get(b)!) : out;
    },
  };
}
