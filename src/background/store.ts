/**
 * Tact's IndexedDB database, through idb. Everything the background knows lives here, because the
 * browser may stop the background at any moment and take its globals with it.
 *
 * Schema (version 7):
 *   flows          Flow, key id
 *   rules          Rule, key id (rule model v2)
 *   segments       Segment, key id                                             (since v2)
 *   events         TactEvent, auto-increment; indexes by-flow, by-time, by-conversation,
 *                  by-type-time [type, at]                                     (since v3),
 *                  by-flow-type-time [flowId, type, at]                        (since v7)
 *   rollups        Rollup counters per flow/day/type/step/reply, key key; index by-flow  (since v2),
 *                  by-type-day [type, day]                                     (since v7)
 *   profile        VisitorProfile under key "visitor"
 *   settings       PolicySettings under key "policy"                           (since v2)
 *   sites          SiteRecord, key origin (visits per day since v3)
 *   pageViews      PageView, key pageViewId; indexes by-tab, by-start          (by-start since v3),
 *                  by-live-tab (`liveTab`: only the live page views)            (since v6)
 *   conversations  Conversation, key id; indexes by-origin-start [origin, startedAt], by-start
 *                                                                              (since v3)
 *   traces         DecisionRecord lists, key tabId
 *   experiments    ExperimentLog per A/B rule (exposures, goal actions), key ruleId  (since v5)
 *   meta           lastShownByRule, budget, dismissals, rulesVersion, backgroundStarts,
 *                  retentionPending, visitorId (the pseudonymous id A/B arms follow from)
 *
 * Upgrades run step by step (`UPGRADES`), each inside the version-change transaction: a database
 * written by any older version opens with everything intact.
 */
import { openDB, unwrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { EntryMode, Rule, Segment } from '../core/rules/rule-model.ts';
import type { Flow } from '../core/flows/flow-model.ts';
import type { PageContext } from '../core/signals/signal-model.ts';
import type { SignalType } from '../core/signals/signal-kinds.ts';
import type { TactEvent } from '../core/results/event-model.ts';
import type { VisitorProfile } from '../core/visitor/visitor-model.ts';
import type { ConversationState } from '../core/flows/flow-runner.ts';
import type { TemplateScope } from '../core/flows/templating.ts';
import type { OverlayLoss } from '../core/overlay/host-restoration.ts';
import type { DecisionRecord, SiteState } from '../shared/protocol.ts';
import { defaultFlows, defaultRules } from '../core/flows/default-pack.ts';
import { uiLanguage } from '../shared/i18n.ts';
import {
  addRollup,
  migrateProfile,
  migrateRule,
  rollupsOf,
  scopeRuleSeededForAnySite,
  type Rollup,
} from '../core/storage/migrations.ts';
import { DEFAULT_SETTINGS, localDay, type PolicySettings } from '../core/rules/policy.ts';
import { migrateSiteVisits, type SiteVisits } from '../core/visitor/site-visits.ts';
import type { ExperimentLog } from '../core/experiments/experiment-log.ts';

const DB_NAME = 'tact';
export const DB_VERSION = 7;

/**
 * A site's on/off switch and visit bookkeeping (core/visitor/site-visits.ts): visits per local day
 * (a visit starts after `sessionMinutes` without a page view), forgotten by retention once older
 * than the retention window; a site turned off keeps its record.
 */
export interface SiteRecord extends SiteState, SiteVisits {}

/** One page view in one tab, registered by the content script's hello. */
export interface PageView {
  pageViewId: string;
  tabId: number;
  origin: string;
  url: string;
  startedAt: number;
  context?: PageContext;
  /** Set once an overlay was shown in this page view (at most one). */
  shownConversationId?: string;
  /**
   * Set when an A/B rule's hold-out took this page view's turn (its id): nothing was shown and,
   * as in the arms that show a flow, nothing else is shown in this page view. No budget is spent.
   */
  heldOutRuleId?: string;
  /** Shadow rules that already "would have shown" here. */
  wouldShown?: string[];
  /**
   * The kinds of signal the content script was told to listen for at its latest hello (empty: no
   * detector armed, e.g. no rule applies to this page or Tact is off here).
   */
  armed?: SignalType[];
  /**
   * The page view's tab, present only while the page view is live: armed, nothing shown or held
   * out in it yet, and its tab not known to be closed (`liveness`). The `by-live-tab` index holds
   * only the page views that have it, about one per open tab Tact runs on: what `approvalsStale`
   * reads instead of the retained history.
   */
  liveTab?: number;
}

/**
 * `view` with its `liveTab` mark as its own fields say: set while it is armed and nothing was
 * shown or held out in it, removed otherwise. For a page view of a closed tab use `notLive`: a
 * closed tab's page view never becomes live again.
 */
export function liveness(view: PageView): PageView {
  if (!mayShow(view)) return notLive(view);
  return view.liveTab === view.tabId ? view : { ...view, liveTab: view.tabId };
}

/** Whether a page view is armed and nothing was shown or held out in it yet. */
export function mayShow(view: PageView): boolean {
  return !!view.armed?.length && view.shownConversationId === undefined && view.heldOutRuleId === undefined;
}

/** `view` without its `liveTab` mark. */
export function notLive(view: PageView): PageView {
  if (view.liveTab === undefined) return view;
  const { liveTab: _none, ...rest } = view;
  return rest;
}

/** A running or finished conversation, bound to the overlay frame that attached it. */
export interface Conversation extends ConversationState {
  id: string;
  flowId: string;
  ruleId: string;
  entry: EntryMode;
  tabId: number;
  pageViewId: string;
  origin: string;
  path: string;
  startedAt: number;
  /** The frame that attached first; replies from any other frame are refused. */
  frameId?: number;
  /** Why it was shown, for "why am I seeing this?". */
  why?: DecisionRecord;
  /** Page data for `{{page.…}}` variables, from the page view that started it. */
  scope?: TemplateScope;
  pageContext?: PageContext;
  /** Started by a marketer's preview. */
  preview?: boolean;
  /** The A/B variant of the rule this conversation shows (its exposure is recorded when seen). */
  variantId?: string;
  /** When the visitor first had it open (see the `opened` event). */
  openedAt?: number;
  /** The page kept taking the overlay away and Tact gave up: when, and how the page did it. */
  paused?: { at: number; loss: OverlayLoss };
  /**
   * Started by a signal, but its overlay not seen yet: the content script holds it while the
   * visitor is busy or in another tab, and says when it became visible (`markShown`: only then
   * are its opening events, with these tags, recorded) or that it never was (`withdraw`: what
   * the decision reserved, the budget weight spent on `day` and the rule's previous "last shown",
   * is given back). No `reserved` for a preview, which spends nothing.
   */
  unseen?: { tags: string[]; reserved?: { day: string; weight: number; lastShown?: number } };
}

export interface TactDB extends DBSchema {
  flows: { key: string; value: Flow };
  rules: { key: string; value: Rule };
  segments: { key: string; value: Segment };
  events: {
    key: number;
    value: TactEvent;
    indexes: {
      'by-flow': string;
      'by-time': number;
      'by-conversation': string;
      'by-type-time': [string, number];
      'by-flow-type-time': [string, string, number];
    };
  };
  rollups: { key: string; value: Rollup; indexes: { 'by-flow': string; 'by-type-day': [string, string] } };
  profile: { key: string; value: VisitorProfile };
  settings: { key: string; value: PolicySettings };
  sites: { key: string; value: SiteRecord };
  pageViews: {
    key: string;
    value: PageView;
    indexes: { 'by-tab': number; 'by-start': number; 'by-live-tab': number };
  };
  conversations: {
    key: string;
    value: Conversation;
    indexes: { 'by-origin-start': [string, number]; 'by-start': number };
  };
  traces: { key: number; value: { tabId: number; records: DecisionRecord[] } };
  experiments: { key: string; value: ExperimentLog };
  meta: { key: string; value: unknown };
}

export type TactDatabase = IDBPDatabase<TactDB>;
type UpgradeTx = IDBPTransaction<TactDB, StoreNames<TactDB>[], 'versionchange'>;

/** Schema steps: UPGRADES[n] brings a database from version n to n + 1. */
export const UPGRADES: ((d: TactDatabase, tx: UpgradeTx, fresh: boolean) => Promise<void> | void)[] = [
  // 0 → 1: the first schema.
  (d) => {
    d.createObjectStore('flows', { keyPath: 'id' });
    d.createObjectStore('rules', { keyPath: 'id' });
    const events = d.createObjectStore('events', { keyPath: 'id', autoIncrement: true });
    events.createIndex('by-flow', 'flowId');
    events.createIndex('by-time', 'at');
    events.createIndex('by-conversation', 'conversationId');
    d.createObjectStore('profile');
    d.createObjectStore('sites', { keyPath: 'origin' });
    d.createObjectStore('pageViews', { keyPath: 'pageViewId' }).createIndex('by-tab', 'tabId');
    d.createObjectStore('conversations', { keyPath: 'id' });
    d.createObjectStore('traces', { keyPath: 'tabId' });
    d.createObjectStore('meta');
  },
  // 1 → 2: rule model v2 (shadow mode), segments, settings, stats rollups, richer profile.
  async (d, tx, fresh) => {
    d.createObjectStore('segments', { keyPath: 'id' });
    d.createObjectStore('settings');
    d.createObjectStore('rollups', { keyPath: 'key' }).createIndex('by-flow', 'flowId');
    if (fresh) return;
    let rule = await tx.objectStore('rules').openCursor();
    while (rule) {
      await rule.update(migrateRule(rule.value));
      rule = await rule.continue();
    }
    const profile = await tx.objectStore('profile').get('visitor');
    await tx.objectStore('profile').put(migrateProfile(profile), 'visitor');
    // Backfill the rollups from the events already logged.
    const counts = new Map<string, Rollup>();
    let event = await tx.objectStore('events').openCursor();
    while (event) {
      rollupsOf([event.value], localDay, counts);
      event = await event.continue();
    }
    for (const r of counts.values()) await tx.objectStore('rollups').put(r);
  },
  // 2 → 3: indexes for the hot paths (a hello finds the site's recent conversations, the options
  // page the newest answers, retention what is old, without scanning), visits counted per day.
  async (_d, tx, fresh) => {
    tx.objectStore('events').createIndex('by-type-time', ['type', 'at']);
    tx.objectStore('conversations').createIndex('by-origin-start', ['origin', 'startedAt']);
    tx.objectStore('conversations').createIndex('by-start', 'startedAt');
    tx.objectStore('pageViews').createIndex('by-start', 'startedAt');
    if (fresh) return;
    let site = await tx.objectStore('sites').openCursor();
    while (site) {
      await site.update(migrateSiteVisits(site.value, localDay));
      site = await site.continue();
    }
  },
  // 3 → 4: default rules seeded before they were for the demo shop only, never edited since, are
  // scoped to it as a fresh install's are (issue 11); the rules' version moves so caches reload.
  async (_d, tx, fresh) => {
    if (fresh) return;
    let changed = false;
    let rule = await tx.objectStore('rules').openCursor();
    while (rule) {
      const scoped = scopeRuleSeededForAnySite(rule.value);
      if (scoped !== rule.value) {
        await rule.update(scoped);
        changed = true;
      }
      rule = await rule.continue();
    }
    const meta = tx.objectStore('meta');
    if (changed) await meta.put((((await meta.get('rulesVersion')) as number | undefined) ?? 0) + 1, 'rulesVersion');
  },
  // 4 → 5: A/B tests' exposures and goals, one log per rule.
  (d) => {
    d.createObjectStore('experiments', { keyPath: 'ruleId' });
  },
  // 5 → 6: the live page views indexed (`liveTab`), so telling them their pre-approval is stale
  // reads only them, not the retained history. Nothing to backfill: a database is upgraded by a
  // new version of Tact, which cuts off every content script of the old one, so no page view
  // stored before can receive a message; a page loaded from then on says hello and is marked then.
  (_d, tx) => {
    tx.objectStore('pageViews').createIndex('by-live-tab', 'liveTab');
  },
  // 6 → 7: the Results reads of a busy log (bench:results). A flow's events of one type within a
  // time range (its export for some days, its newest free-text answers) without reading the other
  // flows' events of those days; the overview's counters (shown, opened, ended, would-show of some
  // days) without the per-step and per-reply ones. Built over the records already stored.
  (_d, tx) => {
    tx.objectStore('events').createIndex('by-flow-type-time', ['flowId', 'type', 'at']);
    tx.objectStore('rollups').createIndex('by-type-day', ['type', 'day']);
  },
];

let dbPromise: Promise<TactDatabase> | undefined;

/**
 * Opens (and on first use creates and seeds) the database. The connection is reused until the
 * browser closes it (`terminated`) or a newer Tact needs it closed (`blocking`).
 */
export function db(): Promise<TactDatabase> {
  dbPromise ??= openTactDB()
    .then((d) => {
      countWrites(unwrap(d));
      writes++; // a new connection: whatever was read on an older one counts as stale
      return d;
    })
    .catch((error: unknown) => {
      dbPromise = undefined; // let the next call try again
      throw error;
    });
  return dbPromise;
}

/** Read-write transactions begun through idb in this context since it started (see `writesBegun`). */
let writes = 0;

/**
 * How many read-write transactions the background has begun, counted when each is created (idb's
 * write shortcuts such as `d.put` create one too): what was read before a given count is still
 * what the database holds while the count is unchanged, since only the background writes it. A
 * memory copy of data (page-views.ts, a page view's decision inputs read ahead) is used only while
 * the count it was read at holds, and is safe to lose.
 */
export const writesBegun = (): number => writes;

/**
 * Counts, on this connection, every read-write transaction begun (idb's proxy calls the
 * connection's own `transaction`, its write shortcuts such as `d.put` too).
 */
function countWrites(connection: IDBDatabase): void {
  const begin = connection.transaction.bind(connection);
  connection.transaction = (...args: Parameters<IDBDatabase['transaction']>) => {
    if (args[1] === 'readwrite') writes++;
    return begin(...args);
  };
}

/**
 * Opens the database `name`, upgrading it step by step from whatever version it has. A fresh
 * database is seeded with the default flows and rules (named in the browser's language) in the same
 * transaction, so it exists with its defaults or not at all. Rejects with a `VersionError` when a newer Tact wrote it.
 */
export async function openTactDB(name = DB_NAME, version = DB_VERSION): Promise<TactDatabase> {
  const database = await openDB<TactDB>(name, version, {
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- idb ignores the promise; the upgrade transaction waits for these requests and aborts if one fails
    async upgrade(d, oldVersion, newVersion, tx) {
      const fresh = oldVersion === 0;
      for (let v = oldVersion; v < (newVersion ?? version); v++) await UPGRADES[v]!(d, tx, fresh);
      if (fresh) {
        // The browser's language ("en" without the i18n API, in Node's tests): nothing here chooses another.
        const language = uiLanguage();
        for (const flow of defaultFlows(language)) await tx.objectStore('flows').put(flow);
        for (const rule of defaultRules(language)) await tx.objectStore('rules').put(rule);
        await tx.objectStore('profile').put({ tags: [], tagExpiry: {}, attributes: {} }, 'visitor');
      }
    },
    blocked() {
      console.warn('[tact] an older Tact page keeps the database open; the upgrade waits for it to close');
    },
    blocking() {
      // A newer version wants to upgrade: step aside so it can, and reopen on next use.
      database.close();
      dbPromise = undefined;
    },
    terminated() {
      // The browser closed the connection abnormally (storage cleared, disk error): forget it,
      // so the next call opens a new one instead of failing on a dead connection forever.
      console.warn('[tact] the browser closed the database connection; it is reopened on next use');
      dbPromise = undefined;
    },
  });
  return database;
}

/** The policy settings, defaults filled in. */
export async function readSettings(tx: {
  objectStore(name: 'settings'): { get(key: string): Promise<PolicySettings | undefined> };
}): Promise<PolicySettings> {
  return { ...DEFAULT_SETTINGS, ...(await tx.objectStore('settings').get('policy')) };
}

/**
 * Runs `work` in the transaction `tx` and commits only if it finishes. IndexedDB commits whatever
 * was written once a transaction has nothing left to do, even when the code that wrote it then
 * threw; so a throw anywhere in `work` (a flow that breaks at its start, a value IndexedDB cannot
 * store) aborts the transaction here, none of the writes already made are kept, and the error is
 * passed on.
 */
export async function allOrNothing<T>(tx: { abort(): void; done: Promise<void> }, work: () => Promise<T>): Promise<T> {
  const { value, committed } = await answerBeforeCommit(tx, work);
  await committed;
  return value;
}

/**
 * `allOrNothing` that does not wait for the commit: `work` issues its writes without waiting for
 * each, and its value comes back as soon as it returns, with `committed` (settles when the
 * transaction does; a write that fails aborts it, and none of the writes are kept). What reads the
 * same stores afterwards still sees the writes: IndexedDB runs transactions whose stores overlap in
 * order. Used where a caller waits for the answer (a signal's decision), not for the disk.
 */
export async function answerBeforeCommit<T>(
  tx: { abort(): void; done: Promise<void> },
  work: () => Promise<T>,
): Promise<{ value: T; committed: Promise<void> }> {
  try {
    return { value: await work(), committed: tx.done };
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already finished or aborted: nothing left to undo.
    }
    await tx.done.catch(() => undefined);
    throw error;
  }
}

type EventsTx = IDBPTransaction<TactDB, ('events' | 'rollups' | StoreNames<TactDB>)[], 'readwrite'>;

/**
 * Appends events to the log and counts them in the rollups, in the caller's transaction: either
 * both happen or neither does. The adds are issued together (a transaction runs its requests in
 * order, so ids stay in order), and each rollup counter the batch touches is read and written once
 * with the batch's sum (`rollupsOf`), so a batch of n events costs n adds plus two requests per
 * distinct flow/day/type/step/reply, not 3n round trips.
 */
export async function appendEvents(tx: EventsTx, events: TactEvent[]): Promise<void> {
  const store = tx.objectStore('events');
  const rollups = tx.objectStore('rollups');
  const writes: Promise<unknown>[] = events.map((e) => store.add(e));
  for (const r of rollupsOf(events).values())
    writes.push(rollups.get(r.key).then((stored) => rollups.put(addRollup(stored, r))));
  await Promise.all(writes);
  const listener = appendedListener;
  if (listener && events.length) {
    const news: EventsAppended = {
      flowIds: [...new Set(events.map((e) => e.flowId))],
      types: [...new Set(events.map((e) => e.type))],
    };
    // Only what was committed is news; a transaction that fails tells nobody.
    tx.done.then(
      () => listener(news),
      () => undefined,
    );
  }
}

/** Which flows and kinds of events a committed transaction appended. */
export interface EventsAppended {
  flowIds: string[];
  types: TactEvent['type'][];
}

let appendedListener: ((news: EventsAppended) => void) | undefined;

/**
 * Calls `listener` after every transaction that appended events has committed (background.ts tells
 * the open options pages, so their answers and results follow without polling).
 */
export function onEventsAppended(listener: (news: EventsAppended) => void): void {
  appendedListener = listener;
}
