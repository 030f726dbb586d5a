/**
 * Signals: the meaningful moments the content script detects on a page and the triggers rules use
 * to react to them, as schemas with their types and the pure functions on them, shared by the
 * content script, the background and tests. The signal, quiet-state and page-context types are
 * inferred from their schemas, which check what a content script sends (unknown keys are refused:
 * only Tact's own content script sends these). The lists of kinds are in signal-kinds.ts and the
 * arming plan in arming-plan.ts, apart from valibot, for the code every page loads.
 */
import * as v from 'valibot';
import { integerSchema, numberSchema, strictObject, textSchema } from '../validation/schema-check.ts';
import { FLAG_SIGNALS, INTENTS, watchedQuietKeys, type BusyState, type QuietKey } from './signal-kinds.ts';
import { reason, type Reason } from '../rules/reason.ts';

/** A meaningful moment the content script detected on the page. */
export const SignalSchema = /* @__PURE__ */ (() =>
  v.variant('type', [
    v.strictObject({ type: v.literal('exit-intent') }),
    /** `percent` of the page, or of its main content (`of: 'content'`), has been in view. */
    v.strictObject({
      type: v.literal('scroll-depth'),
      percent: integerSchema(1, 100),
      of: v.optional(v.literal('content')),
    }),
    /** Active time on the page (hidden-tab time excluded) reached `seconds`. */
    v.strictObject({ type: v.literal('dwell'), seconds: numberSchema({ min: 0, max: 86_400 }) }),
    /** No input for `seconds`. */
    v.strictObject({ type: v.literal('idle'), seconds: numberSchema({ min: 0, max: 86_400 }) }),
    /** The cursor lingered over an element matched by `selector` for at least `ms` without acting. */
    v.strictObject({
      type: v.literal('hesitation'),
      selector: textSchema(300),
      ms: numberSchema({ min: 0, max: 3_600_000 }),
    }),
    v.strictObject({ type: v.literal('intent'), intent: v.picklist(INTENTS), score: numberSchema({ min: 0, max: 1 }) }),
    v.strictObject({ type: v.picklist(FLAG_SIGNALS) }),
  ]))();
export type Signal = v.InferOutput<typeof SignalSchema>;

/** A cheap syntax check that works without a DOM (the content script ignores selectors that throw). */
export function isPlausibleSelector(s: string): boolean {
  // ">" is the child combinator; "<", braces and ";" never belong in a selector.
  if (/[{}<;]|\/\*/.test(s)) return false;
  let depth = 0;
  for (const ch of s) {
    if (ch === '[' || ch === '(') depth++;
    else if (ch === ']' || ch === ')') depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/** What starts a rule's evaluation: a signal, with the threshold it must reach (checked as a rule's field). */
export const TriggerSchema = /* @__PURE__ */ (() =>
  v.variant('signal', [
    v.object({ signal: v.literal('exit-intent') }),
    /** Measured against the whole page, or against its main content (`of: 'content'`). */
    v.object({
      signal: v.literal('scroll-depth'),
      atLeast: integerSchema(1, 100),
      of: v.optional(v.literal('content')),
    }),
    v.object({ signal: v.literal('dwell'), seconds: integerSchema(1, 3600) }),
    v.object({ signal: v.literal('idle'), seconds: integerSchema(1, 3600) }),
    v.object({
      signal: v.literal('hesitation'),
      selector: v.pipe(textSchema(300), v.check(isPlausibleSelector, 'is not a CSS selector Tact can use')),
      ms: integerSchema(200, 60_000),
    }),
    v.object({
      signal: v.literal('intent'),
      intent: v.picklist(INTENTS),
      atLeast: numberSchema({ min: 0.05, max: 1 }),
    }),
    v.object({ signal: v.picklist(FLAG_SIGNALS) }),
  ]))();
export type Trigger = v.InferOutput<typeof TriggerSchema>;

/** Whether a signal satisfies a trigger (the same kind, at or past its threshold). */
export function triggerMatches(t: Trigger, s: Signal): boolean {
  if (t.signal !== s.type) return false;
  switch (t.signal) {
    case 'scroll-depth':
      return (
        (s as { percent: number }).percent >= t.atLeast &&
        ((s as { of?: 'content' }).of === 'content') === (t.of === 'content')
      );
    case 'dwell':
    case 'idle':
      return (s as { seconds: number }).seconds >= t.seconds;
    case 'hesitation':
      return (s as { selector: string }).selector === t.selector && (s as { ms: number }).ms >= t.ms;
    case 'intent':
      return (s as { intent: string }).intent === t.intent && (s as { score: number }).score >= t.atLeast;
    default:
      return true;
  }
}

/** A signal as a reason ("visitor is leaving (exit intent)"), for traces. */
export function describeSignal(s: Signal): Reason {
  switch (s.type) {
    case 'exit-intent':
      return reason('signal-exit-intent');
    case 'scroll-depth':
      return reason(s.of === 'content' ? 'signal-scroll-depth-content' : 'signal-scroll-depth', {
        percent: { measure: s.percent, unit: 'percent' },
      });
    case 'dwell':
      return reason('signal-dwell', { seconds: { measure: s.seconds, unit: 'second' } });
    case 'idle':
      return reason('signal-idle', { seconds: { measure: s.seconds, unit: 'second' } });
    case 'hesitation':
      return reason('signal-hesitation', { ms: { measure: s.ms, unit: 'millisecond' }, selector: s.selector });
    case 'intent':
      return reason('signal-intent', { intent: s.intent, score: s.score });
    default:
      return reason('signal-other', { signal: s.type });
  }
}

/** A trigger as a reason ("scrolled at least 50%"), for traces and the options page. */
export function describeTrigger(t: Trigger): Reason {
  switch (t.signal) {
    case 'exit-intent':
      return reason('trigger-exit-intent');
    case 'scroll-depth':
      return reason(t.of === 'content' ? 'trigger-scroll-depth-content' : 'trigger-scroll-depth', {
        percent: { measure: t.atLeast, unit: 'percent' },
      });
    case 'dwell':
      return reason('trigger-dwell', { seconds: { measure: t.seconds, unit: 'second' } });
    case 'idle':
      return reason('trigger-idle', { seconds: { measure: t.seconds, unit: 'second' } });
    case 'hesitation':
      return reason('trigger-hesitation', { selector: t.selector, ms: { measure: t.ms, unit: 'millisecond' } });
    case 'intent':
      return reason('trigger-intent', { intent: t.intent, score: t.atLeast });
    default:
      return reason('trigger-other', { signal: t.signal });
  }
}

/**
 * A snapshot of "is now a bad moment to speak?" sent with each signal by the content script:
 * Tact waits for a natural pause (exit intent excepted). `modal`: a modal dialog is open, or the
 * page is inert or scroll-locked behind one (a cookie banner, a login window): an overlay shown
 * then would be unreachable. Absent in a snapshot that did not look (it counts as not busy).
 */
export const QuietStateSchema = /* @__PURE__ */ (() =>
  strictObject({
    typing: v.boolean(),
    selecting: v.boolean(),
    scrollingFast: v.boolean(),
    media: v.boolean(),
    fullscreen: v.boolean(),
    modal: v.optional(v.boolean()),
  }))();
export type QuietState = v.InferOutput<typeof QuietStateSchema>;

/** Which busy states count as a bad moment to speak (the settings' quiet-moment rules). */
export type QuietMoments = Record<QuietKey, boolean>;

/**
 * Why now is a bad moment, as reasons (`busy-typing`…, said after "visitor is"); empty when it is a
 * quiet moment. Only the busy states `watched` turns on count (all of them when it is absent);
 * `only` narrows them further (exit intent looks only at the states in which an overlay would go
 * unseen).
 */
export function noisyReasons(
  q: QuietState | undefined,
  watched?: Partial<QuietMoments>,
  only?: readonly BusyState[],
): Reason[] {
  if (!q) return [];
  return watchedQuietKeys(watched)
    .filter((k) => q[k] && (!only || only.includes(k)))
    .map((k) => reason(`busy-${k}`));
}

/** What the content script reads from the page at hello: every field optional, every text bounded. */
export const PageContextSchema = /* @__PURE__ */ (() =>
  strictObject({
    lang: v.optional(textSchema(2000, 0)),
    referrer: v.optional(textSchema(2000, 0)),
    title: v.optional(textSchema(2000, 0)),
    utm: v.optional(
      strictObject({
        source: v.optional(textSchema(500, 0)),
        medium: v.optional(textSchema(500, 0)),
        campaign: v.optional(textSchema(500, 0)),
        term: v.optional(textSchema(500, 0)),
        content: v.optional(textSchema(500, 0)),
      }),
    ),
    product: v.optional(
      strictObject({
        name: v.optional(textSchema(500, 0)),
        price: v.optional(numberSchema({ min: 0, max: 1e12 })),
        currency: v.optional(textSchema(10, 0)),
      }),
    ),
    viewport: v.optional(
      strictObject({ width: numberSchema({ min: 0, max: 100_000 }), height: numberSchema({ min: 0, max: 100_000 }) }),
    ),
    /** The primary pointer is coarse (touch screen). */
    touch: v.optional(v.boolean()),
  }))();
export type PageContext = v.InferOutput<typeof PageContextSchema>;
