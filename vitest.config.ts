import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import preact from '@preact/preset-vite';

const SLOW = [
  'tests/core/property.test.ts',
  'tests/core/hostile.test.ts',
  'tests/core/plain-markup.test.ts',
  'tests/cli/**/*.test.ts',
  'tests/hexo/**/*.test.ts',
  'tests/batch/**/*.test.ts',
  'tests/blog/filename-hexo.test.ts',
  'tests/blog/cli-blog.test.ts',
  // 2,000 fast-check runs through buildPost and yaml: about 6 s alone at low load.
  'tests/blog/frontmatter.test.ts',
];

export default defineConfig({
  test: {
    // Vitest's default leaves one CPU free, which on this 2-core machine is one worker for
    // everything: `test:fast` took 54 s on one core and 39 s on both.
    maxWorkers: availableParallelism(),
    projects: [
      {
        // The pure pipeline with no WXT plugin: an import of wxt or browser APIs fails here.
        // `npm run test:fast` runs this project and `ext`; the slow ones below run in `npm test`.
        test: {
          name: 'core',
          include: ['tests/core/**/*.test.ts', 'tests/sites/**/*.test.ts', 'tests/golden/**/*.test.ts', 'tests/blog/**/*.test.ts', 'tests/generic/**/*.test.ts', 'tests/drift/**/*.test.ts'],
          exclude: SLOW,
          environment: 'node',
          testTimeout: 60000,
          // These tests mock nothing and share no state: one module graph per worker instead of
          // one per file saves importing jsdom, Readability and Turndown thirty times over.
          isolate: false,
        },
      },
      {
        // The same pure code, in the checks that take minutes: thousands of property runs, hostile
        // pages, the differential Readability run, the CLI as a process, real Hexo.
        test: {
          name: 'slow',
          include: SLOW,
          environment: 'node',
          testTimeout: 120000,
        },
      },
      {
        plugins: [WxtVitest(), preact()],
        test: {
          name: 'ext',
          include: ['tests/ext/**/*.test.ts', 'tests/ext/**/*.test.tsx'],
          environment: 'jsdom',
          // One module graph per worker, as in core (CPU 49 s → 18 s). A test that swaps the
          // document's <body> element for another would leave testing-library's `screen` bound to
          // the old one for every file after it: tests change the body's children, never the body.
          isolate: false,
        },
      },
      {
        // Drives the built extension (.output/chrome-mv3) in Debian's Chromium; `npm run test:e2e` builds first.
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120000,
          hookTimeout: 120000,
          fileParallelism: false,
        },
      },
      {
        // The shared scenarios in Debian's firefox-esr (.output/firefox-mv2); `npm run test:e2e:firefox` builds first.
        test: {
          name: 'e2e-firefox',
          include: ['tests/e2e-firefox/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120000,
          hookTimeout: 120000,
          fileParallelism: false,
        },
      },
    ],
  },
});
