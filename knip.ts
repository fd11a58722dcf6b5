/**
 * `npm run knip`: unused files, exports and dependencies. WXT's plugin makes entrypoints/ the
 * production entries; the rest is what runs without being imported.
 */
import type { KnipConfig } from 'knip';

const config: KnipConfig = {
  entry: [
    // Commands run with tsx (package.json scripts, the README, .ci/run).
    'scripts/*.ts',
    'tests/fixtures/**/make-*.ts',
    // The batch worker: worker-entry.mjs loads it through tsx's API, a string knip cannot follow.
    'utils/node/worker-entry.mjs',
    'utils/node/worker.ts',
  ],
  project: ['**/*.{ts,tsx,js,mjs}'],
  // An export its own module uses is part of that module's shape, not dead code.
  ignoreExportsUsedInFile: true,
  ignoreDependencies: [
    // Imported for types and test drivers only; they come with wxt and hexo at the versions those
    // packages pin, so a second declaration here could only drift from theirs.
    '@wxt-dev/browser',
    'hexo-front-matter',
  ],
};

export default config;
