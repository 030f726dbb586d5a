/**
 * The content script's side of the first decision (core/rules/first-decision.ts): it asks for its
 * page view's pre-approval once the page is armed and idle, asks again whenever the background says
 * it went stale, and at a signal decides with it. Shipped in `detectors.js`, which only armed pages
 * load, so the always-on script carries none of it.
 */
import { predictFirst, type FirstPrediction, type SignalMoment } from '../core/rules/first-decision.ts';
import type { FirstApproval } from '../core/rules/first-decision.ts';
import type { PageContext } from '../core/signals/signal-model.ts';
import { randomId } from '../shared/ids.ts';
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

/** The pre-approvals of page view `pageViewId`; `context` reads the page context now. */
export function firstApprovals(
  pageViewId: string,
  context: () => PageContext,
  onFailure: (error: unknown) => void,
): FirstApprovals {
  /** With the page context its first bubbles were worded with, and the id its conversation would take. */
  let approval: { value: FirstApproval; context: string; conversationId: string } | undefined;
  // Counts the asks: an answer overtaken by a newer ask (it went stale meanwhile) is not kept.
  let asks = 0;
  let dropped = false;
  return {
    ask() {
      const asked = ++asks;
      approval = undefined;
      requestIdleCallback(
        () => {
          if (asked !== asks || dropped) return;
          const now = context();
          send('page/approval', { pageViewId, context: now }).then((value) => {
            // The id is made here, off the trigger's path (a world's first `crypto` call costs ~1 ms).
            if (value && asked === asks && !dropped)
              approval = { value, context: JSON.stringify(now), conversationId: randomId() };
          }, onFailure);
        },
        { timeout: 1000 },
      );
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
      // Its words only if they were worded with the page context the background decides with
      // (else the persona is typing, and the frame brings them).
      const { paint } = guess;
      const worded = JSON.stringify(moment.context) === approval!.context;
      return {
        ...guess,
        conversationId: approval!.conversationId,
        paint: worded ? paint : { ...paint, first: { ...paint.first, lines: [] } },
      };
    },
  };
}
