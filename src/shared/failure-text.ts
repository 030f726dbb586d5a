/**
 * What a refused request or a refused model says to the reader, in the page's language. The
 * background sends reasons (a code and its parameters, reason.ts), never sentences, so a French
 * marketer reads French whatever language the background runs in; a problem whose check has no
 * code yet keeps its English sentence.
 */
import { reason } from '../core/rules/reason.ts';
import { sayReason } from './why-words.ts';
import { colon, plural } from './i18n.ts';
import { TactError } from './protocol.ts';
import { WHOLE_FILE, type CheckError } from '../core/validation/checks.ts';

/** At most this many problems of a refused request are listed; the rest are counted. */
const LISTED = 8;

/** The sentence for one validation problem, in the page's language. */
export function issueSentence(e: CheckError): string {
  return sayReason(e.reason ?? reason('v-other', { message: e.message }));
}

/**
 * What a failed request says: why the background refused it, then, for a refused flow, rule, pack
 * or restore, its problems ("path: sentence", or the sentence alone for the file as a whole; the
 * first eight and how many more). A failure with no
 * reason (the browser's own, a page's local check) keeps its message.
 */
export function failureText(error: unknown): string {
  const told = error instanceof TactError ? error : undefined;
  const head = told?.reason ? sayReason(told.reason) : ((error as Error | undefined)?.message ?? String(error));
  const problems = told?.problems ?? [];
  // A problem with the whole file has no field to name: its sentence says "this file".
  const lines = problems
    .slice(0, LISTED)
    .map((e) => (e.path === WHOLE_FILE ? issueSentence(e) : `${colon(e.path)} ${issueSentence(e)}`));
  if (problems.length > LISTED) lines.push(plural('codeMoreProblems', problems.length - LISTED));
  return [head, ...lines].join('\n');
}
