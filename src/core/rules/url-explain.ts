/**
 * Site, path and address conditions in words, for the rule editor and "why": what a pattern
 * means, whether a given page address passes it and why not ("this page is on news.example; the
 * rule is for shop.example"), and the patterns that can never match what they are compared with
 * (a path-looking regular expression tested against the full address, a host in a path field…).
 * Everything is a reason (code + parameters); the pages word it in the reader's language.
 */
import type { Rule, UrlCondition } from './rule-model.ts';
import { reason, type Reason } from './reason.ts';
import { addressParts, comparedSubject, isUrlCondition, urlConditionHolds } from './url-match.ts';
import { regexLiteralPrefix } from './rule-index.ts';

export interface UrlVerdict {
  passed: boolean;
  reason: Reason;
}

/** What an address condition compares: the site, the path, the path and query, or the whole address. */
/** Whether one site, path or address condition holds for `url`, with the outcome in words. */
export function explainUrlCondition(c: UrlCondition, url: string): UrlVerdict {
  const parts = addressParts(url);
  if (!parts && c.kind !== 'url') return { passed: false, reason: reason('url-unreadable', { url }) };
  const passed = urlConditionHolds(c, url);
  switch (c.kind) {
    case 'site': {
      // Show the port only when the rule names one: "127.0.0.1:8080", else "news.example".
      const page = c.host.includes(':') ? parts!.host : parts!.hostname;
      return { passed, reason: reason(passed ? 'site-match' : 'site-other', { page, site: c.host.trim() }) };
    }
    case 'path':
      return {
        passed,
        reason: reason(passed ? 'path-match' : 'path-other', { path: parts!.path, pattern: c.pattern }),
      };
    case 'url':
      return {
        passed,
        reason: reason(passed ? 'url-match' : 'url-other', {
          address: comparedSubject(url, c.pattern),
          pattern: c.pattern,
          how: c.match,
        }),
      };
  }
}

/** Each site, path and address condition of a rule against one page address, in the rule's order. */
export function explainRuleUrl(rule: Pick<Rule, 'conditions'>, url: string): (UrlVerdict & { index: number })[] {
  const out: (UrlVerdict & { index: number })[] = [];
  rule.conditions.forEach((c, index) => {
    if (isUrlCondition(c)) out.push({ index, ...explainUrlCondition(c, url) });
  });
  return out;
}

/** A glob's literal start, the literal pieces it must contain in between, and its literal end. */
function globParts(pattern: string): { start: string; contains: string[]; end: string } {
  const pieces = pattern.split('*');
  if (pieces.length === 1) return { start: pattern, contains: [], end: '' };
  return { start: pieces[0]!, contains: pieces.slice(1, -1).filter(Boolean), end: pieces.at(-1)! };
}

/** What a site, path or address pattern means, in words. */
export function urlPatternMeaning(c: UrlCondition): Reason {
  switch (c.kind) {
    case 'site': {
      const host = c.host.trim();
      return host.startsWith('*.')
        ? reason('means-site-subdomains', { site: host.slice(2) })
        : reason('means-site', { site: host });
    }
    case 'path': {
      if (!c.pattern.includes('*')) return reason('means-path-exact', { path: c.pattern });
      const { start, contains, end } = globParts(c.pattern);
      if (!start && !end && contains.length === 0) return reason('means-path-any');
      return reason('means-path-glob', { start, contains: contains.join(' … '), end });
    }
    case 'url': {
      const subject = c.pattern.startsWith('/') ? 'path-query' : 'address';
      switch (c.match) {
        case 'exact':
          return reason('means-url-exact', { subject, pattern: c.pattern });
        case 'prefix':
          return reason('means-url-prefix', { subject, pattern: c.pattern });
        case 'glob': {
          const { start, contains, end } = globParts(c.pattern);
          return reason('means-url-glob', { subject, start, contains: contains.join(' … '), end });
        }
        case 'regex':
          return reason('means-url-regex', { subject, pattern: c.pattern });
      }
    }
  }
}

/** True when `literal` can be the start of an http(s) address ("http", "https://shop"…). */
function couldStartAddress(literal: string): boolean {
  const l = literal.toLowerCase();
  return ['https://', 'http://'].some((scheme) => scheme.startsWith(l) || l.startsWith(scheme));
}

/**
 * Why a pattern can never match what it is compared with, if it cannot: an address pattern (not
 * starting with "/") must start like "https://"; a path starts with "/" and holds no site and no
 * query. Empty when nothing is wrong that Tact can tell.
 */
export function urlPatternWarnings(c: UrlCondition): Reason[] {
  switch (c.kind) {
    case 'site':
      // A site that is not a host name is refused by validation, at the field.
      return [];
    case 'path': {
      const p = c.pattern;
      const out: Reason[] = [];
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p) || /^[^/*?]+\.[a-z]{2,}(:\d+)?(\/|$)/i.test(p))
        out.push(reason('warn-path-has-site', { pattern: p }));
      else if (!p.startsWith('/') && !p.startsWith('*')) out.push(reason('warn-path-no-slash', { pattern: p }));
      // "?" followed by "name=" reads like a query, which the path never has.
      if (/\?[^/]*=/.test(p)) out.push(reason('warn-path-has-query', { pattern: p }));
      return out;
    }
    case 'url': {
      const p = c.pattern;
      if (p.startsWith('/')) return [];
      if (c.match === 'regex') {
        const literal = regexLiteralPrefix(p);
        if (/^\^(\\\/|\/)/.test(p)) return [reason('warn-regex-path-vs-address', { pattern: p })];
        return literal && !couldStartAddress(literal) ? [reason('warn-url-no-scheme', { pattern: p })] : [];
      }
      const literal = c.match === 'glob' ? p.split(/[*?]/)[0]! : p;
      return literal && !couldStartAddress(literal) ? [reason('warn-url-no-scheme', { pattern: p })] : [];
    }
  }
}

/** One enabled rule against one page address: whether its site, path and address conditions hold. */
export interface RuleOnPage {
  ruleId: string;
  ruleName: string;
  applies: boolean;
  /** The first site, path or address condition that fails here (absent when the rule applies). */
  because?: Reason;
}

/**
 * Every enabled rule against a page address, those that apply first (then in the rules' order):
 * the answer to "why not here?" for rules the index never hands to the engine on this page, so
 * they never appear in a decision's trace.
 */
export function rulesOnPage(rules: readonly Rule[], url: string): RuleOnPage[] {
  const out = rules
    .filter((r) => r.enabled)
    .map((r): RuleOnPage => {
      const failing = explainRuleUrl(r, url).find((v) => !v.passed);
      return failing
        ? { ruleId: r.id, ruleName: r.name, applies: false, because: failing.reason }
        : { ruleId: r.id, ruleName: r.name, applies: true };
    });
  return [...out.filter((r) => r.applies), ...out.filter((r) => !r.applies)];
}
