import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { regexIssue } from './pattern-check.ts';
import { validateRule } from './rule-validation.ts';
import { RULE_VERSION } from './rule-model.ts';

const rule = (conditions: unknown[]) => ({
  id: 'r',
  version: RULE_VERSION,
  name: 'R',
  enabled: true,
  shadow: false,
  trigger: { signal: 'exit-intent' },
  conditions,
  flowId: 'f',
  entry: 'panel',
  priority: 0,
  frequency: { every: 'page-view' },
});

describe('regular expressions a rule may use', () => {
  test('problems as codes with the position in the pattern', () => {
    assert.equal(regexIssue('^/shop/(item|product)/\\d+$'), undefined);
    assert.equal(regexIssue('/(a+)+$'), undefined, 'nested quantifiers are harmless to a linear-time engine');
    assert.deepEqual(regexIssue('^/(\\w+)/\\1'), { code: 'regex-backreference', params: { at: 9 } });
    assert.deepEqual(regexIssue('^/shop(?!/cart)'), { code: 'regex-lookaround', params: { at: 7 } });
    assert.deepEqual(regexIssue('((a{1,40}){1,40}){1,40}'), { code: 'regex-too-complex', params: { at: 1 } });
    assert.deepEqual(regexIssue('/shop/['), { code: 'bad-regex', params: { at: 7 } });
  });

  test('the rule validator says why, at the field, for URL and text conditions', () => {
    const r = validateRule(
      rule([
        { kind: 'url', match: 'regex', pattern: '^/(\\w+)/\\1' },
        { kind: 'page', field: 'title', op: 'regex', value: '(?<=Sale) now' },
        { kind: 'url', match: 'glob', pattern: '/*a*a*a*a*a*a*b' },
      ]),
      'rule',
      new Set(['f']),
    );
    assert.ok(!r.ok);
    assert.deepEqual(
      r.errors.map((e) => [e.path, e.reason?.code]),
      [
        ['rule.conditions[0].pattern', 'v-regex-backreference'],
        ['rule.conditions[1].value', 'v-regex-lookaround'],
      ],
    );
    assert.match(r.errors[0]!.message, /back-reference .* linear time/);
  });
});

describe('patterns a rule carries in its JSON Schema too', () => {
  test('a time of day that is not HH:MM is refused with its own reason, an id with the id reason', () => {
    const r = validateRule(
      { ...rule([{ kind: 'time-of-day', from: '9:30', to: '25:00' }]), id: 'a rule' },
      'rule',
      new Set(['f']),
    );
    assert.ok(!r.ok);
    assert.deepEqual(
      r.errors.map((e) => [e.path, e.reason?.code]),
      [
        ['rule.id', 'v-id-chars'],
        ['rule.conditions[0].to', 'v-time'],
      ],
    );
  });
});
