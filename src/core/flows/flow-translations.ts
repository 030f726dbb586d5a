/**
 * Which texts of a flow still lack a translation, per locale, for the editor's locale tabs. A text
 * counts when it is written in some language: a plain string is written in the flow's default
 * locale only; a per-locale text in the locales it has. Empty texts (an unused placeholder) count
 * nowhere.
 */
import type { Flow } from './flow-model.ts';
import { FLOW_LOCALES, resolveText, type FlowLocale, type LocalizedText } from './localized-text.ts';

/** A field of the flow, as the editor addresses it (`['nodes', 'ask', 'replies', 1, 'label']`). */
export type TextPath = (string | number)[];

/** The keys of the texts a visitor reads (docs/flow-model.md, "Texts in several languages"). */
const TEXT_KEYS = new Set(['text', 'label', 'placeholder', 'invalidMessage', 'correct', 'wrong', 'alt']);

/** Every text a visitor reads in `flow` (written or not in each language), with its path. */
function visitorTexts(flow: Flow): { path: TextPath; text: unknown }[] {
  return [{ path: ['persona', 'name'], text: flow.persona?.name }, ...nodeTexts(flow)];
}

/** The texts of the flow's nodes (everything a visitor reads but the persona's name), with their paths. */
export function nodeTexts(flow: Pick<Flow, 'nodes'>): { path: TextPath; text: unknown }[] {
  const out: { path: TextPath; text: unknown }[] = [];
  mapTexts(flow.nodes, ['nodes'], (path, text) => {
    out.push({ path, text });
    return text;
  });
  return out;
}

/**
 * The flow's nodes with every text the visitor reads resolved in `locale` (the flow's
 * `defaultLocale`, then any written language, filling the gaps as the overlay does): what the
 * editor's diagram shows for its locale tab. Reads drafts: anything malformed is copied as it is.
 */
export function nodesIn(flow: Pick<Flow, 'nodes' | 'defaultLocale'>, locale: FlowLocale): Flow['nodes'] {
  return mapTexts(flow.nodes, ['nodes'], (_path, text) =>
    resolveText(text as LocalizedText, locale, flow.defaultLocale ?? 'en'),
  ) as Flow['nodes'];
}

/** A copy of `value` with each visitor text replaced by what `onText` returns for it (one walk for every reader). */
function mapTexts(value: unknown, path: TextPath, onText: (path: TextPath, text: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((item, i) => mapTexts(item, [...path, i], onText));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    // Example phrases are per language already; a quiz option's `correct` is a flag.
    if (key === 'intents' || typeof inner === 'boolean') out[key] = inner;
    else if (
      TEXT_KEYS.has(key) &&
      (typeof inner === 'string' || (inner && typeof inner === 'object' && !Array.isArray(inner)))
    )
      out[key] = onText([...path, key], inner);
    else out[key] = mapTexts(inner, [...path, key], onText);
  }
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

/**
 * The locale the flow editor opens a flow on: the reader's (`readerLanguage`, the language Tact's
 * pages speak) when every text of the flow is written in it, so a French marketer opening a
 * template reads, previews and edits it in French; otherwise the flow's default locale, where its
 * texts are (a flow written in English only opens in English, whoever reads it).
 */
export function editorLocaleOf(flow: Flow, readerLanguage: string): FlowLocale {
  const fallback = flow.defaultLocale ?? 'en';
  const reader = FLOW_LOCALES.find((l) => l === readerLanguage.split('-')[0]);
  if (!reader || reader === fallback) return fallback;
  const texts = visitorTexts(flow).filter(({ text }) => writtenLocales(text, fallback).length);
  return texts.length && translationGaps(flow)[reader].length === 0 ? reader : fallback;
}
