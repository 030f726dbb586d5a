/**
 * Data retention: once a day (an alarm, since timers die with the background) events and
 * conversations older than the retention setting are deleted, page views older than two days
 * (their tabs are long gone), the visit counts of sites older than the window, and the A/B
 * tests' exposures older than it (with their actions). The stats rollups are kept: they are
 * counts, not a visitor's trail.
 */
import { db, readSettings, type TactDB } from './store.ts';
import { retentionWindow } from '../core/visitor/retention-window.ts';
import { retainedSite } from '../core/visitor/site-visits.ts';
import { retainedLog } from '../core/experiments/experiment-log.ts';

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

/** Records deleted (or trimmed, for sites) per transaction: short enough for a worker about to stop. */
const RETENTION_BATCH = 500;
const PENDING_KEY = 'retentionPending';

/** What one retention run removed, and its longest transaction (for the bench). */
export interface RetentionSummary {
  events: number;
  conversations: number;
  pageViews: number;
  /** Site records deleted, and those trimmed (old visit counts or times forgotten). */
  sites: number;
  sitesTrimmed: number;
  /** A/B test logs deleted (no exposure left), and those trimmed. */
  experiments: number;
  experimentsTrimmed: number;
  transactions: number;
  longestTransactionMs: number;
}

type Store = 'events' | 'conversations' | 'pageViews';
type TimeIndex = { events: 'by-time'; conversations: 'by-start'; pageViews: 'by-start' };
const TIME_INDEX: TimeIndex = { events: 'by-time', conversations: 'by-start', pageViews: 'by-start' };

/**
 * Deletes what is past retention, in batches of `RETENTION_BATCH` records, each its own
 * transaction: events and conversations older than the retention setting, page views older than
 * two days, and of the `sites` records whatever the visitor did not set — visit counts of days
 * before the window, the times of a last visit before it, and the records of sites still on with
 * nothing recent left (sites turned off stay), and of the A/B tests' logs the exposures before the
 * window with their visitors' actions. A background stopped half-way keeps every batch
 * it committed; `meta.retentionPending` makes the next start finish the run (`resumeRetention`).
 */
export async function applyRetention(now = Date.now(), batch = RETENTION_BATCH): Promise<RetentionSummary> {
  const d = await db();
  const settings = await readSettings(d.transaction('settings'));
  const { cutoff, cutoffDay } = retentionWindow(now, settings.retentionDays);
  await d.put('meta', now, PENDING_KEY);
  const summary: RetentionSummary = {
    events: 0,
    conversations: 0,
    pageViews: 0,
    sites: 0,
    sitesTrimmed: 0,
    experiments: 0,
    experimentsTrimmed: 0,
    transactions: 0,
    longestTransactionMs: 0,
  };
  const timed = async <T>(work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await work();
    summary.transactions++;
    summary.longestTransactionMs = Math.max(summary.longestTransactionMs, performance.now() - start);
    return result;
  };
  /** Deletes up to `batch` records of `store` older than `before`, oldest first; returns how many. */
  const deleteOlder = (store: Store, before: number) =>
    timed(async () => {
      const tx = d.transaction(store, 'readwrite');
      // Each store's time index (typed per store, chosen at run time).
      let cursor = await tx.store.index(TIME_INDEX[store] as never).openCursor(IDBKeyRange.upperBound(before, true));
      let n = 0;
      while (cursor && n < batch) {
        await cursor.delete();
        n++;
        cursor = await cursor.continue();
      }
      await tx.done;
      return n;
    });
  for (const [store, before] of [
    ['events', cutoff],
    ['conversations', cutoff],
    ['pageViews', now - 2 * DAY],
  ] as const) {
    for (let n = batch; n === batch;) {
      n = await deleteOlder(store, before);
      summary[store] += n;
    }
  }
  /**
   * A pass over every record of `store` in key order, one batch per transaction: each record is
   * replaced by what `retained` keeps of it, or deleted when it keeps nothing.
   */
  const trimEach = async <S extends 'sites' | 'experiments'>(
    store: S,
    retained: (record: TactDB[S]['value']) => TactDB[S]['value'] | undefined,
  ) => {
    let after: string | undefined;
    for (let n = batch; n === batch;) {
      n = await timed(async () => {
        const tx = d.transaction(store, 'readwrite');
        let cursor = await tx.store.openCursor(after === undefined ? null : IDBKeyRange.lowerBound(after, true));
        let seen = 0;
        while (cursor && seen < batch) {
          const kept = retained(cursor.value);
          if (!kept) {
            await cursor.delete();
            summary[store]++;
          } else if (JSON.stringify(kept) !== JSON.stringify(cursor.value)) {
            await cursor.update(kept);
            summary[`${store}Trimmed`]++;
          }
          after = cursor.key as string; // both stores are keyed by a string (origin, rule id)
          seen++;
          cursor = await cursor.continue();
        }
        await tx.done;
        return seen;
      });
    }
  };
  await trimEach('sites', (site) => retainedSite(site, cutoff, cutoffDay));
  await trimEach('experiments', (log) => retainedLog(log, cutoff));
  await d.delete('meta', PENDING_KEY);
  return summary;
}

/** Finishes a retention run a stopped background left half-way (called on every start). */
export async function resumeRetention(): Promise<RetentionSummary | undefined> {
  const pending = await (await db()).get('meta', PENDING_KEY);
  return pending === undefined ? undefined : applyRetention();
}
