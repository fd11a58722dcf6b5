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
  // Dead code the steps helper (issue 13, items 3-4) is deleting on its branch: isElement,
  // postUrl, ReaderState. Remove these lines when that branch is merged (knip then reports
  // them as unneeded ignores).
  ignoreIssues: {
    'utils/core/text.ts': ['exports'],
    'utils/extension/download.ts': ['exports'],
    'utils/messages.ts': ['types'],
  },
  ignoreDependencies: [
    // The settings schema's validation library (issue 13 item 1, the schema helper's branch):
    // installed ahead for every branch; remove from this list when the schema lands.
    'valibot',
    // Imported for types and test drivers only; they come with wxt and hexo at the versions those
    // packages pin, so a second declaration here could only drift from theirs.
    '@wxt-dev/browser',
    'hexo-front-matter',
  ],
};

export default config;
