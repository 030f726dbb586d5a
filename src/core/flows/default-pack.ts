/**
 * Flows and rules seeded on install: the built-in templates (templates.ts), whose rules fit the
 * bundled demo shop (Northwind Outfitters) and any shop with similar paths.
 */
import type { Flow } from './flow-model.ts';
import type { Rule } from '../rules/rule-model.ts';
import { TEMPLATES } from './templates.ts';

export const DEFAULT_FLOWS: Flow[] = TEMPLATES.map((t) => t.flow);
export const DEFAULT_RULES: Rule[] = TEMPLATES.map((t) => t.rule);
