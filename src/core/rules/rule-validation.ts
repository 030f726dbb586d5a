/**
 * Validation of rules and segments: their schemas (rule-model.ts), then whether the rule's flow
 * exists. Every entry point (seeding, saving from the options page, packs, tests) goes through
 * these; errors name the exact field, and keys the model does not know are left out of the value.
 */
import { isRecord, type Validated } from '../validation/checks.ts';
import { checkSchema, ID_PATTERN } from '../validation/schema-check.ts';
import { reason } from './reason.ts';
import { RuleSchema, SegmentSchema, type Rule, type Segment } from './rule-model.ts';

/** Checks a rule; `flowIds`, when given, also checks that the flow exists. */
export function validateRule(input: unknown, path = 'rule', flowIds?: ReadonlySet<string>): Validated<Rule> {
  const checked = checkSchema(RuleSchema, input, path);
  // Reported with the other problems, so that one reading lists them all.
  const flowId = isRecord(input) ? input.flowId : undefined;
  if (flowIds && typeof flowId === 'string' && ID_PATTERN.test(flowId) && !flowIds.has(flowId)) {
    const missing = {
      path: `${path}.flowId`,
      message: `starts flow "${flowId}", which does not exist`,
      reason: reason('v-no-such-flow', { flow: flowId }),
    };
    return { ok: false, errors: checked.ok ? [missing] : [...checked.errors, missing] };
  }
  return checked;
}

/** Checks a segment: an id, a name and visitor conditions only. */
export function validateSegment(input: unknown, path = 'segment'): Validated<Segment> {
  return checkSchema(SegmentSchema, input, path);
}

/** True when `value` looks like a record with a string `id` (for quick pre-checks). */
export function hasId(value: unknown): value is { id: string } {
  return isRecord(value) && typeof value.id === 'string';
}
