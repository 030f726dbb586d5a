import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addToPlan, emptyPlan, type ArmingPlan } from './arming-plan.ts';
import type { Trigger } from './signal-model.ts';
import { INTENTS } from './signal-kinds.ts';
import { presenceTimeoutMs } from './presence.ts';

const planOf = (...triggers: Trigger[]): ArmingPlan => {
  const plan = emptyPlan();
  for (const t of triggers) addToPlan(plan, t);
  return plan;
};

describe('the gate a plan arms behind (presenceTimeoutMs)', () => {
  test('triggers that follow input wait for it alone: no timer', () => {
    for (const plan of [
      planOf({ signal: 'exit-intent' }),
      planOf({ signal: 'scroll-depth', atLeast: 50 }, { signal: 'scroll-depth', atLeast: 80, of: 'content' }),
      planOf({ signal: 'hesitation', selector: '.price', ms: 1500 }),
      planOf({ signal: 'rage-click' }, { signal: 'tab-return' }, { signal: 'form-abandon' }, { signal: 'copy' }),
    ])
      assert.equal(presenceTimeoutMs(plan), undefined, JSON.stringify(plan));
  });

  test('time thresholds arm at the smallest of them, dwell or idle', () => {
    assert.equal(presenceTimeoutMs(planOf({ signal: 'dwell', seconds: 45 })), 45_000);
    assert.equal(presenceTimeoutMs(planOf({ signal: 'idle', seconds: 20 }, { signal: 'exit-intent' })), 20_000);
    assert.equal(
      presenceTimeoutMs(
        planOf({ signal: 'dwell', seconds: 60 }, { signal: 'idle', seconds: 12 }, { signal: 'dwell', seconds: 8 }),
      ),
      8_000,
    );
  });

  test('an intent estimated from dwell or idle brings their default threshold; the others none', () => {
    const timed = INTENTS.filter((intent) => presenceTimeoutMs(planOf({ signal: 'intent', intent, atLeast: 0.5 })));
    assert.deepEqual(timed.sort(), ['leaving', 'reading']);
    assert.equal(presenceTimeoutMs(planOf({ signal: 'intent', intent: 'leaving', atLeast: 0.7 })), 30_000);
    // A rule's own smaller threshold still comes first.
    assert.equal(
      presenceTimeoutMs(
        planOf({ signal: 'intent', intent: 'reading', atLeast: 0.5 }, { signal: 'dwell', seconds: 10 }),
      ),
      10_000,
    );
  });
});
