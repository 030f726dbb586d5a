/**
 * The engine on a busy page: exit intent over fullscreen content or a modal dialog, a modal
 * dialog as a busy state whatever the quiet-moment rules say, and the hold the content script
 * made, stated in the trace.
 */
import { checkInEnglish } from '../test-support/catalogue.ts';
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { decide, type Decision, type DecisionInput } from './engine.ts';
import { RULE_VERSION, type Rule } from './rule-model.ts';
import type { QuietState, Signal } from '../signals/signal-model.ts';

const NOW = new Date(2025, 4, 14, 12, 0, 0).getTime();
const EXIT: Signal = { type: 'exit-intent' };
const DWELL: Signal = { type: 'dwell', seconds: 10 };
const quiet: QuietState = { typing: false, selecting: false, scrollingFast: false, media: false, fullscreen: false };

function rule(id: string, trigger: Rule['trigger']): Rule {
  return {
    id,
    version: RULE_VERSION,
    name: `Rule ${id}`,
    enabled: true,
    shadow: false,
    trigger,
    conditions: [],
    flowId: 'exit-offer',
    entry: 'panel',
    priority: 0,
    frequency: { every: 'page-view' },
  };
}

const rules = [rule('exit', { signal: 'exit-intent' }), rule('dwell', { signal: 'dwell', seconds: 10 })];

function input(over: Partial<DecisionInput>): DecisionInput {
  return {
    now: NOW,
    signal: EXIT,
    page: { url: 'https://shop.example/pricing', startedAt: NOW - 60_000 },
    siteEnabled: true,
    pageViewShown: false,
    profile: { tags: [] },
    lastShownByRule: {},
    rules,
    flowIds: new Set(['exit-offer']),
    ...over,
  };
}

const quietCheck = (d: Decision) => checkInEnglish(d.policy.at(-1)!);

describe('decide: busy pages', () => {
  test('exit intent is never shown over fullscreen content (it showed a panel over a fullscreen video)', () => {
    const d = decide(input({ quiet: { ...quiet, fullscreen: true } }));
    assert.equal(d.show, null);
    assert.deepEqual(quietCheck(d), {
      label: 'Not over fullscreen content or a dialog',
      passed: false,
      detail: 'visitor is in fullscreen',
    });
  });

  test('nor over a modal dialog; typing or media still do not hold exit intent back', () => {
    assert.equal(decide(input({ quiet: { ...quiet, modal: true } })).show, null);
    const d = decide(input({ quiet: { ...quiet, typing: true, media: true } }));
    assert.equal(d.show?.ruleId, 'exit');
    assert.equal(quietCheck(d).detail, 'quiet');
  });

  test('a modal dialog blocks every signal, even with every quiet-moment rule turned off', () => {
    const off = { typing: false, selecting: false, scrollingFast: false, media: false, fullscreen: false };
    const d = decide(input({ signal: DWELL, quiet: { ...quiet, modal: true }, settings: { quietMoments: off } }));
    assert.equal(d.show, null);
    assert.equal(quietCheck(d).detail, 'visitor is in a dialog (the page behind it is locked)');
    assert.equal(
      decide(input({ signal: DWELL, quiet: { ...quiet, fullscreen: true }, settings: { quietMoments: off } })).show
        ?.ruleId,
      'dwell',
    );
  });

  test('the trace says how long the signal was held, and why', () => {
    const after = decide(input({ signal: DWELL, quiet, held: { ms: 3240, while: ['modal'] } }));
    assert.equal(after.show?.ruleId, 'dwell');
    assert.equal(
      quietCheck(after).detail,
      'quiet after being held 3.2 sec while the visitor was in a dialog (the page behind it is locked)',
    );
    const still = decide(
      input({ signal: DWELL, quiet: { ...quiet, typing: true }, held: { ms: 30_000, while: ['typing'] } }),
    );
    assert.equal(still.show, null);
    assert.equal(quietCheck(still).detail, 'visitor is typing (held 30.0 sec)');
  });
});
