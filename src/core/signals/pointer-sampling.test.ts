import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pointerSampleMs, sampleMoves } from './pointer-sampling.ts';

/**
 * Replays cursor moves (ms, ascending) through `sampleMoves` on a simulated clock, and returns the
 * last activity it stamped as of each time in `at`, with how many moves the listener was called for.
 */
function replay(moves: readonly number[], periodMs: number, at: readonly number[]): { last: number[]; calls: number } {
  let now = 0;
  let listener: ((t: number) => void) | undefined;
  const timers: { t: number; fn: () => void }[] = [];
  let stamped = -Infinity;
  let calls = 0;
  sampleMoves(
    {
      listenOnce: (fn) => (listener = fn),
      later: (fn, ms) => timers.push({ t: now + ms, fn }),
      now: () => now,
    },
    periodMs,
    (t) => (stamped = Math.max(stamped, t)),
  );
  const runUntil = (end: number, inclusive: boolean) => {
    for (;;) {
      timers.sort((a, b) => a.t - b.t);
      const next = timers[0];
      if (!next || next.t > end || (!inclusive && next.t === end)) return;
      timers.shift();
      now = next.t;
      next.fn();
    }
  };
  const events = [...moves.map((t) => ({ t, move: true })), ...at.map((t) => ({ t, move: false }))].sort(
    (a, b) => a.t - b.t || Number(b.move) - Number(a.move), // a move before a look at the same time
  );
  const last: number[] = [];
  for (const e of events) {
    runUntil(e.t, !e.move);
    now = e.t;
    if (!e.move) last.push(stamped);
    else if (listener) {
      const fn = listener;
      listener = undefined;
      calls++;
      fn(e.t);
    }
  }
  return { last, calls };
}

describe('cursor moves, sampled', () => {
  test('a steady stream of moves calls the listener once per period, not once per move', () => {
    const moves = Array.from({ length: 600 }, (_, i) => i * 16); // 60 moves per second for ~9.6 s
    const { last, calls } = replay(moves, 1000, [9_584, 20_000]);
    assert.equal(calls, 10);
    assert.ok(last[0]! >= 9_000, `known active at ${last[0]} ms`);
    assert.ok(last[1]! >= 9_584 && last[1]! <= 9_584 + 1000, `last move 9584 ms, known ${last[1]} ms`);
  });

  test('the sample period: a quarter of the smallest threshold, at most one second', () => {
    assert.equal(pointerSampleMs(1000), 250);
    assert.equal(pointerSampleMs(30_000), 1000);
  });

  test('property: once a period has passed since the last stamp, it is never before the last move and at most one period after it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20_000 }), { maxLength: 200 }),
        fc.integer({ min: 50, max: 1000 }),
        fc.array(fc.integer({ min: 0, max: 25_000 }), { minLength: 1, maxLength: 20 }),
        (raw, periodMs, rawAt) => {
          const moves = [...new Set(raw)].sort((a, b) => a - b);
          const at = [...rawAt].sort((a, b) => a - b);
          const { last } = replay(moves, periodMs, at);
          at.forEach((t, i) => {
            const stamped = last[i]!;
            const lastMove = moves.filter((m) => m <= t).at(-1) ?? -Infinity;
            // Idle (elapsed ≥ a threshold ≥ one period) is judged only in this case.
            if (t - stamped < periodMs) return;
            assert.ok(stamped >= lastMove, `at ${t}: stamped ${stamped}, last move ${lastMove}`);
            assert.ok(stamped <= lastMove + periodMs, `at ${t}: stamped ${stamped}, last move ${lastMove}`);
          });
        },
      ),
    );
  });
});
