/**
 * What Tact remembers about a site the visitor goes to: the on/off switch they set, and how many
 * visits they made, counted per local day so that counts older than the retention window can be
 * forgotten day by day. Pure: the background stores the records (`sites`) and applies these.
 */

/** The visit bookkeeping of a site record (the switch and origin live beside it). */
export interface SiteVisits {
  origin: string;
  enabled: boolean;
  /** Visits (sessions) begun per local day, "YYYY-MM-DD" → count. */
  visitsByDay?: Record<string, number>;
  sessionStartedAt?: number;
  lastSeenAt?: number;
}

/** Visits counted in the record (within the retention window, once retention has run). */
export function visitCount(site: Pick<SiteVisits, 'visitsByDay'> | undefined): number {
  let total = 0;
  for (const n of Object.values(site?.visitsByDay ?? {})) total += n;
  return total;
}

/**
 * The record after a page view at `now`: a new visit begins after `sessionMinutes` without a page
 * view on the site, counted on `day` (the local day of `now`).
 */
export function withPageView<T extends SiteVisits>(site: T, now: number, day: string, sessionMinutes: number): T {
  const next = { ...site };
  if (!site.lastSeenAt || now - site.lastSeenAt > sessionMinutes * 60_000) {
    next.visitsByDay = { ...site.visitsByDay, [day]: (site.visitsByDay?.[day] ?? 0) + 1 };
    next.sessionStartedAt = now;
  }
  next.lastSeenAt = now;
  return next;
}

/**
 * The record as retention keeps it: visit counts of days before `cutoffDay` forgotten, the times
 * of a last visit before `cutoff` forgotten; `undefined` when nothing the visitor set remains (a
 * site still on, with no recent visit), so the record goes. A site turned off always stays.
 */
export function retainedSite<T extends SiteVisits>(site: T, cutoff: number, cutoffDay: string): T | undefined {
  const next = { ...site };
  const days = Object.entries(site.visitsByDay ?? {}).filter(([day]) => day >= cutoffDay);
  if (days.length) next.visitsByDay = Object.fromEntries(days);
  else delete next.visitsByDay;
  if ((site.lastSeenAt ?? 0) < cutoff) {
    delete next.lastSeenAt;
    delete next.sessionStartedAt;
  }
  if (next.enabled && next.visitsByDay === undefined && next.lastSeenAt === undefined) return undefined;
  return next;
}

/** A record as schema version 2 stored it (a running total), in the per-day form. */
export function migrateSiteVisits<T extends SiteVisits>(
  stored: T & { visits?: number },
  dayOf: (at: number) => string,
): T {
  const { visits, ...rest } = stored;
  if (!visits || rest.visitsByDay) return rest as T;
  // The days of past visits were not kept: count them on the last one's day, so they are
  // forgotten when that day leaves the retention window.
  return { ...rest, visitsByDay: { [dayOf(rest.lastSeenAt ?? Date.now())]: visits } } as T;
}
