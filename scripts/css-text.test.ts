import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { bareCss } from './css-text.mjs';
import { embedStylesheet } from '../src/embed/embed-stylesheet.ts';

const overlayCss = readFileSync(new URL('../src/overlay/overlay.css', import.meta.url), 'utf8');

test("the site build's overlay.css: no comments, the same rules, still adapted to its shadow root", () => {
  const bare = bareCss(overlayCss);
  assert.doesNotMatch(bare, /\/\*|\*\//);
  assert.ok(bare.length < overlayCss.length * 0.8, `${bare.length} of ${overlayCss.length} characters`);
  // Each rule's selector and declarations as before, without comments and indentation.
  const rules = (css: string) =>
    css
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
  assert.deepEqual(rules(bare), rules(overlayCss));
  const adapted = embedStylesheet(bare);
  assert.match(adapted, /@media \(max-height: 708px\) \{\n\.log \{/);
  assert.match(adapted, /:root,\n:host, tact-conversation \{/);
});
