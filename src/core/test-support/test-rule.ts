/**
 * A rule for tests: a live exit-intent rule for any page, shown in a panel once per page view,
 * with whatever `over` says instead. Test support only: nothing in the extension imports it.
 */
import { RULE_VERSION, type Rule } from '../rules/rule-model.ts';

/** A rule named after its id, the defaults above overridden by `over`. */
export function testRule(over: Partial<Rule> & { id: string }): Rule {
  return {
    version: RULE_VERSION,
    name: `Rule ${over.id}`,
    enabled: true,
    shadow: false,
    trigger: { signal: 'exit-intent' },
    conditions: [],
    flowId: 'exit-offer',
    entry: 'panel',
    priority: 0,
    frequency: { every: 'page-view' },
    ...over,
  };
}
