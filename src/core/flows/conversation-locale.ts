/**
 * The language a conversation is in, and the persona's name in it (docs/flow-model.md, "Which
 * language a conversation speaks"). One locale is chosen per conversation, from the visitor's
 * languages and the languages the flow is written in; the flow's texts, the persona's name and
 * the overlay's own words (buttons, "via Tact", its validation messages, labels) all follow it,
 * so a panel never mixes a French question with English buttons. The extension's background and
 * the site build both call these functions; kept small, as the embed's engine chunk carries them.
 */
import type { Flow, Persona } from './flow-model.ts';
import { nodeTexts, writtenLocales } from './flow-translations.ts';
import { FLOW_LOCALES, flowLocaleOf, type FlowLocale } from './localized-text.ts';

/**
 * The locales the flow's nodes are written in: every locale at least one node text has (a plain
 * string counts as written in the flow's `defaultLocale`, English when absent). The persona's name
 * does not count: the persona speaks the conversation's language, it does not choose it.
 */
export function flowLocales(flow: Pick<Flow, 'nodes' | 'defaultLocale'>): FlowLocale[] {
  const fallback = flow.defaultLocale ?? 'en';
  const found = new Set<FlowLocale>();
  for (const { text } of nodeTexts(flow)) for (const l of writtenLocales(text, fallback)) found.add(l);
  return FLOW_LOCALES.filter((l) => found.has(l));
}

/**
 * The locale a conversation of `flow` is in for a visitor whose browser prefers `visitorLanguages`
 * (`navigator.languages`, most preferred first: "fr-CA", "de", "en"): the first of them the flow
 * is written in (`flowLocales`); else the language its texts fall back to, that is the flow's
 * `defaultLocale` (English when absent) if the flow is written in it, else the first of en, fr, ru
 * it is written in (as `resolveText` falls back). A flow with no text at all: its `defaultLocale`.
 */
export function conversationLocale(
  flow: Pick<Flow, 'nodes' | 'defaultLocale'>,
  visitorLanguages: readonly string[],
): FlowLocale {
  const written = flowLocales(flow);
  const fallback = flow.defaultLocale ?? 'en';
  const candidates = [...visitorLanguages.map(flowLocaleOf), fallback, ...FLOW_LOCALES];
  return candidates.find((l): l is FlowLocale => l !== undefined && written.includes(l)) ?? fallback;
}

/**
 * The persona's name in a conversation in `locale`, for a flow falling back to `fallback`. The
 * rule, locale by locale along `locale`, `fallback`, en, fr, ru: the first locale in which the
 * persona has a name gives it, and within one locale the older per-locale override
 * (`persona.locales.<locale>.name`) wins over `persona.name`. A plain-string `name` is a name in
 * every locale, so an override is used only in its own locale or where `name` has no text.
 * Returns "" when no name is written at all.
 */
export function personaName(persona: Persona, locale?: string, fallback?: string): string {
  const plain = typeof persona.name === 'string' ? persona.name : undefined;
  const byLocale = typeof persona.name === 'string' ? {} : (persona.name as Record<string, string | undefined>);
  for (const l of [locale, fallback, ...FLOW_LOCALES]) {
    const key = flowLocaleOf(l);
    if (!key) continue;
    const name = persona.locales?.[key]?.name || plain || byLocale[key];
    if (name) return name;
  }
  return '';
}

/**
 * The persona's avatar in a conversation in `locale`: an avatar that is the initial of the
 * persona's name in the flow's own language (`fallback`) follows the name into the conversation's
 * (« S » for "Sam" is « С » for « Сэм »); any other avatar (two letters, an emoji) is the
 * marketer's choice and stays as written.
 */
export function personaAvatar(persona: Persona, locale?: string, fallback?: string): string {
  const own = initialOf(personaName(persona, fallback));
  const shown = initialOf(personaName(persona, locale, fallback));
  return own && shown && persona.avatar === own ? shown : persona.avatar;
}

/** A name's first letter, upper case ("" when it starts with no letter). */
function initialOf(name: string): string {
  const [first] = name.trim();
  return first && /\p{L}/u.test(first) ? first.toLocaleUpperCase() : '';
}
