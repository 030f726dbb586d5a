/**
 * Tiny runtime checks that collect precise errors: each error names the path of the field
 * (`flows[2].nodes.ask.replies[1].next`) and says what is wrong, in English for logs and as a
 * reason (code + parameters) the pages word in the reader's language.
 */
import { reason, type Reason } from '../rules/reason.ts';

/** The path of a problem with a file as a whole (not JSON, too large): there is no field to name. */
export const WHOLE_FILE = '(file)';

export interface CheckError {
  path: string;
  /** The problem in English, for logs and the background's error text. */
  message: string;
  /** The problem as a code and its values, for the pages to word in the reader's language. */
  reason?: Reason;
}

/** A checked value, or every problem found in it. */
export type Validated<T> = { ok: true; value: T } | { ok: false; errors: CheckError[] };

/** Collects errors while walking a value; `at()` gives a child path. */
export class Checker {
  readonly errors: CheckError[] = [];
  constructor(private readonly base = '') {}

  /** Path of a child field. */
  at(key: string | number): string {
    if (typeof key === 'number') return `${this.base}[${key}]`;
    return this.base ? `${this.base}.${key}` : key;
  }

  /** A checker for a child, sharing this checker's error list. */
  child(key: string | number): Checker {
    const c = new Checker(this.at(key));
    (c as { errors: CheckError[] }).errors = this.errors;
    return c;
  }

  fail(message: string, key?: string | number, why?: Reason): false {
    this.errors.push({
      path: key === undefined ? this.base || '(root)' : this.at(key),
      message,
      ...(why ? { reason: why } : {}),
    });
    return false;
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }

  string(value: unknown, key: string | number, opts: { min?: number; max?: number } = {}): value is string {
    const { min = 1, max = 2000 } = opts;
    if (typeof value !== 'string') return this.fail(`must be text, got ${describe(value)}`, key, reason('v-type-text'));
    if (value.length < min)
      return min === 1
        ? this.fail('must not be empty', key, reason('v-empty'))
        : this.fail(`must be at least ${min} characters`, key, reason('v-min-chars', { min }));
    if (value.length > max)
      return this.fail(
        `must be at most ${max} characters (got ${value.length})`,
        key,
        reason('v-max-chars', { max, length: value.length }),
      );
    return true;
  }

  id(value: unknown, key: string | number): value is string {
    if (!this.string(value, key, { max: 80 })) return false;
    if (!/^[A-Za-z0-9_-]+$/.test(value))
      return this.fail('may contain only letters, digits, "-" and "_"', key, reason('v-id-chars'));
    return true;
  }

  number(
    value: unknown,
    key: string | number,
    opts: { min?: number; max?: number; integer?: boolean } = {},
  ): value is number {
    if (typeof value !== 'number' || !Number.isFinite(value))
      return this.fail(`must be a number, got ${describe(value)}`, key, reason('v-type-number'));
    if (opts.integer && !Number.isInteger(value))
      return this.fail('must be a whole number', key, reason('v-whole-number'));
    if (opts.min !== undefined && value < opts.min)
      return this.fail(`must be at least ${opts.min}`, key, reason('v-at-least', { min: opts.min }));
    if (opts.max !== undefined && value > opts.max)
      return this.fail(`must be at most ${opts.max}`, key, reason('v-at-most', { max: opts.max }));
    return true;
  }

  boolean(value: unknown, key: string | number): value is boolean {
    if (typeof value !== 'boolean')
      return this.fail(`must be true or false, got ${describe(value)}`, key, reason('v-type-boolean'));
    return true;
  }

  object(value: unknown, key?: string | number): value is Record<string, unknown> {
    if (!isRecord(value))
      return this.fail(
        `must be an object, got ${describe(value)}`,
        key,
        reason(value === undefined ? 'v-missing' : 'v-type-object'),
      );
    return true;
  }

  array(value: unknown, key: string | number, opts: { min?: number; max?: number } = {}): value is unknown[] {
    if (!Array.isArray(value)) return this.fail(`must be a list, got ${describe(value)}`, key, reason('v-type-list'));
    if (opts.min !== undefined && value.length < opts.min)
      return this.fail(
        `must have at least ${opts.min} ${opts.min === 1 ? 'item' : 'items'}, got ${value.length}`,
        key,
        reason('v-min-items', { min: opts.min }),
      );
    if (opts.max !== undefined && value.length > opts.max)
      return this.fail(
        `must have at most ${opts.max} ${opts.max === 1 ? 'item' : 'items'}, got ${value.length}`,
        key,
        reason('v-max-items', { max: opts.max, count: value.length }),
      );
    return true;
  }

  oneOf<T extends string | number>(value: unknown, key: string | number, allowed: readonly T[]): value is T {
    if (!allowed.includes(value as T)) {
      let list = allowed.map((a) => JSON.stringify(a)).join(', ');
      // Long lists are cut so the message stays one readable line.
      if (list.length > 70)
        list = `${allowed
          .slice(0, 4)
          .map((a) => JSON.stringify(a))
          .join(', ')}, … (${allowed.length} kinds)`;
      return this.fail(
        `must be one of ${list}, got ${describe(value)}`,
        key,
        reason('v-one-of', { options: { list: allowed.map(String), or: true } }),
      );
    }
    return true;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short description of a value for error messages, never the whole value. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value.length > 40 ? `"${value.slice(0, 40)}…"` : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value === 'number' ? value : typeof value}`;
}

/** One line per error, for logs and UI. */
export function formatErrors(errors: readonly CheckError[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join('\n');
}
