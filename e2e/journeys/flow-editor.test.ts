/**
 * Journey: a marketer edits a flow on the options page (`#flow/<id>`). A text changed in the form
 * shows at once in the live preview (the real overlay component, run locally) and in the
 * diagram; broken JSON is pointed at by line and column, a wrong target by its field path and
 * line; a draft the background refuses says why; a deleted node comes back with Undo; the saved
 * flow is what the background stores after a reload; leaving with unsaved changes asks first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ask, ROOT, type TactPage } from '../harness/index.ts';
import { journey } from '../harness/journey.ts';
import { runAxe, seriousOnly } from '../harness/axe.ts';
import type { Flow } from '../../src/core/flows/flow-model.ts';

const FLOW = 'quiz-contest';
const TEXT = 'Hello trail testers!';

/** Replaces the text of the field `selector` by typing, as a person would (select all, type). */
async function retype(page: TactPage, selector: string, text: string): Promise<void> {
  await page.click(selector);
  await page.evaluate((s) => (document.querySelector(s) as HTMLInputElement).select(), selector);
  await page.type(text);
}

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
      new RegExp(`JSON error at line ${nextLine}, column ${column}: unexpected "q", expected a value`),
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
    const shot = (lang: string) => page.screenshot(path.join(ROOT, '.tmp', `editor-greeter-${lang}-${ctx.kind}.png`));
    fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
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
    await shot('ru');
    await page.press('Home');
    await page.waitForFunction(() => document.activeElement?.id === 'locale-tab-en');
    const violations = seriousOnly(await runAxe(page));
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
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
});
