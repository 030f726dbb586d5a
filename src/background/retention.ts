/**
 * Data retention: once a day (an alarm, since timers die with the background) events and
 * conversations older than the retention setting are deleted, and page views older than two days
 * (their tabs are long gone). The stats rollups are kept: they are counts, not a visitor's trail.
 */
import { db, readSettings } from './store.ts';

export const RETENTION_ALARM = 'tact-retention';
const DAY = 86_400_000;

/** Deletes what is past retention; returns how many events went. */
export async function applyRetention(now = Date.now()): Promise<number> {
  const d = await db();
  const settings = await readSettings(d.transaction('settings'));
  const cutoff = now - settings.retentionDays * DAY;
  const tx = d.transaction(['events', 'conversations', 'pageViews'], 'readwrite');
  let deleted = 0;
  let cursor = await tx.objectStore('events').index('by-time').openCursor(IDBKeyRange.upperBound(cutoff, true));
  while (cursor) {
    await cursor.delete();
    deleted++;
    cursor = await cursor.continue();
  }
  let conv = await tx.objectStore('conversations').openCursor();
  while (conv) {
    if (conv.value.startedAt < cutoff) await conv.delete();
    conv = await conv.continue();
  }
  let view = await tx.objectStore('pageViews').openCursor();
  while (view) {
    if (view.value.startedAt < now - 2 * DAY) await view.delete();
    view = await view.continue();
  }
  await tx.done;
  return deleted;
}
