// The site build imports overlay.css as text for its shadow root (src/embed/embed-overlay.ts).
// As written, its comments (the why of each rule, for its readers) and indentation shipped in the
// conversation's chunk: 1.1 KB of its gzip. The extension's overlay links the file as it is.
import fs from 'node:fs';

/** `css` without its comments and the indentation of its lines; rules and values as written. */
export function bareCss(css) {
  return css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\n\s*/g, '\n');
}

/** An esbuild plugin: every imported stylesheet as text (`bareCss`). */
export function cssText() {
  return {
    name: 'css-text',
    setup(build) {
      build.onLoad({ filter: /\.css$/ }, async (args) => ({
        contents: bareCss(await fs.promises.readFile(args.path, 'utf8')),
        loader: 'text',
      }));
    },
  };
}
