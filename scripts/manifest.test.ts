import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { manifestFor, type Manifest } from './manifest.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));

const PAGES = ['http://*/*', 'https://*/*'];
const base = (): Manifest => ({
  manifest_version: 3,
  version: '1.0.0',
  background: { service_worker: 'background.js', type: 'module' },
  web_accessible_resources: [{ resources: ['overlay.html'], matches: PAGES }],
});

describe('manifestFor', () => {
  test('Chrome keeps the service worker and gets its minimum version', () => {
    const m = manifestFor(base(), 'chrome');
    assert.deepEqual(m.background, { service_worker: 'background.js', type: 'module' });
    assert.equal(m.minimum_chrome_version, '121');
    assert.equal(m.browser_specific_settings, undefined);
  });

  test('Firefox gets an event page and its add-on settings instead', () => {
    const m = manifestFor(base(), 'firefox');
    assert.deepEqual(m.background, { scripts: ['background.js'], type: 'module' });
    const gecko = (m.browser_specific_settings as { gecko: { id: string; strict_min_version: string } }).gecko;
    assert.equal(gecko.id, 'tact@tact-extension.org');
    assert.equal(gecko.strict_min_version, '140.0');
    assert.equal(m.minimum_chrome_version, undefined);
  });

  test('the base manifest is not changed', () => {
    const b = base();
    const copy = structuredClone(b);
    manifestFor(b, 'firefox');
    assert.deepEqual(b, copy);
  });

  test('an unknown target is refused with the reason', () => {
    assert.throws(() => manifestFor(base(), 'safari' as never), /unknown build target "safari"/);
  });

  test("the repository's manifest: only overlay.html is web-accessible, no content module; every module's entry a real file", () => {
    const modules = readJson('src/shared/content-modules.json') as Record<string, string>;
    assert.ok(Object.keys(modules).length > 0);
    for (const target of ['chrome', 'firefox'] as const) {
      const m = manifestFor(readJson('manifest.json') as Manifest, target);
      assert.deepEqual(
        m.web_accessible_resources!.flatMap((e) => e.resources),
        ['overlay.html'],
        `what a page can fetch in ${target}`,
      );
      assert.equal(m.content_scripts, undefined, 'registered by the background, not declared');
    }
    for (const [file, entry] of Object.entries(modules)) {
      assert.match(file, /^[a-z-]+\.js$/, 'an output file name');
      assert.ok(fs.existsSync(path.join(root, entry)), `${entry} (for ${file}) exists`);
    }
  });
});
