/**
 * The content script's side of the first decision (core/rules/first-decision.ts): its page view's
 * pre-approval comes with the hello's answer (or is asked for once the page is armed and idle, when
 * the answer had none), is asked for again whenever the background says it went stale, and at a
 * signal decides with it. Shipped in `detectors.js`, which only armed pages
 * load, so the always-on script carries none of it.
 *
 * It asks without the page context: reading it is most of what an armed page paid at load
 * (~3.5 ms of script, `bench:content`), and the first bubbles' words rarely read it. Only when
 * the answer says some do (`pageWords`: `{{page.title}}`, a branch on the device) is the context
 * read, at the next idle moment, and the pre-approval asked for again with it.
 */
import { predictFirst, type FirstPrediction, type SignalMoment } from '../core/rules/first-decision.ts';
import type { FirstApproval, PageApproval } from '../core/rules/first-decision.ts';
import type { PageContext } from '../core/signals/signal-model.ts';
import { send } from '../shared/protocol.ts';

/** A page view's pre-approval, as the content script uses it. */
export interface FirstApprovals {
  /** Drops the pre-approval it has and asks for a new one when the page is idle. */
  ask(): void;
  /** Forgets it for good (the page view was disarmed). */
  drop(): void;
  /**
   * What to paint at once for a signal, and the id its conversation takes; undefined when the
   * pre-approval says nothing shows, or there is none yet.
   */
  guess(moment: SignalMoment): (FirstPrediction & { conversationId: string }) | undefined;
}

/** Whether some first bubble of `approval` was worded with the page context (then only that context's). */
const readsPage = (approval: FirstApproval) =>
  Object.values(approval.triggers).some((rules) => rules.some((r) => r.pageWords));

/**
 * The pre-approvals of page view `pageViewId`; `context` reads the page context now. `first`: the
 * one the hello's answer brought (kept as if asked without the context); without it, call `ask`.
 */
export function firstApprovals(
  pageViewId: string,
  context: () => PageContext,
  onFailure: (error: unknown) => void,
  first?: PageApproval,
): FirstApprovals {
  /** With the page context it was asked with (as JSON; undefined when asked without one). */
  let approval: { value: PageApproval; context?: string } | undefined;
  // Counts the asks: an answer overtaken by a newer ask (it went stale meanwhile) is not kept.
  let asks = 0;
  let dropped = false;
  /** Keeps an answer to ask `asked` (made with the context `now`, if any). */
  const keep = (asked: number, value: PageApproval | null, now?: PageContext) => {
    if (!value || asked !== asks || dropped) return;
    approval = { value, ...(now ? { context: JSON.stringify(now) } : {}) };
    // Kept meanwhile: its rules decide, and words that read the page wait for the context.
    if (!now && readsPage(value)) request(asked, true);
  };
  const request = (asked: number, withContext: boolean) =>
    requestIdleCallback(
      () => {
        if (asked !== asks || dropped) return;
        const now = withContext ? context() : undefined;
        send('page/approval', { pageViewId, ...(now ? { context: now } : {}) }).then(
          (value) => keep(asked, value, now),
          onFailure,
        );
      },
      { timeout: 1000 },
    );
  if (first) keep(asks, first);
  return {
    ask() {
      approval = undefined;
      request(++asks, false);
    },
    drop() {
      dropped = true;
      approval = undefined;
    },
    guess(moment) {
      let guess: FirstPrediction | undefined;
      try {
        guess = approval && predictFirst(approval.value, moment);
      } catch (error) {
        onFailure(error); // the background decides alone, as without a pre-approval
      }
      if (!guess) return undefined;
      // Words that read the page only if they were worded with the page context the background
      // decides with (else the persona is typing, and the frame brings them).
      const { paint, pageWords, ...rest } = guess;
      const worded =
        !pageWords || (approval!.context !== undefined && JSON.stringify(moment.context) === approval!.context);
      return {
        ...rest,
        conversationId: approval!.value.conversationId,
        paint: worded ? paint : { ...paint, first: { ...paint.first, lines: [] } },
      };
    },
  };
}
