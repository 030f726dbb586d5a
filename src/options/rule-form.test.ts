import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  canonicalRule,
  CONDITION_KINDS,
  dateTimeInputValue,
  defaultCondition,
  defaultTrigger,
  knownTags,
  numberFromInput,
  ruleFormErrors,
  sameRule,
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
