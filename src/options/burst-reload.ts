/**
 * One reload per burst of news, without starving: a reload waits until the news has been quiet
 * for `quietMs` (an answer, then "completed", arrive a few milliseconds apart), but never more than
 * `maxWaitMs` after the first news it has not shown yet. Before the cap, a view followed a busy
 * log only once the news stopped: with events every 100 ms for 3 s, the numbers on screen moved
 * 3.2 s after the first (bench:results).
 */
export interface BurstReload {
  /** News arrived: reload soon. */
  poke(): void;
  /** Cancels a reload still pending. */
  cancel(): void;
}

export function burstReload(reload: () => void, quietMs: number, maxWaitMs: number): BurstReload {
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** When the first news not shown yet arrived. */
  let firstAt: number | undefined;
  return {
    poke() {
      const now = Date.now();
      firstAt ??= now;
      clearTimeout(timer);
      timer = setTimeout(
        () => {
          firstAt = undefined;
          reload();
        },
        Math.max(0, Math.min(quietMs, firstAt + maxWaitMs - now)),
      );
    },
    cancel() {
      clearTimeout(timer);
      firstAt = undefined;
    },
  };
}
