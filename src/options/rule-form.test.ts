import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  canonicalRule,
  CONDITION_KINDS,
  dateTimeInputValue,
  defaultCondition,
  defaultGoal,
  defaultTrigger,
  knownTags,
  newVariant,
  numberFromInput,
  ruleFormErrors,
  sameRule,
  withTest,
} from './rule-form.ts';
import { TEMPLATES } from '../core/flows/templates.ts';
import { SIGNAL_TYPES } from '../core/signals/signal-kinds.ts';
import type { Rule } from '../core/rules/rule-model.ts';
import { newRuleFor } from './workspace-copy.ts';

const FLOWS = new Set(['exit-offer']);
const base = (): Rule => newRuleFor('exit-offer', new Set(), 'Exit');

test('every trigger kind has a default; those needing no input are valid at once', () => {
  for (const signal of SIGNAL_TYPES) {
    const trigger = defaultTrigger(signal);
    assert.equal(trigger.signal, signal);
    const errors = ruleFormErrors({ ...base(), trigger }, FLOWS);
    if (signal === 'hesitation')
      assert.deepEqual([...errors.keys()], ['trigger.selector'], 'the selector must be filled in');
    else assert.equal(errors.size, 0, `${signal}: ${[...errors].join(';')}`);
  }
  assert.deepEqual(defaultTrigger('idle', { signal: 'dwell', seconds: 42 }), { signal: 'idle', seconds: 42 });
});

test('every condition kind has a default, valid or with its one field to fill named', () => {
  const toFill: Record<string, string> = {
    'visitor-tag': 'conditions[0].tag',
    'visitor-attribute': 'conditions[0].name',
    segment: 'conditions[0].segment',
    page: 'conditions[0].value',
    site: 'conditions[0].host',
  };
  assert.equal(CONDITION_KINDS.length, 14);
  for (const kind of CONDITION_KINDS) {
    const errors = ruleFormErrors({ ...base(), conditions: [defaultCondition(kind)] }, FLOWS);
    if (toFill[kind]) assert.deepEqual([...errors.keys()], [toFill[kind]], kind);
    else assert.equal(errors.size, 0, `${kind}: ${[...errors].join(';')}`);
  }
});

test('errors are filed at the exact field', () => {
  const rule: Rule = {
    ...base(),
    trigger: { signal: 'dwell', seconds: Number.NaN },
    conditions: [{ kind: 'url', match: 'regex', pattern: '(' }, { kind: 'visit-count' }],
    schedule: { start: '2026-12-02T00:00', end: '2026-12-01T00:00' },
  };
  const errors = ruleFormErrors(rule, FLOWS);
  assert.ok(errors.get('trigger.seconds')?.[0]?.includes('number'));
  assert.deepEqual(errors.get('conditions[0].pattern'), ['is not a valid regular expression']);
  assert.deepEqual(errors.get('conditions[1]'), ['needs min or max']);
  assert.deepEqual(errors.get('schedule.end'), ['must be after the start']);
  assert.deepEqual(ruleFormErrors({ ...base(), flowId: 'gone' }, FLOWS).get('flowId'), [
    'starts flow "gone", which does not exist',
  ]);
  assert.deepEqual(ruleFormErrors(base(), FLOWS, new Set([base().id])).get('id'), ['is already used by another rule']);
});

test('form values: empty numbers are unset, dates fit datetime-local', () => {
  assert.equal(numberFromInput(' '), undefined);
  assert.equal(numberFromInput('12'), 12);
  assert.ok(Number.isNaN(numberFromInput('1e')!));
  assert.equal(dateTimeInputValue('2026-12-01'), '2026-12-01T00:00');
  assert.equal(dateTimeInputValue('2026-12-01T09:30:00.000Z'), '2026-12-01T09:30');
  assert.equal(dateTimeInputValue(undefined), '');
});

test('canonical form: unset bounds, empty schedule and values of present/absent drop out', () => {
  const draft = {
    ...base(),
    schedule: { start: '', end: '' },
    conditions: [
      { kind: 'visit-count', min: 2, max: undefined },
      { kind: 'visitor-attribute', name: 'firstName', op: 'present', value: 'x' },
    ],
  } as unknown as Rule;
  const c = canonicalRule(draft);
  assert.equal(c.schedule, undefined);
  assert.deepEqual(c.conditions, [
    { kind: 'visit-count', min: 2 },
    { kind: 'visitor-attribute', name: 'firstName', op: 'present' },
  ]);
  assert.ok(sameRule(draft, { ...base(), conditions: c.conditions }));
  assert.ok(!sameRule(base(), { ...base(), priority: 1 }));
  assert.ok(Number.isNaN(canonicalRule({ ...base(), priority: Number.NaN }).priority));
});

test('tag suggestions: every tag the templates can give, once, sorted', () => {
  const tags = knownTags(TEMPLATES.map((x) => x.flow));
  assert.ok(tags.includes('searching') && tags.includes('intent-backpack'), tags.join(','));
  assert.deepEqual(tags, [...new Set(tags)].sort());
  assert.deepEqual(knownTags([]), []);
});

describe('A/B test in the form', () => {
  const base: Rule = {
    id: 'r',
    version: 2,
    name: 'R',
    enabled: true,
    shadow: false,
    trigger: { signal: 'exit-intent' },
    conditions: [],
    flowId: 'greeter',
    entry: 'panel',
    priority: 0,
    frequency: { every: 'page-view' },
  };
  const flows = new Set(['greeter', 'exit-offer']);

  test('turning the test on makes a valid rule of two variants and a goal; off gives the first flow back', () => {
    const on = withTest(base, true, 'exit-offer');
    assert.equal(on.flowId, undefined);
    assert.deepEqual(on.variants, [
      { id: 'a', flowId: 'greeter', weight: 1 },
      { id: 'b', flowId: 'exit-offer', weight: 1 },
    ]);
    assert.deepEqual(on.goals, [{ id: 'goal-1', withinDays: 7, kind: 'flow-completed', flowId: 'greeter' }]);
    assert.deepEqual(ruleFormErrors(on, flows), new Map());
    const off = withTest({ ...on, variants: [{ id: 'x', flowId: null, weight: 1 }, ...on.variants] }, false, undefined);
    assert.deepEqual([off.flowId, off.variants, off.goals], ['greeter', undefined, undefined]);
    assert.deepEqual(ruleFormErrors(off, flows), new Map());
  });

  test('new variants and goals get free ids; two hold-outs are an error at the variants', () => {
    const on = withTest(base, true, 'exit-offer');
    assert.equal(newVariant(on, null).id, 'variant-1');
    assert.equal(defaultGoal('url', on).id, 'goal-2');
    assert.deepEqual(defaultGoal('click', on), { id: 'goal-2', withinDays: 7, kind: 'click', selector: '' });
    const holdOuts = { ...on, variants: [newVariant(on, null), { ...newVariant(on, null), id: 'other' }] };
    assert.deepEqual([...ruleFormErrors(holdOuts, flows).keys()], ['variants']);
    const noSelector = { ...on, goals: [defaultGoal('click', on)] };
    assert.deepEqual([...ruleFormErrors(noSelector, flows).keys()], ['goals[0].selector']);
  });
});
