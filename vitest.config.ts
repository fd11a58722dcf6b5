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
          include: ['tests/core/**/*.test.ts', 'tests/sites/**/*.test.ts', 'tests/golden/**/*.test.ts', 'tests/cli/**/*.test.ts', 'tests/hexo/**/*.test.ts'],
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
    ],
  },
});
