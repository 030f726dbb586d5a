/**
 * The "why" of a conversation as the overlay shows it: the reasons the background or the site build
 * gives (protocol `overlay/why`), worded in the visitor's language by a formatter passed in, so that
 * the overlay's bundles need not carry it (see src/overlay/reason-formatter.ts).
 */
import type { Reason } from '../core/rules/reason.ts';
import type { WhyReasons } from './protocol.ts';

/** The "why" of a conversation, worded in the visitor's language. */
export interface WhyView {
  signal: string;
  rule: string;
  /** What the rule asks of the page and the visitor, and how often it may speak: shown at once. */
  checks: WhyCheck[];
  /** The checks that only say nothing stood in the way (Tact on, not snoozed, no back-off…): folded. */
  others: WhyCheck[];
}

/** One check of the decision, worded. */
export interface WhyCheck {
  label: string;
  detail: string;
}

/**
 * Checks that hold for every conversation a visitor sees unless something stood in the way (and the
 * trigger, which the "why" already says first): twelve lines of bookkeeping that buried the few that
 * say why this visitor, here, now.
 */
const NOTHING_IN_THE_WAY =
  /^check-(site-on|one-per-page|not-snoozed|quiet-moment|not-over-fullscreen|trigger|shadow|priority|ab-variant|first-seconds|backoff-flow|backoff-site)$/;

/**
 * The "why" reasons worded with `say`, the rule's own conditions and limits apart from the checks
 * that only say nothing stood in the way, each in the decision's order. Without the check that the
 * rule's flow exists: it always holds for a conversation on screen, and its detail is the flow's
 * internal id, the marketer's bookkeeping (the popup's and options page's "why" keep it).
 */
export function wordWhy(why: WhyReasons, say: (r: Reason | string) => string): WhyView {
  const view: WhyView = { signal: say(why.signal), rule: why.rule, checks: [], others: [] };
  for (const { label, detail } of why.checks) {
    const code = typeof label === 'string' ? '' : label.code;
    if (code === 'check-flow-exists') continue;
    (NOTHING_IN_THE_WAY.test(code) ? view.others : view.checks).push({ label: say(label), detail: say(detail) });
  }
  return view;
}
