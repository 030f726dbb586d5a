/**
 * The one message protocol between Tact's contexts, declared once as schemas: for each message its
 * request schema (checked at the receiving boundary; the request types are inferred from it), the
 * roles that may send it and the type of its response. Callers use `send()` (to the background), the
 * background answers with the handler map in `background/handlers.ts`, which validates every
 * request with its schema first (`message-boundary.ts`).
 *
 * Unknown keys are **refused** in messages (strict objects), not stripped: only Tact's own contexts
 * of the same build send them, so a key the schema does not know is a bug or a forgery, and saying
 * so beats silently dropping it. Models carried inside messages (a flow, a rule, a pack) are
 * validated by their own schemas, which strip unknown keys (see the models).
 *
 * Responses are typed, not checked: they come from Tact's own background. The content script,
 * always on and held to 4 KB gzip, does not carry valibot (about 1.9 KB gzip for its four
 * messages): it checks what the background sends with `checkContentMessage`, a small guard a unit
 * test holds to the content schemas below.
 */
import * as v from 'valibot';
import type { EntryMode, Rule, Segment } from '../core/rules/rule-model.ts';
import type { Flow } from '../core/flows/flow-model.ts';
import { MAX_ANSWER_LENGTH } from '../core/flows/flow-model.ts';
import { PageContextSchema, QuietStateSchema, SignalSchema, type Signal } from '../core/signals/signal-model.ts';
import type { ArmingPlan } from '../core/signals/arming-plan.ts';
import { BUSY_STATES } from '../core/signals/signal-kinds.ts';
import { EVENT_TYPES, type TactEvent } from '../core/results/event-model.ts';
import { SettingsPatchSchema, type PolicySettings } from '../core/rules/policy.ts';
import type { FlowPack } from '../core/flows/flow-pack.ts';
import { MAX_PACK_FLOWS, MAX_PACK_RULES, MAX_PACK_SEGMENTS } from '../core/flows/pack-limits.ts';
import type { FlowStats, FlowTotals } from '../core/results/flow-stats.ts';
import type { ExperimentLog, ExperimentResults } from '../core/experiments/experiment-log.ts';
import type { ConversationTable } from '../core/results/conversation-rows.ts';
import type { Decision } from '../core/rules/engine.ts';
import type { DecisionReplay } from '../core/rules/quick-decide.ts';
import type { Reason } from '../core/rules/reason.ts';
import type { StepView, TranscriptLine } from '../core/flows/flow-runner.ts';
import type { FirstBubble } from '../core/flows/first-bubble.ts';
import type { PageApproval } from '../core/rules/first-decision.ts';
import { FLOW_LOCALES, type FlowLocale } from '../core/flows/localized-text.ts';
import { ActAsSchema, type ActAs, type ResetSummary } from '../core/rules/preview-overrides.ts';
import {
  describe,
  idSchema,
  integerSchema,
  numberSchema,
  strictObject,
  textSchema,
} from '../core/validation/schema-check.ts';
import { isRecord, type CheckError } from '../core/validation/checks.ts';
import type { OverlayLoss } from '../core/overlay/host-restoration.ts';
import { ext, extApi } from './browser-api.ts';

/** Every Tact message carries this marker, so anything else is recognised as foreign at once. */
export const PROTOCOL = 'tact/1';

/** What the overlay needs to draw the conversation at its current step. */
export interface ConversationView {
  conversationId: string;
  /**
   * The language the conversation is in (core/flows/conversation-locale.ts): its texts are resolved
   * in it, and the overlay speaks it too (buttons, labels, its own messages).
   */
  locale: FlowLocale;
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

/** An http(s) origin, as the browser writes it: scheme, host and port, no path. */
const originSchema = /* @__PURE__ */ (() =>
  v.pipe(textSchema(300), v.regex(/^https?:\/\/[^/\s?#]+$/, 'must be an http(s) origin like https://example.com')))();

/** Page views and conversations: ids made by `randomId()`. */
const uuidSchema = /* @__PURE__ */ (() =>
  v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(/^[A-Za-z0-9-]+$/, 'must be an identifier')))();

const tabIdSchema = /* @__PURE__ */ (() => integerSchema(0, Number.MAX_SAFE_INTEGER))();

/** A local day, "YYYY-MM-DD". */
const daySchema = /* @__PURE__ */ (() =>
  v.pipe(textSchema(10), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-24')))();

const conversationOnly = /* @__PURE__ */ (() => strictObject({ conversationId: uuidSchema }))();

/** How many transcript lines the visitor saw when answering: which step the answer is to. */
const linesSchema = /* @__PURE__ */ (() => integerSchema(0, Number.MAX_SAFE_INTEGER))();

/**
 * A model (flow, rule, segment) carried by a message: only its being an object is checked here, since
 * the handler validates it in full with the model's own validator (graph checks, existing flows) and
 * words the problems for the page that sent it.
 */
// @__NO_SIDE_EFFECTS__
function checkedByHandler<T>() {
  return v.custom<T>(isRecord, (issue) => `must be an object, got ${describe(issue.input)}`);
}

/**
 * An A/B rule's experiment log as the background gave it to the page with a deleted rule, coming
 * back with its undo: checked field by field, as it goes into the `experiments` store as it is.
 */
const ExperimentLogSchema = /* @__PURE__ */ (() => {
  const at = integerSchema(0, Number.MAX_SAFE_INTEGER);
  const visitorId = uuidSchema;
  return strictObject({
    ruleId: idSchema,
    exposures: v.pipe(v.array(strictObject({ visitorId, variantId: idSchema, at })), v.maxLength(1_000_000)),
    actions: v.pipe(
      v.array(
        v.union([
          strictObject({ kind: v.literal('page'), at, url: textSchema(2048), visitorId }),
          strictObject({ kind: v.literal('click'), at, selector: textSchema(300), visitorId }),
          strictObject({ kind: v.literal('completed'), at, flowId: idSchema, visitorId }),
        ]),
      ),
      v.maxLength(1_000_000),
    ),
  }) satisfies v.GenericSchema<unknown, ExperimentLog>;
})();

/**
 * What a pack import changed, as `pack/import` answers it and `pack/undo` takes it back: the
 * items it replaced as they were (validated again by the handler), the ids it added, and a
 * fingerprint of each item it wrote (the undo is refused when one changed since, e.g. in another
 * options window).
 */
const PackUndoSchema = /* @__PURE__ */ (() => {
  // At most what one pack holds.
  const ids = (max: number) => v.pipe(v.array(idSchema), v.maxLength(max));
  const sums = (max: number) =>
    v.pipe(v.array(strictObject({ id: idSchema, sum: v.pipe(v.string(), v.maxLength(32)) })), v.maxLength(max));
  return strictObject({
    replaced: strictObject({
      flows: v.pipe(v.array(checkedByHandler<Flow>()), v.maxLength(MAX_PACK_FLOWS)),
      rules: v.pipe(v.array(checkedByHandler<Rule>()), v.maxLength(MAX_PACK_RULES)),
      segments: v.pipe(v.array(checkedByHandler<Segment>()), v.maxLength(MAX_PACK_SEGMENTS)),
    }),
    added: strictObject({ flows: ids(MAX_PACK_FLOWS), rules: ids(MAX_PACK_RULES), segments: ids(MAX_PACK_SEGMENTS) }),
    written: strictObject({
      flows: sums(MAX_PACK_FLOWS),
      rules: sums(MAX_PACK_RULES),
      segments: sums(MAX_PACK_SEGMENTS),
    }),
  });
})();
export type PackUndo = v.InferOutput<typeof PackUndoSchema>;

/** How many flows, rules and segments a pack import wrote, or its undo put back or removed. */
export interface PackCounts {
  flows: number;
  rules: number;
  segments: number;
}

const SiteStateSchema = /* @__PURE__ */ (() => strictObject({ origin: originSchema, enabled: v.boolean() }))();
export type SiteState = v.InferOutput<typeof SiteStateSchema>;

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

/** An open tab where Tact runs, as the flow editor offers it for "play on a tab". */
export interface PreviewTab {
  tabId: number;
  url: string;
  title: string;
}

/**
 * A hold while the visitor was busy: how long (ms), in which busy states, and whether the tab was
 * hidden meanwhile (a hold before the overlay appears waits for the visitor to come back).
 */
const HoldSchema = /* @__PURE__ */ (() =>
  strictObject({
    ms: integerSchema(0, 24 * 3_600_000),
    while: v.pipe(v.array(v.picklist(BUSY_STATES)), v.maxLength(BUSY_STATES.length)),
    hidden: v.optional(v.boolean()),
  }))();
export type Hold = v.InferOutput<typeof HoldSchema>;

/**
 * The "why" of a conversation as reasons, for the overlay to word in the visitor's language. A
 * check of a trace stored before checks were codes is an English sentence (`string`).
 */
export interface WhyReasons {
  signal: Reason;
  rule: string;
  checks: { label: Reason | string; detail: Reason | string }[];
  /** A preview started by hand (popup, flow editor): no rule and no signal started it. */
  forced?: boolean;
}

/**
 * A trace of the last decision, kept per tab for the "why" views. Its checks are reasons (codes and
 * parameters), worded when shown; records stored before that hold English sentences instead, which
 * `sayReason` shows as they are.
 */
export interface DecisionRecord {
  at: number;
  url: string;
  signal: Signal;
  decision: Decision;
  /**
   * What the decision was taken with (its input and the rules' version), so that a brief decision
   * (`decision.brief`) is traced whole when read; kept in the background, never sent to pages.
   */
  replay?: { rulesVersion: number; input: DecisionReplay };
  /** A preview's decision: simulated from the popup, and/or taken while acting as another visitor. */
  preview?: { simulated: boolean; actAs?: string };
  /**
   * What became of the overlay it started: held before it appeared (busy, or in another tab),
   * withdrawn unseen after the hold limit (or because its tab closed first: `tabClosed`), times put
   * back when the page fought back, why Tact gave up.
   */
  overlay?: { restored: number; paused?: OverlayLoss; held?: Hold; withdrawn?: boolean; tabClosed?: boolean };
  /**
   * The content script had painted this rule's first bubble from its pre-approval before the
   * decision: `kept` when the decision showed it too, else the bubble was taken away.
   */
  firstPaint?: { ruleId: string; kept: boolean };
}

/** A tab's preview tools: who Tact acts as there, the element last picked, and live signals. */
export interface PreviewState {
  actAs: ActAs | null;
  picked: { selector: string; label: string; url: string; at: number } | null;
  /** The tab's current page view and what its content script reported in it (newest first). */
  page: { url: string; startedAt: number } | null;
  signals: { at: number; signal: Signal }[];
}

/** Who may send what: a content script in a tab, the overlay frame, or an extension page. */
export type SenderRole = 'content' | 'overlay' | 'extension-page';

declare const RESPONSE: unique symbol;
/** The type of a message's response, carried by its spec as a type only. */
interface Returns<R> {
  readonly [RESPONSE]?: R;
}
// @__NO_SIDE_EFFECTS__
function returns<R>(): Returns<R> {
  return {};
}

/** One message to the background: who may send it, its request schema, its response type. */
// @__NO_SIDE_EFFECTS__
function message<S extends v.GenericSchema, R>(roles: readonly SenderRole[], request: S, response: Returns<R>) {
  return { roles, request, response };
}

const CONTENT = ['content'] as const;
const OVERLAY = ['overlay'] as const;
const PAGES = ['extension-page'] as const;

/** Messages to the background: name → who may send it, its request schema and its response type. */
export const BACKGROUND_MESSAGES = /* @__PURE__ */ (() => ({
  /**
   * Content script, once per page view (the single place a page view begins, also after a
   * single-page-app route change): registers the view and learns what to listen for. It carries
   * no page context: reading it costs the page more script at load than everything else the
   * content script does, so it travels with the page view's first signal (`page/signal`), or is
   * asked for by the preview tools (`page/context`). Sent at the visitor's first sign of presence
   * (`present`: the background then injects the detectors and the overlay frame before it
   * answers, where the plan arms something), or without one a few seconds after the load or when
   * the background wakes the page for the preview tools; `age`: how long ago the page view began (ms).
   */
  'page/hello': message(
    CONTENT,
    strictObject({
      pageViewId: uuidSchema,
      url: textSchema(4000),
      title: textSchema(1000, 0),
      age: v.optional(integerSchema(0, Number.MAX_SAFE_INTEGER)),
      present: v.optional(v.boolean()),
    }),
    /**
     * `resume`: a conversation of this site is still going on; show it again on this page.
     * `goalClicks`: selectors of A/B goals this visitor may still reach by a click (report with `page/goal-click`).
     * `approval`: where the plan arms something, the page view's pre-approval (as `page/approval`
     * answers it), so the armed page need not ask for it with a second message at load; absent
     * when there is none now (a preview acting as another visitor, written meanwhile): the page asks.
     */
    returns<{
      enabled: boolean;
      plan: ArmingPlan;
      resume?: { conversationId: string; entry: EntryMode };
      goalClicks?: string[];
      approval?: PageApproval;
    }>(),
  ),
  /**
   * Content script, after `first/stale` (or when the hello's answer brought none): the pre-approval
   * its first decision is taken with at the trigger (core/rules/first-decision.ts); null when
   * there is none (a preview acting as another visitor, the page view gone), with the id the
   * conversation it paints takes. `context`: the page context now, sent only once an answer said
   * some first bubble's words read it (`pageWords`).
   */
  'page/approval': message(
    CONTENT,
    strictObject({ pageViewId: uuidSchema, context: v.optional(PageContextSchema) }),
    returns<PageApproval | null>(),
  ),
  /** Content script: the visitor clicked an element matching an A/B goal's selector (one of `goalClicks`). */
  'page/goal-click': message(
    CONTENT,
    strictObject({ pageViewId: uuidSchema, selector: textSchema(300) }),
    returns<null>(),
  ),
  /** Content script: a signal was detected. */
  'page/signal': message(
    CONTENT,
    strictObject({
      pageViewId: uuidSchema,
      signal: SignalSchema,
      quiet: v.optional(QuietStateSchema),
      /** The signal was held back this long while the visitor was busy (the trace says so). */
      held: v.optional(HoldSchema),
      /** The page context, with the page view's first signal (read then, not at hello). */
      context: v.optional(PageContextSchema),
      /**
       * The content script decided with its pre-approval that this rule shows, and painted its
       * first bubble already: the conversation takes this id if the background decides the same.
       */
      predicted: v.optional(strictObject({ ruleId: idSchema, flowId: idSchema, conversationId: uuidSchema })),
    }),
    /**
     * `show`: a conversation started; the content script shows it when the visitor is free and says
     * so (`overlay/shown`), painting `first` at once while the overlay frame loads.
     */
    returns<{ show: { conversationId: string; entry: EntryMode; first: FirstBubble } | null }>(),
  ),
  /** Overlay frame: load the conversation it was opened for. */
  'overlay/attach': message(OVERLAY, conversationOnly, returns<ConversationView>()),
  /**
   * Overlay frame: the visitor chose a quick reply at step `nodeId`, having seen `lines` lines of
   * the transcript (the same on the three steps: a step sent again after its answer was lost finds
   * more lines than that, or another node, and changes nothing; see `REPEATABLE`).
   */
  'overlay/reply': message(
    OVERLAY,
    strictObject({ conversationId: uuidSchema, nodeId: idSchema, lines: linesSchema, replyId: idSchema }),
    returns<ConversationView>(),
  ),
  /** Overlay frame: the visitor typed an answer to the input step `nodeId` (`lines`: as for a reply). */
  'overlay/answer': message(
    OVERLAY,
    strictObject({
      conversationId: uuidSchema,
      nodeId: idSchema,
      lines: linesSchema,
      text: textSchema(MAX_ANSWER_LENGTH),
    }),
    returns<ConversationView>(),
  ),
  /**
   * Overlay frame: the visitor used the current step's button (link opened, code copied, handed
   * off; `lines`: as for a reply).
   */
  'overlay/act': message(
    OVERLAY,
    strictObject({ conversationId: uuidSchema, nodeId: idSchema, lines: linesSchema }),
    returns<ConversationView>(),
  ),
  /** Overlay frame: the visitor opened a pill conversation (recorded once). */
  'overlay/open': message(OVERLAY, conversationOnly, returns<null>()),
  /** Overlay frame: its content needs this size (CSS px). */
  'overlay/resize': message(
    OVERLAY,
    strictObject({
      conversationId: uuidSchema,
      width: numberSchema({ min: 0, max: 4000 }),
      height: numberSchema({ min: 0, max: 4000 }),
    }),
    returns<null>(),
  ),
  /** Overlay frame: the visitor closed it, or it finished. */
  'overlay/close': message(
    OVERLAY,
    strictObject({
      conversationId: uuidSchema,
      reason: v.picklist(['dismissed', 'finished', 'snooze', 'never-here']),
    }),
    returns<null>(),
  ),
  /** Content script: the page removed the overlay and Tact puts it back; the new frame may attach. `ok`: the conversation goes on. */
  'overlay/restore': message(CONTENT, conversationOnly, returns<{ ok: boolean }>()),
  /** Content script: the visitor pressed Escape on the page (which did not handle it): dismiss the overlay. */
  'overlay/dismiss': message(CONTENT, conversationOnly, returns<null>()),
  /**
   * Content script: the overlay of a conversation a signal started became visible, with the tab
   * visible (after holding it `held` while the visitor was busy or away): only now is it counted
   * as shown.
   */
  'overlay/shown': message(CONTENT, strictObject({ conversationId: uuidSchema, held: HoldSchema }), returns<null>()),
  /**
   * Content script: the visitor stayed busy (or away) for the whole hold; the overlay was never
   * shown. The conversation is dropped and what it reserved (budget, frequency) given back.
   */
  'overlay/withdraw': message(CONTENT, strictObject({ conversationId: uuidSchema, held: HoldSchema }), returns<null>()),
  /** Content script: the page kept taking the overlay away; Tact gave up, the conversation is paused. */
  'overlay/pause': message(
    CONTENT,
    strictObject({
      conversationId: uuidSchema,
      loss: v.picklist(['host-removed', 'top-layer-taken'] satisfies OverlayLoss[]),
      restored: integerSchema(0, 100),
    }),
    returns<null>(),
  ),
  /** Overlay frame: "why am I seeing this?", the decision that started the conversation, in plain words. */
  'overlay/why': message(OVERLAY, conversationOnly, returns<WhyReasons>()),
  /** Extension pages: is Tact on for this site? */
  'site/get': message(PAGES, strictObject({ origin: originSchema }), returns<SiteState>()),
  /** Extension pages: turn Tact on or off for a site. */
  'site/set': message(PAGES, SiteStateSchema, returns<SiteState>()),
  /** Extension pages: flows, rules and recent answers for the options page. */
  'workspace/get': message(
    PAGES,
    v.null(),
    returns<{ flows: Flow[]; rules: Rule[]; answers: TactEvent[]; eventCount: number }>(),
  ),
  /** Extension pages: create or replace a rule (validated; the flow must exist). */
  'rules/save': message(PAGES, strictObject({ rule: checkedByHandler<Rule>() }), returns<Rule>()),
  /**
   * Extension pages: delete a rule and its A/B test's experiment log in one transaction; returns
   * both (for undo; the log is then kept only by the page that may undo).
   */
  'rules/delete': message(
    PAGES,
    strictObject({ id: idSchema }),
    returns<{ rule: Rule | null; experiments: ExperimentLog[] }>(),
  ),
  /** Extension pages: create or replace a segment. */
  'segments/save': message(PAGES, strictObject({ segment: checkedByHandler<Segment>() }), returns<Segment>()),
  /** Extension pages: the interruption policy's settings. */
  'settings/get': message(PAGES, v.null(), returns<PolicySettings>()),
  /** Extension pages: change some settings (validated); returns them all. */
  'settings/set': message(PAGES, SettingsPatchSchema, returns<PolicySettings>()),
  /** Extension pages: import a flow pack (all or nothing); checked in full by the handler. */
  'pack/import': message(PAGES, strictObject({ pack: v.unknown() }), returns<PackCounts & { undo: PackUndo }>()),
  /**
   * Extension pages: take an import back with what `pack/import` answered (its replaced items put
   * back, its added ones deleted), all or nothing.
   */
  'pack/undo': message(PAGES, PackUndoSchema, returns<PackCounts>()),
  /** Extension pages: export everything as a flow pack. */
  'pack/export': message(PAGES, v.null(), returns<FlowPack>()),
  /** Extension pages: the open tabs Tact runs on (its latest page view in each), most recently used first. */
  'preview/tabs': message(PAGES, v.null(), returns<PreviewTab[]>()),
  /** Extension pages: play a flow now on a tab, in the real overlay, marked as a preview. */
  'preview/start': message(
    PAGES,
    strictObject({ tabId: tabIdSchema, flowId: idSchema }),
    returns<{ conversationId: string }>(),
  ),
  /** Extension pages: run a signal through the real engine on a tab's current page view (anything it starts is a preview). */
  'preview/simulate': message(
    PAGES,
    strictObject({ tabId: tabIdSchema, signal: SignalSchema }),
    returns<{ record: DecisionRecord; conversationId: string | null; mounted: boolean }>(),
  ),
  /** Extension pages: act as a visitor with these tags and segments on this tab (null: be yourself again). */
  'preview/act-as': message(
    PAGES,
    strictObject({ tabId: tabIdSchema, actAs: v.nullable(ActAsSchema) }),
    returns<ActAs | null>(),
  ),
  /** Extension pages: reset a site's frequency caps, back-offs and shown marks, for previewing. */
  'preview/reset-caps': message(PAGES, strictObject({ origin: originSchema }), returns<ResetSummary>()),
  /** Extension pages: the tab's preview state (override, picked element) and what its content script last reported. */
  'preview/state': message(PAGES, strictObject({ tabId: tabIdSchema }), returns<PreviewState>()),
  /** Extension pages: start the element picker on a tab. */
  'picker/start': message(PAGES, strictObject({ tabId: tabIdSchema }), returns<null>()),
  /** Content script (the picker): the marketer picked an element; kept per tab for the popup. */
  'picker/picked': message(
    CONTENT,
    strictObject({ selector: textSchema(300), label: textSchema(200, 0) }),
    returns<null>(),
  ),
  /** Extension pages: a flow's numbers, from the rollups. */
  /** A/B tests' results per variant and goal: every A/B rule's, or those with a variant showing `flowId`. */
  'experiments/results': message(PAGES, strictObject({ flowId: v.optional(idSchema) }), returns<ExperimentResults[]>()),
  'stats/flow': message(
    PAGES,
    strictObject({
      flowId: idSchema,
      from: v.optional(daySchema),
      to: v.optional(daySchema),
      /** The reader's language: questions and replies named in it where the flow has it. */
      locale: v.optional(v.picklist(FLOW_LOCALES)),
    }),
    returns<FlowStats>(),
  ),
  /** Extension pages: every flow's totals, from the rollups (the results overview). */
  'stats/overview': message(
    PAGES,
    strictObject({ from: v.optional(daySchema), to: v.optional(daySchema) }),
    returns<FlowTotals[]>(),
  ),
  /** Extension pages: a flow's conversations, one row each (the per-conversation export), from the event log. */
  'results/conversations': message(
    PAGES,
    strictObject({ flowId: idSchema, from: v.optional(daySchema), to: v.optional(daySchema) }),
    returns<ConversationTable>(),
  ),
  /**
   * Extension pages: the seeded flows and rules still under a default's name renamed into
   * `language` (a BCP 47 tag), when the marketer chooses Tact's language; how many were renamed.
   */
  'workspace/name-defaults': message(
    PAGES,
    strictObject({ language: v.pipe(v.string(), v.maxLength(35)) }),
    returns<{ flows: number; rules: number }>(),
  ),
  /** Extension pages: create or replace a flow (validated as a whole graph). */
  'flows/save': message(PAGES, strictObject({ flow: checkedByHandler<Flow>() }), returns<Flow>()),
  /**
   * Extension pages: delete a flow, the rules that start it and their experiment logs; returns
   * what was removed (for undo).
   */
  'flows/delete': message(
    PAGES,
    strictObject({ id: idSchema }),
    returns<{ flow: Flow | null; rules: Rule[]; experiments: ExperimentLog[] }>(),
  ),
  /**
   * Extension pages: put back flows, rules and the rules' experiment logs removed earlier (undo),
   * validated, in one transaction.
   */
  'workspace/restore': message(
    PAGES,
    strictObject({
      flows: v.pipe(v.array(checkedByHandler<Flow>()), v.maxLength(1000)),
      rules: v.pipe(v.array(checkedByHandler<Rule>()), v.maxLength(1000)),
      experiments: v.optional(v.pipe(v.array(ExperimentLogSchema), v.maxLength(1000))),
    }),
    returns<{ flows: number; rules: number }>(),
  ),
  /** Extension pages: every site Tact has seen or was turned off for. */
  'sites/list': message(PAGES, v.null(), returns<SiteSummary[]>()),
  /** Extension pages: forget a site (Tact on again there, its visit count gone). */
  'sites/remove': message(PAGES, strictObject({ origin: originSchema }), returns<null>()),
  /** Extension pages: delete what Tact learnt and logged (flows, rules, segments, settings and site switches stay). */
  'data/clear': message(PAGES, v.null(), returns<ClearedData>()),
  /** Extension pages: events, newest first. */
  'events/list': message(
    PAGES,
    strictObject({ flowId: v.optional(idSchema), limit: integerSchema(1, 10_000) }),
    returns<TactEvent[]>(),
  ),
  /**
   * Extension pages: a flow's free-text answers to questions that branch on intents (previews left
   * out), newest first, for listing the ones to learn from (core/results/answers-to-learn.ts).
   */
  'answers/free-text': message(PAGES, strictObject({ flowId: idSchema }), returns<TactEvent[]>()),
  /** Extension pages: the last decisions taken on a tab. */
  'trace/get': message(PAGES, strictObject({ tabId: tabIdSchema }), returns<DecisionRecord[]>()),
}))();

export type BackgroundMessageType = keyof typeof BACKGROUND_MESSAGES;

/** Messages to the background: name → request (inferred from its schema) and response. */
export type ToBackground = {
  [K in BackgroundMessageType]: {
    req: v.InferOutput<(typeof BACKGROUND_MESSAGES)[K]['request']>;
    res: (typeof BACKGROUND_MESSAGES)[K]['response'] extends Returns<infer R> ? R : never;
  };
};

/** Messages from the background to a tab's content script (checked there by `checkContentMessage`). */
export const CONTENT_MESSAGES = /* @__PURE__ */ (() => ({
  'overlay/resize': strictObject({
    conversationId: v.string(),
    width: numberSchema({ min: 0, max: 4000 }),
    height: numberSchema({ min: 0, max: 4000 }),
  }),
  'overlay/unmount': strictObject({ conversationId: v.string() }),
  'site/changed': strictObject({ origin: v.string(), enabled: v.boolean() }),
  /** Show the overlay for this conversation now (a preview started from the popup). */
  'overlay/mount': strictObject({ conversationId: v.string() }),
  /** Load the element picker (its own module) and let the marketer pick an element. */
  'picker/start': strictObject({}),
  /** Rules or settings changed: say hello again to get a fresh arming plan. */
  'plan/changed': strictObject({}),
  /** The preview tools need the page context now: answered with a `PageContextReply`. */
  'page/context': strictObject({}),
  /**
   * Something a decision reads was written: this page view's pre-approval is stale, ask again
   * (`page/approval`). A content script whose page view is another one ignores it.
   */
  'first/stale': strictObject({ pageViewId: v.string() }),
}))();

/** The content script's answer to `page/context`: its current page view and what the page says about itself. */
const PageContextReplySchema = /* @__PURE__ */ (() =>
  strictObject({ pageViewId: uuidSchema, context: PageContextSchema }))();
export type PageContextReply = v.InferOutput<typeof PageContextReplySchema>;

export type ContentMessageType = keyof typeof CONTENT_MESSAGES;
export type ToContent = { [K in ContentMessageType]: v.InferOutput<(typeof CONTENT_MESSAGES)[K]> };

/**
 * Messages the background broadcasts to Tact's own pages (options, popup) with
 * `runtime.sendMessage`; nobody answers them. Content scripts never get them.
 */
const PAGE_MESSAGES = /* @__PURE__ */ (() => ({
  /** Events were written (answers, conversations shown, finished…): views of them can refresh. */
  'events/appended': strictObject({ flowIds: v.array(v.string()), types: v.array(v.picklist(EVENT_TYPES)) }),
}))();
export type ToPages = { [K in keyof typeof PAGE_MESSAGES]: v.InferOutput<(typeof PAGE_MESSAGES)[K]> };

export interface Envelope<T extends string = string, P = unknown> {
  protocol: typeof PROTOCOL;
  type: T;
  payload: P;
}

/**
 * The background's answer. A refusal carries its reason (code and parameters), which the page words
 * in its own language, and `error`, the code for the console (`invalid:<field code>` for an
 * invalid answer, which the overlay reads).
 */
export type Reply<R> = { ok: true; value: R } | { ok: false; error: string; reason?: Reason; problems?: CheckError[] };

/** Thrown by `send()` when the background refuses or fails a request. */
export class TactError extends Error {
  override name = 'TactError';
  constructor(
    message: string,
    /** What was wrong with a refused model (flow, rule, pack), each with its reason. */
    readonly problems?: CheckError[],
    /** Why the background refused or failed the request, for the page to word (`failureText`). */
    readonly reason?: Reason,
  ) {
    super(message);
  }
}

/**
 * Requests the background may carry out twice with the same effect as once, which their senders
 * send once more when the answer was lost (`send`'s `again`). The hello takes the same page view
 * twice (and the files injected with it only register their exports: the page arms once, after
 * the answer); attaching binds the frame that is already bound; a visitor's step is to the step after
 * the `lines` they saw, so once carried out, the same step again finds more lines and returns the
 * current view, recording nothing (a form's next field, or a reply leading back to its own
 * question, is the same node again: the node alone would not tell); a pill is recorded opened
 * once; a conversation closes once (its dismissal and back-off recorded once; a snooze and "never
 * here" set again); a resize or the "why" only reads and tells. Not, for example, a signal (it may
 * start a conversation) or the content script's restore (it counts the overlay put back).
 */
export type Repeatable =
  | 'page/hello'
  | 'overlay/attach'
  | 'overlay/reply'
  | 'overlay/answer'
  | 'overlay/act'
  | 'overlay/open'
  | 'overlay/resize'
  | 'overlay/close'
  | 'overlay/why';

/**
 * Sends a typed request to the background; resolves with its response or throws a TactError. A
 * request nobody received is sent once more: Firefox refuses messages ("Receiving end does not
 * exist") while it suspends an idle event page, and the next one starts a new page. A request
 * whose answer was lost (the background stopped while handling it: Chromium rejects, "message
 * channel closed before a response was received"; Firefox resolves with nothing) is sent once more
 * only with `again`, which only a `Repeatable` request may ask for: any other may have been
 * carried out.
 */
export async function send<K extends BackgroundMessageType>(
  type: K,
  payload: ToBackground[K]['req'],
  again?: K extends Repeatable ? boolean : never,
): Promise<ToBackground[K]['res']> {
  const message: Envelope<K, ToBackground[K]['req']> = { protocol: PROTOCOL, type, payload };
  // Looked up at the call: the content script must not read the namespace at load (browser-api.ts).
  const post = () => extApi().runtime.sendMessage<typeof message, Reply<ToBackground[K]['res']> | undefined>(message);
  const reply = await post().then(
    (answer) => answer || (again && post()),
    (error: unknown) => (again || String(error).includes('Receiving end') ? post() : Promise.reject(error as Error)),
  );
  if (!reply || typeof reply !== 'object')
    throw new TactError(`no answer to ${type}`, undefined, { code: 'req-no-answer' });
  if (!reply.ok) throw new TactError(reply.error, reply.problems, reply.reason);
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
    if (!isEnvelope(message) || message.type !== type) return;
    const checked = v.safeParse(PAGE_MESSAGES[type], message.payload);
    if (checked.success) handler(checked.output);
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

/**
 * Asks the content script of a tab's top frame for its page context (`page/context`); undefined
 * when it does not answer (no content script, the tab is gone) or answers something else.
 */
export async function askPageContext(tabId: number): Promise<PageContextReply | undefined> {
  const message: Envelope<'page/context', ToContent['page/context']> = {
    protocol: PROTOCOL,
    type: 'page/context',
    payload: {},
  };
  try {
    const reply: unknown = await ext.tabs.sendMessage(tabId, message, { frameId: 0 });
    const checked = v.safeParse(PageContextReplySchema, reply);
    return checked.success ? checked.output : undefined;
  } catch {
    return undefined;
  }
}

export type CheckedContentMessage = {
  [K in ContentMessageType]: { type: K; payload: ToContent[K] };
}[ContentMessageType];

/** A size the overlay frame may take (CSS px); NaN fails every comparison. */
const isSize = (n: unknown): boolean => typeof n === 'number' && n >= 0 && n <= 4000;

/** The payload has exactly these keys (the content schemas are strict). */
const hasOnly = (p: Record<string, unknown>, keys: readonly string[]): boolean =>
  Object.keys(p).every((k) => keys.includes(k)) && keys.every((k) => Object.hasOwn(p, k));

/**
 * The content script's check of each content-bound payload, written out by hand so that the
 * always-on script carries no schema library; `protocol.test.ts` checks it accepts exactly what
 * `CONTENT_MESSAGES` accepts.
 */
const CONTENT_GUARDS: { [K in ContentMessageType]: (p: Record<string, unknown>) => boolean } = {
  'overlay/resize': (p) =>
    hasOnly(p, ['conversationId', 'width', 'height']) &&
    typeof p.conversationId === 'string' &&
    isSize(p.width) &&
    isSize(p.height),
  'overlay/unmount': (p) => hasOnly(p, ['conversationId']) && typeof p.conversationId === 'string',
  'site/changed': (p) =>
    hasOnly(p, ['origin', 'enabled']) && typeof p.origin === 'string' && typeof p.enabled === 'boolean',
  'overlay/mount': (p) => hasOnly(p, ['conversationId']) && typeof p.conversationId === 'string',
  'picker/start': (p) => hasOnly(p, []),
  'plan/changed': (p) => hasOnly(p, []),
  'page/context': (p) => hasOnly(p, []),
  'first/stale': (p) => hasOnly(p, ['pageViewId']) && typeof p.pageViewId === 'string',
};

/** Checks a message arriving at the content script from the background; null when it is not one. */
export function checkContentMessage(message: unknown): CheckedContentMessage | null {
  if (!isEnvelope(message) || !isRecord(message.payload) || !Object.hasOwn(CONTENT_GUARDS, message.type)) return null;
  const guard = CONTENT_GUARDS[message.type as ContentMessageType];
  // The guard has just checked the payload against the type's schema (see above).
  return guard(message.payload) ? (message as CheckedContentMessage) : null;
}

/** A Tact envelope: our protocol marker, a type and a payload (of any shape, checked later). */
export function isEnvelope(m: unknown): m is Envelope {
  return isRecord(m) && m.protocol === PROTOCOL && typeof m.type === 'string' && 'payload' in m;
}
