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

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
