import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_JSON_DEPTH, positionOfPath, readJson, syntaxErrorText, type JsonSyntaxError } from './json-locate.ts';
import { wordsOf } from '../core/test-support/catalogue.ts';

test('reads what JSON.parse reads, with the position of every value by path', () => {
  const text =
    '{\n  "name": "x",\n  "nodes": {\n    "ask": { "replies": [ { "next": "a" }, { "next": "b" } ] }\n  }\n}';
  const r = readJson(text, 'flow');
  assert.ok(r.ok);
  assert.deepEqual(r.value, JSON.parse(text));
  assert.deepEqual(r.positions.get('flow.name'), { line: 2, column: 11 });
  assert.deepEqual(r.positions.get('flow.nodes.ask.replies[1].next'), { line: 4, column: 54 });
  assert.deepEqual(positionOfPath(r.positions, 'flow.nodes.ask.replies[1].next'), { line: 4, column: 54 });
  // A missing field is placed on its closest ancestor.
  assert.deepEqual(positionOfPath(r.positions, 'flow.nodes.ask.text'), r.positions.get('flow.nodes.ask'));
});

test('syntax errors give line, column and what was expected, in every engine alike', () => {
  const missingComma = readJson('{\n  "a": 1\n  "b": 2\n}');
  assert.ok(!missingComma.ok);
  assert.equal(missingComma.error.code, 'unexpected-char');
  assert.deepEqual([missingComma.error.line, missingComma.error.column], [3, 3]);
  assert.deepEqual(missingComma.error.expected, [',', '}']);
  assert.equal(missingComma.error.found, '"');

  const trailingComma = readJson('[1, 2, ]');
  assert.ok(!trailingComma.ok);
  assert.deepEqual(
    [trailingComma.error.line, trailingComma.error.column, trailingComma.error.expected],
    [1, 8, ['value']],
  );

  const cut = readJson('{ "a": [1, 2');
  assert.ok(!cut.ok);
  assert.equal(cut.error.code, 'unexpected-end');

  for (const [text, code] of [
    ['{"a": 01}', 'bad-number'],
    ['"a\\x"', 'bad-escape'],
    ['{} x', 'trailing-text'],
    ['{"a":1,"a":2}', 'duplicate-key'],
    ['"line\nbreak"', 'bad-string'],
  ] as const) {
    const r = readJson(text);
    assert.ok(!r.ok, text);
    assert.equal(r.error.code, code, text);
  }
});

test('a syntax error is worded in the reader’s language, what was expected too', () => {
  const error = (text: string): JsonSyntaxError => {
    const r = readJson(text);
    assert.ok(!r.ok, text);
    return r.error;
  };
  const key = error('{ nowhere }');
  const comma = error('{\n  "a": 1\n  "b": 2\n}');
  const cut = error('[1, ');
  const say = (lang: string, e: JsonSyntaxError) => {
    const words = wordsOf(lang);
    return syntaxErrorText(e, (key, ...subs) => words.t(key, ...subs));
  };
  assert.equal(say('en', key), 'JSON error at line 1, column 3: unexpected “n”, expected a key in quotes');
  assert.equal(say('en', comma), 'JSON error at line 3, column 3: unexpected “"”, expected “,” or “}”');
  assert.equal(
    say('fr', key),
    'Erreur JSON ligne 1, colonne 3\u00a0: «\u00a0n\u00a0» inattendu\u202f; attendu\u00a0: une clé entre guillemets',
  );
  assert.equal(
    say('fr', comma),
    'Erreur JSON ligne 3, colonne 3\u00a0: «\u00a0"\u00a0» inattendu\u202f; attendu\u00a0: «\u00a0,\u00a0» ou «\u00a0}\u00a0»',
  );
  assert.equal(
    say('fr', cut),
    'Erreur JSON ligne 1, colonne 5\u00a0: le texte s’arrête trop tôt (attendu\u00a0: une valeur)',
  );
  assert.equal(say('ru', key), 'Ошибка JSON в строке 1, столбце 3: неожиданный символ «n», ожидалось: ключ в кавычках');
  assert.equal(say('ru', comma), 'Ошибка JSON в строке 3, столбце 3: неожиданный символ «"», ожидалось: «,» или «}»');
  // A backslash at the very end of the text is a malformed escape, not an end with nothing expected.
  assert.equal(error('"a\\').code, 'bad-escape');
});

test('strings, escapes, numbers and literals match JSON.parse', () => {
  for (const text of ['"é\\u00e9\\n\\"\\\\"', '-12.5e3', '[true, false, null, 0, {}, []]', '{"__proto__": {"x": 1}}']) {
    const r = readJson(text);
    assert.ok(r.ok, text);
    assert.deepEqual(r.value, JSON.parse(text), text);
  }
  const proto = readJson('{"__proto__": {"polluted": 1}}');
  assert.ok(proto.ok);
  assert.equal(Object.getPrototypeOf(proto.value), Object.prototype);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('10 000 levels of nesting: a too-deep error at the first level past the limit, never a RangeError', () => {
  const n = 10_000;
  for (const text of ['['.repeat(n) + ']'.repeat(n), '{"a":'.repeat(n) + '1' + '}'.repeat(n)]) {
    const r = readJson(text, 'flow');
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'too-deep');
    assert.equal(r.error.line, 1);
    const opener = text[0] === '[' ? 1 : 5;
    assert.equal(r.error.column, MAX_JSON_DEPTH * opener + 1);
  }
  // Exactly at the limit still reads, and matches JSON.parse.
  const deepest = '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH);
  const r = readJson(deepest);
  assert.ok(r.ok);
  assert.deepEqual(r.value, JSON.parse(deepest));
});
