import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { validateRule } from '../rules/rule-validation.ts';
import { decide, type DecisionInput } from '../rules/engine.ts';
import { RULE_VERSION, ruleFlowIds, type Rule } from '../rules/rule-model.ts';
import { assignVariant } from './variant-assignment.ts';
import { inEnglish } from '../test-support/catalogue.ts';

const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);

/** A rule running an A/B test between two flows, counting a visit to /thanks as the goal. */
function abRule(over: Partial<Rule> = {}): Rule {
  return {
    id: 'ab-exit',
    version: RULE_VERSION,
    name: 'Exit offer, two wordings',
    enabled: true,
    shadow: false,
    trigger: { signal: 'exit-intent' },
    conditions: [],
    variants: [
      { id: 'a', flowId: 'offer-a', weight: 1 },
      { id: 'b', flowId: 'offer-b', weight: 1 },
    ],
    goals: [{ id: 'bought', kind: 'url', match: 'prefix', pattern: '/thanks', withinDays: 7 }],
    entry: 'panel',
    priority: 0,
    frequency: { every: 'page-view' },
    ...over,
  };
}

const FLOWS = new Set(['offer-a', 'offer-b', 'plain']);

function problems(input: unknown): { path: string; code: string }[] {
  const r = validateRule(input, 'rule', FLOWS);
  return r.ok ? [] : r.errors.map((e) => ({ path: e.path, code: e.reason?.code ?? 'none' }));
}

describe('rule model: variants and goals', () => {
  test('a rule with variants and goals is valid, and so is a rule with one flow, as before', () => {
    assert.deepEqual(problems(abRule()), []);
    const { variants: _v, goals: _g, ...plain } = abRule();
    assert.deepEqual(problems({ ...plain, flowId: 'plain' }), []);
    const withHoldOut = abRule({
      variants: [
        { id: 'offer', flowId: 'offer-a', weight: 9 },
        { id: 'none', flowId: null, weight: 1 },
      ],
      goals: [
        { id: 'cart', kind: 'click', selector: '#add-to-cart', withinDays: 1 },
        { id: 'done', kind: 'flow-completed', flowId: 'offer-a', withinDays: 30 },
      ],
    });
    assert.deepEqual(problems(withHoldOut), []);
    assert.deepEqual(ruleFlowIds(withHoldOut), ['offer-a']);
  });

  test('each problem comes back with its code at its field', () => {
    const { variants: _v, goals: _g, ...bare } = abRule();
    assert.deepEqual(problems(bare), [{ path: 'rule.flowId', code: 'v-ab-flow-or-variants' }]);
    assert.deepEqual(problems(abRule({ flowId: 'plain' })), [{ path: 'rule.flowId', code: 'v-ab-flow-and-variants' }]);
    assert.deepEqual(problems({ ...bare, flowId: 'plain', goals: abRule().goals }), [
      { path: 'rule.goals', code: 'v-ab-goals-without-variants' },
    ]);
    assert.deepEqual(problems(abRule({ goals: undefined })), [{ path: 'rule.goals', code: 'v-ab-needs-goal' }]);
    assert.deepEqual(
      problems(
        abRule({
          variants: [
            { id: 'x', flowId: null, weight: 1 },
            { id: 'y', flowId: null, weight: 1 },
          ],
        }),
      ),
      [{ path: 'rule.variants', code: 'v-ab-holdouts' }],
    );
    assert.deepEqual(
      problems(
        abRule({
          variants: [
            { id: 'a', flowId: 'offer-a', weight: 1 },
            { id: 'a', flowId: 'offer-b', weight: 1 },
          ],
        }),
      ),
      [{ path: 'rule.variants[1].id', code: 'v-duplicate-id' }],
    );
    assert.deepEqual(problems(abRule({ variants: [{ id: 'a', flowId: 'offer-a', weight: 1 }] })), [
      { path: 'rule.variants', code: 'v-min-items' },
    ]);
    const five = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, flowId: 'offer-a', weight: 1 }));
    assert.deepEqual(problems(abRule({ variants: five })), [{ path: 'rule.variants', code: 'v-max-items' }]);
    assert.deepEqual(
      problems(abRule({ variants: [{ id: 'a', flowId: 'offer-a', weight: 0 }, abRule().variants![1]!] })),
      [{ path: 'rule.variants[0].weight', code: 'v-at-least' }],
    );
  });

  test('goals: a selector Tact can use, a regex it can run, an existing flow, a window of 1–90 days', () => {
    const goal = (g: object) => problems(abRule({ goals: [g as never] }));
    assert.deepEqual(goal({ id: 'g', kind: 'click', selector: 'a{color:red}', withinDays: 1 }), [
      { path: 'rule.goals[0].selector', code: 'v-ab-selector' },
    ]);
    assert.deepEqual(goal({ id: 'g', kind: 'url', match: 'regex', pattern: '(a)\\1', withinDays: 1 }), [
      { path: 'rule.goals[0].pattern', code: 'v-regex-backreference' },
    ]);
    assert.deepEqual(goal({ id: 'g', kind: 'flow-completed', flowId: 'gone', withinDays: 1 }), [
      { path: 'rule.goals[0].flowId', code: 'v-ab-goal-no-such-flow' },
    ]);
    assert.deepEqual(goal({ id: 'g', kind: 'url', match: 'prefix', pattern: '/t', withinDays: 91 }), [
      { path: 'rule.goals[0].withinDays', code: 'v-at-most' },
    ]);
    assert.deepEqual(problems(abRule({ variants: [{ id: 'a', flowId: 'gone', weight: 1 }, abRule().variants![1]!] })), [
      { path: 'rule.variants[0].flowId', code: 'v-no-such-flow' },
    ]);
  });
});

function input(over: Partial<DecisionInput> = {}): DecisionInput {
  return {
    now: NOW,
    signal: { type: 'exit-intent' },
    page: { url: 'https://shop.example/cart', startedAt: NOW - 30_000 },
    siteEnabled: true,
    pageViewShown: false,
    profile: { tags: [] },
    lastShownByRule: {},
    rules: [abRule()],
    flowIds: FLOWS,
    ...over,
  };
}

/** A visitor id the rule assigns to `variantId` (searched, since assignment is a hash). */
function visitorIn(rule: Rule, variantId: string): string {
  for (let i = 0; ; i++) if (assignVariant(`v${i}`, rule.id, rule.variants!)?.id === variantId) return `v${i}`;
}

describe('decide: a rule with variants', () => {
  test("shows the visitor's variant, the same one at every decision, and says so in the trace", () => {
    const rule = abRule();
    for (const arm of ['a', 'b']) {
      const visitorId = visitorIn(rule, arm);
      const flowId = rule.variants!.find((x) => x.id === arm)!.flowId!;
      const first = decide(input({ visitorId }));
      assert.deepEqual(first.show, { ruleId: 'ab-exit', flowId, entry: 'panel', variantId: arm });
      const later = decide(
        input({ visitorId, now: NOW + 86_400_000, page: { url: 'https://shop.example/', startedAt: NOW } }),
      );
      assert.deepEqual(later.show, first.show, 'sticky');
      const check = first.rules[0]!.checks.find((c) => inEnglish(c.label).includes('variant'))!;
      assert.equal(inEnglish(check.detail), `variant “${arm}”, flow “${flowId}”`);
    }
  });

  test('the hold-out shows nothing and spends nothing, but the decision says the rule fired for it', () => {
    const rule = abRule({
      variants: [
        { id: 'offer', flowId: 'offer-a', weight: 1 },
        { id: 'none', flowId: null, weight: 1 },
      ],
      priority: 10,
    });
    const other = { ...abRule({ id: 'other', priority: 0, variants: undefined, goals: undefined }), flowId: 'plain' };
    const visitorId = visitorIn(rule, 'none');
    const d = decide(input({ visitorId, rules: [rule, other] }));
    assert.equal(d.show, null);
    assert.deepEqual(d.heldOut, { ruleId: 'ab-exit', variantId: 'none' });
    assert.equal(d.budget.total, 0);
    const trace = d.rules.find((t) => t.ruleId === 'ab-exit')!;
    assert.equal(trace.outcome, 'fired');
    assert.ok(trace.checks.some((c) => inEnglish(c.detail) === 'hold-out “none”, nothing shown'));
    assert.equal(d.rules.find((t) => t.ruleId === 'other')!.outcome, 'outranked', 'the hold-out stays clean');
  });

  test('a variant whose flow is gone blocks the rule for its visitors only', () => {
    const rule = abRule({
      variants: [
        { id: 'a', flowId: 'offer-a', weight: 1 },
        { id: 'b', flowId: 'deleted', weight: 1 },
      ],
    });
    assert.equal(decide(input({ rules: [rule], visitorId: visitorIn(rule, 'b') })).show, null);
    assert.equal(decide(input({ rules: [rule], visitorId: visitorIn(rule, 'a') })).show?.flowId, 'offer-a');
  });

  test('property: the decision follows the sticky assignment for any visitor and weights', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.boolean(),
        (visitorId, wa, wb, holdOut) => {
          const rule = abRule({
            variants: [
              { id: 'a', flowId: 'offer-a', weight: wa },
              { id: 'b', flowId: holdOut ? null : 'offer-b', weight: wb },
            ],
          });
          const d = decide(input({ rules: [rule], visitorId }));
          const arm = assignVariant(visitorId, rule.id, rule.variants!)!;
          if (arm.flowId === null) {
            assert.equal(d.show, null);
            assert.deepEqual(d.heldOut, { ruleId: rule.id, variantId: arm.id });
          } else {
            assert.equal(d.show?.flowId, arm.flowId);
            assert.equal(d.show?.variantId, arm.id);
            assert.equal(d.heldOut, undefined);
          }
        },
      ),
    );
  });
});
