/**
 * Evaluation of rule and segment conditions against what is known at decision time: the page
 * (URL, context), the visitor (tags, attributes, segments, visits) and the local time. Each
 * evaluation returns a check as reasons (codes and parameters) for the decision trace.
 */
import type { Condition, Segment, TextOp, UrlCondition } from './rule-model.ts';
import { reason, type Reason } from './reason.ts';
import { addressParts, compiledRegex, pathMatches, siteMatches, urlConditionHolds, urlMatches } from './url-match.ts';
import {
  conditionHoldsWith,
  deviceOf,
  hasActiveTag,
  isMemberWith,
  pageField,
  type ConditionContext,
  type PatternTests,
} from './condition-holds.ts';

export type { ConditionContext } from './condition-holds.ts';

export interface Check {
  /** What was checked, as a reason the pages word ("At most 2 per site per day"). */
  label: Reason;
  passed: boolean;
  /** The value seen, as a reason ("already 2 shown on this site today"). */
  detail: Reason;
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
/** Evaluates a site, path or page URL condition: it depends on the page's address only. */
export function checkUrlCondition(c: UrlCondition, url: string): Check {
  switch (c.kind) {
    case 'site': {
      const host = addressParts(url);
      return {
        label: reason('check-site', { site: c.host }),
        passed: siteMatches(url, c.host),
        detail: host ? reason('page-host', { page: c.host.includes(':') ? host.host : host.hostname }) : value(url),
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

/** Patterns tested by matching them (url-match.ts, the linear-time regex engine). */
export const MATCHING: PatternTests = {
  address: urlConditionHolds,
  regex: (pattern, text) => compiledRegex(pattern, true)?.test(text) ?? false,
};

/**
 * Whether one condition holds, without wording it, its patterns matched here (see
 * condition-holds.ts). `depth` guards against segments that refer to each other.
 */
export function conditionHolds(c: Condition, ctx: ConditionContext, depth = 0): boolean {
  return conditionHoldsWith(c, ctx, MATCHING, depth);
}

function isMember(segment: Segment, ctx: ConditionContext, depth: number): boolean {
  return isMemberWith(segment, ctx, MATCHING, depth);
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
