/**
 * docs/flow-pack.schema.json: the JSON Schema of flow packs, generated from the valibot schemas
 * the import checks with (`PackSchema`, src/core/flows/flow-pack.ts), so that an editor checks and
 * completes a pack (exported packs name it in `$schema`). `npm run schema` writes it;
 * flow-pack-schema.test.ts fails when the committed file is out of date.
 *
 * What a JSON Schema cannot say is left to the import, which checks it and names the field: checks
 * across fields and the graph (targets exist, every node reachable, no loop that never waits),
 * duplicate ids, regular expressions Tact cannot run, old rule versions (upgraded on import).
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toJsonSchema, type ConversionConfig, type JsonSchema } from '@valibot/to-json-schema';
import { PackSchema } from '../src/core/flows/flow-pack.ts';

/** Where the schema is published, beside the format's documentation (docs/flow-pack.md). */
export const SCHEMA_FILE = fileURLToPath(new URL('../docs/flow-pack.schema.json', import.meta.url));

const CONVERSION: ConversionConfig = {
  // Tact's objects are `pipe(custom(isRecord), object(...))` (lists refused first): convert from
  // the pipe's last schema, the object itself.
  typeMode: 'output',
  // Checks written as code (across fields, coded problems; `finite` is implied by JSON numbers).
  ignoreActions: ['check', 'problem', 'finite'],
  // Anything else a JSON Schema cannot carry fails the generation instead of vanishing.
  errorMode: 'throw',
  overrideAction: ({ valibotAction, jsonSchema }) => {
    const action = valibotAction as { type: string; requirement?: unknown };
    if (action.type === 'number_bounds') {
      // numberSchema's bounds (schema-check.ts), either of them optional.
      const { min, max } = action.requirement as { min?: number; max?: number };
      return {
        ...jsonSchema,
        ...(min === undefined ? {} : { minimum: min }),
        ...(max === undefined ? {} : { maximum: max }),
      };
    }
    // JSON Schema patterns have no flags: a case-insensitive pattern (image sources) is left to the import.
    return action.type === 'regex' && (action.requirement as RegExp).flags ? jsonSchema : undefined;
  },
};

/** The JSON Schema of flow packs. */
export function packJsonSchema(): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Tact flow pack',
    description:
      'Flows, the rules that start them, segments and a persona, in one file (docs/flow-pack.md). Generated from src/core/flows/flow-pack.ts by `npm run schema`: do not edit. Tact checks more on import than a JSON Schema can say (the graph of each flow, duplicate ids, patterns) and names each problem.',
    ...toJsonSchema(PackSchema, CONVERSION),
  };
}

/** The file's text: the schema, indented by two spaces, with a final newline. */
export function packJsonSchemaText(): string {
  return `${JSON.stringify(packJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  fs.writeFileSync(SCHEMA_FILE, packJsonSchemaText());
  console.log(`wrote ${SCHEMA_FILE}`);
}
