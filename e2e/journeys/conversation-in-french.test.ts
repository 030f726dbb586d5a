/**
 * Journey: a visitor whose browser speaks French meets a built-in template (the greeter, written
 * in English, French and Russian) and reads it in French: the bot's lines, the quick replies, the
 * persona's name, the answer as the visitor chose it, and the panel's own words (its buttons and
 * labels), which speak the conversation's language, not the browser's interface language (Firefox
 * ESR keeps its interface in English here). A flow with no French speaks its fallback language
 * everywhere in the panel, buttons and messages included. The browser is launched in French
 * (Chromium `--lang=fr`, Firefox `intl.accept_languages`), nothing else is set: the language comes
 * from `navigator.languages` alone. A marketer who set Tact's interface to French or Russian reads
 * a refused pack's message in it, and a template opens in the editor in it, its new node's kind
 * shown whole beside "Add node".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ask, exitIntent, screenshotForReview, waitUntil, type TactFrame } from '../harness/index.ts';
import { journey, NO_BACKOFF, NO_BUDGET } from '../harness/journey.ts';
import type { Rule } from '../../src/core/rules/rule-model.ts';
import { MODEL_VERSION, type Flow } from '../../src/core/flows/flow-model.ts';

const FIXTURE = '/fixtures/plain.html';

const greeterOnExit: Rule = {
  id: 'e2e-greeter-fr',
  version: 2,
  name: 'e2e: greeter in French',
  enabled: true,
  shadow: false,
  trigger: { signal: 'exit-intent' },
  conditions: [{ kind: 'url', match: 'prefix', pattern: FIXTURE }],
  flowId: 'greeter',
  entry: 'panel',
  priority: 100,
  frequency: { every: 'page-view' },
};

const ARTICLE = '/fixtures/news-article.html';

/**
 * Questions written in English and Russian only, falling back to Russian: no French at all. The
 * second has its own message for a refused answer, per language.
 */
const russianFirst: Flow = {
  id: 'e2e-russian-first',
  version: MODEL_VERSION,
  name: 'e2e: no French',
  defaultLocale: 'ru',
  persona: { name: { en: 'Anna', ru: 'Анна' }, avatar: 'A' },
  start: 'ask',
  nodes: {
    ask: {
      type: 'input',
      text: { en: 'What are you reading about?', ru: 'О чём вы читаете?' },
      placeholder: { en: 'A topic', ru: 'Тема' },
      next: 'mail',
    },
    mail: {
      type: 'input',
      input: 'email',
      text: { en: 'Your work e-mail?', ru: 'Ваш рабочий e-mail?' },
      invalidMessage: { en: 'Please give a work e-mail', ru: 'Укажите рабочий e-mail' },
      next: 'bye',
    },
    bye: { type: 'end', text: { en: 'Thanks!', ru: 'Спасибо!' } },
  },
};

const russianOnArticle: Rule = {
  ...greeterOnExit,
  id: 'e2e-no-french',
  name: 'e2e: a flow without French',
  conditions: [{ kind: 'url', match: 'prefix', pattern: ARTICLE }],
  flowId: russianFirst.id,
};

/** The panel's own words: its language, the close button's name, the footer's first link, the send button. */
function panelWords(overlay: TactFrame): Promise<Record<string, string | undefined>> {
  return overlay.evaluate(() => ({
    lang: document.documentElement.lang,
    close: document.querySelector('.close')?.getAttribute('aria-label') ?? undefined,
    why: document.querySelector('.why-toggle')?.textContent?.trim(),
    send: document.querySelector('.send')?.textContent?.trim(),
  }));
}

/** Bot lines on screen once the bot stopped typing, without the screen-reader prefix. */
function settledLines(overlay: TactFrame, last: RegExp): Promise<string[]> {
  return waitUntil(
    async () => {
      const lines = await overlay.evaluate(() =>
        document.querySelector('.typing')
          ? []
          : [...document.querySelectorAll('.bubble.bot')].map((b) => {
              const prefix = b.querySelector('.visually-hidden')?.textContent ?? '';
              return (b.textContent ?? '').slice(prefix.length).replace(/\s+/g, ' ').trim();
            }),
      );
      return last.test(lines.at(-1) ?? '') ? lines : null;
    },
    10_000,
    `the bot to say ${last}`,
  );
}

journey(
  'a template conversation in the browser language (French)',
  {
    launch: { language: 'fr' },
    settings: { ...NO_BUDGET, ...NO_BACKOFF },
    rules: [greeterOnExit],
    optionsPage: true,
    freshTabs: true,
  },
  (ctx) => {
    test('the greeter speaks French: its lines, replies, persona and the answer given', async () => {
      const page = await ctx.visit(FIXTURE);
      assert.match(await page.evaluate(() => navigator.language), /^fr/, 'the browser is in French');
      await exitIntent(page);
      const overlay = await page.overlay();
      const first = await settledLines(overlay, /amène chez Northwind/);
      assert.deepEqual(first, ['Bonjour ! Qu’est-ce qui vous amène chez Northwind aujourd’hui ?']);
      assert.deepEqual(
        await overlay.evaluate(() => [...document.querySelectorAll('.reply')].map((b) => b.textContent?.trim())),
        ['Je jette un œil', 'Je cherche un sac à dos', 'Un cadeau à offrir'],
      );
      const who = await overlay.evaluate(() => document.querySelector('.who strong')?.textContent?.trim());
      assert.equal(who, 'Sam de Northwind');
      assert.deepEqual(
        await panelWords(overlay),
        { lang: 'fr', close: 'Fermer', why: 'Pourquoi ce message\u202f?', send: undefined },
        "the panel's own words are French too, whatever the browser's interface language",
      );
      await screenshotForReview(page, `greeter-fr-${ctx.kind}`);
      await overlay.click('.reply[data-reply="gift"]');
      const lines = await settledLines(overlay, /emballée en cadeau/);
      assert.equal(
        lines.at(-1),
        'Belle idée ! Toute commande peut être emballée en cadeau, sans le prix sur le ticket.',
      );
      assert.deepEqual(
        await overlay.evaluate(() =>
          [...document.querySelectorAll('.bubble.you')].map((b) => b.textContent?.replace(/^.*?:\s*/, '').trim()),
        ),
        ['Un cadeau à offrir'],
      );
    });

    test('a flow without French speaks its fallback language everywhere in the panel (Russian)', async () => {
      await ask(ctx.options, 'flows/save', { flow: russianFirst });
      await ask(ctx.options, 'rules/save', { rule: russianOnArticle });
      const page = await ctx.visit(ARTICLE);
      await exitIntent(page);
      const overlay = await page.overlay();
      assert.deepEqual(await settledLines(overlay, /читаете/), ['О чём вы читаете?']);
      assert.deepEqual(await panelWords(overlay), {
        lang: 'ru',
        close: 'Закрыть',
        why: 'Почему я это вижу?',
        send: 'Отправить',
      });
      assert.equal(await overlay.evaluate(() => document.querySelector('input')?.placeholder), 'Тема');
      await overlay.click('.send'); // nothing typed: the panel's own message, in Russian
      const error = await waitUntil(
        () => overlay.evaluate(() => document.querySelector('#answer-error')?.textContent?.trim() || null),
        5_000,
        'the empty answer refused',
      );
      assert.equal(error, 'Сначала напишите пару слов.');
      // The next question has its own message for a refused answer: the background refuses the
      // address, the panel says the flow's words in the conversation's language.
      await overlay.click('input[name="answer"]');
      await page.type('походы');
      await page.press('Enter');
      await settledLines(overlay, /рабочий e-mail/);
      await overlay.click('input[name="answer"]');
      await page.type('ana@nowhere');
      await page.press('Enter');
      const own = await waitUntil(
        () =>
          overlay.evaluate(() =>
            document.querySelector('input[name="answer"]')?.getAttribute('aria-invalid') === 'true'
              ? (document.querySelector('#answer-error')?.textContent?.trim() ?? null)
              : null,
          ),
        5_000,
        'the address refused',
      );
      assert.equal(own, 'Укажите рабочий e-mail');
    });

    test('a pack the background refuses is explained in French and in Russian, with the field named; a template opens in that language, the kind of a new node shown whole', async () => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tact-pack-')), 'empty.json');
      fs.writeFileSync(file, JSON.stringify({ format: 'tact-flow-pack', version: 1, flows: [], rules: [] }));
      // The interface language the marketer chose (Firefox ESR without a language pack keeps its UI in English).
      const expected = {
        fr: /^Ce fichier n’est pas un pack de parcours Tact valide\u202f; rien n’a été importé\.\npack\u00a0: Ce pack ne contient ni parcours, ni règle, ni segment\.$/,
        ru: /^Этот файл не является пакетом сценариев Tact; ничего не импортировано\.\npack: В этом пакете нет ни сценариев, ни правил, ни сегментов\.$/,
      };
      const firstLine = { fr: /Qu’est-ce qui vous amène/, ru: /Что привело вас/ };
      try {
        for (const [lang, sentence] of Object.entries(expected)) {
          await ctx.options.evaluate((l) => localStorage.setItem('tact-ui-language', l), lang);
          const options = await ctx.browser.openExtensionPage('options.html#settings');
          await options.uploadFile('#pack-file', file);
          const message = await options.waitForFunction(
            () => document.querySelector('#pack-error')?.textContent?.trim() || null,
          );
          assert.match(message!, sentence, lang);
          // A template opened in the editor: its texts, diagram and preview in the marketer's language.
          await options.evaluate(() => (location.hash = '#flow/greeter'));
          const said = () =>
            options.evaluate(() => ({
              tab: document.querySelector('.locale-tabs [aria-selected="true"]')?.id,
              bubble: document.querySelector('tact-flow-live-preview')?.shadowRoot?.querySelector('.bubble.bot')
                ?.textContent,
            }));
          await options
            .waitForFunction(
              ({ l, line }) =>
                !!document.querySelector(`#locale-tab-${l}[aria-selected="true"]`) &&
                new RegExp(line).test(
                  document.querySelector('tact-flow-live-preview')?.shadowRoot?.querySelector('.bubble.bot')
                    ?.textContent ?? '',
                ),
              { l: lang, line: firstLine[lang as keyof typeof firstLine].source },
            )
            .catch(async (error: unknown) =>
              assert.fail(
                `${lang}: the editor opens on its language: ${String(error)}; ${JSON.stringify(await said())}`,
              ),
            );
          // The kind of a new node is shown whole beside "Add node" ("сообщен" when the button squeezed it).
          const kind = await options.evaluate(() => {
            const select = document.querySelector<HTMLSelectElement>('#editor-add-kind')!;
            const natural = select.cloneNode(true) as HTMLSelectElement;
            natural.style.cssText = 'position: absolute; visibility: hidden; width: auto; max-width: none';
            select.parentElement!.append(natural);
            const needed = natural.getBoundingClientRect().width;
            natural.remove();
            const button = document.querySelector('#editor-add-node')!.getBoundingClientRect();
            const field = select.closest('.field')!.getBoundingClientRect();
            return {
              width: Math.round(select.getBoundingClientRect().width),
              needed: Math.round(needed),
              buttonInside: button.right <= field.right + 0.5,
            };
          });
          assert.ok(kind.width >= kind.needed, `${lang}: the kind select ${JSON.stringify(kind)}`);
          assert.ok(kind.buttonInside, `${lang}: "Add node" within its field ${JSON.stringify(kind)}`);
          await options.close();
        }
      } finally {
        await ctx.options.evaluate(() => localStorage.removeItem('tact-ui-language'));
      }
    });
  },
);
