// Each browser's manifest, derived from the one base manifest.json: per-browser overrides merged
// over it. Pure (no file access), so it is unit-tested (scripts/manifest.test.ts); scripts/build.mjs
// writes the result. The content script's on-demand modules are not web-accessible: the background
// injects them with scripting.executeScript, so a page cannot fetch them to detect Tact.

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
 * The manifest for `target`: the base with `OVERRIDES[target]` merged over it (top-level keys
 * replace the base's). Returns a new object; throws when the target is unknown.
 */
export function manifestFor(base, target) {
  const override = OVERRIDES[target];
  if (!override) throw new Error(`unknown build target "${target}" (expected ${Object.keys(OVERRIDES).join(' or ')})`);
  return { ...base, ...override };
}
