/**
 * Regular expressions that stall a backtracking engine (exponentially or with a high polynomial),
 * each with a 3 000-character text that makes it: shared by the unit tests of the linear-time
 * engine (steps counted) and by `npm run bench:patterns` (time measured).
 */
export const REDOS_CORPUS: { pattern: string; text: string }[] = [
  { pattern: '/(a+)+$', text: `/${'a'.repeat(3000)}!` },
  { pattern: '(a|a)*$', text: `${'a'.repeat(3000)}!` },
  { pattern: '(a|aa)+$', text: `${'a'.repeat(3000)}!` },
  { pattern: '^(\\w+\\s?)*$', text: `${'word '.repeat(600)}!` },
  { pattern: '(.*a){12}', text: 'a'.repeat(3000) },
  { pattern: '.*.*.*=.*x', text: '='.repeat(3000) },
  { pattern: '^(a|b|ab)*c$', text: 'ab'.repeat(1500) },
  { pattern: '(x+x+)+y', text: 'x'.repeat(3000) },
  { pattern: '^(([a-z])+.)+[A-Z]([a-z])+$', text: 'a'.repeat(3000) },
  { pattern: '^.*a.*a.*a.*a.*b$', text: 'a'.repeat(3000) },
  { pattern: '^(\\d+)*$', text: `${'1'.repeat(3000)}x` },
  { pattern: '(?:a*)*b', text: 'a'.repeat(3000) },
];
