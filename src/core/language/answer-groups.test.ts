import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { groupAnswers, type AnswerText } from './answer-groups.ts';

const ANSWERS: AnswerText[] = [
  { text: 'where is my parcel' },
  { text: 'can I pay with PayPal?' },
  { text: 'my parcel has not arrived' },
  { text: 'Где моя посылка?' },
  { text: 'PayPal accepted?' },
  { text: 'посылка так и не пришла' },
  { text: '?!' },
  { text: 'vous acceptez PayPal', lang: 'fr' },
];

const groupOf = (groups: { members: number[] }[], i: number) => groups.findIndex((g) => g.members.includes(i));

describe('groupAnswers', () => {
  test('puts answers that say the same thing together, and others apart', () => {
    const groups = groupAnswers(ANSWERS);
    assert.equal(groupOf(groups, 0), groupOf(groups, 2), 'parcel questions');
    assert.equal(groupOf(groups, 1), groupOf(groups, 4), 'PayPal questions');
    assert.equal(groupOf(groups, 1), groupOf(groups, 7), 'PayPal in French too');
    assert.equal(groupOf(groups, 3), groupOf(groups, 5), 'посылка');
    assert.notEqual(groupOf(groups, 0), groupOf(groups, 1));
    assert.deepEqual(groups[groupOf(groups, 6)]!.members, [6], 'no content word: alone');
  });

  test('groups come largest first; each starts with its most central answer, then by similarity', () => {
    const groups = groupAnswers(ANSWERS);
    for (let i = 1; i < groups.length; i++) assert.ok(groups[i]!.members.length <= groups[i - 1]!.members.length);
    assert.equal(groups[0]!.members.length, 3);
  });

  test('every answer is in exactly one group; same answers, same groups; answers unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record(
            {
              text: fc.oneof(
                fc.string({ maxLength: 20 }),
                fc.constantFrom('where is my parcel', 'PayPal?', 'посылка', 'remboursement', 'refund please', ''),
              ),
            },
            { noNullPrototype: true },
          ),
          { maxLength: 25 },
        ),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (answers, minSimilarity) => {
          const copy = structuredClone(answers);
          const groups = groupAnswers(answers, { minSimilarity });
          assert.deepEqual(answers, copy);
          const seen = groups.flatMap((g) => g.members).sort((a, b) => a - b);
          assert.deepEqual(
            seen,
            answers.map((_, i) => i),
          );
          assert.deepEqual(groupAnswers(answers, { minSimilarity }), groups);
        },
      ),
      { numRuns: 80 },
    );
  });

  test('a stricter similarity never merges more', () => {
    const loose = groupAnswers(ANSWERS, { minSimilarity: 0.1 });
    const strict = groupAnswers(ANSWERS, { minSimilarity: 0.9 });
    assert.ok(strict.length >= loose.length);
    assert.deepEqual(groupAnswers([]), []);
  });
});
