import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import preact from '@preact/preset-vite';

export default defineConfig({
  test: {
    projects: [
      {
        // The pure pipeline with no WXT plugin: an import of wxt or browser APIs fails here.
        test: {
          name: 'core',
          include: ['tests/core/**/*.test.ts', 'tests/sites/**/*.test.ts', 'tests/golden/**/*.test.ts', 'tests/cli/**/*.test.ts', 'tests/hexo/**/*.test.ts', 'tests/blog/**/*.test.ts', 'tests/batch/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60000,
        },
      },
      {
        plugins: [WxtVitest(), preact()],
        test: {
          name: 'ext',
          include: ['tests/ext/**/*.test.ts', 'tests/ext/**/*.test.tsx'],
          environment: 'jsdom',
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
    ],
  },
});
