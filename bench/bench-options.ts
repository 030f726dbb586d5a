/**
 * A bench's command-line options, read the same way by every bench: `--name value` and `--flag`
 * (`npm run bench:x -- --runs 5 --smoke`). No browser harness here: the Node-only benches use it too.
 */
import type { BrowserKind } from '../e2e/harness/types.ts';

const argv = process.argv.slice(2);

/** The value after `--name`; `fallback` when the option is absent or has no value after it. */
export function option(name: string, fallback: string): string {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 && argv[at + 1] ? argv[at + 1]! : fallback;
}

/** `option` as a number. */
export function numberOption(name: string, fallback: number): number {
  return Number(option(name, String(fallback)));
}

/** Whether `--name` was given. */
export function flag(name: string): boolean {
  return argv.includes(`--${name}`);
}

/** `--smoke`: tiny sizes, a few runs; `npm run bench:smoke` checks only that the bench runs and prints. */
export const smoke = flag('smoke');

/** The browsers `--browsers` names (comma-separated), the ones it does not know left out. */
export function browsersOption(fallback: readonly BrowserKind[]): BrowserKind[] {
  return option('browsers', fallback.join(','))
    .split(',')
    .filter((b): b is BrowserKind => b === 'chromium' || b === 'firefox');
}
