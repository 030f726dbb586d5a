/**
 * Creating and copying flows and rules on the options page: fresh, valid, unique ids (ids are
 * letters, digits, "-" and "_", at most 80 characters), names marked as copies, new flows and
 * rules from a template, and the search over the lists. Pure: the options page passes in the
 * ids already taken and the localised "(copy)" suffix.
 */
import type { Flow } from '../core/flows/flow-model.ts';
import type { Rule } from '../core/rules/rule-model.ts';
import type { Template } from '../core/flows/templates.ts';
import { FLOW_LOCALES, resolveText } from '../core/flows/localized-text.ts';

const MAX_ID = 80;

/** Turns any text into a valid id stem ("Leaving the checkout!" → "leaving-the-checkout"). */
export function slugId(text: string, fallback = 'item'): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_ID - 4);
  return slug || fallback;
}

/** `base` if free, else `base-2`, `base-3`…, never longer than an id may be. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const stem = slugId(base).slice(0, MAX_ID - 6);
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) {
    const id = `${stem}-${n}`;
    if (!taken.has(id)) return id;
  }
}

/** The id of a copy: `<id>-copy`, then `<id>-copy-2`… */
export function copyId(id: string, taken: ReadonlySet<string>): string {
  return uniqueId(`${id.replace(/-copy(-\d+)?$/, '')}-copy`, taken);
}

/** The name of a copy: "Name (copy)"; a copy of a copy does not pile suffixes up. */
export function copyName(name: string, suffix: string, max = 120): string {
  const base = name.endsWith(` ${suffix}`) ? name.slice(0, -suffix.length - 1) : name;
  return `${base.slice(0, max - suffix.length - 1)} ${suffix}`;
}

const clone = <T>(value: T): T => structuredClone(value);

/** A copy of a flow under a new id and name. */
export function duplicateFlow(flow: Flow, takenFlowIds: ReadonlySet<string>, suffix: string): Flow {
  return { ...clone(flow), id: copyId(flow.id, takenFlowIds), name: copyName(flow.name, suffix) };
}

/** A copy of a rule under a new id and name; a copy starts switched off so it never doubles a live rule. */
export function duplicateRule(rule: Rule, takenRuleIds: ReadonlySet<string>, suffix: string): Rule {
  return { ...clone(rule), id: copyId(rule.id, takenRuleIds), name: copyName(rule.name, suffix), enabled: false };
}

/** A new, unsaved flow from a template, under an id that no stored flow uses, named in `locale` (the marketer's). */
export function flowFromTemplate(template: Template, takenFlowIds: ReadonlySet<string>, locale?: string): Flow {
  const name = resolveText(template.title, locale) || template.flow.name;
  return { ...clone(template.flow), id: uniqueId(template.flow.id, takenFlowIds), name };
}

/**
 * The template's suggested rule for a flow made from it, under a free id. Off unless `enabled`
 * is asked for, so creating from a template never starts conversations by surprise.
 */
export function ruleFromTemplate(
  template: Template,
  flowId: string,
  takenRuleIds: ReadonlySet<string>,
  enabled = false,
): Rule {
  return { ...clone(template.rule), id: uniqueId(template.rule.id, takenRuleIds), flowId, enabled, shadow: false };
}

/** A blank rule for a flow (exit intent, once per visitor, off): the rule editor's starting point. */
export function newRuleFor(flowId: string, takenRuleIds: ReadonlySet<string>, name: string): Rule {
  return {
    id: uniqueId(`${flowId}-rule`, takenRuleIds),
    version: 2,
    name,
    enabled: false,
    shadow: false,
    trigger: { signal: 'exit-intent' },
    conditions: [],
    flowId,
    entry: 'panel',
    priority: 0,
    frequency: { every: 'visitor' },
  };
}

/** Lower-cased, accents removed: "Écran" matches "ecran". */
function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** True when every word of `query` appears in one of the texts (case and accents ignored). */
export function matchesSearch(query: string, texts: readonly (string | undefined)[]): boolean {
  const words = foldText(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = foldText(texts.filter(Boolean).join('\n'));
  return words.every((w) => hay.includes(w));
}

/**
 * The texts of a flow a search looks at: name, id and every node's text and reply labels, in every
 * language they are written in.
 */
export function flowSearchTexts(flow: Flow): string[] {
  const texts = [flow.name, flow.id];
  const add = (text: unknown) => {
    if (typeof text === 'string') texts.push(text);
    else if (text && typeof text === 'object')
      for (const l of FLOW_LOCALES) {
        const one = (text as Record<string, unknown>)[l];
        if (typeof one === 'string') texts.push(one);
      }
  };
  for (const node of Object.values(flow.nodes)) {
    const n = node as unknown as Record<string, unknown>;
    for (const key of ['text', 'label', 'placeholder']) add(n[key]);
    for (const list of ['replies', 'options', 'fields']) {
      const items = n[list];
      if (Array.isArray(items))
        for (const it of items)
          if (it && typeof it === 'object') for (const k of ['label', 'text']) add((it as Record<string, unknown>)[k]);
    }
  }
  return texts;
}

/** A rule's status as the lists show it: on, off, or on in shadow mode (evaluated, never shown). */
export type RuleStatus = 'on' | 'off' | 'shadow';

export function ruleStatus(rule: Pick<Rule, 'enabled' | 'shadow'>): RuleStatus {
  return !rule.enabled ? 'off' : rule.shadow ? 'shadow' : 'on';
}

/** The rule with a new status; "off" keeps the shadow flag, so turning it on again restores it. */
export function withRuleStatus(rule: Rule, status: RuleStatus): Rule {
  if (status === 'off') return { ...rule, enabled: false };
  return { ...rule, enabled: true, shadow: status === 'shadow' };
}
