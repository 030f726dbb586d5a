// Collapses the source layout inside Lit's html`…` templates before esbuild bundles them. esbuild
// minifies code but keeps template literals as written, so every line break and indentation of a
// template reaches the bundle (and the browser's template parser). A run of white space holding a
// line break renders as one space wherever white space collapses, so it is replaced by one space:
// the page looks the same and the overlay's budgeted files shrink (ARCHITECTURE.md, "Size").
// Templates where white space is kept (`<pre>`, `<textarea>`, the transcript's pre-wrap bubbles)
// are left as written.
import fs from 'node:fs';
import ts from 'typescript';

/** Static text of a template that keeps its white space: left untouched. */
const KEEPS_WHITE_SPACE = /<(?:pre|textarea)\b|\bbubble\b/;

/** A line break with the white space around it, not a line continuation (`\` before the break). */
const LAYOUT = /(?<!\\)[ \t]*\r?\n\s*/g;

/**
 * `source` (TypeScript) with the layout white space of each html`…` template's static parts
 * collapsed to one space; expressions inside `${…}` and every other literal are unchanged. Returns
 * `source` itself when it has no such template.
 */
export function collapseHtmlTemplates(source, fileName = 'source.ts') {
  if (!source.includes('html`')) return source;
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  /** [start, end) of each static part to collapse, in source order. */
  const parts = [];
  const visit = (node) => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === 'html') {
      const template = node.template;
      const literals = ts.isNoSubstitutionTemplateLiteral(template)
        ? [template]
        : [template.head, ...template.templateSpans.map((span) => span.literal)];
      const text = literals.map((literal) => source.slice(literal.getStart(file), literal.end)).join('');
      if (!KEEPS_WHITE_SPACE.test(text)) for (const l of literals) parts.push([l.getStart(file), l.end]);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  parts.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of parts) {
    out += source.slice(at, start) + source.slice(start, end).replace(LAYOUT, ' ');
    at = end;
  }
  return out + source.slice(at);
}

/** An esbuild plugin applying `collapseHtmlTemplates` to the project's TypeScript files. */
export function htmlTemplateWhitespace() {
  return {
    name: 'html-template-whitespace',
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
        const source = await fs.promises.readFile(args.path, 'utf8');
        const contents = collapseHtmlTemplates(source, args.path);
        return contents === source ? undefined : { contents, loader: 'ts' };
      });
    },
  };
}
