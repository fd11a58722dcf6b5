/**
 * The worker's save into a connected blog, with the real pipeline on a fixture page (jsdom), the
 * real core writer, and an in-memory folder for the handle: written with the blog's settings,
 * already saved, update in place, save as new, the fallback to Downloads when the permission is
 * gone, and several selected tabs from the context menu.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { clipPage } from '../../utils/clip-page';
import { handleMessage, saveFromMenu, updateSaveMenu } from '../../utils/extension/background';
import { indexSettled, useBlogStore } from '../../utils/extension/blog-save';
import type { ContentMessage, Failure, SaveSuccess } from '../../utils/messages';
import { nodeDeps, parsePage } from '../../utils/node/jsdom';
import { loadSettings } from '../../utils/extension/settings-storage';
import { memFolder, memoryBlogStore, type MemDir } from './blog-helpers';
import { fixture, fixtureUrl, getMessageZh } from './helpers';

const NOW = new Date('2024-01-02T03:04:05Z');
const PAGES = ['019.html', '006.html'].map((name) => ({ html: fixture(name), url: fixtureUrl(fixture(name)) }));

const CONFIG = 'title: 存档\ntimezone: Asia/Shanghai\nnew_post_name: :year/:title.md\n';
const SCAFFOLD = '---\ntitle: {{ title }}\ndate: {{ date }}\narchive_source: 趣头条存档\n---\n';

/** Tabs whose reader answers like the real one; a clip with `settings` (a blog save) uses them. */
function fakeReaderTabs(pages: Map<number, { html: string; url: string }>) {
  const clips: ContentMessage[] = [];
  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async (tabId: number, message: ContentMessage) => {
    if (message.type === 'ping') return { ok: true };
    if (message.type !== 'clip') return { ok: true, open: true };
    clips.push(message);
    const page = pages.get(tabId)!;
    const settings = message.settings ?? (await loadSettings()).settings;
    return clipPage(parsePage(page.html, page.url).window.document, page.url, settings, nodeDeps(() => NOW), message.overrides, message.local, undefined, [], message.post).response;
  }) as never);
  fakeBrowser.scripting.executeScript = vi.fn(async () => []) as never;
  return clips;
}

async function text(folder: MemDir, path: string): Promise<string | null> {
  let dir: MemDir = folder;
  const parts = path.split('/');
  const name = parts.pop()!;
  try {
    for (const p of parts) dir = await dir.getDirectoryHandle(p);
    return new TextDecoder().decode((await dir.getFileHandle(name)).bytes);
  } catch {
    return null;
  }
}

async function openTabs(): Promise<number[]> {
  const ids: number[] = [];
  const pages = new Map<number, { html: string; url: string }>();
  for (const page of PAGES) {
    const tab = await fakeBrowser.tabs.create({ url: page.url });
    ids.push(tab.id!);
    pages.set(tab.id!, page);
  }
  fakeReaderTabs(pages);
  return ids;
}

let blog: MemDir;
let download: ReturnType<typeof vi.fn>;

beforeEach(async () => {
  fakeBrowser.reset();
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(getMessageZh as never);
  download = vi.fn(async () => 9);
  fakeBrowser.downloads.download = download as never;
  blog = await memFolder('blog', { '_config.yml': CONFIG, 'scaffolds/post.md': SCAFFOLD, 'source/_posts/.keep': '' });
  useBlogStore(memoryBlogStore({ handle: blog, name: 'blog', connectedAt: 1 }));
});
afterEach(() => {
  vi.restoreAllMocks();
  // Files share modules in the ext project (isolate: false): the next file starts with no blog.
  useBlogStore(memoryBlogStore());
});

describe('saving into the connected blog from the worker', () => {
  it('writes with the blog’s settings, then knows the article is there; update and save-as-new on request', async () => {
    const [tabId] = await openTabs();
    const first = (await handleMessage({ type: 'save', tabId }, {})) as SaveSuccess;
    expect(first, JSON.stringify(first)).toMatchObject({ ok: true, blog: { status: 'written' } });
    const path = first.blog!.path;
    // new_post_name :year/:title.md, in the blog's source/_posts.
    expect(path).toMatch(/^source\/_posts\/2021\/.*德州寒潮模式继续发威.*\.md$/);
    expect(first.text).toBe(`已保存到博客：${path}`);
    const post = await text(blog, path);
    expect(post).toContain('date: 2021-12-24 17:38:00');
    // The scaffold's order (title, date, archive_source), then the post's other keys.
    expect(post).toMatch(/^---\ntitle: .*\ndate: 2021-12-24 17:38:00\narchive_source: 趣头条存档\n/);
    expect(download).not.toHaveBeenCalled();

    const again = (await handleMessage({ type: 'save', tabId }, {})) as Failure;
    expect(again).toMatchObject({ ok: false, error: 'already-saved', existing: { path, localDate: '2021-12-24 17:38' } });
    expect(again.text).toBe(`已保存：${path}（2021-12-24 17:38）`);

    const state = await handleMessage({ type: 'blog-state', article: { url: PAGES[0]!.url, title: 'x', published: null } }, {});
    expect(state).toMatchObject({ ok: true, blog: { name: 'blog', ready: true, title: '存档', imageMode: 'remote' }, existing: { path } });

    const updated = (await handleMessage({ type: 'save', tabId, overrides: { title: '改过的标题' }, intent: 'update' }, {})) as SaveSuccess;
    expect(updated).toMatchObject({ ok: true, blog: { status: 'updated', path } });
    expect(await text(blog, path)).toMatch(/^title: '?改过的标题'?$/m);

    const copy = (await handleMessage({ type: 'save', tabId, intent: 'new' }, {})) as SaveSuccess;
    expect(copy.ok).toBe(true);
    expect(copy.blog!.path).not.toBe(path);
    expect(await text(blog, path)).toMatch(/^title: '?改过的标题'?$/m);
  });

  it('with the permission dropped, saves into Downloads and says why', async () => {
    const [tabId] = await openTabs();
    Object.assign(blog, { queryPermission: async () => 'prompt' });
    const result = (await handleMessage({ type: 'save', tabId }, {})) as SaveSuccess;
    expect(result).toMatchObject({ ok: true, fallback: 'permission', downloadId: 9 });
    expect(result.text).toMatch(/^博客文件夹未获得写入权限，已改存到下载文件夹。 已保存：hexo-clipper\//);
    expect([...blog.children.keys()].sort()).toEqual(['_config.yml', 'scaffolds', 'source']);
    expect(await handleMessage({ type: 'blog-state' }, {})).toMatchObject({ blog: { ready: false, reason: 'permission' } });
  });

  it('a config broken since connecting: nothing written into the blog, Downloads instead', async () => {
    const [tabId] = await openTabs();
    (await blog.getFileHandle('_config.yml')).bytes = new TextEncoder().encode('title: [oops\n');
    const result = (await handleMessage({ type: 'save', tabId }, {})) as SaveSuccess;
    expect(result).toMatchObject({ ok: true, fallback: 'unreadable' });
    expect(await text(blog, 'source/_posts/.keep')).toBe('');
    expect([...(await (await blog.getDirectoryHandle('source')).getDirectoryHandle('_posts')).children.keys()]).toEqual(['.keep']);
  });

  it('the context menu saves every selected tab, skipping the one already in the blog', async () => {
    const [a, b] = await openTabs();
    await handleMessage({ type: 'save', tabId: a }, {});
    // fakeBrowser does not keep `highlighted`: the two tabs are the window's selection here.
    const query = fakeBrowser.tabs.query.bind(fakeBrowser.tabs);
    vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation((async (info: { highlighted?: boolean }) =>
      info.highlighted ? (await query({})).filter((t) => t.id === a || t.id === b) : query(info as never)) as never);
    const tabA = await fakeBrowser.tabs.get(a!);
    const update = vi.fn(async () => undefined);
    fakeBrowser.contextMenus.update = update as never;
    await updateSaveMenu(tabA.windowId);
    expect(update).toHaveBeenLastCalledWith('save-post', { title: '保存选中的 2 个标签页' });

    await saveFromMenu(b);
    const posts = [...(await (await (await blog.getDirectoryHandle('source')).getDirectoryHandle('_posts')).getDirectoryHandle('2021')).children.keys()];
    expect(posts.filter((n) => n.endsWith('.md'))).toHaveLength(2);
    expect(await fakeBrowser.action.getTitle({ tabId: b })).toBe('已保存 1 篇，跳过 1 篇（已保存过），失败 0 篇。');
  });

  it('a new worker answers from the cached index at once, then learns posts added by hand', async () => {
    const store = memoryBlogStore({ handle: blog, name: 'blog', connectedAt: 1 });
    useBlogStore(store);
    const [a] = await openTabs();
    const saved = (await handleMessage({ type: 'save', tabId: a }, {})) as SaveSuccess;
    expect(await store.getIndexCache()).toMatchObject({ version: 1, files: { [saved.blog!.path]: { entry: { path: saved.blog!.path } } } });
    // By hand, while no worker ran: another article's post.
    const other = PAGES[1]!.url;
    const year = await (await (await blog.getDirectoryHandle('source')).getDirectoryHandle('_posts')).getDirectoryHandle('2021');
    (await year.getFileHandle('by-hand.md', { create: true })).bytes = new TextEncoder().encode(`---\ntitle: 手动\ndate: 2021-01-01 00:00:00\nsource_url: ${other}\n---\n`);

    useBlogStore(store);
    const state = (ref: string) => handleMessage({ type: 'blog-state', article: { url: ref, title: 'x', published: null } }, {});
    expect(await state(PAGES[0]!.url)).toMatchObject({ existing: { path: saved.blog!.path } });
    await indexSettled();
    expect(await state(other)).toMatchObject({ existing: { path: 'source/_posts/2021/by-hand.md' } });
  });

  it('without a blog, saves go to Downloads as before', async () => {
    useBlogStore(memoryBlogStore());
    const [tabId] = await openTabs();
    const result = (await handleMessage({ type: 'save', tabId }, {})) as SaveSuccess;
    expect(result).toMatchObject({ ok: true, downloadId: 9 });
    expect(result.blog).toBeUndefined();
    expect(result.fallback).toBeUndefined();
    expect(await handleMessage({ type: 'blog-state' }, {})).toEqual({ ok: true, blog: null, existing: null });
  });
});
