/**
 * Which texts of a flow still lack a translation, per locale, for the editor's locale tabs. A text
 * counts when it is written in some language: a plain string is written in the flow's default
 * locale only; a per-locale text in the locales it has. Empty texts (an unused placeholder) count
 * nowhere.
 */
import type { Flow } from './flow-model.ts';
import { FLOW_LOCALES, type FlowLocale } from './localized-text.ts';

/** A field of the flow, as the editor addresses it (`['nodes', 'ask', 'replies', 1, 'label']`). */
export type TextPath = (string | number)[];

/** The keys of the texts a visitor reads (docs/flow-model.md, "Texts in several languages"). */
const TEXT_KEYS = new Set(['text', 'label', 'placeholder', 'correct', 'wrong', 'alt']);

/** Every text a visitor reads in `flow` (written or not in each language), with its path. */
function visitorTexts(flow: Flow): { path: TextPath; text: unknown }[] {
  const out: { path: TextPath; text: unknown }[] = [{ path: ['persona', 'name'], text: flow.persona?.name }];
  const walk = (value: unknown, path: TextPath) => {
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
    else if (value && typeof value === 'object')
      for (const [key, inner] of Object.entries(value)) {
        // Example phrases are per language already; a quiz option's `correct` is a flag.
        if (key === 'intents' || typeof inner === 'boolean') continue;
        if (
          TEXT_KEYS.has(key) &&
          (typeof inner === 'string' || (inner && typeof inner === 'object' && !Array.isArray(inner)))
        )
          out.push({ path: [...path, key], text: inner });
        else walk(inner, [...path, key]);
      }
  };
  walk(flow.nodes, ['nodes']);
  return out;
}

/** The locales `text` is written in (a plain string: the flow's default locale). */
export function writtenLocales(text: unknown, defaultLocale: FlowLocale): FlowLocale[] {
  if (typeof text === 'string') return text ? [defaultLocale] : [];
  if (!text || typeof text !== 'object') return [];
  return FLOW_LOCALES.filter((l) => {
    const one = (text as Record<string, unknown>)[l];
    return typeof one === 'string' && one !== '';
  });
}

/** Per locale, the paths of the texts written in another language but not in this one. */
export function translationGaps(flow: Flow): Record<FlowLocale, TextPath[]> {
  const fallback = flow.defaultLocale ?? 'en';
  const gaps: Record<FlowLocale, TextPath[]> = { en: [], fr: [], ru: [] };
  for (const { path, text } of visitorTexts(flow)) {
    const written = writtenLocales(text, fallback);
    if (written.length) for (const l of FLOW_LOCALES) if (!written.includes(l)) gaps[l].push(path);
  }
  return gaps;
}
