/**
 * One passive listener per event type for the whole page view, however many detectors need it:
 * each armed detector subscribes, the first subscriber adds the listener and the last one to leave
 * (its AbortSignal aborted) removes it. So "all detectors armed" still costs the page one
 * `mousemove` listener, and an empty plan costs nothing at all (nothing ever subscribes).
 *
 * Listeners are on `window`, capture phase (they see events the page stops), passive (they never
 * delay scrolling). `scroll` is the exception: bubbling, so only the document's own scrolling
 * counts, not every scrollable box. Scroll work is reduced to one sample per animation frame
 * (`onScrollFrame`); `mousemove` is already delivered at most once per frame by both browsers, and
 * its subscribers do constant work (a few assignments and comparisons).
 */
import { frameSampler } from './frame-sampler.ts';

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

/** Calls `fn(now)` at most once per animation frame while the document scrolls. */
export function onScrollFrame(fn: (now: number) => void, signal: AbortSignal): void {
  join(' frame', fn as Fn, signal, (call, stop) => listen('scroll', frameSampler(call, stop), stop));
}

/** Whether the active subscriptions are empty (for tests and the bench: nothing listens). */
export const listening = (): string[] => [...groups.keys()];
