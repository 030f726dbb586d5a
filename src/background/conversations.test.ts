/**
 * Conversation steps on a spec-following IndexedDB (fake-indexeddb): a full disk in the middle of
 * a step loses nothing and half-writes nothing; a step is recorded once, also when sent again at a
 * node that is the current one again; the conversation follows the visitor to their next page.
 */
import 'fake-indexeddb/auto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hello, onSignal } from './page-views.ts';
import { answer, attach, reply } from './conversations.ts';
import type { Flow } from '../core/flows/flow-model.ts';
import { db } from './store.ts';
import { failureReason } from './request-error.ts';

let tab = 100;

/** Starts the exit offer in a new tab; each call is on its own site unless `origin` is given. */
async function startExitOffer(
  origin?: string,
  flowId?: string,
): Promise<{ conversationId: string; tabId: number; origin: string; lines: number }> {
  const tabId = ++tab;
  const site = origin ?? `https://shop${tabId}.example`;
  const pageViewId = crypto.randomUUID();
  await hello({ pageViewId, url: `${site}/p${tabId}`, title: 'A page' }, tabId, site);
  const d = await db();
  const rule = (await d.get('rules', 'exit-anywhere'))!;
  // The shipped exit rule is for the demo shop only; here it is a marketer's rule for every site.
  await d.put('rules', { ...rule, conditions: [], frequency: { every: 'page-view' }, flowId: flowId ?? rule.flowId });
  await d.put(
    'settings',
    { ...(await d.get('settings', 'policy')), maxPerSitePerDay: 100, maxPerDay: 100 } as never,
    'policy',
  );
  await d.put('meta', Date.now(), 'rulesVersion');
  const { show } = await onSignal(pageViewId, { type: 'exit-intent' }, undefined, tabId, site);
  assert.ok(show, 'the exit offer starts');
  const view = await attach(show.conversationId, { tabId, frameId: 7 });
  return { conversationId: show.conversationId, tabId, origin: site, lines: view.transcript.length };
}

describe('a step that cannot be saved', () => {
  test('a full disk refuses the step with a clear sentence, and nothing changes', async () => {
    const { conversationId, tabId, lines } = await startExitOffer();
    const at = { nodeId: 'ask', lines };
    const d = await db();
    const eventsBefore = await d.count('events');
    const original = Object.getOwnPropertyDescriptor(IDBObjectStore.prototype, 'add')!;
    IDBObjectStore.prototype.add = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    try {
      const error = await reply(conversationId, at, 'not-found', { tabId, frameId: 7 }).then(
        () => null,
        (e: unknown) => e,
      );
      assert.ok(error, 'the step is refused');
      assert.equal(failureReason(error).code, 'req-storage-full');
    } finally {
      Object.defineProperty(IDBObjectStore.prototype, 'add', original);
    }
    assert.equal(await d.count('events'), eventsBefore, 'no event half-written');
    const conv = await d.get('conversations', conversationId);
    assert.equal(conv?.nodeId, 'ask', 'the conversation did not advance');
    // Space again: the same answer goes through once.
    const view = await reply(conversationId, at, 'not-found', { tabId, frameId: 7 });
    assert.equal(view.nodeId, 'what');
    const again = await reply(conversationId, at, 'not-found', { tabId, frameId: 7 });
    assert.equal(again.nodeId, 'what', 'a retry of the same answer changes nothing');
    const answered = (await d.getAll('events')).filter(
      (e) => e.conversationId === conversationId && e.type === 'answered',
    );
    assert.equal(answered.length, 1);
  });

  test('another frame cannot answer for the overlay', async () => {
    const { conversationId, tabId, lines } = await startExitOffer();
    const at = { nodeId: 'ask', lines };
    await assert.rejects(reply(conversationId, at, 'found', { tabId, frameId: 8 }), /req-conversation-elsewhere/);
    await assert.rejects(
      reply(conversationId, at, 'found', { tabId: tabId + 1, frameId: 7 }),
      /req-conversation-elsewhere/,
    );
  });
});

describe('conversations follow the visitor', () => {
  test('a conversation the visitor answered resumes on their next page; an ignored one does not', async () => {
    const d = await db();
    const ignored = await startExitOffer('https://hikes.example');
    const ignoredNext = await hello(
      { pageViewId: crypto.randomUUID(), url: 'https://hikes.example/next', title: 'Next' },
      998,
      'https://hikes.example',
    );
    assert.equal(ignoredNext.resume, undefined, 'an ignored conversation stays behind');
    const answered = await startExitOffer('https://packs.example');
    await reply(answered.conversationId, { nodeId: 'ask', lines: answered.lines }, 'not-found', {
      tabId: answered.tabId,
      frameId: 7,
    });
    const next = await hello(
      { pageViewId: crypto.randomUUID(), url: 'https://packs.example/next', title: 'Next' },
      999,
      'https://packs.example',
    );
    assert.equal(next.resume?.conversationId, answered.conversationId);
    const conv = await d.get('conversations', answered.conversationId);
    assert.equal(conv?.tabId, 999, 'bound to the new tab');
    assert.equal(conv?.frameId, undefined, 'the next overlay frame attaches');
    assert.notEqual(next.resume?.conversationId, ignored.conversationId);
  });
});

describe('free-text answers are recorded with how they were understood', () => {
  test('an answered event keeps the matched intent and its strength; nothing matched is "none"', async () => {
    const d = await db();
    const flow: Flow = {
      id: 'e2e-ask-free',
      version: 1,
      name: 'Ask in your own words',
      persona: { name: 'Sam', avatar: 'S' },
      start: 'ask',
      nodes: {
        ask: {
          type: 'input',
          text: 'What are you looking for?',
          match: {
            intents: {
              delivery: { en: ['when will my parcel arrive', 'how long is delivery', 'shipping time'] },
              returns: { en: ['can I return it', 'refund please', 'send it back'] },
            },
            next: { delivery: 'done', returns: 'done' },
            fallback: 'done',
          },
        },
        done: { type: 'end', text: 'Thanks.' },
      },
    };
    await d.put('flows', flow);
    const said = async (text: string) => {
      const { conversationId, tabId, lines } = await startExitOffer(undefined, flow.id);
      await answer(conversationId, { nodeId: 'ask', lines }, text, { tabId, frameId: 7 });
      const events = await d.getAllFromIndex('events', 'by-flow', flow.id);
      return events.find((e) => e.conversationId === conversationId && e.type === 'answered');
    };
    const understood = await said('when will my parcel arrive');
    assert.equal(understood?.label, 'when will my parcel arrive');
    assert.deepEqual(understood?.match, { intent: 'delivery', strength: 'strong' });
    const unknown = await said('do you sell gift vouchers');
    assert.deepEqual(unknown?.match, { intent: null, strength: 'none' });
  });
});

describe('a step sent again after its answer was lost', () => {
  /** A form of two text fields, and a question with a reply that asks it again. */
  const flow: Flow = {
    id: 'e2e-same-node',
    version: 1,
    name: 'Same node twice',
    persona: { name: 'Sam', avatar: 'S' },
    start: 'ask',
    nodes: {
      ask: {
        type: 'choice',
        text: 'Shall I tell you again?',
        replies: [
          { id: 'again', label: 'Again', next: 'ask' },
          { id: 'form', label: 'Enter the draw', next: 'draw' },
        ],
      },
      draw: {
        type: 'form',
        text: 'Enter the draw:',
        fields: [
          { id: 'name', label: 'Your name?', input: 'text', required: true },
          { id: 'city', label: 'Your city?', input: 'text', required: true },
        ],
        next: 'done',
      },
      done: { type: 'end', text: 'Thanks.' },
    },
  };

  test('changes nothing, though the node is the same again (a reply back to its question, a form field)', async () => {
    const d = await db();
    await d.put('flows', flow);
    const { conversationId, tabId, lines } = await startExitOffer(undefined, flow.id);
    const frame = { tabId, frameId: 7 };
    const asked = { nodeId: 'ask', lines };
    const first = await reply(conversationId, asked, 'again', frame);
    assert.equal(first.nodeId, 'ask', 'asked again: the same node');
    assert.deepEqual(await reply(conversationId, asked, 'again', frame), first, 'the same reply again: the same view');
    const drawn = await reply(conversationId, { nodeId: 'ask', lines: first.transcript.length }, 'form', frame);
    const named = await answer(conversationId, { nodeId: 'draw', lines: drawn.transcript.length }, 'Ada', frame);
    assert.equal(named.nodeId, 'draw', "the form's next field: the same node");
    const again = await answer(conversationId, { nodeId: 'draw', lines: drawn.transcript.length }, 'Ada', frame);
    assert.deepEqual(again, named, 'not taken as the city');
    const events = (await d.getAllFromIndex('events', 'by-flow', flow.id)).filter(
      (e) => e.conversationId === conversationId && e.type === 'answered',
    );
    assert.deepEqual(
      events.map((e) => `${e.nodeId}:${e.replyId}:${e.label}`),
      ['ask:again:Again', 'ask:form:Enter the draw', 'draw:name:Ada'],
    );
    const conv = await d.get('conversations', conversationId);
    assert.deepEqual(conv?.answers, { ask: 'Enter the draw', 'draw.name': 'Ada' });
  });
});
