import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_JSON_DEPTH, positionOfPath, readJson } from './json-locate.ts';

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
  assert.equal(missingComma.error.expected, '"," or "}"');
  assert.equal(missingComma.error.found, '"');

  const trailingComma = readJson('[1, 2, ]');
  assert.ok(!trailingComma.ok);
  assert.deepEqual(
    [trailingComma.error.line, trailingComma.error.column, trailingComma.error.expected],
    [1, 8, 'a value'],
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
