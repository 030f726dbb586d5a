/**
 * The visitor profile: what Tact knows about the person in front of the page. It lives only in
 * their browser; flows add tags and attributes, rule conditions and segments read them. Declared
 * as a schema; a profile stored by an older version is read through `migrateProfile`, which keeps
 * the parts that match it.
 */
import * as v from 'valibot';

/** Expiry time (epoch ms) of tags that expire; a tag past it no longer counts. */
export const TagExpirySchema = /* @__PURE__ */ (() => v.record(v.string(), v.number()))();

/** Values the visitor gave (e.g. firstName), by attribute name. */
export const AttributesSchema = /* @__PURE__ */ (() => v.record(v.string(), v.string()))();

/** What Tact knows about the visitor; lives only in their browser. */
export const VisitorProfileSchema = /* @__PURE__ */ (() =>
  v.object({
    tags: v.array(v.string()),
    tagExpiry: v.optional(TagExpirySchema),
    attributes: v.optional(AttributesSchema),
  }))();
export type VisitorProfile = v.InferOutput<typeof VisitorProfileSchema>;
