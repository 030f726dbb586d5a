/**
 * Reduces raw input events to one evaluation per animation frame: handlers only note that
 * something happened; `run` does the work at most once per frame.
 */
export function frameSampler(run: (now: number) => void, signal: AbortSignal): () => void {
  let scheduled = 0;
  signal.addEventListener('abort', () => cancelAnimationFrame(scheduled), { once: true });
  return () => {
    if (scheduled || signal.aborted) return;
    scheduled = requestAnimationFrame((now) => {
      scheduled = 0;
      if (!signal.aborted) run(now);
    });
  };
}
