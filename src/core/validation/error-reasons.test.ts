/**
 * Validation problems come with a reason a marketer can read in their language, mapped from the
 * kind of problem and its path, never valibot's words: a missing `next` asks for a target step,
 * not "must be a string, got undefined".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateFlow } from '../flows/flow-validation.ts';
import { validateRule } from '../rules/rule-validation.ts';
import { checkPack } from '../flows/flow-pack.ts';
import { RULE_VERSION } from '../rules/rule-model.ts';
import { MODEL_VERSION } from '../flows/flow-model.ts';
import { sayReason } from '../rules/reason-words.ts';
import { wordsOf } from '../test-support/catalogue.ts';
import type { CheckError, Validated } from './checks.ts';

const flow = (): any => ({
  id: 'finder',
  version: MODEL_VERSION,
  name: 'Finder',
  persona: { name: 'Sam', avatar: 'S' },
  start: 'ask',
  nodes: {
    ask: {
      type: 'choice',
      text: 'Day hike or multi-day trip?',
      replies: [
        { id: 'day', label: 'Day hike', next: 'day' },
        { id: 'multi', label: 'Several days', next: 'multi' },
      ],
    },
    day: { type: 'end', text: 'A 20-litre pack will do.' },
    multi: { type: 'end', text: 'Look at 45 litres and up.' },
  },
});
const rule = (): any => ({
  id: 'r',
  version: RULE_VERSION,
  name: 'Rule',
  enabled: true,
  shadow: false,
  trigger: { signal: 'exit-intent' },
  conditions: [],
  flowId: 'finder',
  entry: 'panel',
  priority: 0,
  frequency: { every: 'visitor' },
});

const errors = (r: Validated<unknown>): CheckError[] => (r.ok ? [] : r.errors);
const at = (r: Validated<unknown>, path: string) => {
  const e = errors(r).find((x) => x.path === path);
  assert.ok(e, `no error at ${path}: ${JSON.stringify(errors(r))}`);
  return e;
};

test('a branch with no target asks for one, in each language', () => {
  const f = flow();
  f.nodes.ask.replies[1].next = 'check';
  f.nodes.check = {
    type: 'condition',
    branches: [{ when: [{ kind: 'variable', name: 'plan', op: 'present' }] }],
    otherwise: 'multi',
  };
  const e = at(validateFlow(f), 'flow.nodes.check.branches[0].next');
  assert.deepEqual(e.reason, { code: 'v-missing-next' });
  assert.equal(sayReason(e.reason, wordsOf('en')), 'Choose the step this leads to.');
  assert.equal(sayReason(e.reason, wordsOf('fr')), 'Choisissez l’étape à laquelle cela mène.');
  assert.equal(sayReason(e.reason, wordsOf('ru')), 'Выберите шаг, к которому это ведёт.');
});

test('graph problems, kinds, lengths, bounds and regular expressions all have codes (no "v-other")', () => {
  const cases: [string, Validated<unknown>, string, string][] = [];
  const missingText = flow();
  delete missingText.nodes.day.text;
  cases.push(['missing text', validateFlow(missingText), 'flow.nodes.day.text', 'v-missing-text']);
  const nowhere = flow();
  nowhere.nodes.ask.replies[1].next = 'nowhere';
  cases.push(['no such step', validateFlow(nowhere), 'flow.nodes.ask.replies[1].next', 'v-no-such-step']);
  const orphan = flow();
  orphan.nodes.orphan = { type: 'end', text: 'Nobody sees me.' };
  cases.push(['unreachable', validateFlow(orphan), 'flow.nodes.orphan', 'v-unreachable']);
  const wrongType = flow();
  wrongType.nodes.day.text = 5;
  cases.push(['wrong type', validateFlow(wrongType), 'flow.nodes.day.text', 'v-type-text']);
  const unknownKind = flow();
  unknownKind.nodes.day.type = 'teleport';
  cases.push(['unknown kind', validateFlow(unknownKind), 'flow.nodes.day.type', 'v-one-of']);
  const badId = rule();
  badId.id = 'has space';
  cases.push(['id characters', validateRule(badId), 'rule.id', 'v-id-chars']);
  const priority = rule();
  priority.priority = 5000;
  cases.push(['number bound', validateRule(priority), 'rule.priority', 'v-at-most']);
  const regex = rule();
  regex.conditions = [{ kind: 'url', match: 'regex', pattern: '(' }];
  cases.push(['regex', validateRule(regex), 'rule.conditions[0].pattern', 'v-bad-regex']);
  const extra = rule();
  extra.colour = 'red';
  const noFlow = rule();
  noFlow.flowId = 'gone';
  cases.push(['no such flow', validateRule(noFlow, 'rule', new Set(['finder'])), 'rule.flowId', 'v-no-such-flow']);
  const longName = rule();
  longName.name = 'x'.repeat(121);
  cases.push(['too long', validateRule(longName), 'rule.name', 'v-max-chars']);
  const offSite = flow();
  offSite.nodes.day = { type: 'action', action: { kind: 'handoff', url: '//evil.example', label: 'Talk to us' } };
  cases.push(['link to another site', validateFlow(offSite), 'flow.nodes.day.action.url', 'v-link-other-site']);
  const notALink = flow();
  notALink.nodes.day = { type: 'action', action: { kind: 'open-link', url: 'javascript:alert(1)', label: 'Go' } };
  cases.push(['not a link', validateFlow(notALink), 'flow.nodes.day.action.url', 'v-link-kind']);
  const twice = flow();
  twice.nodes.ask.replies[1].id = 'day';
  cases.push(['duplicate reply', validateFlow(twice), 'flow.nodes.ask.replies[1].id', 'v-duplicate-id']);
  for (const [what, result, path, code] of cases) assert.equal(at(result, path).reason?.code, code, what);
  const pack = checkPack({ format: 'something-else', version: 1, flows: [flow(), flow()] });
  assert.deepEqual(
    pack.ok ? [] : pack.errors.map((e) => e.reason?.code),
    ['v-pack-format', 'v-duplicate-id'],
    JSON.stringify(pack),
  );
});

test('no English count with "(s)" is left in a validation message', () => {
  const r = rule();
  r.conditions = Array.from({ length: 51 }, () => ({ kind: 'min-seconds-on-page', seconds: 1 }));
  const e = at(validateRule(r), 'rule.conditions');
  assert.doesNotMatch(e.message, /\(s\)/);
  assert.equal(sayReason(e.reason!, wordsOf('ru')), 'Не больше 50 элементов (сейчас 51).');
});
