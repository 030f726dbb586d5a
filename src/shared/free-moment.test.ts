/**
 * The free moment before an overlay appears, as both builds rely on it: the content script (with
 * `reveal`, its frame mounted hidden) and the site build (without). The page is a stand-in: a
 * document that says whether it is visible, a clock and the timers, moved by hand.
 */
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { awaitFreeMoment, type FreeMoment } from './free-moment.ts';
import { HOLD_RECHECK_MS, MAX_HOLD_MS } from '../core/signals/hold.ts';
import type { BusyState } from '../core/signals/signal-kinds.ts';

let clock = 0;
const page = Object.assign(new EventTarget(), { visibilityState: 'visible' });
const realPerformance = globalThis.performance;

/** Moves the clock and runs the timers due, then lets the promises settle. */
async function advance(ms: number): Promise<void> {
  clock += ms;
  mock.timers.tick(ms);
  await new Promise<void>((resolve) => queueMicrotask(resolve));
}

function setVisible(visible: boolean): void {
  page.visibilityState = visible ? 'visible' : 'hidden';
  page.dispatchEvent(new Event('visibilitychange'));
}

/** Settles `wait` at once if it already ended, else undefined. */
async function settled(wait: Promise<FreeMoment>): Promise<FreeMoment | undefined> {
  return Promise.race([wait, new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)))]);
}

beforeEach(() => {
  clock = 0;
  page.visibilityState = 'visible';
  mock.timers.enable({ apis: ['setTimeout'] });
  Object.assign(globalThis, {
    document: page,
    requestAnimationFrame: (frame: () => void) => setTimeout(frame, 16),
  });
  Object.defineProperty(globalThis, 'performance', { value: { now: () => clock }, configurable: true });
});

afterEach(() => {
  mock.timers.reset();
  Object.defineProperty(globalThis, 'performance', { value: realPerformance, configurable: true });
});

describe('awaitFreeMoment', () => {
  it('shows at once, with no hold, when the visitor is free and the tab visible', async () => {
    assert.deepEqual(await awaitFreeMoment(() => []), { step: 'show', held: { ms: 0, while: [], hidden: false } });
  });

  it('holds while the visitor is busy and says how long and in which states', async () => {
    let busy: BusyState[] = ['typing'];
    const wait = awaitFreeMoment(() => busy);
    await advance(HOLD_RECHECK_MS);
    busy = ['scrollingFast', 'typing'];
    await advance(HOLD_RECHECK_MS);
    assert.equal(await settled(wait), undefined, 'still held while busy');
    busy = [];
    await advance(HOLD_RECHECK_MS);
    assert.deepEqual(await wait, {
      step: 'show',
      held: { ms: 3 * HOLD_RECHECK_MS, while: ['typing', 'scrollingFast'], hidden: false },
    });
  });

  it('waits for the tab to come back and looks at once when it does', async () => {
    page.visibilityState = 'hidden';
    const wait = awaitFreeMoment(() => []);
    await advance(100);
    assert.equal(await settled(wait), undefined);
    clock += 50; // no timer due: the visibility change alone ends the wait
    setVisible(true);
    assert.deepEqual(await wait, { step: 'show', held: { ms: 150, while: [], hidden: true } });
  });

  it('gives up after the hold limit, with the whole hold', async () => {
    const wait = awaitFreeMoment(() => ['selecting']);
    for (let t = 0; t < MAX_HOLD_MS; t += HOLD_RECHECK_MS) await advance(HOLD_RECHECK_MS);
    const { step, held } = (await settled(wait))!;
    assert.equal(step, 'give-up');
    assert.deepEqual(held.while, ['selecting']);
    assert.ok(held.ms >= MAX_HOLD_MS);
  });

  it("gives up after the hold limit it is given (the plan's holdMs), not the default one", async () => {
    page.visibilityState = 'hidden';
    const limit = 2 * HOLD_RECHECK_MS;
    const wait = awaitFreeMoment(() => [], undefined, undefined, undefined, limit);
    await advance(HOLD_RECHECK_MS);
    assert.equal(await settled(wait), undefined, 'held under the limit');
    await advance(HOLD_RECHECK_MS);
    assert.deepEqual(await settled(wait), { step: 'give-up', held: { ms: limit, while: [], hidden: true } });
  });

  it('stops at the next look once `stopped` says so (the overlay was removed), revealing nothing', async () => {
    let gone = false;
    const reveal = mock.fn<(shown: boolean) => void>();
    const wait = awaitFreeMoment(
      () => ['typing'],
      () => gone,
      reveal,
    );
    await advance(HOLD_RECHECK_MS);
    gone = true;
    await advance(HOLD_RECHECK_MS);
    assert.equal((await settled(wait))?.step, 'stopped');
    assert.equal(reveal.mock.callCount(), 0);
  });

  describe('with an overlay mounted hidden (`reveal`)', () => {
    it('reveals it and counts it shown only if the visitor is still free at the next frame', async () => {
      const reveal = mock.fn<(shown: boolean) => void>();
      const wait = awaitFreeMoment(() => [], undefined, reveal);
      assert.deepEqual(
        reveal.mock.calls.map((c) => c.arguments),
        [[true]],
      );
      assert.equal(await settled(wait), undefined, 'not shown before a frame was drawn');
      await advance(16);
      assert.equal((await wait).step, 'show');
    });

    it('hides it again when the page turned the visitor busy as it appeared, and waits on', async () => {
      let busy: BusyState[] = [];
      const reveal = mock.fn<(shown: boolean) => void>((shown) => {
        if (shown) busy = ['modal']; // the page opened a dialog as the overlay appeared
      });
      const wait = awaitFreeMoment(() => busy, undefined, reveal);
      await advance(16);
      assert.deepEqual(
        reveal.mock.calls.map((c) => c.arguments),
        [[true], [false]],
      );
      assert.equal(await settled(wait), undefined);
      busy = [];
      reveal.mock.mockImplementation(() => {});
      await advance(HOLD_RECHECK_MS);
      await advance(16);
      assert.deepEqual(await wait, {
        step: 'show',
        held: { ms: HOLD_RECHECK_MS + 32, while: ['modal'], hidden: false },
      });
    });

    it('takes its first look from what was seen before the overlay went in, and asks again at the frame', async () => {
      // Asking right after the host went in forced the page's style and layout (content.ts).
      const busy = mock.fn<() => BusyState[]>(() => []);
      const reveal = mock.fn<(shown: boolean) => void>();
      const wait = awaitFreeMoment(busy, undefined, reveal, []);
      assert.equal(busy.mock.callCount(), 0, 'the look before the host served as the first look');
      assert.deepEqual(
        reveal.mock.calls.map((c) => c.arguments),
        [[true]],
      );
      await advance(16);
      assert.equal(busy.mock.callCount(), 1, 'the look at the next frame asks again, with the host in place');
      assert.equal((await wait).step, 'show');
    });

    it('holds on what was seen before the overlay went in, then asks at each later look', async () => {
      const busy = mock.fn<() => BusyState[]>(() => []);
      const reveal = mock.fn<(shown: boolean) => void>();
      const wait = awaitFreeMoment(busy, undefined, reveal, ['typing']);
      assert.equal(reveal.mock.callCount(), 0, 'held: the visitor was typing as the answer came');
      await advance(HOLD_RECHECK_MS);
      await advance(16);
      assert.equal(busy.mock.callCount(), 2);
      assert.deepEqual(await wait, {
        step: 'show',
        held: { ms: HOLD_RECHECK_MS + 16, while: ['typing'], hidden: false },
      });
    });

    it('stops when the overlay is removed before the frame', async () => {
      let gone = false;
      const wait = awaitFreeMoment(
        () => [],
        () => gone,
        () => {},
      );
      gone = true;
      await advance(16);
      assert.equal((await settled(wait))?.step, 'stopped');
    });
  });
});
