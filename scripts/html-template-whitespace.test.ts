import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { collapseHtmlTemplates } from './html-template-whitespace.mjs';

describe('html template white space', () => {
  test("a template's layout becomes one space; its expressions and other literals are unchanged", () => {
    const source = [
      'const a = html`<div class="x">',
      '    ${cond ? html`<span>',
      '        yes</span>` : `kept',
      '   as is`}',
      '  </div>`;',
      'const b = `not html',
      '  either`;',
    ].join('\n');
    assert.equal(
      collapseHtmlTemplates(source),
      [
        'const a = html`<div class="x"> ${cond ? html`<span> yes</span>` : `kept',
        '   as is`} </div>`;',
        'const b = `not html',
        '  either`;',
      ].join('\n'),
    );
  });

  test('templates that keep their white space are left as written', () => {
    for (const template of [
      'html`<pre class="error">\n${a}\n${b}</pre>`',
      'html`<textarea\n  id="x"\n  .value=${v}></textarea>`',
      'html`<p class="bubble">${a}\n</p>`',
    ])
      assert.equal(collapseHtmlTemplates(`x = ${template};`), `x = ${template};`);
  });

  test('a line continuation is not collapsed', () => {
    const source = 'x = html`<b>a\\\nb</b>`;';
    assert.equal(collapseHtmlTemplates(source), source);
  });

  test('a file without an html template is returned as it is', () => {
    const source = 'const s = `a\n  b`;';
    assert.equal(collapseHtmlTemplates(source), source);
  });

  test('only white space changes, and no line break is left in a collapsed template', () => {
    const piece = fc.constantFrom(
      '<div>',
      '</div>',
      '<span class="a b">',
      '</span>',
      'text',
      'x=${v}',
      ' ',
      '\n  ',
      '\t\n',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const source = `const t = html\`${pieces.join('')}\`;\n`;
        const out = collapseHtmlTemplates(source);
        assert.equal(out.replace(/\s+/g, ' '), source.replace(/\s+/g, ' '));
        assert.ok(!out.slice(0, -1).includes('\n'));
      }),
    );
  });
});
