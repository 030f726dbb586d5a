// The site build of Tact (issue 15): dist/embed/tact-embed.js, an ES module a website loads with
// <script type="module" src="…/tact-embed.js" data-pack="/tact-pack.json">, and the chunks it
// imports on demand, all from the same src/ as the extension (src/embed/ is only the wiring).
// Also writes messages/<lang>.js and messages/why-<lang>.js (the overlay's own words and those of
// its "why" view per language, derived from assets/_locales) and enforces the embed's size budget: the code loaded on every page (the entry
// and what it imports statically) at most 8 KB gzip, and neither the conversation component nor
// valibot in it.
import * as esbuild from 'esbuild';
import { cssText } from './css-text.mjs';
import { htmlTemplateWhitespace } from './html-template-whitespace.mjs';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSize, KB } from './size-budget.mjs';

/**
 * What every page pays, gzip (issue 15: ≤ 8 KB). Valibot must not be part of it: the entry's path
 * (arming plan, URL matching) imports only schema-free modules (signal-kinds.ts, arming-plan.ts,
 * url-match.ts); the pack is checked whole in the engine chunk, loaded on the first signal. With
 * valibot in the always-loaded chunks it was 12.8 KB.
 */
export const EMBED_ALWAYS_MAX_GZIP = 8 * KB;
/** The overlay's component; its file must be reached only through a dynamic import. */
const OVERLAY_SOURCE = 'src/shared/ui/tact-conversation.ts';
/** The schema library: the engine's, never every page's (the build names the module that brings it). */
const SCHEMA_LIBRARY = /(^|\/)node_modules\/valibot\//;

/**
 * The words of the "why" view: the sentences of reasons (`code_*`) and what they name (how an
 * address compares, a glob's parts, a signal's and a page field's name; core/rules/reason-words.ts), and
 * the visitor's own notes (`whyVisitor*`, src/shared/why-view.ts).
 */
const WHY_KEYS = /^(code_|whyHow_|whySubject|whyGlob|whyVisitor|wsSig_|wsPage_)/;

/**
 * Each language's words as ES modules: `messages/<lang>.js`, the overlay's own (keys starting with
 * "overlay", and "punct" for the punctuation it writes, such as the French colon), imported on the
 * first show; `messages/why-<lang>.js`, the "why" view's, imported when a visitor asks why.
 */
function writeMessages(root, out) {
  fs.mkdirSync(path.join(out, 'messages'), { recursive: true });
  for (const lang of fs.readdirSync(path.join(root, 'assets', '_locales'))) {
    const json = JSON.parse(fs.readFileSync(path.join(root, 'assets', '_locales', lang, 'messages.json'), 'utf8'));
    const write = (file, keep) => {
      const messages = Object.fromEntries(
        Object.entries(json)
          .filter(([k]) => keep(k))
          .map(([k, v]) => [k, v.message]),
      );
      fs.writeFileSync(path.join(out, 'messages', file), `export default ${JSON.stringify(messages)};\n`);
    };
    write(`${lang}.js`, (k) => k.startsWith('overlay') || k.startsWith('punct'));
    write(`why-${lang}.js`, (k) => WHY_KEYS.test(k));
  }
}

/**
 * The files of the built embed, each with its gzip size and what loads it:
 * `always` (the entry and its static imports), or the dynamic import that first reaches it.
 */
function embedParts(metafile, out) {
  const outputs = metafile.outputs;
  const rel = (p) => path.relative(out, p);
  const gz = (p) => gzipSize(fs.readFileSync(p));
  const closure = (start) => {
    const seen = new Set();
    const walk = (p) => {
      if (seen.has(p)) return;
      seen.add(p);
      for (const i of outputs[p]?.imports ?? []) if (i.kind === 'import-statement') walk(i.path);
    };
    walk(start);
    return seen;
  };
  const entry = Object.keys(outputs).find((p) => p.endsWith('tact-embed.js'));
  const always = closure(entry);
  const parts = [];
  for (const p of Object.keys(outputs)) {
    if (!p.endsWith('.js')) continue;
    const inputs = Object.keys(outputs[p].inputs);
    const loads = (outputs[p].imports ?? []).filter((i) => i.kind === 'import-statement').map((i) => rel(i.path));
    parts.push({ file: rel(p), gzip: gz(p), always: always.has(p), inputs, entryPoint: outputs[p].entryPoint, loads });
  }
  return parts;
}

/**
 * The project modules in the always-loaded chunks that import valibot: where to start looking when
 * the schema library reaches every page again.
 */
function schemaImporters(metafile, parts) {
  const always = new Set(parts.filter((p) => p.always).flatMap((p) => p.inputs));
  return Object.entries(metafile.inputs)
    .filter(([file]) => always.has(file) && !SCHEMA_LIBRARY.test(file))
    .filter(([, input]) => input.imports.some((i) => SCHEMA_LIBRARY.test(i.path)))
    .map(([file]) => file);
}

/** Builds dist/embed under `distDir`; returns the size lines, whether the budget holds, and the parts. */
export async function buildEmbed(root, distDir) {
  const out = path.join(distDir, 'embed');
  fs.rmSync(out, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { 'tact-embed': 'src/embed/tact-embed.ts' },
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    legalComments: 'none',
    target: ['chrome111', 'firefox115', 'safari16.4'],
    define: { __FIREFOX__: 'false' },
    plugins: [htmlTemplateWhitespace(), cssText()],
    chunkNames: 'tact-[name]-[hash]',
    entryNames: '[name]',
    metafile: true,
    logLevel: 'warning',
  });
  writeMessages(root, out);
  const parts = embedParts(result.metafile, out);
  const alwaysGzip = parts.filter((p) => p.always).reduce((s, p) => s + p.gzip, 0);
  const overlayAlways = parts.some((p) => p.always && p.inputs.includes(OVERLAY_SOURCE));
  const schemasAlways = parts.some((p) => p.always && p.inputs.some((i) => SCHEMA_LIBRARY.test(i)));
  const lines = parts.map(
    (p) => `  embed/${p.file.padEnd(34)} ${String(p.gzip).padStart(7)} B gzip${p.always ? '  (every page)' : ''}`,
  );
  const ok = alwaysGzip <= EMBED_ALWAYS_MAX_GZIP && !overlayAlways && !schemasAlways;
  lines.push(
    `${alwaysGzip <= EMBED_ALWAYS_MAX_GZIP ? '✔' : '✖'} embed, loaded on every page: ${alwaysGzip} B gzip of ${EMBED_ALWAYS_MAX_GZIP}`,
    `${overlayAlways ? '✖ embed: the conversation component is loaded on every page' : '✔ embed: the conversation component loads only on first show'}`,
    schemasAlways
      ? `✖ embed: valibot is loaded on every page, through ${schemaImporters(result.metafile, parts).join(', ')}`
      : '✔ embed: valibot loads only with the engine',
  );
  return { lines, ok, parts };
}
