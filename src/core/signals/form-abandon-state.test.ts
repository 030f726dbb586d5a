import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formStep, isAbandoned, newForm, type FormEvent } from './form-abandon-state.ts';

function run(events: FormEvent[]) {
  const s = newForm();
  for (const e of events) formStep(s, e);
  return s;
}

describe('form started then abandoned', () => {
  test('typed, then left for the grace period: abandoned', () => {
    const s = run([
      { kind: 'typed', t: 0 },
      { kind: 'typed', t: 300 },
      { kind: 'left', t: 1000 },
    ]);
    assert.equal(isAbandoned(s, 2000), false);
    assert.equal(isAbandoned(s, 3000), true);
  });
  test('left, then came back to it: not abandoned', () => {
    const s = run([
      { kind: 'typed', t: 0 },
      { kind: 'left', t: 1000 },
      { kind: 'returned', t: 1800 },
    ]);
    assert.equal(isAbandoned(s, 9000), false);
  });
  test('submitted: never abandoned, even when the page is hidden afterwards', () => {
    const s = run([
      { kind: 'typed', t: 0 },
      { kind: 'submitted', t: 500 },
      { kind: 'left', t: 600 },
    ]);
    assert.equal(isAbandoned(s, 9000, true), false);
  });
  test('focused without typing, then left: not started, not abandoned', () => {
    const s = run([
      { kind: 'returned', t: 0 },
      { kind: 'left', t: 100 },
    ]);
    assert.equal(isAbandoned(s, 9000, true), false);
  });
  test('typed, then the tab was hidden while focus was still in the form: abandoned at once', () => {
    const s = run([{ kind: 'typed', t: 0 }]);
    assert.equal(isAbandoned(s, 100), false);
    assert.equal(isAbandoned(s, 100, true), true);
  });
});
