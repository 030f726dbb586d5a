/**
 * Journey: a marketer previews on a live page from the popup. Simulated exit intent goes through
 * the real engine: the overlay appears marked as a preview and "why" shows the decision check by
 * check; the site's caps are reset (with a confirmation); Tact acts as a visitor with given tags on
 * that tab; the element picker outlines an element with a label saying what it is (inside the
 * viewport) and picks it without the page seeing the click,
 * the robust selector is saved into a new rule (long rule and flow names, cut by the popup's
 * selects, written out whole under them), and a real hover on that element fires it; the
 * picker also works from the keyboard; withheld site access (Firefox) is explained.
 *
 * And the visitor turns Tact off for a site in the popup. From then on the content script sends
 * no signals there (the background receives no decision to make) and no overlay appears, also
 * after a reload; turning it back on applies to the open tab at once. The popup's "why" and a rule
 * editor's validation message read in French and in Russian when the interface is set to them.
 * (That was a journey of its own, and paid two browser launches of its own for the same set-up.)
 * Its tests run after the preview's first two, whose previews spend no budget and set no frequency
 * record (so the exit question still shows there for real), and before the one that takes the site
 * access away.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ask,
  contentModulesIn,
  exitIntent,
  readMeta,
  readStore,
  sleep,
  tabIdOf,
  textLines,
  typeScaleFaults,
  waitForPageView,
  waitUntil,
  type TactFrame,
  type TactPage,
} from '../harness/index.ts';
import { EXIT_ON_EVERY_PAGE_VIEW, journey } from '../harness/journey.ts';
import { LONG_NAMES, choiceShown, go } from '../harness/forms.ts';
import type { DecisionRecord, PreviewState } from '../../src/shared/protocol.ts';
import { describeViolations, runAxe, seriousOnly } from '../harness/axe.ts';
import type { TactEvent } from '../../src/core/results/event-model.ts';
import type { Rule } from '../../src/core/rules/rule-model.ts';
import type { Flow } from '../../src/core/flows/flow-model.ts';

const text = (page: TactPage, selector: string) =>
  page.evaluate((s) => document.querySelector(s)?.textContent ?? '', selector);

/**
 * Waits until the picker listens on `page`: its layer (a top-level popover host that takes no
 * pointer events, unlike the overlay's) is added in the same task as its listeners (picker.ts),
 * once its module has loaded.
 */
function pickerListening(page: TactPage): Promise<unknown> {
  return page.waitForFunction(() =>
    [...document.querySelectorAll<HTMLElement>(':root > div[popover]')].some(
      (host) => host.style.getPropertyValue('pointer-events') === 'none',
    ),
  );
}

/** The decisions taken on `url` since `since` (the preview's tests before took some on the same page). */
async function decisionsOn(options: TactPage, url: string, since: number): Promise<number> {
  const traces = await readStore<{ records: DecisionRecord[] }>(options, 'traces');
  return traces.flatMap((t) => t.records).filter((r) => r.url === url && r.at >= since).length;
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

journey('preview on a live site', {}, (ctx) => {
  test('simulate, reset caps, act as tags, pick an element and fire its rule by hovering', async () => {
    const options = await ctx.browser.openExtensionPage('options.html');
    const url = ctx.url('/shop/trail-pack-28.html');
    const page = await ctx.visit(url, options);
    const tabId = await tabIdOf(options, url);
    // Flows and rules (off) with long names, as marketers of each language might write them.
    const defaults = await ask<{ flows: Flow[]; rules: Rule[] }>(options, 'workspace/get', null);
    const long = Object.entries(LONG_NAMES).map(([lang, name]) => ({
      flow: { ...defaults.flows.find((f) => f.id === 'exit-offer')!, id: `long-${lang}`, name },
      rule: { ...defaults.rules[0]!, id: `long-rule-${lang}`, name, enabled: false },
      name,
    }));
    await ask(options, 'workspace/restore', { flows: long.map((x) => x.flow), rules: long.map((x) => x.rule) });
    const popup = await ctx.browser.openExtensionPage(`popup.html?site=${encodeURIComponent(ctx.origin)}&tab=${tabId}`);
    await popup.waitFor('#pv-simulate');
    assert.equal(
      await popup.evaluate(() => document.querySelector('#pv-access, #pv-no-content')),
      null,
      'access granted, content script running',
    );

    // 1. Simulated exit intent: the real engine starts the flow, marked as a preview; "why" explains.
    await popup.click('#pv-simulate button[type="submit"]');
    await popup.waitForFunction(() =>
      /started its flow/.test(document.querySelector('[data-tool="simulate"]')?.textContent ?? ''),
    );
    await page.bringToFront();
    const overlay = await page.overlay();
    assert.equal(await overlay.evaluate(() => document.querySelector('.preview-badge')?.textContent), 'Preview');
    await popup.waitForFunction(() => document.querySelector('#why .decision[open]') !== null);
    const why = await text(popup, '#why .decision[open]');
    assert.match(why, /visitor is leaving \(exit intent\)/);
    assert.match(why, /simulated/);
    assert.match(why, /Leaving any other page:\s+started its flow/);
    assert.match(why, /✓\s*passed:\s*Trigger: exit intent/);
    const shown = (await ask<TactEvent[]>(options, 'events/list', { limit: 5 })).find((e) => e.type === 'shown')!;
    assert.equal(shown.preview, true, 'a simulation is a preview');
    const budget = await readMeta<{ bySite: Record<string, number> } | undefined>(options, 'budget');
    assert.equal(budget?.bySite[ctx.origin] ?? 0, 0, 'a preview spends no budget');
    await overlay.click('.close');

    // 2. Reset caps, after a confirmation: the page view's "already shown" mark is gone.
    await popup.click('#pv-reset');
    await popup.waitFor('#pv-reset-confirm');
    await popup.click('#pv-reset-confirm');
    await popup.waitForFunction(() =>
      /^Reset: /.test(document.querySelector('[data-tool="reset"]')?.textContent ?? ''),
    );
    const view = (await readStore<{ tabId: number; shownConversationId?: string }>(options, 'pageViews')).find(
      (v) => v.tabId === tabId,
    )!;
    assert.equal(view.shownConversationId, undefined);

    // 3. Act as a visitor with tags, on this tab only.
    await popup.evaluate(() => {
      const input = document.querySelector('#pv-tags') as HTMLInputElement;
      input.value = 'vip, returning';
    });
    // The popup back in front, as the person clicking in it has it: in a background tab the
    // scroll to a button lower down waits for throttled frames (2–6 s a click, measured).
    await popup.bringToFront();
    await popup.click('#pv-act-as button[type="submit"]');
    await popup.waitFor('#pv-acting');
    assert.match(await text(popup, '#pv-acting'), /Acting as: vip, returning/);

    // 4. Pick an element: outlined in Tact's layer, the click never reaches the page.
    await popup.click('#pv-pick');
    await popup.waitForFunction(() =>
      /Hover the page/.test(document.querySelector('[data-tool="picker"]')?.textContent ?? ''),
    );
    await page.bringToFront();
    await pickerListening(page);
    // Hovering labels what a click would pick, in words, beside the outline and inside the viewport.
    for (const [target, label] of [
      ['a.stars > span', 'link “Rated 4.8 out of 5, 214 reviews” → /shop/trail-pack-28.html#reviews'],
      ['#add-to-cart', 'button “Add to cart”'],
    ] as const) {
      const at = await page.evaluate((s) => {
        const r = document.querySelector(s)!.getBoundingClientRect();
        return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) };
      }, target);
      await page.mouseMove(at.x, at.y);
      const layer = await waitUntil(
        async () => {
          const now = await page.tactLayer();
          return now.boxes.some((b) => b.text === label) ? now : null;
        },
        5000,
        `the hover label "${label}"`,
      );
      const box = layer.boxes.find((b) => b.text === label)!;
      const { width, height } = layer.viewport;
      assert.ok(
        box.left >= 0 && box.top >= 0 && box.right <= width && box.bottom <= height,
        `the label inside the ${width}×${height} viewport: ${JSON.stringify(box)}`,
      );
    }
    await page.click('a.stars > span'); // on the link's text: the link is what is meant
    assert.equal(await page.evaluate(() => location.hash), '', 'the picking click did not follow the link');
    assert.equal(
      await page.evaluate(() => document.querySelector('a.stars')!.getAttribute('style')),
      null,
      'page styles untouched',
    );
    await popup.waitFor('#pv-picked-selector', 10_000);
    const selector = await popup.evaluate(
      () => (document.querySelector('#pv-picked-selector') as HTMLInputElement).value,
    );
    assert.equal(selector, 'a.stars', 'the link, not the text inside it');

    // 5. Save it into a new rule for a flow; a real hover for the dwell time fires it. The rule and
    // the flow are chosen in selects the popup's width: a long name they cut is written out whole
    // under them (they were as wide as the longest name, past the popup's edge); a short one is not.
    for (const { rule, name } of long)
      assert.deepEqual(await choiceShown(popup, '#pv-rule', rule.id), { width: 'full', written: name }, rule.id);
    assert.deepEqual(await choiceShown(popup, '#pv-rule', ''), { width: 'full', written: null });
    for (const { flow, name } of long)
      assert.deepEqual(await choiceShown(popup, '#pv-rule-flow', flow.id), { width: 'full', written: name }, flow.id);
    assert.deepEqual(await choiceShown(popup, '#pv-rule-flow', 'checkout-reassurance'), {
      width: 'full',
      written: null,
    });
    await popup.bringToFront();
    await popup.click('#pv-save-rule button[type="submit"]');
    await popup.waitForFunction(() => /^Saved /.test(document.querySelector('[data-tool="save"]')?.textContent ?? ''));
    const rule = (await ask<{ rules: Rule[] }>(options, 'workspace/get', null)).rules.find(
      (r) => r.trigger.signal === 'hesitation' && r.trigger.selector === selector,
    )!;
    assert.deepEqual(rule.trigger, { signal: 'hesitation', selector, ms: 1500 });
    await page.bringToFront();
    const box = await page.evaluate((s) => {
      const r = document.querySelector(s)!.getBoundingClientRect();
      return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) };
    }, selector);
    // The page re-arms with the new rule once the background tells it its plan changed (no mark of
    // it to wait for): a hover before that senses nothing, so hover again, as a person would.
    let hovered: TactFrame | undefined;
    for (let attempt = 1; !hovered; attempt++) {
      await page.mouseMove(box.x - 200, box.y + 120, 2);
      await page.mouseMove(box.x, box.y, 4);
      hovered = await page.overlay(attempt < 3 ? 4_000 : 10_000).catch((error: unknown) => {
        if (attempt < 3) return undefined;
        throw error;
      });
    }
    assert.match(await hovered.evaluate(() => document.body.textContent ?? ''), /Preview/);
    const started = (await ask<TactEvent[]>(options, 'events/list', { flowId: 'checkout-reassurance', limit: 5 })).find(
      (e) => e.type === 'shown',
    )!;
    assert.equal(started.ruleId, rule.id);
    assert.equal(started.preview, true, 'acting as another visitor makes it a preview');

    // "Why" shows the hesitation decision, taken while acting as those tags.
    await popup.reload();
    await popup.waitFor('#why .decision');
    await popup.evaluate(() => ((document.querySelector('#why .decision') as HTMLDetailsElement).open = true));
    const last = await text(popup, '#why .decision');
    assert.ok(last.includes(`over ${selector}`), last);
    assert.match(last, /Acting as: tags: vip, returning/);
    assert.match(await text(popup, '#why-live'), /lingered/);
    const violations = await runAxe(popup);
    assert.equal(seriousOnly(violations).length, 0, `popup with the preview tools:\n${describeViolations(violations)}`);
    await ask(options, 'rules/delete', { id: rule.id });
    for (const { flow, rule: longRule } of long) {
      await ask(options, 'rules/delete', { id: longRule.id });
      await ask(options, 'flows/delete', { id: flow.id });
    }
    await ask(options, 'preview/act-as', { tabId, actAs: null });
    await popup.close();
    await options.close();
    await page.close();
  });

  test('the picker from the keyboard: the outline follows focus, Enter picks without following the link', async () => {
    const options = await ctx.browser.openExtensionPage('options.html');
    const url = ctx.url('/shop/trail-pack-28.html');
    const page = await ctx.visit(url, options);
    const tabId = await tabIdOf(options, url);
    await ask(options, 'picker/start', { tabId });
    await page.bringToFront();
    await pickerListening(page);
    await page.evaluate(() => (document.querySelector('a.stars') as HTMLElement).focus());
    await page.press('Enter');
    const picked = await waitUntil(
      async () => (await ask<PreviewState>(options, 'preview/state', { tabId })).picked,
      5000,
      'the keyboard pick',
    );
    assert.equal(picked.selector, 'a.stars');
    assert.equal(await page.evaluate(() => location.hash), '');
    await options.close();
    await page.close();
  });

  describe('popup turns Tact off for a site', () => {
    test('off in the popup: no signals, no overlay, persisted; on again: works in the open tab', async () => {
      const testStart = Date.now();
      const url = ctx.url('/shop/trail-pack-28.html');
      const options = await ctx.browser.openExtensionPage('options.html');
      const opened = Date.now();
      const page = await ctx.browser.newPage(url);
      // Armed first, so "stops listening at once" is about a page that listened.
      await waitForPageView(options, url, opened);
      const popup = await ctx.browser.openExtensionPage(`popup.html?site=${encodeURIComponent(ctx.origin)}`);
      await popup.waitFor('#site-toggle');
      assert.equal(await popup.evaluate(() => document.querySelector('#site-origin')?.textContent), ctx.origin);
      assert.equal(
        await popup.evaluate(() => (document.querySelector('#site-toggle') as HTMLInputElement).checked),
        true,
      );
      await popup.click('#site-toggle');
      await popup.waitForFunction(() => /off here/.test(document.querySelector('#site-status')?.textContent ?? ''));

      assert.equal(await decisionsOn(options, url, testStart), 0);

      // The open tab stops listening at once.
      await exitIntent(page); // brings the tab to the front too
      for (let i = 0; i < 6; i++) await page.wheel(500);
      await sleep(800);
      assert.equal(await page.overlayNow(), null);
      assert.equal(await decisionsOn(options, url, testStart), 0, 'no signal reached the background');

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
      assert.equal(await decisionsOn(options, url, testStart), 0, 'no signal after a reload either');
      const site = await ask<{ enabled: boolean }>(options, 'site/get', { origin: ctx.origin });
      assert.equal(site.enabled, false);
      assert.deepEqual(await contentModulesIn(options, url), [], 'nothing injected while the site is off');

      // On again: the open tab arms its detectors without a reload.
      await popup.click('#site-toggle');
      await popup.waitForFunction(() =>
        /may start a conversation/.test(document.querySelector('#site-status')?.textContent ?? ''),
      );
      // Not a fixed wait: on a busy machine the tab's new plan can take longer than any guess. The
      // detectors' file is injected with the hello's answer, which the tab arms with.
      await waitUntil(
        async () => (await contentModulesIn(options, url)).includes('detectors.js'),
        5000,
        'the open tab to load its detectors again',
      );
      await exitIntent(page);
      const overlay = await page.overlay();
      assert.match(
        await overlay.evaluate(() => document.querySelector('.bubble.bot')?.textContent ?? ''),
        /did you find/,
      );
      assert.ok((await decisionsOn(options, url, testStart)) >= 1);

      // The popup's "why" for that tab says which rule started the conversation.
      const tabId = await tabIdOf(options, url); // its latest page view (the preview's tab had one too)
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

    test('preview a flow on the open tab from the popup: real overlay, marked, its why says so, never counted', async () => {
      const since = Date.now(); // the events of this preview (the preview's tests before played this flow too)
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
      const popup = await ctx.browser.openExtensionPage(
        `popup.html?site=${encodeURIComponent(ctx.origin)}&tab=${tabId}`,
      );
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
      // "Why?" says it is a preview: no rule, no signal started it (it read "The rule “preview” … signal: unknown").
      await overlay.click('.why-toggle');
      await overlay.waitFor('#why-panel');
      assert.match(
        await overlay.evaluate(() => document.querySelector('#why-panel')?.textContent?.trim() ?? ''),
        /^No rule started this conversation: it is a preview, opened from Tact/,
      );
      await overlay.click('.why-toggle');
      await overlay.click('.reply[data-reply="returns"]');
      await overlay.waitFor('.done');
      const events = (await ask<TactEvent[]>(options, 'events/list', { flowId: 'checkout-reassurance', limit: 50 }))
        .filter((e) => e.at >= since)
        .reverse();
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

  // Chrome grants the content script's hosts for good (`permissions.remove` refuses them); Firefox
  // lets the user withhold them, which an extension page can reproduce with `permissions.remove`.
  test(
    'site access withheld: the popup and the rule editor explain it and offer to allow it',
    { skip: ctx.kind === 'chromium' && 'Chrome cannot withhold the content script’s hosts' },
    async () => {
      const options = await ctx.browser.openExtensionPage('options.html');
      await options.evaluate(async () => {
        const api = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
        await api.permissions.remove({ origins: ['http://*/*', 'https://*/*'] });
      });
      const popup = await ctx.browser.openExtensionPage(`popup.html?site=${encodeURIComponent(ctx.origin)}`);
      await popup.waitFor('#pv-grant');
      assert.match(await text(popup, '#pv-access'), /your browser withholds access to this site/);
      await popup.click('#pv-grant'); // asks the browser (its prompt is not answered here); no error
      await sleep(500);
      assert.equal(await popup.evaluate(() => document.querySelector('[data-tool="access"].error')), null);
      await popup.close();
      // The rule editor says so beside a rule's site (the default rules are for the demo shop),
      // and asks from there too.
      await go(options, '#rule/exit-anywhere', '#rf-trigger-signal');
      await options.waitFor('[data-code="access-withheld"]');
      assert.match(
        (await text(options, '[data-code="access-withheld"]')).replace(/\s+/g, ' ').trim(),
        /^⚠ Your browser does not let Tact run on northwind\.localhost: this rule can show nothing there until you allow it\. Allow Tact on northwind\.localhost$/,
      );
      await options.click('[data-code="access-withheld"] button'); // the browser's prompt, not answered here
      await options.close();
    },
  );
});
