/**
 * A sentence of Tact's explanations ("why", the meaning of a pattern, a pattern warning) as a code
 * and its parameters. The engine and the pattern checks speak only in reasons; the pages word
 * them in the reader's language (src/shared/why-words.ts), so a French marketer reads French
 * and the trace stays the same data whoever reads it.
 */

/** A parameter: text shown as is, a number formatted for the reader, or a nested reason. */
export type ReasonParam = string | number | Reason;

export interface Reason {
  code: ReasonCode;
  params?: Readonly<Record<string, ReasonParam>>;
}

/** Every code a reason can carry; the locale test words each one in en, fr and ru. */
export const REASON_CODES = [
  // Site, path and address conditions: the outcome for one page address.
  'site-match',
  'site-other',
  'path-match',
  'path-other',
  'url-match',
  'url-other',
  'url-unreadable',
  // What a pattern means, in words.
  'means-site',
  'means-site-subdomains',
  'means-path-exact',
  'means-path-any',
  'means-path-glob',
  'means-url-exact',
  'means-url-prefix',
  'means-url-glob',
  'means-url-regex',
  // Patterns that cannot match what they are compared with.
  'warn-regex-path-vs-address',
  'warn-url-no-scheme',
  'warn-path-has-site',
  'warn-path-no-slash',
  'warn-path-has-query',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** A reason with its parameters. */
export function reason(code: ReasonCode, params?: Record<string, ReasonParam>): Reason {
  return params ? { code, params } : { code };
}
