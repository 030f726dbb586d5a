/**
 * The background's decision transaction, on a real IndexedDB implementation (fake-indexeddb
 * follows the spec's transaction scheduling): page views deciding at the same moment never share
 * a slot, and the budget record stays exact.
 */
import 'fake-indexeddb/auto';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { firstApproval, hello, onSignal, readAheadHolds, tabDecisions } from './page-views.ts';
import { predictFirst } from '../core/rules/first-decision.ts';
import { RULE_VERSION } from '../core/rules/rule-model.ts';
import { markShown, withdraw, withdrawUnseenIn } from './conversations.ts';
import { db } from './store.ts';
import type { BudgetState } from '../core/rules/policy.ts';

const ORIGIN = 'https://shop.example';
let tab = 0;

async function pageView(path: string): Promise<{ id: string; tabId: number }> {
  const tabId = ++tab;
  const id = crypto.randomUUID();
  await hello({ pageViewId: id, url: `${ORIGIN}${path}`, title: path }, tabId, ORIGIN);
  return { id, tabId };
}

describe('a fresh install', () => {
  test('arms nothing on another site; the demo shop gets what its rules need', async () => {
    const news = await pageView('/2024/05/01/story.html');
    const demo = 'http://northwind.localhost:4180';
    const shop = { id: crypto.randomUUID(), tabId: ++tab };
    const answer = await hello({ pageViewId: shop.id, url: `${demo}/`, title: 'Home' }, shop.tabId, demo);
    const d = await db();
    assert.deepEqual((await d.get('pageViews', news.id))?.armed, []);
    assert.deepEqual((await d.get('pageViews', shop.id))?.armed, ['exit-intent', 'dwell']);
    assert.equal(answer.plan.exitIntent, true);
    assert.equal((await onSignal(news.id, { type: 'exit-intent' }, undefined, news.tabId, ORIGIN)).show, null);
  });

  test("the plan carries the settings' hold limit, in ms (30 s by default)", async () => {
    const demo = 'http://northwind.localhost:4180';
    const ask = async () =>
      (await hello({ pageViewId: crypto.randomUUID(), url: `${demo}/`, title: 'Home' }, ++tab, demo)).plan.holdMs;
    assert.equal(await ask(), 30_000);
    const d = await db();
    const policy = await d.get('settings', 'policy');
    await d.put('settings', { ...policy, maxHoldSeconds: 4 } as never, 'policy');
    assert.equal(await ask(), 4_000);
    if (policy) await d.put('settings', policy, 'policy');
    else await d.delete('settings', 'policy');
  });
});

describe('a hello said after the page view began', () => {
  test('dates the page view back by its age (the content script says hello when the visitor shows up)', async () => {
    const id = crypto.randomUUID();
    const before = Date.now();
    await hello({ pageViewId: id, url: `${ORIGIN}/late`, title: 'Late', age: 4000, present: true }, ++tab, ORIGIN);
    const d = await db();
    const startedAt = (await d.get('pageViews', id))!.startedAt;
    assert.ok(startedAt >= before - 4000 && startedAt <= Date.now() - 4000, `${startedAt} is 4 s before the hello`);
    // The same page view again (a changed plan, the hello at the visitor's arrival after a
    // fallback one): its start is kept.
    await hello({ pageViewId: id, url: `${ORIGIN}/late`, title: 'Late', age: 9000 }, tab, ORIGIN);
    assert.equal((await d.get('pageViews', id))!.startedAt, startedAt);
  });
});

describe('decisions taken at the same moment', () => {
  test('two tabs, one slot left: exactly one shows, and the budget is exact', async () => {
    const d = await db();
    // The shipped exit rule is for the demo shop only; here it is the marketer's rule for any site.
    const exit = (await d.get('rules', 'exit-anywhere'))!;
    await d.put('rules', { ...exit, conditions: [] });
    await d.put('meta', 98, 'rulesVersion');
    await d.put(
      'settings',
      { ...(await d.get('settings', 'policy')), maxPerSitePerDay: 1, maxPerDay: 10 } as never,
      'policy',
    );
    const [a, b] = await Promise.all([pageView('/a'), pageView('/b')]);
    const results = await Promise.all(
      [a, b].map((p) => onSignal(p.id, { type: 'exit-intent' }, undefined, p.tabId, ORIGIN)),
    );
    assert.equal(results.filter((r) => r.show).length, 1);
    const budget = (await d.get('meta', 'budget')) as BudgetState;
    assert.equal(budget.bySite[ORIGIN], 1);
    assert.equal(budget.total, 1);
  });

  test('ten page views at once with a budget of three (daily cap overall): three show', async () => {
    const d = await db();
    await d.clear('meta');
    await d.put(
      'settings',
      { ...(await d.get('settings', 'policy')), maxPerSitePerDay: 100, maxPerDay: 3 } as never,
      'policy',
    );
    // The exit rule may show once per page view here, so only the budget limits.
    const rule = (await d.get('rules', 'exit-anywhere'))!;
    await d.put('rules', { ...rule, conditions: [], frequency: { every: 'page-view' } });
    await d.put('meta', 99, 'rulesVersion');
    const views = await Promise.all(Array.from({ length: 10 }, (_, i) => pageView(`/p${i}`)));
    const results = await Promise.all(
      views.map((p) => onSignal(p.id, { type: 'exit-intent' }, undefined, p.tabId, ORIGIN)),
    );
    assert.equal(results.filter((r) => r.show).length, 3);
    assert.equal(((await d.get('meta', 'budget')) as BudgetState).total, 3);
    const shownEvents = async () =>
      (await d.getAll('events')).filter((e) => e.type === 'shown' && e.path.startsWith('/p')).length;
    // Reserved, not shown yet: 'shown' is recorded once each overlay became visible.
    assert.equal(await shownEvents(), 0);
    for (const [i, r] of results.entries())
      if (r.show) await markShown(r.show.conversationId, views[i]!.tabId, ORIGIN, { ms: 0, while: [] });
    assert.equal(await shownEvents(), 3);
  });

  test('a signal from a page view of another tab is refused', async () => {
    const p = await pageView('/mine');
    await assert.rejects(
      onSignal(p.id, { type: 'exit-intent' }, undefined, p.tabId + 1000, ORIGIN),
      /req-page-view-unknown/,
    );
  });
});

describe("a page view's decision inputs, read ahead after its hello", () => {
  /** The exit question on every page view of any site, a budget that does not limit. */
  async function exitEverywhere(): Promise<void> {
    const d = await db();
    await d.clear('meta');
    await d.put(
      'settings',
      { ...(await d.get('settings', 'policy')), maxPerSitePerDay: 100, maxPerDay: 100 } as never,
      'policy',
    );
    const rule = (await d.get('rules', 'exit-anywhere'))!;
    await d.put('rules', { ...rule, conditions: [], frequency: { every: 'page-view' } });
    await d.put('meta', 200, 'rulesVersion');
  }
  /** A page view whose inputs were read ahead (2 s at most). */
  async function readAhead(path: string): Promise<{ id: string; tabId: number }> {
    const p = await pageView(path);
    const until = Date.now() + 2000;
    while (!readAheadHolds(p.id)) {
      assert.ok(Date.now() < until, 'the inputs were read ahead');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return p;
  }

  test('decide the first signal as a read would, and are used once', async () => {
    await exitEverywhere();
    const p = await readAhead('/ahead');
    const { show } = await onSignal(p.id, { type: 'exit-intent' }, undefined, p.tabId, ORIGIN);
    assert.ok(show, 'shown');
    assert.equal(readAheadHolds(p.id), false, 'taken by the decision');
    const d = await db();
    assert.equal((await d.get('pageViews', p.id))?.shownConversationId, show.conversationId);
    assert.equal(((await d.get('meta', 'budget')) as BudgetState).bySite[ORIGIN], 1);
    assert.equal((await d.get('traces', p.tabId))?.records.length, 1);
  });

  test('are not used once anything was written since: a site turned off, a slot another tab took', async () => {
    await exitEverywhere();
    const d = await db();
    const off = await readAhead('/turned-off');
    await d.put('sites', { ...(await d.get('sites', ORIGIN))!, enabled: false });
    assert.equal(readAheadHolds(off.id), false);
    assert.equal((await onSignal(off.id, { type: 'exit-intent' }, undefined, off.tabId, ORIGIN)).show, null);
    await d.put('sites', { ...(await d.get('sites', ORIGIN))!, enabled: true });

    await d.put('settings', { ...(await d.get('settings', 'policy')), maxPerSitePerDay: 1 } as never, 'policy');
    const [mine, other] = [await readAhead('/mine'), await readAhead('/other')];
    assert.ok((await onSignal(other.id, { type: 'exit-intent' }, undefined, other.tabId, ORIGIN)).show);
    assert.equal(readAheadHolds(mine.id), false, "the other tab's decision wrote");
    assert.equal((await onSignal(mine.id, { type: 'exit-intent' }, undefined, mine.tabId, ORIGIN)).show, null);
    assert.equal(((await d.get('meta', 'budget')) as BudgetState).bySite[ORIGIN], 1);
  });
});

describe('a decision that fails', () => {
  test('commits nothing: no trace, no event, no budget, no mark on the page view', async () => {
    const d = await db();
    await d.clear('meta');
    await d.put(
      'settings',
      { ...(await d.get('settings', 'policy')), maxPerSitePerDay: 100, maxPerDay: 100 } as never,
      'policy',
    );
    // A flow whose conditions send each other back, as a Tact without the loop check could store it.
    const base = (await d.get('flows', 'exit-offer'))!;
    await d.put('flows', {
      ...base,
      id: 'spinning',
      start: 'a',
      nodes: {
        a: { type: 'condition', branches: [{ when: [{ kind: 'score', min: 1 }], next: 'bye' }], otherwise: 'b' },
        b: { type: 'condition', branches: [{ when: [{ kind: 'score', min: 1 }], next: 'bye' }], otherwise: 'a' },
        bye: { type: 'end', text: 'Bye' },
      },
    });
    const rule = (await d.get('rules', 'exit-anywhere'))!;
    await d.put('rules', {
      ...rule,
      id: 'spin-anywhere',
      flowId: 'spinning',
      conditions: [],
      priority: 1000,
      frequency: { every: 'page-view' },
    });
    // A shadow rule too, whose "would have shown" writes the page view and the rule's last time.
    await d.put('rules', { ...rule, id: 'shadow-anywhere', conditions: [], shadow: true, priority: 999 });
    await d.put('meta', 100, 'rulesVersion');
    const p = await pageView('/spin');
    const viewBefore = await d.get('pageViews', p.id);
    const eventsBefore = await d.count('events');
    await assert.rejects(onSignal(p.id, { type: 'exit-intent' }, undefined, p.tabId, ORIGIN), /broken/);
    assert.equal(await d.get('traces', p.tabId), undefined, 'no trace of the failed decision');
    assert.equal(await d.count('events'), eventsBefore, 'no event');
    assert.equal(await d.get('meta', 'budget'), undefined, 'no budget spent');
    assert.equal(await d.get('meta', 'lastShownByRule'), undefined, 'no frequency record');
    assert.deepEqual(await d.get('pageViews', p.id), viewBefore, 'the page view is as it was');
    const conversations = await d.getAll('conversations');
    assert.equal(conversations.filter((c) => c.pageViewId === p.id).length, 0);
  });
});

describe('counted as shown only once it was visible', () => {
  /** A marketer's exit rule for any site, a panel, once every 7 days; budget 2 per site. */
  async function setUp(): Promise<void> {
    const d = await db();
    await d.clear('meta');
    const exit = (await d.get('rules', 'exit-anywhere'))!;
    // Only this rule (earlier tests leave theirs, e.g. one whose flow breaks at its start).
    await d.clear('rules');
    await d.put('rules', { ...exit, conditions: [], entry: 'panel', frequency: { every: 'days', days: 7 } });
    await d.put('meta', 97, 'rulesVersion');
    await d.put(
      'settings',
      { ...(await d.get('settings', 'policy')), maxPerSitePerDay: 2, maxPerDay: 10 } as never,
      'policy',
    );
  }
  const events = async (conversationId: string) =>
    (await (await db()).getAll('events')).filter((e) => e.conversationId === conversationId).map((e) => e.type);

  test('visible: shown and opened recorded then, the hold in the trace; the budget was spent at the decision', async () => {
    await setUp();
    const d = await db();
    const p = await pageView('/seen');
    const { show } = await onSignal(p.id, { type: 'exit-intent' }, undefined, p.tabId, ORIGIN);
    assert.ok(show);
    assert.deepEqual(await events(show.conversationId), []);
    assert.equal(((await d.get('meta', 'budget')) as BudgetState).bySite[ORIGIN], 1);
    const held = { ms: 1200, while: ['selecting' as const], hidden: false };
    await markShown(show.conversationId, p.tabId + 1, ORIGIN, held); // another tab: ignored
    assert.deepEqual(await events(show.conversationId), []);
    await markShown(show.conversationId, p.tabId, ORIGIN, held);
    await markShown(show.conversationId, p.tabId, ORIGIN, held); // once only
    assert.deepEqual(await events(show.conversationId), ['shown', 'opened']);
    assert.equal((await d.get('conversations', show.conversationId))?.unseen, undefined);
    const record = (await d.get('traces', p.tabId))!.records.at(-1)!;
    assert.deepEqual(record.overlay, { restored: 0, held });
  });

  test('never visible (the visitor switched tabs, or stayed busy): not counted, budget and frequency given back', async () => {
    await setUp();
    const d = await db();
    const p = await pageView('/unseen');
    const { show } = await onSignal(p.id, { type: 'exit-intent' }, undefined, p.tabId, ORIGIN);
    assert.ok(show);
    const held = { ms: 30_000, while: [], hidden: true };
    await withdraw(show.conversationId, p.tabId, ORIGIN, held);
    assert.deepEqual(await events(show.conversationId), []);
    assert.equal(await d.get('conversations', show.conversationId), undefined);
    assert.equal(((await d.get('meta', 'budget')) as BudgetState).bySite[ORIGIN], 0);
    const lastShown = (await d.get('meta', 'lastShownByRule')) as Record<string, number>;
    assert.equal(lastShown['exit-anywhere'], undefined);
    const record = (await d.get('traces', p.tabId))!.records.at(-1)!;
    assert.deepEqual(record.overlay, { restored: 0, held, withdrawn: true });
    // The page view may show something again: the once-every-7-days rule fires once more.
    const again = await onSignal(p.id, { type: 'exit-intent' }, undefined, p.tabId, ORIGIN);
    assert.ok(again.show);
  });

  test('the tab closed (or the browser restarted) while held: withdrawn, budget back; seen ones and other tabs stay', async () => {
    await setUp();
    const d = await db();
    // Three page views of one site, each showing: once per page view, room for three.
    const exit = (await d.get('rules', 'exit-anywhere'))!;
    await d.put('rules', { ...exit, frequency: { every: 'page-view' } });
    await d.put('meta', 96, 'rulesVersion');
    await d.put('settings', { ...(await d.get('settings', 'policy')), maxPerSitePerDay: 10 } as never, 'policy');
    const [closing, other, seen] = await Promise.all([pageView('/closing'), pageView('/other'), pageView('/seen-2')]);
    const started = [];
    for (const p of [closing, other, seen]) {
      const { show } = await onSignal(p.id, { type: 'exit-intent' }, undefined, p.tabId, ORIGIN);
      assert.ok(show);
      started.push(show.conversationId);
    }
    const [closingId, otherId, seenId] = started as [string, string, string];
    await markShown(seenId, seen.tabId, ORIGIN, { ms: 0, while: [] });
    assert.equal(((await d.get('meta', 'budget')) as BudgetState).bySite[ORIGIN], 3);

    assert.equal(await withdrawUnseenIn(closing.tabId), 1);
    assert.equal(await d.get('conversations', closingId), undefined);
    assert.ok(await d.get('conversations', otherId), "another tab's held overlay stays");
    assert.equal(((await d.get('meta', 'budget')) as BudgetState).bySite[ORIGIN], 2);
    const record = (await d.get('traces', closing.tabId))!.records.at(-1)!;
    assert.equal(record.overlay?.withdrawn, true);
    assert.equal(record.overlay?.tabClosed, true);
    assert.deepEqual(await events(closingId), []);

    assert.equal(await withdrawUnseenIn(seen.tabId), 0, 'a conversation already seen follows the visitor');
    // A restart: every held one (earlier tests here left some of their own too).
    const held = (await d.getAll('conversations')).filter((c) => c.unseen && c.status === 'active').length;
    assert.ok(held >= 1);
    assert.equal(await withdrawUnseenIn('every-tab'), held);
    assert.deepEqual(
      (await d.getAll('conversations')).filter((c) => c.unseen),
      [],
    );
    assert.equal(await d.get('conversations', otherId), undefined);
    assert.ok(await d.get('conversations', seenId));
  });

  test("a flow's opening tags reach the visitor's profile only once it was seen", async () => {
    await setUp();
    const d = await db();
    const exit = (await d.get('rules', 'exit-anywhere'))!;
    const flow = (await d.get('flows', exit.flowId!))!;
    await d.put('flows', {
      ...flow,
      id: 'tags-at-start',
      start: 'tag',
      nodes: { ...flow.nodes, tag: { type: 'action', action: { kind: 'tag', tags: ['met-tact'] }, next: flow.start } },
    });
    await d.put('rules', { ...exit, flowId: 'tags-at-start', frequency: { every: 'page-view' } });
    await d.put('meta', 95, 'rulesVersion');
    await d.put('settings', { ...(await d.get('settings', 'policy')), maxPerSitePerDay: 10 } as never, 'policy');
    await d.put('profile', { tags: [] }, 'visitor');
    const tags = async () => (await d.get('profile', 'visitor'))?.tags ?? [];

    const never = await pageView('/tags-never');
    const first = await onSignal(never.id, { type: 'exit-intent' }, undefined, never.tabId, ORIGIN);
    assert.ok(first.show);
    assert.deepEqual(await tags(), [], 'not at the decision');
    await withdraw(first.show.conversationId, never.tabId, ORIGIN, { ms: 30_000, while: [], hidden: true });
    assert.deepEqual(await tags(), [], 'never, when withdrawn');

    const seen = await pageView('/tags-seen');
    const second = await onSignal(seen.id, { type: 'exit-intent' }, undefined, seen.tabId, ORIGIN);
    assert.ok(second.show);
    await markShown(second.show.conversationId, seen.tabId, ORIGIN, { ms: 0, while: [] });
    assert.deepEqual(await tags(), ['met-tact'], 'once seen');
  });
});

describe('the page context, read by the content script for the first signal (not at hello)', () => {
  test('hello keeps the title only; the first signal brings the rest, which decides and stays', async () => {
    const d = await db();
    await d.clear('meta');
    const exit = (await d.get('rules', 'exit-anywhere'))!;
    await d.clear('rules');
    // Shown only on a product page priced 100 or more: the price comes from the page context.
    await d.put('rules', {
      ...exit,
      conditions: [{ kind: 'price', min: 100 }],
      frequency: { every: 'page-view' },
    });
    await d.put('meta', 94, 'rulesVersion');
    await d.put('settings', { ...(await d.get('settings', 'policy')), maxPerSitePerDay: 10 } as never, 'policy');
    const p = await pageView('/trail-pack');
    assert.deepEqual((await d.get('pageViews', p.id))?.context, { title: '/trail-pack' });

    const unknownPrice = await onSignal(p.id, { type: 'exit-intent' }, undefined, p.tabId, ORIGIN);
    assert.equal(unknownPrice.show, null, 'no price known without the context');
    const context = { lang: 'en', product: { name: 'Trail Pack 28', price: 129, currency: 'EUR' } };
    const priced = await onSignal(p.id, { type: 'exit-intent' }, undefined, p.tabId, ORIGIN, undefined, context);
    assert.ok(priced.show, 'the price the first signal brought decides');
    assert.deepEqual((await d.get('pageViews', p.id))?.context, { title: '/trail-pack', ...context });
    const conversation = await d.get('conversations', priced.show.conversationId);
    assert.equal(conversation?.scope?.page?.product?.name, 'Trail Pack 28');
  });
});

describe('the "why" of a tab: decisions traced briefly, read whole', () => {
  test('the popup reads every rule that could fire, as if traced at the decision; after a rules change, the brief trace', async () => {
    const d = await db();
    await d.clear('meta');
    const exit = (await d.get('rules', 'exit-anywhere'))!;
    await d.clear('rules');
    // The winner, a rule it outranks, one whose condition fails, and a shadow rule.
    const base = { ...exit, conditions: [], frequency: { every: 'page-view' as const } };
    await d.put('rules', { ...base, id: 'top', name: 'Top', priority: 5 });
    await d.put('rules', { ...base, id: 'low', name: 'Low', priority: 1 });
    await d.put('rules', {
      ...base,
      id: 'tagged',
      name: 'Tagged',
      priority: 9,
      conditions: [{ kind: 'visitor-tag', tag: 'vip', present: true }],
    });
    await d.put('rules', { ...base, id: 'quiet', name: 'Quiet', shadow: true });
    await d.put('meta', 500, 'rulesVersion');
    const p = await pageView('/why');
    const { show } = await onSignal(p.id, { type: 'exit-intent' }, undefined, p.tabId, ORIGIN);
    assert.ok(show);

    const stored = (await d.get('traces', p.tabId))!.records.at(-1)!;
    assert.deepEqual(
      stored.decision.rules.map((r) => [r.ruleId, r.outcome]),
      [['top', 'fired']],
      'only the deciding rule is traced at the decision',
    );
    assert.equal(stored.decision.brief?.candidates, 4);
    const conversation = (await d.get('conversations', show.conversationId))!;
    assert.equal(conversation.why?.replay, undefined, 'the conversation keeps no replay');
    assert.deepEqual(conversation.why?.decision.rules, stored.decision.rules);

    const [read] = (await tabDecisions(p.tabId)).slice(-1);
    assert.deepEqual(
      read!.decision.rules.map((r) => [r.ruleId, r.outcome]),
      // The rules' order (the store's, by id).
      [
        ['low', 'outranked'],
        ['quiet', 'shadow'],
        ['tagged', 'conditions-failed'],
        ['top', 'fired'],
      ],
    );
    assert.equal(read!.decision.brief, undefined);
    assert.equal(read!.replay, undefined, 'the replay is not sent to pages');
    assert.deepEqual(read!.decision.show, stored.decision.show);
    assert.deepEqual(read!.decision.rules[3], stored.decision.rules[0]);

    // The rules change: the decision can no longer be traced whole with the rules it was taken with.
    await d.put('meta', 501, 'rulesVersion');
    const [after] = (await tabDecisions(p.tabId)).slice(-1);
    assert.deepEqual(after!.decision.rules, stored.decision.rules);
    assert.equal(after!.decision.brief?.candidates, 4);
    assert.equal(after!.replay, undefined);
  });
});

describe('a first decision taken by the content script with its pre-approval', () => {
  const EXIT = { type: 'exit-intent' } as const;
  const QUIET = { typing: false, selecting: false, scrollingFast: false, media: false, fullscreen: false };
  /** The exit question on every page view of any site, at most `perSite` a day. */
  async function exitEverywhere(perSite: number): Promise<void> {
    const d = await db();
    await d.clear('meta');
    await d.put(
      'settings',
      { ...(await d.get('settings', 'policy')), maxPerSitePerDay: perSite, maxPerDay: 100 } as never,
      'policy',
    );
    const [flow] = await d.getAll('flows');
    await d.clear('rules');
    await d.put('rules', {
      version: RULE_VERSION,
      id: 'exit-first',
      name: 'Exit, painted at once',
      enabled: true,
      shadow: false,
      trigger: { signal: 'exit-intent' },
      conditions: [],
      flowId: flow!.id,
      entry: 'panel',
      priority: 0,
      frequency: { every: 'page-view' },
    });
    await d.put('meta', 700 + perSite, 'rulesVersion');
  }
  /** What the content script paints at the exit move, and the id it proposes. */
  async function guessAt(p: { id: string; tabId: number }) {
    const approval = (await firstApproval(p.id, p.tabId, ORIGIN, { lang: 'en', title: 'Shop' }))!;
    const guess = predictFirst(JSON.parse(JSON.stringify(approval)) as typeof approval, {
      now: Date.now(),
      signal: EXIT,
      quiet: QUIET,
    });
    return guess && { ruleId: guess.ruleId, flowId: guess.flowId, conversationId: approval.conversationId, guess };
  }

  test('the background decides the same: the conversation takes the id the page proposed', async () => {
    await exitEverywhere(100);
    const p = await pageView('/first');
    const predicted = await guessAt(p);
    assert.ok(predicted, 'painted at the trigger');
    assert.equal(predicted.guess.paint.first.words.via, 'via Tact');
    const { show } = await onSignal(p.id, EXIT, QUIET, p.tabId, ORIGIN, undefined, undefined, {
      ruleId: predicted.ruleId,
      flowId: predicted.flowId,
      conversationId: predicted.conversationId,
    });
    assert.equal(show?.conversationId, predicted.conversationId);
    assert.deepEqual(show?.first.lines, predicted.guess.paint.first.lines, 'the same words');
    const [record] = (await tabDecisions(p.tabId)).slice(-1);
    assert.deepEqual(record!.firstPaint, { ruleId: predicted.ruleId, kept: true });
  });

  test('one slot left, two tabs painted at once: the second is refused, its bubble goes, the trace says so', async () => {
    await exitEverywhere(1);
    const [a, b] = [await pageView('/a1'), await pageView('/b1')];
    const [pa, pb] = [await guessAt(a), await guessAt(b)];
    assert.ok(pa && pb, 'both pre-approvals say "show"');
    const first = await onSignal(a.id, EXIT, QUIET, a.tabId, ORIGIN, undefined, undefined, pa);
    assert.equal(first.show?.conversationId, pa.conversationId);
    const second = await onSignal(b.id, EXIT, QUIET, b.tabId, ORIGIN, undefined, undefined, pb);
    assert.equal(second.show, null, 'the budget stays exact');
    const [record] = (await tabDecisions(b.tabId)).slice(-1);
    assert.deepEqual(record!.firstPaint, { ruleId: pb.ruleId, kept: false });
    // Told it is stale, the tab asks again: its new pre-approval paints nothing.
    const c = await pageView('/c1');
    assert.equal(await guessAt(c), undefined);
    assert.equal(((await (await db()).get('meta', 'budget')) as BudgetState).bySite[ORIGIN], 1);
  });

  test('asked without the page context, only words that read it are marked (and worded with it when it comes)', async () => {
    await exitEverywhere(100);
    const p = await pageView('/asked-bare');
    const bare = (await firstApproval(p.id, p.tabId, ORIGIN, undefined))!;
    assert.equal(bare.triggers['exit-intent']?.[0]?.pageWords, undefined, "the exit question's words read no page");
    assert.ok(bare.triggers['exit-intent']?.[0]?.paint?.first.lines.length, 'and are painted');

    const d = await db();
    const [flow] = await d.getAll('flows');
    await d.put('flows', {
      ...flow!,
      start: 'hello',
      nodes: {
        ...flow!.nodes,
        hello: { type: 'message', text: 'About {{page.product.name|this}}?', next: flow!.start },
      },
    });
    await d.put('meta', 799, 'rulesVersion');
    const q = await pageView('/asked-again');
    const unworded = (await firstApproval(q.id, q.tabId, ORIGIN, undefined))!;
    assert.equal(unworded.triggers['exit-intent']?.[0]?.pageWords, true);
    const worded = (await firstApproval(q.id, q.tabId, ORIGIN, { product: { name: 'Trail pack' } }))!;
    assert.equal(worded.triggers['exit-intent']?.[0]?.pageWords, true);
    assert.equal(worded.triggers['exit-intent']?.[0]?.paint?.first.lines[0], 'About Trail pack?');
  });

  test('an id the page proposes that a conversation already has is not taken', async () => {
    await exitEverywhere(100);
    const a = await pageView('/dup-a');
    const pa = (await guessAt(a))!;
    await onSignal(a.id, EXIT, QUIET, a.tabId, ORIGIN, undefined, undefined, pa);
    const b = await pageView('/dup-b');
    const pb = (await guessAt(b))!;
    const { show } = await onSignal(b.id, EXIT, QUIET, b.tabId, ORIGIN, undefined, undefined, {
      ...pb,
      conversationId: pa.conversationId,
    });
    assert.ok(show && show.conversationId !== pa.conversationId);
    assert.equal((await (await db()).get('conversations', pa.conversationId))?.pageViewId, a.id);
  });
});
