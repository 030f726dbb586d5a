/**
 * The interruption policy's settings and its bookkeeping: the daily budget (per site and overall,
 * weighted by entry mode) and the back-off after dismissals (per flow and per site). Pure: the
 * background stores these records and updates them in the same transaction as each decision.
 *
 * The bundled demo shop is a sandbox (`isDemoShop`): a show there is charged to its own site's
 * budget but not to the overall one, and a dismissal there backs off that site only, not the flow
 * everywhere, so trying the demo never holds back a marketer's rule on their own site.
 */
import * as v from 'valibot';
import { isDemoShop } from './demo-shop.ts';
import type { QuietMoments } from '../signals/signal-model.ts';
import { integerSchema, numberSchema, strictObject } from '../validation/schema-check.ts';

const POLICY_ENTRIES = /* @__PURE__ */ (() => ({
  /** Budget per site per day, in entry-mode weights (a panel costs 1, a pill less). */
  maxPerSitePerDay: numberSchema({ min: 0, max: 100 }),
  /** Budget per day across all sites. */
  maxPerDay: numberSchema({ min: 0, max: 1000 }),
  /** Nothing in the first seconds of a page view (exit intent excepted). */
  minSecondsOnPage: numberSchema({ min: 0, max: 600 }),
  /**
   * How long a signal, or an overlay about to appear, waits at most for the visitor to pause (a
   * dialog closed, the tab back…); then the signal is sent as it is, the overlay withdrawn unseen.
   */
  maxHoldSeconds: integerSchema(1, 600),
  /** Wait after a first dismissal; each further dismissal doubles it (capped at 30 days). */
  backoffHours: numberSchema({ min: 0, max: 24 * 365 }),
  entryWeights: strictObject({
    panel: numberSchema({ min: 0.05, max: 10 }),
    pill: numberSchema({ min: 0.05, max: 10 }),
  }),
  /** Until then (epoch ms) nothing is shown anywhere; 0 = not snoozed. */
  snoozeUntil: integerSchema(0, 8.64e15),
  /** A new visit (session) starts after this many minutes without a page view on the site. */
  sessionMinutes: integerSchema(1, 24 * 60),
  /** Events older than this many days are deleted. */
  retentionDays: integerSchema(1, 3650),
}))();

/** Quiet-moment rules: which busy states make Tact wait (typing, selecting, fast scrolling, media, fullscreen). */
const QuietMomentsSchema = /* @__PURE__ */ (() =>
  v.strictObject({
    typing: v.boolean(),
    selecting: v.boolean(),
    scrollingFast: v.boolean(),
    media: v.boolean(),
    fullscreen: v.boolean(),
  }))() satisfies v.GenericSchema<QuietMoments>;

/** Every knob of the interruption policy; defaults are meant to feel considerate. */
export const PolicySettingsSchema = /* @__PURE__ */ (() =>
  strictObject({
    ...POLICY_ENTRIES,
    quietMoments: strictObject(QuietMomentsSchema.entries),
  }))();
export type PolicySettings = v.InferOutput<typeof PolicySettingsSchema>;

/** Some settings to change (`settings/set`); the quiet-moment rules may be given one by one. */
export const SettingsPatchSchema = /* @__PURE__ */ (() =>
  strictObject({
    ...v.partial(v.strictObject(POLICY_ENTRIES)).entries,
    quietMoments: v.optional(strictObject(v.partial(QuietMomentsSchema).entries)),
  }))();
export type SettingsPatch = v.InferOutput<typeof SettingsPatchSchema>;

export const DEFAULT_SETTINGS: PolicySettings = {
  maxPerSitePerDay: 2,
  maxPerDay: 4,
  minSecondsOnPage: 3,
  maxHoldSeconds: 30,
  backoffHours: 24,
  entryWeights: { panel: 1, pill: 0.5 },
  snoozeUntil: 0,
  sessionMinutes: 30,
  retentionDays: 180,
  quietMoments: { typing: true, selecting: true, scrollingFast: true, media: true, fullscreen: true },
};

const HOUR = 3_600_000;
/** 30 days (30 × 24 × HOUR), written out: the arithmetic kept both constants in every bundle importing this file. */
const MAX_BACKOFF = 2_592_000_000;

/** What was spent today, in weights. `day` is the local date, "YYYY-MM-DD". */
export interface BudgetState {
  day: string;
  total: number;
  bySite: Record<string, number>;
}

export interface DismissalRecord {
  count: number;
  lastAt: number;
}

export interface DismissalState {
  byFlow: Record<string, DismissalRecord>;
  bySite: Record<string, DismissalRecord>;
}

/** The local calendar day of a time, "YYYY-MM-DD". */
export function localDay(now: number): string {
  const d = new Date(now);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Today's budget record (a record from another day counts as empty). */
export function budgetToday(state: BudgetState | undefined, day: string): BudgetState {
  return state && state.day === day ? state : { day, total: 0, bySite: {} };
}

export function spentOnSite(budget: BudgetState, origin: string): number {
  return Object.hasOwn(budget.bySite, origin) ? budget.bySite[origin]! : 0;
}

/** The budget after showing something of `weight` on `origin` (the demo shop's shows spend only its own). */
export function spend(budget: BudgetState, origin: string, weight: number): BudgetState {
  return {
    day: budget.day,
    total: isDemoShop(origin) ? budget.total : round(budget.total + weight),
    bySite: { ...budget.bySite, [origin]: round(spentOnSite(budget, origin) + weight) },
  };
}

/**
 * The budget after giving back what `spend` took for a conversation that was never seen: only on
 * the day it was spent (a new day starts from zero anyway), never below zero.
 */
export function refund(budget: BudgetState, day: string, origin: string, weight: number): BudgetState {
  if (budget.day !== day) return budget;
  return {
    day,
    total: isDemoShop(origin) ? budget.total : Math.max(0, round(budget.total - weight)),
    bySite: { ...budget.bySite, [origin]: Math.max(0, round(spentOnSite(budget, origin) - weight)) },
  };
}

/** Keeps sums of fractional weights exact (0.1 + 0.2); weights are at least 0.05 (settings check). */
const round = (n: number) => Math.round(n * 1e6) / 1e6;

export function emptyDismissals(): DismissalState {
  return { byFlow: {}, bySite: {} };
}

/**
 * The dismissal records after the visitor closed `flowId` on `origin` without finishing it. On the
 * demo shop only the site backs off: its flows are the defaults, which a marketer may reuse on
 * their own site.
 */
export function recordDismissal(state: DismissalState, flowId: string, origin: string, now: number): DismissalState {
  const bump = (r: DismissalRecord | undefined): DismissalRecord => ({ count: (r?.count ?? 0) + 1, lastAt: now });
  return {
    byFlow: isDemoShop(origin) ? state.byFlow : { ...state.byFlow, [flowId]: bump(own(state.byFlow, flowId)) },
    bySite: { ...state.bySite, [origin]: bump(own(state.bySite, origin)) },
  };
}

/** When the back-off after these dismissals ends (0 when there were none). */
export function backoffUntil(record: DismissalRecord | undefined, backoffHours: number): number {
  if (!record || record.count <= 0) return 0;
  // The exponent is capped so huge dismissal counts cannot overflow into NaN.
  return record.lastAt + Math.min(MAX_BACKOFF, backoffHours * HOUR * 2 ** Math.min(record.count - 1, 30));
}

export function own<T>(map: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}
