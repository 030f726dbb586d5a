import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTabPreview, withTabPreview } from './tab-preview-state.ts';

test('per-tab preview state: set, read, keep other tabs, drop an emptied tab', () => {
  const actAs = { tags: ['vip'], segments: [] };
  let meta = withTabPreview(undefined, 4, (t) => ({ ...t, actAs }));
  meta = withTabPreview(meta, 9, (t) => ({
    ...t,
    picked: { selector: '#buy', label: 'button', url: 'https://a.example/', at: 1 },
  }));
  assert.deepEqual(readTabPreview(meta, 4), { actAs });
  assert.equal(readTabPreview(meta, 9).picked?.selector, '#buy');
  assert.deepEqual(readTabPreview(meta, 5), {});
  meta = withTabPreview(meta, 4, (t) => ({ ...t, actAs: undefined }));
  assert.deepEqual(Object.keys(meta), ['9']);
  assert.deepEqual(readTabPreview({ __proto__: { 4: { actAs } } } as never, 4), {}, 'own keys only');
});
