/**
 * Flows and rules seeded on install: the eight built-in templates (templates.ts). Their rules are
 * seeded for the bundled demo shop only (`DEMO_SHOP_CONDITION` first among their conditions), so
 * a fresh install shows nothing and arms no detector on any other site; the templates themselves
 * stay site-agnostic, for a marketer's "new flow from a template". Why not "installed off":
 * ARCHITECTURE.md, "A fresh install".
 */
import type { Flow } from './flow-model.ts';
import type { Rule } from '../rules/rule-model.ts';
import { DEMO_SHOP_CONDITION } from '../rules/demo-shop.ts';
import { TEMPLATES } from './templates.ts';

export const DEFAULT_FLOWS: Flow[] = TEMPLATES.map((t) => t.flow);
export const DEFAULT_RULES: Rule[] = TEMPLATES.map((t) => ({
  ...t.rule,
  conditions: [DEMO_SHOP_CONDITION, ...t.rule.conditions],
}));
