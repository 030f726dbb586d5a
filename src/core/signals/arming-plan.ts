/**
 * The arming plan: what one page must listen for, built from the triggers of the rules that could
 * fire there. Schema-free on purpose (only types come from signal-model.ts): the content script
 * and the site build's entry, loaded on every page, build and test plans without carrying valibot.
 */
import type { Trigger } from './signal-model.ts';
import type { BusyState, FlagSignal, IntentName } from './signal-kinds.ts';

/**
 * What the content script must listen for on one page: only what some candidate rule needs.
 * An empty plan (see `isEmptyPlan`) means: attach no listener at all.
 */
export interface ArmingPlan {
  exitIntent: boolean;
  scrollDepths: number[];
  /** Depths of the main content (triggers with `of: 'content'`). */
  contentDepths: number[];
  dwellSeconds: number[];
  idleSeconds: number[];
  hesitation: { selector: string; ms: number }[];
  flags: FlagSignal[];
  /** Intents some rule waits for (their inputs are armed too). */
  intents: IntentName[];
  /** The busy states a signal waits out before it is sent (the settings' quiet-moment rules); absent: all. */
  quiet?: BusyState[];
  /**
   * How long a signal, or an overlay about to appear, waits at most for a quiet moment (ms: the
   * settings' `maxHoldSeconds`); absent: MAX_HOLD_MS (core/signals/hold.ts).
   */
  holdMs?: number;
  /**
   * Where the detectors wait for the visitor's first sign of presence (content.ts), how long after
   * the page view's start they arm with none: the smallest time threshold (`presenceTimeoutMs`,
   * core/signals/presence.ts, computed by the background so the always-on script carries none of
   * the intents' inputs); absent: no timer, only input arms.
   */
  armAfterMs?: number;
}

/** A plan that listens for nothing. */
export function emptyPlan(): ArmingPlan {
  return {
    exitIntent: false,
    scrollDepths: [],
    contentDepths: [],
    dwellSeconds: [],
    idleSeconds: [],
    hesitation: [],
    flags: [],
    intents: [],
  };
}

/** True when the plan arms no detector (its `quiet` list, `holdMs` and `armAfterMs` alone arm nothing). */
export function isEmptyPlan(p: ArmingPlan): boolean {
  return (
    !p.exitIntent &&
    !p.scrollDepths.length &&
    !p.contentDepths.length &&
    !p.dwellSeconds.length &&
    !p.idleSeconds.length &&
    !p.hesitation.length &&
    !p.flags.length &&
    !p.intents.length
  );
}

/** Adds what one trigger needs to a plan (deduplicated, sorted). */
export function addToPlan(plan: ArmingPlan, t: Trigger): void {
  const addNum = (list: number[], n: number) => {
    if (!list.includes(n)) {
      list.push(n);
      list.sort((a, b) => a - b);
    }
  };
  switch (t.signal) {
    case 'exit-intent':
      plan.exitIntent = true;
      break;
    case 'scroll-depth':
      addNum(t.of === 'content' ? plan.contentDepths : plan.scrollDepths, t.atLeast);
      break;
    case 'dwell':
      addNum(plan.dwellSeconds, t.seconds);
      break;
    case 'idle':
      addNum(plan.idleSeconds, t.seconds);
      break;
    case 'hesitation':
      if (!plan.hesitation.some((h) => h.selector === t.selector && h.ms === t.ms))
        plan.hesitation.push({ selector: t.selector, ms: t.ms });
      break;
    case 'intent':
      if (!plan.intents.includes(t.intent)) plan.intents.push(t.intent);
      break;
    default:
      if (!plan.flags.includes(t.signal)) plan.flags.push(t.signal);
  }
}
