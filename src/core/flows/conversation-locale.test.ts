import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { conversationLocale, flowLocales, personaAvatar, personaName } from './conversation-locale.ts';
import { MODEL_VERSION, type Flow, type Persona } from './flow-model.ts';
import { FLOW_LOCALES, resolveText, type FlowLocale, type LocalizedText } from './localized-text.ts';
import { nodeTexts } from './flow-translations.ts';
import { TEMPLATES } from './templates.ts';

/** A two-node flow whose texts are `text` and `reply`, falling back to `defaultLocale`. */
function flowOf(text: LocalizedText, reply: LocalizedText, defaultLocale?: FlowLocale): Flow {
  return {
    id: 'f',
    version: MODEL_VERSION,
    name: 'F',
    ...(defaultLocale ? { defaultLocale } : {}),
    persona: { name: { en: 'Sam', fr: 'Sam (fr)' }, avatar: 'S' },
    start: 'ask',
    nodes: {
      ask: {
        type: 'choice',
        text,
        replies: [
          { id: 'a', label: reply, next: 'end' },
          { id: 'b', label: reply, next: 'end' },
        ],
      },
      end: { type: 'end', text },
    },
  };
}

test('flowLocales: the locales any node text is written in; a plain string is the default locale', () => {
  assert.deepEqual(flowLocales(flowOf({ fr: 'Salut', en: 'Hi' }, 'Yes')), ['en', 'fr']);
  assert.deepEqual(flowLocales(flowOf('Salut', 'Oui', 'fr')), ['fr']);
  assert.deepEqual(flowLocales(flowOf({ ru: 'Привет' }, { ru: 'Да' }, 'en')), ['ru']);
  // The persona's name alone does not make a flow French.
  assert.deepEqual(flowLocales(flowOf('Hi', 'Yes')), ['en']);
});

test('conversationLocale: the first visitor language the flow is written in, else its fallback', () => {
  const frEn = flowOf({ en: 'Hi', fr: 'Salut' }, { en: 'Yes', fr: 'Oui' });
  assert.equal(conversationLocale(frEn, ['fr-FR', 'en']), 'fr');
  assert.equal(conversationLocale(frEn, ['de', 'fr']), 'fr', 'a later language the flow has wins over the default');
  assert.equal(conversationLocale(frEn, ['ru', 'de']), 'en', 'no language in common: the default locale');
  assert.equal(conversationLocale(frEn, []), 'en');
  assert.equal(conversationLocale({ ...frEn, defaultLocale: 'fr' }, ['ru']), 'fr');
  // A default locale the flow has no text in: the language its texts really fall back to.
  assert.equal(conversationLocale(flowOf({ fr: 'Salut' }, { fr: 'Oui' }, 'ru'), ['de']), 'fr');
  assert.equal(conversationLocale(flowOf({ ru: 'Привет', fr: 'Salut' }, 'Да', 'ru'), ['en-GB']), 'ru');
  // A flow written in plain strings speaks its default locale, whatever the visitor's.
  assert.equal(conversationLocale(flowOf('Salut', 'Oui', 'fr'), ['en', 'ru']), 'fr');
  assert.equal(conversationLocale(flowOf('Hi', 'Yes'), ['fr']), 'en');
  // The templates are written in all three: every visitor gets their own language.
  for (const { flow } of TEMPLATES) for (const l of FLOW_LOCALES) assert.equal(conversationLocale(flow, [l]), l);
});

const locale = fc.constantFrom<FlowLocale>(...FLOW_LOCALES);
const tag = fc.constantFrom('en', 'en-US', 'fr', 'fr-CA', 'ru', 'ru-RU', 'de', 'es', 'uk', '');
const perLocale = fc
  .record({ en: fc.constantFrom('Hi', ''), fr: fc.constantFrom('Salut', ''), ru: fc.constantFrom('Привет', '') })
  .map((t) => Object.fromEntries(Object.entries(t).filter(([, v]) => v)));
const text: fc.Arbitrary<LocalizedText> = fc.oneof(fc.constant('Hello'), perLocale);

test('property: the conversation locale is one the flow is written in, and the first such visitor language', () => {
  fc.assert(
    fc.property(text, text, fc.option(locale, { nil: undefined }), fc.array(tag, { maxLength: 4 }), (a, b, d, tags) => {
      const flow = flowOf(a, b, d);
      const written = flowLocales(flow);
      const chosen = conversationLocale(flow, tags);
      if (written.length) assert.ok(written.includes(chosen), `${chosen} in ${written.join()}`);
      else assert.equal(chosen, d ?? 'en');
      const firstShared = tags.map((t) => t.split('-')[0]).find((l) => (written as string[]).includes(l!));
      if (firstShared) assert.equal(chosen, firstShared);
    }),
  );
});

test('property: every text written in the conversation locale is shown in it (the panel speaks one language)', () => {
  fc.assert(
    fc.property(text, text, fc.option(locale, { nil: undefined }), fc.array(tag, { maxLength: 4 }), (a, b, d, tags) => {
      const flow = flowOf(a, b, d);
      const chosen = conversationLocale(flow, tags);
      for (const { text: t } of nodeTexts(flow)) {
        const own = typeof t === 'object' && t ? (t as Record<string, string>)[chosen] : undefined;
        if (own) assert.equal(resolveText(t as LocalizedText, chosen, flow.defaultLocale), own);
      }
    }),
  );
});

test('personaName: within a locale the override wins; along the locales, the first with a name', () => {
  const sam: Persona = { name: 'Sam from Northwind', avatar: 'S', locales: { fr: { name: 'Sam de Northwind' } } };
  assert.equal(personaName(sam, 'fr', 'en'), 'Sam de Northwind');
  assert.equal(personaName(sam, 'ru', 'en'), 'Sam from Northwind', 'a plain name is a name in every locale');
  assert.equal(personaName(sam, 'en', 'fr'), 'Sam from Northwind');
  const perLocaleName: Persona = {
    name: { en: 'Sam', ru: 'Сэм' },
    avatar: 'S',
    locales: { fr: { name: 'Sam de N.' }, ru: { name: 'Сэм из N.' } },
  };
  assert.equal(personaName(perLocaleName, 'ru', 'en'), 'Сэм из N.', 'the override wins over name.ru');
  assert.equal(personaName(perLocaleName, 'fr', 'en'), 'Sam de N.');
  // A conversation in a language the persona has no name in: the flow's fallback, override included
  // (before, a French-default flow showed the English name here).
  assert.equal(
    personaName({ name: { en: 'Sam' }, avatar: 'S', locales: { fr: { name: 'Sam de N.' } } }, 'ru', 'fr'),
    'Sam de N.',
  );
  assert.equal(personaName({ name: { ru: 'Сэм' }, avatar: 'S' }, 'fr', 'en'), 'Сэм', 'any name rather than none');
  assert.equal(personaName({ name: 'Sam', avatar: 'S' }, undefined), 'Sam');
});

test('property: the persona is named in the conversation locale whenever it has a name there', () => {
  const name = fc.option(fc.constantFrom('Name'), { nil: undefined });
  fc.assert(
    fc.property(
      perLocale,
      fc.record({ en: name, fr: name, ru: name }),
      locale,
      fc.option(locale, { nil: undefined }),
      (names, overrides, at, fallback) => {
        const locales = Object.fromEntries(
          FLOW_LOCALES.filter((l) => overrides[l]).map((l) => [l, { name: `${overrides[l]} ${l}` }]),
        );
        const persona: Persona = { name: names, avatar: 'S', locales };
        const said = personaName(persona, at, fallback);
        const here = locales[at]?.name || (names as Record<string, string>)[at];
        if (here) assert.equal(said, here);
        const any = FLOW_LOCALES.some((l) => locales[l]?.name || (names as Record<string, string>)[l]);
        assert.equal(said !== '', any);
      },
    ),
  );
});

test('personaAvatar: the initial of the name follows it into the conversation language; any other avatar stays', () => {
  const sam: Persona = {
    name: { en: 'Sam from Northwind', fr: 'Sam de Northwind', ru: 'Сэм из Northwind' },
    avatar: 'S',
  };
  assert.equal(personaAvatar(sam, 'ru', 'en'), 'С');
  assert.equal(personaAvatar(sam, 'fr', 'en'), 'S');
  assert.equal(personaAvatar(sam, 'en', 'en'), 'S');
  // The flow written in Russian first: its avatar is the Russian initial, and English gets its own.
  assert.equal(personaAvatar({ ...sam, avatar: 'С' }, 'en', 'ru'), 'S');
  assert.equal(personaAvatar({ ...sam, avatar: 'SN' }, 'ru', 'en'), 'SN', "two letters are the marketer's own");
  assert.equal(personaAvatar({ ...sam, avatar: '🙂' }, 'ru', 'en'), '🙂');
  assert.equal(personaAvatar({ ...sam, avatar: 'K' }, 'ru', 'en'), 'K', 'not the initial of the name');
  assert.equal(
    personaAvatar({ name: { en: 'Sam', ru: '42' }, avatar: 'S' }, 'ru', 'en'),
    'S',
    'a name that starts with no letter',
  );
  assert.equal(personaAvatar({ name: 'élodie', avatar: 'É' }, 'ru', 'fr'), 'É', 'one name in every language');
});

test('property: an avatar that is not the initial of the name in the flow language is shown as written', () => {
  const names = fc.record({
    en: fc.constantFrom('Sam', 'Léa', ''),
    fr: fc.constantFrom('Sam', 'Élise', ''),
    ru: fc.constantFrom('Сэм', 'Лея', ''),
  });
  fc.assert(
    fc.property(
      names,
      fc.constantFrom('S', 'L', 'С', 'Л', 'É', 'SN', '🙂', 'x'),
      locale,
      fc.option(locale, { nil: undefined }),
      (name, avatar, at, fallback) => {
        const persona: Persona = { name, avatar };
        const shown = personaAvatar(persona, at, fallback);
        const own = personaName(persona, fallback).trim()[0]?.toLocaleUpperCase();
        if (avatar !== own) assert.equal(shown, avatar);
        else assert.equal(shown, personaName(persona, at, fallback).trim()[0]!.toLocaleUpperCase());
      },
    ),
  );
});
