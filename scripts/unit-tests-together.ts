/**
 * The unit test files that change nothing their process shares, run in this one process
 * (scripts/run-unit-tests.mjs chooses them and names them in TACT_UNIT_TOGETHER, one per line).
 * Each file keeps what it had in a process of its own:
 * - its own copy of every Tact module (scripts/unit-module-copies.mjs), so no module state passes
 *   from one file to the next;
 * - its own suite, named after the file, so its top-level hooks (`before`, `beforeEach`…) apply to
 *   its tests only;
 * - the globals as Node made them: every file is loaded before any test runs, and its loading, then
 *   its tests with their hooks, must leave the named globals (their own properties, those of their
 *   prototypes, and process.env) as they found them, or the file fails, named, with what it changed.
 *
 *     TACT_UNIT_TOGETHER="$(printf '%s\n' a.test.ts b.test.ts)" node --import tsx --test scripts/unit-tests-together.ts
 */
import { register } from 'node:module';
import { after, before, describe } from 'node:test';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

register('./unit-module-copies.mjs', import.meta.url);

const files = (process.env.TACT_UNIT_TOGETHER ?? '').split('\n').filter(Boolean);

type Snapshot = Map<string, unknown>;

/** What a test file could change for the files after it: own properties, one level down. */
function snapshot(): Snapshot {
  const seen: Snapshot = new Map();
  const record = (label: string, object: object, keys = Reflect.ownKeys(object)) => {
    for (const key of keys) {
      const d = Object.getOwnPropertyDescriptor(object, key);
      if (!d) continue;
      const name = `${label}.${String(key)}`;
      // An accessor is compared as its getter and setter.
      const { value, get: getter, set: setter } = d as { value?: unknown; get?: unknown; set?: unknown };
      if ('value' in d) seen.set(name, value);
      else {
        seen.set(`${name} (get)`, getter);
        seen.set(`${name} (set)`, setter);
      }
    }
  };
  // Symbol-keyed globals are Node's own (undici's dispatcher, made by the first fetch).
  record('globalThis', globalThis, Object.getOwnPropertyNames(globalThis));
  for (const key of Object.getOwnPropertyNames(globalThis)) {
    // Into data properties only: an accessor's getter is not called.
    const value: unknown = Object.getOwnPropertyDescriptor(globalThis, key)?.value;
    if (value === globalThis || (typeof value !== 'object' && typeof value !== 'function') || value === null) continue;
    record(key, value);
    const prototype: unknown = typeof value === 'function' ? (value as { prototype?: unknown }).prototype : undefined;
    if (typeof prototype === 'object' && prototype !== null) record(`${key}.prototype`, prototype);
  }
  record('process.env', { ...process.env });
  return seen;
}

/** The names whose value differs between two snapshots. */
function changes(before: Snapshot, now: Snapshot): string[] {
  const names = new Set([...before.keys(), ...now.keys()]);
  return [...names].filter((name) => !Object.is(before.get(name), now.get(name)) || before.has(name) !== now.has(name));
}

function expectUnchanged(file: string, when: string, earlier: Snapshot): void {
  const changed = changes(earlier, snapshot());
  if (changed.length > 0)
    throw new Error(
      `${file} ${when} changed what every test file of this process shares: ${changed.join(', ')}. ` +
        'Run it in a process of its own: see CHANGES_THE_PROCESS in scripts/run-unit-tests.mjs.',
    );
}

// Node makes some globals on first use (AbortController, File…, a getter replaced by the value):
// make them now, so that a file using one is not taken for one that changed it.
for (const key of Reflect.ownKeys(globalThis)) Reflect.get(globalThis, key);

let allLoaded = () => {};
const everyFileLoaded = new Promise<void>((resolve) => (allLoaded = resolve));
let copy = 0;
for (const file of files) {
  const url = pathToFileURL(path.resolve(file));
  url.searchParams.set('unit', String(++copy));
  let loaded = () => {};
  const fileLoaded = new Promise<void>((resolve) => (loaded = resolve));
  // The import is the suite's first await, so the file's tests and hooks are the suite's. The suite
  // is not ready to run before every file is loaded: no test runs while a file loads.
  describe(file, async () => {
    const beforeLoading = snapshot();
    let beforeTests = beforeLoading;
    // Hooks run in the order they are given: this one before the file's, the `after` below last.
    before(() => (beforeTests = snapshot()));
    try {
      await import(url.href);
      expectUnchanged(file, 'as it loaded', beforeLoading);
      after(() => expectUnchanged(file, 'in its tests', beforeTests));
    } finally {
      loaded();
    }
    await everyFileLoaded;
  });
  await fileLoaded;
}
allLoaded();
