/**
 * The extension API namespace. Firefox exposes promise-based `browser`; Chrome's `chrome` returns
 * promises too for every API Tact uses (MV3), so no polyfill is bundled (see ARCHITECTURE.md).
 * Both have the same shape for what Tact calls, typed with Chrome's types.
 */
const scope = globalThis as { browser?: typeof chrome; chrome?: typeof chrome };

/** `browser` in Firefox, `chrome` in Chrome; undefined in Node, where only pure modules run. */
export const ext: typeof chrome = (scope.browser?.runtime ? scope.browser : scope.chrome) as typeof chrome;

/** True in Firefox builds; replaced at build time so each bundle carries only its browser's code. */
declare const __FIREFOX__: boolean;
export const IS_FIREFOX: boolean = typeof __FIREFOX__ !== 'undefined' ? __FIREFOX__ : false;
