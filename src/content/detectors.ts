/**
 * Arms the detectors a page view needs: what the rules asked for (the arming plan) plus the inputs
 * of the intents they wait for, all torn down by one AbortSignal. Every detector reports to
 * `observe`: the intent estimate learns from everything; only what a rule asked for is sent (each
 * at most once per page view, idle and intents excepted), when the visitor is not busy (held back
 * up to the plan's `holdMs` otherwise, 30 s by default), with a quiet-moment snapshot.
 *
 * Kept apart from the entry so that the always-on part (hello, route changes, overlay) and the
 * detectors could be shipped as two files, the second loaded only when a plan is not empty (see
 * ARCHITECTURE.md, "Signals (content side)").
 */
import type { QuietState, Signal } from '../core/signals/signal-model.ts';
import type { BusyState, FlagSignal, SignalType } from '../core/signals/signal-kinds.ts';
import type { ArmingPlan } from '../core/signals/arming-plan.ts';
import { addEvidence, crossedLevel, withIntentInputs, zeroScores } from '../core/signals/intent-score.ts';
import { watchDeadClicks } from './signals/dead-clicks.ts';
import { watchDwell } from './signals/dwell.ts';
import { watchExitIntent } from './signals/exit-intent.ts';
import { watchFormAbandon } from './signals/form-abandon.ts';
import { watchHesitation } from './signals/hesitation.ts';
import { watchIdle } from './signals/idle.ts';
import { watchQuiet } from './signals/quiet.ts';
import { busyStates, shouldHold } from '../core/signals/quiet-moment.ts';
import { HOLD_RECHECK_MS } from '../core/signals/hold.ts';
import type { Hold } from '../shared/protocol.ts';
import { watchRageClicks } from './signals/rage-clicks.ts';
import { watchScrollDepth } from './signals/scroll-depth.ts';
import { watchScrollMotion } from './signals/scroll-motion.ts';
import { watchTabReturn } from './signals/tab-return.ts';
import { watchTextSelection } from './signals/text-selection.ts';

/** What lives as long as a page view (a route change starts a new one), kept across re-arming. */
let view = { id: '', sent: new Set<string>(), scores: zeroScores() };

/** Whether some rule asked for this signal (detectors also report what only the intent estimate needs). */
function asked(p: ArmingPlan, s: Signal): boolean {
  switch (s.type) {
    case 'exit-intent':
      return p.exitIntent;
    case 'scroll-depth':
      return (s.of === 'content' ? p.contentDepths : p.scrollDepths).includes(s.percent);
    case 'dwell':
      return p.dwellSeconds.includes(s.seconds);
    case 'idle':
      return p.idleSeconds.includes(s.seconds);
    case 'hesitation':
      return p.hesitation.some((h) => h.selector === s.selector && h.ms === s.ms);
    default:
      return p.flags.includes(s.type as FlagSignal);
  }
}

/**
 * What came before the arming, for the time thresholds: the arming waits for the visitor's first
 * sign of presence (content.ts), so dwell counts from the page view's start (`view`, in
 * `performance.now()` time, with its visibility then: every change of it since arms at once), and
 * idle from the visitor's last input (`input`: the sign of presence, or the start when a timer armed).
 */
export interface ArmedAfter {
  view: number;
  visible: boolean;
  input: number;
}

/**
 * Arms the detectors for `plan` in page view `pageViewId` until `signal` aborts; `send` forwards to
 * the background (with the hold, if the signal was held). `after`: what came before the arming
 * (absent: the page view starts now). Returns what keeps the visitor busy now for a signal of a
 * type, as a held signal would see it (the overlay looks again just before it appears).
 */
export function armDetectors(
  signal: AbortSignal,
  plan: ArmingPlan,
  pageViewId: string,
  send: (s: Signal, quiet: QuietState, held?: Hold) => unknown,
  after?: ArmedAfter,
): (type: SignalType) => BusyState[] {
  if (view.id !== pageViewId) view = { id: pageViewId, sent: new Set(), scores: zeroScores() };
  const { sent, scores } = view;
  const quiet = watchQuiet(signal);
  /** Sends when the visitor pauses (see `shouldHold`), with the quiet-moment snapshot of that moment. */
  const deliver = (s: Signal, since = performance.now(), busy: BusyState[] = []) => {
    if (signal.aborted) return;
    const q = quiet();
    const ms = Math.round(performance.now() - since);
    if (shouldHold(s.type, q, ms, plan.quiet, plan.holdMs))
      setTimeout(deliver, HOLD_RECHECK_MS, s, since, [...new Set([...busy, ...busyStates(s.type, q, plan.quiet)])]);
    else send(s, q, busy.length ? { ms, while: busy } : undefined);
  };
  const observe = (s: Signal) => {
    const before = { ...scores };
    addEvidence(scores, s);
    for (const intent of plan.intents)
      if (crossedLevel(before[intent], scores[intent]))
        deliver({ type: 'intent', intent, score: Math.round(scores[intent] * 100) / 100 });
    const key = Object.values(s).join(' ');
    if (!asked(plan, s) || sent.has(key)) return;
    if (s.type !== 'idle') sent.add(key);
    deliver(s);
  };
  const p = withIntentInputs(plan);
  const has = (flag: FlagSignal) => p.flags.includes(flag);
  if (p.exitIntent) watchExitIntent(signal, observe);
  if (p.scrollDepths.length || p.contentDepths.length)
    watchScrollDepth(signal, observe, p.scrollDepths, p.contentDepths);
  if (has('scroll-reversal') || has('reading') || has('scanning')) watchScrollMotion(signal, observe, p.flags);
  if (p.dwellSeconds.length) watchDwell(signal, observe, p.dwellSeconds, after);
  if (p.idleSeconds.length) watchIdle(signal, observe, p.idleSeconds, after?.input);
  if (p.hesitation.length) watchHesitation(signal, observe, p.hesitation);
  if (has('tab-return')) watchTabReturn(signal, observe);
  if (has('rage-click')) watchRageClicks(signal, observe);
  if (has('dead-click')) watchDeadClicks(signal, observe);
  if (has('text-selection') || has('copy'))
    watchTextSelection(signal, observe, { selection: has('text-selection'), copy: has('copy') });
  if (has('form-abandon')) watchFormAbandon(signal, observe);
  return (type) => busyStates(type, quiet(), plan.quiet);
}

/** The page view's pre-approval, for the first decision at the trigger (loaded with the detectors). */
export { firstApprovals } from './first-approval.ts';
/** The page context, read for the page view's first signal (content.ts). */
export { collectPageContext } from './page-context-reader.ts';
/**
 * The second look before an overlay a signal started appears (content.ts): here, not in the
 * always-on entry, as only an armed page view sends signals, and so only one that loaded this file.
 */
export { awaitFreeMoment } from '../shared/free-moment.ts';
