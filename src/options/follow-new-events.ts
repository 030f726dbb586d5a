/**
 * A results view that follows new events: the background announces every committed write
 * (`events/appended`), and the view reloads once per burst of the events it shows (an answer,
 * then "completed", arrive a few milliseconds apart), and at least once a second while they keep
 * coming (burst-reload.ts).
 */
import { listenToBackground, type ToPages } from '../shared/protocol.ts';
import { burstReload } from './burst-reload.ts';

/** New events arrive in bursts: one reload per burst... */
const REFRESH_DELAY_MS = 250;
/** ...but a log that never goes quiet still shows its news this often. */
const REFRESH_MAX_WAIT_MS = 1000;

/**
 * Calls `reload` once the announcements that `wanted` accepts have been quiet for
 * REFRESH_DELAY_MS, or REFRESH_MAX_WAIT_MS after the first one not shown yet; returns a function
 * that stops listening and cancels a reload still pending.
 */
export function followNewEvents(wanted: (news: ToPages['events/appended']) => boolean, reload: () => void): () => void {
  const burst = burstReload(reload, REFRESH_DELAY_MS, REFRESH_MAX_WAIT_MS);
  const stop = listenToBackground('events/appended', (news) => {
    if (wanted(news)) burst.poke();
  });
  return () => {
    stop();
    burst.cancel();
  };
}
