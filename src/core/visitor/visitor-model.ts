/**
 * The visitor profile: what Tact knows about the person in front of the page. It lives only in
 * their browser; flows add tags and attributes, rule conditions and segments read them.
 */

/** What Tact knows about the visitor; lives only in their browser. */
export interface VisitorProfile {
  tags: string[];
  /** Expiry time (epoch ms) of tags that expire; a tag past it no longer counts. */
  tagExpiry?: Record<string, number>;
  /** Values the visitor gave (e.g. firstName), by attribute name. */
  attributes?: Record<string, string>;
}
