/**
 * Data retention's window, one rule for the extension's daily run (background/retention.ts) and
 * the site build's (embed-session.ts): what happened before `retentionDays` days ago is forgotten.
 * Pure; what each keeps of a record is decided by the record's own pure function
 * (`retainedSite`, `retainedLog`) given this window.
 */
import { localDay } from '../rules/policy.ts';

const DAY_MS = 86_400_000;

/** The oldest moment still kept, and its local day (for records counted per day). */
export interface RetentionWindow {
  cutoff: number;
  cutoffDay: string;
}

/** The window at `now` for a retention of `retentionDays` days. */
export function retentionWindow(now: number, retentionDays: number): RetentionWindow {
  const cutoff = now - retentionDays * DAY_MS;
  return { cutoff, cutoffDay: localDay(cutoff) };
}
