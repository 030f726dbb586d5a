// Each browser's manifest, derived from the one base manifest.json: per-browser overrides merged
// over it, and the content script's lazily loaded modules made web-accessible. Pure (no file
// access), so it is unit-tested (scripts/manifest.test.ts); scripts/build.mjs writes the result.

/** Per-browser differences, merged over the base manifest (top-level keys replace the base's). */
export const OVERRIDES = {
  chrome: { minimum_chrome_version: '121' },
  firefox: {
    background: { scripts: ['background.js'], type: 'module' },
    browser_specific_settings: {
      gecko: {
        id: 'tact@tact-extension.org',
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: '142.0' },
    },
  },
};

/**
 * The manifest for `target`: the base with `OVERRIDES[target]` merged over it, and every file of
 * `lazyFiles` (the keys of src/content/lazy-modules.json) added to the resources of the base's
 * first `web_accessible_resources` entry, the one that already lets http(s) pages reach
 * `overlay.html`: the content script imports those modules from the extension's origin.
 * Returns a new object; throws when the target is unknown or the base has no such entry.
 */
export function manifestFor(base, target, lazyFiles) {
  const override = OVERRIDES[target];
  if (!override) throw new Error(`unknown build target "${target}" (expected ${Object.keys(OVERRIDES).join(' or ')})`);
  const [first, ...rest] = base.web_accessible_resources ?? [];
  if (!first) throw new Error('manifest.json needs a web_accessible_resources entry for the lazily loaded modules');
  const resources = [...first.resources, ...lazyFiles.filter((file) => !first.resources.includes(file))];
  return { ...base, ...override, web_accessible_resources: [{ ...first, resources }, ...rest] };
}
