/**
 * `npm run test:e2e`: every journey file (or those named on the command line), one after the
 * other, in this one Node process. Each file in a process of its own (`node --test`) paid ~1.6 s
 * of Node, tsx and the drivers' modules before its first launch, 39 s over 24 files on the 2-core
 * machine; here they are loaded once. Nothing else is shared: every journey still has its own
 * demo server, browsers and profiles (`journey.ts`), and bounds its own time (`JOURNEY_LIMIT_MS`).
 * Journeys still run one at a time: two at once starve each other on two cores (ARCHITECTURE.md).
 *
 *     node --import tsx --test-reporter=spec e2e/run-journeys.ts [e2e/journeys/<file>.test.ts…]
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after } from 'node:test';
import { ROOT } from './harness/common.ts';
import { allClosed } from './harness/journey.ts';

const dir = path.join(ROOT, 'e2e', 'journeys');
const named = process.argv.slice(2).map((file) => path.resolve(file));
const files = named.length
  ? named
  : fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.test.ts'))
      .sort()
      .map((name) => path.join(dir, name));

// Each file declares its journeys as it loads; Node's test runner runs top-level suites in the
// order they are declared, one at a time.
for (const file of files) await import(pathToFileURL(file).href);
// Each journey's browser closes while the next one launches (journey.ts): the last one, here.
after(allClosed);
