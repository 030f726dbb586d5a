/**
 * A validation problem worded in the page's language, from its reason (code + parameters,
 * `CheckError.reason`); a problem whose check has no code yet keeps its English sentence.
 */
import type { CheckError } from '../core/validation/checks.ts';
import { reason } from '../core/rules/reason.ts';
import { sayReason } from '../shared/why-words.ts';

/** The sentence for one validation problem, in the page's language. */
export function issueSentence(e: CheckError): string {
  return sayReason(e.reason ?? reason('v-other', { message: e.message }));
}
