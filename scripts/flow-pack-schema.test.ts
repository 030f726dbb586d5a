import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as v from 'valibot';
import { SCHEMA_FILE, packJsonSchema, packJsonSchemaText } from './flow-pack-schema.ts';
import { PACK_SCHEMA_REF, PackSchema, buildPack, checkPack, parsePack } from '../src/core/flows/flow-pack.ts';
import { DEFAULT_FLOWS, DEFAULT_RULES } from '../src/core/flows/default-pack.ts';
import { MAX_INTENTS, MAX_NODES, MAX_VARIABLES_PER_STEP } from '../src/core/flows/flow-model.ts';

/** Follows `properties`, `items` or `additionalProperties` ('*') down a path of keys. */
function at(schema: unknown, ...path: string[]): Record<string, unknown> {
  let node = schema as Record<string, unknown>;
  for (const key of path) {
    if (key === '*') node = (node.items ?? node.additionalProperties) as Record<string, unknown>;
    else node = (node.properties as Record<string, Record<string, unknown>>)[key]!;
    assert.ok(node, `no ${key} in ${path.join('.')}`);
  }
  return node;
}

describe('docs/flow-pack.schema.json', () => {
  test('is what the schemas generate today (run `npm run schema` after changing the flow, rule or pack model)', () => {
    assert.ok(fs.existsSync(SCHEMA_FILE), 'docs/flow-pack.schema.json is missing: run `npm run schema`');
    assert.equal(
      fs.readFileSync(SCHEMA_FILE, 'utf8'),
      packJsonSchemaText(),
      'docs/flow-pack.schema.json is out of date: run `npm run schema`',
    );
  });

  test('says what a pack holds, with the limits of the model', () => {
    const schema = packJsonSchema();
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.deepEqual(schema.required, ['format', 'version', 'flows']);
    assert.deepEqual(at(schema, '$schema').type, 'string');
    assert.deepEqual(at(schema, 'format'), { const: 'tact-flow-pack' });
    assert.equal(at(schema, 'flows').maxItems, 500);
    const flow = at(schema, 'flows', '*');
    assert.ok(!(flow.required as string[]).includes('persona'), "a pack's flow may leave its persona to the pack");
    assert.equal(at(flow, 'nodes').maxProperties, MAX_NODES);
    assert.equal(at(schema, 'persona', 'typingCps').maximum, 1000, 'number bounds are carried');
    const kinds = at(flow, 'nodes', '*').oneOf as Record<string, unknown>[];
    const input = kinds.find((k) => (at(k, 'type') as { const?: string }).const === 'input')!;
    assert.equal(at(input, 'match', 'intents').maxProperties, MAX_INTENTS);
    assert.equal(at(input, 'set').maxProperties, MAX_VARIABLES_PER_STEP);
    // A variant's flowId may be null (the hold-out); a bound may not.
    assert.doesNotMatch(JSON.stringify(schema), /"[A-Za-z]+":null/, 'no bound left without a value');
  });
});

describe('$schema in packs', () => {
  const exported = buildPack({ flows: DEFAULT_FLOWS, rules: DEFAULT_RULES, segments: [], now: 0 });

  test('an exported pack names its JSON Schema, fits it, and imports again', () => {
    assert.equal(exported.$schema, PACK_SCHEMA_REF);
    assert.equal(PACK_SCHEMA_REF, 'flow-pack.schema.json', 'the file npm run schema writes');
    assert.ok(v.is(PackSchema, JSON.parse(JSON.stringify(exported))));
    const again = parsePack(JSON.stringify(exported));
    assert.ok(again.ok, again.ok ? '' : again.message);
    assert.equal(again.pack.flows.length, DEFAULT_FLOWS.length);
  });

  test('a pack without $schema, or with any other, imports too; a flow may take the pack persona', () => {
    const { $schema, ...bare } = exported;
    assert.equal($schema, PACK_SCHEMA_REF);
    assert.ok(checkPack(bare).ok);
    assert.ok(checkPack({ ...bare, $schema: 'https://example.com/other.json' }).ok);
    const [first] = DEFAULT_FLOWS;
    const { persona, ...noPersona } = first!;
    const pack = { ...bare, persona, flows: [noPersona], rules: [] };
    assert.ok(v.is(PackSchema, pack));
    const checked = checkPack(pack);
    assert.ok(checked.ok);
    assert.deepEqual(checked.pack.flows[0]?.persona, persona);
  });
});
