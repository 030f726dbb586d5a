/**
 * Before a click in the overlay frame (Chromium): waits until the overlay's host has stopped
 * moving on the page. The host is anchored at the bottom, and the frame asks for its size through
 * the background (`overlay/resize` → the content script sizes the host): a panel that grows (a new
 * line, the why view) moves everything in it up some milliseconds after the frame's own layout
 * settled, so a click aimed before the move landed beside its button (a rare flake, in CI and
 * here). Playwright's own stability check looks inside the frame only.
 *
 * Two evaluations. In the frame, `resizesApplied` waits until every size the frame asked for has
 * been applied: the background answers `overlay/resize` once the content script has sized the host.
 * On the page, `frameAtRest` then waits until the frame element's box is the same in two animation
 * frames in a row (laid out and drawn where it now is). The frame's count of its requests starts
 * when the harness first looks at it (`overlay()`): one already on its way then is not counted, so
 * for `UNTRACKED_MS` after that the page also waits until the box has kept still for
 * `UNTRACKED_QUIET_MS`, as the harness did before every click when it only looked at the box
 * (three looks 50 ms apart, ~220 ms a click).
 */

/** After the frame's count of its size requests starts: how long one sent before may still land. */
export const UNTRACKED_MS = 300;
/** How long the frame element must keep still while a size request may have gone uncounted. */
export const UNTRACKED_QUIET_MS = 150;
/** The longest either step waits: then the click goes ahead, as a visitor's would. */
export const AT_REST_TIMEOUT_MS = 3000;

/**
 * In the overlay frame, with the element about to be clicked (run with the driver's `evaluate` on
 * its handle): counts the frame's `overlay/resize` requests from the first call on (the extension
 * API's `runtime.sendMessage`, wrapped in this document only), then resolves once the frame has
 * drawn twice (a pending resize observation or render has sent its request) with none of them
 * unanswered and the element at the same place in both. Resolves with the time (epoch ms)
 * until which a request sent before the count started may still land; `timeoutMs` bounds the wait.
 *
 * No function here is declared or named: tsx would wrap it in its `__name` helper, which the
 * frame does not have; they are assigned to members instead.
 */
export function resizesApplied(
  target: Element,
  { untrackedMs, timeoutMs }: { untrackedMs: number; timeoutMs: number },
): Promise<number> {
  type Count = { inFlight: number; idle: (() => void)[]; since: number; answered?: () => void };
  const w = window as unknown as { tactHarnessResizes?: Count };
  if (!w.tactHarnessResizes) {
    const count: Count = { inFlight: 0, idle: [], since: performance.timeOrigin + performance.now() };
    count.answered = () => {
      if (--count.inFlight === 0) for (const resume of count.idle.splice(0)) resume();
    };
    const runtime = chrome.runtime;
    const send = runtime.sendMessage.bind(runtime) as (...args: unknown[]) => Promise<unknown>;
    runtime.sendMessage = (...args: unknown[]) => {
      const reply = send(...args);
      if ((args[0] as { type?: unknown } | undefined)?.type === 'overlay/resize') {
        count.inFlight++;
        void reply.then(count.answered, count.answered);
      }
      return reply;
    };
    w.tactHarnessResizes = count;
  }
  const count = w.tactHarnessResizes;
  const deadline = performance.now() + timeoutMs;
  return new Promise<number>((resolve) => {
    const loop: { look?: () => void } = {};
    // A hidden document draws nothing (no animation frame): there, only the requests are waited for.
    if (document.hidden)
      loop.look = () => {
        if (count.inFlight === 0) resolve(count.since + untrackedMs);
        else count.idle.push(loop.look!);
      };
    else
      loop.look = () => {
        const before = JSON.stringify(target.getBoundingClientRect());
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            const moved = JSON.stringify(target.getBoundingClientRect()) !== before;
            if ((count.inFlight === 0 && !moved) || performance.now() > deadline) resolve(count.since + untrackedMs);
            else if (moved) loop.look!();
            else count.idle.push(loop.look!);
          }),
        );
      };
    loop.look();
    setTimeout(() => resolve(count.since + untrackedMs), timeoutMs);
  });
}

/**
 * On the page, with the overlay's frame element (run with the driver's `evaluate` on its handle):
 * resolves once the element's box is the same in two animation frames in a row, and, until
 * `untrackedUntil` (epoch ms), has kept still for `quietMs`; `timeoutMs` bounds the wait. Nothing
 * here is declared or named either (see `resizesApplied`).
 */
export function frameAtRest(
  frame: Element,
  { untrackedUntil, quietMs, timeoutMs }: { untrackedUntil: number; quietMs: number; timeoutMs: number },
): Promise<void> {
  const start = performance.now();
  return new Promise<void>((resolve) => {
    if (document.hidden) {
      resolve(); // nothing is drawn, nothing moves
      return;
    }
    const state: { last: string; since: number; look?: () => void } = { last: '', since: start };
    state.look = () =>
      requestAnimationFrame(() => {
        const r = frame.getBoundingClientRect();
        const box = `${r.x},${r.y},${r.width},${r.height}`;
        const now = performance.now();
        if (box !== state.last) {
          state.last = box;
          state.since = now;
        } else if (performance.timeOrigin + now >= untrackedUntil || now - state.since >= quietMs) {
          resolve();
          return;
        }
        if (now - start > timeoutMs) resolve();
        else state.look!();
      });
    state.look();
    setTimeout(resolve, timeoutMs);
  });
}
