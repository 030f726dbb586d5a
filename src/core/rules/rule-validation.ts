/**
 * Validation of rules and segments: their schemas (rule-model.ts), then whether the flows a rule
 * names exist (its flow, its A/B arms', its goals'). Every entry point (seeding, saving from the
 * options page, packs, tests) goes through these; errors name the exact field, and keys the model
 * does not know are left out of the value.
 */
import { isRecord, type Validated, type CheckError } from '../validation/checks.ts';
import { checkSchema, ID_PATTERN } from '../validation/schema-check.ts';
import { reason } from './reason.ts';
import { RuleSchema, SegmentSchema, type Rule, type Segment } from './rule-model.ts';

/** Checks a rule; `flowIds`, when given, also checks that the flows it names exist. */
export function validateRule(input: unknown, path = 'rule', flowIds?: ReadonlySet<string>): Validated<Rule> {
  const checked = checkSchema(RuleSchema, input, path);
  // Reported with the other problems, so that one reading lists them all.
  const missing = flowIds ? missingFlows(input, path, flowIds) : [];
  if (!missing.length) return checked;
  return { ok: false, errors: checked.ok ? missing : [...checked.errors, ...missing] };
}

/** Each flow id a rule names (flowId, variants[i].flowId, goals[i].flowId) that is not in `flowIds`. */
function missingFlows(input: unknown, path: string, flowIds: ReadonlySet<string>): CheckError[] {
  if (!isRecord(input)) return [];
  const named: [string, unknown][] = [[`${path}.flowId`, input.flowId]];
  for (const key of ['variants', 'goals'] as const) {
    const list = input[key];
    if (Array.isArray(list))
      list.forEach((item, i) => {
        if (isRecord(item)) named.push([`${path}.${key}[${i}].flowId`, item.flowId]);
      });
  }
  return named
    .filter(([, flowId]) => typeof flowId === 'string' && ID_PATTERN.test(flowId) && !flowIds.has(flowId))
    .map(([at, flowId]) => {
      const flow = String(flowId);
      return at.includes('.goals[')
        ? {
            path: at,
            message: `counts the completion of flow "${flow}", which does not exist`,
            reason: reason('v-ab-goal-no-such-flow', { flow }),
          }
        : {
            path: at,
            message: `starts flow "${flow}", which does not exist`,
            reason: reason('v-no-such-flow', { flow }),
          };
    });
}

/** Checks a segment: an id, a name and visitor conditions only. */
export function validateSegment(input: unknown, path = 'segment'): Validated<Segment> {
  return checkSchema(SegmentSchema, input, path);
}

/** True when `value` looks like a record with a string `id` (for quick pre-checks). */
export function hasId(value: unknown): value is { id: string } {
  return isRecord(value) && typeof value.id === 'string';
}
