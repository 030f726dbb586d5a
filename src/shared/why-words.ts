/**
 * Reasons (code + parameters, src/core/rules/reason.ts) worded in the reader's language: the
 * sentences live in `_locales/<lang>/messages.json` under `why_<code>`; numbers, lists and
 * plurals go through `Intl` so "2 conversations" and "2 разговора" both read right.
 */
import type { Reason, ReasonParam } from '../core/rules/reason.ts';
import { t, uiLanguage } from './i18n.ts';

/** The locale key of a reason's sentence: `why_site_other` for `site-other`. */
export const reasonKey = (code: string): string => `why_${code.replace(/[^A-Za-z0-9]/g, '_')}`;

function param(p: ReasonParam | undefined): string {
  if (p === undefined) return '';
  if (typeof p === 'number') return new Intl.NumberFormat(uiLanguage()).format(p);
  return typeof p === 'string' ? p : sayReason(p);
}

/** "a, b and c" in the reader's language. */
function list(items: string[]): string {
  return new Intl.ListFormat(uiLanguage(), { type: 'conjunction' }).format(items);
}

/** The parts of a glob in words: "starting with “/news/”, containing “/” and ending with “.html”". */
function globWords(p: Readonly<Record<string, ReasonParam>>): string {
  const parts: string[] = [];
  if (p.start) parts.push(t('whyGlobStart', param(p.start)));
  if (p.contains) parts.push(t('whyGlobContains', param(p.contains)));
  if (p.end) parts.push(t('whyGlobEnd', param(p.end)));
  return list(parts);
}

/** What an address pattern is compared with: the whole address, or its path and query. */
const subject = (p: Readonly<Record<string, ReasonParam>>): string =>
  t(p.subject === 'path-query' ? 'whySubjectPathQuery' : 'whySubjectAddress');

/** Sentences that need more than their parameters in order. */
const COMPOSED: Partial<Record<Reason['code'], (p: Readonly<Record<string, ReasonParam>>) => string>> = {
  'means-path-glob': (p) => t(reasonKey('means-path-glob'), globWords(p)),
  'means-url-glob': (p) => t(reasonKey('means-url-glob'), subject(p), globWords(p)),
  'means-url-exact': (p) => t(reasonKey('means-url-exact'), subject(p), param(p.pattern)),
  'means-url-prefix': (p) => t(reasonKey('means-url-prefix'), subject(p), param(p.pattern)),
  'means-url-regex': (p) => t(reasonKey('means-url-regex'), subject(p), param(p.pattern)),
  'url-match': (p) => t(reasonKey('url-match'), param(p.address), t(`whyHow_${param(p.how)}`), param(p.pattern)),
  'url-other': (p) => t(reasonKey('url-other'), param(p.address), t(`whyHow_${param(p.how)}`), param(p.pattern)),
};

/** The order in which a reason's parameters fill `$1`, `$2`… of its sentence. */
const ORDER: Partial<Record<Reason['code'], string[]>> = {
  'site-match': ['page', 'site'],
  'site-other': ['page', 'site'],
  'path-match': ['path', 'pattern'],
  'path-other': ['path', 'pattern'],
  'url-unreadable': ['url'],
  'means-site': ['site'],
  'means-site-subdomains': ['site'],
  'means-path-exact': ['path'],
  'warn-regex-path-vs-address': ['pattern'],
  'warn-url-no-scheme': ['pattern'],
  'warn-path-has-site': ['pattern'],
  'warn-path-no-slash': ['pattern'],
  'warn-path-has-query': ['pattern'],
};

/** A reason as a sentence in the reader's language. */
export function sayReason(r: Reason): string {
  const params = r.params ?? {};
  const composed = COMPOSED[r.code];
  if (composed) return composed(params);
  return t(reasonKey(r.code), ...(ORDER[r.code] ?? []).map((k) => param(params[k])));
}
