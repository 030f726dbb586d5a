/**
 * Why a rule's regular expression cannot be used, as a code and the position in the pattern, for
 * the validators to report at the field (the pages word it in the reader's language). Every
 * pattern Tact accepts is matched in linear time (linear-regex.ts); a pattern is refused when it
 * is not valid, or needs what only a backtracking engine can do (the constructs behind catastrophic
 * backtracking: back-references, lookarounds), or is too large once its repetitions are counted.
 */
import { compileLinearRegex } from './linear-regex.ts';

export type PatternIssueCode = 'bad-regex' | 'regex-backreference' | 'regex-lookaround' | 'regex-too-complex';

export interface PatternIssue {
  code: PatternIssueCode;
  /** 1-based position of the problem in the pattern. */
  params: { at: number };
}

const CODES = {
  syntax: 'bad-regex',
  backreference: 'regex-backreference',
  lookaround: 'regex-lookaround',
  'too-complex': 'regex-too-complex',
} as const;

/** The problem with a regular expression (case-insensitive for text conditions), or undefined. */
export function regexIssue(pattern: string, ignoreCase = false): PatternIssue | undefined {
  const compiled = compileLinearRegex(pattern, { ignoreCase });
  return compiled.ok ? undefined : { code: CODES[compiled.problem], params: { at: compiled.at + 1 } };
}
