import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickExpected, PICK_WINDOW_MS, readTabPreview, withTabPreview } from './tab-preview-state.ts';

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

test('a pick is expected only after it was asked for, within the window', () => {
  assert.equal(pickExpected({}, 1_000), false);
  assert.equal(pickExpected({ pickAskedAt: 1_000 }, 1_000 + PICK_WINDOW_MS), true);
  assert.equal(pickExpected({ pickAskedAt: 1_000 }, 1_001 + PICK_WINDOW_MS), false);
  assert.equal(pickExpected({ pickAskedAt: 5_000 }, 1_000), false, 'a clock set back does not open it');
  assert.deepEqual(
    withTabPreview({ 4: { pickAskedAt: 1 } }, 4, (t) => ({ ...t, pickAskedAt: undefined })),
    {},
    'an answered request leaves nothing behind',
  );
});
