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
  checks: { label: string; detail: string }[];
}

/**
 * The "why" reasons worded with `say`. Without the check that the rule's flow exists: it always
 * holds for a conversation on screen, and its detail is the flow's internal id, the marketer's
 * bookkeeping (the popup's and options page's "why" keep it).
 */
export function wordWhy(why: WhyReasons, say: (r: Reason | string) => string): WhyView {
  return {
    signal: say(why.signal),
    rule: why.rule,
    checks: why.checks
      .filter((c) => typeof c.label === 'string' || c.label.code !== 'check-flow-exists')
      .map((c) => ({ label: say(c.label), detail: say(c.detail) })),
  };
}
