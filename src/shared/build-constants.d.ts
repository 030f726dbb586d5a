/**
 * Constants scripts/build.mjs replaces with literals (esbuild `define`), so each browser's bundle
 * keeps only its own branch: `__FIREFOX__` is `true` in dist/firefox, `false` in dist/chrome.
 * Not defined in Node (unit tests): a module that may run there reads it behind
 * `typeof __FIREFOX__ !== 'undefined'`.
 */
declare const __FIREFOX__: boolean;
