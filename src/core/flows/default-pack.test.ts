import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultFlows, defaultRules, defaultsRenamed, ruleNameFor } from './default-pack.ts';
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

test('a change of Tact’s language renames the seeds still under a default’s name, and only them', () => {
  const flows = defaultFlows('en');
  const rules = defaultRules('en');
  // The marketer named one flow and one rule themselves; another rule came from elsewhere.
  flows[1] = { ...flows[1]!, name: 'Our own quiz' };
  rules[2] = { ...rules[2]!, name: 'Ma règle' };
  const own = { ...rules[0]!, id: 'my-rule' };
  const fr = defaultsRenamed(flows, [...rules, own], 'fr-CA');
  assert.deepEqual(
    fr.flows.map((f) => f.id),
    flows.filter((_, i) => i !== 1).map((f) => f.id),
  );
  assert.deepEqual(
    fr.rules.map((r) => r.id),
    rules.filter((_, i) => i !== 2).map((r) => r.id),
  );
  for (const f of fr.flows) assert.equal(f.name, defaultFlows('fr').find((d) => d.id === f.id)!.name);
  for (const r of fr.rules) assert.equal(r.name, defaultRules('fr').find((d) => d.id === r.id)!.name);
  // Only the name changes.
  assert.deepEqual({ ...fr.rules[0]!, name: rules[0]!.name }, rules[0]);
  // From French to Russian, and back to English: every seed still under a default's name follows.
  const inFrench = flows.map((f) => fr.flows.find((r) => r.id === f.id) ?? f);
  const ru = defaultsRenamed(inFrench, [], 'ru');
  assert.equal(ru.flows.length, flows.length - 1);
  assert.match(ru.flows[0]!.name, /[а-я]/);
  const back = defaultsRenamed(
    inFrench.map((f) => ru.flows.find((r) => r.id === f.id) ?? f),
    [],
    'en',
  );
  assert.deepEqual(
    back.flows.map((f) => f.name),
    flows.filter((_, i) => i !== 1).map((f) => f.name),
  );
  // Already in the language asked, or a language Tact has not (English): nothing to do.
  assert.deepEqual(defaultsRenamed(flows, rules, 'en'), { flows: [], rules: [] });
  assert.deepEqual(defaultsRenamed(flows, rules, 'de'), { flows: [], rules: [] });
});

test("a visitor's why names a seeded rule in the visitor's language, and a marketer's own name as written", () => {
  const seeded = defaultRules('en').find((r) => r.id === 'exit-anywhere')!;
  assert.equal(ruleNameFor(seeded.id, seeded.name, 'fr'), 'Départ depuis une autre page');
  assert.equal(ruleNameFor(seeded.id, 'Départ depuis une autre page', 'ru-RU'), 'Уход с любой другой страницы');
  assert.equal(ruleNameFor(seeded.id, 'Départ depuis une autre page', 'de'), 'Leaving any other page');
  assert.equal(ruleNameFor(seeded.id, 'Our exit offer', 'fr'), 'Our exit offer');
  assert.equal(ruleNameFor('my-rule', 'Leaving any other page', 'fr'), 'Leaving any other page');
});
