/**
 * JSON with object keys sorted, to compare two values by content: the order in which a store, a
 * message or an older version hands keys back does not make them differ.
 */
import { isRecord } from './checks.ts';

/** `value` as JSON with every object's keys sorted; arrays keep their order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isRecord(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}
