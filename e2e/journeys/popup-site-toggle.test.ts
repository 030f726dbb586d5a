/**
 * Journey: the visitor turns Tact off for a site in the popup. From then on the content script
 * sends no signals there (the background receives no decision to make) and no overlay appears,
 * also after a reload; turning it back on applies to the open tab at once. The popup's "why" and a
 * rule editor's validation message read in French and in Russian when the interface is set to them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ask,
  exitIntent,
  readStore,
  sleep,
  tabIdOf,
  textLines,
  typeScaleFaults,
  waitForPageView,
  type TactPage,
} from '../harness/index.ts';
import { EXIT_ON_EVERY_PAGE_VIEW, journey } from '../harness/journey.ts';
import { LONG_NAMES, choiceShown } from '../harness/forms.ts';
import type { DecisionRecord } from '../../src/shared/protocol.ts';
import type { TactEvent } from '../../src/core/results/event-model.ts';
import type { Flow } from '../../src/core/flows/flow-model.ts';

async function decisionsOn(options: TactPage, url: string): Promise<number> {
  const traces = await readStore<{ records: DecisionRecord[] }>(options, 'traces');
  return traces.flatMap((t) => t.records).filter((r) => r.url === url).length;
}

/** What the "why" panel and the rule editor say in French and in Russian (worded from codes). */
const IN_OTHER_LANGUAGES = {
  fr: {
    signal: 'le visiteur s’en va (intention de sortie)',
    trigger: 'Déclencheur : intention de sortie',
    priority: 'Saisissez au plus 1000.',
  },
  ru: {
    signal: 'посетитель уходит (намерение уйти)',
    trigger: 'Триггер: намерение уйти',
    priority: 'Введите не больше 1000.',
  },
};

/**
 * Where the popup's "why" breaks a line right after a "/" of a path ("« /" then "shop/ »" in
 * French, seen in Firefox): each such place with the text around it. Read from where each
 * character is drawn; also whether the panel overflows the popup's width.
 */
function badPathBreaks(popup: TactPage): Promise<string[]> {
  return popup.evaluate(() => {
    const root = document.querySelector('#why')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const chars: { ch: string; top: number }[] = [];
    const range = document.createRange();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n as Text;
      for (let i = 0; i < text.data.length; i++) {
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        const r = range.getBoundingClientRect();
        if (r.width > 0 || r.height > 0) chars.push({ ch: text.data[i]!, top: r.top });
      }
    }
    const bad: string[] = [];
    for (let k = 0; k + 1 < chars.length; k++)
      if (chars[k]!.ch === '/' && /[^\s/]/.test(chars[k + 1]!.ch) && chars[k + 1]!.top > chars[k]!.top + 2)
        bad.push(
          chars
            .slice(Math.max(0, k - 12), k + 12)
            .map((c, i) => (i === Math.min(k, 12) ? `${c.ch}⏎` : c.ch))
            .join(''),
        );
    if (root.scrollWidth > root.clientWidth) bad.push(`overflows: ${root.scrollWidth} > ${root.clientWidth}`);
    return bad;
  });
}

/** How many lines the text of the popup's "reset caps" button takes (it took two, full width). */
const resetButtonLines = (popup: TactPage) => textLines(popup, '#pv-reset');

journey('popup turns Tact off for a site', {}, (ctx) => {
  test('off in the popup: no signals, no overlay, persisted; on again: works in the open tab', async () => {
    const url = ctx.url('/shop/trail-pack-28.html');
    const page = await ctx.browser.newPage(url);
    const popup = await ctx.browser.openExtensionPage(`popup.html?site=${encodeURIComponent(ctx.origin)}`);
    await popup.waitFor('#site-toggle');
    assert.equal(await popup.evaluate(() => document.querySelector('#site-origin')?.textContent), ctx.origin);
    assert.equal(
      await popup.evaluate(() => (document.querySelector('#site-toggle') as HTMLInputElement).checked),
      true,
    );
    await popup.click('#site-toggle');
    await popup.waitForFunction(() => /off here/.test(document.querySelector('#site-status')?.textContent ?? ''));

    const options = await ctx.browser.openExtensionPage('options.html');
    assert.equal(await decisionsOn(options, url), 0);

    // The open tab stops listening at once.
    await exitIntent(page); // brings the tab to the front too
    for (let i = 0; i < 6; i++) await page.wheel(500);
    await sleep(800);
    assert.equal(await page.overlayNow(), null);
    assert.equal(await decisionsOn(options, url), 0, 'no signal reached the background');

    // Persisted: the popup and a reloaded page both know it is off.
    await popup.reload();
    await popup.waitFor('#site-toggle');
    assert.equal(
      await popup.evaluate(() => (document.querySelector('#site-toggle') as HTMLInputElement).checked),
      false,
    );
    const since = Date.now();
    await page.reload();
    await waitForPageView(options, url, since);
    await exitIntent(page);
    await sleep(800);
    assert.equal(await page.overlayNow(), null);
    assert.equal(await decisionsOn(options, url), 0, 'no signal after a reload either');
    const site = await ask<{ enabled: boolean }>(options, 'site/get', { origin: ctx.origin });
    assert.equal(site.enabled, false);

    // On again: the open tab arms its detectors without a reload.
    await popup.click('#site-toggle');
    await popup.waitForFunction(() =>
      /may start a conversation/.test(document.querySelector('#site-status')?.textContent ?? ''),
    );
    await sleep(300);
    await exitIntent(page);
    const overlay = await page.overlay();
    assert.match(
      await overlay.evaluate(() => document.querySelector('.bubble.bot')?.textContent ?? ''),
      /did you find/,
    );
    assert.ok((await decisionsOn(options, url)) >= 1);

    // The popup's "why" for that tab says which rule started the conversation.
    const views = await readStore<{ url: string; tabId: number }>(options, 'pageViews');
    const tabId = views.find((v) => v.url === url)!.tabId;
    // A rule for another site never reaches a decision here; the popup still says why it stays quiet.
    await ask(options, 'rules/save', {
      rule: {
        ...EXIT_ON_EVERY_PAGE_VIEW,
        id: 'news-only',
        name: 'News only',
        conditions: [{ kind: 'site', host: 'news.example' }],
      },
    });
    const why = await ctx.browser.openExtensionPage(`popup.html?site=${encodeURIComponent(ctx.origin)}&tab=${tabId}`);
    await why.waitFor('#rules-here li[data-rule="news-only"]');
    const here = await why.evaluate(() =>
      [...document.querySelectorAll('#rules-here li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim()),
    );
    const host = new URL(ctx.origin).hostname;
    assert.ok(here.includes('Leaving any other page: applies here; it waits for its trigger.'), here.join('\n'));
    assert.ok(
      here.includes(`News only: not on this page, because this page is on ${host}; the rule is for news.example`),
      here.join('\n'),
    );
    await why.waitFor('#why .decision');
    await why.evaluate(() => ((document.querySelector('#why .decision') as HTMLDetailsElement).open = true));
    // White space as a reader sees it (the rule's name and its colon are one element, its outcome the next line).
    const text = await why.evaluate(() => document.querySelector('#why')?.textContent?.replace(/\s+/g, ' ') ?? '');
    assert.match(text, /exit intent/);
    assert.match(text, /Leaving any other page: started its flow/);
    assert.deepEqual(await badPathBreaks(why), [], 'no line breaks right after a "/" of a path');
    assert.equal(await resetButtonLines(why), 1, '"reset caps" on one line');
    assert.deepEqual(await typeScaleFaults(why), [], "the popup's type scale");

    // The same "why" and a validator message with the interface in French, then in Russian: the
    // trace is stored as codes and worded when shown (it read English whatever the language before).
    try {
      for (const [lang, expected] of Object.entries(IN_OTHER_LANGUAGES)) {
        await options.evaluate((l) => localStorage.setItem('tact-ui-language', l), lang);
        await why.reload();
        await why.waitFor('#why .decision');
        await why.evaluate(() => ((document.querySelector('#why .decision') as HTMLDetailsElement).open = true));
        const worded = await why.evaluate(
          () => document.querySelector('#why')?.textContent?.replace(/\s+/g, ' ') ?? '',
        );
        assert.ok(worded.includes(expected.signal), `${lang}: ${worded}`);
        assert.ok(worded.includes(expected.trigger), `${lang}: ${worded}`);
        assert.deepEqual(await badPathBreaks(why), [], `${lang}: no line breaks right after a "/" of a path`);
        assert.equal(await resetButtonLines(why), 1, `${lang}: "reset caps" on one line`);
        // A priority out of range in the rule editor, said at its field.
        const editor = await ctx.browser.openExtensionPage('options.html#rule/exit-anywhere');
        await editor.waitFor('#rf-priority');
        await editor.click('#rf-priority');
        await editor.evaluate(() => document.querySelector<HTMLInputElement>('#rf-priority')!.select());
        await editor.type('5000');
        await editor.waitFor('#rf-priority-err');
        const error = await editor.evaluate(() => document.querySelector('#rf-priority-err')?.textContent ?? '');
        // Digits are grouped as each browser's Intl data says ("1 000" or "1000"): compared without.
        assert.equal(error.replace(/(\d)[\s\u00a0\u202f](?=\d)/g, '$1').trim(), expected.priority, lang);
        await editor.close();
      }
    } finally {
      await options.evaluate(() => localStorage.removeItem('tact-ui-language'));
    }
    await why.close();
    await popup.close();
    await options.close();
    await page.close();
  });

  test('preview a flow on the open tab from the popup: real overlay, marked, never counted', async () => {
    const options = await ctx.browser.openExtensionPage('options.html');
    const url = ctx.url('/pricing.html');
    const page = await ctx.visit(url, options);
    const tabId = await tabIdOf(options, url);
    // Flows with long names, as marketers of each language might write them: each is read whole
    // in the popup; a short name is not repeated.
    const { flows } = await ask<{ flows: Flow[] }>(options, 'workspace/get', null);
    const exitOffer = flows.find((f) => f.id === 'exit-offer')!;
    const longNamed = Object.entries(LONG_NAMES).map(([lang, name]) => ({
      ...exitOffer,
      id: `long-${lang}`,
      name,
    }));
    await ask(options, 'workspace/restore', { flows: longNamed, rules: [] });
    const popup = await ctx.browser.openExtensionPage(`popup.html?site=${encodeURIComponent(ctx.origin)}&tab=${tabId}`);
    await popup.waitFor('#preview-flow');
    try {
      for (const { id, name } of longNamed)
        assert.deepEqual(await choiceShown(popup, '#preview-flow', id), { width: 'full', written: name }, id);
      assert.deepEqual(await choiceShown(popup, '#preview-flow', 'exit-offer'), { width: 'full', written: null });
    } finally {
      await Promise.all(longNamed.map(({ id }) => ask(options, 'flows/delete', { id })));
    }
    await popup.evaluate(() => {
      const select = document.querySelector('#preview-flow') as HTMLSelectElement;
      select.value = 'checkout-reassurance';
    });
    await popup.click('#preview button[type="submit"]');
    await popup.waitForFunction(() =>
      /marked as a preview/.test(document.querySelector('#preview')?.textContent ?? ''),
    );
    await page.bringToFront();
    const overlay = await page.overlay();
    assert.equal(await overlay.evaluate(() => document.querySelector('.preview-badge')?.textContent), 'Preview');
    await overlay.click('.reply[data-reply="returns"]');
    await overlay.waitFor('.done');
    const events = (
      await ask<TactEvent[]>(options, 'events/list', { flowId: 'checkout-reassurance', limit: 50 })
    ).reverse();
    assert.deepEqual(
      events.map((e) => [e.type, e.preview]),
      [
        ['shown', true],
        ['opened', true],
        ['answered', true],
        ['completed', true],
      ],
    );
    const stats = await ask<{ shown: number; completed: number }>(options, 'stats/flow', {
      flowId: 'checkout-reassurance',
    });
    assert.deepEqual([stats.shown, stats.completed], [0, 0], 'previews are never counted in results');
    await popup.close();
    await options.close();
    await page.close();
  });

  test('another site is not affected', async () => {
    const other = ctx.otherOrigin;
    const options = await ctx.browser.openExtensionPage('options.html');
    const site = await ask<{ enabled: boolean }>(options, 'site/get', { origin: other });
    assert.equal(site.enabled, true);
    await options.close();
  });
});
