/**
 * Every step a journey takes through the harness ends within a bound. A driver can leave a call
 * unanswered for ever (an `evaluate` racing a frame that turns out-of-process, a tab that never
 * reports closed: known Playwright and puppeteer races); unbounded, such a step stalls its whole
 * file until the runner's 240 s timeout, which names no step. Bounded, it fails the step that
 * waited, by name, in a minute at most.
 */
import type { TactBrowser, TactFrame, TactPage } from './types.ts';
import { withTimeout } from './common.ts';

/** The bound of a step that has no wait of its own; steps that take a timeout get it added. */
const STEP_LIMIT_MS = 60_000;
/**
 * `TACT_SLOW_STEP_MS=1000 npm run test:e2e` prints every step that took longer than that to stderr,
 * with its time: where a journey's minutes go.
 */
const SLOW_STEP_MS = Number(process.env.TACT_SLOW_STEP_MS) || 0;
/** The argument index of the methods' own timeout (`waitFor(selector, ms)`, `overlay(ms)`…). */
const OWN_TIMEOUT_ARG: Record<string, number> = { waitFor: 1, waitForFunction: 2, overlay: 0 };

/** What a bounded step's error names: the method and its first argument, shortened. */
function stepName(where: string, method: string, args: unknown[]): string {
  const first = args[0];
  const shown = typeof first === 'function' ? first.toString() : JSON.stringify(first);
  return `${where}.${method}(${(shown ?? '').replace(/\s+/g, ' ').slice(0, 80)})`;
}

function bound<T extends object>(target: T, where: () => string, wrapResult: Record<string, (v: never) => unknown>): T {
  return new Proxy(target, {
    get(obj, key, receiver) {
      const value: unknown = Reflect.get(obj, key, receiver);
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(obj, args);
        if (!(result instanceof Promise)) return result;
        const own = OWN_TIMEOUT_ARG[key];
        const ownMs = own === undefined ? 0 : Number(args[own] ?? 10_000) || 10_000;
        const wrap = wrapResult[key];
        const name = () => stepName(where(), key, args);
        const started = performance.now();
        const bounded = withTimeout(result, STEP_LIMIT_MS + ownMs, name());
        if (SLOW_STEP_MS) {
          const report = () => {
            const ms = performance.now() - started;
            if (ms > SLOW_STEP_MS) process.stderr.write(`slow step ${(ms / 1000).toFixed(1)} s: ${name()}\n`);
          };
          void bounded.then(report, report);
        }
        return wrap ? bounded.then((v) => wrap(v as never)) : bounded;
      };
    },
  });
}

function boundedFrame(frame: TactFrame | null, where: string): TactFrame | null {
  return frame && bound(frame, () => `${where} ${frame.url()}`, {});
}

function boundedPage(page: TactPage): TactPage {
  const where = () => `page ${page.isClosed() ? '(closed)' : page.url()}`;
  return bound(page, where, {
    overlay: (f: TactFrame) => boundedFrame(f, 'overlay of'),
    overlayNow: (f: TactFrame | null) => boundedFrame(f, 'overlay of'),
  });
}

/** `browser`, with every page, frame and step it hands out bounded (see the module comment). */
export function boundedBrowser(browser: TactBrowser): TactBrowser {
  const welcome = browser.welcome && boundedPage(browser.welcome);
  return bound({ ...browser, welcome }, () => browser.kind, {
    newPage: boundedPage,
    openExtensionPage: boundedPage,
  });
}
