/**
 * The options workspace's multi-store operations on fake-indexeddb: deleting a flow takes its
 * rules with it and undo puts back exactly that; deleting a rule (or its flow) takes its A/B
 * experiment log with it in the same transaction, and undo brings the log back; a restore that cannot be whole changes nothing;
 * clearing data deletes what Tact learnt and keeps flows, rules, settings and sites turned off.
 */
import 'fake-indexeddb/auto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendEvents, openTactDB } from './store.ts';
import { RequestError } from './request-error.ts';
import {
  clearVisitorData,
  deleteFlow,
  deleteRule,
  listSites,
  restoreItems,
  storePack,
  undoPack,
} from './workspace-data.ts';
import { RULE_VERSION, type Rule } from '../core/rules/rule-model.ts';
import type { ExperimentLog } from '../core/experiments/experiment-log.ts';
import { checkPack } from '../core/flows/flow-pack.ts';
import { DEFAULT_FLOWS, DEFAULT_RULES } from '../core/flows/default-pack.ts';
import { WHOLE_FILE } from '../core/validation/checks.ts';

let seq = 0;
const open = () => openTactDB(`tact-ws-test-${process.pid}-${++seq}`);

test('deleting a flow removes the rules that start it; restoring puts back exactly that', async () => {
  const d = await open();
  const flowId = DEFAULT_RULES[0]!.flowId!;
  const before = { flows: await d.getAll('flows'), rules: await d.getAll('rules') };
  const version = ((await d.get('meta', 'rulesVersion')) as number | undefined) ?? 0;
  const removed = await deleteFlow(d, flowId);
  assert.equal(removed.flow?.id, flowId);
  assert.ok(removed.rules.length >= 1);
  assert.ok(removed.rules.every((r) => r.flowId === flowId));
  assert.equal(await d.get('flows', flowId), undefined);
  assert.ok((await d.getAll('rules')).every((r) => r.flowId !== flowId));
  assert.ok(((await d.get('meta', 'rulesVersion')) as number) > version, 'the rule index is rebuilt');

  assert.deepEqual(await restoreItems(d, [removed.flow], removed.rules), { flows: 1, rules: removed.rules.length });
  const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
  assert.deepEqual(byId(await d.getAll('flows')), byId(before.flows));
  assert.deepEqual(byId(await d.getAll('rules')), byId(before.rules));
  d.close();
});

test('deleting an unknown flow removes nothing', async () => {
  const d = await open();
  const count = await d.count('rules');
  assert.deepEqual(await deleteFlow(d, 'no-such-flow'), { flow: null, rules: [], experiments: [] });
  assert.equal(await d.count('rules'), count);
  d.close();
});

/** An A/B rule between two of the default flows, and a log of its exposures and one goal reached. */
function abTest(id: string, flowIds: [string, string]): { rule: Rule; log: ExperimentLog } {
  const rule: Rule = {
    id,
    version: RULE_VERSION,
    name: `A/B ${id}`,
    enabled: true,
    shadow: false,
    trigger: { signal: 'exit-intent' },
    conditions: [],
    variants: [
      { id: 'a', flowId: flowIds[0], weight: 1 },
      { id: 'b', flowId: flowIds[1], weight: 1 },
    ],
    goals: [{ id: 'thanks', kind: 'url', match: 'prefix', pattern: '/thanks', withinDays: 7 }],
    entry: 'panel',
    priority: 10,
    frequency: { every: 'page-view' },
  };
  const log: ExperimentLog = {
    ruleId: id,
    exposures: [
      { visitorId: 'v-1', variantId: 'a', at: 1_000 },
      { visitorId: 'v-2', variantId: 'b', at: 2_000 },
    ],
    actions: [{ kind: 'page', at: 3_000, url: 'https://shop.example/thanks', visitorId: 'v-1' }],
  };
  return { rule, log };
}

test("deleting an A/B rule deletes its experiment log at once, another test's stays; undo brings both back", async () => {
  const d = await open();
  const [f1, f2, f3] = DEFAULT_FLOWS.map((f) => f.id);
  const gone = abTest('ab-gone', [f1!, f2!]);
  const kept = abTest('ab-kept', [f2!, f3!]);
  for (const t of [gone, kept]) {
    await d.put('rules', t.rule);
    await d.put('experiments', t.log);
  }
  const removed = await deleteRule(d, 'ab-gone');
  assert.deepEqual(removed, { rule: gone.rule, experiments: [gone.log] });
  assert.equal(await d.get('rules', 'ab-gone'), undefined);
  assert.equal(await d.get('experiments', 'ab-gone'), undefined, 'the log goes with its rule, not at retention');
  assert.deepEqual(await d.get('experiments', 'ab-kept'), kept.log);

  // Undo: the rule and its log, exactly as they were.
  assert.deepEqual(await restoreItems(d, [], [removed.rule], removed.experiments), { flows: 0, rules: 1 });
  assert.deepEqual(await d.get('rules', 'ab-gone'), gone.rule);
  assert.deepEqual(await d.get('experiments', 'ab-gone'), gone.log);

  // A rule without a test has no log; an unknown rule removes nothing.
  assert.deepEqual((await deleteRule(d, DEFAULT_RULES[0]!.id)).experiments, []);
  assert.deepEqual(await deleteRule(d, 'no-such-rule'), { rule: null, experiments: [] });
  d.close();
});

test('deleting a flow deletes the experiment logs of the A/B rules it was an arm of; undo brings them back', async () => {
  const d = await open();
  const [f1, f2] = DEFAULT_FLOWS.map((f) => f.id);
  const test1 = abTest('ab-arm', [f1!, f2!]);
  await d.put('rules', test1.rule);
  await d.put('experiments', test1.log);
  const removed = await deleteFlow(d, f2!);
  assert.ok(removed.rules.some((r) => r.id === 'ab-arm'));
  assert.deepEqual(removed.experiments, [test1.log]);
  assert.equal(await d.get('experiments', 'ab-arm'), undefined);
  await restoreItems(d, [removed.flow], removed.rules, removed.experiments);
  assert.deepEqual(await d.get('experiments', 'ab-arm'), test1.log);
  d.close();
});

test('a log sent back without its rule restores nothing', async () => {
  const d = await open();
  const [f1, f2] = DEFAULT_FLOWS.map((f) => f.id);
  const stray = abTest('ab-stray', [f1!, f2!]);
  await assert.rejects(
    restoreItems(d, [], [], [stray.log]),
    (e: RequestError) => e.reason.code === 'req-nothing-restored' && e.problems?.[0]?.path === 'experiments[0].ruleId',
  );
  assert.equal(await d.get('experiments', 'ab-stray'), undefined);
  d.close();
});

test('a restore with an invalid item or a taken id writes nothing and names the problem', async () => {
  const d = await open();
  const flow = { ...DEFAULT_FLOWS[0]!, id: 'restored-flow' };
  const broken = { ...DEFAULT_RULES[0]!, id: 'restored-rule', flowId: 'restored-flow', priority: 'high' };
  await assert.rejects(
    restoreItems(d, [flow], [broken]),
    (e: RequestError) => e.reason.code === 'req-nothing-restored' && e.problems?.[0]?.path === 'rules[0].priority',
  );
  assert.equal(await d.get('flows', 'restored-flow'), undefined);
  await assert.rejects(
    restoreItems(d, [DEFAULT_FLOWS[0]!], []),
    (e: RequestError) =>
      e.reason.code === 'req-nothing-restored' && e.problems?.[0]?.reason?.code === 'req-exists-again',
  );
  await assert.rejects(
    restoreItems(d, [], [{ ...DEFAULT_RULES[0]!, id: 'orphan', flowId: 'gone' }]),
    (e: RequestError) => e.problems?.[0]?.reason?.code === 'v-no-such-flow',
  );
  assert.equal(await d.get('rules', 'orphan'), undefined);
  d.close();
});

test('clearing data deletes what Tact learnt, keeps flows, rules, settings and sites turned off', async () => {
  const d = await open();
  const flowId = DEFAULT_FLOWS[0]!.id;
  const base = { conversationId: 'c1', flowId, ruleId: 'r', origin: 'https://a.example', path: '/' };
  const tx = d.transaction(['events', 'rollups'], 'readwrite');
  await appendEvents(tx, [
    { ...base, at: Date.now(), type: 'shown' },
    { ...base, at: Date.now(), type: 'answered', nodeId: 'ask', replyId: 'x', label: 'X' },
  ]);
  await tx.done;
  await d.put('profile', { tags: ['searching'], attributes: { firstName: 'Ana' } }, 'visitor');
  await d.put('sites', { origin: 'https://a.example', enabled: true, visitsByDay: { '2026-11-20': 3 }, lastSeenAt: 5 });
  await d.put('sites', {
    origin: 'https://off.example',
    enabled: false,
    visitsByDay: { '2026-11-24': 2 },
    lastSeenAt: 9,
  });
  await d.put('meta', { day: '2026-11-24', total: 1, bySite: {} }, 'budget');
  await d.put('meta', 7, 'rulesVersion');
  assert.deepEqual(
    (await listSites(d)).map((s) => s.origin),
    ['https://off.example', 'https://a.example'],
  );
  const flows = await d.count('flows');
  const rules = await d.count('rules');

  const cleared = await clearVisitorData(d);
  assert.deepEqual(
    { ...cleared, activeConversations: undefined },
    { events: 2, answers: 1, conversations: 0, profile: true, activeConversations: undefined },
  );
  assert.equal(await d.count('events'), 0);
  assert.equal(await d.count('rollups'), 0);
  assert.deepEqual(await d.get('profile', 'visitor'), { tags: [], tagExpiry: {}, attributes: {} });
  assert.equal(await d.get('meta', 'budget'), undefined);
  assert.equal(await d.get('meta', 'rulesVersion'), 7);
  assert.deepEqual(await d.getAll('sites'), [{ origin: 'https://off.example', enabled: false }]);
  assert.equal(await d.count('flows'), flows);
  assert.equal(await d.count('rules'), rules);
  d.close();
});

test('a pack is stored whole or not at all: a flow IndexedDB cannot store leaves none stored (issue 12.6)', async () => {
  const d = await open();
  const [first, second] = [DEFAULT_FLOWS[0]!, DEFAULT_FLOWS[1]!];
  await d.delete('flows', first.id);
  await d.delete('flows', second.id);
  const version = await d.get('meta', 'rulesVersion');
  // What validation now strips: a value structured clone refuses, deep in an unknown key.
  const uncloneable = { ...second, junk: { deeper: { still: [() => 'not data'] } } } as typeof second;
  await assert.rejects(storePack(d, { format: 'tact-flow-pack', version: 1, flows: [first, uncloneable], rules: [] }));
  assert.equal(await d.get('flows', first.id), undefined, 'the first flow is not left behind');
  assert.equal(await d.get('flows', second.id), undefined);
  assert.equal(await d.get('meta', 'rulesVersion'), version);
  d.close();
});

test('a pack whose second flow carries junk in an unknown key imports cleanly, without it (issue 12.6)', async () => {
  const d = await open();
  const [first, second] = [DEFAULT_FLOWS[0]!, DEFAULT_FLOWS[1]!];
  const junk = { a: { b: { c: [{ d: 'x'.repeat(100) }, { e: { f: [1, 2, { g: null }] } }] } } };
  const checked = checkPack({
    format: 'tact-flow-pack',
    version: 1,
    flows: [first, { ...second, junk, nodes: { ...second.nodes } }],
    rules: [],
  });
  assert.ok(checked.ok, checked.ok ? '' : checked.message);
  assert.ok(!('junk' in checked.pack.flows[1]!), 'the unknown key is left out');
  await storePack(d, checked.pack);
  assert.deepEqual(await d.get('flows', second.id), second);
  d.close();
});

test('an import is taken back whole: what it replaced as it was, what it added gone; refused while a later rule starts an added flow', async () => {
  const d = await open();
  const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
  const before = {
    flows: await d.getAll('flows'),
    rules: await d.getAll('rules'),
    segments: await d.getAll('segments'),
  };
  const [replacedFlow] = DEFAULT_FLOWS;
  const changed = { ...structuredClone(replacedFlow!), name: 'Changed by the pack' };
  const added = { ...structuredClone(DEFAULT_FLOWS[1]!), id: 'from-the-pack' };
  const addedRule: Rule = { ...structuredClone(DEFAULT_RULES[0]!), id: 'pack-rule', flowId: added.id };
  const segment = {
    id: 'pack-segment',
    name: 'From the pack',
    conditions: [{ kind: 'visitor-tag', tag: 'buyer', present: true }],
  };
  const checked = checkPack({
    format: 'tact-flow-pack',
    version: 1,
    flows: [changed, added],
    rules: [addedRule],
    segments: [segment],
  });
  assert.ok(checked.ok, JSON.stringify(checked));
  const undo = await storePack(d, checked.pack);
  assert.deepEqual(undo.added, { flows: ['from-the-pack'], rules: ['pack-rule'], segments: ['pack-segment'] });
  assert.deepEqual(undo.replaced, { flows: [replacedFlow], rules: [], segments: [] });
  assert.equal((await d.get('flows', replacedFlow!.id))?.name, 'Changed by the pack');

  // A rule made since, from an imported flow: undoing would leave it without its flow.
  const later: Rule = { ...addedRule, id: 'made-since', name: 'Made since' };
  await d.put('rules', later);
  await assert.rejects(undoPack(d, structuredClone(undo)), (error: RequestError) => {
    assert.equal(error.problems?.[0]?.reason?.code, 'req-import-flow-in-use');
    assert.deepEqual(error.problems?.[0]?.reason?.params, { flow: 'from-the-pack', rule: 'Made since' });
    return true;
  });
  assert.ok(await d.get('flows', 'from-the-pack'), 'nothing changed');
  await d.delete('rules', 'made-since');
  // The same for a rule made since that tests a segment the pack brought.
  const bySegment: Rule = {
    ...structuredClone(DEFAULT_RULES[0]!),
    id: 'by-segment',
    name: 'By segment',
    conditions: [{ kind: 'segment', segment: 'pack-segment', member: true }],
  };
  await d.put('rules', bySegment);
  await assert.rejects(undoPack(d, structuredClone(undo)), (error: RequestError) => {
    assert.deepEqual(error.problems?.[0]?.reason, {
      code: 'req-import-segment-in-use',
      params: { segment: 'pack-segment', rule: 'By segment' },
    });
    return true;
  });
  assert.ok(await d.get('segments', 'pack-segment'), 'nothing changed');
  await d.delete('rules', 'by-segment');

  // Through a message the page sends back what it was given: a clone, validated again.
  assert.deepEqual(await undoPack(d, structuredClone(undo)), { flows: 2, rules: 1, segments: 1 });
  assert.deepEqual(byId(await d.getAll('flows')), byId(before.flows));
  assert.deepEqual(byId(await d.getAll('rules')), byId(before.rules));
  assert.deepEqual(byId(await d.getAll('segments')), byId(before.segments));
  d.close();
});

test('an import undone after another window changed what it wrote: refused, naming it, that change kept', async () => {
  const d = await open();
  const [replacedFlow] = DEFAULT_FLOWS;
  const changed = { ...structuredClone(replacedFlow!), name: 'Changed by the pack' };
  const added = { ...structuredClone(DEFAULT_FLOWS[1]!), id: 'from-the-pack', name: 'From the pack' };
  const checked = checkPack({ format: 'tact-flow-pack', version: 1, flows: [changed, added], rules: [] });
  assert.ok(checked.ok, JSON.stringify(checked));
  const undo = await storePack(d, checked.pack);
  const asImported = await d.get('flows', 'from-the-pack');
  const refusedFor = async (name: string) =>
    assert.rejects(undoPack(d, structuredClone(undo)), (error: RequestError) => {
      assert.equal(error.reason.code, 'req-import-not-undone');
      assert.deepEqual(
        error.problems?.map((p) => p.reason),
        [{ code: 'req-import-changed-since', params: { name } }],
      );
      // Said as a sentence alone: no field path before it (failureText, src/shared/failure-text.ts).
      assert.deepEqual(
        error.problems?.map((p) => p.path),
        [WHOLE_FILE],
      );
      return true;
    });

  // Another options window renames the flow the import added: undoing would delete that work.
  await d.put('flows', { ...asImported!, name: 'Renamed elsewhere' });
  await refusedFor('Renamed elsewhere');
  assert.equal((await d.get('flows', 'from-the-pack'))?.name, 'Renamed elsewhere', 'the other change is kept');
  assert.equal((await d.get('flows', replacedFlow!.id))?.name, 'Changed by the pack', 'nothing was undone');
  // Or edits the flow the import replaced: undoing would overwrite it with the old one.
  await d.put('flows', asImported!);
  await d.put('flows', { ...(await d.get('flows', replacedFlow!.id))!, name: 'Edited elsewhere' });
  await refusedFor('Edited elsewhere');
  assert.equal((await d.get('flows', replacedFlow!.id))?.name, 'Edited elsewhere');
  // Or deletes it: undoing would bring the old one back over the deletion.
  await d.delete('flows', replacedFlow!.id);
  await refusedFor(replacedFlow!.id);
  assert.equal(await d.get('flows', replacedFlow!.id), undefined);

  // Everything as the import wrote it again: the undo goes through.
  await d.put('flows', checked.pack.flows[0]!);
  assert.deepEqual(await undoPack(d, structuredClone(undo)), { flows: 2, rules: 0, segments: 0 });
  assert.deepEqual(await d.get('flows', replacedFlow!.id), replacedFlow);
  assert.equal(await d.get('flows', 'from-the-pack'), undefined);
  d.close();
});

test('an undo whose replaced item is not valid writes nothing and names it', async () => {
  const d = await open();
  const flows = await d.getAll('flows');
  const broken = { ...structuredClone(DEFAULT_FLOWS[0]!), start: 'nowhere' };
  const undo = {
    replaced: { flows: [broken], rules: [], segments: [] },
    added: { flows: [], rules: [], segments: [] },
    written: { flows: [], rules: [], segments: [] },
  };
  await assert.rejects(undoPack(d, undo), (error: RequestError) => {
    assert.equal(error.reason.code, 'req-import-not-undone');
    assert.match(error.problems?.[0]?.path ?? '', /^replaced\.flows\[0\]/);
    return true;
  });
  assert.deepEqual(await d.getAll('flows'), flows);
  d.close();
});
