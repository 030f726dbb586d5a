/**
 * Tact's import boundaries, checked by `npm run lint:deps` (part of `npm test`):
 * - no import cycles anywhere;
 * - `src/core/` is pure: it imports no browser context and nothing from `src/shared/` (which
 *   reaches browser APIs); contexts may import core;
 * - each browser context (background, content, overlay, options, popup) imports another only
 *   through `src/shared/`;
 * - product code never imports tests, benchmarks, end-to-end journeys or scripts;
 * - the site build (`src/embed`) is a context too; it reuses, besides core and shared, the content
 *   script's DOM detectors, page-context reader and goal-click listener and the overlay's stylesheet, which use no
 *   extension API (one source, two targets: see docs/embed.md).
 */
const CONTEXTS = ['background', 'content', 'overlay', 'options', 'popup', 'embed'];
/** What the site build may take from other contexts. */
const EMBED_REUSES = [
  '^src/content/detectors[.]ts$',
  '^src/content/signals/',
  '^src/content/page-context-reader[.]ts$',
  '^src/content/goal-clicks[.]ts$',
  '^src/overlay/overlay[.]css$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one; split what they share into a third.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'src/core runs unchanged in Node: no browser context, no shared (browser API) code.',
      from: { path: '^src/core/' },
      to: { path: `^src/(${[...CONTEXTS, 'shared'].join('|')})/` },
    },
    ...CONTEXTS.map((ctx) => ({
      name: `${ctx}-through-shared`,
      severity: 'error',
      comment: `src/${ctx} talks to other contexts only through src/shared.`,
      from: { path: `^src/${ctx}/` },
      to: {
        path: `^src/(${CONTEXTS.filter((c) => c !== ctx).join('|')})/`,
        ...(ctx === 'embed' ? { pathNot: EMBED_REUSES } : {}),
      },
    })),
    {
      name: 'shared-below-contexts',
      severity: 'error',
      comment: 'src/shared is used by the contexts, never the other way round.',
      from: { path: '^src/shared/' },
      to: { path: `^src/(${CONTEXTS.join('|')})/` },
    },
    {
      name: 'product-not-tests',
      severity: 'error',
      comment: 'Shipped code never imports tests, test support, benchmarks, journeys or scripts.',
      from: { path: '^src/', pathNot: ['\\.test\\.ts$', '^src/core/test-support/'] },
      to: { path: ['\\.test\\.ts$', '^src/core/test-support/', '^(e2e|bench|scripts)/'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
