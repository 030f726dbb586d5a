/** Small pieces every harness part shares. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built extension: `dist/`, or `TACT_DIST` when set (as for `scripts/build.mjs`). */
export const DIST = path.resolve(ROOT, process.env.TACT_DIST || 'dist');

/** The overlay frame has content once one of these is rendered. */
export const OVERLAY_READY = '.panel, .pill';

/** Polls `probe` until it returns a non-null value; throws with `what` after `timeoutMs`. */
export async function waitUntil<T>(
  probe: () => T | null | undefined | Promise<T | null | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * Polls `look` until `done` accepts what it saw, and returns that; after `timeoutMs` throws with
 * `what` and the last thing seen (a layout that never fits says how far it was from fitting).
 */
export async function waitUntilSeen<T>(
  look: () => Promise<T>,
  done: (seen: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  let last: T | undefined;
  try {
    return await waitUntil(
      async () => {
        last = await look();
        return done(last) ? { seen: last } : null;
      },
      timeoutMs,
      what,
    ).then(({ seen }) => seen);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}: ${JSON.stringify(last)}`, {
      cause: error,
    });
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * `promise`, or an error naming `what` after `timeoutMs`: a browser call that never settles (a
 * message the background never answers, a tab that never closes) fails the test with a reason
 * instead of hanging it until the runner's file timeout.
 */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result after ${timeoutMs} ms: ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The welcome view's address under an extension's base URL: the tab Tact opens on install. */
export const welcomeUrl = (extensionBase: string) => `${extensionBase}options.html#welcome`;

/** How long a launch waits for the install's welcome tab. */
export const WELCOME_TIMEOUT_MS = 20_000;

/**
 * `TactPage.tactLayer`'s reading, run in the page with the closed shadow roots the driver found:
 * a function's source (`(roots) => TactLayer`), so no bundler helper can slip into it.
 */
export const READ_TACT_LAYER = `(roots) => ({
  viewport: { width: innerWidth, height: innerHeight },
  boxes: roots.flatMap((root) =>
    [...root.children]
      .filter((el) => getComputedStyle(el).display !== 'none')
      .map((el) => {
        const r = el.getBoundingClientRect();
        return { text: el.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      }),
  ),
})`;
