/**
 * One journey, run unchanged in every selected browser. The harness owns what every journey
 * needs around its story: the loop over `BROWSERS`, the `describe` (named `<name> [<browser>]`),
 * the demo server, the browser with the built extension, the settings and rules the story starts
 * from, fresh tabs per test where the story needs them, and the cleanup. A journey file is only
 * its story:
 *
 *     journey('exit-intent conversation', { settings: NO_BUDGET }, (ctx) => {
 *       test('…', async () => {
 *         const page = await ctx.visit('/shop/');
 *         …
 *       });
 *     });
 *
 * The body runs when the suite is declared, before the browser exists: read `ctx.browser`,
 * `ctx.origin` and `ctx.options` inside tests and hooks. A `before` in the body runs after the
 * harness's own (browser launched, settings and rules saved).
 */
import { after, afterEach, before, describe } from 'node:test';
import { startDemoServer, type DemoServer } from '../../scripts/demo-server.mjs';
import { DEFAULT_RULES } from '../../src/core/flows/default-pack.ts';
import type { Rule } from '../../src/core/rules/rule-model.ts';
import type { SettingsPatch } from '../../src/core/rules/policy.ts';
import { ask, BROWSERS, launch, waitForPageView } from './index.ts';
import type { BrowserKind, LaunchOptions, TactBrowser, TactPage } from './types.ts';
import { withTimeout } from './common.ts';

/** Many conversations on one site in one journey: the daily budgets out of the way. */
export const NO_BUDGET: SettingsPatch = { maxPerSitePerDay: 100, maxPerDay: 100 };
/** A dismissed conversation holds the next one back for no time at all. */
export const NO_BACKOFF: SettingsPatch = { backoffHours: 0 };
/** The shipped exit question ("Leaving any other page", on the demo shop), on every page view instead of once a day. */
export const EXIT_ON_EVERY_PAGE_VIEW: Rule = {
  ...DEFAULT_RULES.find((r) => r.id === 'exit-anywhere')!,
  frequency: { every: 'page-view' },
};

export interface JourneyOptions {
  /** How to launch the browser (e.g. Firefox's background idle time, for restart journeys). */
  launch?: LaunchOptions;
  /** Settings saved before the first test, through the protocol the options page uses. */
  settings?: SettingsPatch;
  /** Rules saved (added or replaced) before the first test, after the settings. */
  rules?: Rule[];
  /** Keeps an options page open for the whole journey as `ctx.options`. */
  optionsPage?: boolean;
  /**
   * Closes every tab a test opened with `ctx.visit` when the test ends, passed or not, closing a
   * conversation left open in it first: an answered conversation follows the visitor to the next
   * page of the site, so it would show up in the next test.
   */
  freshTabs?: boolean;
}

/** What a journey's tests use; valid inside tests and hooks (see the module comment). */
export interface JourneyContext {
  readonly kind: BrowserKind;
  readonly browser: TactBrowser;
  /** The demo shop's origin, `http://northwind.localhost:<port>` (the default rules are for it). */
  readonly origin: string;
  /**
   * The same server's pages as another site, `http://127.0.0.1:<port>`: no default rule applies
   * there, as on any site a fresh install meets.
   */
  readonly otherOrigin: string;
  /** The options page kept open for the journey (`optionsPage: true`). */
  readonly options: TactPage;
  /** The demo server's URL of `path` (`/shop/`, `/fixtures/plain.html`). */
  url(path: string): string;
  /**
   * Opens `where` (a path of the demo server, or a URL) in a new tab and waits until its content
   * script has said hello (its detectors are armed), read from the page views through `probe` (an
   * extension page; by default `ctx.options`).
   */
  visit(where: string, probe?: TactPage): Promise<TactPage>;
}

/**
 * How long the tests of one journey may take in one browser (the launch has its own bound): what
 * `--test-timeout` bounded per file when each file ran in a process of its own. `e2e/run-journeys.ts`
 * loads them all in one, where that timeout does not apply. The slowest takes ~70 s.
 */
const JOURNEY_LIMIT_MS = 240_000;

/**
 * The browser and demo server of the journey that ended last, closing. The next journey launches
 * its own meanwhile and then waits for this (a failure to close fails that `before`, naming the
 * browser and the journey it served); `allClosed` waits for the last one.
 */
let closing: Promise<void> = Promise.resolve();

/** Waits until the last journey's browser and demo server have closed (`e2e/run-journeys.ts` calls it last). */
export function allClosed(): Promise<void> {
  return closing;
}

/** Declares the journey `name` (its `describe`, one per browser) with `story` as its body. */
export function journey(name: string, options: JourneyOptions, story: (ctx: JourneyContext) => void): void {
  for (const kind of BROWSERS) {
    describe(`${name} [${kind}]`, { timeout: JOURNEY_LIMIT_MS }, () => {
      let server: DemoServer | undefined;
      let browser: TactBrowser | undefined;
      let optionsPage: TactPage | undefined;
      const tabs: TactPage[] = [];
      const ready = <T>(value: T | undefined, what: string): T => {
        if (value === undefined) throw new Error(`journey "${name}": ${what} is not ready (read it inside a test)`);
        return value;
      };

      const ctx: JourneyContext = {
        kind,
        get browser() {
          return ready(browser, 'the browser');
        },
        get origin() {
          return ready(server, 'the demo server').origin;
        },
        get otherOrigin() {
          return ready(server, 'the demo server').ipOrigin;
        },
        get options() {
          if (!options.optionsPage) throw new Error(`journey "${name}": ctx.options needs { optionsPage: true }`);
          return ready(optionsPage, 'the options page');
        },
        url: (path) => `${ctx.origin}${path}`,
        async visit(where, probe = ctx.options) {
          const url = where.startsWith('/') ? ctx.url(where) : where;
          const since = Date.now();
          const page = await ctx.browser.newPage(url);
          tabs.push(page);
          await waitForPageView(probe, url, since);
          return page;
        },
      };

      before(async () => {
        const previous = closing;
        try {
          server = await startDemoServer();
          const setUp = async (page: TactPage) => {
            if (options.settings) await ask(page, 'settings/set', options.settings);
            for (const rule of options.rules ?? []) await ask<Rule>(page, 'rules/save', { rule });
          };
          if (options.optionsPage) {
            // In the welcome view's tab, unless the journey keeps that view: opening a tab of its
            // own and closing the welcome view's took 0.2–0.4 s more a journey and browser.
            const inWelcomeTab = !options.launch?.keepWelcome;
            browser = await launch(kind, { ...options.launch, keepWelcome: true });
            optionsPage = await browser.openExtensionPage('options.html', inWelcomeTab);
            await setUp(optionsPage);
          } else {
            browser = await launch(kind, options.launch, setUp); // saved from the welcome view
          }
        } finally {
          // The previous journey's browser closed while this one launched: a failure to close is
          // reported here, naming that browser and its journey.
          await previous;
        }
      });
      if (options.freshTabs) afterEach(() => closeTabs(tabs.splice(0)));
      after(() => {
        // Not awaited here: the next journey launches meanwhile (closing took 0.3–1.4 s a browser).
        const [closingBrowser, closingServer] = [browser, server];
        closing = (async () => {
          if (closingBrowser) await withTimeout(closingBrowser.close(), 30_000, `closing ${kind} after "${name}"`);
          await closingServer?.close();
        })();
        closing.catch(() => {}); // reported where it is awaited (the next `before`, `allClosed`), not as unhandled
      });

      story(ctx);
    });
  }
}

/** Test hygiene, not a check: closes the conversation left open in each tab, then the tab. */
async function closeTabs(tabs: TactPage[]): Promise<void> {
  for (const page of tabs) {
    if (!page.isClosed()) await withTimeout(closeTab(page), 20_000, `closing the tab of ${page.url()}`);
  }
}

async function closeTab(page: TactPage): Promise<void> {
  const overlay = await page.overlayNow().catch(() => null);
  const closing = await overlay
    ?.evaluate(() => {
      const close = document.querySelector<HTMLElement>('.close');
      close?.click();
      return close !== null;
    })
    .catch(() => false);
  // Only a conversation that had a close button goes away; waiting for any other ate 5 s a tab.
  if (closing)
    await page.waitForFunction(() => !document.querySelector(':root > div[popover]'), undefined, 5000).catch(() => {});
  await page.close().catch(() => {});
}
