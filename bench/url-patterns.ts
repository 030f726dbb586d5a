/**
 * URL-pattern benchmark: `npm run bench:patterns`.
 *
 * Before/after for the patterns of rule conditions:
 *  1. the two cases of the hardening issue through the browser's backtracking RegExp (how Tact
 *     matched before) at growing lengths, stopped once one match takes over a second;
 *  2. the same, and every pattern of the ReDoS corpus on its 3 000-character text, through
 *     Tact's matchers now (linear-time regex engine, glob without backtracking), with steps;
 *  3. the rule index's lookup for a 4 000-character URL with 200 prefix rules, the old loop (one
 *     slice per character) against the lookup by distinct prefix lengths.
 * Medians of 5 runs. Exit code 1 when a match through Tact's matchers takes 50 ms or more (the
 * safety bound of the issue), else 0. `--smoke` (part of `npm run bench:smoke`): part 1 only up
 * to 20 characters, and the bound is reported, not enforced (a smoke run checks that the bench
 * works; timing is not asserted on a shared machine).
 */
import { performance } from 'node:perf_hooks';
import { compileLinearRegex } from '../src/core/rules/linear-regex.ts';
import { globMatch } from '../src/core/rules/glob-match.ts';
import { buildRuleIndex } from '../src/core/rules/rule-index.ts';
import { REDOS_CORPUS } from '../src/core/test-support/redos-corpus.ts';
import type { Rule } from '../src/core/rules/rule-model.ts';
import { smoke } from './bench-options.ts';

const BOUND_MS = 50;

function median(run: () => unknown, times = 5): number {
  const ms: number[] = [];
  for (let k = 0; k < times; k++) {
    const t = performance.now();
    run();
    ms.push(performance.now() - t);
  }
  return ms.sort((a, b) => a - b)[Math.floor(times / 2)]!;
}

const fmt = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms.toFixed(1)).padStart(9);

/** How the glob was matched before: an anchored regular expression, `*` as `.*`. */
function oldGlob(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
}

console.log('1. Before: the browser RegExp (backtracking), one match, ms');
for (const [label, re, textOf] of [
  ['regex /(a+)+$', /\/(a+)+$/, (n: number) => `/${'a'.repeat(n - 2)}!`],
  ['glob /*a*a*a*a*a*a*b', oldGlob('/*a*a*a*a*a*a*b'), (n: number) => `/${'a'.repeat(n - 1)}`],
] as const) {
  for (const n of smoke ? [16, 20] : [16, 20, 22, 24, 26, 30, 40, 50]) {
    const ms = median(() => re.test(textOf(n)), 1);
    console.log(`   ${label.padEnd(24)} ${String(n).padStart(5)} chars ${fmt(ms)}`);
    if (ms > 1000) {
      console.log(`   ${label.padEnd(24)} (longer texts not tried: each step multiplies the time)`);
      break;
    }
  }
}

let worst = 0;
console.log('\n2. After: Tact matchers, one match, ms (steps)');
const issueRegex = compileLinearRegex('/(a+)+$');
if (!issueRegex.ok) throw new Error('the issue regex should compile');
for (const n of [26, 50, 4000]) {
  const text = `/${'a'.repeat(n - 2)}!`;
  const ms = median(() => issueRegex.regex.test(text));
  worst = Math.max(worst, ms);
  console.log(
    `   regex /(a+)+$          ${String(n).padStart(5)} chars ${fmt(ms)} (${issueRegex.regex.run(text).steps})`,
  );
}
for (const n of [50, 4000]) {
  const text = `/${'a'.repeat(n - 1)}`;
  const ms = median(() => globMatch('/*a*a*a*a*a*a*b', text));
  worst = Math.max(worst, ms);
  console.log(
    `   glob /*a*a*a*a*a*a*b   ${String(n).padStart(5)} chars ${fmt(ms)} (${globMatch('/*a*a*a*a*a*a*b', text).steps})`,
  );
}
for (const { pattern, text } of REDOS_CORPUS) {
  const c = compileLinearRegex(pattern);
  if (!c.ok) throw new Error(`${pattern} should compile`);
  const ms = median(() => c.regex.test(text));
  worst = Math.max(worst, ms);
  console.log(
    `   ${pattern.padEnd(30)} ${String(text.length).padStart(5)} chars ${fmt(ms)} (${c.regex.run(text).steps} steps, program ${c.regex.size})`,
  );
}

console.log('\n3. Rule index lookup, 200 prefix rules, ms per lookup');
const rules = Array.from({ length: 200 }, (_, i) => ({
  id: `r${i}`,
  version: 2,
  name: `Rule ${i}`,
  enabled: true,
  shadow: false,
  trigger: { signal: 'exit-intent' },
  conditions: [{ kind: 'url', match: 'prefix', pattern: `/shop/p${i}/` }],
  flowId: 'f',
  entry: 'panel',
  priority: 0,
  frequency: { every: 'page-view' },
})) as unknown as Rule[];
const index = buildRuleIndex(rules);
const byPrefix = new Map(rules.map((r) => [(r.conditions[0] as { pattern: string }).pattern, [r]]));
for (const n of [100, 4000]) {
  const url = `https://shop.example/shop/p1/${'a'.repeat(n - 33)}`;
  const path = new URL(url).pathname;
  const before = median(() => {
    const out: Rule[] = [];
    for (let i = 1; i <= path.length; i++) out.push(...(byPrefix.get(path.slice(0, i)) ?? []));
    return out;
  });
  const after = median(() => index.candidates('exit-intent', url));
  console.log(
    `   ${String(n).padStart(5)} chars: one slice per character ${fmt(before)}, by prefix lengths ${fmt(after)}`,
  );
}

console.log(`\nWorst match through Tact's matchers: ${worst.toFixed(2)} ms (bound ${BOUND_MS} ms)`);
process.exitCode = worst < BOUND_MS || smoke ? 0 : 1;
