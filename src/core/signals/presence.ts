/**
 * The visitor's first sign of presence: where a rule applies, the content script arms its
 * detectors only then, not at load (content.ts, `awaitPresence`), so a page view nobody interacts
 * with never loads or arms them, and the page's load pays for neither (`bench:content`).
 *
 * Every trigger but time needs the visitor's input first: a pointer leaves after it moved, a
 * depth is crossed by scrolling, a click starts with a `pointerdown`, typing and selecting with a
 * key or a press, a tab return with the tab hidden. So one-shot listeners on these events, and a
 * timer for time (dwell and idle grow with no input at all), are the whole gate; the detectors
 * then take up the time thresholds from the page view's start and its last input (detectors.ts).
 */
import type { ArmingPlan } from './arming-plan.ts';
import { withIntentInputs } from './intent-score.ts';

/**
 * Events that show someone is there, listened to once on the window in the capture phase (a page
 * stopping their propagation hides none; the document's `visibilitychange` passes the window on
 * its way): what the idle detector counts as input. A touch starts with a `pointerdown`, a wheel
 * over a page that can scroll scrolls it.
 */
export const PRESENCE_EVENTS = ['mousemove', 'pointerdown', 'keydown', 'scroll', 'visibilitychange'] as const;

/**
 * How long after a page view's start it arms with no sign of presence (ms): the smallest time
 * threshold of its plan (dwell, idle, and the ones the intents it waits for are estimated from),
 * which no input need precede; undefined when it has none.
 */
export function presenceTimeoutMs(plan: ArmingPlan): number | undefined {
  const p = withIntentInputs(plan);
  const seconds = Math.min(...p.dwellSeconds, ...p.idleSeconds);
  return seconds < Infinity ? seconds * 1000 : undefined;
}
