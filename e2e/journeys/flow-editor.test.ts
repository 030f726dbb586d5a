/**
 * Journey: a marketer edits a flow on the options page (`#flow/<id>`). A text changed in the form
 * shows at once in the live preview (the real overlay component, run locally) and in the
 * diagram; broken JSON is pointed at by line and column, a wrong target by its field path and
 * line; a draft the background refuses says why; a deleted node comes back with Undo; the saved
 * flow is what the background stores after a reload; leaving with unsaved changes asks first.
 * From the editor, the marketer plays the saved flow on a web page open in another tab: the editor
 * offers that tab (a long title the select cuts is written out whole under it), refuses while there are unsaved changes (a web page plays the saved flow), and
 * once saved, the real overlay opens on the page, marked as a preview, with the saved text; its
 * events are flagged and never counted. Flow packs imported with the file picker (Settings): a
 * broken pack is refused with a message naming the field, and nothing changes; a valid one is
 * written whole and can be undone, once a rule made since that starts its flow is deleted, but not
 * once what it wrote was changed (an alert says why and what to do, nothing is lost, Undo is no
 * longer offered and the focus moves to the alert); its rule starts its flow on the open demo
 * page at once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ask, exitIntent, screenshotForReview, tabIdOf, type TactPage } from '../harness/index.ts';
import { choiceShown, retype } from '../harness/forms.ts';
import { journey } from '../harness/journey.ts';
import { runAxe, seriousOnly } from '../harness/axe.ts';
import type { Flow } from '../../src/core/flows/flow-model.ts';
import type { Rule } from '../../src/core/rules/rule-model.ts';
import type { TactEvent } from '../../src/core/results/event-model.ts';
import type { FlowStats } from '../../src/core/results/flow-stats.ts';

const FLOW = 'quiz-contest';
const TEXT = 'Hello trail testers!';
/** The flow played on a web page open in another tab, and the text the editor saves for it. */
const PLAYED_FLOW = 'checkout-reassurance';
const PLAYED_TEXT = 'Any question before you pay, from the editor?';

/** Selects `find` (its first occurrence after `after`) in the JSON text area, then types `text` over it. */
async function typeOverJson(page: TactPage, find: string, text: string, afterText = ''): Promise<void> {
  await page.evaluate(
    ({ find, afterText }) => {
      const area = document.querySelector('#flow-json') as HTMLTextAreaElement;
      const from = area.value.indexOf(find, Math.max(0, area.value.indexOf(afterText)));
      if (from < 0) throw new Error(`"${find}" is not in the JSON text`);
      area.focus();
      area.setSelectionRange(from, from + find.length);
    },
    { find, afterText },
  );
  await page.type(text);
}

const jsonStatus = (page: TactPage) =>
  page.evaluate(() => document.querySelector('#json-errors')?.textContent?.replace(/\s+/g, ' ').trim() ?? '');

/** A pack's flow and rule, imported with the file picker. */
const packFlow = {
  id: 'autumn-offer',
  version: 1,
  name: 'Autumn offer',
  start: 'ask',
  nodes: {
    ask: {
      type: 'choice',
      text: 'Heading out this autumn?',
      replies: [
        { id: 'yes', label: 'Yes!', next: 'end' },
        { id: 'no', label: 'Not yet', next: 'end' },
      ],
    },
    end: { type: 'end', text: 'Have a good one.' },
  },
};
const packRule = {
  id: 'autumn-exit',
  version: 2,
  name: 'Autumn exit',
  enabled: true,
  shadow: false,
  trigger: { signal: 'exit-intent' },
  conditions: [{ kind: 'url', match: 'prefix', pattern: '/fixtures/plain' }],
  flowId: 'autumn-offer',
  entry: 'panel',
  priority: 50,
  frequency: { every: 'page-view' },
};

function packFile(name: string, content: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tact-pack-')), name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

journey('flow editor on the options page', {}, (ctx) => {
  test('edit in the form, see it in the preview and diagram, fix broken JSON, save, reload', async () => {
    const page = await ctx.browser.openExtensionPage(`options.html#flow/${FLOW}`);
    await page.bringToFront();
    await page.waitFor('#f-flow-nodes-intro-text');
    // The live preview already plays the stored flow.
    await page.waitForFunction(() =>
      /Three questions/.test(
        document.querySelector('tact-flow-live-preview')?.shadowRoot?.querySelector('.bubble.bot')?.textContent ?? '',
      ),
    );

    await retype(page, '#f-flow-nodes-intro-text', TEXT);
    await page.waitForFunction(
      (text) =>
        (
          document.querySelector('tact-flow-live-preview')?.shadowRoot?.querySelector('.bubble.bot')?.textContent ?? ''
        ).includes(text),
      TEXT,
    );
    assert.equal(
      await page.evaluate(() => document.querySelector('g[data-node="intro"] .node-text')?.textContent),
      TEXT,
    );
    assert.ok(await page.evaluate(() => !!document.querySelector('#editor-dirty')), 'the draft is marked unsaved');

    // The diagram is a way in: clicking a node, or Enter on a focused one, opens its form.
    await page.click('g[data-node="q2"]');
    await page.waitFor('#node-form[data-node="q2"]');
    await page.evaluate(() => (document.querySelector('g[data-node="q3"]') as SVGGElement).focus());
    await page.press('Enter');
    await page.waitFor('#node-form[data-node="q3"]');

    // JSON view: the form's edit is there; a wrong target names its field and line.
    await page.click('#tab-json');
    await page.waitFor('#flow-json');
    const text = await page.evaluate(() => (document.querySelector('#flow-json') as HTMLTextAreaElement).value);
    assert.ok(text.includes(TEXT));
    const nextLine = text.slice(0, text.indexOf('"next": "q1"', text.indexOf('"intro"'))).split('\n').length;
    await typeOverJson(page, '"q1"', '"q9"', '"intro"');
    await page.waitForFunction(() =>
      /flow\.nodes\.intro\.next: Leads to the step “q9”, which does not exist/.test(
        document.querySelector('#json-errors')?.textContent ?? '',
      ),
    );
    assert.match(await jsonStatus(page), new RegExp(`Go to line ${nextLine}\\b`));
    // A syntax error: where it is, in lines and columns.
    await typeOverJson(page, '"q9"', 'q9"', '"intro"');
    await page.waitForFunction(() =>
      /JSON error at line/.test(document.querySelector('#json-errors')?.textContent ?? ''),
    );
    const column = text.split('\n')[nextLine - 1]!.indexOf('"q1"') + 1;
    assert.match(
      await jsonStatus(page),
      new RegExp(`JSON error at line ${nextLine}, column ${column}: unexpected “q”, expected a value`),
    );
    // While the text does not parse, nothing says the flow is fine, Save refuses, and the text
    // survives a trip to the forms.
    const problems = () =>
      page.evaluate(() => document.querySelector('#editor-problems')?.textContent?.replace(/\s+/g, ' ') ?? '');
    assert.doesNotMatch(await problems(), /No problems/);
    assert.match(await problems(), new RegExp(`JSON text is not applied \\(JSON error at line ${nextLine}`));
    await page.click('#editor-save');
    await page.waitFor('#editor-save-error');
    assert.match(
      await page.evaluate(() => document.querySelector('#editor-save-error')?.textContent ?? ''),
      /Not saved: the JSON text is not applied/,
    );
    await page.click('#tab-form');
    await page.waitFor('#editor-to-json');
    assert.doesNotMatch(await problems(), /No problems/);
    await page.click('#editor-to-json');
    await page.waitFor('#flow-json');
    assert.ok(
      await page.evaluate(() => (document.querySelector('#flow-json') as HTMLTextAreaElement).value.includes('q9"')),
      'the unapplied text is given back',
    );
    await typeOverJson(page, 'q9"', '"q1"', '"intro"');
    await page.waitForFunction(() => /No problems/.test(document.querySelector('#editor-problems')?.textContent ?? ''));
    assert.equal(await page.evaluate(() => document.querySelector('#editor-save-error')), null);
    await page.waitForFunction(() =>
      /Valid JSON, valid flow/.test(document.querySelector('#json-errors')?.textContent ?? ''),
    );

    // Back to the forms: deleting a node breaks the flow; the background refuses it and says why.
    await page.click('#tab-form');
    await page.waitFor('#editor-node');
    await page.evaluate(() => {
      const select = document.querySelector('#editor-node') as HTMLSelectElement;
      select.value = 'q1';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await page.waitFor('#node-form[data-node="q1"]');
    await page.click('#editor-delete-node');
    await page.waitFor('#undo-delete');
    assert.match(
      await page.evaluate(() => document.querySelector('#f-flow-nodes-intro-next-error')?.textContent ?? ''),
      /Leads to the step “q1”, which does not exist/,
    );
    await page.click('#editor-save');
    await page.waitFor('#editor-save-error');
    assert.match(
      await page.evaluate(() => document.querySelector('#editor-save-error')?.textContent ?? ''),
      /flow\.nodes\.intro\.next: Leads to the step “q1”, which does not exist/,
    );
    await page.click('#undo-delete');
    await page.waitForFunction(() => /No problems/.test(document.querySelector('#editor-problems')?.textContent ?? ''));

    await page.click('#editor-save');
    await page.waitForFunction(
      () =>
        /Saved/.test(document.querySelector('#editor-save-status')?.textContent ?? '') &&
        !document.querySelector('#editor-dirty'),
    );
    const stored = (await ask<{ flows: Flow[] }>(page, 'workspace/get', null)).flows.find((f) => f.id === FLOW)!;
    // The template's texts are per locale: the English tab edited the English one.
    assert.equal((stored.nodes.intro as { text: { en: string } }).text.en, TEXT);
    assert.equal((stored.nodes.intro as { next?: string }).next, 'q1');
    assert.deepEqual(
      Object.keys(stored.nodes),
      ['intro', 'q1', 'q2', 'q3', 'result', 'enter', 'tagged', 'bye'],
      'the deleted node came back in its place',
    );

    // A fresh load of the page (Firefox keeps the document when only the hash is navigated to).
    await page.close();
    const again = await ctx.browser.openExtensionPage(`options.html#flow/${FLOW}`);
    await again.waitFor('#f-flow-nodes-intro-text');
    assert.equal(
      await again.evaluate(() => (document.querySelector('#f-flow-nodes-intro-text') as HTMLTextAreaElement).value),
      TEXT,
    );
    assert.equal(
      (
        (await ask<{ flows: Flow[] }>(again, 'workspace/get', null)).flows.find((f) => f.id === FLOW)!.nodes.intro as {
          text: { en: string };
        }
      ).text.en,
      TEXT,
    );
    await again.waitForFunction(
      (text) =>
        (
          document.querySelector('tact-flow-live-preview')?.shadowRoot?.querySelector('.bubble.bot')?.textContent ?? ''
        ).includes(text),
      TEXT,
    );

    const violations = seriousOnly(await runAxe(again));
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    await again.close();
  });

  test('locale tabs: the texts per language, missing ones counted and marked, all by keyboard', async () => {
    const page = await ctx.browser.openExtensionPage('options.html#flow/greeter');
    await page.bringToFront();
    const field = '#f-flow-nodes-ask-text';
    await page.waitFor(field);
    const tabs = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.locale-tabs [role="tab"]')].map((b) => [
          b.dataset.locale,
          b.dataset.missing,
          b.getAttribute('aria-selected'),
        ]),
      );
    assert.deepEqual(
      await tabs(),
      [
        ['en', '0', 'true'],
        ['fr', '0', 'false'],
        ['ru', '0', 'false'],
      ],
      'the greeter is written in the three languages',
    );
    const shot = (lang: string) => screenshotForReview(page, `editor-greeter-${lang}-${ctx.kind}`);
    await shot('en');
    const previewSays = (text: RegExp) =>
      page.waitForFunction(
        (source) =>
          new RegExp(source).test(
            document.querySelector('tact-flow-live-preview')?.shadowRoot?.querySelector('.bubble.bot')?.textContent ??
              '',
          ),
        text.source,
      );
    await previewSays(/What brings you to Northwind/);
    /**
     * Waits for the preview's own words (its footer, "via Tact", the "why" it opens) to be `words`,
     * as the overlay speaks to a visitor in that language, while the options page stays English.
     */
    const previewSpeaks = async (words: { why: string; snooze: string; via: string; intro: RegExp }) => {
      const own = () =>
        page.evaluate(() => {
          const root = document.querySelector('tact-flow-live-preview')!.shadowRoot!;
          const [why, snooze, via] = ['.why-toggle', '.snooze', '.via'].map(
            (s) => root.querySelector(s)?.textContent?.trim() ?? '',
          );
          return { why, snooze, via };
        });
      await page
        .waitForFunction(
          (why) =>
            document
              .querySelector('tact-flow-live-preview')
              ?.shadowRoot?.querySelector('.why-toggle')
              ?.textContent?.trim() === why,
          words.why,
        )
        .catch(async (error: unknown) =>
          assert.fail(`${String(error)}; the preview says ${JSON.stringify(await own())}`),
        );
      const said = await own();
      assert.deepEqual([said.snooze, said.via], [words.snooze, words.via]);
      await page.evaluate(() =>
        document
          .querySelector('tact-flow-live-preview')!
          .shadowRoot!.querySelector<HTMLElement>('.why-toggle')!
          .click(),
      );
      await page.waitForFunction(
        (source) =>
          new RegExp(source).test(
            document.querySelector('tact-flow-live-preview')?.shadowRoot?.querySelector('.why p')?.textContent ?? '',
          ),
        words.intro.source,
      );
      assert.equal(
        await page.evaluate(() => document.querySelector('#locale-tabs-label')?.textContent?.trim()),
        'Texts in',
        'the options page stays in its own language',
      );
    };
    await previewSpeaks({
      why: 'Why am I seeing this?',
      snooze: 'Not today',
      via: 'via Tact',
      intro: /^The rule/,
    });

    // Arrow keys move between the tabs (one tab stop); the fields and the preview follow.
    await page.evaluate(() => document.querySelector<HTMLElement>('#locale-tab-en')!.focus());
    await page.press('ArrowRight');
    await page.waitForFunction(
      (f) =>
        document.activeElement?.id === 'locale-tab-fr' &&
        (document.querySelector(f) as HTMLTextAreaElement).value.startsWith('Bonjour'),
      field,
    );
    await previewSays(/Qu’est-ce qui vous amène/);
    // The preview's own words follow the tab too: the whole panel speaks French, as a French visitor reads it.
    await previewSpeaks({
      why: 'Pourquoi ce message\u202f?',
      snooze: 'Pas aujourd’hui',
      via: 'via Tact',
      intro: /^La règle «\u00a0.*\u00a0» a lancé cette conversation sur ce signal\u00a0: l’aperçu de l’éditeur\.$/,
    });
    // The diagram follows the tab: its boxes and its reply labels in French.
    const diagram = () =>
      page.evaluate(() => {
        const ask = document.querySelector('g.node[data-node="ask"]')!;
        return {
          text: ask.querySelector('.node-text')?.textContent ?? '',
          untranslated: ask.classList.contains('untranslated'),
          mark: ask.querySelector('.node-fallback')?.textContent ?? '',
          name: ask.getAttribute('aria-label') ?? '',
          edges: [...document.querySelectorAll('.flow-diagram .edge-label')].map((e) => e.textContent),
          marked: document.querySelectorAll('g.node.untranslated').length,
        };
      });
    await page.waitForFunction(() =>
      document.querySelector('g.node[data-node="ask"] .node-text')?.textContent?.startsWith('Bonjour'),
    );
    const inFrench = await diagram();
    assert.ok(inFrench.edges.includes('Je jette un œil'), inFrench.edges.join(', '));
    assert.deepEqual([inFrench.untranslated, inFrench.mark, inFrench.marked], [false, '', 0]);
    await shot('fr');

    // The French text removed: counted on its tab, marked on its field, the English shown instead.
    await page.click(field);
    await page.evaluate((f) => (document.querySelector(f) as HTMLTextAreaElement).select(), field);
    await page.press('Backspace');
    await page.waitForFunction(
      (f) =>
        (document.querySelector('#locale-tab-fr') as HTMLElement).dataset.missing === '1' &&
        document.querySelector(`${f}-missing`) !== null,
      field,
    );
    const marked = await page.evaluate(
      (f) => ({
        describedBy: document.querySelector(f)?.getAttribute('aria-describedby'),
        placeholder: document.querySelector(f)?.getAttribute('placeholder'),
        badge: document.querySelector('#locale-tab-fr .locale-missing')?.textContent?.trim(),
      }),
      field,
    );
    assert.equal(marked.describedBy, `${field.slice(1)}-missing`);
    assert.match(marked.placeholder ?? '', /^Hi there!|^Hi \{\{visitor/);
    assert.equal(marked.badge, '1 missing');
    await previewSays(/What brings you to Northwind/);
    // In the diagram, that box shows the English it falls back to, marked, and says so in its name.
    await page.waitForFunction(() =>
      document.querySelector('g.node[data-node="ask"]')?.classList.contains('untranslated'),
    );
    const fallback = await diagram();
    assert.match(fallback.text, /^Hi \{\{visitor/);
    assert.equal(fallback.mark, 'EN');
    assert.match(fallback.name, /not yet written in French: shows the English text/);
    assert.equal(fallback.marked, 1, 'only the box whose text is missing');

    // End and Home reach the last and the first tab.
    await page.evaluate(() => document.querySelector<HTMLElement>('#locale-tab-fr')!.focus());
    await page.press('End');
    await page.waitForFunction(
      (f) =>
        document.activeElement?.id === 'locale-tab-ru' &&
        (document.querySelector(f) as HTMLTextAreaElement).value.startsWith('Здравствуйте'),
      field,
    );
    await previewSays(/Что привело вас/);
    await previewSpeaks({
      why: 'Почему я это вижу?',
      snooze: 'Не сегодня',
      via: 'через Tact',
      intro: /^Правило «/,
    });
    await page.waitForFunction(() =>
      document.querySelector('g.node[data-node="ask"] .node-text')?.textContent?.startsWith('Здравствуйте'),
    );
    assert.ok((await diagram()).edges.includes('Просто смотрю'));
    await shot('ru');
    await page.press('Home');
    await page.waitForFunction(() => document.activeElement?.id === 'locale-tab-en');
    const violations = seriousOnly(await runAxe(page));
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    await page.close();
  });

  test("a question's own message for a refused answer: per language, marked where missing, said by the preview", async () => {
    const page = await ctx.browser.openExtensionPage('options.html#flow/looking-for');
    await page.bringToFront();
    const field = '#f-flow-nodes-ask-invalidMessage';
    await page.waitFor(field);
    const state = () =>
      page.evaluate((f) => {
        const input = document.querySelector<HTMLInputElement>(f)!;
        return {
          value: input.value,
          placeholder: input.placeholder,
          missingHere: document.querySelector(`${f}-missing`) !== null,
          frMissing: Number((document.querySelector('#locale-tab-fr') as HTMLElement).dataset.missing),
        };
      }, field);
    const before = await state();
    assert.equal(before.placeholder, 'Please write a few words first.', "left empty: the overlay's own message");
    // On the French tab, the message the overlay says in French (the options page stays English).
    const placeholderIs = (text: string) =>
      page.waitForFunction(({ f, text }) => document.querySelector<HTMLInputElement>(f)?.placeholder === text, {
        f: field,
        text,
      });
    await page.click('#locale-tab-fr');
    await placeholderIs('Écrivez d’abord quelques mots.');
    await page.click('#locale-tab-en');
    await placeholderIs('Please write a few words first.');
    await page.click(field);
    await page.type('Tell me at least one word, please');
    await page.waitForFunction(
      (n) => (document.querySelector('#locale-tab-fr') as HTMLElement).dataset.missing === String(n),
      before.frMissing + 1,
    );
    /** Sends the preview's answer empty; waits for the preview to say `expected` about it. */
    const refusal = async (expected: string) => {
      await page.evaluate(() => {
        const preview = document.querySelector('tact-flow-live-preview')!.shadowRoot!;
        (preview.querySelector('.send') as HTMLButtonElement).click();
      });
      await page.waitForFunction(
        (text) =>
          document
            .querySelector('tact-flow-live-preview')
            ?.shadowRoot?.querySelector('#answer-error')
            ?.textContent?.trim() === text,
        expected,
      );
    };
    await refusal('Tell me at least one word, please');

    // The French tab: the message is missing there, marked, the English shown in its place.
    await page.click('#locale-tab-fr');
    await page.waitForFunction((f) => document.querySelector(`${f}-missing`) !== null, field);
    assert.deepEqual(await state(), {
      value: '',
      placeholder: 'Tell me at least one word, please',
      missingHere: true,
      frMissing: before.frMissing + 1,
    });
    await page.click(field);
    await page.type('Dites-moi au moins un mot');
    await page.waitForFunction(
      (n) => (document.querySelector('#locale-tab-fr') as HTMLElement).dataset.missing === String(n),
      before.frMissing,
    );
    await page.waitForFunction(() =>
      /Dites-le-moi/.test(
        document.querySelector('tact-flow-live-preview')?.shadowRoot?.querySelector('.bubble.bot')?.textContent ?? '',
      ),
    );
    await refusal('Dites-moi au moins un mot');
    await page.click('#tab-json');
    await page.waitFor('#flow-json');
    const saved = JSON.parse(
      await page.evaluate(() => (document.querySelector('#flow-json') as HTMLTextAreaElement).value),
    ) as Flow;
    const ask = saved.nodes.ask!;
    assert.deepEqual(ask.type === 'input' && ask.invalidMessage, {
      en: 'Tell me at least one word, please',
      fr: 'Dites-moi au moins un mot',
    });
    await page.close();
  });

  test('leaving with unsaved changes asks first (Close, Escape); keeping edits stays, discarding leaves', async () => {
    const page = await ctx.browser.openExtensionPage(`options.html#flow/${FLOW}`);
    await page.bringToFront();
    await page.waitFor('#f-flow-name');
    await retype(page, '#f-flow-name', 'Renamed but not saved');
    await page.click('#editor-close');
    await page.waitForFunction(() => document.querySelector<HTMLDialogElement>('#editor-confirm')?.open === true);
    await page.click('#confirm-keep');
    await page.waitForFunction(() => document.querySelector<HTMLDialogElement>('#editor-confirm')?.open === false);
    assert.equal(
      await page.evaluate(() => (document.querySelector('#f-flow-name') as HTMLInputElement).value),
      'Renamed but not saved',
    );
    // Escape outside a field is "close" too (focus is back on the Close button).
    await page.evaluate(() => (document.querySelector('#editor-close') as HTMLElement).focus());
    await page.press('Escape');
    await page.waitForFunction(() => document.querySelector<HTMLDialogElement>('#editor-confirm')?.open === true);
    await page.click('#confirm-discard');
    await page.waitForFunction(() => !document.querySelector('tact-flow-editor'));
    const stored = (await ask<{ flows: Flow[] }>(page, 'workspace/get', null)).flows.find((f) => f.id === FLOW)!;
    assert.notEqual(stored.name, 'Renamed but not saved');
    await page.close();
  });

  test('play on an open tab: unsaved, refused with the reason; saved, the overlay opens on the tab, marked preview', async () => {
    const editor = await ctx.browser.openExtensionPage(`options.html#flow/${PLAYED_FLOW}`);
    const club = await ctx.visit('/pricing.html', editor); // a long title
    const page = await ctx.visit('/fixtures/plain.html', editor);

    await page.bringToFront(); // the page the marketer just came from
    await editor.bringToFront();
    await editor.waitFor('#f-flow-nodes-ask-text');
    await editor.click('#tab-preview-refresh');
    await editor.waitForFunction(
      () =>
        document.querySelector<HTMLSelectElement>('#tab-preview-select')?.selectedOptions[0]?.textContent ===
        'Plain fixture',
    );
    // A tab's title the select cuts is written out whole under it; a short one is not.
    const [clubTab, plainTab] = await Promise.all(
      ['/pricing.html', '/fixtures/plain.html'].map((where) => tabIdOf(editor, ctx.url(where))),
    );
    assert.deepEqual(await choiceShown(editor, '#tab-preview-select', String(clubTab)), {
      width: 'within',
      written: 'Northwind Club — Membership plans and pricing | Northwind Outfitters',
    });
    assert.deepEqual(await choiceShown(editor, '#tab-preview-select', String(plainTab)), {
      width: 'within',
      written: null,
    });
    await club.close();

    // An unsaved change: the page would not play it, so the editor says so and does not offer it.
    await editor.click('#f-flow-nodes-ask-text');
    await editor.evaluate(() => (document.querySelector('#f-flow-nodes-ask-text') as HTMLInputElement).select());
    await editor.type(PLAYED_TEXT);
    await editor.waitFor('#tab-preview-blocked');
    assert.equal(
      await editor.evaluate(() => (document.querySelector('#tab-preview-play') as HTMLButtonElement).disabled),
      true,
    );

    await editor.click('#editor-save');
    await editor.waitForFunction(
      () => !document.querySelector('#editor-dirty') && !document.querySelector('#tab-preview-blocked'),
    );
    await editor.click('#tab-preview-play');
    await editor.waitFor('#tab-preview-status');

    const overlay = await page.overlay();
    await overlay.waitFor('.reply');
    const seen = await overlay.evaluate(() => ({
      preview: document.querySelector('.preview-badge') !== null,
      text: document.body.textContent ?? '',
    }));
    assert.ok(seen.preview, 'the overlay is marked as a preview');
    assert.ok(seen.text.includes(PLAYED_TEXT), 'the page plays the saved text');

    const events = await ask<TactEvent[]>(editor, 'events/list', { flowId: PLAYED_FLOW, limit: 10 });
    assert.ok(events.length > 0 && events.every((e) => e.preview === true), 'every event of the preview is flagged');
    const stats = await ask<FlowStats>(editor, 'stats/flow', { flowId: PLAYED_FLOW });
    assert.equal(stats.shown, 0, 'previews are never counted in results');
  });

  test('flow pack import: a broken pack is refused with the field named, and nothing changes', async () => {
    const options = await ctx.browser.openExtensionPage('options.html#settings');
    await options.waitFor('#pack-file');
    const before = await ask<{ flows: Flow[]; rules: Rule[] }>(options, 'workspace/get', null);
    const broken = {
      format: 'tact-flow-pack',
      version: 1,
      persona: { name: 'Sam', avatar: 'S' },
      flows: [
        {
          ...packFlow,
          nodes: {
            ...packFlow.nodes,
            ask: {
              ...packFlow.nodes.ask,
              replies: [{ id: 'yes', label: 'Yes!', next: 'nowhere' }, packFlow.nodes.ask.replies[1]],
            },
          },
        },
      ],
      rules: [packRule],
    };
    await options.uploadFile('#pack-file', packFile('broken.json', broken));
    await options.waitFor('#pack-error');
    const message = await options.evaluate(() => document.querySelector('#pack-error')?.textContent ?? '');
    assert.match(message, /nothing was imported/);
    assert.match(
      message,
      /pack\.flows\[0\]\.nodes\.ask\.replies\[0\]\.next: Leads to the step “nowhere”, which does not exist/,
    );
    await options.uploadFile('#pack-file', packFile('not-json.json', '{ "format": "tact-flow-pack", '));
    await options.waitForFunction(() =>
      /not valid JSON/.test(document.querySelector('#pack-error')?.textContent ?? ''),
    );
    const after = await ask<{ flows: Flow[]; rules: Rule[] }>(options, 'workspace/get', null);
    assert.deepEqual(after.flows.map((f) => f.id).sort(), before.flows.map((f) => f.id).sort());
    assert.deepEqual(after.rules.map((r) => r.id).sort(), before.rules.map((r) => r.id).sort());
    await options.close();
  });

  test('flow pack import: a valid pack is imported whole, can be undone (not once changed), and its rule works on the open page at once', async () => {
    const options = await ctx.browser.openExtensionPage('options.html#settings');
    const page = await ctx.visit('/fixtures/plain.html', options);
    await options.bringToFront();
    await options.waitFor('#pack-file');
    const autumn = packFile('autumn.json', {
      format: 'tact-flow-pack',
      version: 1,
      name: 'Autumn',
      persona: { name: 'Sam', avatar: 'S' },
      flows: [packFlow],
      rules: [packRule],
    });
    const status = () => options.evaluate(() => document.querySelector('#pack-status')?.textContent ?? '');
    const stored = async () => {
      const { flows, rules } = await ask<{ flows: Flow[]; rules: Rule[] }>(options, 'workspace/get', null);
      return [flows.some((f) => f.id === packFlow.id), rules.some((r) => r.id === packRule.id)];
    };
    const undoState = () =>
      options.evaluate(() => ({
        undo: document.querySelector('#pack-undo') !== null,
        alert: document.querySelector('#pack-error')?.getAttribute('role'),
        focused: document.activeElement?.id,
      }));
    // Imported; a rule made since starts the flow it added, so Undo, pressed from the keyboard, is
    // refused, and stays offered with the focus on it: once that rule is deleted, it works.
    await options.uploadFile('#pack-file', autumn);
    await options.waitFor('#pack-undo');
    assert.deepEqual(await stored(), [true, true]);
    const ours = { ...packRule, id: 'autumn-exit-ours', name: 'Autumn exit, ours', enabled: false };
    await ask(options, 'rules/save', { rule: ours });
    await options.evaluate(() => document.querySelector<HTMLElement>('#pack-undo')!.focus());
    await options.press('Enter');
    await options.waitFor('#pack-error');
    assert.match(
      await options.evaluate(() => document.querySelector('#pack-error')?.textContent ?? ''),
      /“Autumn exit, ours”/,
    );
    assert.deepEqual(await undoState(), { undo: true, alert: 'alert', focused: 'pack-undo' });
    await ask(options, 'rules/delete', { id: ours.id });
    await options.click('#pack-undo');
    await options.waitFor('#pack-status:not(:has(#pack-undo))');
    assert.match(await status(), /Import undone: 1 flow, 1 rule, and 0 segments/);
    assert.deepEqual(await stored(), [false, false]);
    assert.equal(await options.evaluate(() => document.activeElement?.id), 'pack-file', 'focus back on the picker');
    // And imported again, for good (another file: the same one again may fire no change).
    await options.uploadFile('#pack-file', packFile('autumn-again.json', JSON.parse(fs.readFileSync(autumn, 'utf8'))));
    await options.waitFor('#pack-undo');
    assert.match(await status(), /1 flow, 1 rule, and 0 segments/);
    assert.doesNotMatch(await status(), /Replaced/, 'it replaced nothing');
    // Once more: now it replaces the two it added, and says which.
    await options.uploadFile('#pack-file', packFile('autumn-third.json', JSON.parse(fs.readFileSync(autumn, 'utf8'))));
    await options.waitForFunction(() => /Replaced/.test(document.querySelector('#pack-status')?.textContent ?? ''));
    assert.match(await status(), /Replaced, having the same id: “Autumn offer” and “Autumn exit”\./);
    // The flow it wrote is renamed (as in another window): Undo, pressed from the keyboard, is refused
    // out loud (an alert) saying why and what to do, and loses nothing. Pressing it again would only
    // be refused again: it is no longer offered, and the focus moves to the alert (not the page's top).
    const imported = (await ask<{ flows: Flow[] }>(options, 'workspace/get', null)).flows.find(
      (f) => f.id === packFlow.id,
    )!;
    await ask(options, 'flows/save', { flow: { ...imported, name: 'Autumn offer, ours' } });
    await options.evaluate(() => document.querySelector<HTMLElement>('#pack-undo')!.focus());
    await options.press('Enter');
    await options.waitFor('#pack-error');
    await screenshotForReview(options, `pack-undo-refused-${ctx.kind}`);
    assert.deepEqual(await undoState(), { undo: false, alert: 'alert', focused: 'pack-error' });
    assert.match(
      await options.evaluate(() => document.querySelector('#pack-error')?.textContent ?? ''),
      /^The import was not undone:\n“Autumn offer, ours” was changed or deleted after the import, .* Everything stays as it is now\. To go back to how things were before the import, change by hand what it added or replaced\.$/,
    );
    const kept = await ask<{ flows: Flow[]; rules: Rule[] }>(options, 'workspace/get', null);
    assert.equal(kept.flows.find((f) => f.id === packFlow.id)?.name, 'Autumn offer, ours');
    assert.ok(
      kept.rules.some((r) => r.id === packRule.id),
      'the import stays',
    );
    // Listed with the other flows (import lives in Settings, the lists under #flows).
    await options.evaluate(() => (location.hash = '#flows'));
    await options.waitFor('tr[data-flow="autumn-offer"]');
    // The open tab was told (plan/changed) and armed the new rule without a reload.
    await exitIntent(page);
    const overlay = await page.overlay();
    assert.match(
      await overlay.evaluate(() => document.querySelector('.bubble.bot')?.textContent ?? ''),
      /Heading out this autumn/,
    );
    await options.close();
    await page.close();
  });
});
