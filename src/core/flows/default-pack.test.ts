import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultFlows, defaultRules } from './default-pack.ts';
import { TEMPLATES } from './templates.ts';
import { validateFlow } from './flow-validation.ts';
import { validateRule } from '../rules/rule-validation.ts';

test('the seeded flows and rules are named in the browser’s language, English where Tact has none', () => {
  const names = (tag?: string) => ({
    flows: defaultFlows(tag).map((f) => f.name),
    rules: defaultRules(tag).map((r) => r.name),
  });
  // English: the templates' own names, unchanged.
  assert.deepEqual(names(), {
    flows: TEMPLATES.map((t) => t.flow.name),
    rules: TEMPLATES.map((t) => t.rule.name),
  });
  assert.deepEqual(names('de-DE'), names('en'));
  const fr = names('fr-FR');
  assert.equal(fr.flows[TEMPLATES.findIndex((t) => t.id === 'exit-offer')], 'Question polie avant le départ');
  assert.equal(
    fr.rules[TEMPLATES.findIndex((t) => t.rule.id === 'greeter-home')],
    'Accueillir sur la page d’accueil après quelques secondes',
  );
  const ru = names('ru');
  for (const [i, t] of TEMPLATES.entries()) {
    const title = t.title as Record<string, string>;
    const ruleTitle = t.ruleTitle as Record<string, string>;
    assert.equal(title.en, t.flow.name, `${t.id}: its English title is its flow's name`);
    assert.equal(ruleTitle.en, t.rule.name, `${t.id}: its English rule title is its rule's name`);
    assert.equal(fr.flows[i], title.fr);
    assert.equal(ru.flows[i], title.ru);
    assert.equal(fr.rules[i], ruleTitle.fr);
    assert.equal(ru.rules[i], ruleTitle.ru);
    assert.match(ru.rules[i]!, /[а-я]/, `${t.id}: a Russian rule name`);
  }
  // Named in another language, still valid (names have their own limits).
  for (const tag of ['fr', 'ru']) {
    for (const flow of defaultFlows(tag)) assert.ok(validateFlow(flow).ok, flow.id);
    for (const rule of defaultRules(tag)) assert.ok(validateRule(rule).ok, rule.id);
  }
});
