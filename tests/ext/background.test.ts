import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { clipPage } from '../../utils/clip-page';
import { clip } from '../../utils/core/pipeline';
import { forgetPreparedTabs, handleMessage, openReader, registerBackground, runCommand } from '../../utils/extension/background';
import { PINYIN_SCRIPT } from '../../utils/extension/pinyin';
import { READER_SCRIPT, ensureReader } from '../../utils/extension/tabs';
import type { ClipOverrides, ContentMessage } from '../../utils/messages';
import { nodeDeps, parsePage } from '../../utils/node/jsdom';
import { DEFAULT_SETTINGS } from '../../utils/settings/schema';
import { loadSettings, storeSettings } from '../../utils/extension/settings-storage';
import { fixture, fixtureUrl, getMessageZh } from './helpers';

const NOW = new Date('2024-01-02T03:04:05Z');
const PAGE = fixture('019.html');
const URL_019 = fixtureUrl(PAGE);

/** A tab whose reader content script answers like the real one, with the pipeline on a jsdom page. */
function fakeReaderTab(html: string, url: string, options: { injected?: boolean } = {}) {
  let injected = options.injected ?? true;
  const received: ContentMessage[] = [];
  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async (_tabId: number, message: ContentMessage) => {
    if (!injected) throw new Error('Could not establish connection. Receiving end does not exist.');
    received.push(message);
    if (message.type === 'ping') return { ok: true };
    if (message.type === 'clip') {
      const dom = parsePage(html, url);
      return clipPage(dom.window.document, url, (await loadSettings()).settings, nodeDeps(() => NOW), message.overrides).response;
    }
    return { ok: true, open: true };
  }) as never);
  const executeScript = vi.fn(async () => {
    injected = true;
    return [];
  });
  fakeBrowser.scripting.executeScript = executeScript as never;
  return { received, executeScript };
}

function decodeDataUrl(url: string): string {
  expect(url.startsWith('data:text/markdown;charset=utf-8,')).toBe(true);
  return decodeURIComponent(url.slice('data:text/markdown;charset=utf-8,'.length));
}

const createObjectURL = URL.createObjectURL;

beforeEach(() => {
  fakeBrowser.reset();
  // Tab ids start over with the fake browser; the worker's memory of prepared tabs must too.
  forgetPreparedTabs();
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(getMessageZh as never);
  // Chrome's MV3 service worker has no createObjectURL: the data: URL path is the one Chrome takes.
  (URL as { createObjectURL?: unknown }).createObjectURL = undefined;
});
afterEach(() => {
  URL.createObjectURL = createObjectURL;
  vi.restoreAllMocks();
});

describe('message handlers', () => {
  it('answers tab-info with the named site for a Qutoutiao tab, and no site for another host', async () => {
    const q = await fakeBrowser.tabs.create({ url: URL_019 });
    const other = await fakeBrowser.tabs.create({ url: 'https://example.org/post/1' });
    expect(await handleMessage({ type: 'tab-info', tabId: q.id! }, {})).toMatchObject({ ok: true, site: 'qutoutiao', siteLabel: { zh: '趣头条' } });
    expect(await handleMessage({ type: 'tab-info', tabId: other.id! }, {})).toMatchObject({ ok: true, site: null });
  });

  it('treats a switched-off site rule as not named', async () => {
    await storeSettings({ ...DEFAULT_SETTINGS, sites: { qutoutiao: false, qilu: true } });
    const q = await fakeBrowser.tabs.create({ url: URL_019 });
    expect(await handleMessage({ type: 'tab-info', tabId: q.id! }, {})).toMatchObject({ site: null });
  });

  it('injects the reader script when the tab does not answer, then clips', async () => {
    const tab = await fakeBrowser.tabs.create({ url: URL_019 });
    const { executeScript, received } = fakeReaderTab(PAGE, URL_019, { injected: false });
    const reply = await handleMessage({ type: 'clip-tab', tabId: tab.id! }, {});
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: tab.id }, files: [READER_SCRIPT] });
    expect(received.map((m) => m.type)).toEqual(['clip']);
    // The settings the background read travel with the clip: the page does not read them again.
    expect(received[0]).toEqual({ type: 'clip', settings: DEFAULT_SETTINGS });
    expect(reply).toMatchObject({ ok: true, site: 'qutoutiao', rules: ['qutoutiao', 'qilu'], generic: false });
  });

  it('loads the pinyin converter into the page before a clip whose file name is in pinyin, and only then', async () => {
    const tab = await fakeBrowser.tabs.create({ url: URL_019 });
    const { executeScript, received } = fakeReaderTab(PAGE, URL_019);
    await handleMessage({ type: 'clip-tab', tabId: tab.id! }, {});
    expect(executeScript).not.toHaveBeenCalled();
    await storeSettings({ ...DEFAULT_SETTINGS, blog: { ...DEFAULT_SETTINGS.blog, slug: 'pinyin' } });
    const reply = await handleMessage({ type: 'clip-tab', tabId: tab.id! }, {});
    // A probe first (a second save in the page finds the converter there), then the script.
    expect((executeScript.mock.calls as unknown as [{ files?: string[] }][]).map(([d]) => d.files ?? 'probe')).toEqual(['probe', [PINYIN_SCRIPT]]);
    expect(received.filter((m) => m.type === 'clip')).toHaveLength(2);
    expect(reply).toMatchObject({ ok: true });
    // A page that refuses the script still saves, under the title.
    fakeBrowser.scripting.executeScript = vi.fn().mockRejectedValue(new Error('Cannot access contents of the page.')) as never;
    expect(await handleMessage({ type: 'clip-tab', tabId: tab.id! }, {})).toMatchObject({ ok: true });
  });

  it('says "no permission" when the page refuses the script (a generic site without activeTab)', async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://example.org/' });
    fakeReaderTab(PAGE, URL_019, { injected: false });
    fakeBrowser.scripting.executeScript = vi.fn().mockRejectedValue(new Error('Cannot access contents of the page.')) as never;
    expect(await handleMessage({ type: 'clip-tab', tabId: tab.id! }, {})).toMatchObject({ ok: false, error: 'no-permission' });
  });

  it('saves exactly the pipeline’s post into the Downloads subfolder, uniquified', async () => {
    const tab = await fakeBrowser.tabs.create({ url: URL_019 });
    fakeReaderTab(PAGE, URL_019);
    const download = vi.fn().mockResolvedValue(42);
    fakeBrowser.downloads.download = download as never;
    const reply = await handleMessage({ type: 'save', tabId: tab.id! }, {});

    const expected = clip(parsePage(PAGE, URL_019).window.document, URL_019, DEFAULT_SETTINGS, nodeDeps(() => NOW));
    if (!expected.ok) throw new Error(expected.message);
    const [options] = download.mock.calls[0] as [{ url: string; filename: string; conflictAction: string; saveAs: boolean }];
    expect(decodeDataUrl(options.url)).toBe(expected.post.text);
    expect(options.filename).toBe(`hexo-clipper/${expected.post.filename}`);
    expect(options.conflictAction).toBe('uniquify');
    expect(options.saveAs).toBe(false);
    expect(reply).toMatchObject({ ok: true, downloadId: 42, filename: `hexo-clipper/${expected.post.filename}` });
  });

  it('uses a Blob URL where the background has createObjectURL (Firefox’s background page)', async () => {
    URL.createObjectURL = createObjectURL;
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => (blobs.push(b as Blob), 'blob:moz-extension://x/1'));
    const tab = await fakeBrowser.tabs.create({ url: URL_019 });
    fakeReaderTab(PAGE, URL_019);
    const download = vi.fn().mockResolvedValue(3);
    fakeBrowser.downloads.download = download as never;
    await handleMessage({ type: 'save', tabId: tab.id! }, {});
    expect((download.mock.calls[0] as [{ url: string }])[0].url).toBe('blob:moz-extension://x/1');
    const expected = clip(parsePage(PAGE, URL_019).window.document, URL_019, DEFAULT_SETTINGS, nodeDeps(() => NOW));
    expect(await blobs[0]?.text()).toBe(expected.ok ? expected.post.text : '');
  });

  it('applies the popup’s overrides to the saved post', async () => {
    const tab = await fakeBrowser.tabs.create({ url: URL_019 });
    fakeReaderTab(PAGE, URL_019);
    const download = vi.fn().mockResolvedValue(1);
    fakeBrowser.downloads.download = download as never;
    const overrides: ClipOverrides = { title: '改过的标题', tags: ['天气', '德州'], categories: ['新媒体', '趣头条', '分类'] };
    await handleMessage({ type: 'save', tabId: tab.id!, overrides }, {});
    const text = decodeDataUrl((download.mock.calls[0] as [{ url: string }])[0].url);
    expect(text).toContain("title: '改过的标题'");
    expect(text).toMatch(/tags:\n {2}- 天气\n {2}- 德州/);
    expect(text).toMatch(/categories:\n {2}- 新媒体\n {2}- 趣头条\n {2}- 分类/);
    expect((download.mock.calls[0] as [{ filename: string }])[0].filename).toBe('hexo-clipper/改过的标题.md');
  });

  it('reports a refused download in the user’s language', async () => {
    const tab = await fakeBrowser.tabs.create({ url: URL_019 });
    fakeReaderTab(PAGE, URL_019);
    fakeBrowser.downloads.download = vi.fn().mockRejectedValue(new Error('Invalid filename')) as never;
    const reply = await handleMessage({ type: 'save', tabId: tab.id! }, {});
    expect(reply).toMatchObject({ ok: false, error: 'download-failed', message: 'Invalid filename' });
    expect((reply as { text: string }).text).toContain('下载被拒绝');
  });

  it('passes "not an article" through for a list page', async () => {
    const home = 'http://html2.qktoutiao.com/';
    const tab = await fakeBrowser.tabs.create({ url: home });
    fakeReaderTab('<html><body><ul><li><a href="/detail/1.html">一</a></li></ul></body></html>', home);
    expect(await handleMessage({ type: 'clip-tab', tabId: tab.id! }, {})).toMatchObject({ ok: false, error: 'not-article', reason: 'not-article-url' });
  });

  it('the reader’s save button works without a tabId: the sender’s tab is used', async () => {
    const tab = await fakeBrowser.tabs.create({ url: URL_019 });
    const { received } = fakeReaderTab(PAGE, URL_019);
    fakeBrowser.downloads.download = vi.fn().mockResolvedValue(7) as never;
    expect(await handleMessage({ type: 'save' }, { tab: { id: tab.id } as never })).toMatchObject({ ok: true, downloadId: 7 });
    expect(received.some((m) => m.type === 'clip')).toBe(true);
  });

  it('puts a badge on an article tab only, and not for a switched-off site', async () => {
    const tab = await fakeBrowser.tabs.create({ url: URL_019 });
    await handleMessage({ type: 'page-status', site: 'qutoutiao', article: true }, { tab: { id: tab.id } as never });
    expect(await fakeBrowser.action.getBadgeText({ tabId: tab.id })).toBe('文');
    await handleMessage({ type: 'page-status', site: 'qutoutiao', article: false }, { tab: { id: tab.id } as never });
    expect(await fakeBrowser.action.getBadgeText({ tabId: tab.id })).toBe('');
    await storeSettings({ ...DEFAULT_SETTINGS, sites: { qutoutiao: false, qilu: true } });
    await handleMessage({ type: 'page-status', site: 'qutoutiao', article: true }, { tab: { id: tab.id } as never });
    expect(await fakeBrowser.action.getBadgeText({ tabId: tab.id })).toBe('');
  });

  it('loads the reader into an idle article page of an enabled site and has it extract there', async () => {
    const tab = await fakeBrowser.tabs.create({ url: URL_019 });
    const { executeScript, received } = fakeReaderTab(PAGE, URL_019, { injected: false });
    await handleMessage({ type: 'prepare-reader', site: 'qutoutiao' }, { tab: { id: tab.id } as never });
    expect(executeScript).toHaveBeenCalledOnce();
    expect(received).toEqual([{ type: 'prepare', settings: DEFAULT_SETTINGS, blog: false }]);
  });

  it('toggles a prepared tab with one message, the page keeping the settings and blog flag it was prepared with', async () => {
    const tab = await fakeBrowser.tabs.create({ url: URL_019 });
    const { received } = fakeReaderTab(PAGE, URL_019, { injected: false });
    await handleMessage({ type: 'prepare-reader', site: 'qutoutiao' }, { tab: { id: tab.id } as never });
    received.length = 0;
    await runCommand('toggle-reader', tab.id);
    expect(received).toEqual([{ type: 'toggle-reader' }]);
  });

  it('reaches a prepared tab afresh when nothing answers there any more (it navigated away)', async () => {
    const tab = await fakeBrowser.tabs.create({ url: URL_019 });
    const { received, executeScript } = fakeReaderTab(PAGE, URL_019, { injected: false });
    await handleMessage({ type: 'prepare-reader', site: 'qutoutiao' }, { tab: { id: tab.id } as never });
    // The new page's reader is not there yet: the first toggle fails, the reader is injected, then toggled.
    const navigated = fakeReaderTab(PAGE, URL_019, { injected: false });
    expect(await openReader(tab.id!)).toEqual({ ok: true, open: true });
    expect(navigated.received).toEqual([{ type: 'toggle-reader', blog: false, settings: DEFAULT_SETTINGS }]);
    expect(navigated.executeScript).toHaveBeenCalledOnce();
    expect(executeScript).toHaveBeenCalledOnce();
    expect(received).toEqual([{ type: 'prepare', settings: DEFAULT_SETTINGS, blog: false }]);
  });

  it('prepares nothing for a switched-off site, nor when autoReader opens the reader anyway, nor with preparation off', async () => {
    const tab = await fakeBrowser.tabs.create({ url: URL_019 });
    const { executeScript, received } = fakeReaderTab(PAGE, URL_019, { injected: false });
    await storeSettings({ ...DEFAULT_SETTINGS, sites: { qutoutiao: false, qilu: true } });
    await handleMessage({ type: 'prepare-reader', site: 'qutoutiao' }, { tab: { id: tab.id } as never });
    await storeSettings({ ...DEFAULT_SETTINGS, autoReader: true });
    await handleMessage({ type: 'prepare-reader', site: 'qutoutiao' }, { tab: { id: tab.id } as never });
    await storeSettings({ ...DEFAULT_SETTINGS, reader: { ...DEFAULT_SETTINGS.reader, prepare: false } });
    await handleMessage({ type: 'prepare-reader', site: 'qutoutiao' }, { tab: { id: tab.id } as never });
    expect(executeScript).not.toHaveBeenCalled();
    expect(received).toEqual([]);
  });

  it('injects the reader once when two callers (the idle preparation, a shortcut) reach a tab together', async () => {
    const tab = await fakeBrowser.tabs.create({ url: URL_019 });
    const { executeScript } = fakeReaderTab(PAGE, URL_019, { injected: false });
    await Promise.all([ensureReader(tab.id!), ensureReader(tab.id!)]);
    expect(executeScript).toHaveBeenCalledOnce();
    // Done, the next caller pings the script it finds instead of injecting again.
    await ensureReader(tab.id!);
    expect(executeScript).toHaveBeenCalledOnce();
  });

  it('opens the reader by itself on an article when autoReader is on', async () => {
    await storeSettings({ ...DEFAULT_SETTINGS, autoReader: true });
    const tab = await fakeBrowser.tabs.create({ url: URL_019 });
    const { received } = fakeReaderTab(PAGE, URL_019, { injected: false });
    await handleMessage({ type: 'page-status', site: 'qutoutiao', article: true }, { tab: { id: tab.id } as never });
    expect(received).toContainEqual({ type: 'toggle-reader', open: true, blog: false, settings: { ...DEFAULT_SETTINGS, autoReader: true } });
  });
});

describe('registration', () => {
  it('answers runtime messages through sendResponse, and wires menus and commands', async () => {
    const menuClicks = vi.spyOn(fakeBrowser.contextMenus.onClicked, 'addListener').mockImplementation(() => undefined);
    const commands = vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => undefined);
    let onConnect: ((port: unknown) => void) | undefined;
    vi.spyOn(fakeBrowser.runtime.onConnect, 'addListener').mockImplementation((l) => void (onConnect = l as never));
    registerBackground();
    const tab = await fakeBrowser.tabs.create({ url: URL_019 });
    expect(await fakeBrowser.runtime.sendMessage({ type: 'tab-info', tabId: tab.id })).toMatchObject({ ok: true, site: 'qutoutiao' });
    // Messages meant for the content script are not the background's to answer.
    await expect(fakeBrowser.runtime.sendMessage({ type: 'clip' })).resolves.toBeUndefined();
    expect(menuClicks).toHaveBeenCalledOnce();
    expect(commands).toHaveBeenCalledOnce();

    // The detector's port: its page-status message sets the badge of the sender's tab; other ports are ignored.
    const portFor = (name: string) => {
      const listeners: ((m: unknown) => void)[] = [];
      return { name, sender: { tab: { id: tab.id } }, onMessage: { addListener: (l: (m: unknown) => void) => listeners.push(l) }, listeners };
    };
    const other = portFor('something-else');
    onConnect!(other);
    expect(other.listeners).toEqual([]);
    const port = portFor('page-status');
    onConnect!(port);
    port.listeners[0]!({ type: 'page-status', site: 'qutoutiao', article: true });
    await vi.waitFor(async () => expect(await fakeBrowser.action.getBadgeText({ tabId: tab.id })).toBe('文'));

    const create = vi.fn();
    fakeBrowser.contextMenus.removeAll = vi.fn().mockResolvedValue(undefined) as never;
    fakeBrowser.contextMenus.create = create as never;
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' } as never);
    await vi.waitFor(() => expect(create).toHaveBeenCalledTimes(2));

    // A prepared tab, once closed, is forgotten: a new tab with its id is reached afresh.
    const { received } = fakeReaderTab(PAGE, URL_019, { injected: false });
    await handleMessage({ type: 'prepare-reader', site: 'qutoutiao' }, { tab: { id: tab.id } as never });
    await fakeBrowser.tabs.onRemoved.trigger(tab.id!, { windowId: tab.windowId!, isWindowClosing: false });
    received.length = 0;
    await runCommand('toggle-reader', tab.id);
    expect(received).toEqual([{ type: 'ping' }, { type: 'toggle-reader', blog: false, settings: DEFAULT_SETTINGS }]);
    expect(create.mock.calls.map(([c]) => [c.id, c.title])).toEqual([
      ['save-post', '保存为 Hexo 文章'],
      ['toggle-reader', '阅读模式'],
    ]);
  });

  it('the toggle-reader command toggles the reader in the given tab', async () => {
    const tab = await fakeBrowser.tabs.create({ url: URL_019 });
    const { received } = fakeReaderTab(PAGE, URL_019);
    await runCommand('toggle-reader', tab.id);
    // The stored settings travel with the command, so the page need not read them before extracting.
    expect(received).toEqual([{ type: 'ping' }, { type: 'toggle-reader', blog: false, settings: DEFAULT_SETTINGS }]);
  });

  it('the save command marks the badge with the outcome', async () => {
    const tab = await fakeBrowser.tabs.create({ url: URL_019 });
    fakeReaderTab(PAGE, URL_019);
    fakeBrowser.downloads.download = vi.fn().mockRejectedValue(new Error('nope')) as never;
    await runCommand('save-post', tab.id);
    expect(await fakeBrowser.action.getBadgeText({ tabId: tab.id })).toBe('!');
    expect(await fakeBrowser.action.getTitle({ tabId: tab.id })).toContain('下载被拒绝');
  });
});
