/**
 * One passive listener per event type for the whole page view, however many detectors need it:
 * each armed detector subscribes, the first subscriber adds the listener and the last one to leave
 * (its AbortSignal aborted) removes it. So "all detectors armed" still costs the page one
 * `mousemove` listener, and an empty plan costs nothing at all (nothing ever subscribes).
 *
 * Listeners are on `window`, capture phase (they see events the page stops), passive (they never
 * delay scrolling). `mousemove` is delivered at most once per animation frame by both browsers and
 * its subscribers do constant work. Scrolling is reduced further, to one callback per scroll
 * gesture (`onScrollEnd`): a one-shot `scroll` listener notes where a gesture starts, and a 10 Hz
 * look at the position while it moves notices where it ends; a smooth wheel scroll of twenty
 * frames costs a handful of calls, not twenty.
 */
type Fn = (arg: never) => void;
const groups = new Map<string, { fns: Set<Fn>; stop: AbortController }>();

/** Adds `fn` to group `key`; the group's source is started on first use and stopped with the last subscriber. */
function join(key: string, fn: Fn, signal: AbortSignal, start: (call: (arg: unknown) => void, stop: AbortSignal) => void): void {
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

type Events = WindowEventMap & DocumentEventMap;

/** Subscribes `fn` to `type` events on the window (document events included) until `signal` aborts. */
export function listen<K extends keyof Events>(type: K, fn: (e: Events[K]) => void, signal: AbortSignal): void {
  join(type, fn as Fn, signal, (call, stop) => addEventListener(type, call, { signal: stop, passive: true, capture: type !== 'scroll' }));
}

/** One scroll gesture of the document: where and when it started and ended (ms, CSS px). */
export interface ScrollGesture {
  t0: number;
  y0: number;
  t: number;
  y: number;
}

/** The gesture in progress, if the document is scrolling now (only while someone listens). */
let moving: { t0: number; y0: number } | undefined;
export const scrollingSince = () => moving;

/** While the document scrolls, its position is looked at this often to notice the gesture's end. */
const SCROLL_POLL_MS = 100;

/**
 * Calls `fn` at the end of each scroll gesture: when the position has not changed for
 * SCROLL_POLL_MS. (`scrollend` would be neater, but headless Firefox does not fire it after wheel
 * scrolling, so it cannot be relied on; a short poll while scrolling works everywhere.)
 */
export function onScrollEnd(fn: (g: ScrollGesture) => void, signal: AbortSignal): void {
  join(' scroll', fn as Fn, signal, (call, stop) => {
    let rest = { t: performance.now(), y: scrollY };
    let poll: ReturnType<typeof setInterval> | undefined;
    const watchStart = () =>
      addEventListener(
        'scroll',
        (e) => {
          const start = (moving = { t0: e.timeStamp, y0: rest.y });
          let y = scrollY;
          let t = e.timeStamp;
          poll = setInterval(() => {
            if (scrollY !== y) {
              y = scrollY;
              t = performance.now();
              return;
            }
            clearInterval(poll);
            moving = undefined;
            rest = { t, y };
            watchStart();
            call({ ...start, t, y });
          }, SCROLL_POLL_MS);
        },
        { signal: stop, passive: true, once: true },
      );
    watchStart();
    stop.addEventListener(
      'abort',
      () => {
        clearInterval(poll);
        moving = undefined;
      },
      { once: true },
    );
  });
}

/** Whether the active subscriptions are empty (for tests and the bench: nothing listens). */
export const listening = (): string[] => [...groups.keys()];
