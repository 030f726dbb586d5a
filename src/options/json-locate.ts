/**
 * A strict JSON reader that also says *where* things are: the line and column of a syntax error
 * (the same in every browser, unlike `JSON.parse` messages), and the line and column of every
 * value by its path in the validator's notation (`flow.nodes.ask.replies[1].next`), so a model
 * error can point at the line of the field in the text the marketer is editing. A syntax error is
 * codes, which `syntaxErrorText` words in the reader's language.
 */

export interface TextPosition {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

/** What went wrong, as a code the UI translates; `found` is the offending character, if any. */
type JsonSyntaxCode =
  | 'unexpected-end'
  | 'unexpected-char'
  | 'bad-string'
  | 'bad-number'
  | 'bad-escape'
  | 'trailing-text'
  | 'duplicate-key'
  | 'too-deep';

/**
 * The deepest nesting of objects and lists the reader accepts. A flow is a few levels deep; the
 * limit keeps a pasted or hostile text from exhausting the call stack (the reader is recursive)
 * and the memory of the positions map (one path per value, as long as its depth).
 */
export const MAX_JSON_DEPTH = 200;

/**
 * What the reader expected at an error: a character of JSON's syntax, or a value or a quoted key
 * (words, which `syntaxErrorText` says in the reader's language).
 */
type JsonExpected = ',' | '}' | ']' | ':' | '"' | 'value' | 'key';

export interface JsonSyntaxError extends TextPosition {
  code: JsonSyntaxCode;
  found?: string;
  /** What the reader expected there (one thing, or either of two), for the message. */
  expected?: JsonExpected[];
  offset: number;
}

export type JsonRead =
  { ok: true; value: unknown; positions: Map<string, TextPosition> } | { ok: false; error: JsonSyntaxError };

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const LITERALS: [string, boolean | null][] = [
  ['true', true],
  ['false', false],
  ['null', null],
];

class Stop extends Error {
  constructor(readonly info: { code: JsonSyntaxCode; offset: number; expected?: JsonExpected[] }) {
    super(info.code);
  }
}

/**
 * Parses `text` as JSON (RFC 8259, no comments, no trailing commas) and records the position of
 * every value under `root` (the path prefix, e.g. "flow"). Never throws: nesting deeper than
 * `MAX_JSON_DEPTH` is a `too-deep` error, not a stack overflow.
 */
export function readJson(text: string, root = ''): JsonRead {
  const positions = new Map<string, TextPosition>();
  let i = 0;
  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) if (text[k] === '\n') lineStarts.push(k + 1);
  const posOf = (offset: number): TextPosition => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  const fail = (code: JsonSyntaxCode, expected?: JsonExpected[], offset = i): never => {
    throw new Stop({ code, offset, ...(expected ? { expected } : {}) });
  };
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const expect = (ch: '"' | ':') => {
    if (i >= text.length) fail('unexpected-end', [ch]);
    if (text[i] !== ch) fail('unexpected-char', [ch]);
    i++;
  };
  const child = (path: string, key: string | number) =>
    typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

  const string = (): string => {
    const start = i;
    expect('"');
    let out = '';
    for (;;) {
      if (i >= text.length) fail('unexpected-end', ['"']);
      const ch = text[i]!;
      if (ch === '"') {
        i++;
        return out;
      }
      if (ch < ' ') fail('bad-string');
      if (ch === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (e === undefined) fail('bad-escape'); // a backslash ends the text
        if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad-escape');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else if (simple[e!] !== undefined) {
          out += simple[e!]!;
          i += 2;
        } else fail('bad-escape');
        continue;
      }
      // A run of plain characters in one slice.
      let j = i + 1;
      while (j < text.length) {
        const c = text.charCodeAt(j);
        if (c === 34 || c === 92 || c < 32) break;
        j++;
      }
      out += text.slice(i, j);
      i = j;
      if (i - start > 5_000_000) fail('bad-string');
    }
  };

  let depth = 0;
  const value = (path: string): unknown => {
    ws();
    if (i >= text.length) fail('unexpected-end', ['value']);
    positions.set(path, posOf(i));
    const ch = text[i]!;
    if ((ch === '{' || ch === '[') && depth >= MAX_JSON_DEPTH) fail('too-deep');
    if (ch === '{') {
      i++;
      depth++;
      const obj: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') {
        i++;
        depth--;
        return obj;
      }
      for (;;) {
        ws();
        if (i >= text.length) fail('unexpected-end', ['key']);
        if (text[i] !== '"') fail('unexpected-char', ['key']);
        const keyAt = i;
        const key = string();
        if (Object.hasOwn(obj, key)) fail('duplicate-key', undefined, keyAt);
        ws();
        expect(':');
        // Own property even for "__proto__": the reader must not change the object's prototype.
        Object.defineProperty(obj, key, {
          value: value(child(path, key)),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        ws();
        if (i >= text.length) fail('unexpected-end', [',', '}']);
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          depth--;
          return obj;
        }
        fail('unexpected-char', [',', '}']);
      }
    }
    if (ch === '[') {
      i++;
      depth++;
      const list: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        depth--;
        return list;
      }
      for (;;) {
        list.push(value(child(path, list.length)));
        ws();
        if (i >= text.length) fail('unexpected-end', [',', ']']);
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          depth--;
          return list;
        }
        fail('unexpected-char', [',', ']']);
      }
    }
    if (ch === '"') return string();
    for (const [word, v] of LITERALS) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(text);
    if (num && num[0] !== '-') {
      i += num[0].length;
      if (/[0-9.eE+-]/.test(text[i] ?? '')) fail('bad-number');
      return Number(num[0]);
    }
    if (ch === '-' || (ch >= '0' && ch <= '9')) fail('bad-number');
    return fail('unexpected-char', ['value']);
  };

  try {
    const v = value(root);
    ws();
    if (i < text.length) fail('trailing-text');
    return { ok: true, value: v, positions };
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    const { code, offset, expected } = error.info;
    const found = offset < text.length ? text[offset] : undefined;
    return {
      ok: false,
      error: {
        code,
        offset,
        ...posOf(offset),
        ...(found !== undefined ? { found } : {}),
        ...(expected ? { expected } : {}),
      },
    };
  }
}

/**
 * Where the field at `path` is in the text: its own position, or that of its closest ancestor
 * when the field is missing (a required field not written at all is reported on its object).
 */
export function positionOfPath(positions: Map<string, TextPosition>, path: string): TextPosition | undefined {
  let p = path;
  for (;;) {
    const hit = positions.get(p);
    if (hit) return hit;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) return positions.get('');
    p = p.slice(0, cut);
  }
}

const SYNTAX_KEYS: Record<JsonSyntaxCode, string> = {
  'unexpected-end': 'editorJsonEnd',
  'unexpected-char': 'editorJsonUnexpected',
  'bad-string': 'editorJsonBadString',
  'bad-number': 'editorJsonBadNumber',
  'bad-escape': 'editorJsonBadEscape',
  'trailing-text': 'editorJsonTrailing',
  'duplicate-key': 'editorJsonDuplicate',
  'too-deep': 'editorJsonTooDeep',
};

/**
 * A syntax error as a sentence, through `say` (a message key and its `$1`… → the text, e.g. the
 * page's `t`): where it is, what was found and what was expected, every word in that language
 * ("JSON error at line 3, column 3: unexpected “"”, expected “,” or “}”").
 */
export function syntaxErrorText(e: JsonSyntaxError, say: (key: string, ...substitutions: string[]) => string): string {
  // Quoted as the language quotes; a control character written as JSON escapes it, so it shows.
  const mark = (ch: string) => say('editorJsonMark', ch < ' ' ? JSON.stringify(ch).slice(1, -1) : ch);
  const one = (x: JsonExpected) =>
    x === 'value' ? say('editorJsonExpectValue') : x === 'key' ? say('editorJsonExpectKey') : mark(x);
  const [first, second] = (e.expected ?? []).map(one);
  const expected = second === undefined ? (first ?? '') : say('editorJsonEither', first!, second);
  const what = say(SYNTAX_KEYS[e.code], e.found === undefined ? '' : mark(e.found), expected, String(MAX_JSON_DEPTH));
  return say('editorJsonAt', String(e.line), String(e.column), what);
}
