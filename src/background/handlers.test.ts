/**
 * The background's boundary with a content script, on fake-indexeddb and a stand-in for the
 * browser's API: the site of a page comes from the browser's sender information, never from the
 * payload. A content script on one site cannot register a page view, a visit or a `sites` record
 * for another site, nor use `javascript:`/`data:` addresses.
 */
import 'fake-indexeddb/auto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TactEvent } from '../core/results/event-model.ts';

const EXTENSION_ID = 'tact-test-id';
/** What the background asked the browser to inject (the content modules after a hello). */
const injections: chrome.scripting.ScriptInjection<unknown[], unknown>[] = [];
(globalThis as { chrome?: unknown }).chrome = {
  runtime: { id: EXTENSION_ID, getURL: (path: string) => `chrome-extension://${EXTENSION_ID}/${path}` },
  tabs: { query: () => Promise.resolve([]), sendMessage: () => Promise.resolve(undefined) },
  scripting: {
    executeScript: (injection: chrome.scripting.ScriptInjection<unknown[], unknown>) => {
      injections.push(injection);
      return Promise.resolve([]);
    },
  },
};
const { handleMessage } = await import('./handlers.ts');
const { db } = await import('./store.ts');

let tab = 0;
/** What the browser reports for a content script in the top frame of a tab showing `url`. */
function contentScriptOn(url: string): chrome.runtime.MessageSender {
  const tabId = ++tab;
  return { id: EXTENSION_ID, url, origin: new URL(url).origin, frameId: 0, tab: { id: tabId, url } as chrome.tabs.Tab };
}

function hello(sender: chrome.runtime.MessageSender, url: string, present?: boolean) {
  const pageViewId = crypto.randomUUID();
  return handleMessage(
    { protocol: 'tact/1', type: 'page/hello', payload: { pageViewId, url, title: 'A page', present } },
    sender,
  ).then((reply) => ({ reply, pageViewId }));
}

describe("page/hello's content modules go into the document that said hello", () => {
  // The shipped rules are the demo shop's: a visitor present there arms exit intent and dwell.
  const shop = 'http://northwind.localhost/shop/';

  test('pinned to the asking document, so a page left meanwhile never passes them to the next', async () => {
    injections.length = 0;
    const sender = { ...contentScriptOn(shop), documentId: 'DOC-1' };
    const { reply } = await hello(sender, shop, true);
    assert.equal(reply?.ok, true);
    assert.deepEqual(injections, [
      { target: { tabId: sender.tab!.id, documentIds: ['DOC-1'] }, files: ['detectors.js', 'overlay-frame.js'] },
    ]);
  });

  test("by frame where the browser names no document (the sender's frame, never one the payload names)", async () => {
    injections.length = 0;
    const sender = contentScriptOn(shop);
    await hello(sender, shop, true);
    assert.deepEqual(injections, [
      { target: { tabId: sender.tab!.id, frameIds: [0] }, files: ['detectors.js', 'overlay-frame.js'] },
    ]);
  });

  test('nothing injected before the visitor is present', async () => {
    injections.length = 0;
    await hello({ ...contentScriptOn(shop), documentId: 'DOC-2' }, shop);
    assert.deepEqual(injections, []);
  });
});

describe('page/hello takes the site from the browser', () => {
  test('a page on its own site is registered (client-side route kept)', async () => {
    const { reply, pageViewId } = await hello(contentScriptOn('https://shop.example/'), 'https://shop.example/item/42');
    assert.equal(reply?.ok, true);
    const view = await (await db()).get('pageViews', pageViewId);
    assert.equal(view?.origin, 'https://shop.example');
    assert.equal(view?.url, 'https://shop.example/item/42');
  });

  test('a content script on one site claiming another site is refused, and nothing is stored for it', async () => {
    const { reply, pageViewId } = await hello(contentScriptOn('https://evil.example/'), 'https://bank.example/account');
    assert.equal(reply?.ok, false);
    const d = await db();
    assert.equal(await d.get('pageViews', pageViewId), undefined);
    assert.equal(await d.get('sites', 'https://bank.example'), undefined, 'no sites record for the claimed site');
    assert.equal(await d.get('sites', 'https://evil.example'), undefined);
  });

  test('javascript: and data: addresses are refused', async () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,hi']) {
      const { reply, pageViewId } = await hello(contentScriptOn('https://shop.example/'), url);
      assert.equal(reply?.ok, false, url);
      assert.equal(await (await db()).get('pageViews', pageViewId), undefined);
    }
  });

  test('a signal for a page view is refused from a page now on another site', async () => {
    const sender = contentScriptOn('https://shop.example/');
    const { pageViewId } = await hello(sender, 'https://shop.example/');
    const moved = { ...sender, url: 'https://other.example/', origin: 'https://other.example' };
    const reply = await handleMessage(
      { protocol: 'tact/1', type: 'page/signal', payload: { pageViewId, signal: { type: 'exit-intent' } } },
      moved,
    );
    assert.equal(reply?.ok, false);
    assert.match(reply && !reply.ok ? reply.error : '', /req-page-view-unknown/);
  });
});

describe('answers/free-text: the words visitors typed, for the options page only', () => {
  const optionsPage = {
    id: EXTENSION_ID,
    url: `chrome-extension://${EXTENSION_ID}/options.html`,
  } as chrome.runtime.MessageSender;
  const ask = (sender: chrome.runtime.MessageSender) =>
    handleMessage({ protocol: 'tact/1', type: 'answers/free-text', payload: { flowId: 'learn-flow' } }, sender);

  test('free-text answers of the flow, newest first; quick replies, previews and other flows left out', async () => {
    const d = await db();
    const base = { conversationId: 'c', flowId: 'learn-flow', ruleId: 'r', origin: 'https://shop.example', path: '/' };
    for (const e of [
      { ...base, at: 1, type: 'answered' as const, nodeId: 'ask', replyId: 'text', label: 'gift cards?' },
      { ...base, at: 2, type: 'answered' as const, nodeId: 'ask', replyId: 'yes', label: 'Yes' },
      { ...base, at: 3, type: 'answered' as const, nodeId: 'ask', replyId: 'text', label: 'mine', preview: true },
      { ...base, at: 4, type: 'answered' as const, nodeId: 'ask', replyId: 'text', label: 'other', flowId: 'x' },
      { ...base, at: 5, type: 'shown' as const, nodeId: 'ask' },
      { ...base, at: 6, type: 'answered' as const, nodeId: 'ask', replyId: 'text', label: 'paypal?' },
    ])
      await d.add('events', e);
    const reply = await ask(optionsPage);
    assert.equal(reply?.ok, true);
    const answers = (reply as { value: { label: string }[] }).value.map((e) => e.label);
    assert.deepEqual(answers, ['paypal?', 'gift cards?']);
  });

  test('a content script (the page) cannot read them', async () => {
    const reply = await ask(contentScriptOn('https://shop.example/'));
    assert.notEqual(reply?.ok, true);
  });
});

describe('Results read through their indexes: the same answers as from the whole log', () => {
  const optionsPage = {
    id: EXTENSION_ID,
    url: `chrome-extension://${EXTENSION_ID}/options.html`,
  } as chrome.runtime.MessageSender;
  const ask = async <T>(type: string, payload: unknown): Promise<T> => {
    const reply = await handleMessage({ protocol: 'tact/1', type, payload }, optionsPage);
    assert.equal(reply?.ok, true, JSON.stringify(reply));
    return (reply as { value: T }).value;
  };

  test('stats/overview and results/conversations for some days, against the pure functions over every record', async () => {
    const { appendEvents } = await import('./store.ts');
    const { flowOverview } = await import('../core/results/flow-stats.ts');
    const { conversationTable } = await import('../core/results/conversation-rows.ts');
    const d = await db();
    const day = (n: number, hour = 12) => new Date(2026, 0, n, hour).getTime();
    const events: TactEvent[] = [];
    let c = 0;
    for (const flowId of ['exit-offer', 'greeter', 'gone-flow'])
      for (let n = 1; n <= 9; n++) {
        const base = { conversationId: `rc-${++c}`, flowId, ruleId: 'r', origin: 'https://shop.example', path: '/' };
        events.push({ ...base, at: day(n, 23), type: 'shown', nodeId: 'ask' });
        events.push({ ...base, at: day(n, 23) + 1, type: 'opened', nodeId: 'ask' });
        events.push({ ...base, at: day(n, 23) + 2, type: 'answered', nodeId: 'ask', replyId: 'yes', label: 'Yes' });
        // Some end after midnight, on the next day.
        events.push({ ...base, at: day(n + 1, 0) + (n % 2), type: n % 3 ? 'completed' : 'dismissed', nodeId: 'ask' });
        events.push({ ...base, conversationId: '', at: day(n), type: 'would-show' });
      }
    const tx = d.transaction(['events', 'rollups'], 'readwrite');
    await appendEvents(tx, events);
    await tx.done;
    const [flows, rollups, all] = await Promise.all([d.getAll('flows'), d.getAll('rollups'), d.getAll('events')]);
    for (const range of [{ from: '2026-01-03', to: '2026-01-05' }, { from: '2026-01-08' }, { to: '2026-01-02' }, {}]) {
      assert.deepEqual(
        await ask('stats/overview', range),
        flowOverview(flows, rollups, range.from, range.to),
        `overview ${JSON.stringify(range)}`,
      );
      for (const flowId of ['exit-offer', 'gone-flow'])
        assert.deepEqual(
          await ask('results/conversations', { flowId, ...range }),
          conversationTable(
            flows.find((f) => f.id === flowId),
            flowId,
            all,
            range,
          ),
          `export of ${flowId} ${JSON.stringify(range)}`,
        );
    }
  });
});
