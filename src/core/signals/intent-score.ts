/**
 * Intent: a small page-level estimate of what the visitor is probably doing — leaving, hesitating,
 * comparing, reading, scanning, frustrated — each a score 0..1 built from the signals seen on the
 * page, with the signals that produced it (explainable), mapped to the needs the brief names
 * (help, reassurance, education, inspiration). Pure: the content script feeds it the signals its
 * detectors see (also those no rule asked for) and emits an `intent` signal on a crossing.
 */
import type { Signal } from './signal-model.ts';
import { FLAG_SIGNALS, INTENTS, type IntentName } from './signal-kinds.ts';
import type { ArmingPlan } from './arming-plan.ts';

export type Need = 'help' | 'reassurance' | 'education' | 'inspiration';

/** Which needs an intent suggests, most pressing first. */
const NEEDS_OF: Record<IntentName, Need[]> = {
  leaving: ['reassurance', 'inspiration'],
  hesitating: ['reassurance', 'help'],
  comparing: ['help', 'reassurance'],
  reading: ['education', 'inspiration'],
  scanning: ['help'],
  frustrated: ['help'],
};

/** What one occurrence of a signal says about each intent, 0..1 (absent: nothing). */
const EVIDENCE: Partial<Record<Signal['type'], Partial<Record<IntentName, number>>>> = {
  'exit-intent': { leaving: 0.8 },
  idle: { leaving: 0.25 },
  'form-abandon': { hesitating: 0.4, leaving: 0.3 },
  hesitation: { hesitating: 0.6 },
  'tab-return': { comparing: 0.35 },
  'scroll-reversal': { comparing: 0.25, scanning: 0.15 },
  copy: { comparing: 0.3, reading: 0.2 },
  'text-selection': { reading: 0.3, comparing: 0.1 },
  reading: { reading: 0.6 },
  scanning: { scanning: 0.6 },
  'rage-click': { frustrated: 0.7 },
  'dead-click': { frustrated: 0.35 },
};

/** Evidence of one signal; a long stay (≥ 30 s) and the last quarter of a page hint at reading. */
function evidenceOf(s: Signal): Partial<Record<IntentName, number>> {
  if (s.type === 'dwell') return s.seconds >= 30 ? { reading: 0.2 } : {};
  // The depths the reading estimate arms (75 and 100 % of the page) count; a rule's own depths
  // (any percentage, or of the main content) would count the same reading several times.
  if (s.type === 'scroll-depth')
    return s.of === undefined && (s.percent === 75 || s.percent === 100) ? { reading: 0.15 } : {};
  return EVIDENCE[s.type] ?? {};
}

export type IntentScores = Record<IntentName, number>;

export const zeroScores = (): IntentScores => ({
  leaving: 0,
  hesitating: 0,
  comparing: 0,
  reading: 0,
  scanning: 0,
  frustrated: 0,
});

/**
 * Adds one signal's evidence; pieces of evidence combine as independent (1 − Π(1 − w)), so each
 * new one raises a score, never past 1, and one weak hint alone stays low.
 */
export function addEvidence(scores: IntentScores, s: Signal): void {
  const ev = evidenceOf(s);
  for (const k in ev) scores[k as IntentName] = 1 - (1 - scores[k as IntentName]) * (1 - ev[k as IntentName]!);
}

/** Score levels at which an intent is reported to the background (rules set their own `atLeast`). */
const INTENT_LEVELS = [0.5, 0.7, 0.9] as const;

/** Whether a score rose past one of INTENT_LEVELS. */
export function crossedLevel(before: number, after: number): boolean {
  return INTENT_LEVELS.some((l) => before < l && after >= l);
}

export interface IntentEstimate {
  intent: IntentName;
  score: number;
  /** The signals that raised it, with the weight each added (explainable). */
  because: { signal: Signal; weight: number }[];
}

/** The full, explainable estimate for a page view's signals, highest score first. */
export function estimateIntents(signals: readonly Signal[]): IntentEstimate[] {
  const scores = zeroScores();
  const because: Record<string, IntentEstimate['because']> = {};
  for (const s of signals) {
    const ev = evidenceOf(s);
    for (const k in ev) (because[k] ??= []).push({ signal: s, weight: ev[k as IntentName]! });
    addEvidence(scores, s);
  }
  return INTENTS.map((intent) => ({ intent, score: scores[intent], because: because[intent] ?? [] })).sort(
    (a, b) => b.score - a.score,
  );
}

/** How much each need is suggested: the highest score among the intents that suggest it. */
export function needsFrom(scores: IntentScores): Record<Need, number> {
  const needs = { help: 0, reassurance: 0, education: 0, inspiration: 0 };
  for (const i of INTENTS) for (const n of NEEDS_OF[i]) needs[n] = Math.max(needs[n], scores[i]);
  return needs;
}

/** Hovering what a visitor hesitates over: links and buttons, prices. */
const HESITATION_TARGETS = {
  selector: 'a[href],button,[role=button],[itemprop=price],[class*=price]',
  ms: 1500,
};

/**
 * The signals each intent is estimated from (space-separated signal types), armed locally when a
 * rule waits for that intent. Parameterised ones use INTENT_DEFAULTS.
 */
const INTENT_INPUTS: Record<IntentName, string> = {
  leaving: 'exit-intent idle form-abandon',
  hesitating: 'hesitation form-abandon',
  comparing: 'scroll-reversal tab-return copy text-selection',
  reading: 'reading text-selection copy dwell scroll-depth',
  scanning: 'scanning scroll-reversal',
  frustrated: 'rage-click dead-click',
};
const INTENT_DEFAULTS = { idle: [30], dwell: [30], depths: [75, 100], hesitation: [HESITATION_TARGETS] };

/** The plan plus the inputs of the intents it asks for: what the page must listen for. */
export function withIntentInputs(plan: ArmingPlan): ArmingPlan {
  const need = new Set(plan.intents.flatMap((i) => INTENT_INPUTS[i].split(' ')));
  const add = <T>(list: readonly T[], type: string, extra: readonly T[]): T[] => [
    ...new Set([...list, ...(need.has(type) ? extra : [])]),
  ];
  return {
    exitIntent: plan.exitIntent || need.has('exit-intent'),
    scrollDepths: add(plan.scrollDepths, 'scroll-depth', INTENT_DEFAULTS.depths),
    contentDepths: plan.contentDepths,
    dwellSeconds: add(plan.dwellSeconds, 'dwell', INTENT_DEFAULTS.dwell),
    idleSeconds: add(plan.idleSeconds, 'idle', INTENT_DEFAULTS.idle),
    hesitation: add(plan.hesitation, 'hesitation', INTENT_DEFAULTS.hesitation),
    flags: [...new Set([...plan.flags, ...FLAG_SIGNALS.filter((f) => need.has(f))])],
    intents: plan.intents,
  };
}
