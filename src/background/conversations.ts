/**
 * Conversations on the background side: starting one when the engine decides to, answering the
 * overlay, closing. Each step updates the conversation, the event log and the profile in a
 * single IndexedDB transaction, so a background stopped between two steps loses nothing and
 * never records a step twice.
 */
import {
  applyAction,
  applyAnswer,
  applyReply,
  dismiss,
  stepViewOf,
  type RunContext,
  type StepResult,
  type StepView,
} from '../core/flows/flow-runner.ts';
import {
  matchStrength,
  trainMatcher,
  type IntentExamples,
  type IntentMatcher,
} from '../core/language/intent-matcher.ts';
import type { Flow } from '../core/flows/flow-model.ts';
import { conversationLocale, personaAvatar, personaName } from '../core/flows/conversation-locale.ts';
import { flowLocaleOf, type FlowLocale } from '../core/flows/localized-text.ts';
import type { Segment } from '../core/rules/rule-model.ts';
import type { TactEvent } from '../core/results/event-model.ts';
import type { VisitorProfile } from '../core/visitor/visitor-model.ts';
import type { IDBPTransaction } from 'idb';
import type { OverlayLoss } from '../core/overlay/host-restoration.ts';
import { sendToTab, type ConversationView, type DecisionRecord, type Hold } from '../shared/protocol.ts';
import {
  allOrNothing,
  appendEvents,
  db,
  liveness,
  notLive,
  readSettings,
  type Conversation,
  type TactDB,
} from './store.ts';
import {
  emptyDismissals,
  recordDismissal,
  refund,
  type BudgetState,
  type DismissalState,
} from '../core/rules/policy.ts';
import { RequestError } from './request-error.ts';
import { linkTarget } from '../core/flows/link-target.ts';
import { recordExposure, recordGoalAction } from './experiments.ts';

/** The overlay frame asking: which tab and frame it lives in. */
export interface FrameRef {
  tabId: number;
  frameId: number;
}

/** The visitor's browser languages, most preferred first (the same in the background as on the page). */
function visitorLanguages(): readonly string[] {
  const nav = globalThis.navigator;
  return nav?.languages?.length ? nav.languages : [nav?.language ?? 'en'];
}

/**
 * The language a conversation of `flow` is in for this visitor (conversation-locale.ts): its texts,
 * its persona's name and the overlay's own words all follow it. A flow deleted meanwhile: the
 * visitor's first language if Tact speaks it, else English.
 */
export function localeOf(flow: Flow | undefined): FlowLocale {
  return flow
    ? conversationLocale(flow, visitorLanguages())
    : (visitorLanguages()
        .map(flowLocaleOf)
        .find((l) => l !== undefined) ?? 'en');
}

/** Who speaks, as the visitor sees it: the persona's name in the conversation's language and avatar. */
export function personaOf(flow: Flow | undefined, locale = localeOf(flow)): { name: string; avatar: string } {
  const persona = flow?.persona;
  return {
    name: (persona && personaName(persona, locale, flow.defaultLocale)) || 'Tact',
    avatar: persona ? personaAvatar(persona, locale, flow.defaultLocale) : 'T',
  };
}

/** What the overlay draws for a conversation at its current step. */
function viewOf(conv: Conversation, flow: Flow | undefined): ConversationView {
  const locale = localeOf(flow);
  return {
    conversationId: conv.id,
    locale,
    persona: { ...personaOf(flow, locale), typingCps: flow?.persona?.typingCps ?? 60 },
    entry: conv.entry,
    status: conv.status,
    transcript: conv.transcript,
    step: resolveLinks(stepViewOf(flow, conv, { scope: conv.scope, locale }), conv.origin),
    nodeId: conv.nodeId,
    closed: conv.closed ?? false,
    preview: conv.preview ?? false,
    opened: conv.openedAt !== undefined,
  };
}

/**
 * A link in a flow may be a path ("/shop/"): it means the site the conversation is on, not the
 * overlay's own extension origin, so it is made absolute here. A link that would leave the site
 * while looking like a path (or any address a flow may not open) loses its address.
 */
function resolveLinks(step: StepView, origin: string): StepView {
  if (step.kind !== 'action' || step.action.url === undefined) return step;
  const { url, ...action } = step.action;
  const target = linkTarget(url, origin);
  return { ...step, action: target === undefined ? action : { ...action, url: target } };
}

/**
 * Matchers trained from input nodes' intent examples, cached while the background lives. Keyed by
 * the examples themselves, so a flow saved with new examples (a marketer teaching it an answer)
 * gets a new matcher at its next answer, with nothing to invalidate.
 */
const matchers = new Map<string, IntentMatcher>();

/** The matcher for a question's intents (trained once, then from the cache). */
function matcherFor(intents: IntentExamples): IntentMatcher {
  const key = JSON.stringify(intents);
  let matcher = matchers.get(key);
  if (!matcher) {
    if (matchers.size > 50) matchers.clear();
    matchers.set(key, (matcher = trainMatcher(intents)));
  }
  return matcher;
}

/**
 * What the runner may read for this conversation: variables, page, visitor, intent matching.
 * `onMatch` hears every free-text match made (the intent and how well it was understood).
 */
export function runContext(
  flow: Flow,
  conv: Conversation,
  profile: VisitorProfile | undefined,
  segments: Segment[] = [],
  onMatch?: (match: NonNullable<TactEvent['match']>) => void,
): RunContext {
  const now = Date.now();
  const date = new Date(now);
  return {
    scope: { ...conv.scope, visitor: { ...(profile?.attributes ?? {}) } },
    locale: localeOf(flow),
    conditions: {
      now,
      url: conv.scope?.page?.url ?? '',
      pageStartedAt: conv.startedAt,
      page: conv.pageContext ?? {},
      profile: profile ?? { tags: [] },
      segments,
      visitCount: 1,
      localMinutes: date.getHours() * 60 + date.getMinutes(),
      localDay: date.getDay(),
    },
    matchIntent: (text, branches) => {
      const matcher = matcherFor(branches.intents);
      const result = matcher.match(text);
      onMatch?.({ intent: result.intent, strength: matchStrength(result, matcher.options) });
      return result.intent;
    },
  };
}

function event(conv: Conversation, type: TactEvent['type'], extra: Partial<TactEvent> = {}): TactEvent {
  return {
    at: Date.now(),
    type,
    conversationId: conv.id,
    flowId: conv.flowId,
    ruleId: conv.ruleId,
    origin: conv.origin,
    path: conv.path,
    ...(conv.preview ? { preview: true } : {}),
    ...extra,
  };
}

/** Refuses a frame that is not the one the conversation belongs to. */
function checkFrame(conv: Conversation | undefined, frame: FrameRef): Conversation {
  if (!conv) throw new RequestError('req-conversation-gone');
  if (conv.tabId !== frame.tabId) throw new RequestError('req-conversation-elsewhere');
  if (conv.frameId !== undefined && conv.frameId !== frame.frameId)
    throw new RequestError('req-conversation-elsewhere');
  return conv;
}

/** The page a conversation is shown on, as the browser names the content script's sender. */
export interface PageRef {
  tabId: number;
  origin: string;
}

/** Refuses a content script that is not on the conversation's tab and site. */
function checkPage(conv: Conversation | undefined, page: PageRef): Conversation {
  if (!conv || conv.tabId !== page.tabId || conv.origin !== page.origin)
    throw new RequestError('req-conversation-elsewhere');
  return conv;
}

/** Binds the conversation to the first frame that attaches and returns its view. */
export async function attach(conversationId: string, frame: FrameRef): Promise<ConversationView> {
  const d = await db();
  const tx = d.transaction(['conversations', 'flows'], 'readwrite');
  const stored = await tx.objectStore('conversations').get(conversationId);
  // None: the decision that started it was not stored after all (its transaction failed after the
  // content script was answered, page-views.ts): the first bubble it painted goes.
  if (!stored) void sendToTab(frame.tabId, 'overlay/unmount', { conversationId });
  const conv = checkFrame(stored, frame);
  if (conv.frameId === undefined) {
    conv.frameId = frame.frameId;
    await tx.objectStore('conversations').put(conv);
  }
  const flow = await tx.objectStore('flows').get(conv.flowId);
  await tx.done;
  return viewOf(conv, flow);
}

/**
 * The step a visitor's answer is to: the node, and how many transcript lines they saw then (a
 * form's next field, or a reply leading back to its own question, is the same node again).
 */
export interface StepRef {
  nodeId: string;
  lines: number;
}

/** Applies a quick reply (see `step`). */
export function reply(
  conversationId: string,
  at: StepRef,
  replyId: string,
  frame: FrameRef,
): Promise<ConversationView> {
  return step(conversationId, at, frame, (flow, conv, ctx) => applyReply(flow, conv, at.nodeId, replyId, ctx));
}

/** Records that the visitor used the current step's button (see `step`). */
export function act(conversationId: string, at: StepRef, frame: FrameRef): Promise<ConversationView> {
  return step(conversationId, at, frame, (flow, conv, ctx) => applyAction(flow, conv, at.nodeId, ctx));
}

/** Applies a free-text answer (see `step`). */
export function answer(conversationId: string, at: StepRef, text: string, frame: FrameRef): Promise<ConversationView> {
  return step(conversationId, at, frame, (flow, conv, ctx) => applyAnswer(flow, conv, at.nodeId, text, ctx));
}

/**
 * Runs one step of a conversation and stores its state, events and tags in one transaction. An
 * answer to a step that is no longer current (double click, sent again after its answer was lost)
 * returns the current view and records nothing: the transcript has more lines than the visitor
 * saw (every step carried out adds one), or the runner finds another node.
 */
async function step(
  conversationId: string,
  at: StepRef,
  frame: FrameRef,
  run: (flow: Flow, conv: Conversation, ctx: RunContext) => StepResult,
): Promise<ConversationView> {
  const d = await db();
  const tx = d.transaction(
    ['conversations', 'flows', 'events', 'rollups', 'profile', 'segments', 'rules', 'meta', 'experiments'],
    'readwrite',
  );
  // A step that fails half-way keeps none of its writes (events without the state they describe).
  return allOrNothing(tx, async () => {
    const conv = checkFrame(await tx.objectStore('conversations').get(conversationId), frame);
    const flow = await tx.objectStore('flows').get(conv.flowId);
    if (!flow) throw new RequestError('req-flow-deleted');
    if (conv.transcript.length !== at.lines) return viewOf(conv, flow);
    let match: TactEvent['match'];
    const ctx = runContext(
      flow,
      conv,
      await tx.objectStore('profile').get('visitor'),
      await tx.objectStore('segments').getAll(),
      (m) => (match = m),
    );
    const result = run(flow, conv, ctx);
    if (!result.ok) {
      if (result.reason === 'stale-step' || result.reason === 'not-active') return viewOf(conv, flow);
      // The overlay shows `invalid:<code>` answers next to the field, in the visitor's language.
      throw result.reason === 'invalid-answer'
        ? new RequestError('req-invalid-answer', { answer: result.message ?? 'empty' })
        : new RequestError('req-answer-refused', { why: result.reason });
    }
    const updated: Conversation = { ...conv, ...result.state };
    const { answered, tags, completed, attributes, tagDays } = result.effects;
    const events: TactEvent[] = [];
    // Answering means it was open, even if the "opened" message was lost (background stopped).
    if (updated.openedAt === undefined) {
      updated.openedAt = Date.now();
      events.push(event(updated, 'opened'));
    }
    if (answered)
      events.push(
        event(updated, 'answered', {
          nodeId: answered.nodeId,
          replyId: answered.replyId,
          label: answered.label,
          // How a free-text answer was understood: the options page lists the ones to learn from.
          ...(match && answered.replyId === 'text' ? { match } : {}),
          // What this step told about the visitor, for the per-conversation export.
          ...(tags.length ? { tags: [...new Set(tags)] } : {}),
        }),
      );
    if (completed) events.push(event(updated, 'completed', { nodeId: updated.nodeId }));
    await appendEvents(tx, events);
    // A completed flow may be an A/B test's goal.
    if (completed && !conv.preview)
      await recordGoalAction(tx, await tx.objectStore('rules').getAll(), {
        kind: 'completed',
        at: Date.now(),
        flowId: conv.flowId,
      });
    if (tags.length || attributes) {
      const now = Date.now();
      const profile = (await tx.objectStore('profile').get('visitor')) ?? { tags: [] };
      profile.tags = [...new Set([...profile.tags, ...tags])];
      const expiry = { ...profile.tagExpiry };
      // A tag set again without expiry becomes permanent; with one, its clock restarts.
      for (const tag of tags) {
        if (tagDays) expiry[tag] = now + tagDays * 86_400_000;
        else delete expiry[tag];
      }
      profile.tagExpiry = expiry;
      if (attributes) profile.attributes = { ...profile.attributes, ...attributes };
      await tx.objectStore('profile').put(profile, 'visitor');
    }
    await tx.objectStore('conversations').put(updated);
    return viewOf(updated, flow);
  });
}

/** How the visitor closed the overlay. */
export type CloseReason = 'dismissed' | 'finished' | 'snooze' | 'never-here';

/** Snoozing from the overlay silences Tact everywhere for this long. */
const SNOOZE_MS = 24 * 60 * 60 * 1000;

/**
 * Closes a conversation. Closing an unfinished one counts as a dismissal (recorded once, and it
 * lengthens the back-off for that flow and that site); "snooze" also silences Tact everywhere for
 * a day, "never-here" turns Tact off for the site. `from`: the overlay frame, or the content
 * script of the conversation's page (Escape pressed on the page). Returns the conversation.
 */
export async function close(
  conversationId: string,
  reason: CloseReason,
  from: FrameRef | PageRef,
): Promise<Conversation> {
  const d = await db();
  const tx = d.transaction(['conversations', 'events', 'rollups', 'meta', 'settings', 'sites'], 'readwrite');
  const stored = await tx.objectStore('conversations').get(conversationId);
  const conv = 'frameId' in from ? checkFrame(stored, from) : checkPage(stored, from);
  const now = Date.now();
  if (reason !== 'finished' && conv.status === 'active') {
    const updated = { ...conv, ...dismiss(conv) };
    await appendEvents(tx, [event(updated, 'dismissed', { nodeId: conv.nodeId, label: reason })]);
    await tx.objectStore('conversations').put(updated);
  }
  if (reason !== 'finished' && conv.status === 'active' && !conv.preview) {
    const dismissals =
      ((await tx.objectStore('meta').get('dismissals')) as DismissalState | undefined) ?? emptyDismissals();
    await tx.objectStore('meta').put(recordDismissal(dismissals, conv.flowId, conv.origin, now), 'dismissals');
  }
  if (reason === 'snooze') {
    const settings = await readSettings(tx);
    await tx.objectStore('settings').put({ ...settings, snoozeUntil: now + SNOOZE_MS }, 'policy');
  }
  if (reason === 'never-here') {
    const site = (await tx.objectStore('sites').get(conv.origin)) ?? { origin: conv.origin, enabled: true };
    await tx.objectStore('sites').put({ ...site, enabled: false });
  }
  await tx.done;
  return conv;
}

/** Records, once, that the visitor opened a pill conversation. */
export async function markOpened(conversationId: string, frame: FrameRef): Promise<void> {
  const d = await db();
  const tx = d.transaction(['conversations', 'events', 'rollups'], 'readwrite');
  const conv = checkFrame(await tx.objectStore('conversations').get(conversationId), frame);
  if (conv.openedAt === undefined && conv.status === 'active') {
    const updated = { ...conv, openedAt: Date.now() };
    await tx.objectStore('conversations').put(updated);
    await appendEvents(tx, [event(updated, 'opened')]);
  }
  await tx.done;
}

/**
 * The page removed the overlay and the content script of the conversation's tab puts a new one
 * in: the conversation lets go of its old frame so the new one can attach (same step, same
 * transcript). `ok` is false when there is nothing to put back (ended, paused, another tab).
 */
export async function releaseFrame(conversationId: string, tabId: number, origin: string): Promise<{ ok: boolean }> {
  const d = await db();
  const tx = d.transaction(['conversations', 'traces'], 'readwrite');
  const conv = await tx.objectStore('conversations').get(conversationId);
  if (!conv || conv.tabId !== tabId || conv.origin !== origin || conv.status !== 'active' || conv.paused) {
    await tx.done;
    return { ok: false };
  }
  const { frameId: _released, ...rest } = conv;
  await tx.objectStore('conversations').put(rest);
  await noteOverlayFate(tx, conv, (fate) => ({ ...fate, restored: fate.restored + 1 }));
  await tx.done;
  return { ok: true };
}

/**
 * The page kept taking the overlay away and Tact gave up: the conversation is paused (still
 * active, so it follows the visitor to the site's next page if they had answered), unbound from
 * the frame the page removed, and the reason goes into the tab's trace.
 */
export async function pause(
  conversationId: string,
  tabId: number,
  origin: string,
  loss: OverlayLoss,
  restored: number,
): Promise<void> {
  const d = await db();
  const tx = d.transaction(['conversations', 'traces'], 'readwrite');
  const conv = await tx.objectStore('conversations').get(conversationId);
  if (conv && conv.tabId === tabId && conv.origin === origin && conv.status === 'active') {
    const { frameId: _released, ...rest } = conv;
    await tx.objectStore('conversations').put({ ...rest, paused: { at: Date.now(), loss } });
    await noteOverlayFate(tx, conv, () => ({ restored, paused: loss }));
  }
  await tx.done;
}

/** A new conversation's first events: shown, and opened too when it starts open (a panel). */
export function openingEvents(conv: Conversation, tags: string[] = []): TactEvent[] {
  const shown = event(conv, 'shown', {
    nodeId: conv.nodeId,
    ...(tags.length ? { tags: [...new Set(tags)] } : {}),
  });
  return conv.openedAt === undefined ? [shown] : [shown, event(conv, 'opened')];
}

/** Whether the content script of `tabId` on `origin` speaks for this conversation, still waiting to be seen. */
function unseenHere(
  conv: Conversation | undefined,
  tabId: number,
  origin: string,
): conv is Conversation & { unseen: NonNullable<Conversation['unseen']> } {
  return !!conv?.unseen && conv.tabId === tabId && conv.origin === origin && conv.status === 'active';
}

/**
 * The overlay of a conversation a signal started became visible with the tab visible: only now is
 * it recorded as shown (its opening events, and its A/B variant's exposure) and are its opening
 * tags given to the visitor; the hold before it, if any, goes into the trace.
 * Nothing happens for a conversation already seen, or not this tab's.
 */
export async function markShown(conversationId: string, tabId: number, origin: string, held: Hold): Promise<void> {
  const d = await db();
  const tx = d.transaction(
    ['conversations', 'events', 'rollups', 'traces', 'profile', 'meta', 'experiments'],
    'readwrite',
  );
  const conv = await tx.objectStore('conversations').get(conversationId);
  if (unseenHere(conv, tabId, origin)) {
    const { unseen, ...seen } = conv;
    await tx.objectStore('conversations').put(seen);
    await appendEvents(tx, openingEvents(seen, unseen.tags));
    // The flow's opening tags reach the visitor's profile now that it was seen (a preview's never do).
    if (unseen.tags.length && !conv.preview) {
      const profile = (await tx.objectStore('profile').get('visitor')) ?? { tags: [] };
      await tx
        .objectStore('profile')
        .put({ ...profile, tags: [...new Set([...profile.tags, ...unseen.tags])] }, 'visitor');
    }
    // An A/B variant's exposure counts only once its flow was seen.
    if (seen.variantId !== undefined && !seen.preview)
      await recordExposure(tx, seen.ruleId, seen.variantId, Date.now());
    if (held.ms > 0 || held.hidden) await noteOverlayFate(tx, conv, (fate) => ({ ...fate, held }));
  }
  await tx.done;
}

/** What dropping an unseen conversation writes: it, the budget, its page view, the trace. */
const WITHDRAW_STORES: ('conversations' | 'meta' | 'pageViews' | 'traces')[] = [
  'conversations',
  'meta',
  'pageViews',
  'traces',
];

/**
 * The visitor stayed busy, or away, for the whole hold: the overlay was never shown. The
 * conversation is dropped, what the decision reserved is given back (its budget weight, the rule's
 * "last shown"), the page view may show something else, and the trace says why.
 */
export async function withdraw(conversationId: string, tabId: number, origin: string, held: Hold): Promise<void> {
  const d = await db();
  const tx = d.transaction(WITHDRAW_STORES, 'readwrite');
  const conv = await tx.objectStore('conversations').get(conversationId);
  if (unseenHere(conv, tabId, origin)) await dropUnseen(tx, conv, true, (fate) => ({ ...fate, held, withdrawn: true }));
  await tx.done;
}

/**
 * How far back a conversation may still be waiting to be seen (a hold lasts 30 s by default, 10 min
 * at most: the settings' `maxHoldSeconds`).
 */
const UNSEEN_LOOKBACK_MS = 24 * 3_600_000;

/**
 * A tab closed (`tabId`), or the browser started again (`'every-tab'`: no tab survives a restart),
 * while an overlay was still held unseen: its content script is gone and will never say whether it
 * was seen, so the conversation is withdrawn as after a hold that ran out, what it reserved given
 * back, and the trace says the tab closed first. Returns how many were withdrawn.
 */
export async function withdrawUnseenIn(tabId: number | 'every-tab', now = Date.now()): Promise<number> {
  const d = await db();
  const tx = d.transaction(WITHDRAW_STORES, 'readwrite');
  const recent = await tx
    .objectStore('conversations')
    .index('by-start')
    .getAll(IDBKeyRange.lowerBound(now - UNSEEN_LOOKBACK_MS));
  const orphans = recent.filter(
    (c) => c.unseen && c.status === 'active' && (tabId === 'every-tab' || c.tabId === tabId),
  );
  for (const conv of orphans) {
    const held: Hold = { ms: Math.max(0, Math.min(now - conv.startedAt, 24 * 3_600_000)), while: [], hidden: true };
    await dropUnseen(tx, conv, false, (fate) => ({ ...fate, held, withdrawn: true, tabClosed: true }));
  }
  await tx.done;
  return orphans.length;
}

/**
 * Drops an unseen conversation in `tx`, giving back what its decision reserved; `fate` goes into
 * its trace. `tabOpen`: its page view listens on and may show something else (it is live again).
 */
async function dropUnseen(
  tx: TraceTx,
  conv: Conversation,
  tabOpen: boolean,
  fate: (fate: NonNullable<DecisionRecord['overlay']>) => DecisionRecord['overlay'],
): Promise<void> {
  const reserved = conv.unseen?.reserved;
  if (reserved) {
    const meta = tx.objectStore('meta');
    const budget = (await meta.get('budget')) as BudgetState | undefined;
    if (budget) await meta.put(refund(budget, reserved.day, conv.origin, reserved.weight), 'budget');
    const lastShown = { ...((await meta.get('lastShownByRule')) as Record<string, number> | undefined) };
    // Only if nothing showed this rule since: then its "last shown" goes back to what it was.
    if (lastShown[conv.ruleId] === conv.startedAt) {
      if (reserved.lastShown === undefined) delete lastShown[conv.ruleId];
      else lastShown[conv.ruleId] = reserved.lastShown;
      await meta.put(lastShown, 'lastShownByRule');
    }
  }
  const view = await tx.objectStore('pageViews').get(conv.pageViewId);
  if (view?.shownConversationId === conv.id) {
    const { shownConversationId: _none, ...rest } = view;
    await tx.objectStore('pageViews').put(tabOpen ? liveness(rest) : notLive(rest));
  }
  await tx.objectStore('conversations').delete(conv.id);
  await noteOverlayFate(tx, conv, fate);
}

type TraceTx = IDBPTransaction<
  TactDB,
  ('conversations' | 'traces' | 'events' | 'rollups' | 'meta' | 'pageViews' | 'profile' | 'experiments')[],
  'readwrite'
>;

/** Updates, in the tab's trace, the record of the decision that showed `conv` (if still kept). */
async function noteOverlayFate(
  tx: TraceTx,
  conv: Conversation,
  update: (fate: NonNullable<DecisionRecord['overlay']>) => DecisionRecord['overlay'],
): Promise<void> {
  const trace = await tx.objectStore('traces').get(conv.tabId);
  const record = trace?.records.find((r) => r.at === conv.startedAt && r.decision.show?.ruleId === conv.ruleId);
  if (!trace || !record) return;
  record.overlay = update(record.overlay ?? { restored: 0 });
  await tx.objectStore('traces').put(trace);
}

/** Checks that a frame owns a conversation (for resize requests). */
export async function ownedConversation(conversationId: string, frame: FrameRef): Promise<Conversation> {
  const d = await db();
  return checkFrame(await d.get('conversations', conversationId), frame);
}
