import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { embedStylesheet } from './embed-stylesheet.ts';
import { VIEWPORT_CAPS } from '../shared/overlay-box.ts';

const overlayCss = readFileSync(new URL('../overlay/overlay.css', import.meta.url), 'utf8');

test("the site build's stylesheet gives the component the root's font and colours, light and dark", () => {
  const css = embedStylesheet(overlayCss);
  const roots = css.match(/:root,\s*:host, tact-conversation\s*\{[^}]*\}/g) ?? [];
  assert.equal(roots.length, 2, 'the light and the dark root rules');
  const [light = '', dark = ''] = roots;
  assert.match(light, /font:\s*15px\/1\.4 system-ui/);
  assert.match(dark, /--bg:/);
});

test("the site build's panel fits its host: the frame's viewport units become the host's caps", () => {
  const css = embedStylesheet(overlayCss);
  assert.doesNotMatch(css, /max-width: 100vw|, 100vh\)/, "no whole length of the page's viewport left");
  assert.ok(css.includes(`max-height: min(520px, ${VIEWPORT_CAPS.height})`), 'the panel at most as high as its host');
  assert.ok(css.includes(`max-width: ${VIEWPORT_CAPS.width}`), 'at most as wide');
});

test("the site build's media queries read the page's viewport as the frame's would be", () => {
  const css = embedStylesheet(overlayCss);
  // The 320 px a viewport of 352-688 px leaves the panel, 326 px at 700: a short frame; 336 at 720 is not.
  assert.match(css, /@media \(max-height: 708px\) \{\s*\.log \{/);
  // A 300 px frame: a viewport of 332 px (its height less both margins).
  assert.match(css, /@media \(max-height: 332px\) \{\s*\.dock \{/);
  assert.match(css, /@media \(max-height: 708px\) and \(max-width: 332px\)/);
  assert.doesNotMatch(css, /\(max-(width|height): (300|330)px\)/);
});
