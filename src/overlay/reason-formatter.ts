/**
 * `reason-formatter.js`: the formatter of reasons and the "why" view on their own, which the overlay
 * frame imports the first time a visitor asks "why am I seeing this?" (src/shared/ui/tact-conversation.ts),
 * so the overlay's always-loaded bundles do not carry them, nor the punycode decoder that names a site
 * in Unicode.
 */
import { readableSiteReason } from '../core/rules/readable-host.ts';
import type { Reason } from '../core/rules/reason.ts';
import { sayReason as sayIn, type Words } from '../core/rules/reason-words.ts';

export { wordWhy } from '../shared/why-view.ts';

/** A reason as a sentence in `words`' language, a site named as people write it (магазин.рф). */
export const sayReason = (r: Reason | string, words: Words): string => sayIn(readableSiteReason(r), words);
