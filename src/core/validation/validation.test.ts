import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { validateFlow } from '../flows/flow-validation.ts';
import { validateRule, hasId } from '../rules/rule-validation.ts';
import type { Validated, CheckError } from './checks.ts';
import { DEFAULT_FLOWS, DEFAULT_RULES } from '../flows/default-pack.ts';
import { MODEL_VERSION } from '../flows/flow-model.ts';
import { RULE_VERSION, type Rule } from '../rules/rule-model.ts';
import { SCROLL_DEPTHS } from '../signals/signal-kinds.ts';

// Test fixtures are mutated freely into invalid shapes, so they are loosely typed on purpose.
type Loose = any;

function goodFlow(): Loose {
  return {
    id: 'finder',
    version: MODEL_VERSION,
    name: 'Backpack finder',
    persona: { name: 'Sam', avatar: 'S' },
    start: 'ask',
    nodes: {
      ask: {
        type: 'choice',
        text: 'Day hike or multi-day trip?',
        replies: [
          { id: 'day', label: 'Day hike', next: 'day', tags: ['day-hiker'] },
          { id: 'multi', label: 'Several days', next: 'multi' },
        ],
      },
      day: { type: 'end', text: 'A 20-litre pack will do.' },
      multi: { type: 'end', text: 'Look at 45 litres and up.' },
    },
  };
}

function goodRule(): Loose {
  return {
    id: 'pricing-scroll',
    version: RULE_VERSION,
    name: 'Reading the pricing table',
    enabled: true,
    shadow: false,
    trigger: { signal: 'scroll-depth', atLeast: 50 },
    conditions: [
      { kind: 'url', match: 'glob', pattern: '/pricing*' },
      { kind: 'min-seconds-on-page', seconds: 5 },
      { kind: 'visitor-tag', tag: 'returning', present: false },
    ],
    flowId: 'finder',
    entry: 'panel',
    priority: 10,
    frequency: { every: 'days', days: 7 },
  };
}

function errorsOf<T>(result: Validated<T>): CheckError[] {
  assert.equal(result.ok, false, 'expected validation to fail');
  if (result.ok) throw new Error('unreachable');
  assert.ok(result.errors.length > 0);
  // The English sentence and path; the reason (code) each error also carries is tested in error-reasons.test.ts.
  return result.errors.map(({ path, message }) => ({ path, message }));
}

/** Asserts the result failed with an error at `path` (follow-on errors allowed) and returns its message. */
function errorAt<T>(result: Validated<T>, path: string): string {
  const errors = errorsOf(result);
  const e = errors.find((x) => x.path === path);
  assert.ok(e, `no error at ${path}: ${JSON.stringify(errors)}`);
  return e.message;
}

/** Asserts the result failed with exactly one error, at `path`, and returns its message. */
function onlyError<T>(result: Validated<T>, path: string): string {
  const errors = errorsOf(result);
  assert.deepEqual(
    errors.map((e) => e.path),
    [path],
    JSON.stringify(errors),
  );
  return errors[0]!.message;
}

function assertOk<T>(result: Validated<T>): T {
  assert.ok(result.ok, result.ok ? '' : JSON.stringify(result.errors));
  return result.value;
}

// ---------------------------------------------------------------- default pack

describe('the default pack', () => {
  const flowIds = new Set(DEFAULT_FLOWS.map((f) => f.id));

  for (const [i, flow] of DEFAULT_FLOWS.entries()) {
    test(`default flow "${flow.id}" is valid`, () => {
      const value = assertOk(validateFlow(flow, `flows[${i}]`));
      assert.deepEqual(value, flow, 'the validated value is the input, nothing lost');
    });
  }

  for (const [i, rule] of DEFAULT_RULES.entries()) {
    test(`default rule "${rule.id}" is valid and starts an existing flow`, () => {
      assertOk(validateRule(rule, `rules[${i}]`, flowIds));
    });
  }

  test('default flow and rule ids are unique', () => {
    assert.equal(flowIds.size, DEFAULT_FLOWS.length);
    assert.equal(new Set(DEFAULT_RULES.map((r) => r.id)).size, DEFAULT_RULES.length);
  });

  test('the fixtures of this file are valid too', () => {
    assertOk(validateFlow(goodFlow()));
    assertOk(validateRule(goodRule(), 'rule', new Set(['finder'])));
  });
});

// ---------------------------------------------------------------- flows

describe('validateFlow', () => {
  test('a reply pointing to a missing node names the exact reply', () => {
    const f = goodFlow();
    f.nodes.ask.replies[1].next = 'nowhere';
    delete f.nodes.multi;
    const msg = onlyError(validateFlow(f), 'flow.nodes.ask.replies[1].next');
    assert.equal(msg, 'points to node "nowhere", which does not exist');
  });

  test("the path starts with the caller's prefix", () => {
    const f = goodFlow();
    f.nodes.ask.replies[1].next = 'nowhere';
    delete f.nodes.multi;
    onlyError(validateFlow(f, 'flows[2]'), 'flows[2].nodes.ask.replies[1].next');
  });

  test('a node nothing leads to is reported as never reached', () => {
    const f = goodFlow();
    f.nodes.orphan = { type: 'end', text: 'Nobody sees me.' };
    const msg = onlyError(validateFlow(f), 'flow.nodes.orphan');
    assert.match(msg, /never be reached/);
    assert.match(msg, /"orphan"/);
    assert.match(msg, /"ask"/);
  });

  test('a whole unreachable branch is reported node by node', () => {
    const f = goodFlow();
    f.nodes.island = {
      type: 'choice',
      text: 'Lost?',
      replies: [
        { id: 'a', label: 'A', next: 'shore' },
        { id: 'b', label: 'B' },
      ],
    };
    f.nodes.shore = { type: 'end', text: 'Found.' };
    const errors = errorsOf(validateFlow(f));
    assert.deepEqual(errors.map((e) => e.path).sort(), ['flow.nodes.island', 'flow.nodes.shore']);
  });

  test('a reply may loop back to an earlier node, and a reply without next ends the flow', () => {
    const f = goodFlow();
    f.nodes.ask.replies.push({ id: 'again', label: 'Ask me again', next: 'ask' }, { id: 'stop', label: 'Stop' });
    assertOk(validateFlow(f));
  });

  test('a flow that is just one end node is valid', () => {
    const f = goodFlow();
    f.start = 'bye';
    f.nodes = { bye: { type: 'end', text: 'Thanks for visiting.' } };
    assertOk(validateFlow(f));
  });

  test('a choice with one reply is rejected', () => {
    const f = goodFlow();
    f.nodes.ask.replies = [f.nodes.ask.replies[0]];
    delete f.nodes.multi;
    const errors = errorsOf(validateFlow(f));
    assert.deepEqual(errors[0], { path: 'flow.nodes.ask.replies', message: 'must have at least 2 items, got 1' });
  });

  test('a choice with five replies is rejected; two to four are fine', () => {
    for (const count of [2, 3, 4, 5]) {
      const f = goodFlow();
      f.nodes.ask.replies = Array.from({ length: count }, (_, i) => ({
        id: `r${i}`,
        label: `Reply ${i}`,
        next: i % 2 ? 'day' : 'multi',
      }));
      const result = validateFlow(f);
      if (count <= 4) assertOk(result);
      else
        assert.deepEqual(errorsOf(result)[0], {
          path: 'flow.nodes.ask.replies',
          message: 'must have at most 4 items, got 5',
        });
    }
  });

  test('a choice without a replies list is rejected at that node', () => {
    const f = goodFlow();
    f.nodes.ask.replies = { day: 'Day hike' };
    const errors = errorsOf(validateFlow(f));
    assert.equal(errors[0]?.path, 'flow.nodes.ask.replies');
    assert.equal(errors[0]?.message, 'must be a list, got an object');
  });

  test('two replies with the same id are rejected at the second one', () => {
    const f = goodFlow();
    f.nodes.ask.replies[1].id = 'day';
    const msg = onlyError(validateFlow(f), 'flow.nodes.ask.replies[1].id');
    assert.equal(msg, 'duplicate reply id "day"');
  });

  test('a reply id with spaces is rejected', () => {
    const f = goodFlow();
    f.nodes.ask.replies[0].id = 'day hike';
    assert.equal(
      onlyError(validateFlow(f), 'flow.nodes.ask.replies[0].id'),
      'may contain only letters, digits, "-" and "_"',
    );
  });

  test('reply labels and tags are checked', () => {
    const f = goodFlow();
    f.nodes.ask.replies[0].label = '';
    f.nodes.ask.replies[1].tags = ['ok', 'not ok'];
    const errors = errorsOf(validateFlow(f));
    assert.deepEqual(errors, [
      { path: 'flow.nodes.ask.replies[0].label', message: 'must not be empty' },
      { path: 'flow.nodes.ask.replies[1].tags[1]', message: 'may contain only letters, digits, "-" and "_"' },
    ]);
  });

  test('more than ten tags on a reply are rejected', () => {
    const f = goodFlow();
    f.nodes.ask.replies[0].tags = Array.from({ length: 11 }, (_, i) => `t${i}`);
    onlyError(validateFlow(f), 'flow.nodes.ask.replies[0].tags');
  });

  test('a start that is not a node is rejected', () => {
    const f = goodFlow();
    f.start = 'begin';
    const errors = errorsOf(validateFlow(f));
    assert.deepEqual(errors, [{ path: 'flow.start', message: 'points to node "begin", which does not exist' }]);
  });

  test('a start that is not an id is rejected', () => {
    for (const start of ['', 'a b', 7, undefined]) {
      const f = goodFlow();
      f.start = start;
      const errors = errorsOf(validateFlow(f));
      assert.equal(errors[0]?.path, 'flow.start', JSON.stringify(start));
    }
  });

  test('a version other than the current one is rejected', () => {
    for (const version of [0, 2, '1', null, undefined]) {
      const f = goodFlow();
      f.version = version;
      const msg = onlyError(validateFlow(f), 'flow.version');
      assert.match(msg, /^must be one of 1, got /);
    }
  });

  test('input that is not an object is rejected at the root', () => {
    const cases: [unknown, string][] = [
      [null, 'must be an object, got null'],
      [undefined, 'must be an object, got undefined'],
      ['flow', 'must be an object, got "flow"'],
      [42, 'must be an object, got 42'],
      [[goodFlow()], 'must be an object, got a list'],
    ];
    for (const [value, message] of cases) {
      assert.deepEqual(errorsOf(validateFlow(value)), [{ path: 'flow', message }]);
      assert.deepEqual(errorsOf(validateFlow(value, 'flows[3]')), [{ path: 'flows[3]', message }]);
    }
  });

  test('unknown node types are rejected', () => {
    const f = goodFlow();
    f.nodes.day.type = 'teleport';
    assert.match(
      onlyError(validateFlow(f), 'flow.nodes.day.type'),
      /^must be one of "message", "choice", .*got "teleport"$/,
    );
  });

  test('a node that is not an object is rejected', () => {
    const f = goodFlow();
    f.nodes.day = 'A 20-litre pack will do.';
    const errors = errorsOf(validateFlow(f));
    assert.equal(errors[0]?.path, 'flow.nodes.day');
    assert.equal(errors[0]?.message, 'must be an object, got "A 20-litre pack will do."');
  });

  test('a node id with spaces is rejected', () => {
    const f = goodFlow();
    f.nodes['multi day'] = f.nodes.multi;
    delete f.nodes.multi;
    f.nodes.ask.replies[1].next = undefined;
    const errors = errorsOf(validateFlow(f));
    assert.ok(
      errors.some((e) => e.path === 'flow.nodes.multi day' && /letters, digits/.test(e.message)),
      JSON.stringify(errors),
    );
  });

  test('empty nodes and missing nodes are rejected', () => {
    const empty = goodFlow();
    empty.nodes = {};
    assert.deepEqual(errorsOf(validateFlow(empty)), [{ path: 'flow.nodes', message: 'must have at least one node' }]);
    const missing = goodFlow();
    delete missing.nodes;
    assert.deepEqual(errorsOf(validateFlow(missing)), [
      { path: 'flow.nodes', message: 'must be an object, got undefined' },
    ]);
  });

  test('more than 200 nodes are rejected', () => {
    const f = goodFlow();
    for (let i = 0; i < 200; i++) f.nodes[`n${i}`] = { type: 'end', text: 'x' };
    const errors = errorsOf(validateFlow(f));
    assert.ok(errors.some((e) => e.path === 'flow.nodes' && e.message === 'must have at most 200 nodes (got 203)'));
  });

  test('name, persona and node text are checked', () => {
    const f = goodFlow();
    f.name = '';
    f.persona.avatar = 'SAMMY';
    f.nodes.day.text = 5;
    const errors = errorsOf(validateFlow(f));
    assert.deepEqual(errors, [
      { path: 'flow.name', message: 'must not be empty' },
      { path: 'flow.persona.avatar', message: 'must be at most 4 characters (got 5)' },
      { path: 'flow.nodes.day.text', message: 'must be text, got 5' },
    ]);
    const noPersona = goodFlow();
    delete noPersona.persona;
    assert.equal(onlyError(validateFlow(noPersona), 'flow.persona'), 'must be an object, got undefined');
  });

  test('an input step with a placeholder, tags and a next node is valid; without next it ends the flow', () => {
    const f = goodFlow();
    f.nodes.ask.replies[1].next = 'tell';
    f.nodes.tell = {
      type: 'input',
      text: 'Where are you heading?',
      placeholder: 'e.g. the Alps',
      next: 'multi',
      tags: ['told-destination'],
    };
    assertOk(validateFlow(f));
    delete f.nodes.tell.next;
    delete f.nodes.multi;
    assertOk(validateFlow(f));
  });

  test("an input step pointing to a missing node names the step's next field", () => {
    const f = goodFlow();
    f.nodes.ask.replies[1].next = 'tell';
    f.nodes.tell = { type: 'input', text: 'Where are you heading?', next: 'nowhere' };
    delete f.nodes.multi;
    assert.equal(errorAt(validateFlow(f), 'flow.nodes.tell.next'), 'points to node "nowhere", which does not exist');
  });

  test("an input step's placeholder and tags are checked", () => {
    const f = goodFlow();
    f.nodes.ask.replies[1].next = 'tell';
    f.nodes.tell = {
      type: 'input',
      text: 'Where?',
      placeholder: 'p'.repeat(121),
      tags: ['fine', 'not fine'],
      next: 'multi',
    };
    assert.deepEqual(
      errorsOf(validateFlow(f)).map((e) => e.path),
      ['flow.nodes.tell.placeholder', 'flow.nodes.tell.tags[1]'],
    );
  });

  test('several problems are all reported at once', () => {
    const f = goodFlow();
    f.id = 'has space';
    f.version = 9;
    f.nodes.ask.replies[1].next = 'gone';
    const paths = errorsOf(validateFlow(f)).map((e) => e.path);
    for (const p of ['flow.id', 'flow.version', 'flow.nodes.ask.replies[1].next'])
      assert.ok(paths.includes(p), `${p} in ${paths.join(',')}`);
  });
});

// ---------------------------------------------------------------- rules

describe('validateRule', () => {
  const flows = new Set(['finder']);

  test('an invalid regular expression in a URL condition names the pattern', () => {
    const r = goodRule();
    r.conditions = [{ kind: 'url', match: 'regex', pattern: '/pricing(' }];
    assert.equal(onlyError(validateRule(r), 'rule.conditions[0].pattern'), 'is not a valid regular expression');
  });

  test('the same text is fine as a glob, and a valid regex is accepted', () => {
    const r = goodRule();
    r.conditions = [
      { kind: 'url', match: 'glob', pattern: '/pricing(' },
      { kind: 'url', match: 'regex', pattern: '^/pricing(/.*)?$' },
    ];
    assertOk(validateRule(r));
  });

  test('a URL condition with an unknown match mode or empty pattern is rejected', () => {
    const r = goodRule();
    r.conditions = [
      { kind: 'url', match: 'contains', pattern: 'x' },
      { kind: 'url', match: 'exact', pattern: '' },
    ];
    assert.deepEqual(
      errorsOf(validateRule(r)).map((e) => e.path),
      ['rule.conditions[0].match', 'rule.conditions[1].pattern'],
    );
  });

  test('a rule starting an unknown flow is rejected when the flow ids are given', () => {
    const r = goodRule();
    r.flowId = 'deleted';
    assert.equal(
      onlyError(validateRule(r, 'rule', flows), 'rule.flowId'),
      'starts flow "deleted", which does not exist',
    );
    assertOk(validateRule(r));
  });

  test('scroll depth must be a whole percentage from 1 to 100', () => {
    for (const atLeast of [0, 33.5, 101, '50', undefined]) {
      const r = goodRule();
      r.trigger.atLeast = atLeast;
      const msg = onlyError(validateRule(r), 'rule.trigger.atLeast');
      assert.match(msg, /^must be (at least 1|at most 100|a whole number|a number)/, `${String(atLeast)}: ${msg}`);
    }
    for (const atLeast of [...SCROLL_DEPTHS, 1, 33, 64, 80]) {
      const r = goodRule();
      r.trigger.atLeast = atLeast;
      assertOk(validateRule(r));
    }
  });

  test('an exit-intent trigger needs no depth; an unknown signal is rejected', () => {
    const r = goodRule();
    r.trigger = { signal: 'exit-intent' };
    assertOk(validateRule(r));
    r.trigger = { signal: 'teleport' };
    onlyError(validateRule(r), 'rule.trigger.signal');
    r.trigger = 'exit-intent';
    onlyError(validateRule(r), 'rule.trigger');
  });

  test('a frequency of every 0 days is rejected, as are fractions and more than ten years', () => {
    for (const days of [0, -1, 1.5, 3651, '7', undefined]) {
      const r = goodRule();
      r.frequency.days = days;
      onlyError(validateRule(r), 'rule.frequency.days');
    }
    const r = goodRule();
    r.frequency.days = 0;
    assert.equal(onlyError(validateRule(r), 'rule.frequency.days'), 'must be at least 1');
  });

  test('frequency kinds: visitor and page-view need no days; unknown kinds are rejected', () => {
    for (const frequency of [
      { every: 'visitor' },
      { every: 'page-view' },
      { every: 'session' },
      { every: 'days', days: 1 },
      { every: 'days', days: 3650 },
    ]) {
      const r = goodRule();
      r.frequency = frequency;
      assertOk(validateRule(r));
    }
    const r = goodRule();
    r.frequency = { every: 'fortnight' };
    onlyError(validateRule(r), 'rule.frequency.every');
  });

  test('priority must be a whole number between -1000 and 1000', () => {
    for (const priority of [1.5, 1001, -1001, Number.NaN, Infinity, '10']) {
      const r = goodRule();
      r.priority = priority;
      onlyError(validateRule(r), 'rule.priority');
    }
    for (const priority of [-1000, 0, 1000]) {
      const r = goodRule();
      r.priority = priority;
      assertOk(validateRule(r));
    }
  });

  test('entry, enabled, name and version are checked', () => {
    const r = goodRule();
    r.entry = 'modal';
    r.enabled = 'yes';
    r.name = 'x'.repeat(121);
    r.version = 1;
    assert.deepEqual(errorsOf(validateRule(r)), [
      { path: 'rule.version', message: 'must be one of 2, got 1' },
      { path: 'rule.name', message: 'must be at most 120 characters (got 121)' },
      { path: 'rule.enabled', message: 'must be true or false, got "yes"' },
      { path: 'rule.entry', message: 'must be one of "panel", "pill", got "modal"' },
    ]);
  });

  test('each condition kind is checked field by field', () => {
    const r = goodRule();
    r.conditions = [
      { kind: 'weather' },
      { kind: 'min-seconds-on-page', seconds: -1 },
      { kind: 'min-seconds-on-page', seconds: 3601 },
      { kind: 'visitor-tag', tag: 'two words', present: true },
      { kind: 'visitor-tag', tag: 'ok' },
      'url',
    ];
    assert.deepEqual(
      errorsOf(validateRule(r)).map((e) => e.path),
      [
        'rule.conditions[0].kind',
        'rule.conditions[1].seconds',
        'rule.conditions[2].seconds',
        'rule.conditions[3].tag',
        'rule.conditions[4].present',
        'rule.conditions[5]',
      ],
    );
  });

  test('conditions must be a list of at most 50', () => {
    const r = goodRule();
    r.conditions = Array.from({ length: 51 }, () => ({ kind: 'min-seconds-on-page', seconds: 1 }));
    onlyError(validateRule(r), 'rule.conditions');
    r.conditions = {};
    onlyError(validateRule(r), 'rule.conditions');
  });

  test('input that is not an object is rejected at the root', () => {
    for (const value of [null, 'rule', 3, [goodRule()]]) {
      assert.deepEqual(
        errorsOf(validateRule(value, 'rules[1]')).map((e) => e.path),
        ['rules[1]'],
      );
    }
  });

  test('a valid rule comes back equal to what was given', () => {
    const r = goodRule();
    const value: Rule = assertOk(validateRule(r, 'rule', flows));
    assert.deepEqual(value, r);
  });
});

// ---------------------------------------------------------------- messages

describe('error messages', () => {
  function brokenEverything(): CheckError[] {
    const f = goodFlow();
    f.id = 'bad id';
    f.version = 'x'.repeat(5000);
    f.name = 'y'.repeat(5000);
    f.persona = [];
    f.start = 'nowhere';
    f.nodes.ask.replies = [{ id: 'a', label: 'A', next: 'zzz', tags: 'nope' }, { id: 'a', label: 7 }, null];
    f.nodes.day.type = { evil: true };
    const r = goodRule();
    r.trigger = { signal: 'scroll-depth', atLeast: 33 };
    r.conditions = [
      { kind: 'url', match: 'regex', pattern: '(?<' },
      { kind: 'visitor-tag', tag: null, present: 'yes' },
    ];
    r.flowId = 'ghost';
    r.frequency = { every: 'days', days: 0 };
    r.priority = Number.NaN;
    return [...errorsOf(validateFlow(f)), ...errorsOf(validateRule(r, 'rule', new Set(['finder'])))];
  }

  test('are short single-line sentences without stack traces', () => {
    const errors = brokenEverything();
    assert.ok(errors.length >= 15, `${errors.length} errors`);
    for (const e of errors) {
      assert.equal(typeof e.message, 'string');
      assert.ok(e.message.length > 0 && e.message.length <= 120, e.message);
      assert.doesNotMatch(e.message, /\n/);
      assert.doesNotMatch(e.message, /\bat\s+\S+\s+\(|Error:|SyntaxError|TypeError|undefined is not/);
      assert.match(e.message, /^[a-z"]/, 'messages read as the rest of a sentence after the field name');
      assert.match(e.path, /^(flow|rule)(\.|\[|$)/);
    }
  });

  test('never repeat a huge value in full', () => {
    for (const e of brokenEverything()) assert.doesNotMatch(e.message, /x{41}|y{41}/);
  });
});

describe('hasId', () => {
  test('recognises records with a string id only', () => {
    assert.equal(hasId({ id: 'a' }), true);
    assert.equal(hasId({ id: 1 }), false);
    assert.equal(hasId(null), false);
    assert.equal(hasId([{ id: 'a' }]), false);
    assert.equal(hasId('a'), false);
  });
});

describe('node ids that look like Object.prototype members', () => {
  test('a reply pointing to "constructor" is a dangling target, not a node', () => {
    const flow = {
      id: 'proto',
      version: 1,
      name: 'Proto',
      persona: { name: 'Sam', avatar: 'S' },
      start: 'ask',
      nodes: {
        ask: {
          type: 'choice',
          text: 'Q?',
          replies: [
            { id: 'a', label: 'A', next: 'constructor' },
            { id: 'b', label: 'B' },
          ],
        },
      },
    };
    const result = validateFlow(flow);
    assert.equal(result.ok, false);
    if (!result.ok)
      assert.ok(
        result.errors.some((e) => e.path === 'flow.nodes.ask.replies[0].next' && /does not exist/.test(e.message)),
      );
  });
  test('a start of "toString" does not exist', () => {
    const flow = {
      id: 'proto',
      version: 1,
      name: 'Proto',
      persona: { name: 'Sam', avatar: 'S' },
      start: 'toString',
      nodes: { end: { type: 'end', text: 'Bye' } },
    };
    const result = validateFlow(flow);
    assert.equal(result.ok, false);
    if (!result.ok) assert.ok(result.errors.some((e) => e.path === 'flow.start'));
  });
});

describe('triggers beyond exit intent and scroll depth', () => {
  const base = () => DEFAULT_RULES.find((r) => r.id === 'exit-anywhere')!;
  const check = (trigger: unknown) => validateRule({ ...base(), trigger });
  test('flag signals, dwell, idle, hesitation and intent triggers are accepted', () => {
    for (const trigger of [
      { signal: 'rage-click' },
      { signal: 'form-abandon' },
      { signal: 'dwell', seconds: 30 },
      { signal: 'idle', seconds: 20 },
      { signal: 'hesitation', selector: '[data-tact="price"]', ms: 1500 },
      { signal: 'intent', intent: 'hesitating', atLeast: 0.6 },
      { signal: 'hesitation', selector: '#menu > li:nth-of-type(2) > a', ms: 1500 },
    ])
      assert.equal(check(trigger).ok, true, JSON.stringify(trigger));
  });
  test('their parameters are checked with exact paths', () => {
    const cases: [unknown, string][] = [
      [{ signal: 'dwell', seconds: 0 }, 'rule.trigger.seconds'],
      [{ signal: 'hesitation', selector: 'a{color:red}', ms: 1000 }, 'rule.trigger.selector'],
      [{ signal: 'hesitation', selector: '.price', ms: 10 }, 'rule.trigger.ms'],
      [{ signal: 'intent', intent: 'bored', atLeast: 0.5 }, 'rule.trigger.intent'],
      [{ signal: 'intent', intent: 'leaving', atLeast: 2 }, 'rule.trigger.atLeast'],
    ];
    for (const [trigger, path] of cases) {
      const r = check(trigger);
      assert.equal(r.ok, false);
      if (!r.ok)
        assert.deepEqual(
          r.errors.map((e) => e.path),
          [path],
          JSON.stringify(trigger),
        );
    }
  });
});
