/**
 * URL patterns of rule conditions. Patterns are compared with the page URL without its hash:
 * `exact` and `prefix` compare text, `glob` understands `*` (any run of characters) and `?` (one
 * character), `regex` is a JavaScript regular expression. A pattern that starts with "/" is
 * compared with the path and query only, so one rule works on every site.
 */
import type { UrlMatch } from './rule-model.ts';

const globCache = new Map<string, RegExp>();

/** True when `url` matches `pattern` in the given mode. Invalid regexes never match. */
export function urlMatches(url: string, match: UrlMatch, pattern: string): boolean {
  const subject = subjectFor(url, pattern);
  switch (match) {
    case 'exact':
      return subject === pattern;
    case 'prefix':
      return subject.startsWith(pattern);
    case 'glob':
      return globToRegExp(pattern).test(subject);
    case 'regex': {
      const re = compiledRegex(pattern);
      return re ? re.test(subject) : false;
    }
  }
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

const regexCache = new Map<string, RegExp | null>();

/** A compiled regular expression, cached; null when the pattern is invalid. */
function compiledRegex(pattern: string): RegExp | null {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern);
    } catch {
      re = null;
    }
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

/** Converts a glob (`*`, `?`) into an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (!re) {
    const body = glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    re = new RegExp(`^${body}$`);
    if (globCache.size > 1000) globCache.clear();
    globCache.set(glob, re);
  }
  return re;
}
