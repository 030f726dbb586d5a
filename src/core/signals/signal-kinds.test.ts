import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as v from 'valibot';
import { BUSY_STATES, SIGNAL_TYPES, type BusyState, type SignalType } from './signal-kinds.ts';
import { QuietStateSchema, SignalSchema, type QuietState, type Signal } from './signal-model.ts';

/** `true` exactly when A and B are the same set of values (typecheck fails on the constants below otherwise). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

describe('signal kinds: the schema-free lists agree with the schemas', () => {
  test('SIGNAL_TYPES names every kind SignalSchema accepts, once', () => {
    const typesAgree: Same<Signal['type'], SignalType> = true;
    assert.equal(typesAgree, true);
    const kinds = SignalSchema.options.flatMap((option) => {
      const type = option.entries.type;
      return 'literal' in type ? [type.literal] : [...type.options];
    });
    assert.deepEqual([...kinds].sort(), [...SIGNAL_TYPES].sort());
    assert.equal(new Set(SIGNAL_TYPES).size, SIGNAL_TYPES.length);
  });
  test('BUSY_STATES are exactly the keys of QuietStateSchema', () => {
    const keysAgree: Same<keyof QuietState, BusyState> = true;
    assert.equal(keysAgree, true);
    // The schema is strict and requires every key: it accepts this object only when the keys agree.
    const calm = Object.fromEntries(BUSY_STATES.map((k) => [k, false]));
    assert.equal(v.safeParse(QuietStateSchema, calm).success, true);
  });
});
