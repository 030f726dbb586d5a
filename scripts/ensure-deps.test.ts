/**
 * The Node.js version README and package.json promise is one every installed dependency accepts:
 * a dependency that needs a newer Node.js (as puppeteer-core 25 did) fails here, not on a user's
 * machine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import semver from 'semver';

const read = (file: string) => JSON.parse(fs.readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')) as unknown;

test('every dependency in package-lock.json runs on the oldest Node.js package.json allows', () => {
  const pkg = read('package.json') as { engines: { node: string } };
  const oldest = semver.minVersion(pkg.engines.node);
  assert.ok(oldest, `engines.node "${pkg.engines.node}" has a lowest version`);
  const lock = read('package-lock.json') as {
    packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
  };
  const refused = Object.entries(lock.packages)
    .filter(([name, p]) => name && !Array.isArray(p.engines) && p.engines?.node)
    .filter(([, p]) => !semver.satisfies(oldest, (p.engines as { node: string }).node))
    .map(
      ([name, p]) =>
        `${name.replace(/^.*node_modules\//, '')}@${p.version} needs node ${(p.engines as { node: string }).node}`,
    );
  assert.deepEqual(refused, [], `Node.js ${oldest.version} is too old for:`);
});

test('README states the same Node.js version as package.json', () => {
  const pkg = read('package.json') as { engines: { node: string } };
  const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const version = pkg.engines.node.replace(/^>=\s*/, '');
  assert.match(readme, new RegExp(`Node\\.js ${version.replace('.', '\\.')} or newer`));
});
