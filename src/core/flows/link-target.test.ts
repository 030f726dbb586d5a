import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isSameSitePath, linkTarget } from './link-target.ts';
import { validateFlow } from './flow-validation.ts';
import { MODEL_VERSION } from './flow-model.ts';

const ORIGIN = 'https://shop.example';
const OFF_SITE_PATHS = [
  '//evil.example',
  '//evil.example/shop',
  '/\\evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
];

describe('links of a flow', () => {
  test('a path stays on the conversation’s site; one that only looks like a path is refused', () => {
    assert.equal(linkTarget('/shop/?q=1#top', ORIGIN), 'https://shop.example/shop/?q=1#top');
    assert.equal(linkTarget('https://help.example/chat', ORIGIN), 'https://help.example/chat');
    assert.equal(linkTarget('mailto:help@shop.example', ORIGIN), 'mailto:help@shop.example');
    for (const url of [...OFF_SITE_PATHS, 'javascript:alert(1)', 'data:text/html,x', 'shop/', 'https://']) {
      assert.equal(linkTarget(url, ORIGIN), undefined, JSON.stringify(url));
    }
  });

  test('property: whatever the text, a path leads to the same site or nowhere', () => {
    const pathish = fc.stringMatching(/^[/\\\t\n a-z.:@%?#]{0,12}$/).map((s) => `/${s}`);
    fc.assert(
      fc.property(fc.oneof(pathish, fc.string()), (url) => {
        const target = linkTarget(url, ORIGIN);
        if (url.startsWith('/')) assert.ok(target === undefined || new URL(target).origin === ORIGIN, url);
        if (target !== undefined && !url.startsWith('/')) assert.match(target, /^(https?:\/\/|mailto:)/i);
        assert.equal(isSameSitePath(url), url.startsWith('/') && target !== undefined);
      }),
      { numRuns: 2000 },
    );
  });

  test('validation refuses a link "//evil.example" at its field, and keeps a real path', () => {
    const flow = (url: string) => ({
      id: 'f',
      version: MODEL_VERSION,
      name: 'F',
      persona: { name: 'S', avatar: 'S' },
      start: 'go',
      nodes: { go: { type: 'action', action: { kind: 'handoff', url, label: 'Talk to us' } } },
    });
    assert.ok(validateFlow(flow('/contact')).ok);
    for (const url of OFF_SITE_PATHS) {
      const r = validateFlow(flow(url));
      assert.ok(!r.ok, JSON.stringify(url));
      assert.deepEqual(
        r.errors.map((e) => e.path),
        ['flow.nodes.go.action.url'],
      );
    }
  });
});
