/**
 * Evaluation of rule and segment conditions against what is known at decision time: the page
 * (URL, context), the visitor (tags, attributes, segments, visits) and the local time. Each
 * evaluation returns a check in plain words, for the decision trace.
 */
import type { Condition, Device, PageField, Segment, TextOp, UrlCondition } from './rule-model.ts';
import type { PageContext } from '../signals/signal-model.ts';
import type { VisitorProfile } from '../visitor/visitor-model.ts';
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
  /** What was checked, in plain words. */
  label: string;
  passed: boolean;
  /** The value seen, in plain words. */
  detail: string;
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Tags that count now: expired ones are left out. */
function activeTags(profile: VisitorProfile, now: number): string[] {
  const expiry = profile.tagExpiry ?? {};
  return profile.tags.filter((t) => !(Object.hasOwn(expiry, t) && expiry[t]! <= now));
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

const opWords = (op: TextOp, value?: string) =>
  op === 'present' ? 'is known' : op === 'absent' ? 'is unknown' : `${op.replace('-', ' ')} "${value ?? ''}"`;
const range = (min?: number, max?: number) =>
  min !== undefined && max !== undefined
    ? `between ${min} and ${max}`
    : min !== undefined
      ? `at least ${min}`
      : max !== undefined
        ? `at most ${max}`
        : 'any';
const inRange = (v: number, min?: number, max?: number) =>
  (min === undefined || v >= min) && (max === undefined || v <= max);

/** Evaluates a site, path or page URL condition: it depends on the page's address only. */
export function checkUrlCondition(c: UrlCondition, url: string): Check {
  switch (c.kind) {
    case 'site': {
      const host = addressParts(url);
      return {
        label: `Site is ${c.host}`,
        passed: siteMatches(url, c.host),
        detail: host ? (c.host.includes(':') ? host.host : host.hostname) : url,
      };
    }
    case 'path':
      return {
        label: `Path matches ${JSON.stringify(c.pattern)}`,
        passed: pathMatches(url, c.pattern),
        detail: addressParts(url)?.path ?? url,
      };
    case 'url': {
      const label = `Page URL ${c.match === 'regex' ? `matches /${c.pattern}/` : `${c.match} ${JSON.stringify(c.pattern)}`}`;
      return { label, passed: urlMatches(url, c.match, c.pattern), detail: url };
    }
  }
}

/** Evaluates one condition. `depth` guards against segments that refer to each other. */
export function checkCondition(c: Condition, ctx: ConditionContext, depth = 0): Check {
  switch (c.kind) {
    case 'site':
    case 'path':
    case 'url':
      return checkUrlCondition(c, ctx.url);
    case 'min-seconds-on-page': {
      const seconds = Math.max(0, (ctx.now - ctx.pageStartedAt) / 1000);
      return {
        label: `At least ${c.seconds} s on the page`,
        passed: seconds >= c.seconds,
        detail: `${seconds.toFixed(1)} s`,
      };
    }
    case 'page': {
      const actual = pageField(ctx.page, c.field);
      return {
        label: `Page ${c.field} ${opWords(c.op, c.value)}`,
        passed: textMatches(actual, c.op, c.value),
        detail: actual === undefined ? 'unknown' : JSON.stringify(actual),
      };
    }
    case 'price': {
      const price = ctx.page.product?.price;
      return {
        label: `Product price ${range(c.min, c.max)}`,
        passed: price !== undefined && inRange(price, c.min, c.max),
        detail: price === undefined ? 'no price on this page' : String(price),
      };
    }
    case 'visitor-tag': {
      const has = activeTags(ctx.profile, ctx.now).includes(c.tag);
      return {
        label: `Visitor ${c.present ? 'has' : 'does not have'} tag "${c.tag}"`,
        passed: has === c.present,
        detail: has ? 'has it' : 'does not have it',
      };
    }
    case 'visitor-attribute': {
      const attrs = ctx.profile.attributes ?? {};
      const actual = Object.hasOwn(attrs, c.name) ? attrs[c.name] : undefined;
      return {
        label: `Visitor's ${c.name} ${opWords(c.op, c.value)}`,
        passed: textMatches(actual, c.op, c.value),
        detail: actual === undefined ? 'unknown' : JSON.stringify(actual),
      };
    }
    case 'segment': {
      const segment = ctx.segments.find((s) => s.id === c.segment);
      if (!segment)
        return {
          label: `Visitor ${c.member ? 'in' : 'not in'} segment "${c.segment}"`,
          passed: false,
          detail: 'no such segment',
        };
      const member = depth < 3 && segment.conditions.every((sc) => checkCondition(sc, ctx, depth + 1).passed);
      return {
        label: `Visitor ${c.member ? 'in' : 'not in'} segment "${segment.name}"`,
        passed: member === c.member,
        detail: member ? 'member' : 'not a member',
      };
    }
    case 'visit-count':
      return {
        label: `Visit number ${range(c.min, c.max)}`,
        passed: inRange(ctx.visitCount, c.min, c.max),
        detail: `visit ${ctx.visitCount}`,
      };
    case 'time-of-day': {
      const from = parseHHMM(c.from);
      const to = parseHHMM(c.to);
      const m = ctx.localMinutes;
      const passed = from <= to ? m >= from && m < to : m >= from || m < to;
      const hhmm = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      return { label: `Local time between ${c.from} and ${c.to}`, passed, detail: hhmm };
    }
    case 'day-of-week':
      return {
        label: `Day is ${c.days.map((d) => DAYS[d]).join(' or ')}`,
        passed: c.days.includes(ctx.localDay),
        detail: DAYS[ctx.localDay] ?? '?',
      };
    case 'device': {
      const device = deviceOf(ctx.page);
      return { label: `Device is ${c.devices.join(' or ')}`, passed: c.devices.includes(device), detail: device };
    }
    case 'viewport': {
      const width = ctx.page.viewport?.width;
      return {
        label: `Viewport width ${range(c.minWidth, c.maxWidth)} px`,
        passed: width !== undefined && inRange(width, c.minWidth, c.maxWidth),
        detail: width === undefined ? 'unknown' : `${width} px`,
      };
    }
  }
}
