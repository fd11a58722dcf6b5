import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { IMAGE_HOST_PERMISSIONS } from './utils/image-hosts';
import { contentScriptMatches } from './utils/sites';

// https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  srcDir: '.',
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: ({ browser, manifestVersion }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    permissions: [
      'storage',
      'downloads',
      'contextMenus',
      'activeTab',
      'scripting',
      // Setting the article's Referer on the extension's own image requests (local and zip saving):
      // a declarativeNetRequest session rule on Chrome, a blocking webRequest listener in Firefox's MV2 build.
      ...(browser === 'firefox' ? ['webRequest', 'webRequestBlocking'] : ['declarativeNetRequestWithHostAccess']),
    ],
    // The named sites only, from the same registry as the content scripts; any other site is reached
    // through activeTab when the user asks (popup, context menu, command).
    host_permissions: contentScriptMatches(),
    // The image CDNs, asked for only when the user picks local or zip saving. MV2 has no
    // optional_host_permissions (WXT drops the key there): origins go in optional_permissions.
    ...(manifestVersion === 2 ? { optional_permissions: IMAGE_HOST_PERMISSIONS } : { optional_host_permissions: IMAGE_HOST_PERMISSIONS }),
    action: { default_title: '__MSG_extName__' },
    // Keys both browsers assign and no browser menu takes, checked by both e2e suites: Chromium 156
    // leaves Alt+Shift+R (and X, Z, P) unassigned, and in Firefox on Linux Alt+Shift+S opens the
    // History menu (its access key in zh-CN and en-US). Y as in 阅读 (yuèdú).
    commands: {
      'toggle-reader': { suggested_key: { default: 'Alt+Shift+Y' }, description: '__MSG_cmdToggleReader__' },
      'save-post': { suggested_key: { default: 'Alt+Shift+K' }, description: '__MSG_cmdSavePost__' },
    },
    browser_specific_settings: {
      gecko: {
        id: 'hexo-clipper@example.org',
        data_collection_permissions: { required: ['none'] },
      },
    },
  }),
  zip: {
    includeSources: ['package.json', 'package-lock.json', 'tsconfig.json', 'wxt.config.ts', 'entrypoints/**', 'components/**', 'utils/**', 'public/**', 'README.md'],
  },
});
