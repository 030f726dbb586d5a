import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  copyId,
  copyName,
  duplicateFlow,
  duplicateRule,
  flowFromTemplate,
  flowSearchTexts,
  matchesSearch,
  newRuleFor,
  ruleFromTemplate,
  ruleStatus,
  slugId,
  uniqueId,
  withRuleStatus,
} from './workspace-copy.ts';
import { TEMPLATES } from '../core/flows/templates.ts';
import { validateFlow } from '../core/flows/flow-validation.ts';
import { validateRule } from '../core/rules/rule-validation.ts';

test('ids: valid stems, and the first free one', () => {
  assert.equal(slugId('Leaving the checkout!'), 'leaving-the-checkout');
  assert.equal(slugId('Écran été'), 'ecran-ete');
  assert.equal(slugId('Привет'), 'item');
  assert.equal(uniqueId('greeter', new Set()), 'greeter');
  assert.equal(uniqueId('greeter', new Set(['greeter', 'greeter-2'])), 'greeter-3');
  const long = uniqueId('x'.repeat(200), new Set(['x'.repeat(74)]));
  assert.ok(long.length <= 80 && /^[a-z0-9_-]+$/.test(long), long);
});

test('copies: "-copy" ids that do not pile up, "(copy)" names', () => {
  assert.equal(copyId('exit-offer', new Set(['exit-offer'])), 'exit-offer-copy');
  assert.equal(copyId('exit-offer', new Set(['exit-offer', 'exit-offer-copy'])), 'exit-offer-copy-2');
  assert.equal(copyId('exit-offer-copy', new Set(['exit-offer', 'exit-offer-copy'])), 'exit-offer-copy-2');
  assert.equal(copyName('Exit offer', '(copy)'), 'Exit offer (copy)');
  assert.equal(copyName('Exit offer (copy)', '(copy)'), 'Exit offer (copy)');
  assert.equal(copyName('x'.repeat(200), '(copie)').length, 120);
});

test('duplicates are valid, independent and a rule copy starts off', () => {
  const t = TEMPLATES[0]!;
  const flow = duplicateFlow(t.flow, new Set([t.flow.id]), '(copy)');
  assert.notEqual(flow.id, t.flow.id);
  assert.ok(validateFlow(flow).ok);
  (flow.nodes[flow.start] as { text: string }).text = 'changed';
  assert.notEqual((t.flow.nodes[t.flow.start] as { text: string }).text, 'changed', 'deep copy');
  const rule = duplicateRule(t.rule, new Set([t.rule.id]), '(copy)');
  assert.equal(rule.enabled, false);
  assert.equal(rule.name, `${t.rule.name} (copy)`);
  assert.ok(validateRule(rule, 'rule', new Set([t.flow.id])).ok);
});

test('every template gives a valid new flow and rule under free ids, the rule off by default', () => {
  for (const t of TEMPLATES) {
    const takenFlows = new Set(TEMPLATES.map((x) => x.flow.id));
    const takenRules = new Set(TEMPLATES.map((x) => x.rule.id));
    const flow = flowFromTemplate(t, takenFlows);
    assert.ok(!takenFlows.has(flow.id), flow.id);
    assert.ok(validateFlow(flow).ok, t.id);
    const rule = ruleFromTemplate(t, flow.id, takenRules);
    assert.ok(!takenRules.has(rule.id));
    assert.equal(rule.flowId, flow.id);
    assert.equal(rule.enabled, false);
    assert.equal(ruleFromTemplate(t, flow.id, takenRules, true).enabled, true);
    assert.ok(validateRule(rule, 'rule', new Set([flow.id])).ok, t.id);
  }
  assert.equal(flowFromTemplate(TEMPLATES[0]!, new Set()).id, TEMPLATES[0]!.flow.id);
});

test('a new rule for a flow is valid and off', () => {
  const rule = newRuleFor('exit-offer', new Set(['exit-offer-rule']), 'When to start it');
  assert.equal(rule.id, 'exit-offer-rule-2');
  assert.equal(rule.enabled, false);
  assert.ok(validateRule(rule, 'rule', new Set(['exit-offer'])).ok);
});

test('search: every word, any field, case and accents ignored', () => {
  assert.ok(matchesSearch('', ['anything']));
  assert.ok(matchesSearch('  EXIT  offer ', ['Polite exit question', 'exit-offer']));
  assert.ok(matchesSearch('ecran', ['Écran']));
  assert.ok(!matchesSearch('exit newsletter', ['Polite exit question']));
  const finder = TEMPLATES.find((t) => t.id === 'product-finder')!.flow;
  const texts = flowSearchTexts(finder);
  assert.ok(texts.includes(finder.name) && texts.includes(finder.id));
  assert.ok(texts.length > 4, 'node texts and reply labels are searched too');
  assert.ok(
    matchesSearch('légèreté', texts) && matchesSearch('неделю', texts),
    'in every language they are written in',
  );
});

test('rule status: on, off, shadow and back', () => {
  const rule = newRuleFor('f', new Set(), 'R');
  assert.equal(ruleStatus(rule), 'off');
  assert.equal(ruleStatus(withRuleStatus(rule, 'on')), 'on');
  const shadow = withRuleStatus(rule, 'shadow');
  assert.deepEqual([shadow.enabled, shadow.shadow, ruleStatus(shadow)], [true, true, 'shadow']);
  assert.equal(ruleStatus(withRuleStatus(shadow, 'off')), 'off');
  assert.equal(withRuleStatus(shadow, 'off').shadow, true);
  assert.equal(ruleStatus(withRuleStatus(withRuleStatus(shadow, 'off'), 'on')), 'on');
});
