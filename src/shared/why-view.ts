/**
 * The "why" of a conversation as the overlay shows it: the reasons the background or the site build
 * gives (protocol `overlay/why`), worded in the visitor's language by a formatter passed in, so that
 * the overlay's bundles need not carry it (see src/overlay/reason-formatter.ts). Each check is one
 * line that says one thing once (`checkLine`, which the popup's "why" shares).
 */
import type { Reason } from '../core/rules/reason.ts';
import type { WhyReasons } from './protocol.ts';

/** The "why" of a conversation, worded in the visitor's language: each check one line. */
export interface WhyView {
  signal: string;
  rule: string;
  /** What the rule asks of the page and the visitor, and how often it may speak: shown at once. */
  checks: string[];
  /** The checks that only say nothing stood in the way (Tact on, not snoozed, no back-off…): folded. */
  others: string[];
  /** The panel's first line where it is not "the rule … on this signal": a preview started by hand says so. */
  intro?: string;
}

/** A reason (or an English sentence of an old trace) as a sentence in the reader's language. */
type Say = (r: Reason | string) => string;
/** A message of the reader's language with its `$1`… filled in (`punctColon`, `whyVisitorHalves`). */
type Message = (key: string, ...substitutions: string[]) => string;

/**
 * Checks that hold for every conversation a visitor sees unless something stood in the way (and the
 * trigger, which the "why" already says first): twelve lines of bookkeeping that buried the few that
 * say why this visitor, here, now.
 */
const NOTHING_IN_THE_WAY =
  /^check-(site-on|one-per-page|not-snoozed|quiet-moment|not-over-fullscreen|trigger|shadow|priority|ab-variant|first-seconds|backoff-flow|backoff-site)$/;

/**
 * What was seen, when all it says is that a check held: after a passed check its label says it
 * all ("Not snoozed", not "Not snoozed: not snoozed"). Failed, the same detail is the news.
 */
const ONLY_CONFIRMS =
  /^seen-(site-on|page-none-shown|not-snoozed|quiet|no-dismissal|active|member|not-member|has-tag|no-tag|enough-time|never-shown|not-shown-page|not-shown-visit)$/;

const codeOf = (r: Reason | string): string => (typeof r === 'string' ? '' : r.code);

/**
 * One check as one line: its label, then a colon and what was seen where that adds something. Not
 * after the trigger (what was seen is the signal, which both "why" views name first), nor after a
 * passed check whose detail only confirms it or repeats its value. `colon` writes a label's colon in the reader's
 * language (French: "Condition :"). No label of a check has a colon of its own, so a line has at
 * most one.
 */
export function checkLine(
  check: { label: Reason | string; detail: Reason | string; passed?: boolean },
  say: Say,
  colon: (label: string) => string,
): string {
  const label = say(check.label);
  if (codeOf(check.label) === 'check-trigger') return label;
  const detail = say(check.detail);
  // Passed, a detail that only confirms the check, or that is the label's own value ("Site is
  // shop.example: shop.example"), says nothing more.
  const params = typeof check.label === 'string' ? undefined : check.label.params;
  if (
    check.passed !== false &&
    (ONLY_CONFIRMS.test(codeOf(check.detail)) || Object.values(params ?? {}).some((value) => value === detail))
  )
    return label;
  return `${colon(label)} ${detail}`;
}

/**
 * The "why" reasons worded with `say` (and `t` for the language's colon and notes), the rule's own
 * conditions and limits apart from the checks that only say nothing stood in the way, each in the
 * decision's order. Without the check that the rule's flow exists: it always holds for a
 * conversation on screen, and its detail is the flow's internal id, the marketer's bookkeeping (the
 * popup's and options page's "why" keep it); nor the flow of the visitor's A/B variant, for the
 * same reason. A daily budget spent in part by pills ("1.5 used today") says that a pill counts as
 * half a conversation, as the settings do.
 */
export function wordWhy(why: WhyReasons, say: Say, t: Message): WhyView {
  const view: WhyView = { signal: say(why.signal), rule: why.rule, checks: [], others: [] };
  if (why.forced) return { ...view, intro: t('overlayWhyPreview') };
  const colon = (label: string) => t('punctColon', label);
  for (const { label, detail } of why.checks) {
    const code = codeOf(label);
    if (code === 'check-flow-exists') continue;
    const seen = codeOf(detail);
    let line = seen === 'seen-ab-variant' ? say(label) : checkLine({ label, detail }, say, colon);
    const count = typeof detail === 'string' ? undefined : detail.params?.count;
    if (/^seen-(site|day)-used$/.test(seen) && typeof count === 'number' && !Number.isInteger(count))
      line = t('whyVisitorHalves', line);
    (NOTHING_IN_THE_WAY.test(code) ? view.others : view.checks).push(line);
  }
  return view;
}
