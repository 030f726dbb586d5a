/**
 * Trigger → first paint, measured in the page the same way for every contender (bench:overlay,
 * bench:embed): the trigger is the pointer leaving the document through its top edge (the root's
 * `mouseleave` at y ≤ 8 px, its `timeStamp`: the event Tact's exit intent and the peers react to),
 * the paint the end of the frame that paints the element `probe` once it is shown.
 */
import { exitIntent, type TactPage } from '../e2e/harness/index.ts';

/** Wall-clock times (ms since the epoch, `performance.timeOrigin` based) of the trigger and the paint. */
export interface BenchClock {
  trigger?: number;
  paint?: number;
}

/**
 * In the page's own world: notes the exit's time (the pointer leaving through the top) and when the element `probe` is shown
 * (attached, not `visibility: hidden`, with a size), then the end of the frame that paints it.
 * (tsx keeps function names with a `__name` helper the page does not have: defined first.)
 */
function watchPaint(probe: string): void {
  (window as unknown as { __name?: unknown }).__name ??= (f: unknown) => f;
  const clock: BenchClock = ((window as unknown as { __bench: BenchClock }).__bench = {});
  document.documentElement.addEventListener(
    'mouseleave',
    (e) => {
      if (e.clientY <= 8) clock.trigger ??= performance.timeOrigin + e.timeStamp;
    },
    { passive: true },
  );
  // Shown: attached, with a size, and not `visibility: hidden` (a peer's CSS transition may turn
  // it visible a frame later, so once attached it is checked again on every frame).
  let watching = false;
  const observer = new MutationObserver(() => {
    if (watching || !document.querySelector(probe)) return;
    watching = true;
    const check = () => {
      const el = document.querySelector(probe);
      if (!el || getComputedStyle(el).visibility === 'hidden' || el.getBoundingClientRect().width === 0) {
        requestAnimationFrame(check);
        return;
      }
      observer.disconnect();
      // rAF runs just before the frame is rendered; a task queued from it runs after that frame.
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => (clock.paint = performance.timeOrigin + performance.now());
        channel.port2.postMessage(null);
      });
    };
    check();
  });
  observer.observe(document.documentElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['style', 'class', 'popover'],
  });
}

/** Brings `page` to the front, makes the exit gesture and waits (15 s at most) for `probe` to be painted. */
export async function triggerAndWait(page: TactPage, probe: string): Promise<Required<BenchClock>> {
  await page.bringToFront();
  await page.evaluate(watchPaint, probe);
  await exitIntent(page);
  return page.waitForFunction(
    () => {
      const c = (window as unknown as { __bench: BenchClock }).__bench;
      return c.trigger !== undefined && c.paint !== undefined ? c : null;
    },
    undefined,
    15_000,
  ) as Promise<Required<BenchClock>>;
}
