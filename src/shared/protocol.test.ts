/**
 * `send`, on a stand-in for the browser's messaging: a request nobody received (Firefox suspending
 * its event page) goes once more; a request whose answer was lost goes once more only when its
 * sender asks (`again`, for a request the background may carry out twice: `Repeatable`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';

const NOT_RECEIVED = 'Could not establish connection. Receiving end does not exist.';
/** What the stand-in's `sendMessage` does on each call, in order; every call's message is kept. */
let outcomes: Array<() => Promise<unknown>> = [];
const sent: unknown[] = [];
(globalThis as { chrome?: unknown }).chrome = {
  runtime: {
    id: 'tact-test-id',
    sendMessage: (message: unknown) => {
      sent.push(message);
      const next = outcomes.shift();
      if (!next) throw new Error('the test expected no more messages');
      return next();
    },
  },
};
const { send, TactError } = await import('./protocol.ts');

function expect(...next: Array<() => Promise<unknown>>): void {
  outcomes = next;
  sent.length = 0;
}
const answer = (value: unknown) => () => Promise.resolve({ ok: true, value });
const reject = (message: string) => () => Promise.reject(new Error(message));

test('a request nobody received is sent once more, and its answer returned', async () => {
  expect(reject(NOT_RECEIVED), answer({ saved: 1 }));
  assert.deepEqual(await send('settings/get', null), { saved: 1 });
  assert.equal(sent.length, 2);
  assert.deepEqual(sent[0], sent[1], 'the same request again');
});

test('only once: received by nobody twice, the error is thrown', async () => {
  expect(reject(NOT_RECEIVED), reject(NOT_RECEIVED));
  await assert.rejects(send('settings/get', null), /Receiving end does not exist/);
  assert.equal(sent.length, 2);
});

/** Chromium, the worker stopped while handling the request. */
const CHANNEL_CLOSED =
  'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received';
/** Firefox, the event page suspended while handling the request: the promise resolves with nothing. */
const nothing = () => Promise.resolve(undefined);
const STEP = { conversationId: 'c-1', nodeId: 'ask', lines: 1, replyId: 'returns' } as const;
const VIEW = { nodeId: 'done', transcript: [] };

test('a request whose answer was lost is not sent again (the background may have carried it out)', async () => {
  // @ts-expect-error only a `Repeatable` request may ask to be sent again (a signal may start a conversation)
  const again: Parameters<typeof send<'page/signal'>>[2] = true;
  assert.ok(again);
  expect(reject(CHANNEL_CLOSED));
  await assert.rejects(send('page/signal', { pageViewId: 'p-1', signal: { type: 'exit-intent' } }), /channel closed/);
  assert.equal(sent.length, 1);
  expect(nothing);
  await assert.rejects(send('pack/import', { pack: {} }), /no answer to pack\/import/);
  assert.equal(sent.length, 1);
  expect(nothing);
  await assert.rejects(send('overlay/reply', STEP), /no answer to overlay\/reply/, 'a step too, unless asked');
  assert.equal(sent.length, 1);
});

test("a visitor's step whose answer was lost is sent once more when asked, in both browsers' ways of losing it", async () => {
  for (const lost of [reject(CHANNEL_CLOSED), nothing]) {
    expect(lost, answer(VIEW));
    assert.deepEqual(await send('overlay/reply', STEP, true), VIEW);
    assert.equal(sent.length, 2);
    assert.deepEqual(sent[0], sent[1], 'the same request again, with the lines the visitor saw');
  }
  expect(nothing, answer(null));
  assert.equal(await send('overlay/close', { conversationId: 'c-1', reason: 'dismissed' }, true), null);
  expect(reject(CHANNEL_CLOSED), answer({ enabled: false }));
  const hello = { pageViewId: 'p-1', url: 'https://a.example/', title: '' };
  assert.deepEqual(await send('page/hello', hello, true), { enabled: false });
});

test('a step is sent once more only once: lost twice, the error is thrown', async () => {
  expect(reject(CHANNEL_CLOSED), nothing);
  await assert.rejects(send('overlay/answer', { ...STEP, text: 'hi' }, true), /no answer to overlay\/answer/);
  assert.equal(sent.length, 2);
  expect(nothing, reject(CHANNEL_CLOSED));
  await assert.rejects(send('overlay/act', STEP, true), /channel closed/);
  assert.equal(sent.length, 2);
});

test('a refused step is not sent again, though asked', async () => {
  expect(() => Promise.resolve({ ok: false, error: 'invalid:email' }));
  await assert.rejects(send('overlay/answer', { ...STEP, text: 'ada@' }, true), /invalid:email/);
  assert.equal(sent.length, 1);
});

test('a refusal is thrown as a TactError, not sent again', async () => {
  expect(() => Promise.resolve({ ok: false, error: 'no such flow' }));
  await assert.rejects(send('settings/get', null), (error: unknown) => error instanceof TactError);
  assert.equal(sent.length, 1);
});
