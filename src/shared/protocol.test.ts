/**
 * `send`, on a stand-in for the browser's messaging: a request nobody received (Firefox suspending
 * its event page) goes once more; a request whose answer was lost does not.
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

test('a request whose answer was lost is not sent again (the background may have carried it out)', async () => {
  expect(reject('The message port closed before a response was received.'));
  await assert.rejects(send('settings/get', null), /message port closed/);
  assert.equal(sent.length, 1);
});

test('a refusal is thrown as a TactError, not sent again', async () => {
  expect(() => Promise.resolve({ ok: false, error: 'no such flow' }));
  await assert.rejects(send('settings/get', null), (error: unknown) => error instanceof TactError);
  assert.equal(sent.length, 1);
});
