/**
 * A results view that follows new events: the background announces every committed write
 * (`events/appended`), and the view reloads once per burst of the events it shows (an answer,
 * then "completed", arrive a few milliseconds apart).
 */
import { listenToBackground, type ToPages } from '../shared/protocol.ts';

/** New events arrive in bursts: one reload per burst. */
const REFRESH_DELAY_MS = 250;

/**
 * Calls `reload` REFRESH_DELAY_MS after the last announcement that `wanted` accepts; returns a
 * function that stops listening and cancels a reload still pending.
 */
export function followNewEvents(wanted: (news: ToPages['events/appended']) => boolean, reload: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = listenToBackground('events/appended', (news) => {
    if (!wanted(news)) return;
    clearTimeout(timer);
    timer = setTimeout(reload, REFRESH_DELAY_MS);
  });
  return () => {
    stop();
    clearTimeout(timer);
  };
}
