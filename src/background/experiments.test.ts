/**
 * A/B tests through the background's real paths on fake-indexeddb: the visitor's sticky variant is
 * shown, its exposure counts only once the overlay is seen (a hold-out's at the decision), and the
 * goals (a page visited, a click, a flow completed) are recorded once, after the exposure.
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hello, onSignal, recordGoalClick } from './page-views.ts';
import { attach, markShown, reply } from './conversations.ts';
import { experimentResults } from './experiments.ts';
import { db } from './store.ts';
import { assignVariant } from '../core/experiments/variant-assignment.ts';
import { RULE_VERSION, type Rule } from '../core/rules/rule-model.ts';

const ORIGIN = 'https://shop.example';
let tab = 0;

const RULE: Rule = {
  id: 'ab-welcome',
  version: RULE_VERSION,
  name: 'Welcome: greeter or pricing help',
  enabled: true,
  shadow: false,
  trigger: { signal: 'exit-intent' },
  conditions: [],
  variants: [
    { id: 'greet', flowId: 'greeter', weight: 1 },
    { id: 'price', flowId: 'pricing-help', weight: 1 },
  ],
  goals: [
    { id: 'thanks', kind: 'url', match: 'prefix', pattern: '/thanks', withinDays: 7 },
    { id: 'buy', kind: 'click', selector: '#buy', withinDays: 7 },
    { id: 'greeted', kind: 'flow-completed', flowId: 'greeter', withinDays: 7 },
  ],
  entry: 'panel',
  priority: 100,
  frequency: { every: 'page-view' },
};

/** The visitor id assigned to `variantId` by `rule` (assignment is a hash; this finds one). */
function visitorIn(rule: Rule, variantId: string): string {
  for (let i = 0; ; i++)
    if (assignVariant(`visitor-${i}`, rule.id, rule.variants!)?.id === variantId) return `visitor-${i}`;
}

async function pageView(path: string) {
  const tabId = ++tab;
  const id = crypto.randomUUID();
  const answer = await hello({ pageViewId: id, url: `${ORIGIN}${path}`, title: path }, tabId, ORIGIN);
  return { id, tabId, answer };
}

async function resultsOf(ruleId: string) {
  return (await experimentResults()).find((r) => r.ruleId === ruleId)!;
}

const counts = (r: Awaited<ReturnType<typeof resultsOf>>, goal: string) =>
  r.goals
    .find((g) => g.goal.id === goal)!
    .report.variants.map((v) => `${v.variantId}:${v.exposures}/${v.conversions}`)
    .join(' ');

beforeEach(async () => {
  const d = await db();
  await d.clear('experiments');
  await d.clear('rules');
  await d.delete('meta', 'lastShownByRule');
  await d.delete('meta', 'budget');
});

describe('an A/B rule in the extension', () => {
  test('shows the sticky variant; counts the exposure once seen; records each goal once', async () => {
    const d = await db();
    await d.put('rules', RULE);
    await d.put('meta', 1000 + tab, 'rulesVersion');
    await d.put('meta', visitorIn(RULE, 'greet'), 'visitorId');

    const first = await pageView('/');
    assert.equal(first.answer.goalClicks, undefined, 'not exposed yet: no click listener');
    const { show } = await onSignal(first.id, { type: 'exit-intent' }, undefined, first.tabId, ORIGIN);
    assert.ok(show);
    const conv = (await d.get('conversations', show.conversationId))!;
    assert.equal(conv.flowId, 'greeter');
    assert.equal(conv.variantId, 'greet');
    assert.equal(counts(await resultsOf(RULE.id), 'thanks'), 'greet:0/0 price:0/0', 'not seen yet: no exposure');

    await markShown(show.conversationId, first.tabId, ORIGIN, { ms: 0, while: [] });
    await markShown(show.conversationId, first.tabId, ORIGIN, { ms: 0, while: [] });
    assert.equal(counts(await resultsOf(RULE.id), 'thanks'), 'greet:1/0 price:0/0');

    // Sticky: the next page view shows the same variant.
    const again = await pageView('/shop/');
    assert.deepEqual(again.answer.goalClicks, ['#buy']);
    const second = await onSignal(again.id, { type: 'exit-intent' }, undefined, again.tabId, ORIGIN);
    assert.equal((await d.get('conversations', second.show!.conversationId))!.flowId, 'greeter');

    // The flow completed: a conversion of the "greeted" goal.
    const view = await attach(show.conversationId, { tabId: first.tabId, frameId: 0 });
    const at = { nodeId: 'ask', lines: view.transcript.length };
    await reply(show.conversationId, at, 'browse', { tabId: first.tabId, frameId: 0 });
    assert.equal(counts(await resultsOf(RULE.id), 'greeted'), 'greet:1/1 price:0/0');

    // A page view reaching the URL goal, then another: one conversion.
    await pageView('/thanks?order=1');
    await pageView('/thanks?order=2');
    const results = await resultsOf(RULE.id);
    assert.equal(counts(results, 'thanks'), 'greet:1/1 price:0/0');
    assert.equal((await d.get('experiments', RULE.id))!.actions.filter((a) => a.kind === 'page').length, 1);

    // A click on the goal's element, reported by the content script; then nobody listens any more.
    const shop = await pageView('/shop/trail-pack');
    await recordGoalClick(shop.id, '#buy', shop.tabId, ORIGIN);
    assert.equal(counts(await resultsOf(RULE.id), 'buy'), 'greet:1/1 price:0/0');
    assert.equal((await pageView('/shop/')).answer.goalClicks, undefined);
    await assert.rejects(recordGoalClick(shop.id, '#buy', shop.tabId + 1, ORIGIN), /req-page-view-unknown/);
  });

  test('a goal reached before the exposure does not count', async () => {
    const d = await db();
    await d.put('rules', RULE);
    await d.put('meta', 2000 + tab, 'rulesVersion');
    await d.put('meta', visitorIn(RULE, 'price'), 'visitorId');
    await pageView('/thanks');
    const p = await pageView('/');
    const { show } = await onSignal(p.id, { type: 'exit-intent' }, undefined, p.tabId, ORIGIN);
    await markShown(show!.conversationId, p.tabId, ORIGIN, { ms: 0, while: [] });
    assert.equal(counts(await resultsOf(RULE.id), 'thanks'), 'greet:0/0 price:1/0');
  });

  test('the hold-out shows nothing, counts its exposure at the decision, and the trace says so', async () => {
    const d = await db();
    const rule: Rule = {
      ...RULE,
      id: 'ab-holdout',
      variants: [
        { id: 'greet', flowId: 'greeter', weight: 1 },
        { id: 'none', flowId: null, weight: 1 },
      ],
    };
    await d.put('rules', rule);
    await d.put('meta', 3000 + tab, 'rulesVersion');
    await d.put('meta', visitorIn(rule, 'none'), 'visitorId');
    const p = await pageView('/');
    const { show } = await onSignal(p.id, { type: 'exit-intent' }, undefined, p.tabId, ORIGIN);
    assert.equal(show, null);
    assert.equal(counts(await resultsOf(rule.id), 'thanks'), 'greet:0/0 none:1/0');
    const trace = (await d.get('traces', p.tabId))!.records.at(-1)!;
    assert.deepEqual(trace.decision.heldOut, { ruleId: 'ab-holdout', variantId: 'none' });
    await pageView('/thanks');
    assert.equal(counts(await resultsOf(rule.id), 'thanks'), 'greet:0/0 none:1/1');
  });

  test("a hold-out takes its page view's turn: nothing else shows there, and no budget is spent", async () => {
    const d = await db();
    const rule: Rule = {
      ...RULE,
      id: 'ab-holdout-turn',
      frequency: { every: 'visitor' },
      variants: [
        { id: 'greet', flowId: 'greeter', weight: 1 },
        { id: 'none', flowId: null, weight: 1 },
      ],
    };
    // A rule of lower priority on the same trigger: what the hold-out visitor would otherwise get.
    const { variants: _variants, goals: _goals, ...plain } = RULE;
    const other: Rule = { ...plain, id: 'plain-greeter', flowId: 'greeter', priority: 10 };
    await d.put('rules', rule);
    await d.put('rules', other);
    await d.put('meta', 4000 + tab, 'rulesVersion');
    await d.put('meta', visitorIn(rule, 'none'), 'visitorId');
    const p = await pageView('/');
    assert.equal((await onSignal(p.id, { type: 'exit-intent' }, undefined, p.tabId, ORIGIN)).show, null);
    assert.equal((await d.get('pageViews', p.id))?.heldOutRuleId, rule.id);
    const again = await onSignal(p.id, { type: 'exit-intent' }, undefined, p.tabId, ORIGIN);
    assert.equal(again.show, null, "the lower rule does not show in the hold-out's page view");
    const trace = (await d.get('traces', p.tabId))!.records.at(-1)!;
    const onePerPage = trace.decision.policy.find((c) => c.label.code === 'check-one-per-page')!;
    assert.equal(onePerPage.passed, false);
    assert.equal(onePerPage.detail.code, 'seen-page-held-out');
    assert.equal(await d.get('meta', 'budget'), undefined, 'nothing seen: no budget spent');
    // The next page view is a new turn: the A/B rule waits for its frequency, the other rule shows.
    const next = await pageView('/shop/');
    assert.ok((await onSignal(next.id, { type: 'exit-intent' }, undefined, next.tabId, ORIGIN)).show);
  });
});
