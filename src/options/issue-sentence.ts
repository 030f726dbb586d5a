/**
 * Validation problems that come with a code (see `CheckError.issue`), worded in the reader's
 * language; others keep the validator's own sentence.
 */
import type { CheckError } from '../core/validation/checks.ts';
import { MAX_PROGRAM_SIZE } from '../core/rules/linear-regex.ts';
import { t } from '../shared/i18n.ts';

const at = (e: CheckError) => String(e.issue?.params.at ?? '');

const SENTENCES: Record<string, (e: CheckError) => string> = {
  'bad-regex': () => t('issueBadRegex'),
  'regex-backreference': (e) => t('issueRegexBackreference', '\\1, \\k<…>', at(e)),
  'regex-lookaround': (e) => t('issueRegexLookaround', '(?=, (?!, (?<=, (?<!', at(e)),
  'regex-too-complex': () => t('issueRegexTooComplex', String(MAX_PROGRAM_SIZE)),
  'site-not-host': () => t('issueSiteNotHost'),
};

/** The sentence for one validation problem, in the page's language when its code is known. */
export function issueSentence(e: CheckError): string {
  const sentence = e.issue ? SENTENCES[e.issue.code] : undefined;
  return sentence ? sentence(e) : e.message;
}
