/**
 * The scroll source of the shared listeners over a long page view, in Node: the window is a plain
 * EventTarget, the position is moved and the poll's intervals run by hand (Node 20's mocked timers
 * keep running an interval cleared from its own callback, so they would not do). Node's EventTarget, like the DOM's,
 * registers an `abort` step on a listener's `signal` and does not take it back when a `once`
 * listener fires, so what a page view leaves on its signals is counted here.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import type { ScrollGesture } from '../../core/signals/scroll-pattern.ts';

const page = new EventTarget();
const saved = Object.getOwnPropertyDescriptors(globalThis);
/** Every AbortSignal something listened on, to count what stays registered on it. */
const signals = new Set<AbortSignal>();
// Taken to be called with its own `this` (apply) and put back after.
// eslint-disable-next-line @typescript-eslint/unbound-method
const addListener = EventTarget.prototype.addEventListener;
/** The intervals set and not cleared; `tick` runs each once (one poll period). */
const intervals = new Map<number, () => void>();
let nextInterval = 0;
const tick = () => [...intervals.values()].forEach((poll) => poll());

before(() => {
  Object.assign(globalThis, {
    scrollY: 0,
    addEventListener: page.addEventListener.bind(page),
    removeEventListener: page.removeEventListener.bind(page),
    setInterval: (poll: () => void) => (intervals.set(++nextInterval, poll), nextInterval),
    clearInterval: (id: number) => intervals.delete(id),
  });
  EventTarget.prototype.addEventListener = function (this: EventTarget, ...args: Parameters<typeof addListener>) {
    if (this instanceof AbortSignal) signals.add(this);
    const options = args[2];
    if (typeof options === 'object' && options?.signal) signals.add(options.signal);
    addListener.apply(this, args);
  };
});

after(() => {
  EventTarget.prototype.addEventListener = addListener;
  for (const key of ['scrollY', 'addEventListener', 'removeEventListener', 'setInterval', 'clearInterval'] as const)
    if (saved[key]) Object.defineProperty(globalThis, key, saved[key]);
    else delete (globalThis as Record<string, unknown>)[key];
});

test('a long page view of scroll gestures: one call per gesture, and nothing piles up on the signals', async () => {
  const { onScrollEnd } = await import('./shared-listeners.ts');
  const gestures: ScrollGesture[] = [];
  const detector = new AbortController();
  onScrollEnd((g) => gestures.push(g), detector.signal);
  const scrollTo = (y: number) => {
    (globalThis as { scrollY: number }).scrollY = y;
    page.dispatchEvent(new Event('scroll'));
  };
  const most = () => Math.max(...[...signals].map((s) => getEventListeners(s, 'abort').length));
  const GESTURES = 50;
  for (let i = 1; i <= GESTURES; i++) {
    // A gesture of three frames, then still: the poll notices its end.
    for (const step of [1, 2, 3]) scrollTo(i * 300 + step * 100);
    tick();
    tick();
  }
  assert.equal(gestures.length, GESTURES, 'one call per gesture');
  assert.equal(gestures.at(-1)!.y, GESTURES * 300 + 300);
  assert.ok(most() <= 2, `at most 2 abort steps on any signal after ${GESTURES} gestures, saw ${most()}`);
  detector.abort();
  scrollTo(99_999);
  tick();
  tick();
  assert.equal(gestures.length, GESTURES, 'the last subscriber gone: no scroll listener left');
  assert.deepEqual([getEventListeners(page, 'scroll').length, intervals.size], [0, 0]);
});
