/**
 * Sticky assignment: the same visitor always gets the same arm of a rule; over 10 000 simulated
 * visitors the arms' sizes follow the weights within tolerance.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignVariant } from './variant-assignment.ts';
import { sampleRatioCheck } from './experiment-statistics.ts';
import type { Variant } from './experiment-model.ts';

const VISITORS = 10_000;

/** Visitor ids as the embed makes them (random UUIDs) and the harsh case: ids one character apart. */
const ID_KINDS: [string, (i: number) => string][] = [
  ['sequential ids', (i) => `visitor-${i}`],
  [
    'uuid-like ids',
    (i) => `${(i * 2654435761) >>> 0}`.padStart(10, '0') + '-4c1e-9b7a-' + i.toString(16).padStart(12, '0'),
  ],
];

function split(variants: Variant[], idOf: (i: number) => string, ruleId = 'exit-offer'): Map<string, number> {
  const sizes = new Map(variants.map((v) => [v.id, 0]));
  for (let i = 0; i < VISITORS; i++) {
    const v = assignVariant(idOf(i), ruleId, variants);
    assert.ok(v);
    sizes.set(v.id, (sizes.get(v.id) ?? 0) + 1);
  }
  return sizes;
}

const HALF_AND_HALF: Variant[] = [
  { id: 'show', flowId: 'exit-offer', weight: 1 },
  { id: 'hold-out', flowId: null, weight: 1 },
];
const FOUR_EQUAL: Variant[] = ['a', 'b', 'c', 'd'].map((id, i) => ({ id, flowId: `f${i + 1}`, weight: 1 }));

const SPLITS: [string, Variant[]][] = [
  ['a flow and a hold-out, 50/50', HALF_AND_HALF],
  [
    'three flows, 50/30/20',
    [
      { id: 'a', flowId: 'f1', weight: 50 },
      { id: 'b', flowId: 'f2', weight: 30 },
      { id: 'c', flowId: 'f3', weight: 20 },
    ],
  ],
  ['four flows, equal', FOUR_EQUAL],
];

for (const [name, variants] of SPLITS) {
  for (const [idKind, idOf] of ID_KINDS) {
    test(`${name}, ${idKind}: each arm within 4 standard deviations of its share`, () => {
      const sizes = split(variants, idOf);
      const total = variants.reduce((s, v) => s + v.weight, 0);
      for (const v of variants) {
        const p = v.weight / total;
        const sd = Math.sqrt(VISITORS * p * (1 - p));
        const got = sizes.get(v.id) ?? 0;
        assert.ok(
          Math.abs(got - VISITORS * p) <= 4 * sd,
          `${v.id}: ${got} visitors, expected ${VISITORS * p} ± ${4 * sd}`,
        );
      }
      const srm = sampleRatioCheck(
        variants.map((v) => sizes.get(v.id) ?? 0),
        variants.map((v) => v.weight),
      );
      assert.equal(srm.mismatch, false, `chi-square p ${srm.pValue}`);
    });
  }
}

test('sticky: the same visitor and rule give the same arm every time', () => {
  const variants = FOUR_EQUAL;
  for (let i = 0; i < 200; i++) {
    const first = assignVariant(`v${i}`, 'r', variants);
    for (let k = 0; k < 3; k++) assert.equal(assignVariant(`v${i}`, 'r', variants), first);
  }
});

test('two rules split the same visitors independently', () => {
  const variants = HALF_AND_HALF;
  let same = 0;
  for (let i = 0; i < VISITORS; i++) {
    if (assignVariant(`visitor-${i}`, 'rule-a', variants)?.id === assignVariant(`visitor-${i}`, 'rule-b', variants)?.id)
      same++;
  }
  // Independent 50/50 splits agree for half the visitors (sd 50).
  assert.ok(Math.abs(same - VISITORS / 2) <= 200, `agreed for ${same}`);
});

test('no variant with a positive weight: no assignment', () => {
  assert.equal(assignVariant('v', 'r', []), null);
  assert.equal(assignVariant('v', 'r', [{ id: 'a', flowId: 'f', weight: 0 }]), null);
});
