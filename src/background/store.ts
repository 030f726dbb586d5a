/**
 * Tact's IndexedDB database, through idb. Everything the background knows lives here, because the
 * browser may stop the background at any moment and take its globals with it.
 *
 * Schema version 1:
 *   flows          Flow, key id
 *   rules          Rule, key id
 *   events         TactEvent, auto-increment key; indexes by-flow, by-time, by-conversation
 *   profile        VisitorProfile under key "visitor"
 *   sites          SiteState, key origin
 *   pageViews      PageView, key pageViewId; index by-tab
 *   conversations  Conversation, key id
 *   traces         DecisionRecord lists, key tabId
 *   meta           small values: schema seed marker, background start count
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { EntryMode, Flow, Rule, TactEvent, VisitorProfile } from '../core/model.ts';
import type { ConversationState } from '../core/flow-runner.ts';
import type { DecisionRecord, SiteState } from '../shared/protocol.ts';
import { DEFAULT_FLOWS, DEFAULT_RULES } from '../core/default-pack.ts';

export const DB_NAME = 'tact';
export const DB_VERSION = 1;

/** One page view in one tab, registered by the content script's hello. */
export interface PageView {
  pageViewId: string;
  tabId: number;
  origin: string;
  url: string;
  startedAt: number;
  /** Set once an overlay was shown in this page view (at most one). */
  shownConversationId?: string;
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
}

export interface TactDB extends DBSchema {
  flows: { key: string; value: Flow };
  rules: { key: string; value: Rule };
  events: { key: number; value: TactEvent; indexes: { 'by-flow': string; 'by-time': number; 'by-conversation': string } };
  profile: { key: string; value: VisitorProfile };
  sites: { key: string; value: SiteState };
  pageViews: { key: string; value: PageView; indexes: { 'by-tab': number } };
  conversations: { key: string; value: Conversation };
  traces: { key: number; value: { tabId: number; records: DecisionRecord[] } };
  meta: { key: string; value: unknown };
}

export type TactDatabase = IDBPDatabase<TactDB>;

let dbPromise: Promise<TactDatabase> | undefined;

/** Opens (and on first use creates and seeds) the database. The connection is reused. */
export function db(): Promise<TactDatabase> {
  dbPromise ??= openTactDB().catch((error: unknown) => {
    dbPromise = undefined; // let the next call try again
    throw error;
  });
  return dbPromise;
}

/** Opens the database with `name`; exported separately so tests can open a scratch copy. */
export async function openTactDB(name = DB_NAME): Promise<TactDatabase> {
  const database = await openDB<TactDB>(name, DB_VERSION, {
    upgrade(d, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) {
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
        // Seed the default flows in the upgrade transaction itself: either the database exists
        // with its defaults, or not at all.
        for (const flow of DEFAULT_FLOWS) void tx.objectStore('flows').put(flow);
        for (const rule of DEFAULT_RULES) void tx.objectStore('rules').put(rule);
        void tx.objectStore('profile').put({ tags: [] }, 'visitor');
      }
    },
    blocking() {
      // A newer version wants to upgrade: step aside so it can, and reopen on next use.
      database.close();
      dbPromise = undefined;
    },
  });
  return database;
}
