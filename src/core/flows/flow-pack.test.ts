/**
 * Flow packs: a valid pack is accepted whole (persona filled in, old rules upgraded); a bad one is
 * refused with errors that name the exact field and a message a marketer can read.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildPack,
  checkPack,
  MAX_PACK_CHARS,
  PACK_FORMAT,
  PACK_VERSION,
  parsePack,
  type PackCheck,
} from './flow-pack.ts';
import { DEFAULT_FLOWS, DEFAULT_RULES } from './default-pack.ts';
import { wordsOf } from '../test-support/catalogue.ts';
import type { CheckError } from '../validation/checks.ts';
import { sayReason } from '../rules/reason-words.ts';
import { MODEL_VERSION, type Flow } from './flow-model.ts';
import { RULE_VERSION, type Rule, type Segment } from '../rules/rule-model.ts';

const clone = <T>(v: T): T => structuredClone(v);

function pack(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: PACK_FORMAT,
    version: PACK_VERSION,
    name: 'Northwind',
    flows: clone(DEFAULT_FLOWS),
    rules: clone(DEFAULT_RULES),
    ...over,
  };
}

function refused(r: PackCheck): { errors: { path: string; message: string }[]; message: string } {
  assert.equal(r.ok, false, 'the pack should have been refused');
  if (r.ok) throw new Error('unreachable');
  assert.match(r.message, /^This file is not a valid Tact flow pack; nothing was imported\.\n/);
  return r;
}

function accepted(r: PackCheck) {
  if (!r.ok) assert.fail(`the pack should have been accepted:\n${r.message}`);
  return r.pack;
}

/** The error at exactly this path. */
function errorAt(r: { errors: CheckError[] }, path: string): CheckError {
  const e = r.errors.find((x) => x.path === path);
  assert.ok(e, `no error at ${path}; got ${JSON.stringify(r.errors)}`);
  return e;
}

const SEGMENT: Segment = {
  id: 'buyers',
  name: 'Buyers',
  conditions: [{ kind: 'visitor-tag', tag: 'buyer', present: true }],
};

/** A small flow with a choice node "x" reached from the start. */
function flowWithX(id: string): Flow {
  return {
    id,
    version: MODEL_VERSION,
    name: 'Finder',
    persona: { name: 'Kim', avatar: 'K' },
    start: 'ask',
    nodes: {
      ask: {
        type: 'choice',
        text: 'Looking for something?',
        replies: [
          { id: 'yes', label: 'Yes', next: 'x' },
          { id: 'no', label: 'No', next: 'bye' },
        ],
      },
      x: {
        type: 'choice',
        text: 'What kind?',
        replies: [
          { id: 'a', label: 'Packs', next: 'bye' },
          { id: 'b', label: 'Boots', next: 'bye' },
        ],
      },
      bye: { type: 'end', text: 'Thanks!' },
    },
  };
}

describe('checkPack / parsePack: valid packs', () => {
  test('the default flows and rules make a valid pack, kept as they are', () => {
    const p = accepted(checkPack(pack()));
    assert.equal(p.format, PACK_FORMAT);
    assert.equal(p.version, PACK_VERSION);
    assert.equal(p.name, 'Northwind');
    assert.deepEqual(p.flows, DEFAULT_FLOWS);
    assert.deepEqual(p.rules, DEFAULT_RULES);
    assert.deepEqual(p.segments, []);
  });

  test('the same pack as JSON text', () => {
    const p = accepted(parsePack(JSON.stringify(pack({ segments: [SEGMENT] }), null, 2)));
    assert.deepEqual(p.flows, DEFAULT_FLOWS);
    assert.deepEqual(p.rules, DEFAULT_RULES);
    assert.deepEqual(p.segments, [SEGMENT]);
  });

  test('a pack of flows only (no rules field) is fine', () => {
    const p = accepted(checkPack({ format: PACK_FORMAT, version: PACK_VERSION, flows: clone(DEFAULT_FLOWS) }));
    assert.deepEqual(p.rules, []);
    assert.equal(p.name, undefined);
  });

  test("the pack's persona is given to flows without one; flows with their own keep it", () => {
    const persona = { name: 'Alex', avatar: 'A' };
    const flows: Record<string, unknown>[] = clone(DEFAULT_FLOWS).map((f) => ({ ...f }));
    delete flows[0]!.persona;
    delete flows[2]!.persona;
    const p = accepted(checkPack(pack({ persona, flows })));
    assert.deepEqual(p.persona, persona);
    assert.deepEqual(p.flows[0]!.persona, persona);
    assert.deepEqual(p.flows[1]!.persona, DEFAULT_FLOWS[1]!.persona);
    assert.deepEqual(p.flows[2]!.persona, persona);
    assert.deepEqual(p.flows[3]!.persona, DEFAULT_FLOWS[3]!.persona);
  });

  test('without a pack persona, a flow without persona is refused at its persona field', () => {
    const flows: Record<string, unknown>[] = clone(DEFAULT_FLOWS).map((f) => ({ ...f }));
    delete flows[1]!.persona;
    const r = refused(checkPack(pack({ flows })));
    assert.match(errorAt(r, 'pack.flows[1].persona').message, /must be an object/);
  });

  test('version 1 rules (no shadow field) are upgraded to the current rule model', () => {
    const v1 = clone(DEFAULT_RULES).map((r) => {
      const { shadow: _shadow, ...rest } = r;
      return { ...rest, version: 1 };
    });
    const noVersion = (({ shadow: _s, version: _v, ...rest }) => rest)(clone(DEFAULT_RULES[0]!));
    const p = accepted(checkPack(pack({ rules: v1 })));
    assert.equal(p.rules.length, DEFAULT_RULES.length);
    p.rules.forEach((r, i) => {
      assert.equal(r.version, RULE_VERSION);
      assert.equal(r.shadow, false);
      assert.deepEqual(r, DEFAULT_RULES[i], 'every other field unchanged');
    });
    const q = accepted(checkPack(pack({ rules: [noVersion] })));
    assert.deepEqual(q.rules, [DEFAULT_RULES[0]]);
  });

  test('a current rule in shadow mode stays in shadow mode', () => {
    const p = accepted(checkPack(pack({ rules: [{ ...clone(DEFAULT_RULES[0]!), shadow: true }] })));
    assert.equal(p.rules[0]!.shadow, true);
  });

  test('a rule may start a flow that is already installed rather than in the pack', () => {
    const rules: Rule[] = [{ ...clone(DEFAULT_RULES[0]!), flowId: 'installed-flow' }];
    const p = accepted(checkPack(pack({ rules }), new Set(['installed-flow'])));
    assert.equal(p.rules[0]!.flowId, 'installed-flow');
  });
});

describe('checkPack / parsePack: refusals name the field', () => {
  test('not JSON: the message says so', () => {
    const r = refused(parsePack('{"format": "tact-flow-pack", flows: ['));
    assert.deepEqual(
      r.errors.map((e) => e.path),
      ['(file)'],
    );
    assert.match(r.message, /not valid JSON/);
    assert.match(r.message, /^\(file\): is not valid JSON/m);
  });

  test('an empty file is not JSON either', () => {
    assert.match(refused(parsePack('')).message, /not valid JSON/);
  });

  test('not an object', () => {
    for (const v of [null, [], 'pack', 42]) {
      const r = refused(checkPack(v));
      assert.equal(r.errors[0]!.path, 'pack');
      assert.match(r.errors[0]!.message, /must be an object/);
    }
  });

  test('a wrong format marker asks whether this is a Tact flow pack', () => {
    const r = refused(checkPack(pack({ format: 'typebot-export' })));
    const e = errorAt(r, 'pack.format');
    assert.match(e.message, /"tact-flow-pack"/);
    assert.match(e.message, /is this a Tact flow pack\?/);
    assert.match(r.message, /pack\.format: must be "tact-flow-pack"/);
  });

  test('a missing format marker is refused too', () => {
    const p = pack();
    delete p.format;
    errorAt(refused(checkPack(p)), 'pack.format');
  });

  test('an unknown pack version; a newer one is said to come from a newer Tact, in each language', () => {
    for (const version of [0, '1', 1.5]) {
      const e = errorAt(refused(checkPack(pack({ version }))), 'pack.version');
      assert.match(e.message, /must be one of 1, got/, String(version));
    }
    const e = errorAt(refused(checkPack(pack({ version: 2 }))), 'pack.version');
    assert.match(e.message, /is 2: the pack comes from a newer Tact, and this one reads version 1/);
    assert.deepEqual(e.reason, { code: 'v-pack-newer', params: { version: 2, supported: 1 } });
    const reasonOf = (error: CheckError) => error.reason ?? assert.fail('no reason');
    assert.equal(
      sayReason(reasonOf(e), wordsOf('en')),
      'This pack comes from a newer version of Tact (pack version 2), and this one reads version 1. Update Tact, then import the file again.',
    );
    assert.match(
      sayReason(reasonOf(e), wordsOf('fr')),
      /^Ce pack vient d’une version plus récente de Tact \(version de pack 2\)/,
    );
    assert.match(
      sayReason(reasonOf(e), wordsOf('ru')),
      /^Этот пакет создан более новой версией Tact \(версия пакета 2\)/,
    );
  });

  test('a dangling `next` deep inside a flow names its exact path', () => {
    const broken = flowWithX('finder');
    (broken.nodes.x as { replies: { next?: string }[] }).replies[0]!.next = 'nowhere';
    const r = refused(checkPack(pack({ flows: [clone(DEFAULT_FLOWS[0]!), broken], rules: [] })));
    const e = errorAt(r, 'pack.flows[1].nodes.x.replies[0].next');
    assert.match(e.message, /points to node "nowhere", which does not exist/);
    assert.match(r.message, /pack\.flows\[1\]\.nodes\.x\.replies\[0\]\.next: points to node "nowhere"/);
  });

  test('a rule that starts a missing flow', () => {
    const rules = [clone(DEFAULT_RULES[0]!), { ...clone(DEFAULT_RULES[1]!), flowId: 'ghost-flow' }];
    const r = refused(checkPack(pack({ rules })));
    const e = errorAt(r, 'pack.rules[1].flowId');
    assert.match(e.message, /starts flow "ghost-flow", which does not exist/);
    assert.equal(r.errors.length, 1, 'only that rule is at fault');
  });

  test('a rule that points to a flow refused in the same pack is reported too', () => {
    const broken = clone(DEFAULT_FLOWS[0]!);
    broken.start = 'missing-start';
    const itsRule = DEFAULT_RULES.find((r) => r.flowId === broken.id);
    assert.ok(itsRule, 'a default rule starts the first default flow');
    const r = refused(checkPack(pack({ flows: [broken], rules: [clone(itsRule)] })));
    errorAt(r, 'pack.flows[0].start');
    errorAt(r, 'pack.rules[0].flowId');
  });

  test('a bad field inside a rule names it', () => {
    const r = refused(
      checkPack(pack({ rules: [{ ...clone(DEFAULT_RULES[0]!), trigger: { signal: 'scroll-depth', atLeast: 133 } }] })),
    );
    assert.match(errorAt(r, 'pack.rules[0].trigger.atLeast').message, /must be at most 100/);
    const r2 = refused(
      checkPack(
        pack({ rules: [{ ...clone(DEFAULT_RULES[0]!), conditions: [{ kind: 'url', match: 'regex', pattern: '(' }] }] }),
      ),
    );
    errorAt(r2, 'pack.rules[0].conditions[0].pattern');
  });

  test('duplicate flow ids', () => {
    const r = refused(checkPack(pack({ flows: [...clone(DEFAULT_FLOWS), clone(DEFAULT_FLOWS[2]!)] })));
    assert.match(errorAt(r, 'pack.flows').message, new RegExp(`duplicate flow id "${DEFAULT_FLOWS[2]!.id}"`));
  });

  test('duplicate rule ids', () => {
    const r = refused(
      checkPack(pack({ rules: [...clone(DEFAULT_RULES), { ...clone(DEFAULT_RULES[0]!), name: 'Another' }] })),
    );
    assert.match(errorAt(r, 'pack.rules').message, new RegExp(`duplicate rule id "${DEFAULT_RULES[0]!.id}"`));
  });

  test('a segment with a page condition (segments take visitor conditions only)', () => {
    const r = refused(
      checkPack(
        pack({ segments: [{ id: 's', name: 'S', conditions: [{ kind: 'url', match: 'exact', pattern: '/' }] }] }),
      ),
    );
    assert.match(
      errorAt(r, 'pack.segments[0].conditions[0].kind').message,
      /must be one of "visitor-tag", "visitor-attribute", "visit-count"/,
    );
  });

  test('a bad pack persona', () => {
    errorAt(refused(checkPack(pack({ persona: { name: 'Alex', avatar: 'TOOLONG' } }))), 'pack.persona.avatar');
  });

  test('an empty pack', () => {
    const r = refused(checkPack({ format: PACK_FORMAT, version: PACK_VERSION, flows: [], rules: [], segments: [] }));
    assert.deepEqual(r.errors, [
      { path: 'pack', message: 'contains no flows, rules or segments', reason: { code: 'v-pack-empty' } },
    ]);
    assert.match(r.message, /contains no flows, rules or segments/);
  });

  test('flows is not a list', () => {
    assert.match(errorAt(refused(checkPack(pack({ flows: {} }))), 'pack.flows').message, /must be a list/);
    errorAt(refused(checkPack({ format: PACK_FORMAT, version: PACK_VERSION })), 'pack.flows');
  });

  test('a file larger than the limit is refused before parsing', () => {
    const text = JSON.stringify(pack()) + ' '.repeat(MAX_PACK_CHARS);
    const r = refused(parsePack(text));
    assert.deepEqual(
      r.errors.map((e) => e.path),
      ['(file)'],
    );
    assert.match(r.message, /is too large \(5\.0 MB; at most 5 MB\)/);
    // Just under the limit is fine.
    const ok = JSON.stringify(pack());
    accepted(parsePack(ok + ' '.repeat(MAX_PACK_CHARS - ok.length)));
  });

  test('many problems: the message lists the first 8 and counts the rest', () => {
    const rules = Array.from({ length: 12 }, (_, i) => ({ ...clone(DEFAULT_RULES[0]!), id: `r${i}`, flowId: 'ghost' }));
    const r = refused(checkPack(pack({ rules })));
    assert.equal(r.errors.length, 12);
    assert.equal(r.message.split('\n').filter((l) => l.includes(': starts flow')).length, 8);
    assert.match(r.message, /…and 4 more problems\.$/);
  });

  test('every error has a non-empty path and message', () => {
    const broken = flowWithX('finder');
    (broken.nodes.x as { replies: unknown[] }).replies = [];
    const r = refused(checkPack(pack({ format: 'x', version: 9, flows: [broken, 5], rules: [{}], segments: [{}] })));
    assert.ok(r.errors.length >= 6);
    for (const e of r.errors) {
      assert.ok(e.path.length > 0 && e.message.length > 0, JSON.stringify(e));
      assert.ok(e.path.startsWith('pack'), `path ${e.path} starts at the pack`);
    }
  });
});

describe('buildPack', () => {
  test('round-trips through JSON and parsePack unchanged', () => {
    const flows = [...clone(DEFAULT_FLOWS), flowWithX('finder')];
    const rules: Rule[] = [
      ...clone(DEFAULT_RULES),
      {
        ...clone(DEFAULT_RULES[1]!),
        id: 'shadow-finder',
        flowId: 'finder',
        shadow: true,
        schedule: { start: '2025-06-01', end: '2025-07-01T09:00' },
      },
    ];
    const segments = [SEGMENT];
    const now = Date.UTC(2025, 4, 14, 12, 0, 0);
    const built = buildPack({ flows, rules, segments, name: 'My export', now });
    assert.equal(built.format, PACK_FORMAT);
    assert.equal(built.version, PACK_VERSION);
    assert.equal(built.exportedAt, '2025-05-14T12:00:00.000Z');
    const p = accepted(parsePack(JSON.stringify(built)));
    assert.equal(p.name, 'My export');
    assert.deepEqual(p.flows, flows);
    assert.deepEqual(p.rules, rules);
    assert.deepEqual(p.segments, segments);
  });

  test('has a default name', () => {
    assert.equal(buildPack({ flows: [], rules: [], segments: [] }).name, 'Tact flows');
  });

  test('an export of nothing is refused on import as empty', () => {
    const r = refused(parsePack(JSON.stringify(buildPack({ flows: [], rules: [], segments: [] }))));
    errorAt(r, 'pack');
  });
});
