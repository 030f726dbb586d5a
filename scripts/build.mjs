// Builds dist/chrome and dist/firefox from src/ with esbuild, deriving each browser's manifest
// from the one base manifest.json plus the small overrides below.
//   node scripts/build.mjs          build both
//   node scripts/build.mjs --zip    build both, then write dist/tact-<browser>-<version>.zip
//   node scripts/build.mjs --watch  rebuild on change
// TACT_DIST=<dir> builds into <dir>/chrome and <dir>/firefox instead of dist/ (parallel work, tests).
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeZip } from './zip.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const distDir = path.resolve(root, process.env.TACT_DIST || 'dist');
const base = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'), 'utf8'));

/** Per-browser differences, merged over the base manifest. */
const overrides = {
  chrome: { minimum_chrome_version: '121' },
  firefox: {
    background: { scripts: ['background.js'], type: 'module' },
    browser_specific_settings: {
      gecko: {
        id: 'tact@tact-extension.org',
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: '142.0' },
    },
  },
};

const pages = [
  { entry: 'src/background/background.ts', out: 'background' },
  {
    entry: 'src/overlay/overlay.ts',
    out: 'overlay',
    html: 'src/overlay/overlay.html',
    css: ['src/overlay/overlay.css'],
  },
  {
    entry: 'src/options/options.ts',
    out: 'options',
    html: 'src/options/options.html',
    css: ['src/shared/styles/pages.css', 'src/options/workspace.css'],
  },
  { entry: 'src/popup/popup.ts', out: 'popup', html: 'src/popup/popup.html', css: ['src/shared/styles/pages.css'] },
];

/**
 * Parts of the content script loaded only when a page needs them, with
 * `import(runtime.getURL('<out>.js'))`: ES modules, listed in the manifest's
 * `web_accessible_resources` (see ARCHITECTURE.md, "Signals (content side)").
 */
const contentModules = [
  { entry: 'src/content/detectors.ts', out: 'detectors' },
  { entry: 'src/content/overlay-frame.ts', out: 'overlay-frame' },
];

// The element picker (popup's preview tools), imported by the content script on demand.
contentModules.push({ entry: 'src/content/picker/picker.ts', out: 'picker' });

function copyDir(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    if (e.isDirectory()) copyDir(src, path.join(to, e.name));
    else if (!e.name.endsWith('.svg') || to.includes('icons')) fs.copyFileSync(src, path.join(to, e.name));
  }
}

/**
 * `locales/<lang>.js`: each language's messages as an ES module, for the interface language a
 * marketer may choose on the options page (src/shared/ui-language.ts); chrome.i18n cannot switch.
 */
function writeLocaleModules(out) {
  fs.mkdirSync(path.join(out, 'locales'), { recursive: true });
  for (const lang of fs.readdirSync(path.join(root, 'assets', '_locales'))) {
    const json = JSON.parse(fs.readFileSync(path.join(root, 'assets', '_locales', lang, 'messages.json'), 'utf8'));
    const messages = Object.fromEntries(Object.entries(json).map(([k, v]) => [k, v.message]));
    fs.writeFileSync(path.join(out, 'locales', `${lang}.js`), `export default ${JSON.stringify(messages)};\n`);
  }
}

async function buildTarget(target) {
  const out = path.join(distDir, target);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const common = {
    bundle: true,
    logLevel: 'warning',
    minify: true,
    legalComments: 'none',
    target: target === 'chrome' ? 'chrome121' : 'firefox140',
    define: { __FIREFOX__: String(target === 'firefox') },
    absWorkingDir: root,
    metafile: true,
  };
  const results = await Promise.all([
    esbuild.build({ ...common, entryPoints: { content: 'src/content/content.ts' }, outdir: out, format: 'iife' }),
    esbuild.build({
      ...common,
      entryPoints: Object.fromEntries(pages.map((p) => [p.out, p.entry])),
      outdir: out,
      format: 'esm',
    }),
    esbuild.build({
      ...common,
      entryPoints: Object.fromEntries(contentModules.map((m) => [m.out, m.entry])),
      outdir: out,
      format: 'esm',
    }),
  ]);
  for (const p of pages) {
    if (p.html) fs.copyFileSync(path.join(root, p.html), path.join(out, path.basename(p.html)));
    for (const css of p.css ?? []) fs.copyFileSync(path.join(root, css), path.join(out, path.basename(css)));
  }
  copyDir(path.join(root, 'assets', 'icons'), path.join(out, 'icons'));
  copyDir(path.join(root, 'assets', '_locales'), path.join(out, '_locales'));
  writeLocaleModules(out);
  const manifest = { ...base, ...overrides[target] };
  fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return results;
}

async function buildAll() {
  const t0 = performance.now();
  await Promise.all(['chrome', 'firefox'].map(buildTarget));
  const ms = Math.round(performance.now() - t0);
  console.log(`built ${path.relative(root, distDir) || '.'}/chrome and /firefox in ${ms} ms`);
  if (args.has('--zip')) {
    for (const target of ['chrome', 'firefox']) {
      const file = path.join(distDir, `tact-${target}-${base.version}.zip`);
      const bytes = writeZip(path.join(distDir, target), file);
      console.log(`packaged ${path.relative(root, file)} (${bytes} bytes)`);
    }
  }
}

await buildAll();

if (args.has('--watch')) {
  console.log('watching src/, assets/ and manifest.json for changes…');
  let timer;
  for (const dir of ['src', 'assets']) {
    fs.watch(path.join(root, dir), { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => buildAll().catch((e) => console.error(e.message)), 150);
    });
  }
}
