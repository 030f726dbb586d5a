/**
 * The extension API namespace. Firefox exposes promise-based `browser`; Chrome's `chrome` returns
 * promises too for every API Tact uses (MV3), so no polyfill is bundled (see ARCHITECTURE.md).
 * Both have the same shape for what Tact calls, typed with Chrome's types.
 */
declare const browser: typeof chrome | undefined;

export const ext: typeof chrome = typeof browser !== 'undefined' && browser?.runtime ? browser : chrome;

/** True in Firefox builds; replaced at build time so each bundle carries only its browser's code. */
declare const __FIREFOX__: boolean;
export const IS_FIREFOX: boolean = typeof __FIREFOX__ !== 'undefined' ? __FIREFOX__ : false;
