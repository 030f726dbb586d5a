/**
 * Data retention: once a day (an alarm, since timers die with the background) events and
 * conversations older than the retention setting are deleted, and page views older than two days
 * (their tabs are long gone). The stats rollups are kept: they are counts, not a visitor's trail.
 */
import { db, readSettings } from './store.ts';

export const RETENTION_ALARM = 'tact-retention';
const DAY = 86_400_000;

/** The part of `alarms` the schedule needs (so a test can hand in a fake). */
export interface AlarmsApi {
  get(name: string): Promise<Pick<chrome.alarms.Alarm, 'name' | 'scheduledTime' | 'periodInMinutes'> | undefined>;
  create(name: string, info: chrome.alarms.AlarmCreateInfo): Promise<void> | void;
}

/**
 * Makes sure the daily retention alarm exists. Called on every background start, not only at
 * install: Firefox does not keep alarms over a browser restart, and Chrome clears them when the
 * extension is disabled and enabled again. An alarm already scheduled is left alone, so a
 * background that restarts every few minutes does not keep pushing retention back.
 * Returns true when it had to create the alarm.
 */
export async function ensureRetentionAlarm(alarms: AlarmsApi): Promise<boolean> {
  if (await alarms.get(RETENTION_ALARM)) return false;
  await alarms.create(RETENTION_ALARM, { delayInMinutes: 5, periodInMinutes: 24 * 60 });
  return true;
}

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
