/**
 * The one message protocol between Tact's contexts. Each message has a name, a request payload
 * and a response; the maps below are the single source of truth for both. Callers use `send()`
 * (to the background) and the background answers with the handler map in
 * `background/handlers.ts`; payloads are validated at the boundary by `protocol-checks.ts`.
 *
 * Kept free of runtime dependencies so the always-on content script stays small.
 */
import type { EntryMode, Rule, Segment } from '../core/rules/rule-model.ts';
import type { Flow } from '../core/flows/flow-model.ts';
import type { PageContext, Signal, ArmingPlan, QuietState } from '../core/signals/signal-model.ts';
import type { TactEvent } from '../core/results/event-model.ts';
import type { PolicySettings } from '../core/rules/policy.ts';
import type { FlowPack } from '../core/flows/flow-pack.ts';
import type { FlowStats, FlowTotals } from '../core/results/flow-stats.ts';
import type { ConversationTable } from '../core/results/conversation-rows.ts';
import type { Decision } from '../core/rules/engine.ts';
import type { StepView, TranscriptLine } from '../core/flows/flow-runner.ts';
import type { ActAs, ResetSummary } from '../core/rules/preview-overrides.ts';
import { ext } from './browser-api.ts';

/** Every Tact message carries this marker, so anything else is recognised as foreign at once. */
export const PROTOCOL = 'tact/1';

/** What the overlay needs to draw the conversation at its current step. */
export interface ConversationView {
  conversationId: string;
  /** What the visitor sees of who speaks: never the flow's internal name or id. */
  persona: { name: string; avatar: string; typingCps: number };
  entry: EntryMode;
  status: 'active' | 'completed' | 'dismissed';
  transcript: TranscriptLine[];
  /** The controls of the current step (`none` once the conversation has ended). */
  step: StepView;
  nodeId: string;
  /** A close action ended the conversation: the overlay closes itself. */
  closed: boolean;
  /** Started by a marketer's preview: marked as such, never counted in results. */
  preview: boolean;
  /** The visitor has opened it (a pill shows as its panel again on the next page). */
  opened?: boolean;
}

export interface SiteState {
  origin: string;
  enabled: boolean;
}

/** A site in the settings' list: its switch and how often the visitor came. */
export interface SiteSummary extends SiteState {
  visits?: number;
  lastSeenAt?: number;
}

/** What `data/clear` deleted, counted per kind. */
export interface ClearedData {
  events: number;
  conversations: number;
  answers: number;
  profile: boolean;
}

/** Some settings to change; the quiet-moment rules may be given one by one. */
export type SettingsPatch = Partial<Omit<PolicySettings, 'quietMoments'>> & {
  quietMoments?: Partial<PolicySettings['quietMoments']>;
};

/** An open tab where Tact runs, as the flow editor offers it for "play on a tab". */
export interface PreviewTab {
  tabId: number;
  url: string;
  title: string;
}

/** A trace of the last decision, kept per tab for the "why" views. */
export interface DecisionRecord {
  at: number;
  url: string;
  signal: Signal;
  decision: Decision;
  /** A preview's decision: simulated from the popup, and/or taken while acting as another visitor. */
  preview?: { simulated: boolean; actAs?: string };
}

/** A tab's preview tools: who Tact acts as there, the element last picked, and live signals. */
export interface PreviewState {
  actAs: ActAs | null;
  picked: { selector: string; label: string; url: string; at: number } | null;
  /** The tab's current page view and what its content script reported in it (newest first). */
  page: { url: string; startedAt: number } | null;
  signals: { at: number; signal: Signal }[];
}

/** Messages to the background: name → request and response. */
export interface ToBackground {
  /** Content script, once per page view: registers the view and learns what to listen for. */
  'page/hello': {
    req: { pageViewId: string; url: string; title: string; context?: PageContext };
    /** `resume`: a conversation of this site is still going on; show it again on this page. */
    res: { enabled: boolean; plan: ArmingPlan; resume?: { conversationId: string; entry: EntryMode } };
  };
  /** Content script: a signal was detected. */
  'page/signal': {
    req: { pageViewId: string; signal: Signal; quiet?: QuietState };
    res: { show: { conversationId: string; entry: EntryMode } | null };
  };
  /** Overlay frame: load the conversation it was opened for. */
  'overlay/attach': { req: { conversationId: string }; res: ConversationView };
  /** Overlay frame: the visitor chose a quick reply at step `nodeId`. */
  'overlay/reply': { req: { conversationId: string; nodeId: string; replyId: string }; res: ConversationView };
  /** Overlay frame: the visitor typed an answer to the input step `nodeId`. */
  'overlay/answer': { req: { conversationId: string; nodeId: string; text: string }; res: ConversationView };
  /** Overlay frame: the visitor used the current step's button (link opened, code copied, handed off). */
  'overlay/act': { req: { conversationId: string; nodeId: string }; res: ConversationView };
  /** Overlay frame: the visitor opened a pill conversation (recorded once). */
  'overlay/open': { req: { conversationId: string }; res: null };
  /** Overlay frame: its content needs this size (CSS px). */
  'overlay/resize': { req: { conversationId: string; width: number; height: number }; res: null };
  /** Overlay frame: the visitor closed it, or it finished. */
  'overlay/close': {
    req: { conversationId: string; reason: 'dismissed' | 'finished' | 'snooze' | 'never-here' };
    res: null;
  };
  /** Overlay frame: "why am I seeing this?", the decision that started the conversation, in plain words. */
  'overlay/why': {
    req: { conversationId: string };
    res: { signal: string; rule: string; checks: { label: string; detail: string }[] };
  };
  /** Extension pages: is Tact on for this site? */
  'site/get': { req: { origin: string }; res: SiteState };
  /** Extension pages: turn Tact on or off for a site. */
  'site/set': { req: SiteState; res: SiteState };
  /** Extension pages: flows, rules and recent answers for the options page. */
  'workspace/get': { req: null; res: { flows: Flow[]; rules: Rule[]; answers: TactEvent[]; eventCount: number } };
  /** Extension pages: create or replace a rule (validated; the flow must exist). */
  'rules/save': { req: { rule: Rule }; res: Rule };
  /** Extension pages: delete a rule; returns it (for undo). */
  'rules/delete': { req: { id: string }; res: Rule | null };
  /** Extension pages: create or replace a segment. */
  'segments/save': { req: { segment: Segment }; res: Segment };
  /** Extension pages: the interruption policy's settings. */
  'settings/get': { req: null; res: PolicySettings };
  /** Extension pages: change some settings (validated); returns them all. */
  'settings/set': { req: SettingsPatch; res: PolicySettings };
  /** Extension pages: import a flow pack (all or nothing). */
  'pack/import': { req: { pack: unknown }; res: { flows: number; rules: number; segments: number } };
  /** Extension pages: export everything as a flow pack. */
  'pack/export': { req: null; res: FlowPack };
  /** Extension pages: the open tabs Tact runs on (its latest page view in each), most recently used first. */
  'preview/tabs': { req: null; res: PreviewTab[] };
  /** Extension pages: play a flow now on a tab, in the real overlay, marked as a preview. */
  'preview/start': { req: { tabId: number; flowId: string }; res: { conversationId: string } };
  /** Extension pages: run a signal through the real engine on a tab's current page view (anything it starts is a preview). */
  'preview/simulate': {
    req: { tabId: number; signal: Signal };
    res: { record: DecisionRecord; conversationId: string | null; mounted: boolean };
  };
  /** Extension pages: act as a visitor with these tags and segments on this tab (null: be yourself again). */
  'preview/act-as': { req: { tabId: number; actAs: ActAs | null }; res: ActAs | null };
  /** Extension pages: reset a site's frequency caps, back-offs and shown marks, for previewing. */
  'preview/reset-caps': { req: { origin: string }; res: ResetSummary };
  /** Extension pages: the tab's preview state (override, picked element) and what its content script last reported. */
  'preview/state': { req: { tabId: number }; res: PreviewState };
  /** Extension pages: start the element picker on a tab. */
  'picker/start': { req: { tabId: number }; res: null };
  /** Content script (the picker): the marketer picked an element; kept per tab for the popup. */
  'picker/picked': { req: { selector: string; label: string }; res: null };
  /** Extension pages: a flow's numbers, from the rollups. */
  'stats/flow': { req: { flowId: string; from?: string; to?: string }; res: FlowStats };
  /** Extension pages: every flow's totals, from the rollups (the results overview). */
  'stats/overview': { req: { from?: string; to?: string }; res: FlowTotals[] };
  /** Extension pages: a flow's conversations, one row each (the per-conversation export), from the event log. */
  'results/conversations': { req: { flowId: string; from?: string; to?: string }; res: ConversationTable };
  /** Extension pages: create or replace a flow (validated as a whole graph). */
  'flows/save': { req: { flow: Flow }; res: Flow };
  /** Extension pages: delete a flow and the rules that start it; returns what was removed (for undo). */
  'flows/delete': { req: { id: string }; res: { flow: Flow | null; rules: Rule[] } };
  /** Extension pages: put back flows and rules removed earlier (undo), validated, in one transaction. */
  'workspace/restore': { req: { flows: Flow[]; rules: Rule[] }; res: { flows: number; rules: number } };
  /** Extension pages: every site Tact has seen or was turned off for. */
  'sites/list': { req: null; res: SiteSummary[] };
  /** Extension pages: forget a site (Tact on again there, its visit count gone). */
  'sites/remove': { req: { origin: string }; res: null };
  /** Extension pages: delete what Tact learnt and logged (flows, rules, segments, settings and site switches stay). */
  'data/clear': { req: null; res: ClearedData };
  /** Extension pages: events, newest first. */
  'events/list': { req: { flowId?: string; limit: number }; res: TactEvent[] };
  /** Extension pages: the last decisions taken on a tab. */
  'trace/get': { req: { tabId: number }; res: DecisionRecord[] };
}

/** Messages from the background to a tab's content script. */
export interface ToContent {
  'overlay/resize': { conversationId: string; width: number; height: number };
  'overlay/unmount': { conversationId: string };
  'site/changed': SiteState;
  /** Show the overlay for this conversation now (a preview started from the popup). */
  'overlay/mount': { conversationId: string };
  /** Load the element picker (its own module) and let the marketer pick an element. */
  'picker/start': Record<string, never>;
  /** Rules or settings changed: say hello again to get a fresh arming plan. */
  'plan/changed': Record<string, never>;
}

/**
 * Messages the background broadcasts to Tact's own pages (options, popup) with
 * `runtime.sendMessage`; nobody answers them. Content scripts never get them.
 */
export interface ToPages {
  /** Events were written (answers, conversations shown, finished…): views of them can refresh. */
  'events/appended': { flowIds: string[]; types: TactEvent['type'][] };
}

export type BackgroundMessageType = keyof ToBackground;
export type ContentMessageType = keyof ToContent;

export interface Envelope<T extends string = string, P = unknown> {
  protocol: typeof PROTOCOL;
  type: T;
  payload: P;
}

export type Reply<R> = { ok: true; value: R } | { ok: false; error: string };

/** Thrown by `send()` when the background refuses or fails a request. */
export class TactError extends Error {
  override name = 'TactError';
}

/** Sends a typed request to the background; resolves with its response or throws a TactError. */
export async function send<K extends BackgroundMessageType>(
  type: K,
  payload: ToBackground[K]['req'],
): Promise<ToBackground[K]['res']> {
  const message: Envelope<K, ToBackground[K]['req']> = { protocol: PROTOCOL, type, payload };
  const reply = await ext.runtime.sendMessage<typeof message, Reply<ToBackground[K]['res']> | undefined>(message);
  if (!reply || typeof reply !== 'object') throw new TactError(`no answer to ${type}`);
  if (!reply.ok) throw new TactError(reply.error);
  return reply.value;
}

/** Broadcasts a message to Tact's open pages; resolves whether or not a page is open to hear it. */
export async function tellPages<K extends keyof ToPages>(type: K, payload: ToPages[K]): Promise<void> {
  const message: Envelope<K, ToPages[K]> = { protocol: PROTOCOL, type, payload };
  try {
    await ext.runtime.sendMessage(message);
  } catch {
    // No page is open ("Receiving end does not exist"): nobody to tell.
  }
}

/**
 * Calls `handler` with each `type` message the background broadcasts to Tact's pages, checked
 * (our extension, not from a tab, the expected shape); returns a function that stops listening.
 * The listener never answers, so requests other pages send to the background are left alone.
 */
export function listenToBackground<K extends keyof ToPages>(
  type: K,
  handler: (payload: ToPages[K]) => void,
): () => void {
  const listener = (message: unknown, sender: chrome.runtime.MessageSender): undefined => {
    if (sender.id !== ext.runtime.id || sender.tab) return;
    const m = message as Partial<Envelope> | null;
    if (!m || typeof m !== 'object' || m.protocol !== PROTOCOL || m.type !== type) return;
    const p = m.payload as Partial<ToPages['events/appended']> | null;
    if (!p || !Array.isArray(p.flowIds) || !Array.isArray(p.types)) return;
    handler(p as ToPages[K]);
  };
  ext.runtime.onMessage.addListener(listener);
  return () => ext.runtime.onMessage.removeListener(listener);
}

/** Sends a typed message to the content script of a tab (top frame only). Never throws. */
export async function sendToTab<K extends ContentMessageType>(
  tabId: number,
  type: K,
  payload: ToContent[K],
): Promise<boolean> {
  const message: Envelope<K, ToContent[K]> = { protocol: PROTOCOL, type, payload };
  try {
    await ext.tabs.sendMessage(tabId, message, { frameId: 0 });
    return true;
  } catch {
    return false; // the tab is gone or has no content script: nothing to update
  }
}
