import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { globMatch, globMatches } from './glob-match.ts';

/** The glob as a regular expression, as Tact matched it before: the reference on small inputs. */
function reference(glob: string, text: string): boolean {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^]*')
    .replace(/\?/g, '[^]');
  return new RegExp(`^${body}$`).test(text);
}

describe('glob matching without backtracking', () => {
  test('property: the same answers as the anchored regular expression', () => {
    const alphabet = fc.constantFrom('a', 'b', '/', '.', '*', '?', '(', '\\');
    const glob = fc.array(alphabet, { maxLength: 10 }).map((c) => c.join(''));
    const text = fc
      .array(fc.constantFrom('a', 'b', '/', '.', '(', '\\', '*', '?'), { maxLength: 14 })
      .map((c) => c.join(''));
    fc.assert(
      fc.property(glob, text, (g, t) => assert.equal(globMatches(g, t), reference(g, t), `${g} on ${t}`)),
      { numRuns: 10_000 },
    );
  });

  test('property: at most (text length + 1) × (pattern length + 1) comparisons', () => {
    const glob = fc.array(fc.constantFrom('a', 'b', '*', '?'), { maxLength: 40 }).map((c) => c.join(''));
    const text = fc.array(fc.constantFrom('a', 'b'), { maxLength: 300 }).map((c) => c.join(''));
    fc.assert(
      fc.property(glob, text, (g, t) => {
        assert.ok(globMatch(g, t).steps <= (t.length + 1) * (g.length + 1));
      }),
    );
  });

  test('the exponential case of the issue: /*a*a*a*a*a*a*b on long paths', () => {
    const glob = '/*a*a*a*a*a*a*b';
    for (const length of [50, 500, 4000]) {
      for (const [path, expected] of [
        [`/${'a'.repeat(length - 1)}`, false],
        [`/${'a'.repeat(length - 2)}b`, true],
        [`/${'a'.repeat(5)}${'c'.repeat(length - 7)}b`, false],
      ] as const) {
        const { matched, steps } = globMatch(glob, path);
        assert.equal(matched, expected, path.slice(0, 12));
        assert.ok(steps <= 2 * length, `${steps} comparisons for ${length} characters`);
      }
    }
  });
});
