/**
 * The extension API namespace. Firefox exposes promise-based `browser`; Chrome's `chrome` returns
 * promises too for every API Tact uses (MV3), so no polyfill is bundled (see ARCHITECTURE.md).
 * Both have the same shape for what Tact calls, typed with Chrome's types.
 */
const scope = globalThis as { browser?: typeof chrome; chrome?: typeof chrome };

/**
 * `browser` in the Firefox build, `chrome` in the Chrome build: chosen at build time
 * (`__FIREFOX__`), so neither bundle carries the other's choice. Without the build constant
 * (Node), whichever exists; undefined in Node, where only pure modules run. Looked up when called:
 * the content script calls it only once the visitor shows up, so nothing of the extension API is
 * read at load (Firefox builds a content script's `browser` namespace at its first read; no
 * difference was resolved by `bench:content` there: ARCHITECTURE.md, "Signals (content side)").
 */
export const extApi = (): typeof chrome =>
  (typeof __FIREFOX__ === 'undefined'
    ? scope.browser?.runtime
      ? scope.browser
      : scope.chrome
    : __FIREFOX__
      ? scope.browser
      : scope.chrome) as typeof chrome;

/** The namespace (`extApi`), read once, where a bundle needs it from its start. */
export const ext: typeof chrome = /* @__PURE__ */ extApi();
