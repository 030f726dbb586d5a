// Builds dist/chrome and dist/firefox from src/ with esbuild, deriving each browser's manifest
// from the one base manifest.json (scripts/manifest.mjs), then prints every bundle's size and
// fails when one is over its budget (scripts/size-budget.mjs).
//   node scripts/build.mjs          build both
//   node scripts/build.mjs --zip    build both, then write dist/tact-<browser>-<version>.zip and
//                                  dist/tact-embed-<version>.zip (the site build, dist/embed/)
//   node scripts/build.mjs --watch  rebuild on change
// TACT_DIST=<dir> builds into <dir>/chrome and <dir>/firefox instead of dist/ (parallel work, tests).
// TACT_NO_MINIFY=1 keeps names readable, for profiles (`bench:content -- --profile-load`); the size
// budgets are not checked then (they hold for the minified build only).
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeZip } from './zip.mjs';
import { manifestFor } from './manifest.mjs';
import { checkBudgets, formatBudgets, formatSizes, measureDir } from './size-budget.mjs';
import { buildEmbed } from './build-embed.mjs';
import { htmlTemplateWhitespace } from './html-template-whitespace.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const distDir = path.resolve(root, process.env.TACT_DIST || 'dist');
const minify = !process.env.TACT_NO_MINIFY;
const base = JSON.parse(fs.readFileSync(path.join(root, 'manifest.json'), 'utf8'));

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
  // The formatter of "why" reasons, imported by the overlay frame only when a visitor asks why.
  { entry: 'src/overlay/reason-formatter.ts', out: 'reason-formatter' },
];

/**
 * Parts of the content script the background injects only when a page needs them, with
 * `scripting.executeScript`: output file → entry, in src/shared/content-modules.json, the one list
 * the content script and the background (file names, type-checked) and these entries come from
 * (see ARCHITECTURE.md, "Signals (content side)"). Each is a classic script (executeScript runs no
 * modules) that puts its exports into the content script's world as `tactModules[file]`, and ends
 * with `void 0`: the result of an injected file must be clonable, and functions are not.
 */
const readContentModules = () =>
  JSON.parse(fs.readFileSync(path.join(root, 'src', 'shared', 'content-modules.json'), 'utf8'));

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
    minify,
    legalComments: 'none',
    target: target === 'chrome' ? 'chrome121' : 'firefox140',
    define: { __FIREFOX__: String(target === 'firefox') },
    absWorkingDir: root,
    metafile: true,
    plugins: [htmlTemplateWhitespace()],
  };
  const contentModules = readContentModules();
  const results = await Promise.all([
    esbuild.build({ ...common, entryPoints: { content: 'src/content/content.ts' }, outdir: out, format: 'iife' }),
    esbuild.build({
      ...common,
      entryPoints: Object.fromEntries(pages.map((p) => [p.out, p.entry])),
      outdir: out,
      format: 'esm',
    }),
    ...Object.entries(contentModules).map(([file, entry]) =>
      esbuild.build({
        ...common,
        entryPoints: { [file.replace(/\.js$/, '')]: entry },
        outdir: out,
        format: 'iife',
        globalName: 'tactModule',
        footer: { js: `(globalThis.tactModules??={})[${JSON.stringify(file)}]=tactModule;void 0;` },
      }),
    ),
  ]);
  for (const p of pages) {
    if (p.html) fs.copyFileSync(path.join(root, p.html), path.join(out, path.basename(p.html)));
    for (const css of p.css ?? []) fs.copyFileSync(path.join(root, css), path.join(out, path.basename(css)));
  }
  copyDir(path.join(root, 'assets', 'icons'), path.join(out, 'icons'));
  copyDir(path.join(root, 'assets', '_locales'), path.join(out, '_locales'));
  writeLocaleModules(out);
  const manifest = manifestFor(base, target);
  fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return results;
}

/** Prints every bundle's raw and gzip size per browser and each budget's verdict; false when one is over. */
function reportSizes(targets) {
  const byTarget = Object.fromEntries(targets.map((t) => [t, measureDir(path.join(distDir, t))]));
  console.log(formatSizes(byTarget));
  let ok = true;
  for (const target of targets) {
    const results = checkBudgets(byTarget[target]);
    for (const line of formatBudgets(results, target)) console.log(line);
    ok &&= results.every((r) => r.ok);
  }
  return ok;
}

async function buildAll() {
  const t0 = performance.now();
  const [embed] = await Promise.all([buildEmbed(root, distDir), ...['chrome', 'firefox'].map(buildTarget)]);
  const ms = Math.round(performance.now() - t0);
  console.log(`built ${path.relative(root, distDir) || '.'}/chrome, /firefox and /embed in ${ms} ms`);
  const extensionOk = !minify || reportSizes(['chrome', 'firefox']);
  for (const line of embed.lines) console.log(line);
  if (!extensionOk || !embed.ok) {
    const message = 'size budget exceeded (see above; budgets in scripts/size-budget.mjs)';
    if (args.has('--watch')) console.error(`✖ ${message}`);
    else throw new Error(message);
  }
  if (args.has('--zip')) {
    for (const target of ['chrome', 'firefox']) {
      const file = path.join(distDir, `tact-${target}-${base.version}.zip`);
      const bytes = writeZip(path.join(distDir, target), file);
      console.log(`packaged ${path.relative(root, file)} (${bytes} bytes)`);
    }
    // The site build for "Publish to a site": it is not inside the extension packages.
    const embedZip = path.join(distDir, `tact-embed-${base.version}.zip`);
    const embedBytes = writeZip(path.join(distDir, 'embed'), embedZip);
    console.log(`packaged ${path.relative(root, embedZip)} (${embedBytes} bytes)`);
  }
}

try {
  await buildAll();
} catch (error) {
  console.error(`✖ ${error.message}`);
  process.exit(1);
}

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
