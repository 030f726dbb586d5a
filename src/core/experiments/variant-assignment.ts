/**
 * Sticky assignment: a visitor's variant is a pure function of their pseudonymous id and the
 * rule's id, so the same visitor sees the same arm on every page and every visit without storing
 * anything, while two rules split the same visitors independently of each other.
 */
import type { Variant } from './experiment-model.ts';

/**
 * A number in [0, 1) from a string: FNV-1a over the UTF-16 code units, then MurmurHash3's
 * finaliser so that ids differing only in their last characters (visitor-1, visitor-2) spread
 * over the whole range instead of clustering.
 */
function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 0x1_0000_0000;
}

/**
 * The variant of `variants` this visitor gets for this rule, in proportion to the weights.
 * Returns null when there is no variant with a positive weight. Changing the weights moves only
 * the visitors whose point falls in the part of the line that changed hands.
 */
export function assignVariant(visitorId: string, ruleId: string, variants: readonly Variant[]): Variant | null {
  const usable = variants.filter((v) => Number.isFinite(v.weight) && v.weight > 0);
  const total = usable.reduce((sum, v) => sum + v.weight, 0);
  if (total <= 0) return null;
  // The separator keeps ("ab", "c") and ("a", "bc") apart.
  const point = unitHash(`${ruleId}\u0000${visitorId}`) * total;
  let edge = 0;
  for (const v of usable) {
    edge += v.weight;
    if (point < edge) return v;
  }
  return usable[usable.length - 1] ?? null;
}
