import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as v from 'valibot';
import fc from 'fast-check';
import { Ajv } from 'ajv';
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

describe('docs/flow-pack.schema.json read by a JSON Schema validator (ajv), as a pack author’s editor would', () => {
  const ajv = new Ajv({ strict: false, allErrors: false });
  const fits = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as object);
  const exported = JSON.parse(
    JSON.stringify(buildPack({ flows: DEFAULT_FLOWS, rules: DEFAULT_RULES, segments: [], now: 0 })),
  ) as Record<string, unknown>;

  test('every pack Tact writes or ships fits it', () => {
    const packs: [string, unknown][] = [
      ['the default pack, exported', exported],
      ['e2e/fixtures/embed-pack.json', JSON.parse(fs.readFileSync('e2e/fixtures/embed-pack.json', 'utf8'))],
      [
        'src/core/flows/fixtures/single-language-pack.json',
        JSON.parse(fs.readFileSync('src/core/flows/fixtures/single-language-pack.json', 'utf8')),
      ],
      ...DEFAULT_FLOWS.map((f, i): [string, unknown] => [
        `template ${f.id}, alone`,
        JSON.parse(JSON.stringify(buildPack({ flows: [f], rules: [DEFAULT_RULES[i]!], segments: [], now: 0 }))),
      ]),
    ];
    for (const [name, pack] of packs) {
      assert.ok(checkPack(pack).ok, `${name}: Tact imports it`);
      assert.ok(fits(pack), `${name}: ${ajv.errorsText(fits.errors)}`);
    }
  });

  test('never refuses a pack Tact would read, and refuses most packs Tact refuses (random damage to the default pack)', () => {
    /** Every path to a value in `value`, as keys. */
    const paths = (value: unknown, at: (string | number)[] = []): (string | number)[][] =>
      value && typeof value === 'object'
        ? [
            at,
            ...Object.entries(value).flatMap(([k, child]) =>
              paths(child, [...at, Array.isArray(value) ? Number(k) : k]),
            ),
          ]
        : [at];
    const all = paths(exported).filter((p) => p.length > 0);
    let refusedByBoth = 0;
    let refusedByTact = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...all),
        fc.oneof(
          fc.constant(undefined),
          fc.constant(null),
          fc.integer({ min: -5, max: 5_000 }),
          fc.string({ maxLength: 6 }),
          fc.boolean(),
          fc.constant([]),
          fc.constant({}),
        ),
        (path, replacement) => {
          const damaged = structuredClone(exported) as Record<string | number, unknown>;
          let parent = damaged;
          for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
          const last = path.at(-1)!;
          if (replacement === undefined) {
            if (Array.isArray(parent)) parent.splice(Number(last), 1);
            else delete parent[last];
          } else parent[last] = replacement;
          const tactReads = v.is(PackSchema, damaged);
          const schemaFits = fits(damaged);
          if (tactReads) assert.ok(schemaFits, `refused by the JSON Schema only: ${path.join('.')}`);
          else {
            refusedByTact++;
            if (!schemaFits) refusedByBoth++;
          }
        },
      ),
      { numRuns: 400, seed: 20261203 },
    );
    // The JSON Schema cannot say everything (checks across fields, patterns Tact runs), but most damage shows.
    assert.ok(
      refusedByBoth / refusedByTact > 0.9,
      `${refusedByBoth} of ${refusedByTact} refused by the JSON Schema too`,
    );
  });
});
