import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLine, wordWhy, type WhyView } from './why-view.ts';
import { reason, type Reason } from '../core/rules/reason.ts';
import { sayReason } from '../core/rules/reason-words.ts';
import { messagesOf, wordsOf } from '../core/test-support/catalogue.ts';
import { decide, type DecisionInput } from '../core/rules/engine.ts';
import { DEFAULT_RULES } from '../core/flows/default-pack.ts';
import { localDay } from '../core/rules/policy.ts';

const LOCALES = ['en', 'fr', 'ru'] as const;
const codeSay = (r: Reason | string) => (typeof r === 'string' ? r : `${r.code}(${JSON.stringify(r.params ?? {})})`);
const colon = (label: string) => `${label}:`;

/** The "why" of a decision as the overlay shows it in `lang`, worded with the shipped catalogue. */
function whyIn(lang: string, why: Parameters<typeof wordWhy>[0]): WhyView {
  const words = wordsOf(lang);
  return wordWhy(
    why,
    (r) => sayReason(r, words),
    (key, ...subs) => words.t(key, ...subs),
  );
}

/**
 * The demo shop's exit question as the engine decides it (the seeded rule "Leaving any other page",
 * once a day), after a pill was shown on the shop today: half a conversation of its budget spent.
 */
function demoShopWhy(spentOnSite: number) {
  const now = Date.UTC(2026, 11, 5, 15, 0);
  const rule = DEFAULT_RULES.find((r) => r.id === 'exit-anywhere')!;
  const url = 'http://northwind.localhost:8123/shop/trail-pack-28.html';
  const input: DecisionInput = {
    now,
    signal: { type: 'exit-intent' },
    page: { url, startedAt: now - 20_000 },
    origin: 'http://northwind.localhost:8123',
    siteEnabled: true,
    pageViewShown: false,
    profile: { tags: [] },
    lastShownByRule: {},
    rules: [rule],
    flowIds: new Set([rule.flowId!]),
    budget: { day: localDay(now), total: 1, bySite: { 'http://northwind.localhost:8123': spentOnSite } },
    dismissals: { byFlow: {}, bySite: {} },
  };
  const decision = decide(input);
  assert.equal(decision.show?.ruleId, rule.id);
  const trace = decision.rules.find((r) => r.ruleId === rule.id)!;
  return { signal: reason('signal-exit-intent'), rule: rule.name, checks: [...decision.policy, ...trace.checks] };
}

/** The demo shop's "why" in each language, line by line: each says one thing once. */
const DEMO_SHOP: Record<(typeof LOCALES)[number], { checks: string[]; others: string[] }> = {
  en: {
    checks: [
      'Site is northwind.localhost',
      'At most 2 per site per day: 0.5 used today on this site (a reminder counts as half a conversation)',
      'At most 4 per day overall: 1 used today',
      'At most once a day',
    ],
    others: [
      'Tact is on for this site',
      'At most one conversation per page view',
      'Not snoozed',
      'Not over fullscreen content or a dialog',
      'Trigger: exit intent',
      'Not in the first 3 sec of the page view: exit intent is exempt',
      'Back-off after this flow was dismissed',
      'Back-off after a dismissal on this site',
    ],
  },
  fr: {
    checks: [
      'Le site est northwind.localhost',
      'Au plus 2 par site et par jour : 0,5 conversation aujourd’hui sur ce site (un rappel compte pour une demi-conversation)',
      'Au plus 4 par jour au total : 1 conversation aujourd’hui',
      'Au plus une fois par jour',
    ],
    others: [
      'Tact est activé sur ce site',
      'Au plus une conversation par page vue',
      'Pas en pause',
      'Pas par-dessus un plein écran ou une fenêtre de dialogue',
      'Déclencheur : intention de sortie',
      'Pas avant 3 s sur la page : l’intention de sortie n’attend pas',
      'Pause après un refus de ce parcours',
      'Pause après un refus sur ce site',
    ],
  },
  ru: {
    checks: [
      'Сайт — northwind.localhost',
      'Не больше 2 на сайт в день: 0,5 разговора сегодня на этом сайте (напоминание считается за половину разговора)',
      'Не больше 4 в день всего: 1 разговор сегодня',
      'Между показами не меньше 1 дня',
    ],
    others: [
      'Tact включён на этом сайте',
      'Не больше одного разговора за просмотр страницы',
      'Не на паузе',
      'Не поверх полноэкранного содержимого или диалога',
      'Триггер: намерение уйти',
      'Не в первые 3 с просмотра страницы: намерение уйти не ждёт',
      'Перерыв после отказа от этого сценария',
      'Перерыв после отказа на этом сайте',
    ],
  },
};

/** Spaces as a reader sees them: French and Russian put no-break ones around punctuation and units. */
const plain = (lines: string[]) => lines.map((l) => l.replace(/[\u00a0\u202f]/g, ' '));

describe("the visitor's why, worded", () => {
  test('a preview started by hand names no rule and no signal, in every language', () => {
    for (const lang of LOCALES) {
      const view = whyIn(lang, { signal: reason('unknown'), rule: '', checks: [], forced: true });
      const said = wordsOf(lang).t('overlayWhyPreview');
      assert.deepEqual([view.intro, view.checks, view.others], [said, [], []], lang);
      assert.ok(said && said !== 'overlayWhyPreview' && !said.includes('preview”'), `${lang}: ${said}`);
    }
  });

  for (const lang of LOCALES)
    test(`the demo shop's exit question in ${lang}: one line per check, each saying one thing once`, () => {
      const view = whyIn(lang, demoShopWhy(0.5));
      assert.deepEqual(plain(view.checks), DEMO_SHOP[lang].checks);
      assert.deepEqual(plain(view.others), DEMO_SHOP[lang].others);
      for (const line of [...view.checks, ...view.others]) {
        // At most one label: one colon.
        assert.ok((line.match(/:/g) ?? []).length <= 1, `${lang}: two labels in "${line}"`);
        // No label repeats what was seen ("Not snoozed: not snoozed").
        const [label, seen] = line.split(/\s*:\s/);
        if (seen !== undefined)
          assert.notEqual(label!.toLowerCase().trim(), seen.toLowerCase().trim(), `${lang}: "${line}"`);
      }
    });

  for (const lang of ['fr', 'ru'] as const)
    test(`nothing of the ${lang} "why" falls back to English but the names a marketer wrote`, () => {
      const view = whyIn(lang, demoShopWhy(0.5));
      const inEnglish = whyIn('en', demoShopWhy(0.5));
      // Any two English words in a row that the English "why" has ("used today", "at most"), not the site's name.
      const pairs = (line: string) => [...line.toLowerCase().matchAll(/(?=\b([a-z]+ [a-z]+)\b)/g)].map((m) => m[1]!);
      const english = new Set([inEnglish.signal, ...inEnglish.checks, ...inEnglish.others].flatMap(pairs));
      for (const line of [view.signal, ...view.checks, ...view.others]) {
        for (const pair of pairs(line)) assert.ok(!english.has(pair), `${lang}: "${pair}" in "${line}"`);
        assert.doesNotMatch(line, /\b(used|today|once|Trigger|Frequency|reminder)\b/, lang);
      }
    });

  test('a daily budget spent in whole conversations says no more than its count', () => {
    for (const lang of LOCALES) {
      const view = whyIn(lang, demoShopWhy(1));
      assert.ok(!view.checks.some((l) => l.includes('(')), `${lang}: ${view.checks.join(' | ')}`);
    }
    assert.equal(
      plain(whyIn('ru', demoShopWhy(1)).checks)[1],
      'Не больше 2 на сайт в день: 1 разговор сегодня на этом сайте',
    );
    assert.equal(
      plain(whyIn('fr', demoShopWhy(1)).checks)[1],
      'Au plus 2 par site et par jour : 1 conversation aujourd’hui sur ce site',
    );
  });

  test("leaves out that the flow exists (the flow's internal id), and the flow of an A/B variant", () => {
    const view = wordWhy(
      {
        signal: reason('unknown'),
        rule: 'Leaving any other page',
        checks: [
          { label: reason('check-flow-exists'), detail: reason('value', { value: 'exit-offer' }) },
          {
            label: reason('check-ab-variant'),
            detail: reason('seen-ab-variant', { variant: 'b', flow: 'exit-offer-b' }),
          },
          { label: reason('check-first-seconds', { seconds: 3 }), detail: reason('seen-exit-exempt') },
          { label: 'An English check of an old trace', detail: 'as it was' },
        ],
      },
      codeSay,
      (key, ...subs) => `${key}(${subs.join()})`,
    );
    assert.deepEqual(view.checks, ['punctColon(An English check of an old trace) as it was']);
    assert.deepEqual(view.others, [
      'check-ab-variant({})',
      'punctColon(check-first-seconds({"seconds":3})) seen-exit-exempt({})',
    ]);
    assert.ok(!JSON.stringify(view).includes('exit-offer'));
    assert.equal(view.rule, 'Leaving any other page');
  });

  test("shows the rule's conditions and limits first, and folds what only says nothing stood in the way", () => {
    const check = (code: Parameters<typeof reason>[0], params?: Record<string, string | number>) => ({
      label: reason(code, params),
      detail: reason('value', { value: code }),
    });
    const view = wordWhy(
      {
        signal: reason('unknown'),
        rule: 'Leaving any other page',
        checks: [
          check('check-site-on'),
          check('check-one-per-page'),
          check('check-not-snoozed'),
          check('check-not-over-fullscreen'),
          check('check-trigger', { trigger: 'exit-intent' }),
          check('check-site', { site: 'northwind.localhost' }),
          check('check-first-seconds', { seconds: 3 }),
          check('check-per-site-day', { max: 2 }),
          check('check-per-day', { max: 4 }),
          check('check-backoff-flow'),
          check('check-backoff-site'),
          check('check-freq-days', { days: 1 }),
          check('check-flow-exists'),
        ],
      },
      codeSay,
      (key, ...subs) => (key === 'punctColon' ? `${subs[0]}:` : key),
    );
    const codes = (lines: string[]) => lines.map((l) => /^(check-[a-z-]+)/.exec(l)![1]);
    assert.deepEqual(codes(view.checks), ['check-site', 'check-per-site-day', 'check-per-day', 'check-freq-days']);
    assert.deepEqual(codes(view.others), [
      'check-site-on',
      'check-one-per-page',
      'check-not-snoozed',
      'check-not-over-fullscreen',
      'check-trigger',
      'check-first-seconds',
      'check-backoff-flow',
      'check-backoff-site',
    ]);
  });
});

describe('a check as one line (the popup and the overlay)', () => {
  const en = wordsOf('en');
  const say = (r: Reason | string) => sayReason(r, en);
  test('a failed check keeps what was seen, even where a passed one would not need it', () => {
    const snoozed = { label: reason('check-not-snoozed'), detail: reason('seen-snoozed-until', { until: { at: 0 } }) };
    assert.match(checkLine({ ...snoozed, passed: false }, say, colon), /^Not snoozed: snoozed until /);
    const site = {
      label: reason('check-site', { site: 'shop.example' }),
      detail: reason('page-host', { page: 'shop.example' }),
    };
    assert.equal(checkLine({ ...site, passed: true }, say, colon), 'Site is shop.example');
    assert.equal(
      checkLine(
        { label: reason('check-segment', { segment: 'Buyers' }), detail: reason('seen-not-member'), passed: false },
        say,
        colon,
      ),
      'Visitor in the segment “Buyers”: not a member',
    );
    // A site that differs from the rule's (its www. left out) is news.
    assert.equal(
      checkLine(
        {
          label: reason('check-site', { site: 'www.shop.example' }),
          detail: reason('page-host', { page: 'shop.example' }),
        },
        say,
        colon,
      ),
      'Site is www.shop.example: shop.example',
    );
  });

  test('the trigger is said without the signal, which both views name first', () => {
    const trigger = {
      label: reason('check-trigger', {
        trigger: reason('trigger-scroll-depth', { percent: { measure: 50, unit: 'percent' } }),
      }),
      detail: reason('signal-exit-intent'),
    };
    assert.equal(checkLine({ ...trigger, passed: false }, say, colon), 'Trigger: scrolled at least 50%');
  });

  test('no label of a check has a colon of its own, in any language, so a line has at most one', () => {
    for (const lang of LOCALES)
      for (const [key, text] of Object.entries(messagesOf(lang)))
        if (/^code_check_/.test(key) && key !== 'code_check_trigger')
          assert.doesNotMatch(text, /:/, `${lang} ${key}: "${text}"`);
  });
});
