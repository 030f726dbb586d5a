/**
 * Journey: two tabs of the demo shop, each with its pre-approval ("the exit question shows here").
 * The visitor leaves the first one and gets the exit question, which may show once a day: the
 * background tells the other tab its pre-approval is stale (`first/stale`, carrying that tab's
 * page view), the tab asks again, and at its own exit move it paints nothing it may no longer
 * show. Without the notice (or with one the tab ignores) it would paint the exit question at once
 * and the background would take it away (`firstPaint: { kept: false }` in its trace).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, exitIntent, tabIdOf, waitUntil, waitUntilSeen, watchApprovals } from '../harness/index.ts';
import { journey } from '../harness/journey.ts';
import type { DecisionRecord } from '../../src/shared/protocol.ts';

journey('first paint in two tabs', { optionsPage: true, freshTabs: true }, (ctx) => {
  test('the second tab is told its pre-approval is stale and does not paint what the first one took', async () => {
    // Each armed with its hello's answer, which brought its pre-approval (the second page of the
    // visit tells the first nothing: the visit count did not change).
    const first = await ctx.visit('/shop/trail-pack-28.html');
    const second = await ctx.visit('/shop/summit-40.html');
    const secondTab = await tabIdOf(ctx.options, second.url());
    const approvals = await watchApprovals(ctx.options, secondTab);

    await exitIntent(first);
    const overlay = await first.overlay();
    await overlay.waitFor('.reply[data-reply="not-found"]');
    const firstTrace = await ask<DecisionRecord[]>(ctx.options, 'trace/get', {
      tabId: await tabIdOf(ctx.options, first.url()),
    });
    assert.deepEqual(firstTrace.at(-1)?.firstPaint, { ruleId: 'exit-anywhere', kept: true });
    // The notice reaches the second tab, which asks again at its next idle moment and is answered.
    await waitUntilSeen(approvals, (seen) => seen.answers > 0, 10_000, 'the second tab told, and answered again');

    await exitIntent(second);
    // Its trace records a first paint with the decision, as the signal brings it.
    const decision = await waitUntil(
      async () => {
        const last = (await ask<DecisionRecord[]>(ctx.options, 'trace/get', { tabId: secondTab })).at(-1);
        return last?.signal.type === 'exit-intent' ? last : null;
      },
      10_000,
      'the exit move to reach the background',
    );
    assert.notEqual(decision.decision.show?.ruleId, 'exit-anywhere', 'once a day: not again');
    assert.ok(
      decision.firstPaint === undefined || decision.firstPaint.kept,
      `painted from a stale pre-approval: ${JSON.stringify(decision.firstPaint)}`,
    );
  });
});
