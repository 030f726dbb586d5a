/**
 * Evaluation of rule and segment conditions against what is known at decision time: the page
 * (URL, context), the visitor (tags, attributes, segments, visits) and the local time. Each
 * evaluation returns a check as reasons (codes and parameters) for the decision trace.
 */
import type { Condition, Device, PageField, Segment, TextOp, UrlCondition } from './rule-model.ts';
import type { PageContext } from '../signals/signal-model.ts';
import type { VisitorProfile } from '../visitor/visitor-model.ts';
import { reason, type Reason } from './reason.ts';
import { addressParts, compiledRegex, pathMatches, siteMatches, urlMatches } from './url-match.ts';

/** The inputs conditions read. */
export interface ConditionContext {
  now: number;
  url: string;
  pageStartedAt: number;
  page: PageContext;
  profile: VisitorProfile;
  segments: readonly Segment[];
  /** Visits (sessions) of this site by this visitor, this one included. */
  visitCount: number;
  /** Local minutes since midnight and day of week (0 = Sunday), computed by the caller. */
  localMinutes: number;
  localDay: number;
}

export interface Check {
  /** What was checked, as a reason the pages word ("At most 2 per site per day"). */
  label: Reason;
  passed: boolean;
  /** The value seen, as a reason ("already 2 shown on this site today"). */
  detail: Reason;
}

/** Whether the visitor has `tag` now (an expired tag does not count). */
function hasActiveTag(profile: VisitorProfile, tag: string, now: number): boolean {
  const expiry = profile.tagExpiry ?? {};
  return profile.tags.includes(tag) && !(Object.hasOwn(expiry, tag) && expiry[tag]! <= now);
}

/** Compares a text with an operator; `undefined` means the field is missing. */
function textMatches(actual: string | undefined, op: TextOp, expected = ''): boolean {
  switch (op) {
    case 'present':
      return actual !== undefined && actual !== '';
    case 'absent':
      return actual === undefined || actual === '';
    case 'equals':
      return actual !== undefined && actual.toLowerCase() === expected.toLowerCase();
    case 'contains':
      return actual !== undefined && actual.toLowerCase().includes(expected.toLowerCase());
    case 'starts-with':
      return actual !== undefined && actual.toLowerCase().startsWith(expected.toLowerCase());
    case 'regex':
      return actual !== undefined && (compiledRegex(expected, true)?.test(actual) ?? false);
  }
}

function pageField(page: PageContext, field: PageField): string | undefined {
  switch (field) {
    case 'lang':
      return page.lang;
    case 'referrer':
      return page.referrer;
    case 'title':
      return page.title;
    case 'product.name':
      return page.product?.name;
    case 'product.currency':
      return page.product?.currency;
    default:
      return page.utm?.[field.slice(4) as keyof NonNullable<PageContext['utm']>];
  }
}

/** The device class from the viewport and pointer: touch under 768 px is mobile, touch above is tablet. */
function deviceOf(page: PageContext): Device {
  if (!page.touch) return 'desktop';
  return (page.viewport?.width ?? 1024) < 768 ? 'mobile' : 'tablet';
}

function parseHHMM(s: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
}

const OPS = {
  present: 'op-present',
  absent: 'op-absent',
  equals: 'op-equals',
  contains: 'op-contains',
  'starts-with': 'op-starts-with',
  regex: 'op-regex',
} as const;
const opWords = (op: TextOp, value?: string) => reason(OPS[op], { value: value ?? '' });
const range = (min?: number, max?: number) =>
  min !== undefined && max !== undefined
    ? reason('range-between', { min, max })
    : min !== undefined
      ? reason('range-at-least', { min })
      : max !== undefined
        ? reason('range-at-most', { max })
        : reason('range-any');
const seconds = (n: number, digits?: number) => ({
  measure: n,
  unit: 'second' as const,
  ...(digits === undefined ? {} : { digits }),
});
/** A value seen, as it is. */
const value = (v: string | number) => reason('value', { value: v });
/** A text the page or visitor has, quoted; "unknown" when absent. */
const quotedOrUnknown = (v: string | undefined) =>
  v === undefined ? reason('unknown') : reason('quoted', { value: v });
const inRange = (v: number, min?: number, max?: number) =>
  (min === undefined || v >= min) && (max === undefined || v <= max);

/** Evaluates a site, path or page URL condition: it depends on the page's address only. */
export function checkUrlCondition(c: UrlCondition, url: string): Check {
  switch (c.kind) {
    case 'site': {
      const host = addressParts(url);
      return {
        label: reason('check-site', { site: c.host }),
        passed: siteMatches(url, c.host),
        detail: value(host ? (c.host.includes(':') ? host.host : host.hostname) : url),
      };
    }
    case 'path':
      return {
        label: reason('check-path', { pattern: c.pattern }),
        passed: pathMatches(url, c.pattern),
        detail: value(addressParts(url)?.path ?? url),
      };
    case 'url': {
      const label = reason('check-url', { how: c.match, pattern: c.pattern });
      return { label, passed: urlMatches(url, c.match, c.pattern), detail: value(url) };
    }
  }
}

/**
 * Whether one condition holds, without wording it: the one definition of "passes" that
 * `checkCondition` words and the page view's quick decision (quick-decide.ts) uses alone.
 * `depth` guards against segments that refer to each other.
 */
export function conditionHolds(c: Condition, ctx: ConditionContext, depth = 0): boolean {
  switch (c.kind) {
    case 'site':
      return siteMatches(ctx.url, c.host);
    case 'path':
      return pathMatches(ctx.url, c.pattern);
    case 'url':
      return urlMatches(ctx.url, c.match, c.pattern);
    case 'min-seconds-on-page':
      return Math.max(0, (ctx.now - ctx.pageStartedAt) / 1000) >= c.seconds;
    case 'page':
      return textMatches(pageField(ctx.page, c.field), c.op, c.value);
    case 'price': {
      const price = ctx.page.product?.price;
      return price !== undefined && inRange(price, c.min, c.max);
    }
    case 'visitor-tag':
      return hasActiveTag(ctx.profile, c.tag, ctx.now) === c.present;
    case 'visitor-attribute': {
      const attrs = ctx.profile.attributes ?? {};
      return textMatches(Object.hasOwn(attrs, c.name) ? attrs[c.name] : undefined, c.op, c.value);
    }
    case 'segment': {
      const segment = ctx.segments.find((s) => s.id === c.segment);
      return segment !== undefined && isMember(segment, ctx, depth) === c.member;
    }
    case 'visit-count':
      return inRange(ctx.visitCount, c.min, c.max);
    case 'time-of-day': {
      const from = parseHHMM(c.from);
      const to = parseHHMM(c.to);
      const m = ctx.localMinutes;
      return from <= to ? m >= from && m < to : m >= from || m < to;
    }
    case 'day-of-week':
      return c.days.includes(ctx.localDay);
    case 'device':
      return c.devices.includes(deviceOf(ctx.page));
    case 'viewport': {
      const width = ctx.page.viewport?.width;
      return width !== undefined && inRange(width, c.minWidth, c.maxWidth);
    }
  }
}

/** A visitor is in a segment when all its conditions hold (three levels of segments at most). */
function isMember(segment: Segment, ctx: ConditionContext, depth: number): boolean {
  return depth < 3 && segment.conditions.every((sc) => conditionHolds(sc, ctx, depth + 1));
}

/** Evaluates one condition. `depth` guards against segments that refer to each other. */
export function checkCondition(c: Condition, ctx: ConditionContext, depth = 0): Check {
  switch (c.kind) {
    case 'site':
    case 'path':
    case 'url':
      return checkUrlCondition(c, ctx.url);
    case 'min-seconds-on-page': {
      const onPage = Math.max(0, (ctx.now - ctx.pageStartedAt) / 1000);
      return {
        label: reason('check-on-page', { seconds: seconds(c.seconds) }),
        passed: conditionHolds(c, ctx),
        detail: reason('value', { value: seconds(onPage, 1) }),
      };
    }
    case 'page': {
      const actual = pageField(ctx.page, c.field);
      return {
        label: reason('check-page-field', { field: c.field, op: opWords(c.op, c.value) }),
        passed: conditionHolds(c, ctx),
        detail: quotedOrUnknown(actual),
      };
    }
    case 'price': {
      const price = ctx.page.product?.price;
      return {
        label: reason('check-price', { range: range(c.min, c.max) }),
        passed: conditionHolds(c, ctx),
        detail: price === undefined ? reason('seen-no-price') : value(price),
      };
    }
    case 'visitor-tag': {
      const has = hasActiveTag(ctx.profile, c.tag, ctx.now);
      return {
        label: reason(c.present ? 'check-tag' : 'check-no-tag', { tag: c.tag }),
        passed: conditionHolds(c, ctx),
        detail: reason(has ? 'seen-has-tag' : 'seen-no-tag'),
      };
    }
    case 'visitor-attribute': {
      const attrs = ctx.profile.attributes ?? {};
      const actual = Object.hasOwn(attrs, c.name) ? attrs[c.name] : undefined;
      return {
        label: reason('check-attribute', { name: c.name, op: opWords(c.op, c.value) }),
        passed: conditionHolds(c, ctx),
        detail: quotedOrUnknown(actual),
      };
    }
    case 'segment': {
      const segment = ctx.segments.find((s) => s.id === c.segment);
      if (!segment)
        return {
          label: reason(c.member ? 'check-segment' : 'check-not-segment', { segment: c.segment }),
          passed: false,
          detail: reason('seen-no-segment'),
        };
      const member = isMember(segment, ctx, depth);
      return {
        label: reason(c.member ? 'check-segment' : 'check-not-segment', { segment: segment.name }),
        passed: member === c.member,
        detail: reason(member ? 'seen-member' : 'seen-not-member'),
      };
    }
    case 'visit-count':
      return {
        label: reason('check-visit-number', { range: range(c.min, c.max) }),
        passed: conditionHolds(c, ctx),
        detail: reason('seen-visit', { count: ctx.visitCount }),
      };
    case 'time-of-day': {
      const m = ctx.localMinutes;
      const passed = conditionHolds(c, ctx);
      const hhmm = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      return { label: reason('check-time-of-day', { from: c.from, to: c.to }), passed, detail: value(hhmm) };
    }
    case 'day-of-week':
      return {
        label: reason('check-day', { days: { list: c.days.map((d) => ({ weekday: d })), or: true } }),
        passed: conditionHolds(c, ctx),
        detail: reason('value', { value: { weekday: ctx.localDay } }),
      };
    case 'device': {
      const device = deviceOf(ctx.page);
      return {
        label: reason('check-device', { devices: { list: c.devices.map((d) => reason(`device-${d}`)), or: true } }),
        passed: conditionHolds(c, ctx),
        detail: reason(`device-${device}`),
      };
    }
    case 'viewport': {
      const width = ctx.page.viewport?.width;
      return {
        label: reason('check-viewport', { range: range(c.minWidth, c.maxWidth) }),
        passed: conditionHolds(c, ctx),
        detail: width === undefined ? reason('unknown') : reason('seen-px', { width }),
      };
    }
  }
}
