/**
 * Journey: what the content script senses on a page, with real input, in both browsers. Every
 * signal fires when it should and does not in its look-alike cases: leaving through the sides or
 * the bottom, a quick move to a header link and a click on it (not exit intent); a moving cursor
 * (not idle); a single fast
 * click (not rage); clicks on controls, on an element the page handles, on plain text (not dead);
 * passing over the price (not hesitating); a submitted form (not abandoned); a one-letter selection;
 * a single-page-app route change resets depth; a page where no rule applies senses nothing.
 *
 * Signals are observed where the product records them: every rule here is a shadow rule (it never
 * shows anything), and the background's decision traces (`traces` store) record each signal
 * received with its decision, even when nothing is shown.
 */
import { inEnglish } from '../../src/core/test-support/catalogue.ts';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ask,
  exitIntent,
  readStore,
  sleep,
  tabIdOf,
  waitForPageView,
  waitUntil,
  type TactPage,
} from '../harness/index.ts';
import { journey } from '../harness/journey.ts';
import type { Rule } from '../../src/core/rules/rule-model.ts';
import type { Signal, Trigger } from '../../src/core/signals/signal-model.ts';
import type { Decision } from '../../src/core/rules/engine.ts';
import { DEFAULT_RULES } from '../../src/core/flows/default-pack.ts';

const LAB = '/fixtures/signals-lab.html';
/** A news article whose text ends above long lists of links and comments. */
const ARTICLE = '/fixtures/news-article.html';

/** Shadow rules (evaluated and traced, never shown) for every signal under test. */
const PROBES: [string, Trigger, string][] = [
  ['exit', { signal: 'exit-intent' }, `${LAB}*`],
  ['depth-25', { signal: 'scroll-depth', atLeast: 25 }, '/fixtures/s*'],
  ['depth-50', { signal: 'scroll-depth', atLeast: 50 }, '/fixtures/s*'],
  ['depth-100', { signal: 'scroll-depth', atLeast: 100 }, '/fixtures/s*'],
  ['reversal', { signal: 'scroll-reversal' }, `${LAB}*`],
  ['article-80', { signal: 'scroll-depth', atLeast: 80, of: 'content' }, `${ARTICLE}*`],
  ['page-64', { signal: 'scroll-depth', atLeast: 64 }, `${ARTICLE}*`],
  ['scanning', { signal: 'scanning' }, `${LAB}*`],
  ['reading', { signal: 'reading' }, `${LAB}*`],
  ['hesitation', { signal: 'hesitation', selector: '.price', ms: 700 }, `${LAB}*`],
  ['rage', { signal: 'rage-click' }, `${LAB}*`],
  ['dead', { signal: 'dead-click' }, `${LAB}*`],
  ['selection', { signal: 'text-selection' }, `${LAB}*`],
  ['copy', { signal: 'copy' }, `${LAB}*`],
  ['form', { signal: 'form-abandon' }, `${LAB}*`],
  ['frustrated', { signal: 'intent', intent: 'frustrated', atLeast: 0.5 }, `${LAB}*`],
  ['dwell', { signal: 'dwell', seconds: 2 }, `${LAB}?t=time*`],
  // The quiet-moment test's pages: the smallest threshold a rule can have, so its held signal is due after 1 s, not 2.
  ['dwell-1', { signal: 'dwell', seconds: 1 }, `${LAB}?t=quiet*`],
  ['idle', { signal: 'idle', seconds: 2 }, `${LAB}?t=time*`],
  // The idle test's own page: the smallest threshold a rule can have, so resting past it takes 1 s, not 2.
  ['idle-1', { signal: 'idle', seconds: 1 }, `${LAB}?t=idle*`],
  ['tab-return', { signal: 'tab-return' }, `${LAB}?t=time*`],
];

interface TraceRecord {
  at: number;
  url: string;
  signal: Signal;
  decision: Decision;
}

journey('signals', { optionsPage: true }, (ctx) => {
  /** The options page, where the traces are read. */
  let options: TactPage;

  const records = async () =>
    (await readStore<{ tabId: number; records: TraceRecord[] }>(options, 'traces')).flatMap((t) => t.records);
  const signalsOn = async (url: string) => (await records()).filter((r) => r.url === url).map((r) => r.signal);
  const waitForSignal = (url: string, type: Signal['type'], timeoutMs = 5000) =>
    waitUntil(
      async () => (await records()).find((r) => r.url === url && r.signal.type === type),
      timeoutMs,
      `a ${type} signal on ${url}`,
    );
  const count = async (url: string, type: Signal['type']) =>
    (await signalsOn(url)).filter((s) => s.type === type).length;

  /** The scroll test's page, flung down and back: the reading test checks it never read as reading. */
  let flung: string | undefined;
  /** The addresses opened so far: the traces are looked up by address, so each test needs its own. */
  const opened = new Set<string>();
  /** The URL of a page a test opens, never one opened before. */
  const address = (query: string, path = LAB) => {
    const url = ctx.url(`${path}${query}`);
    assert.ok(!opened.has(url), `${url} was opened before: its signals would be found in an earlier test's traces`);
    opened.add(url);
    return url;
  };
  /** Opens a lab page and waits until its detectors are armed; returns the page and its URL. */
  async function open(query: string, path = LAB): Promise<{ page: TactPage; url: string }> {
    const url = address(query, path);
    const page = await ctx.visit(url);
    await page.bringToFront();
    return { page, url };
  }
  const centre = (page: TactPage, selector: string) =>
    page.evaluate((s) => {
      const r = document.querySelector(s)!.getBoundingClientRect();
      return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) };
    }, selector);

  before(async () => {
    options = ctx.options;
    const { rules } = await ask<{ rules: Rule[] }>(options, 'workspace/get', null);
    for (const rule of rules) await ask(options, 'rules/save', { rule: { ...rule, enabled: false } });
    const base = DEFAULT_RULES[0]!;
    for (const [id, trigger, pattern] of PROBES) {
      const rule: Rule = {
        ...base,
        id: `probe-${id}`,
        name: `Probe: ${id}`,
        enabled: true,
        shadow: true,
        trigger,
        conditions: [{ kind: 'url', match: 'glob', pattern }],
        frequency: { every: 'page-view' },
      };
      await ask(options, 'rules/save', { rule });
    }
  });
  test('exit intent: not out through a side, along the top edge out through a side, or to the bottom; through the top once, never twice', async () => {
    const { page, url } = await open('?t=exit');
    await page.mouseMove(640, 400, 4);
    await page.mouseMove(2, 420, 3);
    await page.leaveViewport(-10, 420); // out through the left side, fast
    await page.mouseMove(640, 400, 3);
    await page.mouseMove(1000, 4, 3);
    await page.mouseMove(1278, 3, 3); // along the top edge, then out through the right side
    await page.leaveViewport(1290, 3);
    await page.mouseMove(640, 400, 3);
    await page.mouseMove(640, 798, 3); // fast to the bottom edge (a native move below the window is not delivered in Firefox)
    await sleep(400);
    assert.equal(await count(url, 'exit-intent'), 0, 'no exit intent through a side or the bottom');
    await exitIntent(page);
    await waitForSignal(url, 'exit-intent');
    await page.mouseMove(640, 400, 4);
    await exitIntent(page);
    await sleep(400);
    assert.equal(await count(url, 'exit-intent'), 1, 'exit intent is reported once per page view');
  });

  test('exit intent: a quick move up to a header link and a click on it is not leaving', async () => {
    const { page, url } = await open('?t=link');
    await page.mouseMove(150, 400, 4);
    await page.mouseMove(150, 300, 2);
    await page.mouseMove(150, 4, 4); // as fast as the exit gesture, but onto the link
    const since = Date.now();
    await page.click('#top-link');
    await waitForPageView(options, ctx.url(`${LAB}?t=arrived`), since);
    await sleep(300);
    assert.equal(await count(url, 'exit-intent'), 0);
  });

  test('the popup on a page that only shadow rules cover says no rule is for it: they never show anything', async () => {
    const { url } = await open('?t=popup');
    const tab = await tabIdOf(options, url);
    const popup = await ctx.browser.openExtensionPage(
      `popup.html?site=${encodeURIComponent(new URL(url).origin)}&tab=${tab}`,
    );
    await popup.waitFor('#rules-here li[data-rule="probe-exit"]');
    const status = await popup.evaluate(() => document.querySelector('#site-status')?.textContent?.trim() ?? '');
    assert.match(status, /no rule is for this page/, status);
    await popup.close();
  });

  test('page context travels with the first signal, not at load: language, title, UTM parameters, product from JSON-LD', async () => {
    const { page, url } = await open('?t=context&utm_source=news&utm_campaign=spring');
    const contextOf = async () =>
      (await readStore<{ url: string; context?: Record<string, unknown> }>(options, 'pageViews')).find(
        (v) => v.url === url,
      )?.context;
    assert.deepEqual(await contextOf(), { title: 'Signals lab — Trail Pack 28' }, 'hello brings the title only');
    await exitIntent(page);
    await waitForSignal(url, 'exit-intent');
    const context = await contextOf();
    assert.deepEqual(
      {
        lang: context?.lang,
        title: context?.title,
        utm: context?.utm,
        product: context?.product,
        touch: context?.touch,
      },
      {
        lang: 'en-GB',
        title: 'Signals lab — Trail Pack 28',
        utm: { source: 'news', campaign: 'spring' },
        product: { name: 'Trail Pack 28', price: 129, currency: 'EUR' },
        touch: false,
      },
    );
  });

  test('rage clicks: a single fast click is not rage; four in a row are, once, and the frustration intent follows', async () => {
    const { page, url } = await open('?t=rage');
    await page.click('#stubborn');
    // Nothing to wait for: past the rage window (1 s, clicks.ts) the series below cannot take this
    // click in, and a rage wrongly seen in it would have reached the traces.
    await sleep(1100);
    assert.equal(await count(url, 'rage-click'), 0, 'a single click is not rage');
    for (let i = 0; i < 4; i++) await page.click('#stubborn');
    await waitForSignal(url, 'rage-click');
    const intent = await waitForSignal(url, 'intent');
    assert.deepEqual(intent.signal, { type: 'intent', intent: 'frustrated', score: 0.7 });
    assert.equal(await count(url, 'rage-click'), 1);
  });

  test('dead clicks: on what looks clickable and does nothing; not on a control, a handled element or plain text', async () => {
    const { page, url } = await open('?t=dead');
    await page.click('#real-toggle'); // the page handles it: the DOM changes
    await page.click('#plain-text');
    await page.click('#stubborn');
    // Nothing to wait for: a click is dead once nothing answered it for 1 s (DEAD_CLICK_MS), then
    // 0.3 s for such a signal's way to the traces.
    await sleep(1300);
    assert.equal(await page.evaluate(() => document.getElementById('toggle-state')!.textContent), 'S · M · L');
    assert.equal(await count(url, 'dead-click'), 0);
    await page.click('#fake-wishlist');
    const dead = await waitForSignal(url, 'dead-click');
    assert.ok(dead.at > 0);
  });

  test('hesitation: resting on the price, not passing over it', async () => {
    const { page, url } = await open('?t=hesitate');
    const price = await centre(page, '#price');
    await page.mouseMove(price.x, price.y + 200, 2);
    await page.mouseMove(price.x, price.y, 2);
    await page.mouseMove(price.x + 300, price.y + 200, 2); // passing over
    await sleep(900); // nothing to wait for: past the rule's 0.7 s on the price, and the way to the traces
    assert.equal(await count(url, 'hesitation'), 0);
    await page.mouseMove(price.x, price.y, 2);
    const h = await waitForSignal(url, 'hesitation');
    assert.deepEqual(h.signal, { type: 'hesitation', selector: '.price', ms: 700 });
  });

  test('scroll: depth thresholds, scanning and searching back', async () => {
    const { page, url } = await open('?t=scroll');
    for (let i = 0; i < 4; i++) await page.wheel(800);
    await waitForSignal(url, 'scanning');
    await page.wheel(-500);
    await waitForSignal(url, 'scroll-reversal');
    const depths = (await signalsOn(url))
      .filter((s) => s.type === 'scroll-depth')
      .map((s) => (s as { percent: number }).percent);
    // Crossed in one gesture, the two are sent together and may reach the background in either order.
    assert.deepEqual(
      depths.slice(0, 2).sort((a, b) => a - b),
      [25, 50],
    );
    // No reading in the fling: checked at the end of the reading test, which reads another page
    // ~10 s later (this tab stays open), instead of 1.7 s spent here waiting for nothing.
    flung = url;
  });

  test('scroll depth of the main content: the end of the article, not the links below it', async () => {
    const { page, url } = await open('', ARTICLE);
    const layout = await page.evaluate(() => {
      const story = document.querySelector('#story')!.getBoundingClientRect();
      return {
        top: story.top + scrollY,
        bottom: story.bottom + scrollY,
        doc: document.documentElement.scrollHeight,
        viewport: innerHeight,
      };
    });
    // The fixture must look like the news pages this is for: the text ends well above 64 % of the page.
    assert.ok(layout.bottom / layout.doc < 0.5, JSON.stringify(layout));
    /**
     * Wheels down until the viewport's bottom is at `y` (document coordinates), from where the last
     * gesture ended: each call follows a wait past that end (a sleep or the depth it reported).
     */
    const bringBottomTo = async (y: number) => {
      const now = await page.evaluate(() => scrollY + innerHeight);
      await page.wheel(Math.round(y - now));
    };
    const depth = () => signalsOn(url).then((signals) => signals.filter((s) => s.type === 'scroll-depth'));
    await bringBottomTo(layout.top + 0.6 * (layout.bottom - layout.top));
    await sleep(600); // the gesture's end, and a depth it crossed on its way to the traces
    assert.deepEqual(await depth(), [], '60 % of the article is not 80 %');
    await bringBottomTo(layout.bottom + 20);
    const [read] = await waitUntil(async () => ((await depth()).length ? depth() : null), 5000, 'the article read');
    assert.deepEqual(read, { type: 'scroll-depth', percent: 80, of: 'content' });
    await sleep(400);
    assert.equal((await depth()).length, 1, 'the page itself is not 64 % seen yet');
    // Among the trending links: 64 % of the page, and the article is not reported twice.
    await bringBottomTo(0.7 * layout.doc);
    await waitUntil(async () => (await depth()).length === 2 || null, 5000, '64 % of the page');
    assert.deepEqual((await depth())[1], { type: 'scroll-depth', percent: 64 });
  });

  test('reading: short steps down with pauses over text; not scanning; no reading in a fling', async () => {
    const { page, url } = await open('?t=read');
    for (let i = 0; i < 3; i++) {
      await page.wheel(250);
      // A pause before the next step: 1.5 s after the step's end, which the 10 Hz check notices
      // 0.1-0.3 s after the wheel's animation; 2 s left ~0.2 s for a late timer under load.
      if (i < 2) await sleep(2600);
    }
    await waitForSignal(url, 'reading'); // after the third pause
    assert.equal(await count(url, 'scanning'), 0);
    // The scroll test's fling, seconds ago and still open, is not reading either (run on its own,
    // this test has no fling to look at).
    if (flung) assert.equal(await count(flung, 'reading'), 0, 'no reading in the fling of the scroll test');
  });

  test('text selection (not a stray letter) and copy', async () => {
    const { page, url } = await open('?t=select');
    await page.evaluate(() => {
      const range = document.createRange();
      const text = document.getElementById('quote')!.firstChild!;
      range.setStart(text, 0);
      range.setEnd(text, 1);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    // Nothing to wait for: a selection counts once it settled for 1 s (text-selection.ts), then 0.3 s
    // for its way to the traces.
    await sleep(1300);
    assert.equal(await count(url, 'text-selection'), 0, 'one letter is not a selection');
    await page.evaluate(() => getSelection()!.selectAllChildren(document.getElementById('quote')!));
    await waitForSignal(url, 'text-selection');
    await page.click('#copy-code');
    await waitForSignal(url, 'copy');
  });

  test('form abandon: typed into, then left; not a form that was sent', async () => {
    const { page, url } = await open('?t=form');
    await page.click('#newsletter-email');
    await page.type('ann@example.com');
    await page.click('#newsletter-send');
    await page.waitForFunction(() => document.getElementById('newsletter-state')!.textContent === 'Thanks!');
    await page.click('#enquiry-question');
    await page.type('Does it fit a 15 inch laptop');
    await page.click('#plain-text'); // focus leaves the form
    await waitForSignal(url, 'form-abandon', 6000);
    // Every form is checked at once, two seconds after focus last moved (form-abandon.ts): a sent
    // form counted as abandoned would have been reported by this same check or an earlier one, and
    // no later check runs (focus stays put). Left to wait for: such a message's way to the traces.
    await sleep(300);
    assert.equal(await count(url, 'form-abandon'), 1, 'only the form left unsent');
  });

  test('quiet moments: a signal waits while the visitor types or listens, and goes when they pause', async () => {
    const quietCheck = (r: TraceRecord) =>
      r.decision.policy.find((c) => inEnglish(c.label) === 'Waits for a quiet moment');
    const heldWhile = (r: TraceRecord) =>
      inEnglish(quietCheck(r)?.detail).match(/^quiet after being held \d+\.\d sec while the visitor was (.+)$/)?.[1];
    const typing = await open('?t=quiet-typing');
    // The detectors armed before `open` returned: the 1 s dwell threshold is due by then + 1 s.
    const typingArmed = Date.now();
    await typing.page.click('#enquiry-question');
    await typing.page.type('more words ');
    // The page's own clock of the last keystroke (the harness's calls take their time on a busy machine).
    await typing.page.evaluate(() =>
      document.addEventListener('input', () => ((window as unknown as { typedAt: number }).typedAt = Date.now()), {
        capture: true,
      }),
    );
    // Across the 1 s dwell threshold. A dwell due later than this is held too: the focus stays in
    // the field typed into (typing), and then counts 2 s from the last key.
    const end = typingArmed + 1000 + 300;
    do await typing.page.type('more words ');
    while (Date.now() < end);
    assert.equal(await count(typing.url, 'dwell'), 0, 'held while typing');
    await typing.page.click('#plain-text');
    const typedAt = await typing.page.evaluate(() => (window as unknown as { typedAt: number }).typedAt);
    const dwell = await waitForSignal(typing.url, 'dwell');
    // Typing counts for 2 s after the last key once the focus has left the field.
    assert.ok(dwell.at - typedAt >= 1500, `sent ${dwell.at - typedAt} ms after the last keystroke`);
    assert.equal(quietCheck(dwell)?.passed, true);
    assert.equal(heldWhile(dwell), 'typing');

    // The sound starts once the page has loaded, without waiting to see the page arm (the
    // quiet-moment snapshot reads the media, it does not listen for them): it plays well before the
    // dwell is due, however long the harness takes to see the arming.
    const media = address('?t=quiet-media');
    const since = Date.now();
    const listening = await ctx.browser.newPage(media);
    await listening.bringToFront();
    await listening.click('#play');
    await waitForPageView(options, media, since);
    const mediaArmed = Date.now(); // the detectors armed before: the 1 s dwell threshold is due by then + 1 s
    assert.equal(await listening.waitForFunction(() => document.body.dataset.playing), 'yes');
    await sleep(mediaArmed + 1000 + 700 - Date.now()); // past the 1 s dwell threshold, the sound playing
    assert.equal(await count(media, 'dwell'), 0, 'held while the sound plays');
    await listening.click('#play');
    const mediaDwell = await waitForSignal(media, 'dwell');
    assert.equal(quietCheck(mediaDwell)?.passed, true);
    assert.equal(heldWhile(mediaDwell), 'watching or listening to media');
  });

  test('quiet-moment rules in Settings: with typing unticked, a signal no longer waits for typing', async () => {
    await options.bringToFront();
    await options.evaluate(() => void (location.hash = '#settings'));
    await options.waitFor('#quiet-typing');
    assert.equal(
      await options.evaluate(() => (document.querySelector('#quiet-typing') as HTMLInputElement).checked),
      true,
      'on by default',
    );
    await options.click('#quiet-typing');
    await options.click('.settings-grid button[type="submit"]');
    await waitUntil(
      async () =>
        (await ask<{ quietMoments: Record<string, boolean> }>(options, 'settings/get', null)).quietMoments.typing ===
          false || null,
      5000,
      'the typing rule off',
    );
    try {
      const typing = await open('?t=time-typing');
      const armed = Date.now(); // the detectors armed before: the 2 s dwell threshold is due by then + 2 s
      await typing.page.click('#enquiry-question');
      // Typing all along, across the 2 s dwell threshold, until the dwell is traced: held back for
      // typing, it would come only 2 s after the typing stopped.
      const end = armed + 2000 + 2000;
      let dwell: TraceRecord | undefined;
      while (!dwell && Date.now() < end) {
        await typing.page.type('more words ');
        dwell = (await records()).find((r) => r.url === typing.url && r.signal.type === 'dwell');
      }
      assert.ok(dwell, `sent while typing (none in ${Date.now() - armed} ms of typing after the page armed)`);
      const check = dwell.decision.policy.find((c) => inEnglish(c.label) === 'Waits for a quiet moment');
      assert.equal(check?.passed, true, 'typing does not count as busy any more');
    } finally {
      await ask(options, 'settings/set', { quietMoments: { typing: true } });
    }
  });

  test('idle: a cursor moving past the threshold is not idle; idle comes once it rests, not before', async () => {
    const { page, url } = await open('?t=idle');
    // The detectors armed before `open` returned: the 1 s idle threshold is due by then + 1 s.
    const armed = Date.now();
    // The page's own clock of the last move (the harness's calls take their time on a busy machine).
    await page.evaluate(() =>
      addEventListener('mousemove', () => ((window as unknown as { movedAt: number }).movedAt = Date.now()), {
        capture: true,
      }),
    );
    // Across the 1 s idle threshold, moving all along, and on for a wrong idle to reach the traces.
    const end = armed + 1000 + 800;
    for (let i = 0; Date.now() < end; i++) await page.mouseMove(300 + (i % 2) * 300, 450, 4);
    assert.equal(await count(url, 'idle'), 0, 'not idle while the cursor moves');
    const movedAt = await page.evaluate(() => (window as unknown as { movedAt: number }).movedAt);
    const idle = await waitForSignal(url, 'idle');
    assert.deepEqual(idle.signal, { type: 'idle', seconds: 1 });
    assert.ok(idle.at - movedAt >= 1000, `idle ${idle.at - movedAt} ms after the last move`);
  });

  test(
    'dwell counts only visible time; coming back to the tab is a tab return',
    { skip: ctx.kind === 'chromium' ? 'headless Chromium never hides a background tab' : false },
    async () => {
      const { page, url } = await open('?t=time-hidden');
      const armed = Date.now(); // the detectors armed before `open` returned
      const other = await ctx.browser.newPage(ctx.url('/fixtures/plain.html'));
      await other.bringToFront();
      assert.equal(await page.evaluate(() => document.visibilityState), 'hidden');
      // Past the 2 s dwell and idle thresholds, were hidden time counted, and 1 s more for such a
      // signal to reach the traces.
      await sleep(armed + 2000 + 1000 - Date.now());
      assert.equal(await count(url, 'dwell'), 0, 'hidden time is not dwell time');
      assert.equal(await count(url, 'idle'), 0, 'a hidden tab is not idle');
      const back = Date.now();
      await page.bringToFront();
      await waitForSignal(url, 'tab-return');
      const dwell = await waitForSignal(url, 'dwell', 4000);
      assert.ok(dwell.at - back >= 700, `dwell came ${dwell.at - back} ms after the return`);
    },
  );

  test(
    'a page loaded in a background tab counts dwell from when it is first shown',
    { skip: ctx.kind === 'chromium' ? 'headless Chromium never hides a background tab' : false },
    async () => {
      const url = address('?t=time-behind');
      const page = await ctx.browser.newPage(ctx.url('/fixtures/plain.html'));
      const front = await ctx.browser.newPage(ctx.url('/fixtures/plain.html?front'));
      await front.bringToFront();
      await page.goto(url);
      assert.equal(await page.evaluate(() => document.visibilityState), 'hidden');
      // The content script reads nothing of the document at load: the tab shown, its first sign of
      // presence, must tell it the page was hidden until then (before its 3 s fallback hello).
      await waitForPageView(options, url, Date.now(), 10_000, { arrive: false });
      await sleep(1200);
      const shown = Date.now();
      await page.bringToFront();
      // 2 s of visible time: taken for visible from the load, dwell would come ~0.8 s after the show.
      const dwell = await waitForSignal(url, 'dwell', 6000);
      assert.ok(dwell.at - shown >= 1500, `dwell came ${dwell.at - shown} ms after the tab was shown`);
      await front.close();
    },
  );

  test('single-page app: a route change is a new page view within 500 ms, and depth starts over', async (t) => {
    const { page, url } = await open('', '/fixtures/spa.html');
    for (let i = 0; i < 6; i++) await page.wheel(1200);
    await waitForSignal(url, 'scroll-depth');
    await waitUntil(
      async () => (await signalsOn(url)).some((s) => s.type === 'scroll-depth' && s.percent === 100),
      5000,
      'depth 100 on the home route',
    );
    const routeA = ctx.url('/fixtures/spa/a');
    // The page's own clock at the click (the click helper's waiting is not the extension's time).
    await page.evaluate(() =>
      document.addEventListener('click', () => ((window as unknown as { clickedAt: number }).clickedAt = Date.now()), {
        capture: true,
        once: true,
      }),
    );
    await page.click('#link-a');
    const clicked = await page.evaluate(() => (window as unknown as { clickedAt: number }).clickedAt);
    const view = await waitUntil(
      async () =>
        (await readStore<{ url: string; startedAt: number }>(options, 'pageViews')).find((v) => v.url === routeA),
      5000,
      'a page view for route A',
    );
    t.diagnostic(`new page view ${view.startedAt - clicked} ms after the click`);
    assert.ok(view.startedAt - clicked < 500, `new page view ${view.startedAt - clicked} ms after the click`);
    await waitForPageView(options, routeA, view.startedAt); // armed for the new route before the wheel
    await sleep(400); // and nothing carried over arrives late
    assert.deepEqual(await signalsOn(routeA), [], 'no depth carried over from the previous route');
    await page.wheel(500);
    const depth = await waitForSignal(routeA, 'scroll-depth');
    assert.deepEqual(depth.signal, { type: 'scroll-depth', percent: 25 });
  });

  test('a page where no rule applies senses nothing', async () => {
    const { page, url } = await open('', '/fixtures/plain.html');
    await exitIntent(page);
    for (let i = 0; i < 4; i++) await page.wheel(800);
    await page.click('h1');
    await page.click('h1');
    await page.click('h1');
    await sleep(500);
    assert.deepEqual(await signalsOn(url), []);
  });
});
