import { render } from 'preact';
import { browser } from 'wxt/browser';
import { I18n } from '../../components/i18n';
import { Popup, type PopupApi } from '../../components/Popup';
import { getMessageTranslate } from '../../utils/i18n';
import { blogPermission, canPickFolder, createBlogStore } from '../../utils/extension/blog-handle';
import { requestImageAccess } from '../../utils/extension/images';
import { failure, type BackgroundMessage, type BlogState, type ClipResponse, type Failure, type SaveResponse, type TabInfo, type TabSaveResult } from '../../utils/messages';

const t = getMessageTranslate((k, s) => browser.i18n.getMessage(k as never, s));
document.title = t('extName');
document.documentElement.lang = t('lang') === 'en' ? 'en' : 'zh-CN';

/** Tests open the popup as a tab (`popup.html?tabId=N`); a real popup works on the active tab. */
async function targetTab(): Promise<number | undefined> {
  const fromUrl = Number(new URLSearchParams(location.search).get('tabId'));
  if (Number.isInteger(fromUrl) && fromUrl > 0) return fromUrl;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

function ask<T>(message: BackgroundMessage): Promise<T | Failure> {
  return (browser.runtime.sendMessage(message) as Promise<T | undefined>).then(
    (reply) => reply ?? failure('unknown', 'no reply from the background'),
    (e: unknown) => failure('unknown', String((e as Error)?.message ?? e)),
  );
}

async function main() {
  const tabId = await targetTab();
  const none = failure('no-tab', 'no active tab');
  const api: PopupApi = {
    tabInfo: () => (tabId === undefined ? Promise.resolve(none) : ask<TabInfo>({ type: 'tab-info', tabId })),
    clip: (overrides) => (tabId === undefined ? Promise.resolve(none) : ask<ClipResponse>({ type: 'clip-tab', tabId, ...(overrides ? { overrides } : {}) })),
    save: (overrides, images, intent) => (tabId === undefined ? Promise.resolve(none) : ask<SaveResponse>({ type: 'save', tabId, overrides, images, ...(intent ? { intent } : {}) })),
    // Without the folder picker (Firefox) no blog can be connected: nothing to ask, and a question
    // still in flight when the popup closes is an error in Firefox's console.
    blogState: canPickFolder(window) ? (article) => ask<BlogState>({ type: 'blog-state', ...(article ? { article } : {}) }) : undefined,
    // The popup, not the worker, asks: Chromium shows the prompt only to a page with the user's click.
    async ensureBlogAccess() {
      const stored = await createBlogStore().get();
      return stored ? blogPermission(stored.handle, true) : 'none';
    },
    saveTabs: (tabIds) =>
      ask<{ ok: true; results: TabSaveResult[] }>({ type: 'save-tabs', tabIds }).then((r) => (r.ok ? r.results : r)),
    blogSupported: canPickFolder(window),
    openBlogSettings: () => {
      void browser.tabs.create({ url: browser.runtime.getURL('/options.html#blog') });
      window.close();
    },
    requestImageAccess,
    copy: (text) => navigator.clipboard.writeText(text),
    openReader: () => (tabId === undefined ? Promise.resolve(none) : ask<{ ok: true }>({ type: 'open-reader', tabId })),
  };
  render(
    <I18n.Provider value={t}>
      <Popup api={api} lang={t('lang') === 'en' ? 'en' : 'zh'} onReaderOpened={() => window.close()} />
    </I18n.Provider>,
    document.getElementById('app') as HTMLElement,
  );
}

void main();
