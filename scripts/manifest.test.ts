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
    const m = manifestFor(base(), 'chrome', []);
    assert.deepEqual(m.background, { service_worker: 'background.js', type: 'module' });
    assert.equal(m.minimum_chrome_version, '121');
    assert.equal(m.browser_specific_settings, undefined);
  });

  test('Firefox gets an event page and its add-on settings instead', () => {
    const m = manifestFor(base(), 'firefox', []);
    assert.deepEqual(m.background, { scripts: ['background.js'], type: 'module' });
    const gecko = (m.browser_specific_settings as { gecko: { id: string; strict_min_version: string } }).gecko;
    assert.equal(gecko.id, 'tact@tact-extension.org');
    assert.equal(gecko.strict_min_version, '140.0');
    assert.equal(m.minimum_chrome_version, undefined);
  });

  test('the lazily loaded modules join the entry that makes overlay.html reachable, for the same pages', () => {
    const m = manifestFor(base(), 'chrome', ['detectors.js', 'picker.js']);
    assert.deepEqual(m.web_accessible_resources, [
      { resources: ['overlay.html', 'detectors.js', 'picker.js'], matches: PAGES },
    ]);
  });

  test('a module the base already lists is not listed twice; other entries stay as they are', () => {
    const b = base();
    b.web_accessible_resources!.push({ resources: ['icons/icon-16.png'], matches: ['https://example.com/*'] });
    b.web_accessible_resources![0]!.resources.push('picker.js');
    const m = manifestFor(b, 'firefox', ['picker.js', 'detectors.js']);
    assert.deepEqual(m.web_accessible_resources![0]!.resources, ['overlay.html', 'picker.js', 'detectors.js']);
    assert.deepEqual(m.web_accessible_resources![1], b.web_accessible_resources![1]);
  });

  test('the base manifest is not changed', () => {
    const b = base();
    const copy = structuredClone(b);
    manifestFor(b, 'firefox', ['detectors.js']);
    assert.deepEqual(b, copy);
  });

  test('an unknown target or a base without web_accessible_resources is refused with the reason', () => {
    assert.throws(() => manifestFor(base(), 'safari' as never, []), /unknown build target "safari"/);
    const bare = base();
    delete bare.web_accessible_resources;
    assert.throws(() => manifestFor(bare, 'chrome', ['detectors.js']), /needs a web_accessible_resources entry/);
  });

  test("the repository's manifest and lazy-module list: every module web-accessible, every entry a real file", () => {
    const lazy = readJson('src/content/lazy-modules.json') as Record<string, string>;
    assert.ok(Object.keys(lazy).length > 0);
    for (const target of ['chrome', 'firefox'] as const) {
      const m = manifestFor(readJson('manifest.json') as Manifest, target, Object.keys(lazy));
      const listed = m.web_accessible_resources!.flatMap((e) => e.resources);
      for (const file of Object.keys(lazy)) assert.ok(listed.includes(file), `${file} web-accessible in ${target}`);
      assert.ok(listed.includes('overlay.html'));
    }
    for (const [file, entry] of Object.entries(lazy)) {
      assert.match(file, /^[a-z-]+\.js$/, 'an output file name');
      assert.ok(fs.existsSync(path.join(root, entry)), `${entry} (for ${file}) exists`);
    }
  });
});
