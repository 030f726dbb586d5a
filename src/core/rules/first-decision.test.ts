/**
 * The first decision the content script takes with a pre-approval (first-decision.ts), case by
 * case; engine-policy.test.ts (e5) holds, over generated rules and states, that it never shows
 * what the background's decision would not.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { approvalOf, predictFirst, type FirstApproval, type SignalMoment } from './first-decision.ts';
import { decide, type DecisionInput } from './engine.ts';
import { buildRuleIndex } from './rule-index.ts';
import { rulesForPage } from './page-rules.ts';
import type { Rule } from './rule-model.ts';
import { DEFAULT_SETTINGS, localDay } from './policy.ts';
import type { QuietState } from '../signals/signal-model.ts';
import { testRule } from '../test-support/test-rule.ts';

const NOW = new Date(2025, 4, 14, 12, 0, 0).getTime();
const SHOP = 'https://shop.example';
const URL_ = `${SHOP}/pricing`;
const QUIET: QuietState = { typing: false, selecting: false, scrollingFast: false, media: false, fullscreen: false };

/** The pricing page's exit rule, shown with the flow `offer`. */
const rule = (over: Partial<Rule> & { id: string }): Rule =>
  testRule({ conditions: [{ kind: 'path', pattern: '/pricing*' }], flowId: 'offer', ...over });

type HelloState = Parameters<typeof approvalOf>[1];

function state(over: Partial<HelloState> = {}): HelloState {
  return {
    page: { url: URL_, startedAt: NOW - 20_000 },
    origin: SHOP,
    siteEnabled: true,
    pageViewShown: false,
    profile: { tags: ['buyer'] },
    lastShownByRule: {},
    flowIds: new Set(['offer', 'help']),
    settings: DEFAULT_SETTINGS,
    visitorId: 'visitor-1',
    budget: { day: localDay(NOW), total: 1, bySite: { [SHOP]: 1, 'https://elsewhere.example': 0 } },
    dismissals: { byFlow: {}, bySite: { 'https://elsewhere.example': { count: 1, lastAt: NOW } } },
    ...over,
  };
}

const paint = (r: Rule, flowId: string) => ({
  entry: r.entry,
  first: { name: flowId, avatar: 'T', lines: ['Hi'], words: { via: 'via Tact', pillOpen: 'Open', frameTitle: 'Tact' } },
});

function approve(rules: Rule[], over: Partial<HelloState> = {}): FirstApproval {
  const page = rulesForPage(buildRuleIndex(rules), URL_);
  // Through JSON, as the runtime's messaging carries it.
  const approval = approvalOf('pv', state(over), page, ['exit-intent', 'scroll-depth'], paint);
  return JSON.parse(JSON.stringify(approval)) as FirstApproval;
}

const exit = (over: Partial<SignalMoment> = {}): SignalMoment => ({
  now: NOW,
  signal: { type: 'exit-intent' },
  quiet: QUIET,
  ...over,
});

describe('predictFirst', () => {
  test('paints the rule the background shows, with its first bubble', () => {
    const rules = [rule({ id: 'low', flowId: 'help' }), rule({ id: 'high', priority: 5 })];
    const guess = predictFirst(approve(rules), exit());
    assert.equal(guess?.ruleId, 'high');
    assert.equal(guess?.flowId, 'offer');
    assert.deepEqual(guess?.paint.first.lines, ['Hi']);
    const input: DecisionInput = { ...state(), now: NOW, signal: { type: 'exit-intent' }, quiet: QUIET, rules };
    assert.equal(decide(input).show?.ruleId, 'high');
  });

  test('paints nothing when a policy check fails at the moment', () => {
    const rules = [rule({ id: 'r' })];
    const cases: [string, FirstApproval, SignalMoment][] = [
      ['snoozed', approve(rules, { settings: { ...DEFAULT_SETTINGS, snoozeUntil: NOW + 1000 } }), exit()],
      ['site off', approve(rules, { siteEnabled: false }), exit()],
      ['already shown here', approve(rules, { pageViewShown: true }), exit()],
      ['held out here', approve(rules, { pageViewHeldOut: true }), exit()],
      ['over fullscreen content', approve(rules), exit({ quiet: { ...QUIET, fullscreen: true } })],
      [
        'budget of the site spent',
        approve(rules, { budget: { day: localDay(NOW), total: 2, bySite: { [SHOP]: 2 } } }),
        exit(),
      ],
    ];
    for (const [name, approval, moment] of cases) assert.equal(predictFirst(approval, moment), undefined, name);
    // A budget of yesterday counts for nothing today.
    const yesterday = approve(rules, { budget: { day: localDay(NOW - 86_400_000), total: 4, bySite: { [SHOP]: 2 } } });
    assert.equal(predictFirst(yesterday, exit())?.ruleId, 'r');
  });

  test("decides with the moment's own time, signal and page context", () => {
    const scroll = rule({ id: 's', trigger: { signal: 'scroll-depth', atLeast: 50 } });
    const approval = approve([scroll]);
    const at = (seconds: number, percent: number) =>
      predictFirst(approval, {
        now: NOW - 20_000 + seconds * 1000,
        signal: { type: 'scroll-depth', percent },
        quiet: QUIET,
      });
    assert.equal(at(1, 75), undefined, 'the first seconds on the page');
    assert.equal(at(10, 25), undefined, 'not deep enough');
    assert.equal(at(10, 75)?.ruleId, 's');
    const priced = approve([rule({ id: 'p', conditions: [{ kind: 'price', min: 100 }] })]);
    assert.equal(predictFirst(priced, exit({ context: { product: { price: 50 } } })), undefined);
    assert.equal(predictFirst(priced, exit({ context: { product: { price: 150 } } }))?.ruleId, 'p');
    // A rule on its frequency: shown an hour ago, once a day.
    const daily = rule({ id: 'd', frequency: { every: 'days', days: 1 } });
    assert.equal(predictFirst(approve([daily], { lastShownByRule: { d: NOW - 3_600_000 } }), exit()), undefined);
    assert.equal(predictFirst(approve([daily], { lastShownByRule: { d: NOW - 90_000_000 } }), exit())?.ruleId, 'd');
  });

  test('leaves the decision to the background for a hold-out, an unknown arm, or a flow it cannot word', () => {
    const ab = rule({
      id: 'ab',
      flowId: undefined,
      variants: [{ id: 'out', flowId: null, weight: 1 }],
    });
    assert.equal(predictFirst(approve([ab]), exit()), undefined, 'hold-out');
    const split = rule({ id: 'split', flowId: undefined, variants: [{ id: 'a', flowId: 'offer', weight: 1 }] });
    const { visitorId: _none, ...noId } = state();
    const page = rulesForPage(buildRuleIndex([split, rule({ id: 'below', priority: -1 })]), URL_);
    const unknown = approvalOf('pv', noId, page, ['exit-intent'], paint);
    // The A/B rule would decide first: the rule below it must not be painted in its place.
    assert.equal(predictFirst(unknown, exit()), undefined, 'arm unknown');
    assert.equal(predictFirst(approve([split]), exit())?.flowId, 'offer', 'arm known');
    const unworded = approvalOf(
      'pv',
      state(),
      rulesForPage(buildRuleIndex([rule({ id: 'r' })]), URL_),
      ['exit-intent'],
      () => undefined,
    );
    assert.equal(predictFirst(unworded, exit()), undefined);
  });

  test('says which first bubbles were worded with the page context (their words hold only for it)', () => {
    const page = rulesForPage(buildRuleIndex([rule({ id: 'titled', priority: 1 }), rule({ id: 'plain' })]), URL_);
    const worded = (r: Rule, flowId: string) => ({
      ...paint(r, flowId),
      ...(r.id === 'titled' ? { readsPage: true } : {}),
    });
    const approval = JSON.parse(
      JSON.stringify(approvalOf('pv', state(), page, ['exit-intent'], worded)),
    ) as FirstApproval;
    assert.deepEqual(
      approval.triggers['exit-intent']?.map((r) => [r.rule.id, r.pageWords ?? false, Object.keys(r.paint ?? {})]),
      [
        ['titled', true, ['entry', 'first']],
        ['plain', false, ['entry', 'first']],
      ],
    );
    assert.equal(predictFirst(approval, exit())?.pageWords, true);
    assert.equal(predictFirst(approve([rule({ id: 'plain' })]), exit())?.pageWords, undefined);
  });

  test('tests addresses and regular expressions with the answers the background gave, never by matching them', () => {
    const segment = (id: string, pattern: string) => ({
      id,
      name: id,
      conditions: [{ kind: 'path' as const, pattern }],
    });
    const inSegment = (id: string) => rule({ id, conditions: [{ kind: 'segment', segment: id, member: true }] });
    const segments = [segment('on-pricing', '/pricing*'), segment('on-blog', '/blog/*')];
    const shown = (r: Rule, over: Partial<HelloState> = {}, context?: SignalMoment['context']) => {
      const approval = approve([r], { segments, ...over });
      const input: DecisionInput = {
        ...state({ segments, ...over }),
        now: NOW,
        signal: { type: 'exit-intent' },
        quiet: QUIET,
        rules: [r],
      };
      const page = context ? { ...input.page, context } : input.page;
      return [
        predictFirst(approval, exit(context ? { context } : {}))?.ruleId,
        decide({ ...input, page }).show?.ruleId,
      ];
    };
    // A segment's address condition: answered for this page view.
    assert.deepEqual(shown(inSegment('on-pricing')), ['on-pricing', 'on-pricing']);
    assert.deepEqual(shown(inSegment('on-blog')), [undefined, undefined]);
    // A regular expression on the visitor's attributes: answered too.
    const plan = (pattern: string) =>
      rule({ id: pattern, conditions: [{ kind: 'visitor-attribute', name: 'plan', op: 'regex', value: pattern }] });
    const pro = { profile: { tags: [], attributes: { plan: 'Pro' } } };
    assert.deepEqual(shown(plan('^pr'), pro), ['^pr', '^pr']);
    assert.deepEqual(shown(plan('^x'), pro), [undefined, undefined]);
    // On the page context, known only at the signal: the decision is the background's.
    const titled = rule({ id: 't', conditions: [{ kind: 'page', field: 'title', op: 'regex', value: 'pack \\d+' }] });
    assert.deepEqual(shown(titled, {}, { title: 'Trail pack 28' }), [undefined, 't']);
    const untitled = rule({ id: 'u', conditions: [{ kind: 'page', field: 'title', op: 'contains', value: 'pack' }] });
    assert.deepEqual(shown(untitled, {}, { title: 'Trail pack 28' }), ['u', 'u']);
  });

  test("hands the page nothing of other sites, nor the visitor's profile unless a rule asks about it", () => {
    const plain = approve([rule({ id: 'r' })]);
    assert.deepEqual(plain.state.budget?.bySite, { [SHOP]: 1 });
    assert.deepEqual(plain.state.dismissals?.bySite, {});
    assert.deepEqual(plain.state.profile, { tags: [] });
    const tagged = approve([rule({ id: 't', conditions: [{ kind: 'visitor-tag', tag: 'buyer', present: true }] })]);
    assert.deepEqual(tagged.state.profile, { tags: ['buyer'] });
    assert.equal(predictFirst(tagged, exit())?.ruleId, 't');
  });
});
