// ESLint for Tact (`npm run lint`, part of `npm test`): typescript-eslint's strict, type-checked
// rules on src/, e2e/, bench/, scripts/ and the config files, plus the rules that guard Tact's
// promises (see ARCHITECTURE.md, "Code checks"): src/core uses no browser API, src/ makes no
// network request and writes no HTML from strings. Formatting is Prettier's job
// (eslint-config-prettier, last).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Tact makes no network requests of its own. */
const NETWORK_GLOBALS = ['fetch', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'EventSource', 'WebTransport'].map(
  (name) => ({ name, message: 'Tact makes no network requests of its own.' }),
);
const NETWORK_PROPERTIES = [
  ...['window', 'self', 'globalThis'].flatMap((object) =>
    ['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource'].map((property) => ({ object, property })),
  ),
  { object: 'navigator', property: 'sendBeacon' },
].map((p) => ({ ...p, message: 'Tact makes no network requests of its own.' }));

/**
 * Every browser global (those Node lacks) plus the ones Node shares but core must not use: src/core
 * runs unchanged in a Node test, so a context passes it what it needs.
 */
const CORE_BANNED_GLOBALS = [
  ...new Set([
    ...Object.keys(globals.browser).filter((name) => !(name in globals.node) && !(name in globals.builtin)),
    ...Object.keys(globals.webextensions),
    ...['window', 'self', 'document', 'navigator', 'location', 'indexedDB', 'localStorage', 'sessionStorage'],
    ...['caches', 'origin', 'performance', 'crypto'],
  ]),
]
  .filter((name) => !NETWORK_GLOBALS.some((g) => g.name === name))
  .map((name) => ({ name, message: 'src/core is pure logic that runs in Node: take this from the caller.' }));

/** Texts are always escaped: lit templates and textContent, never HTML from strings. */
const HTML_SINKS = [
  {
    selector: 'MemberExpression[property.name=/^(innerHTML|outerHTML)$/]',
    message: 'Build DOM with lit templates or textContent; never HTML from strings.',
  },
  {
    selector: 'CallExpression[callee.property.name=/^(insertAdjacentHTML|setHTMLUnsafe|createContextualFragment)$/]',
    message: 'Build DOM with lit templates or textContent; never HTML from strings.',
  },
  {
    selector: "CallExpression[callee.object.name='document'][callee.property.name=/^write(ln)?$/]",
    message: 'Build DOM with lit templates or textContent; never HTML from strings.',
  },
];
const UNSAFE_LIT = {
  patterns: [
    { group: ['lit/directives/unsafe-*'], message: 'Texts are always escaped: no unsafeHTML/unsafeSVG.' },
    { group: ['lit-html/directives/unsafe-*'], message: 'Texts are always escaped: no unsafeHTML/unsafeSVG.' },
  ],
};

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', '.tmp/', 'bench/results/', 'demo/', 'docs/', 'assets/'] },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] },
          ],
        },
      ],
      // Numbers in messages and selectors are the common, safe case.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `() => clearTimeout(t)` is the house style for one-line callbacks.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // With noUncheckedIndexedAccess, `!` marks an index or lookup the code has just proved; a
      // TypeError there is the right failure, and a runtime check would only repeat the proof.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Code at the edges guards on purpose against what its types rule out: event targets cast to
      // Element, records saved by older versions, a runtime gone after an extension reload, an
      // editor draft typed as a Flow while it is still being edited. Removing those guards changes
      // behaviour.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // Records keyed by id are plain objects because they go through IndexedDB and messages
      // (structured clone); deleting a key is how such a record shrinks.
      '@typescript-eslint/no-dynamic-delete': 'off',
      // Functions that implement a Promise-returning interface synchronously (the editor's local
      // conversation driver, harness stubs) stay async so that a throw becomes a rejection.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.strict],
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['src/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.webextensions } },
    rules: {
      'no-restricted-globals': ['error', ...NETWORK_GLOBALS],
      'no-restricted-properties': ['error', ...NETWORK_PROPERTIES],
      'no-restricted-syntax': ['error', ...HTML_SINKS],
      'no-restricted-imports': ['error', UNSAFE_LIT],
    },
  },
  {
    files: ['src/core/**'],
    languageOptions: { globals: {} },
    rules: { 'no-restricted-globals': ['error', ...NETWORK_GLOBALS, ...CORE_BANNED_GLOBALS] },
  },
  {
    // These tests build malformed models on purpose, through an untyped view of a valid one.
    files: ['src/core/validation/validation.test.ts', 'src/core/validation/error-reasons.test.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  {
    files: ['e2e/**', 'bench/**', 'scripts/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // Hostile page scripts: they probe what a page could reach and expect most probes to fail.
    files: ['e2e/fixtures/**'],
    rules: { 'no-empty': ['error', { allowEmptyCatch: true }] },
  },
  prettier,
);
