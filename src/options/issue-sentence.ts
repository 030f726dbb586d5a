/**
 * A validation problem worded in the page's language, from its reason (code + parameters,
 * `CheckError.reason`); a problem whose check has no code yet keeps its English sentence.
 */
import type { CheckError } from '../core/validation/checks.ts';
import { reason } from '../core/rules/reason.ts';
import { sayReason } from '../shared/why-words.ts';
import { plural, t } from '../shared/i18n.ts';
import { TactError } from '../shared/protocol.ts';

/** At most this many problems of a refused request are listed; the rest are counted. */
const LISTED = 8;

/** The sentence for one validation problem, in the page's language. */
export function issueSentence(e: CheckError): string {
  return sayReason(e.reason ?? reason('v-other', { message: e.message }));
}

/**
 * What a failed request says to the reader: for a refused flow, rule or pack, `intro` then its
 * problems ("path: sentence", the first eight and how many more) in the page's language; for any
 * other failure, the background's own message.
 */
export function refusalText(error: unknown, intro: string): string {
  const problems = error instanceof TactError ? error.problems : undefined;
  if (!problems?.length) return (error as Error).message;
  const lines = problems.slice(0, LISTED).map((e) => `${e.path}: ${issueSentence(e)}`);
  if (problems.length > LISTED) lines.push(plural('codeMoreProblems', problems.length - LISTED));
  return [intro, ...lines].filter(Boolean).join('\n');
}

/** The introduction of a refused pack: nothing was imported. */
export const packRefused = (): string => t('codePackRefused');
