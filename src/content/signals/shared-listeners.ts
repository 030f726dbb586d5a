/**
 * One passive listener per event type for the whole page view, however many detectors need it:
 * each armed detector subscribes, the first subscriber adds the listener and the last one to leave
 * (its AbortSignal aborted) removes it. So "all detectors armed" still costs the page one
 * `pointerdown` listener, and an empty plan costs nothing at all (nothing ever subscribes).
 *
 * Listeners are on `window`, capture phase (they see events the page stops), passive (they never
 * delay scrolling). The two kinds of event that come in floods get special care:
 * - `mousemove` (at most one per animation frame): no detector listens to every move. Exit intent
 *   listens for the pointer leaving the document (`mouseleave` on the root), hesitation for
 *   entering its own elements, idle samples moves with a one-shot listener
 *   (`core/signals/pointer-sampling.ts`): a listener called per move cost the page about as much
 *   as all the rest of Tact's input handling (`bench:content`).
 * - scrolling: one callback per scroll gesture (`onScrollEnd`): a one-shot `scroll` listener
 *   notes where a gesture starts, and a 10 Hz look at the position while it moves notices where it
 *   ends; a smooth wheel scroll of twenty frames costs a handful of calls, not twenty.
 */
import { startGesture, travel, type GestureSoFar, type ScrollGesture } from '../../core/signals/scroll-pattern.ts';

type Fn = (arg: never) => void;
const groups = new Map<string, { fns: Set<Fn>; stop: AbortController }>();

/** Adds `fn` to group `key`; the group's source is started on first use and stopped with the last subscriber. */
function join(
  key: string,
  fn: Fn,
  signal: AbortSignal,
  start: (call: (arg: unknown) => void, stop: AbortSignal) => void,
): void {
  if (signal.aborted) return;
  let group = groups.get(key);
  if (!group) {
    const fns = new Set<Fn>();
    group = { fns, stop: new AbortController() };
    groups.set(key, group);
    start((arg) => fns.forEach((f) => f(arg as never)), group.stop.signal);
  }
  const { fns, stop } = group;
  fns.add(fn);
  signal.addEventListener(
    'abort',
    () => {
      fns.delete(fn);
      if (!fns.size) {
        stop.abort();
        groups.delete(key);
      }
    },
    { once: true },
  );
}

/**
 * Calls `fn` once, at the first of `types` the window sees from now on (capture phase, passive),
 * unless `signal` aborts before: for arming work no event needs before the pointer first moves,
 * kept out of the page's load (`bench:content`). Taken off by hand at that first event, not given
 * `signal` as its option, which would leave an abort step on it for the rest of the page view.
 */
export function onFirst<K extends keyof WindowEventMap>(
  types: readonly K[],
  fn: (e: WindowEventMap[K]) => void,
  signal: AbortSignal,
): void {
  const opts = { passive: true, capture: true };
  const stop = () => types.forEach((type) => removeEventListener(type, first, opts));
  const first = (e: WindowEventMap[K]) => {
    stop();
    signal.removeEventListener('abort', stop);
    fn(e);
  };
  types.forEach((type) => addEventListener(type, first, opts));
  signal.addEventListener('abort', stop, { once: true });
}

type Events = WindowEventMap & DocumentEventMap;

/** Subscribes `fn` to `type` events on the window (document events included) until `signal` aborts. */
export function listen<K extends keyof Events>(type: K, fn: (e: Events[K]) => void, signal: AbortSignal): void {
  join(type, fn, signal, (call, stop) =>
    addEventListener(type, call, { signal: stop, passive: true, capture: type !== 'scroll' }),
  );
}

/** The gesture in progress, if the document is scrolling now (only while someone listens). */
let moving: GestureSoFar | undefined;
export const scrollingSince = () => moving;

/** While the document scrolls, its position is looked at this often to notice the gesture's end. */
const SCROLL_POLL_MS = 100;

/**
 * Calls `fn` at the end of each scroll gesture: when the position has not changed for
 * SCROLL_POLL_MS. (`scrollend` would be neater, but headless Firefox does not fire it after wheel
 * scrolling, so it cannot be relied on; a short poll while scrolling works everywhere.)
 */
export function onScrollEnd(fn: (g: ScrollGesture) => void, signal: AbortSignal): void {
  join(' scroll', fn, signal, (call, stop) => {
    let rest = { t: performance.now(), y: scrollY };
    let poll: ReturnType<typeof setInterval> | undefined;
    // One `scroll` listener at a time, added again at each gesture's end. Not given `stop` as its
    // signal: each listener added with a signal leaves an abort step on it that firing does not
    // take back, so a long page view would pile them up; the one abort below removes it instead.
    const onScrollStart = (e: Event) => {
      // Each look adds the way since the last one: distance travelled, up and down alike.
      let gesture = (moving = startGesture(e.timeStamp, rest.y, scrollY));
      let t = e.timeStamp;
      poll = setInterval(() => {
        if (scrollY !== gesture.y) {
          gesture = moving = travel(gesture, scrollY);
          t = performance.now();
          return;
        }
        clearInterval(poll);
        moving = undefined;
        rest = { t, y: gesture.y };
        watchStart();
        call({ ...gesture, t } satisfies ScrollGesture);
      }, SCROLL_POLL_MS);
    };
    const watchStart = () => addEventListener('scroll', onScrollStart, { passive: true, once: true });
    watchStart();
    stop.addEventListener(
      'abort',
      () => {
        removeEventListener('scroll', onScrollStart);
        clearInterval(poll);
        moving = undefined;
      },
      { once: true },
    );
  });
}
