/**
 * The background's work: answering the popup and the reader, the toolbar badge, context menus,
 * commands and downloads. The entrypoint only calls `registerBackground()`.
 */
import { browser, type Browser } from 'wxt/browser';
import { getMessageTranslate, type Translate } from '../i18n';
import {
  failure,
  isBackgroundMessage,
  PAGE_STATUS_PORT,
  type BackgroundMessage,
  type ClipOverrides,
  type ClipResponse,
  type Failure,
  type LocalImagesMessage,
  type SaveResponse,
  type SaveSuccess,
  type TabInfo,
  type BlogState,
  type TabSaveResult,
  type SavedPost,
  type BlogPostOptions,
} from '../messages';
import type { Asset } from '../core/assets';
import { postFiles } from '../core/bundle';
import { formatLocal } from '../core/date';
import { failureText as failureTextIn, saveText, tabsSummary } from './blog-text';
import { hasBlog, lookup, openBlog, writeIntoBlog, type ArticleRef, type OpenBlog } from './blog-save';
import type { ImageMode, Settings } from '../settings/schema';
import { loadSettings } from './settings-storage';
import { checkField } from '../settings/validate';
import { ruleForHost } from '../sites';
import { downloadPost } from './download';
import { clearRefererRules, fetchArticleImages } from './images';

type ReadyBlog = Extract<OpenBlog, { kind: 'ready' }>;
import { ImagesError, saveWithImages } from './save';
import { ensurePinyin, ensureReader, InjectionError, sendToTab } from './tabs';
import { mark } from './timing';

type Sender = Browser.runtime.MessageSender;
type Action = typeof browser.action;

/** MV3 has `action`, Firefox's MV2 build `browserAction`; both have the badge calls used here. */
function toolbar(): Action | undefined {
  return browser.action ?? (browser as unknown as { browserAction?: Action }).browserAction;
}

export const translate: Translate = (key, subs) => getMessageTranslate((k, s) => browser.i18n.getMessage(k as never, s))(key, subs);

async function reachReader(tabId: number): Promise<Failure | null> {
  try {
    await ensureReader(tabId);
    return null;
  } catch (e) {
    return failure(e instanceof InjectionError ? 'no-permission' : 'unknown', (e as Error).message);
  }
}

export async function tabInfo(tabId: number): Promise<TabInfo | Failure> {
  let tab: Browser.tabs.Tab | undefined;
  try {
    tab = await browser.tabs.get(tabId);
  } catch (e) {
    return failure('no-tab', (e as Error).message);
  }
  if (!tab) return failure('no-tab', `no tab ${tabId}`);
  // Without a host permission or activeTab the URL is hidden from us: then the site is not a named one.
  const url = tab.url ?? null;
  let host = '';
  try {
    host = url ? new URL(url).hostname : '';
  } catch {
    host = '';
  }
  const { settings } = await loadSettings();
  const rule = host ? ruleForHost(host, settings.sites) : undefined;
  return { ok: true, tabId, site: rule?.id ?? null, siteLabel: rule ? { ...rule.label } : null, url, selected: await selectedTabs(tabId), imageMode: settings.images.mode };
}

/** `settings`: a blog's effective settings; the page reads the stored ones otherwise. */
export async function clipTab(tabId: number, overrides?: ClipOverrides, local?: LocalImagesMessage, settings?: Settings, post?: BlogPostOptions): Promise<ClipResponse> {
  const unreachable = await reachReader(tabId);
  if (unreachable) return unreachable;
  // Read here, not again in the page: the pinyin check needs them first.
  const effective = settings ?? (await loadSettings()).settings;
  // Without the converter (a page that refuses the script) the name falls back to the title, as
  // formatFilename does for a slug it cannot make.
  if (effective.blog.slug === 'pinyin') await ensurePinyin(tabId).catch(() => undefined);
  try {
    const reply = await sendToTab<ClipResponse | undefined>(tabId, {
      type: 'clip',
      ...(overrides ? { overrides } : {}),
      ...(local ? { local } : {}),
      settings: effective,
      ...(post ? { post } : {}),
    });
    return reply ?? failure('no-receiver', 'the page did not answer');
  } catch (e) {
    return failure('no-receiver', (e as Error).message);
  }
}


/**
 * `images`: the popup's choice for this save; the setting otherwise (reader button, command,
 * menu). With a blog connected and writable the post goes into it; connected but not writable
 * (permission dropped, config unreadable), into Downloads with `fallback` saying why.
 */
export async function saveTab(tabId: number, overrides?: ClipOverrides, images?: ImageMode, intent?: 'update' | 'new'): Promise<SaveResponse> {
  const imagesIssue = images === undefined ? null : checkField('images.mode', images);
  if (imagesIssue) return failure('invalid-overrides', `images: expected ${imagesIssue.expected}, got ${imagesIssue.got}`);
  const { settings } = await loadSettings();
  const blog = await openBlog(settings);
  if (blog.kind === 'ready') return saveTabIntoBlog(tabId, blog, overrides, images, intent);
  const result = await saveTabToDownloads(tabId, settings, overrides, images);
  return result.ok && blog.kind === 'unavailable' ? { ...result, fallback: blog.reason } : result;
}

async function saveTabToDownloads(tabId: number, settings: Settings, overrides?: ClipOverrides, images?: ImageMode): Promise<SaveResponse> {
  const clipped = await clipTab(tabId, overrides);
  if (!clipped.ok) return clipped;
  const mode = images ?? settings.images.mode;
  try {
    if (mode !== 'remote') return await saveWithImages(clipped, settings, mode, (local) => clipTab(tabId, overrides, local));
    const { downloadId, path } = await downloadPost(clipped.post, clipped.filename, settings.download);
    return { ok: true, downloadId, filename: path };
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    if (e instanceof ImagesError) return failure('images-failed', message);
    return failure(/cancel/i.test(message) ? 'download-cancelled' : 'download-failed', message);
  }
}

/**
 * Into the blog, with the blog's settings (its timezone, `new_post_name`, scaffold…): images go
 * into the post's asset folder when `post_asset_folder` is on (the effective mode is then local;
 * zip makes no sense in a blog). An article already there is not written again unless `intent` says so.
 */
async function saveTabIntoBlog(tabId: number, blog: ReadyBlog, overrides?: ClipOverrides, images?: ImageMode, intent?: 'update' | 'new'): Promise<SaveResponse> {
  const settings = blog.settings;
  // The blog's scaffold (key order, extra keys) and filename_case shape the post where it is built.
  const post: BlogPostOptions = { scaffold: blog.profile.scaffold, filenameCase: blog.profile.filenameCase };
  const clipped = await clipTab(tabId, overrides, undefined, settings, post);
  if (!clipped.ok) return clipped;
  try {
    if (!intent) {
      const existing = await lookup(blog, clipped);
      if (existing) return { ...failure('already-saved', `already saved as ${existing.path}`), existing: summaryOf(existing, settings.timezone) };
    }
    // The popup's remote choice is honoured; local and zip both mean "beside the post", which only a post-asset-folder blog can show.
    const wantImages = (images ?? settings.images.mode) !== 'remote' && blog.profile.postAssetFolder && clipped.images.length > 0;
    let text = clipped.post;
    let filename = clipped.filename;
    let assets: Asset[] = [];
    let summary: SaveSuccess['images'];
    if (wantImages) {
      const limits = { maxImageBytes: settings.images.maxImageKB * 1024, maxTotalBytes: settings.images.maxArticleKB * 1024 };
      const local = await fetchArticleImages(clipped.images, clipped.url, limits);
      const again = await clipTab(tabId, overrides, { names: [...local.names], failures: local.failures, style: settings.images.assetStyle }, settings, post);
      if (!again.ok) return failure('images-failed', `the page did not rebuild the post: ${again.message}`);
      ({ post: text, filename } = again);
      assets = local.assets;
      summary = { mode: 'local', total: new Set(clipped.images).size, saved: local.assets.length, failures: local.failures, files: [] };
    }
    const files = postFiles({ frontMatter: {}, body: '', text, filename }, assets);
    const result = await writeIntoBlog(blog, files, clipped, intent);
    if (result.status === 'skipped') return { ...failure('already-saved', `already saved as ${result.existing.path}`), existing: summaryOf(result.existing, settings.timezone) };
    if (result.status === 'failed') return failure('blog-write-failed', `${result.code}: ${result.message}`);
    const written = result.written;
    return {
      ok: true,
      filename: result.path,
      blog: { status: result.status, path: result.path },
      ...(summary ? { images: { ...summary, files: written } } : {}),
    };
  } catch (e) {
    return failure('blog-write-failed', (e as Error).message ?? String(e));
  }
}

function summaryOf(e: { path: string; title: string; date?: string }, timeZone: string): SavedPost {
  return { path: e.path, title: e.title, ...(e.date ? { date: e.date, localDate: formatLocal(new Date(e.date), timeZone).slice(0, 16) } : {}) };
}

/** What a save says when there is no popup to list the images (the reader's button, the badge's title). */
export function savedText(result: SaveSuccess): string {
  return saveText(result, translate);
}

export async function openReader(tabId: number, open?: boolean): Promise<{ ok: true; open: boolean } | Failure> {
  mark('reader-command');
  const forced = open === undefined ? {} : { open };
  // A tab prepared while idle has the reader, with the settings and the blog flag of its
  // preparation (kept current there): one message, with nothing to read or ping first.
  if (preparedTabs.has(tabId)) {
    const reply = await sendToTab<{ ok: true; open: boolean } | Failure | undefined>(tabId, { type: 'toggle-reader', ...forced }).catch(() => undefined);
    if (reply) return reply;
    // Navigated away since (nothing answers there): reached afresh, as any other tab.
    preparedTabs.delete(tabId);
  }
  // The blog and settings reads overlap the ping (and the injection): none waits for another.
  const blogRead = hasBlog().catch(() => false);
  const settingsRead = loadSettings().then(
    (loaded) => loaded.settings,
    () => undefined,
  );
  const unreachable = await reachReader(tabId);
  mark('reader-reached');
  if (unreachable) return unreachable;
  try {
    const [blog, settings] = await Promise.all([blogRead, settingsRead]);
    mark('reader-blog');
    const reply = await sendToTab<{ ok: true; open: boolean } | Failure | undefined>(tabId, {
      type: 'toggle-reader',
      ...forced,
      blog,
      ...(settings ? { settings } : {}),
    });
    return reply ?? failure('no-receiver', 'the page did not answer');
  } catch (e) {
    return failure('no-receiver', (e as Error).message);
  }
}

/**
 * Tabs whose reader the idle preparation set up. A worker that restarted has forgotten them (its
 * next open pings first, as anywhere else); a closed tab leaves the set.
 */
const preparedTabs = new Set<number>();

export function forgetPreparedTabs(): void {
  preparedTabs.clear();
}

/**
 * An article page of an enabled site went idle: inject the reader and let it extract the article
 * there and then, so the shortcut only has to draw it. Injecting and a first extraction are most of
 * a first open (compiling the script, a cold Readability, the time zone data); done while the
 * user reads the page they cost nothing they wait for. With autoReader the reader opens anyway;
 * with `reader.prepare` off the user chose to pay that on the first open instead.
 */
export async function prepareReader(tabId: number, site: string): Promise<void> {
  const { settings } = await loadSettings();
  if (settings.sites[site] === false || settings.autoReader || !settings.reader.prepare) return;
  const blog = hasBlog().catch(() => false);
  if (await reachReader(tabId)) return;
  const reply = await sendToTab<{ ok?: boolean } | undefined>(tabId, { type: 'prepare', settings, blog: await blog }).catch(() => undefined);
  if (reply?.ok) preparedTabs.add(tabId);
}

export async function showPageStatus(tabId: number, site: string | null, article: boolean): Promise<void> {
  const { settings } = await loadSettings();
  const on = article && site !== null && settings.sites[site] !== false;
  const action = toolbar();
  await action?.setBadgeText({ tabId, text: on ? translate('badgeArticle') : '' });
  if (on) {
    await action?.setBadgeBackgroundColor({ tabId, color: '#b4451f' });
    await action?.setTitle({ tabId, title: translate('actionTitleArticle') });
    if (settings.autoReader) await openReader(tabId, true);
  }
}

/** Feedback for a save started without the popup (command, context menu): the badge says how it went. */
async function flagResult(tabId: number, result: { ok: boolean }, message: string): Promise<void> {
  const action = toolbar();
  await action?.setBadgeText({ tabId, text: result.ok ? '✓' : '!' });
  await action?.setBadgeBackgroundColor({ tabId, color: result.ok ? '#1a7f37' : '#d1242f' });
  await action?.setTitle({ tabId, title: message });
}

export function failureText(f: Failure): string {
  return failureTextIn(f, translate);
}

export async function handleMessage(message: BackgroundMessage, sender: Sender): Promise<unknown> {
  switch (message.type) {
    case 'page-status':
      if (sender.tab?.id !== undefined) await showPageStatus(sender.tab.id, message.site, message.article);
      return { ok: true };
    case 'prepare-reader':
      if (sender.tab?.id !== undefined) await prepareReader(sender.tab.id, message.site);
      return { ok: true };
    case 'tab-info':
      return tabInfo(message.tabId);
    case 'clip-tab':
      return clipTab(message.tabId, message.overrides);
    case 'save': {
      const tabId = message.tabId ?? sender.tab?.id;
      if (tabId === undefined) return failure('no-tab', 'save needs a tabId outside a tab');
      const result = await saveTab(tabId, message.overrides, message.images, message.intent);
      return { ...result, text: result.ok ? savedText(result) : failureText(result) };
    }
    case 'open-reader':
      return openReader(message.tabId, true);
    case 'blog-state':
      return blogState(message.article);
    case 'save-tabs':
      return { ok: true, results: await saveTabs(message.tabIds) };
  }
}

export async function blogState(article?: ArticleRef): Promise<BlogState> {
  const { settings } = await loadSettings();
  const blog = await openBlog(settings);
  if (blog.kind === 'none') return { ok: true, blog: null, existing: null };
  if (blog.kind === 'unavailable') return { ok: true, blog: { name: blog.name, ready: false, reason: blog.reason }, existing: null };
  const found = article ? await lookup(blog, article).catch(() => null) : null;
  const existing = found ? summaryOf(found, blog.settings.timezone) : null;
  const imageMode = blog.profile.postAssetFolder ? blog.settings.images.mode : 'remote';
  return { ok: true, blog: { name: blog.name, ready: true, imageMode, ...(blog.profile.title ? { title: blog.profile.title } : {}) }, existing };
}

/** One after another: each save reads the index the previous one updated, so a tab twice is saved once. */
export async function saveTabs(tabIds: number[]): Promise<TabSaveResult[]> {
  const results: TabSaveResult[] = [];
  for (const tabId of [...new Set(tabIds)]) {
    const result = await saveTab(tabId);
    if (result.ok) results.push({ tabId, outcome: 'saved', path: result.filename, text: savedText(result) });
    else if (result.error === 'already-saved') results.push({ tabId, outcome: 'skipped', path: result.existing?.path, text: failureText(result) });
    else results.push({ tabId, outcome: 'failed', text: failureText(result) });
  }
  return results;
}

/** Tabs selected together with `tabId` in its window; `highlighted` needs no `tabs` permission. */
export async function selectedTabs(tabId: number): Promise<number[]> {
  try {
    const tab = await browser.tabs.get(tabId);
    const tabs = await browser.tabs.query({ highlighted: true, windowId: tab.windowId });
    const ids = tabs.map((t) => t.id).filter((id): id is number => id !== undefined);
    return ids.includes(tabId) ? ids : [tabId];
  } catch {
    return [tabId];
  }
}

export const MENU_SAVE = 'save-post';
export const MENU_READER = 'toggle-reader';

/**
 * With several tabs selected the menu's save item says 保存选中的 N 个标签页 and saves them all;
 * with one it is the plain save. One item, renamed, rather than a second one that is mostly hidden.
 */
export async function updateSaveMenu(windowId: number): Promise<void> {
  try {
    const count = (await browser.tabs.query({ highlighted: true, windowId })).length;
    await browser.contextMenus.update(MENU_SAVE, { title: count > 1 ? translate('saveSelectedTabs', count) : translate('saveAsHexo') });
  } catch {
    // A window closing meanwhile, or a browser without the call: the title stays as it was.
  }
}

/** The menu's save: every selected tab when the user selected several, else this one. */
export async function saveFromMenu(tabId: number | undefined): Promise<void> {
  if (tabId === undefined) return;
  const selected = await selectedTabs(tabId);
  if (selected.length < 2) return runCommand(MENU_SAVE, tabId);
  const results = await saveTabs(selected);
  await flagResult(tabId, { ok: results.every((r) => r.outcome !== 'failed') }, tabsSummary(results, translate));
}

export async function runCommand(command: string, tabId: number | undefined): Promise<void> {
  if (tabId === undefined) {
    // Chromium and Firefox both pass the tab to commands.onCommand; a browser that does not (Firefox
    // before 86) gets the active tab, whose id needs no `tabs` permission.
    const [active] = await browser.tabs.query({ active: true, currentWindow: true });
    tabId = active?.id;
  }
  if (tabId === undefined) return;
  if (command === MENU_SAVE) {
    const result = await saveTab(tabId);
    await flagResult(tabId, result, result.ok ? savedText(result) : failureText(result));
  } else if (command === MENU_READER) {
    const result = await openReader(tabId);
    if (!result.ok) await flagResult(tabId, result, failureText(result));
  }
}

export async function createMenus(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({ id: MENU_SAVE, title: translate('saveAsHexo'), contexts: ['page'] });
  browser.contextMenus.create({ id: MENU_READER, title: translate('readerMode'), contexts: ['page'] });
}

export function registerBackground(): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Sender, sendResponse: (r: unknown) => void) => {
    if (!isBackgroundMessage(message)) return undefined;
    // sendResponse + `return true`: the one reply style fakeBrowser, Chrome and the polyfill all honour.
    handleMessage(message, sender).then(sendResponse, (e: unknown) => sendResponse(failure('unknown', String((e as Error)?.message ?? e))));
    return true;
  });
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== PAGE_STATUS_PORT) return;
    port.onMessage.addListener((message: unknown) => {
      if (isBackgroundMessage(message) && (message.type === 'page-status' || message.type === 'prepare-reader')) void handleMessage(message, port.sender ?? {}).catch(() => undefined);
    });
  });
  browser.runtime.onInstalled.addListener(() => void createMenus());
  // A fresh worker runs no save yet: any Referer rule still there was left by one that died mid-save.
  void clearRefererRules().catch(() => undefined);
  browser.contextMenus.onClicked.addListener((info, tab) => void (info.menuItemId === MENU_SAVE ? saveFromMenu(tab?.id) : runCommand(String(info.menuItemId), tab?.id)));
  browser.tabs.onHighlighted?.addListener((info) => void updateSaveMenu(info.windowId));
  browser.tabs.onRemoved.addListener((tabId) => void preparedTabs.delete(tabId));
  browser.commands.onCommand.addListener((command: string, tab?: Browser.tabs.Tab) => void runCommand(command, tab?.id));
}
