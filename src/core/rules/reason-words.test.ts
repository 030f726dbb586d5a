/**
 * Every reason code in every language: its message exists and is not empty, it has exactly the
 * placeholders its parameters fill (`$1`…`$n`, in the order REASON_CODES gives), a counted code has
 * every plural form the language needs, and the sentence worded from sample parameters has no hole
 * left in it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COUNTED, REASON_CODES, reason, type ReasonCode, type ReasonParam } from './reason.ts';
import { reasonKey, sayReason, waitParts } from './reason-words.ts';
import { messagesOf, wordsOf } from '../test-support/catalogue.ts';

const LOCALES = ['en', 'fr', 'ru'] as const;
const CODES = Object.keys(REASON_CODES) as ReasonCode[];

/** Sample values for every parameter name the codes use (what a real trace would carry). */
const SAMPLE: Record<string, ReasonParam> = {
  page: 'news.example',
  site: 'shop.example',
  path: '/2026/a.html',
  pattern: '/2025/*',
  address: 'https://news.example/x',
  how: 'regex',
  url: 'news.example/x',
  start: '/2026/',
  contains: '/',
  end: '.html',
  subject: 'path-query',
  // Worded from start, contains and end (reason-words.ts, DERIVED).
  glob: '',
  value: 'newsletter',
  until: { at: Date.UTC(2026, 11, 2, 21, 30) },
  states: { list: [reason('busy-typing'), reason('busy-fullscreen')] },
  held: { measure: 3.2, unit: 'second', digits: 1 },
  trigger: reason('trigger-exit-intent'),
  percent: { measure: 50, unit: 'percent' },
  seconds: { measure: 30, unit: 'second' },
  selector: '#buy',
  ms: { measure: 800, unit: 'millisecond' },
  intent: 'pricing',
  score: 0.8,
  signal: 'form-abandon',
  rule: 'Leaving the checkout',
  flow: 'pricing-help',
  at: { at: Date.UTC(2026, 11, 24) },
  max: 2,
  count: 1,
  wait: { wait: 288_000 },
  days: 7,
  field: 'utm.source',
  op: reason('op-equals', { value: 'ads' }),
  range: reason('range-between', { min: 10, max: 20 }),
  min: 10,
  tag: 'interest-backpacks',
  name: 'plan',
  segment: 'Returning buyers',
  from: '09:00',
  to: '17:30',
  devices: { list: [reason('device-mobile'), reason('device-tablet')], or: true },
  width: 1280,
  options: { list: ['panel', 'pill'], or: true },
  length: 140,
  step: 'ask',
  loop: 'a → b → a',
  id: 'welcome',
  variant: 'b',
  format: 'tact-flow-pack',
  message: 'is not valid',
  why: 'wrong-kind',
  answer: 'email',
  size: 6.2,
  version: 2,
  supported: 1,
};

const placeholders = (text: string) => [...new Set(text.match(/\$[1-9]/g) ?? [])].sort().join(' ');

for (const lang of LOCALES)
  test(`every reason code has its text in ${lang}, with the placeholders its parameters fill`, () => {
    const messages = messagesOf(lang);
    const problems: string[] = [];
    for (const code of CODES) {
      const expected = REASON_CODES[code].map((_, i) => `$${i + 1}`).join(' ');
      const counted = COUNTED[code];
      const keys = counted
        ? new Intl.PluralRules(lang).resolvedOptions().pluralCategories.map((c) => `${reasonKey(code)}_${c}`)
        : [reasonKey(code)];
      for (const key of keys) {
        const text = messages[key];
        if (text === undefined) problems.push(`${lang}: ${key} is missing`);
        else if (!text.trim()) problems.push(`${lang}: ${key} is empty`);
        else {
          // A plural form may leave its count out ("at most once a day"); nothing else may be missing.
          const got = placeholders(counted ? text.replace(/^/, '$1 ') : text);
          if (got !== expected)
            problems.push(`${lang}: ${key} has placeholders "${placeholders(text)}", needs "${expected}"`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

for (const lang of LOCALES)
  test(`every reason code worded in ${lang} from sample parameters leaves no hole`, () => {
    const words = wordsOf(lang);
    for (const code of CODES) {
      const params = { ...SAMPLE };
      assert.ok(
        REASON_CODES[code].every((name) => SAMPLE[name] !== undefined),
        `${code}: a sample for each parameter`,
      );
      const said = sayReason(reason(code, params), words);
      assert.ok(said.trim(), `${lang} ${code}: empty`);
      // A missing message comes back as its key: no "code_…"/"why…"/"ws…" word may be left.
      assert.doesNotMatch(
        said,
        /\bcode_|\bwhy[A-Z_]|\bwsSig_|\bwsPage_|\$\d|undefined|\[object/,
        `${lang} ${code}: ${said}`,
      );
    }
  });

test('a "why" line in each language: plurals, numbers and units as the language writes them', () => {
  const say = (lang: string, code: ReasonCode, params?: Record<string, ReasonParam>) =>
    // Intl separates a number from its unit with a no-break space in French and Russian.
    sayReason(reason(code, params), wordsOf(lang)).replace(/[\u00a0\u202f]/g, ' ');
  assert.equal(say('en', 'check-per-site-day', { max: 2 }), 'At most 2 per site per day');
  assert.equal(say('fr', 'check-per-site-day', { max: 2 }), 'Au plus 2 par site et par jour');
  assert.equal(say('ru', 'check-per-site-day', { max: 2 }), 'Не больше 2 на сайт в день');
  assert.equal(say('en', 'signal-exit-intent'), 'visitor is leaving (exit intent)');
  assert.equal(say('fr', 'signal-exit-intent'), 'le visiteur s’en va (intention de sortie)');
  assert.equal(say('ru', 'signal-exit-intent'), 'посетитель уходит (намерение уйти)');
  // Russian has one / few / many: after "не меньше", 1 дня, 3 дней, 5 дней, 21 дня.
  assert.equal(say('en', 'check-freq-days', { days: 1 }), 'At most once a day');
  assert.equal(say('en', 'check-freq-days', { days: 7 }), 'At most once every 7 days');
  assert.equal(say('ru', 'check-freq-days', { days: 1 }), 'Между показами не меньше 1 дня');
  assert.equal(say('ru', 'check-freq-days', { days: 3 }), 'Между показами не меньше 3 дней');
  assert.equal(say('ru', 'check-freq-days', { days: 5 }), 'Между показами не меньше 5 дней');
  assert.equal(say('ru', 'check-freq-days', { days: 21 }), 'Между показами не меньше 21 дня');
  assert.equal(say('fr', 'check-freq-days', { days: 7 }), 'Au plus une fois tous les 7 jours');
  // French puts the count before "premières" ("les 3 premières secondes"), which a measure with its
  // unit cannot do ("les premières 3 s", found in a visitor's "why" on a real page): said another way.
  const first = { seconds: { measure: 3, unit: 'second' } } as const;
  assert.equal(say('fr', 'check-first-seconds', first), 'Pas avant 3 s sur la page');
  assert.equal(say('ru', 'check-first-seconds', first), 'Не в первые 3 с просмотра страницы');
  // Decimal comma and the unit in the language.
  const held = { measure: 3.2, unit: 'second', digits: 1 } as const;
  assert.equal(say('fr', 'seen-on-page', { seconds: held }), '3,2 s sur la page');
  assert.equal(say('ru', 'seen-on-page', { seconds: held }), '3,2 с на странице');
  assert.equal(
    say('en', 'seen-dismissed-flow', { wait: { wait: 288_000 } }),
    'dismissed recently; waits 4 min 48 sec more',
  );
  // A list in the language's own words.
  const states = { list: [reason('busy-typing'), reason('busy-fullscreen')] };
  assert.equal(say('fr', 'seen-busy', { states }), 'le visiteur est en train d’écrire et en plein écran');
  assert.equal(say('ru', 'seen-busy', { states }), 'посетитель печатает и в полноэкранном режиме');
});

test('a trace stored before checks were codes (English sentences) still reads', () => {
  assert.equal(sayReason('At most 2 per site per day', wordsOf('fr')), 'At most 2 per site per day');
});

test('waitParts: whole units, largest first, never less than the wait', () => {
  assert.deepEqual(waitParts(288_000), [
    { unit: 'minute', value: 4 },
    { unit: 'second', value: 48 },
  ]);
  assert.deepEqual(waitParts(3 * 86_400_000 + 4 * 3_600_000), [
    { unit: 'day', value: 3 },
    { unit: 'hour', value: 4 },
  ]);
});
