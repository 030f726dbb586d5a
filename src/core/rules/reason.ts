/**
 * A sentence of Tact's explanations (a "why" check and what was seen, the meaning of a pattern, a
 * pattern warning, a validation problem) as a code and its parameters. The engine, the pattern
 * checks and the validators speak only in reasons; the pages word them in the reader's language
 * (`sayReason` in reason-words.ts, bound to the page's messages in src/shared/why-words.ts), so a
 * French marketer reads French and a stored trace stays the same data whoever reads it.
 *
 * `REASON_CODES` is the one definition of the codes: each code lists, in order, what fills the
 * `$1`, `$2`… of its message `code_<code>` (dashes as underscores) in
 * `assets/_locales/<lang>/messages.json`. A unit test walks every code in en, fr and ru.
 */

/** A duration, said in the units that say it exactly ("4 min 48 s"). */
interface WaitParam {
  wait: number;
}
/** A date and time (epoch ms), written as the reader's language writes it. */
interface AtParam {
  at: number;
}
/** A quantity in a unit ("9.9 s", "75 %"), written as the reader's language writes it. */
interface MeasureParam {
  measure: number;
  unit: 'second' | 'millisecond' | 'percent';
  /** Digits after the decimal point, exactly (default: as many as needed, up to 2). */
  digits?: number;
}
/** A day of the week (0 = Sunday), named in the reader's language. */
interface WeekdayParam {
  weekday: number;
}
/** Items joined as the reader's language joins them: "a, b and c", or "a, b or c". */
interface ListParam {
  list: readonly ReasonParam[];
  or?: boolean;
}

/**
 * A parameter: text shown as is (a host, a pattern, a rule's name), a number formatted for the
 * reader, a nested reason, or one of the values above.
 */
export type ReasonParam = string | number | Reason | WaitParam | AtParam | MeasureParam | WeekdayParam | ListParam;

export interface Reason {
  code: ReasonCode;
  params?: Readonly<Record<string, ReasonParam>>;
}

/**
 * Every code a reason can carry, with the names of the parameters that fill `$1`, `$2`… of its
 * message, in that order. A few codes derive a placeholder from their parameters (the glob's parts,
 * "the whole address or the path"): reason-words.ts says how (`DERIVED`).
 */
export const REASON_CODES = {
  // Site, path and address conditions: the outcome for one page address.
  'site-match': ['page'],
  'site-other': ['page', 'site'],
  'path-match': ['path', 'pattern'],
  'path-other': ['path', 'pattern'],
  'url-match': ['address', 'how', 'pattern'],
  'url-other': ['address', 'how', 'pattern'],
  'url-unreadable': ['url'],
  // What a pattern means, in words.
  'means-site': ['site'],
  'means-site-subdomains': ['site'],
  'means-path-exact': ['path'],
  'means-path-any': [],
  'means-path-glob': ['glob'],
  'means-url-exact': ['subject', 'pattern'],
  'means-url-prefix': ['subject', 'pattern'],
  'means-url-glob': ['subject', 'glob'],
  'means-url-regex': ['subject', 'pattern'],
  // Patterns that cannot match what they are compared with.
  'warn-regex-path-vs-address': [],
  'warn-url-no-scheme': [],
  'warn-path-has-site': [],
  'warn-path-no-slash': [],
  'warn-path-has-query': [],

  // A value seen, shown as it is (a flow id, a time, an address), or quoted (a text the page has).
  value: ['value'],
  quoted: ['value'],
  // The page's host as seen by a site condition (the "why" views show it in Unicode: readable-host.ts).
  'page-host': ['page'],
  unknown: [],

  // Checks that apply to every rule, and what was seen.
  'check-site-on': [],
  'seen-site-on': [],
  'seen-site-off': [],
  'check-one-per-page': [],
  'seen-page-shown': [],
  'seen-page-held-out': [],
  'seen-page-none-shown': [],
  'check-not-snoozed': [],
  'seen-snoozed-until': ['until'],
  'seen-not-snoozed': [],
  'check-quiet-moment': [],
  'check-not-over-fullscreen': [],
  'seen-busy': ['states'],
  'seen-busy-held': ['states', 'held'],
  'seen-quiet-after-hold': ['held', 'states'],
  'seen-quiet': [],
  'busy-typing': [],
  'busy-selecting': [],
  'busy-scrollingFast': [],
  'busy-media': [],
  'busy-fullscreen': [],
  'busy-modal': [],
  'busy-any': [],

  // A rule's trigger, and the signal that came.
  'check-trigger': ['trigger'],
  'trigger-exit-intent': [],
  'trigger-scroll-depth': ['percent'],
  'trigger-scroll-depth-content': ['percent'],
  'trigger-dwell': ['seconds'],
  'trigger-idle': ['seconds'],
  'trigger-hesitation': ['selector', 'ms'],
  'trigger-intent': ['intent', 'score'],
  'trigger-other': ['signal'],
  'signal-exit-intent': [],
  'signal-scroll-depth': ['percent'],
  'signal-scroll-depth-content': ['percent'],
  'signal-dwell': ['seconds'],
  'signal-idle': ['seconds'],
  'signal-hesitation': ['ms', 'selector'],
  'signal-intent': ['intent', 'score'],
  'signal-other': ['signal'],

  // Per-rule checks.
  'check-shadow': [],
  'seen-shadow': [],
  'check-priority': [],
  'seen-ranks-higher': ['rule'],
  'check-flow-exists': [],
  'seen-flow-missing': ['flow'],
  // A rule's A/B test: the visitor's arm.
  'check-ab-variant': [],
  'seen-ab-variant': ['variant', 'flow'],
  'seen-ab-holdout': ['variant'],
  'check-first-seconds': ['seconds'],
  'seen-exit-exempt': [],
  'seen-on-page': ['seconds'],
  'check-dates': [],
  'seen-starts': ['at'],
  'seen-ended': ['at'],
  'seen-active': [],
  'check-per-site-day': ['max'],
  'seen-site-used': ['count'],
  'seen-site-spent': ['count'],
  'check-per-day': ['max'],
  'seen-day-used': ['count'],
  'seen-day-spent': ['count'],
  'check-backoff-flow': [],
  'check-backoff-site': [],
  'seen-no-dismissal': [],
  'seen-dismissed-flow': ['wait'],
  'seen-dismissed-site': ['wait'],
  'check-freq-page-view': [],
  'seen-not-shown-page': [],
  'check-freq-visit': [],
  'seen-not-shown-visit': [],
  'seen-shown-visit': [],
  'check-freq-visitor': [],
  'seen-never-shown': [],
  'seen-shown-visitor': [],
  'check-freq-days': ['days'],
  'seen-enough-time': [],
  'seen-shown-recently': ['wait'],

  // Conditions.
  'check-site': ['site'],
  'check-path': ['pattern'],
  'check-url': ['how', 'pattern'],
  'check-on-page': ['seconds'],
  'check-page-field': ['field', 'op'],
  'op-present': [],
  'op-absent': [],
  'op-equals': ['value'],
  'op-contains': ['value'],
  'op-starts-with': ['value'],
  'op-regex': ['value'],
  'check-price': ['range'],
  'seen-no-price': [],
  'range-between': ['min', 'max'],
  'range-at-least': ['min'],
  'range-at-most': ['max'],
  'range-any': [],
  'check-tag': ['tag'],
  'check-no-tag': ['tag'],
  'seen-has-tag': [],
  'seen-no-tag': [],
  'check-attribute': ['name', 'op'],
  'check-segment': ['segment'],
  'check-not-segment': ['segment'],
  'seen-no-segment': [],
  'seen-member': [],
  'seen-not-member': [],
  'check-visit-number': ['range'],
  'seen-visit': ['count'],
  'check-time-of-day': ['from', 'to'],
  'check-day': ['days'],
  'check-device': ['devices'],
  'device-desktop': [],
  'device-mobile': [],
  'device-tablet': [],
  'check-viewport': ['range'],
  'seen-px': ['width'],

  // Validation problems: what is wrong with a field, said to the person fixing it.
  'v-missing': [],
  'v-missing-next': [],
  'v-missing-text': [],
  'v-missing-label': [],
  'v-missing-id': [],
  'v-unknown-field': [],
  'v-type-text': [],
  'v-type-number': [],
  'v-type-boolean': [],
  'v-type-object': [],
  'v-type-list': [],
  'v-invalid': [],
  'v-one-of': ['options'],
  'v-empty': [],
  'v-min-chars': ['min'],
  'v-max-chars': ['max', 'length'],
  'v-min-items': ['min'],
  'v-max-items': ['max', 'count'],
  'v-at-least': ['min'],
  'v-at-most': ['max'],
  'v-whole-number': [],
  'v-id-chars': [],
  'v-no-such-step': ['step'],
  'v-unreachable': ['step', 'start'],
  'v-no-way-out': [],
  'v-loop-never-waits': ['loop'],
  'v-duplicate-id': ['id'],
  'v-no-such-flow': ['flow'],
  'v-pack-format': ['format'],
  'v-pack-newer': ['version', 'supported'],
  'v-pack-empty': [],
  'v-pack-json': [],
  'v-pack-too-large': ['size', 'max'],
  'v-bad-regex': [],
  'v-regex-backreference': ['at'],
  'v-regex-lookaround': ['at'],
  'v-regex-too-complex': ['max'],
  'v-site-not-host': [],
  'v-time': [],
  'v-date': [],
  'v-end-before-start': [],
  'v-needs-bound': [],
  'v-min-above-max': [],
  'v-ab-flow-or-variants': [],
  'v-ab-flow-and-variants': [],
  'v-ab-goals-without-variants': [],
  'v-ab-holdouts': ['count'],
  'v-ab-needs-goal': [],
  'v-ab-selector': [],
  'v-ab-goal-no-such-flow': ['flow'],
  'v-not-an-intent': ['name'],
  'v-link-other-site': [],
  'v-link-kind': [],
  'v-needs-value': [],
  'v-match-and-next': [],
  'v-condition-kind': ['options'],
  /** A problem a check words only in English (kept as it is until it has a code of its own). */
  'v-other': ['message'],

  // A request the background refused or could not carry out, worded by the page that asked.
  'req-no-site': [],
  'req-not-running': [],
  'req-rule-invalid': [],
  'req-segment-invalid': [],
  'req-settings-invalid': [],
  'req-flow-invalid': [],
  'req-pack-refused': [],
  'req-no-segment': ['segment'],
  'req-no-flow': ['flow'],
  'req-no-pick': [],
  'req-page-view-unknown': [],
  'req-conversation-gone': [],
  'req-conversation-elsewhere': [],
  'req-flow-deleted': [],
  'req-invalid-answer': ['answer'],
  'req-answer-refused': ['why'],
  'req-nothing-restored': [],
  'req-import-not-undone': [],
  'req-exists-again': ['id'],
  'req-import-flow-in-use': ['flow', 'rule'],
  'req-import-segment-in-use': ['segment', 'rule'],
  'req-import-changed-since': ['name'],
  'req-storage-full': [],
  'req-data-open-elsewhere': [],
  'req-unexpected': ['message'],
  'req-no-answer': [],
} as const satisfies Record<string, readonly string[]>;
export type ReasonCode = keyof typeof REASON_CODES;

/**
 * Codes whose message has plural forms (`code_<code>_one`, `_few`…): the form is chosen by the
 * count in the named parameter, which is also `$1`.
 */
export const COUNTED: Partial<Record<ReasonCode, string>> = {
  'check-freq-days': 'days',
  // A count of conversations today, where a pill counts less (policy.ts): "0,5 разговора".
  'seen-site-used': 'count',
  'seen-site-spent': 'count',
  'seen-day-used': 'count',
  'seen-day-spent': 'count',
  'v-min-chars': 'min',
  'v-max-chars': 'max',
  'v-min-items': 'min',
  'v-max-items': 'max',
};

/** A reason with its parameters. */
export function reason(code: ReasonCode, params?: Record<string, ReasonParam>): Reason {
  return params ? { code, params } : { code };
}
