/**
 * The linear-time regex engine: the same answers as the browser's RegExp on the patterns it
 * accepts (fast-check, thousands of generated patterns and texts, with and without `i`), refusals
 * that say why, and a ReDoS corpus whose cost is counted in steps: at most (text length + 1) ×
 * program size, where the browser's backtracking engine takes exponential or high-polynomial time.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileLinearRegex, MAX_PROGRAM_SIZE } from './linear-regex.ts';
import { REDOS_CORPUS } from '../test-support/redos-corpus.ts';

/** Patterns from the syntax Tact accepts, over a small alphabet so that matches are frequent. */
const patternArb: fc.Arbitrary<string> = fc.letrec<{ alt: string; seq: string; term: string; atom: string }>((tie) => ({
  alt: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('seq'),
    fc.tuple(tie('seq'), tie('seq')).map(([a, b]) => `${a}|${b}`),
  ),
  seq: fc.array(tie('term'), { maxLength: 4 }).map((terms) => terms.join('')),
  term: fc.oneof(
    tie('atom'),
    fc
      .tuple(tie('atom'), fc.constantFrom('*', '+', '?', '{2}', '{1,}', '{0,2}', '{1,3}'), fc.constantFrom('', '?'))
      .map(([a, q, lazy]) => a + q + lazy),
    fc.constantFrom('^', '$', '\\b', '\\B'),
  ),
  atom: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom('a', 'b', 'A', '/', '-', ' ', '\\.', '\\/', '.', '\\d', '\\w', '\\s', '\\D', '\\W', '\\S'),
    fc.constantFrom('[ab]', '[^a]', '[a-c]', '[\\d.]', '[^\\w/]', '[A-Z]', '[-a]', '[a-]', '[\\w-.]', '[]', '[^]'),
    fc.constantFrom('\\x61', '\\u0062', '\\t', '\\n', '{', '}', ']', 'x{1', '\\cJ', '\\0'),
    fc.tuple(tie('alt'), fc.constantFrom('(', '(?:')).map(([inner, open]) => `${open}${inner})`),
  ),
})).alt;

const textArb = fc
  .array(fc.constantFrom('a', 'b', 'A', 'B', '/', '.', '-', '1', ' ', '_', '\n', '\t', 'é', 'ſ', 'K'), {
    maxLength: 14,
  })
  .map((chars) => chars.join(''));

function native(pattern: string, flags: string): RegExp | null {
  try {
    return new RegExp(pattern, flags);
  } catch {
    return null;
  }
}

describe('linear regex: same answers as the browser', () => {
  test('property: generated patterns and texts, with and without the i flag', () => {
    fc.assert(
      fc.property(
        patternArb,
        fc.array(textArb, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (pattern, texts, icase) => {
          const re = native(pattern, icase ? 'i' : '');
          const mine = compileLinearRegex(pattern, { ignoreCase: icase });
          if (!re) {
            assert.equal(mine.ok, false, `the browser refuses /${pattern}/`);
            return;
          }
          if (!mine.ok) {
            assert.equal(mine.problem, 'too-complex', `/${pattern}/ refused as ${mine.problem}`);
            return;
          }
          for (const text of texts)
            assert.equal(mine.regex.test(text), re.test(text), `/${pattern}/ on ${JSON.stringify(text)}`);
        },
      ),
      { numRuns: 4000 },
    );
  });

  test('property: any text as a pattern is read as the browser reads it, or refused with a reason', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12, unit: fc.constantFrom(...Array.from('ab()[]{}|*+?.^$\\-,0123dwsbBkuxc<>=!:/')) }),
        textArb,
        (pattern, text) => {
          const re = native(pattern, '');
          const mine = compileLinearRegex(pattern);
          if (!re) {
            assert.equal(mine.ok, false, `the browser refuses /${pattern}/`);
            return;
          }
          if (!mine.ok) {
            // Accepted by the browser, refused here: only for what a linear engine cannot do.
            assert.ok(
              ['backreference', 'lookaround'].includes(mine.problem),
              `/${pattern}/ refused as ${mine.problem}`,
            );
            return;
          }
          assert.equal(mine.regex.test(text), re.test(text), `/${pattern}/ on ${JSON.stringify(text)}`);
        },
      ),
      { numRuns: 6000 },
    );
  });

  test('URL patterns marketers write', () => {
    const cases: [string, string, boolean][] = [
      ['^https://shop\\.example/(item|product)/\\d+', 'https://shop.example/item/42?x=1', true],
      ['^https://shop\\.example/(item|product)/\\d+', 'https://shop.example/items/42', false],
      ['/p/\\d+(/reviews)?$', '/p/12/reviews', true],
      ['^/(en|fr|ru)/shop/[a-z0-9-]+$', '/fr/shop/sac-45l', true],
      ['.*sale.*', '/summer-sale/', true],
      ['^/search\\?q=.*', '/search?q=tent', true],
      ['^/(?:blog|news)/\\d{4}/\\d{2}/', '/blog/2026/11/post', true],
      ['^/(?:blog|news)/\\d{4}/\\d{2}/', '/blog/26/11/post', false],
    ];
    for (const [pattern, url, expected] of cases) {
      const c = compileLinearRegex(pattern);
      assert.ok(c.ok, pattern);
      assert.equal(c.regex.test(url), expected, `${pattern} on ${url}`);
    }
  });

  test('refusals say why, and where', () => {
    const cases: [string, string, number][] = [
      ['^/(a+)/\\1$', 'backreference', 7],
      ['(?<id>\\d+)-\\k<id>', 'backreference', 11],
      ['^/shop(?=/)', 'lookaround', 6],
      ['(?<!x)a', 'lookaround', 0],
      ['/shop/(', 'syntax', 6],
      ['a**', 'syntax', 2],
      ['[z-a]', 'syntax', 2],
      ['(a{1,30}){1,30}', 'too-complex', 0],
      ['a{5000}', 'too-complex', 0],
    ];
    for (const [pattern, problem, at] of cases) {
      const c = compileLinearRegex(pattern);
      assert.deepEqual(c.ok ? 'accepted' : { problem: c.problem, at: c.at }, { problem, at }, pattern);
    }
  });
});

describe('linear regex: a ReDoS corpus', () => {
  test('every hostile pattern compiles and matches a 3 000-character text within (length + 1) × size steps', () => {
    for (const { pattern, text } of REDOS_CORPUS) {
      const c = compileLinearRegex(pattern);
      assert.ok(c.ok, pattern);
      assert.ok(c.regex.size <= MAX_PROGRAM_SIZE);
      const short = text.slice(0, 16);
      assert.equal(c.regex.test(short), native(pattern, '')!.test(short), pattern);
      const { steps } = c.regex.run(text);
      assert.ok(
        steps <= (text.length + 1) * c.regex.size * 2,
        `${pattern}: ${steps} steps for ${text.length} characters`,
      );
    }
  });

  test('steps grow linearly with the text: doubling it at most doubles them (plus a constant)', () => {
    for (const { pattern, text } of REDOS_CORPUS) {
      const c = compileLinearRegex(pattern);
      assert.ok(c.ok);
      const half = c.regex.run(text.slice(0, text.length / 2)).steps;
      const full = c.regex.run(text).steps;
      assert.ok(full <= 2 * half + 4 * c.regex.size, `${pattern}: ${half} then ${full} steps`);
    }
  });
});
