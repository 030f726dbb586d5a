import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fc from 'fast-check';
import { FLOW_LOCALES, flowLocaleOf, resolveText, type LocalizedText } from './localized-text.ts';
import { MODEL_VERSION, nodeText, type Flow } from './flow-model.ts';
import { personaName } from './conversation-locale.ts';
import { validateFlow } from './flow-validation.ts';
import { applyReply, startConversation, stepViewOf } from './flow-runner.ts';
import { parsePack } from './flow-pack.ts';

describe('resolveText', () => {
  test('picks the locale, then the fallback, then en, fr, ru', () => {
    const text = { en: 'Hi', fr: 'Bonjour', ru: 'Привет' };
    assert.equal(resolveText(text, 'fr'), 'Bonjour');
    assert.equal(resolveText(text, 'ru', 'en'), 'Привет');
    assert.equal(resolveText({ en: 'Hi', fr: 'Bonjour' }, 'ru', 'fr'), 'Bonjour');
    assert.equal(resolveText({ en: 'Hi', fr: 'Bonjour' }, 'de', undefined), 'Hi');
    assert.equal(resolveText({ ru: 'Привет' }, 'fr', 'en'), 'Привет', 'any written text rather than nothing');
    assert.equal(resolveText({ en: '', fr: 'Salut' }, 'en'), 'Salut', 'an empty text counts as missing');
    assert.equal(resolveText(undefined, 'fr'), '');
    assert.equal(resolveText({}, 'fr', 'en'), '');
    assert.equal(resolveText({ en: 'Hi' }, '__proto__', 'constructor'), 'Hi', 'never an inherited key');
  });

  const locale = fc.constantFrom<string | undefined>(...FLOW_LOCALES, 'de', '', undefined);
  const perLocale = fc.record(
    { en: fc.string({ maxLength: 8 }), fr: fc.string({ maxLength: 8 }), ru: fc.string({ maxLength: 8 }) },
    { requiredKeys: [] },
  );

  test('property: a per-locale text with any non-empty locale resolves to a non-empty text, one of its own', () => {
    fc.assert(
      fc.property(perLocale, locale, locale, (text, want, fallback) => {
        const resolved = resolveText(text, want, fallback);
        const written = Object.values(text).filter((s) => s !== '');
        if (written.length === 0) assert.equal(resolved, '');
        else {
          assert.ok(resolved.length > 0);
          assert.ok(written.includes(resolved));
        }
        const own = want && (text as Record<string, string>)[want];
        if (own) assert.equal(resolved, own, 'the asked locale wins when it is written');
      }),
    );
  });

  test('property: a plain string resolves to itself in every locale', () => {
    fc.assert(
      fc.property(fc.string(), locale, locale, (text, want, fallback) => {
        assert.equal(resolveText(text, want, fallback), text);
      }),
    );
  });
});

test('flowLocaleOf reduces a browser language to en, fr or ru', () => {
  assert.equal(flowLocaleOf('fr-FR'), 'fr');
  assert.equal(flowLocaleOf('FR'), 'fr');
  assert.equal(flowLocaleOf('ru_RU'), 'ru');
  assert.equal(flowLocaleOf('en-US'), 'en');
  assert.equal(flowLocaleOf('de-DE'), undefined);
  assert.equal(flowLocaleOf('fry'), undefined);
  assert.equal(flowLocaleOf(''), undefined);
  assert.equal(flowLocaleOf(undefined), undefined);
});

const trilingual = (en: string, fr: string, ru: string): LocalizedText => ({ en, fr, ru });

const multilingual: Flow = {
  id: 'hello',
  version: MODEL_VERSION,
  name: 'Hello',
  defaultLocale: 'en',
  persona: { name: trilingual('Sam', 'Samuel', 'Сэм'), avatar: 'S' },
  start: 'ask',
  nodes: {
    ask: {
      type: 'choice',
      text: trilingual(
        'Hi! Looking for something?',
        'Bonjour ! Vous cherchez quelque chose ?',
        'Здравствуйте! Что-то ищете?',
      ),
      replies: [
        { id: 'yes', label: trilingual('Yes', 'Oui', 'Да'), next: 'where' },
        { id: 'no', label: { en: 'No', fr: 'Non' }, next: 'bye' },
      ],
    },
    where: {
      type: 'input',
      text: { en: 'Where are you heading?', fr: 'Vous partez où ?' },
      placeholder: { fr: 'les Alpes…' },
      next: 'bye',
    },
    bye: { type: 'end', text: 'Bye!' },
  },
};

describe('a flow written per locale', () => {
  test('validates, and plain strings beside per-locale texts stay valid', () => {
    const checked = validateFlow(multilingual);
    assert.ok(checked.ok, checked.ok ? '' : JSON.stringify(checked.errors));
    assert.deepEqual(checked.value.nodes.ask, multilingual.nodes.ask);
  });

  test('a per-locale text needs one written language; its texts are checked like any text', () => {
    const broken = structuredClone(multilingual) as unknown as { nodes: Record<string, Record<string, unknown>> };
    broken.nodes.ask!.text = { de: 'Hallo' };
    broken.nodes.bye!.text = { fr: 'x'.repeat(1001) };
    const checked = validateFlow(broken);
    assert.ok(!checked.ok);
    assert.deepEqual(
      checked.errors.map((e) => [e.path, e.message]),
      [
        ['flow.nodes.ask.text', 'needs a text in at least one language (en, fr or ru)'],
        ['flow.nodes.bye.text.fr', 'must be at most 1000 characters (got 1001)'],
      ],
    );
    delete broken.nodes.bye!.text;
    const missing = validateFlow(broken);
    assert.ok(!missing.ok);
    assert.ok(
      missing.errors.some((e) => e.path === 'flow.nodes.bye.text' && e.message === 'must be text, got undefined'),
      JSON.stringify(missing.errors),
    );
  });

  test('the runner speaks the visitor locale, falling back to the default locale', () => {
    const fr = startConversation(multilingual, { locale: 'fr-FR' });
    assert.equal(fr.transcript[0]!.text, 'Bonjour ! Vous cherchez quelque chose ?');
    const view = stepViewOf(multilingual, fr, { locale: 'fr-FR' });
    assert.deepEqual(view.kind === 'choice' && view.replies.map((r) => r.label), ['Oui', 'Non']);
    const ru = startConversation(multilingual, { locale: 'ru' });
    const ruView = stepViewOf(multilingual, ru, { locale: 'ru' });
    assert.deepEqual(ruView.kind === 'choice' && ruView.replies.map((r) => r.label), ['Да', 'No']);
    const next = applyReply(multilingual, ru, 'ask', 'yes', { locale: 'ru' });
    assert.ok(next.ok);
    assert.deepEqual(
      next.state.transcript.map((l) => l.text),
      ['Здравствуйте! Что-то ищете?', 'Да', 'Where are you heading?'],
      'the answer as the visitor saw it; a text with no Russian in the default locale',
    );
    assert.equal(next.state.answers?.ask, 'Да');
    const deView = stepViewOf(multilingual, startConversation(multilingual, { locale: 'de' }), { locale: 'de' });
    assert.equal(deView.kind, 'choice');
    const inFrench = applyReply(multilingual, fr, 'ask', 'yes', { locale: 'fr' });
    assert.ok(inFrench.ok);
    const input = stepViewOf(multilingual, inFrench.state, { locale: 'fr' });
    assert.equal(input.kind === 'input' && input.placeholder, 'les Alpes…');
  });

  test("the persona's name and node texts resolve for the editor and the overlay", () => {
    assert.equal(personaName(multilingual.persona, 'ru'), 'Сэм');
    assert.equal(personaName({ name: 'Sam', avatar: 'S', locales: { fr: { name: 'Sam de N.' } } }, 'fr'), 'Sam de N.');
    assert.equal(personaName({ name: 'Sam', avatar: 'S' }, 'fr'), 'Sam');
    assert.equal(nodeText(multilingual.nodes.where, 'ru', 'en'), 'Where are you heading?');
    assert.equal(nodeText(multilingual.nodes.where, 'ru', 'fr'), 'Vous partez où ?');
  });
});

test('a pack exported before flows had several languages still imports, every text as it was', () => {
  // Exported by the build of 4ffa3fe (templates in English only, the persona's name per locale).
  const old = fs.readFileSync(new URL('./fixtures/single-language-pack.json', import.meta.url), 'utf8');
  const checked = parsePack(old);
  assert.ok(checked.ok, checked.ok ? '' : checked.message);
  assert.equal(checked.pack.flows.length, 8);
  const greeter = checked.pack.flows.find((f) => f.id === 'greeter')!;
  assert.equal(greeter.defaultLocale, undefined);
  const state = startConversation(greeter, { locale: 'fr' });
  assert.equal(state.transcript[0]!.text, 'Hi there! What brings you to Northwind today?');
  assert.equal(personaName(greeter.persona, 'fr'), 'Sam de Northwind');
});

test("an input's and a form field's own message for a refused answer reach the step view in the conversation's locale", () => {
  const flow: Flow = {
    id: 'work-mail',
    version: MODEL_VERSION,
    name: 'Work e-mail',
    persona: { name: 'Sam', avatar: 'S' },
    start: 'mail',
    nodes: {
      mail: {
        type: 'input',
        input: 'email',
        text: { en: 'Your e-mail?', fr: 'Votre e-mail ?' },
        invalidMessage: { en: 'Please give a work e-mail', fr: 'Indiquez un e-mail professionnel' },
        next: 'form',
      },
      form: {
        type: 'form',
        text: 'A few details',
        fields: [
          { id: 'a', label: 'Company', input: 'text', required: true, invalidMessage: { ru: 'Компания?' } },
          { id: 'b', label: 'Size', input: 'number', required: false },
        ],
      },
    },
  };
  assert.ok(validateFlow(flow).ok, 'the model accepts it');
  const message = (locale: string) => {
    const step = stepViewOf(flow, startConversation(flow, { locale }), { locale });
    return step.kind === 'input' ? step.invalidMessage : undefined;
  };
  assert.equal(message('fr'), 'Indiquez un e-mail professionnel');
  assert.equal(message('ru'), 'Please give a work e-mail', 'the fallback');
  const inForm = { ...startConversation(flow, { locale: 'ru' }), nodeId: 'form', fieldIndex: 0 };
  const field = stepViewOf(flow, inForm, { locale: 'ru' });
  assert.equal(field.kind === 'form' && field.field.invalidMessage, 'Компания?');
  const second = stepViewOf(flow, { ...inForm, fieldIndex: 1 }, { locale: 'ru' });
  assert.ok(second.kind === 'form' && !('invalidMessage' in second.field), "none written: the overlay's own");
  const without = { ...flow, nodes: { ...flow.nodes, mail: { ...flow.nodes.mail!, invalidMessage: '' } } } as Flow;
  const plain = stepViewOf(without, startConversation(without, {}), {});
  assert.ok(plain.kind === 'input' && !('invalidMessage' in plain), 'an empty message is none');
});
