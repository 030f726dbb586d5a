/**
 * Regular expressions of rule conditions, matched in time linear in the text: Tact compiles a
 * marketer's pattern (JavaScript syntax, as `new RegExp(pattern)` reads it) to a small program and
 * runs it as a Thompson NFA (all alternatives in step, never backtracking), so `/(a+)+$/` or
 * `.*.*.*=.*x` cost at most `(text length + 1) × program size` steps instead of stalling the
 * background for seconds. The price: what only a backtracking engine can do is refused —
 * back-references (`\1`, `\k<name>`) and lookarounds (`(?=`, `(?!`, `(?<=`, `(?<!`) — and so is a
 * program larger than `MAX_PROGRAM_SIZE` (counted repetitions are written out: `(a{1,30}){1,30}`).
 *
 * Only whether the pattern matches somewhere is computed (`RegExp.prototype.test`), so greedy and
 * lazy quantifiers, and the order of alternatives, make no difference. Pure: runs in Node, tested
 * against the browser's own RegExp with fast-check.
 */

/** Why a pattern is refused. */
type RegexProblem = 'syntax' | 'backreference' | 'lookaround' | 'too-complex';

/** The largest program (instructions) a pattern may compile to. */
export const MAX_PROGRAM_SIZE = 2000;
/** The longest pattern compiled at all (validation allows 500 characters). */
const MAX_PATTERN_LENGTH = 1000;

export interface LinearRegex {
  /** Instructions of the compiled program: the cost of one text character, at most. */
  readonly size: number;
  /** Whether the pattern matches anywhere in `text`. */
  test(text: string): boolean;
  /** `test`, also counting the steps taken (instructions visited), for tests and benches. */
  run(text: string): { matched: boolean; steps: number };
}

export type CompiledRegex = { ok: true; regex: LinearRegex } | { ok: false; problem: RegexProblem; at: number };

// ----------------------------------------------------------------------------- character sets

/** A set of UTF-16 code units: flat inclusive [lo, hi] pairs, possibly negated. */
interface Part {
  ranges: number[];
  negate: boolean;
}
/** A class is the union of its parts, possibly negated as a whole. */
interface CharSet {
  parts: Part[];
  negate: boolean;
}

const DIGIT = [48, 57];
const WORD = [48, 57, 65, 90, 95, 95, 97, 122];
const SPACE = [
  9, 13, 32, 32, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f, 0x205f, 0x205f, 0x3000,
  0x3000, 0xfeff, 0xfeff,
];
const LINE_TERMINATORS = [10, 10, 13, 13, 0x2028, 0x2029];

const single = (c: number): CharSet => ({ parts: [{ ranges: [c, c], negate: false }], negate: false });
const ofPart = (ranges: number[], negate: boolean): Part => ({ ranges, negate });

function inRanges(ranges: number[], c: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) if (c >= ranges[i]! && c <= ranges[i + 1]!) return true;
  return false;
}

/** Whether c is one of the class's members (before the class's own negation). */
function isMember(set: CharSet, c: number): boolean {
  for (const p of set.parts) if (inRanges(p.ranges, c) !== p.negate) return true;
  return false;
}

/** Case folding as JavaScript's non-unicode `i` flag does it (ECMA-262 Canonicalize). */
function canonicalize(c: number): number {
  const upper = String.fromCharCode(c).toUpperCase();
  if (upper.length !== 1) return c;
  const u = upper.charCodeAt(0);
  return c >= 128 && u < 128 ? c : u;
}

/**
 * A membership test for one set, memoised for ASCII. Case-insensitively (ECMA-262
 * CharacterSetMatcher), c matches when some member folds to the same as c, and a negated class
 * negates that answer.
 */
function matcherOf(set: CharSet, ignoreCase: boolean): (c: number) => boolean {
  const found = ignoreCase
    ? (c: number) => {
        if (isMember(set, c)) return true;
        const k = canonicalize(c);
        // The characters that fold to the same as c: c itself, its canonical form, and that form's
        // lower case (enough for every JavaScript case pair and triple, e.g. µ/μ/Μ, ς/σ/Σ).
        for (const x of [k, String.fromCharCode(k).toLowerCase().charCodeAt(0)])
          if (x !== c && canonicalize(x) === k && isMember(set, x)) return true;
        return false;
      }
    : (c: number) => isMember(set, c);
  const test = (c: number) => found(c) !== set.negate;
  const ascii = new Int8Array(128); // 0 unknown, 1 yes, 2 no
  return (c) => {
    if (c >= 128) return test(c);
    const known = ascii[c]!;
    if (known) return known === 1;
    const hit = test(c);
    ascii[c] = hit ? 1 : 2;
    return hit;
  };
}

// ----------------------------------------------------------------------------- parsing

type Assertion = 'start' | 'end' | 'word' | 'not-word';
type Node =
  | { t: 'empty' }
  | { t: 'char'; set: CharSet }
  | { t: 'assert'; kind: Assertion }
  | { t: 'cat'; items: Node[] }
  | { t: 'alt'; items: Node[] }
  | { t: 'rep'; node: Node; min: number; max: number };

class Refusal extends Error {
  constructor(
    readonly problem: RegexProblem,
    readonly at: number,
  ) {
    super(problem);
  }
}

const isHex = (s: string) => /^[0-9A-Fa-f]+$/.test(s);

function parse(src: string): Node {
  let i = 0;
  const refuse = (problem: RegexProblem, at = i): never => {
    throw new Refusal(problem, at);
  };

  /** `{n}`, `{n,}` or `{n,m}` at i: its bounds and end, or null (then "{" is a literal). */
  const braceQuantifier = (at: number): { min: number; max: number; end: number } | null => {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(at, at + 24));
    if (!m) return null;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    return { min, max, end: at + m[0].length };
  };

  /** A character escape after "\" at i (i at the letter); returns a set. Used in and out of classes. */
  const escape = (inClass: boolean): CharSet => {
    const ch = src[i];
    if (ch === undefined) return refuse('syntax', i - 1);
    i++;
    switch (ch) {
      case 'd':
        return { parts: [ofPart(DIGIT, false)], negate: false };
      case 'D':
        return { parts: [ofPart(DIGIT, true)], negate: false };
      case 'w':
        return { parts: [ofPart(WORD, false)], negate: false };
      case 'W':
        return { parts: [ofPart(WORD, true)], negate: false };
      case 's':
        return { parts: [ofPart(SPACE, false)], negate: false };
      case 'S':
        return { parts: [ofPart(SPACE, true)], negate: false };
      case 't':
        return single(9);
      case 'n':
        return single(10);
      case 'v':
        return single(11);
      case 'f':
        return single(12);
      case 'r':
        return single(13);
      case 'b':
        return single(8); // only reached inside a class: backspace
      case 'x': {
        const hex = src.slice(i, i + 2);
        if (hex.length === 2 && isHex(hex)) {
          i += 2;
          return single(parseInt(hex, 16));
        }
        return single('x'.charCodeAt(0));
      }
      case 'u': {
        const hex = src.slice(i, i + 4);
        if (hex.length === 4 && isHex(hex)) {
          i += 4;
          return single(parseInt(hex, 16));
        }
        return single('u'.charCodeAt(0));
      }
      case 'c': {
        const letter = src[i];
        if (letter !== undefined && (/[A-Za-z]/.test(letter) || (inClass && /[0-9_]/.test(letter)))) {
          i++;
          return single(letter.charCodeAt(0) % 32);
        }
        i--; // "\c" not followed by a control letter is a backslash, then "c"
        return single(92);
      }
      default:
        if (ch >= '0' && ch <= '7' && (ch === '0' || inClass)) {
          // Legacy octal escape (\0, \012; in a class also \1…\7): up to three digits, at most \377.
          let value = Number(ch);
          for (let k = 0; k < 2 && /[0-7]/.test(src[i] ?? '') && value * 8 + Number(src[i]) <= 0o377; k++)
            value = value * 8 + Number(src[i++]);
          return single(value);
        }
        if (inClass && (ch === '8' || ch === '9')) return single(ch.charCodeAt(0));
        return single(ch.charCodeAt(0)); // identity escape: \. \/ \- and, outside unicode mode, \a \p…
    }
  };

  const singleCode = (set: CharSet): number | undefined => {
    const p = set.parts[0];
    return !set.negate &&
      set.parts.length === 1 &&
      !p!.negate &&
      p!.ranges.length === 2 &&
      p!.ranges[0] === p!.ranges[1]
      ? p!.ranges[0]
      : undefined;
  };

  const charClass = (): CharSet => {
    const open = i - 1;
    const negate = src[i] === '^';
    if (negate) i++;
    const parts: Part[] = [];
    const atom = (): CharSet => {
      const ch = src[i];
      if (ch === undefined) return refuse('syntax', open);
      i++;
      return ch === '\\' ? escape(true) : single(ch.charCodeAt(0));
    };
    for (;;) {
      if (i >= src.length) refuse('syntax', open);
      if (src[i] === ']') {
        i++;
        return { parts, negate };
      }
      const from = atom();
      if (src[i] === '-' && src[i + 1] !== ']' && src[i + 1] !== undefined) {
        const dash = i;
        i++;
        const to = atom();
        const lo = singleCode(from);
        const hi = singleCode(to);
        if (lo !== undefined && hi !== undefined) {
          if (lo > hi) refuse('syntax', dash);
          parts.push(ofPart([lo, hi], false));
          continue;
        }
        // A class escape on either side: "-" is a literal (as browsers read it outside unicode mode).
        parts.push(...from.parts, ofPart([45, 45], false), ...to.parts);
        continue;
      }
      parts.push(...from.parts);
    }
  };

  const alternation = (depth: number): Node => {
    const items = [sequence(depth)];
    while (src[i] === '|') {
      i++;
      items.push(sequence(depth));
    }
    return items.length === 1 ? items[0]! : { t: 'alt', items };
  };

  const sequence = (depth: number): Node => {
    const items: Node[] = [];
    while (i < src.length && src[i] !== '|' && src[i] !== ')') items.push(term(depth));
    return items.length === 0 ? { t: 'empty' } : items.length === 1 ? items[0]! : { t: 'cat', items };
  };

  const term = (depth: number): Node => {
    const start = i;
    const ch = src[i]!;
    let atom: Node;
    let quantifiable = true;
    if (ch === '^' || ch === '$') {
      i++;
      atom = { t: 'assert', kind: ch === '^' ? 'start' : 'end' };
      quantifiable = false;
    } else if (ch === '\\') {
      i++;
      const next = src[i];
      if (next === 'b' || next === 'B') {
        i++;
        atom = { t: 'assert', kind: next === 'b' ? 'word' : 'not-word' };
        quantifiable = false;
      } else if (next !== undefined && next >= '1' && next <= '9') {
        return refuse('backreference', start);
      } else if (next === 'k' && src[i + 1] === '<') {
        return refuse('backreference', start);
      } else atom = { t: 'char', set: escape(false) };
    } else if (ch === '(') {
      i++;
      if (src[i] === '?') {
        const kind = src.slice(i, i + 3);
        if (kind.startsWith('?=') || kind.startsWith('?!') || kind === '?<=' || kind === '?<!')
          return refuse('lookaround', start);
        if (kind.startsWith('?:')) i += 2;
        else if (kind.startsWith('?<')) {
          const name = /^\?<([A-Za-z_$][\w$]*)>/.exec(src.slice(i));
          if (!name) return refuse('syntax', start);
          i += name[0].length;
        } else return refuse('syntax', start);
      }
      if (depth > 100) refuse('too-complex', start);
      atom = alternation(depth + 1);
      if (src[i] !== ')') return refuse('syntax', start);
      i++;
    } else if (ch === '.') {
      i++;
      atom = { t: 'char', set: { parts: [ofPart(LINE_TERMINATORS, true)], negate: false } };
    } else if (ch === '[') {
      i++;
      atom = { t: 'char', set: charClass() };
    } else if (ch === '*' || ch === '+' || ch === '?' || (ch === '{' && braceQuantifier(i))) {
      return refuse('syntax', start); // nothing to repeat
    } else {
      i++;
      atom = { t: 'char', set: single(ch.charCodeAt(0)) };
    }
    // At most one quantifier, optionally lazy; "{" that is not a quantifier is a literal.
    let min: number;
    let max: number;
    const q = src[i];
    const brace = q === '{' ? braceQuantifier(i) : null;
    if (q === '*' || q === '+' || q === '?') {
      i++;
      [min, max] = q === '*' ? [0, Infinity] : q === '+' ? [1, Infinity] : [0, 1];
    } else if (brace) {
      if (brace.min > brace.max) refuse('syntax', i);
      i = brace.end;
      ({ min, max } = brace);
    } else return atom;
    if (!quantifiable) refuse('syntax', start);
    if (src[i] === '?') i++;
    const after = src[i];
    if (after === '*' || after === '+' || after === '?' || (after === '{' && braceQuantifier(i))) refuse('syntax', i);
    return { t: 'rep', node: atom, min, max };
  };

  const node = alternation(0);
  if (i < src.length) refuse('syntax', i); // an unmatched ")"
  return node;
}

// ----------------------------------------------------------------------------- compiling

const CHAR = 0;
const SPLIT = 1;
const JMP = 2;
const ASSERT = 3;
const MATCH = 4;

/** The program size of a node once repetitions are written out (Infinity-safe, capped). */
function sizeOf(n: Node): number {
  switch (n.t) {
    case 'empty':
      return 0;
    case 'char':
    case 'assert':
      return 1;
    case 'cat':
      return n.items.reduce((s, x) => s + sizeOf(x), 0);
    case 'alt':
      return n.items.reduce((s, x) => s + sizeOf(x), 0) + 2 * (n.items.length - 1);
    case 'rep': {
      const body = sizeOf(n.node);
      const copies = n.max === Infinity ? n.min + 1 : n.max;
      return Math.min(copies * (body + 2), Number.MAX_SAFE_INTEGER);
    }
  }
}

interface Program {
  op: Int32Array;
  x: Int32Array;
  y: Int32Array;
  sets: ((c: number) => boolean)[];
}

function compile(root: Node, ignoreCase: boolean): Program {
  const op: number[] = [];
  const x: number[] = [];
  const y: number[] = [];
  const sets: ((c: number) => boolean)[] = [];
  const emit = (o: number, a = 0, b = 0): number => {
    op.push(o);
    x.push(a);
    y.push(b);
    return op.length - 1;
  };
  const ASSERTS: Assertion[] = ['start', 'end', 'word', 'not-word'];
  const gen = (n: Node): void => {
    switch (n.t) {
      case 'empty':
        return;
      case 'char':
        sets.push(matcherOf(n.set, ignoreCase));
        emit(CHAR, sets.length - 1);
        return;
      case 'assert':
        emit(ASSERT, ASSERTS.indexOf(n.kind));
        return;
      case 'cat':
        n.items.forEach(gen);
        return;
      case 'alt': {
        const jumps: number[] = [];
        n.items.forEach((item, k) => {
          if (k < n.items.length - 1) {
            const split = emit(SPLIT);
            x[split] = op.length;
            gen(item);
            jumps.push(emit(JMP));
            y[split] = op.length;
          } else gen(item);
        });
        for (const j of jumps) x[j] = op.length;
        return;
      }
      case 'rep': {
        for (let k = 0; k < n.min; k++) gen(n.node);
        if (n.max === Infinity) {
          const split = emit(SPLIT);
          x[split] = op.length;
          gen(n.node);
          emit(JMP, split);
          y[split] = op.length;
          return;
        }
        const exits: number[] = [];
        for (let k = n.min; k < n.max; k++) {
          const split = emit(SPLIT);
          x[split] = op.length;
          exits.push(split);
          gen(n.node);
        }
        for (const s of exits) y[s] = op.length;
        return;
      }
    }
  };
  gen(root);
  emit(MATCH);
  return { op: Int32Array.from(op), x: Int32Array.from(x), y: Int32Array.from(y), sets };
}

const isWordCode = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 95 || (c >= 97 && c <= 122);

function execute(p: Program, text: string): { matched: boolean; steps: number } {
  const size = p.op.length;
  const n = text.length;
  const mark = new Int32Array(size).fill(-1);
  let current = new Int32Array(size);
  let next = new Int32Array(size);
  let currentLength: number;
  let nextLength: number;
  const stack = new Int32Array(size * 2 + 2);
  let steps = 0;

  const wordAt = (pos: number) => pos >= 0 && pos < n && isWordCode(text.charCodeAt(pos));
  const holds = (kind: number, pos: number): boolean => {
    switch (kind) {
      case 0:
        return pos === 0;
      case 1:
        return pos === n;
      case 2:
        return wordAt(pos - 1) !== wordAt(pos);
      default:
        return wordAt(pos - 1) === wordAt(pos);
    }
  };
  /** Follows the empty moves from `pc` at `pos`, adding the threads that wait for a character; true on a match. */
  const add = (list: Int32Array, length: number, pc: number, pos: number): number => {
    let top = 0;
    stack[top++] = pc;
    while (top > 0) {
      const at = stack[--top]!;
      if (mark[at] === pos) continue;
      mark[at] = pos;
      steps++;
      switch (p.op[at]) {
        case JMP:
          stack[top++] = p.x[at]!;
          break;
        case SPLIT:
          stack[top++] = p.y[at]!;
          stack[top++] = p.x[at]!;
          break;
        case ASSERT:
          if (holds(p.x[at]!, pos)) stack[top++] = at + 1;
          break;
        case MATCH:
          return -1;
        default:
          list[length++] = at;
      }
    }
    return length;
  };

  currentLength = add(current, 0, 0, 0);
  if (currentLength < 0) return { matched: true, steps };
  for (let pos = 0; pos < n; pos++) {
    const c = text.charCodeAt(pos);
    nextLength = 0;
    for (let k = 0; k < currentLength; k++) {
      const at = current[k]!;
      steps++;
      if (p.sets[p.x[at]!]!(c)) {
        nextLength = add(next, nextLength, at + 1, pos + 1);
        if (nextLength < 0) return { matched: true, steps };
      }
    }
    // Unanchored: a match may also start at the next position.
    nextLength = add(next, nextLength, 0, pos + 1);
    if (nextLength < 0) return { matched: true, steps };
    [current, next] = [next, current];
    currentLength = nextLength;
  }
  return { matched: false, steps };
}

/**
 * Compiles `pattern` (JavaScript syntax, without flags or with `i` as `ignoreCase`) to a regex that
 * matches in linear time, or says why it cannot: a syntax error, a back-reference, a lookaround, a
 * program over `MAX_PROGRAM_SIZE` instructions. `at` is the offset in the pattern of the problem.
 */
export function compileLinearRegex(pattern: string, opts: { ignoreCase?: boolean } = {}): CompiledRegex {
  if (pattern.length > MAX_PATTERN_LENGTH) return { ok: false, problem: 'too-complex', at: MAX_PATTERN_LENGTH };
  let root: Node;
  try {
    root = parse(pattern);
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, problem: error.problem, at: error.at };
    throw error;
  }
  if (sizeOf(root) + 1 > MAX_PROGRAM_SIZE) return { ok: false, problem: 'too-complex', at: 0 };
  const program = compile(root, opts.ignoreCase === true);
  return {
    ok: true,
    regex: {
      size: program.op.length,
      test: (text) => execute(program, text).matched,
      run: (text) => execute(program, text),
    },
  };
}
