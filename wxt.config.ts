import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  srcDir: '.',
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    permissions: ['storage', 'downloads', 'contextMenus', 'activeTab', 'scripting'],
    browser_specific_settings: {
      gecko: {
        id: 'hexo-clipper@example.org',
        data_collection_permissions: { required: ['none'] },
      },
    },
  },
  zip: {
    includeSources: ['package.json', 'package-lock.json', 'tsconfig.json', 'wxt.config.ts', 'entrypoints/**', 'components/**', 'utils/**', 'public/**', 'README.md'],
  },
});
