/**
 * The element picker's result, on fake-indexeddb: a tab's content script may report a pick only
 * after the popup asked that tab for one, once, and in time.
 */
import 'fake-indexeddb/auto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectPick, previewState, rememberPicked } from './preview-handlers.ts';
import { PICK_WINDOW_MS } from './tab-preview-state.ts';

const URL_A = 'https://shop.example/item';

describe('picker/picked', () => {
  test('refused when no pick was asked for on the tab', async () => {
    await assert.rejects(rememberPicked(1, URL_A, '#buy', 'Buy'), /req-no-pick/);
    assert.equal((await previewState(1)).picked, null);
  });

  test('accepted once after the popup asked, then refused again', async () => {
    await expectPick(2);
    await assert.rejects(rememberPicked(3, URL_A, '#x', 'x'), /req-no-pick/, 'another tab was not asked');
    await rememberPicked(2, URL_A, '#buy', 'Buy');
    assert.equal((await previewState(2)).picked?.selector, '#buy');
    await assert.rejects(rememberPicked(2, URL_A, '#other', 'Other'), /req-no-pick/);
    assert.equal((await previewState(2)).picked?.selector, '#buy', 'the first pick stays');
  });

  test('refused when it comes too late', async () => {
    await expectPick(4, Date.now() - PICK_WINDOW_MS - 1000);
    await assert.rejects(rememberPicked(4, URL_A, '#buy', 'Buy'), /req-no-pick/);
  });
});
