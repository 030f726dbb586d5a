/**
 * Reasons (reason.ts) as sentences, given a language's messages: numbers, units, dates, weekdays
 * and lists through `Intl` in that language, plurals through `Intl.PluralRules`. Pure, so Node
 * tests word traces in English from the shipped catalogue; the pages bind it to the language they
 * show (src/shared/why-words.ts).
 */
import { COUNTED, REASON_CODES, type Reason, type ReasonCode, type ReasonParam } from './reason.ts';

/** A language's messages, looked up like `chrome.i18n.getMessage`. */
export interface Words {
  /** The language tag for `Intl` ("fr"). */
  lang: string;
  /** The message for `key` with `$1`… filled in; the key itself when there is no such message. */
  t(key: string, ...substitutions: string[]): string;
}

/** The locale key of a reason's sentence: `code_site_other` for `site-other`. */
export const reasonKey = (code: string): string => `code_${code.replace(/[^A-Za-z0-9]/g, '_')}`;

type Params = Readonly<Record<string, ReasonParam>>;

/** A parameter that names something (a field, a kind of signal): text, or nothing. */
const text = (p: ReasonParam | undefined): string => (typeof p === 'string' ? p : '');

/** Placeholders computed from the parameters rather than taken as they are. */
const DERIVED: Partial<Record<ReasonCode, Record<string, (p: Params, w: Words) => string>>> = {
  'means-path-exact': { path: (p, w) => sayParam(p.path, w) + anyOneNote([p.path], w) },
  'means-path-glob': { glob: (p, w) => globWords(p, w, PATH_GLOB) },
  'means-url-glob': { subject: (p, w) => subject(p, w), glob: (p, w) => globWords(p, w, ADDRESS_GLOB) },
  'means-url-exact': { subject: (p, w) => subject(p, w) },
  'means-url-prefix': { subject: (p, w) => subject(p, w) },
  'means-url-regex': { subject: (p, w) => subject(p, w) },
  'url-match': { how: (p, w) => how(p, w) },
  'url-other': { how: (p, w) => how(p, w) },
  'check-url': { how: (p, w) => how(p, w) },
  'signal-other': { signal: (p, w) => signalName(p, w) },
  'trigger-other': { signal: (p, w) => signalName(p, w) },
  'check-page-field': { field: (p, w) => w.t(`wsPage_${text(p.field).replace(/[^A-Za-z0-9]/g, '_')}`) },
};

/** A kind of signal by its name in the rule editor ("Form abandoned"). */
const signalName = (p: Params, w: Words) => w.t(`wsSig_${text(p.signal).replace(/[^A-Za-z0-9]/g, '_')}`);

/** How an address pattern compares ("matches the pattern"). */
const how = (p: Params, w: Words) => w.t(`whyHow_${text(p.how)}`);

/** What an address pattern is compared with: the whole address, or its path and query. */
const subject = (p: Params, w: Words): string =>
  w.t(p.subject === 'path-query' ? 'whySubjectPathQuery' : 'whySubjectAddress');

/** The message keys that say a glob's literal start, middle and end, and a glob of stars alone. */
interface GlobKeys {
  start: string;
  contains: string;
  end: string;
  none?: string;
}

/** Of the pages a path glob lets through, with participles: "paths starting with “/news/”…". */
const PATH_GLOB: GlobKeys = { start: 'whyGlobStart', contains: 'whyGlobContains', end: 'whyGlobEnd' };
/**
 * Of one address, with verbs: "starts with “/journal/” and ends with “.html”" (shorter than the
 * participles after "whose address is any text…", in Russian above all); "is any text" for stars alone.
 */
const ADDRESS_GLOB: GlobKeys = {
  start: 'whyAddressStarts',
  contains: 'whyAddressContains',
  end: 'whyAddressEnds',
  none: 'whyAddressAny',
};

/**
 * The literal parts of a glob in words, in `keys`' phrasing: "starting with “/news/”, containing
 * “/” and ending with “.html”", then a note when they hold a `?` (`anyOneNote`).
 */
function globWords(p: Params, w: Words, keys: GlobKeys): string {
  const said = (['start', 'contains', 'end'] as const).flatMap((part) =>
    p[part] ? [w.t(keys[part], sayParam(p[part], w))] : [],
  );
  if (!said.length) return keys.none ? w.t(keys.none) : '';
  return (
    new Intl.ListFormat(w.lang, { type: 'conjunction' }).format(said) + anyOneNote([p.start, p.contains, p.end], w)
  );
}

/**
 * ", where “?” is any one character" after a glob whose literal parts hold a `?`, which matches any
 * one character (glob-match.ts): without it "/a?c" read as "only the path /a?c", and "/abc" matches.
 */
function anyOneNote(parts: (ReasonParam | undefined)[], w: Words): string {
  return parts.some((part) => typeof part === 'string' && part.includes('?')) ? w.t('whyGlobAnyOne') : '';
}

const UNITS = [
  ['day', 24 * 3_600_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
] as const;

/**
 * A wait as whole units, the largest first: "36 s", "4 min 48 s", "23 h 5 min", "24 h",
 * "3 d 4 h". Rounded up in the smaller of two units (hours up to 48 h, as back-offs are set in
 * hours), so the visitor never waits longer than it says.
 */
export function waitParts(ms: number): { unit: (typeof UNITS)[number][0]; value: number }[] {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  let big: number;
  if (seconds < 60) return [{ unit: 'second', value: seconds }];
  // Rounded up first, then split: 59 min 59.5 s is "1 h", not "59 min 60 s".
  if (seconds * 1000 < 3_600_000) big = 3;
  else if (Math.ceil(ms / 60_000) * 60_000 <= 48 * 3_600_000) big = 2;
  else big = 1;
  const [bigUnit, bigMs] = UNITS[big - 1]!;
  const [smallUnit, smallMs] = UNITS[big]!;
  const units = Math.ceil(ms / smallMs);
  const per = bigMs / smallMs;
  const whole = Math.floor(units / per);
  const rest = units % per;
  const parts = [{ unit: bigUnit, value: whole }];
  if (rest) parts.push({ unit: smallUnit, value: rest });
  return parts;
}

function sayParam(p: ReasonParam | undefined, w: Words): string {
  if (p === undefined) return '';
  if (typeof p === 'string') return p;
  if (typeof p === 'number') return new Intl.NumberFormat(w.lang, { maximumFractionDigits: 2 }).format(p);
  if ('code' in p) return sayReason(p, w);
  if ('wait' in p)
    return new Intl.ListFormat(w.lang, { type: 'unit', style: 'narrow' }).format(
      waitParts(p.wait).map(({ unit, value }) =>
        new Intl.NumberFormat(w.lang, { style: 'unit', unit, unitDisplay: 'short' }).format(value),
      ),
    );
  if ('at' in p) return new Intl.DateTimeFormat(w.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(p.at);
  if ('measure' in p) {
    const digits = p.digits === undefined ? {} : { minimumFractionDigits: p.digits, maximumFractionDigits: p.digits };
    return p.unit === 'percent'
      ? new Intl.NumberFormat(w.lang, { style: 'percent', ...digits }).format(p.measure / 100)
      : new Intl.NumberFormat(w.lang, { style: 'unit', unit: p.unit, unitDisplay: 'short', ...digits }).format(
          p.measure,
        );
  }
  if ('weekday' in p)
    // 2023-01-01 was a Sunday: day `n` of that week, in UTC so the time zone cannot shift it.
    return new Intl.DateTimeFormat(w.lang, { weekday: 'long', timeZone: 'UTC' }).format(
      Date.UTC(2023, 0, 1 + p.weekday),
    );
  return new Intl.ListFormat(w.lang, { type: p.or ? 'disjunction' : 'conjunction' }).format(
    p.list.map((x) => sayParam(x, w)),
  );
}

/**
 * A reason as a sentence in `w`'s language. A plain string is returned as it is: traces stored
 * before checks were codes hold English sentences, and they stay readable.
 */
export function sayReason(r: Reason | string, w: Words): string {
  if (typeof r === 'string') return r;
  const params = r.params ?? {};
  const derived = DERIVED[r.code] ?? {};
  const names: readonly string[] = REASON_CODES[r.code] ?? [];
  const subs = names.map((name) => derived[name]?.(params, w) ?? sayParam(params[name], w));
  const key = reasonKey(r.code);
  const counted = COUNTED[r.code];
  if (counted !== undefined) {
    const n = Number(params[counted]);
    const exact = `${key}_${new Intl.PluralRules(w.lang).select(n)}`;
    const text = w.t(exact, ...subs);
    return text === exact ? w.t(`${key}_other`, ...subs) : text;
  }
  return w.t(key, ...subs);
}
