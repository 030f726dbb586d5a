/**
 * The visitor's state on a site running the embed, in that site's own IndexedDB (through idb):
 * a pseudonymous visitor id, the profile flows build, the interruption policy's records (budget,
 * back-off, last shown per rule, snooze, "never here"), visits and the last holds before an overlay
 * appeared. One record, read and written in
 * one transaction per decision, so two tabs of the site cannot both spend the last of a budget.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { BudgetState, DismissalState } from '../core/rules/policy.ts';
import type { VisitorProfile } from '../core/visitor/visitor-model.ts';
import type { SiteVisits } from '../core/visitor/site-visits.ts';
import { randomId } from '../shared/ids.ts';
import type { Hold } from '../shared/protocol.ts';
import type { ExperimentLog } from '../core/experiments/experiment-log.ts';

/**
 * An overlay that waited for the visitor's free moment before it appeared (or was withdrawn unseen
 * after the hold limit), or an A/B hold-out decided once the visitor was free: what the extension
 * keeps in the decision's trace (the signal's `held`, `overlay.held`, `overlay.withdrawn`), kept
 * here with the decision's time, rule and flow.
 */
export interface HoldRecord {
  at: number;
  ruleId: string;
  /** `null` for an A/B hold-out (nothing was to appear; the hold is the signal's). */
  flowId: string | null;
  held: Hold;
  withdrawn: boolean;
}

/** The last holds kept, as many as the extension keeps decisions per tab. */
export const HOLDS_KEPT = 20;

/** Everything the embed remembers about the visitor on this site. */
export interface EmbedVisitor {
  id: string;
  profile: VisitorProfile;
  lastShownByRule: Record<string, number>;
  budget?: BudgetState;
  dismissals?: DismissalState;
  snoozeUntil: number;
  /** The visitor chose "never on this site". */
  off: boolean;
  visits: SiteVisits;
  /** The last HOLDS_KEPT holds before an overlay appeared, oldest first. */
  holds?: HoldRecord[];
  /** Each A/B test this visitor met: their exposure and the goals reached since (embed-experiments.ts), by rule id. */
  experiments?: Record<string, ExperimentLog>;
}

/** The visitor with `hold` recorded (the oldest dropped past HOLDS_KEPT). */
export function withHold(visitor: EmbedVisitor, hold: HoldRecord): EmbedVisitor {
  return { ...visitor, holds: [...(visitor.holds ?? []), hold].slice(-HOLDS_KEPT) };
}

interface EmbedDb extends DBSchema {
  visitor: { key: 'visitor'; value: EmbedVisitor };
}

/** The database's name on the site; `consent(false)` deletes it. */
const EMBED_DB_NAME = 'tact-embed';

let opened: Promise<IDBPDatabase<EmbedDb>> | undefined;

function db(): Promise<IDBPDatabase<EmbedDb>> {
  return (opened ??= openDB<EmbedDb>(EMBED_DB_NAME, 1, {
    upgrade(d) {
      d.createObjectStore('visitor');
    },
  }));
}

function fresh(origin: string): EmbedVisitor {
  return {
    id: randomId(),
    profile: { tags: [] },
    lastShownByRule: {},
    snoozeUntil: 0,
    off: false,
    visits: { origin, enabled: true },
  };
}

/**
 * Reads the visitor (made on first use), lets `change` compute the new one, and writes it unless
 * `change` returned the same object, all in one transaction; returns what `change` returned.
 * `change` must not await anything else.
 */
export async function updateVisitor<T>(
  origin: string,
  change: (visitor: EmbedVisitor) => { visitor: EmbedVisitor; result: T },
): Promise<T> {
  const tx = (await db()).transaction('visitor', 'readwrite');
  const visitor = (await tx.store.get('visitor')) ?? fresh(origin);
  const { visitor: next, result } = change(visitor);
  // Unchanged (e.g. a page view of a visitor who met no A/B test): nothing written, nothing made.
  if (next !== visitor) await tx.store.put(next, 'visitor');
  await tx.done;
  return result;
}

/** Forgets everything (consent withdrawn). */
export async function forgetVisitor(): Promise<void> {
  const d = await opened;
  d?.close();
  opened = undefined;
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(EMBED_DB_NAME);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}
