/**
 * `reason-formatter.js`: the formatter of reasons on its own, which the overlay frame imports the first time
 * a visitor asks "why am I seeing this?" (src/shared/ui/tact-conversation.ts), so the overlay's
 * always-loaded bundles do not carry it.
 */
export { sayReason } from '../core/rules/reason-words.ts';
