/**
 * The embed's engine, loaded on a page's first signal: it checks the pack, decides with the
 * extension's own engine (core/rules/engine.ts: rules, policy, budget, frequency, back-off), runs
 * the flow with the same runner, keeps the visitor's state in the site's IndexedDB
 * (embed-store.ts), sends each step to the site's analytics (analytics-adapters.ts), and shows the
 * overlay (embed-overlay.ts, loaded on the first show).
 */
import type { FlowPack, PackCheck } from '../core/flows/flow-pack.ts';
import type { Flow, IntentBranches } from '../core/flows/flow-model.ts';
import { conversationLocale, personaAvatar, personaName } from '../core/flows/conversation-locale.ts';
import type { FlowLocale } from '../core/flows/localized-text.ts';
import { decide, describeSignal, type Decision } from '../core/rules/engine.ts';
import { localDay, recordDismissal, emptyDismissals, refund, DEFAULT_SETTINGS } from '../core/rules/policy.ts';
import type { PageContext, QuietState, Signal } from '../core/signals/signal-model.ts';
import type { BusyState } from '../core/signals/signal-kinds.ts';
import { awaitFreeMoment } from '../shared/free-moment.ts';
import { retainedSite, visitCount, withPageView } from '../core/visitor/site-visits.ts';
import { retentionWindow, type RetentionWindow } from '../core/visitor/retention-window.ts';
import {
  applyAction,
  applyAnswer,
  applyReply,
  dismiss,
  startConversation,
  startEffects,
  stepViewOf,
  type ConversationState,
  type RunContext,
  type StepEffects,
  type StepResult,
} from '../core/flows/flow-runner.ts';
import type { IntentMatcher } from '../core/language/intent-matcher.ts';
import { linkTarget } from '../core/flows/link-target.ts';
import { TactError, type ConversationView, type Hold } from '../shared/protocol.ts';
import type { ConversationDriver } from '../shared/ui/tact-conversation.ts';
import { wordWhy } from '../shared/why-view.ts';
import { sayReason } from '../core/rules/reason-words.ts';
import { collectPageContext } from '../content/page-context-reader.ts';
import { sendSiteEvent, type AnalyticsTargets, type TactSiteEvent } from './analytics-adapters.ts';
import { updateVisitor, withHold, type EmbedVisitor } from './embed-store.ts';
import { recordGoalAction, withExposureOf } from './embed-experiments.ts';
import { retainedLog } from '../core/experiments/experiment-log.ts';
import type { EmbedOverlay } from './embed-overlay.ts';

/** Snoozing from the overlay silences Tact on the site for a day (as in the extension). */
const SNOOZE_MS = 24 * 60 * 60 * 1000;

/** The page view the session decides for. */
export interface EmbedPage {
  url: string;
  startedAt: number;
  /**
   * The visitor's browser languages, most preferred first (`navigator.languages`): with the flow's
   * own, they choose the conversation's language (core/flows/conversation-locale.ts), which its
   * texts and the overlay's own words ("Send", "Close") then speak.
   */
  languages: readonly string[];
}

/** The page view with what the page says about itself. */
type PageViewFacts = EmbedPage & { context: PageContext };

/** What the entry asks of the engine. */
export interface EmbedSession {
  /**
   * Decides on a signal; true when a conversation started or an A/B hold-out took the page view's
   * turn (nothing more to listen for). `busy` says what keeps the visitor busy now, for the second
   * look before the overlay appears; `held`, how long the detectors held the signal back while the
   * visitor was busy (the decision's quiet-moment check says so, as in the extension).
   */
  onSignal(signal: Signal, quiet: QuietState, busy?: () => readonly BusyState[], held?: Hold): Promise<boolean>;
  /**
   * A conversation of this page view is on its way or open (not closed by the visitor): on a
   * single-page-app route change it follows the visitor, as the extension's overlay does.
   */
  conversing(): boolean;
  /** Closes the overlay, if any (consent withdrawn). */
  stop(): void;
}

/** What the site set besides its pack and analytics (`start()`'s options, the script's attributes). */
export interface EmbedKeeping {
  /** Days the visitor's record keeps what happened (1–3650); the extension's default when unset. */
  retentionDays?: number;
}

/** The retention the site asked for, when it is one the extension's settings would accept. */
function retentionDaysOf(keeping: EmbedKeeping): number {
  const days = keeping.retentionDays;
  if (days === undefined) return DEFAULT_SETTINGS.retentionDays;
  if (Number.isInteger(days) && days >= 1 && days <= 3650) return days;
  console.warn(
    `Tact: retentionDays ${days} is not a whole number of days from 1 to 3650; kept ${DEFAULT_SETTINGS.retentionDays}.`,
  );
  return DEFAULT_SETTINGS.retentionDays;
}

/**
 * The visitor's record as retention keeps it, with the extension's rule (`retentionWindow`) and
 * its pure function for visit counts (`retainedSite`): visit days and times before the window
 * forgotten, and holds before it. The pseudonymous id stays, so every A/B assignment (a hash of
 * it) stays the same; so do the policy's records the extension keeps too (last show per rule,
 * back-off, snooze, "never here", the profile).
 */
export function retainedVisitor(visitor: EmbedVisitor, { cutoff, cutoffDay }: RetentionWindow): EmbedVisitor {
  const { holds: allHolds, ...rest } = visitor;
  const holds = allHolds?.filter((h) => h.at >= cutoff);
  const { experiments: allTests, ...kept } = rest;
  const visits = retainedSite(visitor.visits, cutoff, cutoffDay) ?? { origin: visitor.visits.origin, enabled: true };
  // A test's exposure before the window goes with the goals reached since (the extension's rule).
  const experiments = Object.entries(allTests ?? {}).flatMap(([ruleId, log]) => {
    const left = retainedLog(log, cutoff);
    return left ? [[ruleId, left] as const] : [];
  });
  return {
    ...kept,
    visits,
    ...(holds?.length ? { holds } : {}),
    ...(experiments.length ? { experiments: Object.fromEntries(experiments) } : {}),
  };
}

/**
 * A session for one page view, or a refusal: a pack that did not pass the extension's own checks
 * (`checkPack`, run once per run by the entry) is refused whole, with every problem's path, and
 * nothing runs. Its first write prunes the visitor's record to the retention window
 * (`keeping.retentionDays`).
 */
export async function openSession(
  checked: PackCheck,
  targets: AnalyticsTargets,
  view: EmbedPage,
  keeping: EmbedKeeping = {},
): Promise<EmbedSession> {
  const page: PageViewFacts = { ...view, context: collectPageContext() };
  if (!checked.ok) throw new Error(`Tact: the pack was refused: ${checked.message}`);
  const pack: FlowPack = checked.pack;
  const origin = new URL(page.url).origin;
  const flows = new Map(pack.flows.map((f) => [f.id, f]));
  const flowIds = new Set(flows.keys());
  const segments = pack.segments ?? [];
  // Retention first (the record is read here, so this is when it is kept short), then this page
  // view counts as a visit of the site when the last one was long enough ago.
  const kept = retentionWindow(Date.now(), retentionDaysOf(keeping));
  await updateVisitor(origin, (stored) => {
    const v = retainedVisitor(stored, kept);
    return {
      visitor: {
        ...v,
        visits: withPageView(v.visits, page.startedAt, localDay(page.startedAt), DEFAULT_SETTINGS.sessionMinutes),
      },
      result: null,
    };
  });
  let shown = false;
  /** An A/B hold-out took this page view's turn: nothing shows here, as in the arms that show a flow. */
  let heldOutHere = false;
  let overlay: EmbedOverlay | undefined;
  /** The visitor closed this page view's conversation. */
  let ended = false;
  let stopped = false;
  const stopSignal = new AbortController();

  return {
    async onSignal(signal, quiet, busy, held) {
      if (shown || heldOutHere || stopped) return shown || heldOutHere;
      const now = Date.now();
      /** The detectors held the signal back until the visitor was free. */
      const signalHold: Hold | undefined = held && held.ms > 0 ? held : undefined;
      /** The rule's "last shown" before this decision, to put back if its overlay is never seen. */
      let previousShown: number | undefined;
      const outcome = await updateVisitor(origin, (v) => {
        const decision = decide({
          now,
          signal,
          quiet,
          ...(held ? { held: { ms: held.ms, while: held.while } } : {}),
          page,
          origin,
          siteEnabled: !v.off,
          pageViewShown: shown,
          pageViewHeldOut: heldOutHere,
          profile: v.profile,
          // The same sticky assignment as the extension's, from this site's pseudonymous visitor id.
          visitorId: v.id,
          segments,
          visitCount: Math.max(1, visitCount(v.visits)),
          sessionStartedAt: v.visits.sessionStartedAt,
          lastShownByRule: v.lastShownByRule,
          rules: pack.rules,
          flowIds,
          settings: { snoozeUntil: v.snoozeUntil },
          budget: v.budget,
          dismissals: v.dismissals,
        });
        const lastShownByRule = { ...v.lastShownByRule };
        if (decision.show) previousShown = v.lastShownByRule[decision.show.ruleId];
        for (const w of decision.wouldShow) lastShownByRule[w.ruleId] = now;
        if (decision.show) lastShownByRule[decision.show.ruleId] = now;
        // A hold-out waits for the rule's frequency as if it had shown (as in the extension).
        if (decision.heldOut) lastShownByRule[decision.heldOut.ruleId] = now;
        const decided: EmbedVisitor = decision.show
          ? { ...v, lastShownByRule, budget: decision.budget }
          : { ...v, lastShownByRule };
        // A hold-out decided after the visitor's free moment keeps its hold, as the extension's
        // trace keeps the decision's (nothing appears, so there is no second look to add).
        // The hold-out's exposure is the decision (in the extension too).
        const exposed = decision.heldOut
          ? withExposureOf(decided, decision.heldOut.ruleId, decision.heldOut.variantId, now)
          : decided;
        const visitor =
          decision.heldOut && signalHold
            ? withHold(exposed, {
                at: now,
                ruleId: decision.heldOut.ruleId,
                flowId: null,
                held: signalHold,
                withdrawn: false,
              })
            : exposed;
        return { visitor, result: { decision, visitor } };
      });
      const show = outcome.decision.show;
      const heldOut = outcome.decision.heldOut;
      // The hold-out's exposure is the decision: the site's analytics count it as such.
      // Its page view's turn is taken (the detectors stop); the budget is not charged: nothing was seen.
      if (heldOut) heldOutHere = true;
      if (heldOut && !stopped)
        sendSiteEvent(targets, {
          event: 'tact_held_out',
          flow: null,
          rule: heldOut.ruleId,
          variant: heldOut.variantId,
          step: null,
          answer: null,
          visitor: outcome.visitor.id,
          page: new URL(page.url).pathname,
          at: new Date(now).toISOString(),
        });
      if (!show || shown || stopped) return shown || heldOutHere;
      shown = true;
      // A second look, as in the extension: never shown while the visitor turned busy or left the
      // tab during the decision; never seen after the hold limit, it gives back what it reserved.
      const moment = busy ? await awaitFreeMoment(busy, () => stopped) : undefined;
      if (stopped) return shown;
      // The hold is recorded as the extension's trace keeps it: a withdrawal always, a shown
      // overlay only when it waited (before the decision, the detectors' hold, or after it).
      const waited = joinHolds(signalHold, moment?.held);
      const hold = waited && {
        at: now,
        ruleId: show.ruleId,
        flowId: show.flowId,
        held: waited,
        withdrawn: moment !== undefined && moment.step !== 'show',
      };
      if (hold?.withdrawn) {
        const weight = DEFAULT_SETTINGS.entryWeights[show.entry];
        const before = previousShown;
        await updateVisitor(origin, (v) => {
          const lastShownByRule = { ...v.lastShownByRule };
          // Only if nothing showed this rule since: then its "last shown" goes back to what it was.
          if (lastShownByRule[show.ruleId] === now) {
            if (before === undefined) delete lastShownByRule[show.ruleId];
            else lastShownByRule[show.ruleId] = before;
          }
          const budget =
            v.budget && outcome.decision.budget && refund(v.budget, outcome.decision.budget.day, origin, weight);
          return { visitor: withHold({ ...v, lastShownByRule, ...(budget ? { budget } : {}) }, hold), result: null };
        });
        shown = false;
        return shown;
      }
      // Seen now: a flow variant's exposure counts from here (in the extension, at markShown).
      const variantId = show.variantId;
      const waitedHere = hold && (hold.held.ms > 0 || hold.held.hidden) ? hold : undefined;
      if (waitedHere || variantId !== undefined)
        await updateVisitor(origin, (v) => {
          const seen = variantId !== undefined ? withExposureOf(v, show.ruleId, variantId, Date.now()) : v;
          return { visitor: waitedHere ? withHold(seen, waitedHere) : seen, result: null };
        });
      const flow = flows.get(show.flowId)!;
      // The free-text matcher (stemmers, word lists) is the engine's largest part: loaded only
      // for a flow that branches on what a visitor types.
      const needsMatcher = Object.values(flow.nodes).some((n) => n.type === 'input' && n.match);
      const train = needsMatcher ? (await import('../core/language/intent-matcher.ts')).trainMatcher : undefined;
      const run = new FlowRun(
        flow,
        show.ruleId,
        outcome.visitor,
        origin,
        page,
        targets,
        signal,
        outcome.decision,
        train,
        // A completed flow is a goal of the tests this visitor met.
        (flowId) =>
          recordGoalAction(origin, pack.rules, { kind: 'completed', at: Date.now(), flowId }, targets, page.url),
      );
      await run.begin();
      const { mountOverlay } = await import('./embed-overlay.ts');
      if (stopped) return shown;
      const mounted = await mountOverlay(
        run.driver(() => overlay),
        run.locale,
      );
      // Closed by the visitor: the conversation is over, nothing follows to the next route.
      overlay = {
        ...mounted,
        remove() {
          mounted.remove();
          ended = true;
        },
      };
      return shown;
    },
    conversing: () => shown && !ended && !stopped,
    stop() {
      stopped = true;
      stopSignal.abort();
      overlay?.remove();
      overlay = undefined;
    },
  };
}

/**
 * The whole wait between a signal and the overlay: the detectors' hold before the decision and
 * the second look's after it, one after the other; undefined when neither happened.
 */
function joinHolds(before: Hold | undefined, after: Hold | undefined): Hold | undefined {
  if (!before || !after) return before ?? after;
  return {
    ms: before.ms + after.ms,
    while: [...new Set([...before.while, ...after.while])],
    ...(after.hidden !== undefined ? { hidden: after.hidden } : {}),
  };
}

/** Matchers trained from input nodes' intent examples, kept for the page's life. */
const matchers = new Map<string, IntentMatcher>();

/** One conversation on the page: the runner's state, its effects stored, its events sent. */
class FlowRun {
  private state: ConversationState;
  private readonly ctx: RunContext;
  private openedAt: number | undefined;
  /** The conversation's language: its texts, persona and the overlay's own words speak it. */
  readonly locale: FlowLocale;

  constructor(
    private readonly flow: Flow,
    private readonly ruleId: string,
    private readonly visitor: EmbedVisitor,
    private readonly origin: string,
    private readonly page: PageViewFacts,
    private readonly targets: AnalyticsTargets,
    private readonly signal: Signal,
    private readonly decision: Decision,
    train?: (intents: IntentBranches['intents']) => IntentMatcher,
    private readonly onCompleted: (flowId: string) => Promise<void> = async () => {},
  ) {
    const date = new Date();
    this.locale = conversationLocale(flow, page.languages);
    this.ctx = {
      locale: this.locale,
      scope: {
        page: {
          title: page.context.title ?? '',
          url: page.url,
          lang: page.context.lang ?? '',
          product: page.context.product ?? {},
        },
        visitor: { ...(visitor.profile.attributes ?? {}) },
      },
      conditions: {
        now: date.getTime(),
        url: page.url,
        pageStartedAt: page.startedAt,
        page: page.context,
        profile: visitor.profile,
        segments: [],
        visitCount: Math.max(1, visitCount(visitor.visits)),
        localMinutes: date.getHours() * 60 + date.getMinutes(),
        localDay: date.getDay(),
      },
      matchIntent: (text, branches) => {
        if (!train) return null;
        const key = JSON.stringify(branches.intents);
        let matcher = matchers.get(key);
        if (!matcher) matchers.set(key, (matcher = train(branches.intents)));
        return matcher.match(text).intent;
      },
    };
    this.state = startConversation(flow, this.ctx);
  }

  private entry(): 'panel' | 'pill' {
    return this.decision.show?.entry ?? 'panel';
  }

  /** Records the opening steps' tags and says "shown" (and "opened" for a panel). */
  async begin(): Promise<void> {
    await this.keep(startEffects(this.flow, this.ctx));
    this.emit('tact_shown', null, null);
    if (this.entry() === 'panel') this.markOpened();
  }

  private markOpened(): void {
    if (this.openedAt !== undefined) return;
    this.openedAt = Date.now();
    this.emit('tact_opened', null, null);
  }

  private emit(event: TactSiteEvent['event'], step: string | null, answer: string | null): void {
    sendSiteEvent(this.targets, {
      event,
      flow: this.flow.id,
      rule: this.ruleId,
      variant: this.decision.show?.variantId ?? null,
      step,
      answer,
      visitor: this.visitor.id,
      page: new URL(this.page.url).pathname,
      at: new Date().toISOString(),
    });
  }

  /** Stores what a step taught about the visitor (tags, attributes), as the extension does. */
  private async keep(effects: StepEffects): Promise<void> {
    const { tags, attributes, tagDays } = effects;
    if (!tags.length && !attributes) return;
    await updateVisitor(this.origin, (v) => {
      const now = Date.now();
      const expiry = { ...v.profile.tagExpiry };
      for (const tag of tags) {
        if (tagDays) expiry[tag] = now + tagDays * 86_400_000;
        else delete expiry[tag];
      }
      const profile = {
        ...v.profile,
        tags: [...new Set([...v.profile.tags, ...tags])],
        tagExpiry: expiry,
        ...(attributes ? { attributes: { ...v.profile.attributes, ...attributes } } : {}),
      };
      return { visitor: { ...v, profile }, result: null };
    });
  }

  private view(): ConversationView {
    const step = stepViewOf(this.flow, this.state, this.ctx);
    // A path in a link means this site; a "path" that browsers read as another site loses its address.
    const resolved =
      step.kind === 'action' && step.action.url !== undefined
        ? (() => {
            const { url, ...action } = step.action;
            const target = linkTarget(url, this.origin);
            return { ...step, action: target === undefined ? action : { ...action, url: target } };
          })()
        : step;
    const persona = this.flow.persona;
    return {
      conversationId: 'embed',
      locale: this.locale,
      persona: {
        name: personaName(persona, this.locale, this.flow.defaultLocale),
        avatar: personaAvatar(persona, this.locale, this.flow.defaultLocale),
        typingCps: persona.typingCps ?? 60,
      },
      entry: this.entry(),
      status: this.state.status,
      transcript: this.state.transcript,
      step: resolved,
      nodeId: this.state.nodeId,
      closed: this.state.closed ?? false,
      preview: false,
      opened: this.openedAt !== undefined,
    };
  }

  private async step(
    run: (s: ConversationState) => StepResult,
    answerOf: () => string | null,
  ): Promise<ConversationView> {
    const result = run(this.state);
    if (!result.ok) {
      if (result.reason === 'stale-step' || result.reason === 'not-active') return this.view();
      throw new TactError(result.reason === 'invalid-answer' ? `invalid:${result.message ?? 'empty'}` : result.reason);
    }
    this.state = result.state;
    this.markOpened(); // answering means it was open
    await this.keep(result.effects);
    const { answered, completed } = result.effects;
    if (answered) this.emit('tact_answered', answered.nodeId, answerOf());
    if (completed) {
      this.emit('tact_completed', this.state.nodeId, null);
      await this.onCompleted(this.flow.id);
    }
    return this.view();
  }

  private async close(reason: 'dismissed' | 'finished' | 'snooze' | 'never-here'): Promise<void> {
    const active = this.state.status === 'active';
    if (reason !== 'finished' && active) {
      this.state = { ...this.state, ...dismiss(this.state) };
      this.emit('tact_dismissed', this.state.nodeId, reason);
    }
    if (reason === 'finished' || (!active && reason === 'dismissed')) return;
    const now = Date.now();
    await updateVisitor(this.origin, (v) => ({
      visitor: {
        ...v,
        ...(active
          ? { dismissals: recordDismissal(v.dismissals ?? emptyDismissals(), this.flow.id, this.origin, now) }
          : {}),
        ...(reason === 'snooze' ? { snoozeUntil: now + SNOOZE_MS } : {}),
        ...(reason === 'never-here' ? { off: true } : {}),
      },
      result: null,
    }));
  }

  /** The driver the conversation component talks to; `overlay` gives the mounted overlay. */
  driver(overlay: () => EmbedOverlay | undefined): ConversationDriver {
    // Typed text never leaves as an answer: a rating gives its value, a free-text step the intent
    // it matched (or null), a form nothing.
    const answerOf = (nodeId: string, text: string): string | null => {
      const node = Object.hasOwn(this.flow.nodes, nodeId) ? this.flow.nodes[nodeId] : undefined;
      if (node?.type === 'rating') return text.trim();
      if (node?.type === 'input' && node.match) return this.ctx.matchIntent?.(text, node.match) ?? null;
      return null;
    };
    return {
      attach: async () => this.view(),
      reply: (nodeId, replyId) =>
        this.step(
          (s) => applyReply(this.flow, s, nodeId, replyId, this.ctx),
          () => replyId,
        ),
      answer: (nodeId, text) =>
        this.step(
          (s) => applyAnswer(this.flow, s, nodeId, text, this.ctx),
          () => answerOf(nodeId, text),
        ),
      act: (nodeId) =>
        this.step(
          (s) => applyAction(this.flow, s, nodeId, this.ctx),
          () => null,
        ),
      open: async () => this.markOpened(),
      why: async () => {
        const trace = this.decision.rules.find((r) => r.ruleId === this.ruleId);
        const checks = [...this.decision.policy, ...(trace?.checks ?? [])];
        // The view's words and the punycode decoder only for a visitor who asks, as in the extension's frame.
        const [{ whyWords }, { readableSiteReason }] = await Promise.all([
          import('./embed-overlay.ts'),
          import('../core/rules/readable-host.ts'),
        ]);
        const words = await whyWords(this.locale);
        return wordWhy(
          { signal: describeSignal(this.signal), rule: trace?.ruleName ?? this.ruleId, checks },
          (r) => sayReason(readableSiteReason(r), words),
          (key, ...substitutions) => words.t(key, ...substitutions),
        );
      },
      resize: async (width, height) => overlay()?.resize(width, height),
      close: async (reason) => {
        await this.close(reason);
        overlay()?.remove();
      },
      keyScope: 'element',
    };
  }
}
