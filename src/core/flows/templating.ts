/**
 * Variables in flow texts: `{{visitor.firstName}}`, `{{page.title}}`, `{{page.product.name}}`,
 * `{{answers.<node>}}`, `{{vars.<name>}}`, `{{score}}`, with a default after a bar:
 * `{{visitor.firstName|there}}`. The result is plain text: it is shown through Lit text bindings
 * and never interpreted as HTML, so a value like `<img src=x onerror=…>` shows as those characters.
 */

/** What variables can read. */
export interface TemplateScope {
  visitor?: Record<string, string>;
  page?: {
    title?: string;
    url?: string;
    lang?: string;
    product?: { name?: string; price?: number; currency?: string };
  };
  answers?: Record<string, string>;
  vars?: Record<string, string>;
  score?: number;
}

const VARIABLE = /\{\{\s*([A-Za-z0-9_.-]+)\s*(?:\|([^}]*))?\}\}/g;

function lookup(scope: TemplateScope, path: string): string | undefined {
  let value: unknown = scope;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Replaces every `{{path|default}}` with its value (or the default, or nothing). */
export function renderTemplate(text: string, scope: TemplateScope): string {
  return text.replace(VARIABLE, (_, path: string, fallback: string | undefined) => {
    const value = lookup(scope, path);
    return value !== undefined && value !== '' ? value : (fallback ?? '').trim();
  });
}
