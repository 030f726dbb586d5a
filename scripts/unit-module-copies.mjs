// A module resolution hook for scripts/unit-tests-together.ts: a test file loaded as
// `…/x.test.ts?unit=7` gets its own copy of every Tact module it imports, directly or not
// (`…/store.ts?unit=7`), so the module state one test file leaves (a chosen language, a cached
// connection, a counter) is never what the next one finds, as when each file had a process of its
// own. Packages under node_modules are shared: loading them once is most of the time saved, and
// what would make them keep state between files (fast-check's or valibot's global settings) sends
// a file to a process of its own (scripts/run-unit-tests.mjs).
const ROOT = new URL('../', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (!context.parentURL?.startsWith(ROOT) || !resolved.url.startsWith(ROOT)) return resolved;
  if (resolved.url.includes('/node_modules/')) return resolved;
  const copy = new URL(context.parentURL).searchParams.get('unit');
  if (copy === null) return resolved;
  const url = new URL(resolved.url);
  url.searchParams.set('unit', copy);
  return { ...resolved, url: url.href };
}
