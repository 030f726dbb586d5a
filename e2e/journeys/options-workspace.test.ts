/**
 * Journey: a marketer works on the options page. Creates a flow (and its rule, off) from a
 * template, and another through the flow editor; duplicates the flow, deletes the copy and undoes
 * it from the toast with the keyboard; deletes a flow that a rule starts (the rule goes too) and
 * undoes that; edits a rule (another trigger, a condition whose invalid value is named at its
 * field, fixed, saved, read back; each field's accessible description holds its help, its error and
 * what its pattern lets through, renewed as it is typed); turns a rule to shadow mode from the list; turns a site back on; clears all data after a dialog that
 * says what goes; a broken pack dropped on the import zone changes nothing; switches the interface
 * to French and back, the seeded flows still under their names following it. The lists and the
 * flow and rule editors fit an 800 px window; the rule editor's fields, help and notes share one
 * column. axe-core on
 * every route of the workspace. The flows are protected from eviction: Tact holds
 * `unlimitedStorage`; Settings asks the browser to keep Tact's storage persistent and says what
 * the browser answered and how much Tact uses.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, exitIntent, textLines, typeScaleFaults, type TactPage } from '../harness/index.ts';
import { journey } from '../harness/journey.ts';
import { choose, description, go, retype } from '../harness/forms.ts';
import { describeViolations, runAxe, seriousOnly } from '../harness/axe.ts';
import type { Flow } from '../../src/core/flows/flow-model.ts';
import { DEFAULT_FLOWS, defaultFlows } from '../../src/core/flows/default-pack.ts';
import type { Rule } from '../../src/core/rules/rule-model.ts';
import type { TactEvent } from '../../src/core/results/event-model.ts';

type Workspace = { flows: Flow[]; rules: Rule[] };

async function expectAxeClean(page: TactPage, where: string): Promise<void> {
  const violations = seriousOnly(await runAxe(page));
  assert.equal(violations.length, 0, `${where}:\n${describeViolations(violations)}`);
}

/** How far the page scrolls sideways (0 when it fits its window). */
const sideways = (page: TactPage) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** The lists (flows, rules, sites) whose table is wider than its card and scrolls sideways in it. */
const listsScrolling = (page: TactPage) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.table-scroll')]
      .filter((box) => box.scrollWidth > box.clientWidth)
      .map((box) => `${box.closest('section')?.id}: ${box.scrollWidth} > ${box.clientWidth}`),
  );

/**
 * The options page header at the window's width: how many lines its title takes and how many rows
 * its navigation, and whether logo, title, navigation and Refresh sit side by side in one row.
 */
const header = async (page: TactPage) => ({
  titleLines: await textLines(page, 'header.topbar h1'),
  ...(await page.evaluate(() => {
    const bar = document.querySelector('header.topbar')!;
    const links = [...bar.querySelectorAll('nav a')].map((a) => Math.round(a.getBoundingClientRect().top));
    const boxes = [...bar.children]
      .filter((c) => !c.classList.contains('spacer'))
      .map((c) => c.getBoundingClientRect());
    return {
      navRows: new Set(links).size,
      oneRow: Math.max(...boxes.map((b) => b.top)) < Math.min(...boxes.map((b) => b.bottom)),
    };
  })),
});
const ONE_ROW = { titleLines: 1, navRows: 1, oneRow: true };

journey('options workspace', { optionsPage: true }, (ctx) => {
  /** The options page the whole journey works on. */
  let options: TactPage;
  const workspace = () => ask<Workspace>(options, 'workspace/get', null);
  before(async () => {
    options = ctx.options;
    await options.waitFor('#flows tbody tr');
  });

  test('create from a template, duplicate, delete and undo from the toast', async () => {
    await expectAxeClean(options, '#flows');
    await choose(options, '#ws-template', 'quiz-contest');
    await options.click('#ws-create');
    await options.waitFor('tr[data-flow="quiz-contest-2"]');
    let ws = await workspace();
    const created = ws.rules.find((r) => r.flowId === 'quiz-contest-2');
    assert.equal(created?.id, 'quiz-journal-2');
    assert.equal(created?.enabled, false, 'a rule from a template starts off');

    await options.click('tr[data-flow="quiz-contest-2"] .ws-duplicate');
    await options.waitFor('tr[data-flow="quiz-contest-2-copy"]');
    ws = await workspace();
    const copy = ws.flows.find((f) => f.id === 'quiz-contest-2-copy')!;
    assert.match(copy.name, /\(copy\)$/);

    // Delete the copy; the toast's Undo has the focus: Enter brings it back, exactly.
    await options.click('tr[data-flow="quiz-contest-2-copy"] .ws-delete');
    await options.waitForFunction(
      () => !document.querySelector('tr[data-flow="quiz-contest-2-copy"]') && document.activeElement?.id === 'ws-undo',
    );
    assert.equal(
      (await workspace()).flows.some((f) => f.id === copy.id),
      false,
    );
    await options.press('Enter');
    await options.waitFor('tr[data-flow="quiz-contest-2-copy"]');
    assert.deepEqual(
      (await workspace()).flows.find((f) => f.id === copy.id),
      copy,
    );

    // A flow with a rule: the rule goes with it, and comes back with it.
    await options.click('tr[data-flow="quiz-contest-2"] .ws-delete');
    await options.waitForFunction(
      () =>
        /quiz-journal|Quiz/i.test(document.querySelector('#ws-toast-text')?.textContent ?? '') &&
        !document.querySelector('tr[data-flow="quiz-contest-2"]'),
    );
    assert.equal(
      (await workspace()).rules.some((r) => r.id === 'quiz-journal-2'),
      false,
    );
    await options.click('#ws-undo');
    await options.waitFor('tr[data-rule="quiz-journal-2"]');
    assert.deepEqual(
      (await workspace()).rules.find((r) => r.id === 'quiz-journal-2'),
      created,
    );

    // Or adapt a template in the flow editor first: saved, it gets its own address.
    await choose(options, '#ws-template', 'greeter');
    await options.click('#ws-create-edit');
    await options.waitFor('tact-flow-editor #editor-save');
    assert.equal(await options.evaluate(() => location.hash), '#flow/new?template=greeter');
    await options.click('#editor-save');
    await options.waitForFunction(
      () => location.hash === '#flow/greeter-2' && !document.querySelector('#editor-dirty'),
    );
    assert.ok((await workspace()).flows.some((f) => f.id === 'greeter-2'));

    // In a narrow window (800 px: a browser beside another), the editor of a flow with a wide diagram
    // and the lists fit: nothing scrolls the page sideways to hide the forms' right side or the last
    // column (the diagram, below the forms, and a wide table scroll in their own boxes).
    await options.setViewport(800, 800);
    await go(options, '#flow/exit-offer', '#editor-save');
    assert.equal(await sideways(options), 0, 'the flow editor at 800 px');
    // Headings not smaller than what they head, no text under 12 px (sizes chosen for Chromium's
    // old 11.25 px body made "Diagram" and "Live preview" smaller than the editor's text).
    assert.deepEqual(await typeScaleFaults(options), [], "the flow editor's type scale");
    await options.click('#nav-flows');
    await options.waitFor('tr[data-flow="greeter-2"]');
    assert.equal(await sideways(options), 0, 'the flows and rules at 800 px');
    // A flow's step count stays whole beside its id ("checkout-reassurance ·" then "5 steps" before).
    assert.equal(
      await textLines(options, 'tr[data-flow="checkout-reassurance"] td:first-child span.muted'),
      1,
      'the step count on one line',
    );
    await options.setViewport(1280, 800);
  });

  test('the rule editor: another trigger, a changed condition, an invalid value named at its field, fixed and saved', async () => {
    await go(options, '#rule/quiz-journal-2', '#rf-trigger-signal');
    await expectAxeClean(options, '#rule/quiz-journal-2');
    assert.deepEqual(await typeScaleFaults(options), [], "the rule editor's type scale");
    // Each condition says its number once ("13. Condition 13" before), with what it checks.
    assert.deepEqual(
      await options.evaluate(() =>
        [...document.querySelectorAll('.ws-conditions > li[data-kind]')].map((li) => [
          getComputedStyle(li).listStyleType,
          li.querySelector('h3')?.textContent?.trim(),
          li.querySelector('select')?.getAttribute('aria-label'),
          li.querySelector('.ws-remove')?.getAttribute('aria-label'),
        ]),
      ),
      [
        [
          'none',
          'Condition 1: Page address (advanced)',
          'Kind of condition 1',
          'Remove condition 1: Page address (advanced)',
        ],
        ['none', 'Condition 2: Visitor tag', 'Kind of condition 2', 'Remove condition 2: Visitor tag'],
      ],
    );
    // One field column: the dates, "Test a URL", "Add a condition", the A/B switch's help (below the
    // switch) and what a pattern lets through (as quiet as help) start where the fields start, and
    // no control is wider than the others; at 800 px nothing scrolls sideways.
    const column = () =>
      options.evaluate(() => {
        const name = document.querySelector('#rf-name')!.getBoundingClientRect();
        const inColumn = ['#rf-schedule-start', '#rf-schedule-end', '#rf-test-url', '#rf-add-kind', '#rf-ab-help'];
        const means = document.querySelector('#rf-conditions-0-means');
        const switchBox = document.querySelector('#rf-ab-on')?.closest('label')?.getBoundingClientRect();
        return {
          offColumn: [...inColumn, '#rf-conditions-0-means'].filter(
            (s) => Math.abs((document.querySelector(s)?.getBoundingClientRect().left ?? -99) - name.left) > 1,
          ),
          wider: inColumn
            .slice(0, 3)
            .filter((s) => document.querySelector(s)!.getBoundingClientRect().right > name.right + 1),
          helpBelowSwitch:
            document.querySelector('#rf-ab-help')!.getBoundingClientRect().top >= (switchBox?.bottom ?? 1e9) - 1,
          meansAsHelp:
            means !== null &&
            getComputedStyle(means).fontSize === getComputedStyle(document.querySelector('.ws-help')!).fontSize,
        };
      });
    const fits = { offColumn: [], wider: [], helpBelowSwitch: true, meansAsHelp: true };
    assert.deepEqual(await column(), fits, 'the field column at 1280 px');
    await options.setViewport(800, 800);
    assert.deepEqual(await column(), fits, 'the field column at 800 px');
    assert.equal(await sideways(options), 0, 'the rule editor at 800 px');
    await options.setViewport(1280, 800);
    // A screen reader hears on each control what is written beside it: the pattern's help and what
    // it lets through, the dates' help.
    const pattern = '#rf-conditions-0-pattern';
    const helpOfPattern =
      'A pattern starting with / is compared with the address after the site: its path and query (?…), on any ' +
      'site. Any other is compared with the full address (https://…). What follows # never counts.';
    const described = await description(options, pattern);
    assert.ok(described.endsWith('pages whose address after the site starts with “/journal/”'), described);
    assert.ok(described.startsWith(helpOfPattern), described);
    for (const date of ['#rf-schedule-start', '#rf-schedule-end'])
      assert.equal(await description(options, date), 'Leave the dates empty for a rule that is always active.', date);
    await choose(options, '#rf-trigger-signal', 'idle');
    await retype(options, '#rf-trigger-seconds', '25');
    // Condition 1 is "the address matches /journal/*": made a regular expression, mistyped. What
    // the control says follows the keystrokes: the error, the new meaning, why it cannot match.
    await choose(options, '#rf-conditions-0-match', 'regex');
    await retype(options, pattern, '^/journal/(');
    await options.waitFor('#rf-conditions-0-pattern-err');
    assert.equal(
      await options.evaluate(() => document.querySelector('#rf-conditions-0-pattern')?.getAttribute('aria-invalid')),
      'true',
    );
    const mistyped = await description(options, pattern);
    assert.ok(mistyped.startsWith(`${helpOfPattern} This is not a valid regular expression.`), mistyped);
    assert.match(mistyped, /pages whose full address matches the regular expression \^\/journal\/\( ⚠ /);
    await expectAxeClean(options, 'rule editor with an error');
    // Saving is refused: focus goes to the field, nothing is stored.
    await options.click('#rf-save');
    await options.waitForFunction(() => document.activeElement?.id === 'rf-conditions-0-pattern');
    assert.equal((await workspace()).rules.find((r) => r.id === 'quiz-journal-2')?.trigger.signal, 'dwell');

    // Leaving with unsaved changes asks first; "keep editing" stays.
    await options.click('#nav-settings');
    await options.waitForFunction(() => document.querySelector<HTMLDialogElement>('#ws-leave')?.open === true);
    await options.click('#ws-leave-stay');
    await options.waitForFunction(
      () =>
        location.hash === '#rule/quiz-journal-2' && !(document.querySelector('#ws-leave') as HTMLDialogElement).open,
    );

    await retype(options, pattern, '^/journal/');
    await options.waitForFunction(() => !document.querySelector('#rf-conditions-0-pattern-err'));
    assert.match(
      await description(options, pattern),
      /never counts\. pages whose full address matches the regular expression \^\/journal\/ ⚠/,
    );
    await options.click('#rf-save');
    await options.waitFor('#rf-status');
    const saved = (await workspace()).rules.find((r) => r.id === 'quiz-journal-2')!;
    assert.deepEqual(saved.trigger, { signal: 'idle', seconds: 25 });
    assert.deepEqual(saved.conditions, [
      { kind: 'url', match: 'regex', pattern: '^/journal/' },
      { kind: 'visitor-tag', tag: 'quiz-entrant', present: false },
    ]);
    // Saved: navigating away no longer asks.
    await options.click('#nav-flows');
    await options.waitFor('tr[data-rule="quiz-journal-2"]');

    // A new rule from a flow's row; leaving it unsaved asks, and "leave" leaves.
    await options.click('tr[data-flow="exit-offer"] .ws-add-rule');
    await options.waitFor('#rf-id');
    await expectAxeClean(options, '#rule/new');
    // A trigger without settings, and no conditions: said on the signal's field and on the conditions.
    assert.equal(await description(options, '#rf-trigger-signal'), 'This signal has no setting.');
    assert.equal(
      await description(options, '.ws-form fieldset:has(#rf-add-kind)'),
      'All conditions must hold for the rule to fire. No conditions: the rule may fire on any page.',
    );
    await options.click('#nav-flows');
    await options.click('#ws-leave-go');
    await options.waitForFunction(() => location.hash === '#flows' && document.querySelector('tr[data-rule]') !== null);
    assert.equal(
      (await workspace()).rules.some((r) => r.id === 'exit-offer-rule'),
      false,
      'nothing saved',
    );
  });

  test('a rule goes to shadow mode from the list', async () => {
    await choose(options, 'tr[data-rule="exit-anywhere"] .ws-status', 'shadow');
    await options.waitFor('tr[data-rule="exit-anywhere"][data-status="shadow"]');
    const rule = (await workspace()).rules.find((r) => r.id === 'exit-anywhere')!;
    assert.deepEqual([rule.enabled, rule.shadow], [true, true]);
    await choose(options, 'tr[data-rule="exit-anywhere"] .ws-status', 'on');
    await options.waitFor('tr[data-rule="exit-anywhere"][data-status="on"]');
  });

  test('results and settings: a site turned back on, all data cleared after the dialog', async () => {
    await go(options, '#results', '#results-overview');
    await expectAxeClean(options, '#results');
    await go(options, '#results?flow=exit-offer', '#results-export-csv');
    await expectAxeClean(options, '#results');
    assert.deepEqual(await typeScaleFaults(options), [], 'the type scale of the results');

    // Something to clear: a conversation on the demo shop.
    await ask(options, 'settings/set', { maxPerSitePerDay: 100, maxPerDay: 100, backoffHours: 0 });
    const page = await ctx.visit('/shop/trail-pack-28.html', options);
    await exitIntent(page);
    await page.overlay();
    await page.close();
    assert.ok((await ask<TactEvent[]>(options, 'events/list', { limit: 10 })).length > 0);
    await ask(options, 'site/set', { origin: ctx.origin, enabled: false });

    await options.bringToFront();
    await go(options, '#settings', `tr[data-site="${ctx.origin}"] .ws-site-on`);
    await expectAxeClean(options, '#settings');
    assert.deepEqual(await typeScaleFaults(options), [], 'the type scale of the settings');
    await options.click(`tr[data-site="${ctx.origin}"] .ws-site-on`);
    await options.waitFor(`tr[data-site="${ctx.origin}"] .ws-site-off`);
    assert.equal((await ask<{ enabled: boolean }>(options, 'site/get', { origin: ctx.origin })).enabled, true);

    // A broken pack dropped on the drop zone is refused whole, with the reason.
    const before = await workspace();
    await options.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(
        new File(
          ['{ "format": "tact-flow-pack", "version": 1, "flows": [{ "id": "x" }], "rules": [] }'],
          'broken.json',
          { type: 'application/json' },
        ),
      );
      const zone = document.querySelector('.dropzone')!;
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await options.waitForFunction(() =>
      /nothing was imported/.test(document.querySelector('#pack-error')?.textContent ?? ''),
    );
    assert.deepEqual(await workspace(), before);

    await options.click('#ws-clear');
    await options.waitForFunction(() => (document.querySelector('#ws-clear-dialog') as HTMLDialogElement).open);
    const text = await options.evaluate(() => document.querySelector('#ws-clear-dialog')?.textContent ?? '');
    assert.match(text, /answers/);
    assert.match(text, /Kept: your flows, rules/);
    await expectAxeClean(options, 'clear-data dialog');
    await options.press('Escape');
    await options.waitForFunction(() => !(document.querySelector('#ws-clear-dialog') as HTMLDialogElement).open);
    assert.ok((await ask<TactEvent[]>(options, 'events/list', { limit: 10 })).length > 0, 'Escape deletes nothing');

    const flowsBefore = (await workspace()).flows.length;
    await options.click('#ws-clear');
    await options.click('#ws-clear-confirm');
    await options.waitFor('#ws-clear-status');
    assert.deepEqual(await ask<TactEvent[]>(options, 'events/list', { limit: 10 }), []);
    assert.equal((await workspace()).flows.length, flowsBefore, 'flows are kept');

    // The interface in another language than the browser's, and back. The seeds still under their
    // English names follow it; one the marketer renamed keeps its name.
    const seeded = (await workspace()).flows.filter((f) =>
      DEFAULT_FLOWS.some((d) => d.id === f.id && d.name === f.name),
    );
    assert.ok(seeded.length >= 2, 'seeded flows still under their names');
    const renamedByHand = { ...seeded[0]!, name: 'Our own name' };
    await ask(options, 'flows/save', { flow: renamedByHand });
    const namesOf = async () => new Map((await workspace()).flows.map((f) => [f.id, f.name]));
    // The page's text at the root's size in both browsers: Chromium gives an extension page's body a
    // 75 % font of its own (11.25 px where Firefox shows 15 px), which pages.css undoes.
    assert.deepEqual(
      await options.evaluate(() => [document.documentElement, document.body].map((e) => getComputedStyle(e).fontSize)),
      ['15px', '15px'],
      'the root and body font sizes',
    );
    // At 1280 px the header is one row in every language (Firefox's wider text wrapped it in two).
    assert.deepEqual(await header(options), ONE_ROW, 'the header at 1280 px');
    await choose(options, '#ws-language-select', 'fr');
    await options.waitForFunction(
      () =>
        document.querySelector('#nav-settings')?.textContent === 'Réglages' && document.documentElement.lang === 'fr',
    );
    const inFrench = await namesOf();
    assert.equal(inFrench.get(renamedByHand.id), 'Our own name');
    for (const f of seeded.slice(1))
      assert.equal(inFrench.get(f.id), defaultFlows('fr').find((d) => d.id === f.id)!.name, f.id);
    await expectAxeClean(options, '#settings in French');
    assert.deepEqual(await header(options), ONE_ROW, 'the header at 1280 px in French');
    await choose(options, '#ws-language-select', 'ru');
    await options.waitForFunction(() => document.querySelector('#nav-settings')?.textContent === 'Настройки');
    assert.deepEqual(await header(options), ONE_ROW, 'the header at 1280 px in Russian');
    // The Russian lists fit an 800 px window without scrolling inside their cards either (Firefox's
    // rules table was 4 px too wide for its card).
    await options.setViewport(800, 800);
    await go(options, '#flows', '#rules tbody tr');
    assert.deepEqual(await listsScrolling(options), [], 'the lists at 800 px in Russian');
    await options.setViewport(1280, 800);
    await go(options, '#settings', '#ws-language-select');
    await choose(options, '#ws-language-select', '');
    await options.waitForFunction(() => document.querySelector('#nav-settings')?.textContent === 'Settings');
    const back = await namesOf();
    for (const f of seeded.slice(1)) assert.equal(back.get(f.id), f.name, f.id);
    await ask(options, 'flows/save', { flow: seeded[0] });
  });

  test('flows protected from eviction: Settings says how they are kept, matching what the browser reports', async () => {
    const options = await ctx.browser.openExtensionPage('options.html#settings');
    await options.waitFor('#ws-storage-status');
    const shown = await options.evaluate(() => {
      const status = document.querySelector<HTMLElement>('#ws-storage-status')!;
      return {
        persisted: status.dataset.persisted,
        text: status.textContent?.trim() ?? '',
        help: document.querySelector('#ws-storage p.muted')?.textContent ?? '',
      };
    });
    const browserSays = await options.evaluate(async () => {
      const api = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
      const estimate = await navigator.storage.estimate();
      return {
        persisted: await navigator.storage.persisted(),
        quotaGb: Math.round((estimate.quota ?? 0) / 1e9),
        permission: await api.permissions.contains({ permissions: ['unlimitedStorage'] }),
      };
    });
    console.log(`[${ctx.kind}] storage:`, JSON.stringify({ ...browserSays, shown: shown.persisted }));
    assert.equal(browserSays.permission, true, 'Tact holds unlimitedStorage');
    assert.equal(shown.persisted, String(browserSays.persisted));
    assert.match(shown.help, /unlimited storage/);
    assert.match(shown.text, browserSays.persisted ? /persistent\. Tact uses [\d.,]+ MB/ : /Export your flows/);
    await options.close();
  });
});
