/**
 * The rules that can fire on one page view. A rule's URL conditions (site, path, page URL) cannot
 * change within a page view (a client-side route change is a new page view), yet the index alone
 * hands decide() every rule whose URL *might* match — every regular-expression and URL-less rule of
 * the trigger — and their patterns were matched again on every signal. Here they are matched once
 * per page view and trigger; later signals of that trigger only cost the rules that apply here.
 */
import type { Condition, Rule } from './rule-model.ts';
import { isUrlCondition } from './url-match.ts';
import type { RuleIndex } from './rule-index.ts';
import type { SignalType } from '../signals/signal-kinds.ts';
import { checkUrlCondition, type Check } from './conditions.ts';

/**
 * A trigger's rules on one page view, laid out for the quick decision (quick-decide.ts): the rules
 * that compete by priority, highest first (ties in the index's order, as decide() breaks them), and
 * the shadow-mode ones in the index's order; each with its conditions other than the address's,
 * which already hold here.
 */
interface TriggerPlan {
  live: PlannedRule[];
  shadow: PlannedRule[];
  /** How many rules could fire on the page for this trigger (decide() traces each). */
  candidates: number;
  /** Their ids: a decision's replay keeps only their "last shown" times. */
  ids: ReadonlySet<string>;
}

export interface PlannedRule {
  rule: Rule;
  /** The rule's conditions left to check on a signal (its site, path and URL conditions hold here). */
  rest: Condition[];
}

/** A rule index narrowed to one page: same interface, so decide() takes either. */
export interface PageRules extends RuleIndex {
  /** The page view's URL the narrowing was made for. */
  readonly url: string;
  /** The trigger's rules laid out for the quick decision, made on its first signal and kept. */
  plan(signal: SignalType): TriggerPlan;
}

function planOf(candidates: readonly Rule[]): TriggerPlan {
  const planned = candidates
    .filter((rule) => rule.enabled)
    .map((rule) => ({ rule, rest: rule.conditions.filter((c) => !isUrlCondition(c)) }));
  return {
    // Array sort is stable: equal priorities keep the index's order.
    live: planned.filter((p) => !p.rule.shadow).sort((a, b) => b.rule.priority - a.rule.priority),
    shadow: planned.filter((p) => p.rule.shadow),
    candidates: candidates.length,
    ids: new Set(candidates.map((r) => r.id)),
  };
}

/**
 * Narrows `index` to the page at `url`. Candidates of a trigger are worked out on its first signal
 * and kept; a call for any other URL (never made by the background) falls back to the index. The
 * decisions are the same as with the index (a property test holds it), except that rules whose URL
 * conditions fail here are left out of the trace, as the index already leaves out most of them.
 */
export function rulesForPage(index: RuleIndex, url: string): PageRules {
  const byTrigger = new Map<SignalType, Rule[]>();
  const plans = new Map<SignalType, TriggerPlan>();
  // The URL checks of the rules kept, as the trace shows them: decide() reuses them (knownCheck).
  const known = new WeakMap<Condition, Check>();
  const applies = (rule: Rule) => {
    for (const c of rule.conditions) {
      if (!isUrlCondition(c)) continue;
      const check = checkUrlCondition(c, url);
      if (!check.passed) return false;
      known.set(c, check);
    }
    return true;
  };
  const candidatesHere = (signal: SignalType) => {
    let rules = byTrigger.get(signal);
    if (!rules) byTrigger.set(signal, (rules = index.candidates(signal, url).filter(applies)));
    return rules;
  };
  return {
    url,
    size: index.size,
    candidates: (signal, candidateUrl) =>
      candidateUrl === url ? candidatesHere(signal) : index.candidates(signal, candidateUrl),
    plan(signal) {
      let plan = plans.get(signal);
      if (!plan) plans.set(signal, (plan = planOf(candidatesHere(signal))));
      return plan;
    },
    knownCheck: (condition) => known.get(condition),
  };
}

/**
 * Page views' narrowed rules, for the background: at most `capacity` page views are kept (the
 * least recently used go first), and all of them go when the rules change (`version`).
 */
export class PageRulesCache {
  private version = NaN;
  private readonly entries = new Map<string, PageRules>();

  constructor(private readonly capacity = 200) {}

  /** The narrowed rules of page view `pageViewId` at `url`, made from `index` when missing. */
  get(version: number, pageViewId: string, url: string, index: RuleIndex): PageRules {
    if (version !== this.version) {
      this.entries.clear();
      this.version = version;
    }
    let entry = this.entries.get(pageViewId);
    if (entry && entry.url === url) this.entries.delete(pageViewId);
    else entry = rulesForPage(index, url);
    // Re-inserted last: Map order is the recency order.
    this.entries.set(pageViewId, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }
}
