/**
 * Whether a rule or segment condition holds, without wording it (conditions.ts words the checks
 * for the trace), with its two kinds of pattern test given by the caller: whether a site, path or
 * URL condition holds on the page's address, and whether a text matches a regular expression. The
 * background answers them by matching (url-match.ts, the linear-time regex engine); the content
 * script's first decision (first-decision.ts) from answers the background worked out for its page
 * view, so the page never loads the matching code (about 8 KB of script in `detectors.js`, whose
 * evaluation is most of what an armed page pays at load, `bench:content`).
 */
import type { Condition, Device, PageField, Segment, TextOp, UrlCondition } from './rule-model.ts';
import type { PageContext } from '../signals/signal-model.ts';
import type { VisitorProfile } from '../visitor/visitor-model.ts';

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

/** How a condition's patterns are tested (see the file's comment). */
export interface PatternTests {
  /** Whether a site, path or URL condition holds on the page at `url`. */
  address(c: UrlCondition, url: string): boolean;
  /** Whether `text` matches the regular expression `pattern`, ignoring case (a text condition's `regex`). */
  regex(pattern: string, text: string): boolean;
}

/** Whether the visitor has `tag` now (an expired tag does not count). */
export function hasActiveTag(profile: VisitorProfile, tag: string, now: number): boolean {
  const expiry = profile.tagExpiry ?? {};
  return profile.tags.includes(tag) && !(Object.hasOwn(expiry, tag) && expiry[tag]! <= now);
}

/** Compares a text with an operator; `undefined` means the field is missing. */
function textMatches(actual: string | undefined, op: TextOp, expected: string | undefined, tests: PatternTests) {
  const want = expected ?? '';
  switch (op) {
    case 'present':
      return actual !== undefined && actual !== '';
    case 'absent':
      return actual === undefined || actual === '';
    case 'equals':
      return actual !== undefined && actual.toLowerCase() === want.toLowerCase();
    case 'contains':
      return actual !== undefined && actual.toLowerCase().includes(want.toLowerCase());
    case 'starts-with':
      return actual !== undefined && actual.toLowerCase().startsWith(want.toLowerCase());
    case 'regex':
      return actual !== undefined && tests.regex(want, actual);
  }
}

export function pageField(page: PageContext, field: PageField): string | undefined {
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
export function deviceOf(page: PageContext): Device {
  if (!page.touch) return 'desktop';
  return (page.viewport?.width ?? 1024) < 768 ? 'mobile' : 'tablet';
}

function parseHHMM(s: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
}

const inRange = (v: number, min?: number, max?: number) =>
  (min === undefined || v >= min) && (max === undefined || v <= max);

/**
 * Whether one condition holds: the one definition of "passes" that `checkCondition` words, the
 * page view's quick decision (quick-decide.ts) and the content script's first decision use alone.
 * `depth` guards against segments that refer to each other.
 */
export function conditionHoldsWith(c: Condition, ctx: ConditionContext, tests: PatternTests, depth = 0): boolean {
  switch (c.kind) {
    case 'site':
    case 'path':
    case 'url':
      return tests.address(c, ctx.url);
    case 'min-seconds-on-page':
      return Math.max(0, (ctx.now - ctx.pageStartedAt) / 1000) >= c.seconds;
    case 'page':
      return textMatches(pageField(ctx.page, c.field), c.op, c.value, tests);
    case 'price': {
      const price = ctx.page.product?.price;
      return price !== undefined && inRange(price, c.min, c.max);
    }
    case 'visitor-tag':
      return hasActiveTag(ctx.profile, c.tag, ctx.now) === c.present;
    case 'visitor-attribute': {
      const attrs = ctx.profile.attributes ?? {};
      return textMatches(Object.hasOwn(attrs, c.name) ? attrs[c.name] : undefined, c.op, c.value, tests);
    }
    case 'segment': {
      const segment = ctx.segments.find((s) => s.id === c.segment);
      return segment !== undefined && isMemberWith(segment, ctx, tests, depth) === c.member;
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
export function isMemberWith(segment: Segment, ctx: ConditionContext, tests: PatternTests, depth: number): boolean {
  return depth < 3 && segment.conditions.every((sc) => conditionHoldsWith(sc, ctx, tests, depth + 1));
}
