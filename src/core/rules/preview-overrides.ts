/**
 * The marketer's preview tools on a live site, as pure functions: "act as" a visitor with given
 * tags or segments (a per-tab override of what the engine's conditions see), and resetting a
 * site's frequency caps and back-offs so a flow can be tried again. The background stores the
 * override per tab and applies it to every decision taken on that tab until it is cleared.
 */
import * as v from 'valibot';
import { idSchema, strictObject } from '../validation/schema-check.ts';
import { RULE_VERSION, type Rule, type Segment } from './rule-model.ts';
import type { VisitorProfile } from '../visitor/visitor-model.ts';
import { budgetToday, localDay, own, type BudgetState, type DismissalState } from './policy.ts';
import { isDemoShop } from './demo-shop.ts';

/** Who the engine should take the visitor to be on one tab: exactly these tags, in these segments. */
export const ActAsSchema = /* @__PURE__ */ (() =>
  strictObject({
    tags: v.pipe(v.array(idSchema), v.maxLength(50)),
    /** Segment ids the visitor counts as a member of, whatever their conditions say. */
    segments: v.pipe(v.array(idSchema), v.maxLength(50)),
  }))();
export type ActAs = v.InferOutput<typeof ActAsSchema>;

/**
 * The profile and segments the engine sees while acting as `actAs`: the visitor's own tags are
 * replaced by the given ones (without expiry), attributes are kept; the named segments have every
 * condition lifted, so "in segment X" passes and "not in segment X" fails. Nothing stored changes.
 */
export function actAsVisitor(
  profile: VisitorProfile,
  segments: readonly Segment[],
  actAs: ActAs | undefined,
): { profile: VisitorProfile; segments: Segment[] } {
  if (!actAs) return { profile, segments: [...segments] };
  return {
    profile: { tags: [...new Set(actAs.tags)], ...(profile.attributes ? { attributes: profile.attributes } : {}) },
    segments: segments.map((s) => (actAs.segments.includes(s.id) ? { ...s, conditions: [] } : s)),
  };
}

/** The override in plain words, for the popup and traces ("tags: vip, returning · segment: Bargain hunters"). */
export function describeActAs(actAs: ActAs, segments: readonly Segment[]): string {
  const parts: string[] = [];
  if (actAs.tags.length) parts.push(`tags: ${actAs.tags.join(', ')}`);
  if (actAs.segments.length)
    parts.push(`segments: ${actAs.segments.map((id) => segments.find((s) => s.id === id)?.name ?? id).join(', ')}`);
  return parts.length ? parts.join(' · ') : 'a visitor with no tags';
}

/** The policy's bookkeeping that limits how often something is shown. */
export interface CapsState {
  budget: BudgetState | undefined;
  dismissals: DismissalState;
  lastShownByRule: Record<string, number>;
}

/** What a reset cleared, for the popup's result message. */
export interface ResetSummary {
  /** Weight spent on the site today that is given back. */
  budgetReturned: number;
  /** Back-offs lifted (the site's, and those of flows dismissed on the site). */
  backoffsCleared: number;
  /** Rules whose frequency record (last shown) was cleared. */
  frequencyCleared: number;
}

/**
 * Caps and back-offs for one site reset, for previewing: today's spend on the site is given back
 * (also to the day's total), the site's dismissals are forgotten, and so are those of `flowIds`
 * (flows dismissed on this site) and the last-shown times of `ruleIds` (rules shown on this site).
 * Other sites keep everything.
 */
export function resetSiteCaps(
  state: CapsState,
  origin: string,
  now: number,
  flowIds: Iterable<string>,
  ruleIds: Iterable<string>,
): { state: CapsState; summary: ResetSummary } {
  const budget = budgetToday(state.budget, localDay(now));
  const spent = own(budget.bySite, origin) ?? 0;
  const { [origin]: _site, ...bySite } = budget.bySite;
  const dismissBySite = { ...state.dismissals.bySite };
  const dismissByFlow = { ...state.dismissals.byFlow };
  let backoffsCleared = 0;
  if (Object.hasOwn(dismissBySite, origin)) {
    delete dismissBySite[origin];
    backoffsCleared++;
  }
  for (const flowId of new Set(flowIds)) {
    if (Object.hasOwn(dismissByFlow, flowId)) {
      delete dismissByFlow[flowId];
      backoffsCleared++;
    }
  }
  const lastShownByRule = { ...state.lastShownByRule };
  let frequencyCleared = 0;
  for (const ruleId of new Set(ruleIds)) {
    if (Object.hasOwn(lastShownByRule, ruleId)) {
      delete lastShownByRule[ruleId];
      frequencyCleared++;
    }
  }
  return {
    state: {
      budget: {
        day: budget.day,
        // The demo shop's shows were never charged to the day's total (policy.ts): nothing to give back there.
        total: isDemoShop(origin) ? budget.total : Math.max(0, Math.round((budget.total - spent) * 1e6) / 1e6),
        bySite,
      },
      dismissals: { byFlow: dismissByFlow, bySite: dismissBySite },
      lastShownByRule,
    },
    summary: { budgetReturned: spent, backoffsCleared, frequencyCleared },
  };
}

/** How long the cursor must rest on a picked element, by default, before its rule fires. */
export const DEFAULT_HESITATION_MS = 1500;

/**
 * A rule started by hovering the picked element: `existing` with its trigger replaced, or a new
 * rule for `flowId` on this site only (URL prefix `origin/`), enabled, shown as a panel.
 */
export function ruleForPicked(
  existing: Rule | undefined,
  picked: { selector: string; label: string; ms: number; origin: string; flowId: string; id: string },
): Rule {
  const trigger = { signal: 'hesitation' as const, selector: picked.selector, ms: picked.ms };
  if (existing) return { ...existing, trigger };
  return {
    id: picked.id,
    version: RULE_VERSION,
    name: `Hesitation on ${picked.label || picked.selector}`.slice(0, 120),
    enabled: true,
    shadow: false,
    trigger,
    conditions: [{ kind: 'url', match: 'prefix', pattern: `${picked.origin}/` }],
    flowId: picked.flowId,
    entry: 'panel',
    priority: 10,
    frequency: { every: 'page-view' },
  };
}

/** What the popup can do for a tab: not a web page, host access missing, or fine. */
export type SiteAccess = 'not-web' | 'needs-grant' | 'granted';

/** The tab's access state from its URL and `permissions.contains` for its origin. */
export function siteAccessOf(url: string | undefined, granted: boolean): SiteAccess {
  let protocol: string;
  try {
    protocol = new URL(url ?? '').protocol;
  } catch {
    return 'not-web';
  }
  if (protocol !== 'http:' && protocol !== 'https:') return 'not-web';
  return granted ? 'granted' : 'needs-grant';
}

/** The host-permission pattern covering one origin, for `permissions.contains` / `request`. */
export function originPattern(origin: string): string {
  return `${origin}/*`;
}
