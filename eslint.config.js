// @ts-check
/**
 * `npm run lint`. Besides typescript-eslint's recommended rules, this file holds the project's
 * architecture and security rules (they replaced the regular-expression source scan of
 * `scripts/check-security.ts`; `tests/core/lint-rules.test.ts` proves each one fires):
 * - the core (utils/core, sites, blog, settings) is pure: no WXT, no browser, no extension code,
 *   no Node builtins, no Node-only code;
 * - nothing the extension bundles imports `utils/node/` (jsdom, workers, the file system);
 * - page content is untrusted: strings become DOM only in `utils/core/sanitize.ts`; no eval.
 */
import { builtinModules } from 'node:module';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import nounsanitized from 'eslint-plugin-no-unsanitized';

const CORE = ['utils/core/**', 'utils/sites/**', 'utils/blog/**', 'utils/settings/**'];
const NODE_ONLY = ['utils/node/**'];
/** What the extension bundles: every browser-side folder (the core included). */
const BUNDLED = ['entrypoints/**', 'components/**', 'utils/**'];
const CODE = '**/*.{ts,tsx,mts,cts,js,mjs,cjs,jsx}';

// Import specifiers, written relative (`../node/x`, `../../utils/node/x`) or through WXT's
// aliases (`@/utils/node/x`, `~/utils/node/x`).
const specifierOf = (/** @type {string} */ dir) => `^(?:\\.{1,2}/)*(?:(?:@|~|@@|~~)/)?(?:utils/)?${dir}(?:/|$)`;

const NODE_ONLY_IMPORT = {
  regex: specifierOf('node'),
  message: 'utils/node/ is Node-only (jsdom, workers, the file system); nothing the extension bundles may import it.',
};
const CORE_IMPORTS = [
  {
    regex: '^(?:wxt|#imports|webextension-polyfill|@wxt-dev/.*)(?:/|$)',
    message: 'The core is pure: it takes its DOM, settings, clock and sanitizer as parameters; the browser is wired in entrypoints/ and utils/extension/.',
  },
  { regex: specifierOf('extension'), message: 'The core may not import browser-only code (utils/extension/).' },
  {
    regex: `^(?:node:.*|${builtinModules.filter((m) => !m.startsWith('_')).join('|')})(?:/.*)?$`,
    message: 'The core runs in the browser too: no Node builtins (Node-only code lives in utils/node/ or scripts/).',
  },
];

/** no-restricted-syntax selectors; a later config object replaces the rule's options, so each area lists all its own. */
const ADOPT_NODE = {
  selector: "CallExpression[callee.property.name='adoptNode']",
  message: 'In a Chromium content script a node adopted from an inert document still runs an on… handler whose attribute was removed there: copy it with importNode (see utils/core/sanitize.ts).',
};
const HTML_PARSING = [
  { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Only sanitized DOM reaches the page: render it through utils/core/sanitize.ts, not dangerouslySetInnerHTML.' },
  { selector: "CallExpression[callee.property.name='parseFromString']", message: 'Strings become DOM only in utils/core/sanitize.ts.' },
];
const dynamicImportOf = (/** @type {{regex: string, message: string}} */ p) => ({
  // esquery's regular expressions end at the first `/`, so it is written as an escape.
  selector: `ImportExpression[source.value=/${p.regex.replace(/\//g, '\\x2F')}/]`,
  message: p.message,
});

export default defineConfig(
  {
    ignores: ['node_modules/**', '.output/**', '.wxt/**', 'dist/**', 'demo-output/**', 'artifacts/**', 'coverage/**'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: [CODE],
    extends: [tseslint.configs.recommended],
    // no-implied-eval and no-eval find `setTimeout("…")` and `window.eval` only through declared globals.
    languageOptions: { globals: { setTimeout: 'readonly', setInterval: 'readonly', window: 'readonly', self: 'readonly' } },
    plugins: { 'no-unsanitized': nounsanitized },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      // The code already marks its deliberate control characters in patterns (file names, YAML).
      'no-control-regex': 'error',
      'no-unsanitized/method': 'error',
      'no-unsanitized/property': 'error',
      // `_name` marks a parameter kept for its position (a callback's signature).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: BUNDLED.map((g) => `${g.replace(/\*\*$/, '')}${CODE}`),
    ignores: NODE_ONLY,
    rules: {
      'no-restricted-imports': ['error', { patterns: [NODE_ONLY_IMPORT] }],
      'no-restricted-syntax': ['error', ADOPT_NODE, ...HTML_PARSING, dynamicImportOf(NODE_ONLY_IMPORT)],
    },
  },
  {
    files: CORE.map((g) => `${g.replace(/\*\*$/, '')}${CODE}`),
    rules: {
      'no-restricted-imports': ['error', { patterns: [NODE_ONLY_IMPORT, ...CORE_IMPORTS] }],
      'no-restricted-syntax': ['error', ADOPT_NODE, ...HTML_PARSING, ...[NODE_ONLY_IMPORT, ...CORE_IMPORTS].map(dynamicImportOf)],
      'no-restricted-globals': [
        'error',
        { name: 'browser', message: 'The core is pure: the browser is wired in entrypoints/ and utils/extension/.' },
        { name: 'chrome', message: 'The core is pure: the browser is wired in entrypoints/ and utils/extension/.' },
      ],
      'no-restricted-properties': [
        'error',
        ...['globalThis', 'window', 'self'].flatMap((object) =>
          ['browser', 'chrome'].map((property) => ({ object, property, message: 'The core is pure: the browser is wired in entrypoints/ and utils/extension/.' })),
        ),
      ],
    },
  },
  {
    // Node-only: jsdom parses pages here and never reaches a browser, where HTML sinks matter;
    // nothing bundled imports it (checked above). adoptNode stays banned: the reason holds anywhere.
    files: NODE_ONLY.map((g) => `${g.replace(/\*\*$/, '')}${CODE}`),
    rules: {
      'no-unsanitized/method': 'off',
      'no-unsanitized/property': 'off',
      'no-restricted-syntax': ['error', ADOPT_NODE],
    },
  },
  {
    // The one module that turns strings into DOM (DOMPurify, then a copy into the target document).
    files: ['utils/core/sanitize.ts'],
    rules: {
      'no-unsanitized/method': 'off',
      'no-unsanitized/property': 'off',
      'no-restricted-syntax': ['error', ADOPT_NODE, ...[NODE_ONLY_IMPORT, ...CORE_IMPORTS].map(dynamicImportOf)],
    },
  },
  {
    // Tests build DOM from their own fixture strings (jsdom, or a throwaway page in the e2e
    // browser where the hostile test injects markup on purpose); nothing there ships.
    files: ['tests/**'],
    rules: {
      'no-unsanitized/method': 'off',
      'no-unsanitized/property': 'off',
    },
  },
);
