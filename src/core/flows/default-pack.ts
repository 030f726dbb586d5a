/**
 * Flows and rules seeded on install: the eight built-in templates (templates.ts). Their rules are
 * seeded for the bundled demo shop only (`DEMO_SHOP_CONDITION` first among their conditions), so
 * a fresh install shows nothing and arms no detector on any other site; the templates themselves
 * stay site-agnostic, for a marketer's "new flow from a template". Why not "installed off":
 * ARCHITECTURE.md, "A fresh install". They are named in the browser's language at install, as a
 * flow made from a template is named in the marketer's (their texts speak every language anyway).
 */
import type { Flow } from './flow-model.ts';
import type { Rule } from '../rules/rule-model.ts';
import { DEMO_SHOP_CONDITION } from '../rules/demo-shop.ts';
import { FLOW_LOCALES, flowLocaleOf, resolveText } from './localized-text.ts';
import { TEMPLATES } from './templates.ts';

/** The default flows, named in the language of `languageTag` (English where Tact has none). */
export function defaultFlows(languageTag = 'en'): Flow[] {
  const locale = flowLocaleOf(languageTag) ?? 'en';
  return TEMPLATES.map((t) => ({ ...t.flow, name: resolveText(t.title, locale) || t.flow.name }));
}

/** The default rules, for the demo shop only, named in the language of `languageTag`. */
export function defaultRules(languageTag = 'en'): Rule[] {
  const locale = flowLocaleOf(languageTag) ?? 'en';
  return TEMPLATES.map((t) => ({
    ...t.rule,
    name: resolveText(t.ruleTitle, locale) || t.rule.name,
    conditions: [DEMO_SHOP_CONDITION, ...t.rule.conditions],
  }));
}

/**
 * The seeded flows and rules among `flows` and `rules` that still carry a default's name, in any
 * of Tact's languages, renamed into the language of `languageTag` (only those whose name changes).
 * A marketer who switches Tact's language then reads the seeds in it, as if installed so; a name
 * they chose is theirs and stays, and switching back renames them back.
 */
export function defaultsRenamed(
  flows: readonly Flow[],
  rules: readonly Rule[],
  languageTag: string,
): { flows: Flow[]; rules: Rule[] } {
  const byLanguage = FLOW_LOCALES.map((locale) => ({ flows: defaultFlows(locale), rules: defaultRules(locale) }));
  const wanted = { flows: defaultFlows(languageTag), rules: defaultRules(languageTag) };
  const renamed = <T extends Flow | Rule>(items: readonly T[], kind: 'flows' | 'rules'): T[] =>
    items.flatMap((item) => {
      const name = seedName(
        item,
        byLanguage.map((defaults) => defaults[kind]),
        wanted[kind],
      );
      return name && name !== item.name ? [{ ...item, name }] : [];
    });
  return { flows: renamed(flows, 'flows'), rules: renamed(rules, 'rules') };
}

/**
 * A rule's name for a reader of `languageTag` (a visitor's "why"): a seeded rule that still carries
 * a default's name, in any of Tact's languages, is named in the reader's, as `defaultsRenamed` names
 * it for a marketer; a name the marketer chose is theirs and shows as they wrote it.
 */
export function ruleNameFor(ruleId: string, name: string, languageTag: string): string {
  const byLanguage = FLOW_LOCALES.map((locale) => defaultRules(locale));
  return seedName({ id: ruleId, name }, byLanguage, defaultRules(languageTag)) || name;
}

type Named = { readonly id: string; readonly name: string };

/**
 * The name `item` takes among `wanted` (the defaults in the reader's language) when it is a seed
 * still under a default's name in one of `byLanguage` (the defaults in each of Tact's languages);
 * undefined for a name the marketer chose, or an item that is no seed.
 */
function seedName(
  item: Named,
  byLanguage: readonly (readonly Named[])[],
  wanted: readonly Named[],
): string | undefined {
  if (!byLanguage.some((defaults) => defaults.some((d) => d.id === item.id && d.name === item.name))) return undefined;
  return wanted.find((d) => d.id === item.id)?.name;
}

/** The defaults in English (tests and fixtures). */
export const DEFAULT_FLOWS: Flow[] = defaultFlows();
export const DEFAULT_RULES: Rule[] = defaultRules();
