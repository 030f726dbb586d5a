/**
 * Reasons (code + parameters, src/core/rules/reason.ts) worded in the page's language: the
 * sentences live in `_locales/<lang>/messages.json` under `code_<code>`; numbers, units, dates,
 * lists and plurals go through `Intl` (src/core/rules/reason-words.ts).
 */
import type { Reason } from '../core/rules/reason.ts';
import { sayReason as sayIn, type Words } from '../core/rules/reason-words.ts';
import { t, uiLanguage } from './i18n.ts';

/** The page's messages as `Words`, for the pure formatter. */
const pageWords = (): Words => ({ lang: uiLanguage(), t });

/** A reason as a sentence in the page's language (an English string stored before codes, as it is). */
export function sayReason(r: Reason | string): string {
  return sayIn(r, pageWords());
}
