/**
 * Issue 10's "done when", in Chromium with the built extension: a Hexo site skeleton is connected
 * as the blog; one click saves a Qutoutiao page with images into `source/_posts/…` with its asset
 * folder; a second visit shows it as already saved; several selected tabs are saved in one
 * action; then real Hexo generates the blog with every post at its date, with the scaffold's
 * extra key and its images.
 *
 * The native folder picker cannot be answered headless. The blog therefore lives in the
 * extension's origin-private file system, and the test answers `showDirectoryPicker` in the
 * options page with that folder's handle: the click on 连接博客文件夹 then runs the same code as a
 * user's pick (the folder check, the handle store), and every write goes through the same worker
 * code as a user's save. OPFS handles need no permission prompt, so the permission path is
 * covered by the component tests only (tests/ext/blog-*.test.tsx).
 *
 * The image host answers only with the article's URL as Referer; the build used is the one after
 * the user allowed the image hosts (see images.test.ts for why).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser } from '@wxt-dev/browser';
import Hexo from 'hexo';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_DIR } from '../../scripts/lib/browser';
import type { RouteAnswer, RouteRequest } from '../../scripts/lib/fixture-server';
import { qutoutiaoPage } from '../helpers';
import { poll, popupReady, READER, ROOT, screenshot, startHarness, storedSettings, tid, type Harness } from './harness';

declare const chrome: typeof Browser;

const IMG = 'http://static.1sapp.com/blog-e2e';
interface Article {
  url: string;
  title: string;
  /** As the page shows it, Beijing time. */
  time: string;
  images: string[];
}
const ARTICLES: Article[] = [
  { url: 'http://html2.qktoutiao.com/detail/2021/07/27/1840579423.html', title: '暴雨过后城区道路全部恢复通行', time: '2021-07-27 15:58', images: [`${IMG}/1.png`, `${IMG}/2.jpg`] },
  { url: 'http://html2.qktoutiao.com/detail/2021/12/24/1896674371.html', title: '德州寒潮模式继续发威', time: '2021-12-24 17:38', images: [`${IMG}/3.png`] },
  { url: 'http://html2.qktoutiao.com/detail/2022/01/02/1900000002.html', title: '新年第一场雪如约而至', time: '2022-01-02 08:05', images: [] },
];
const [FIRST, SECOND, THIRD] = ARTICLES as [Article, Article, Article];
/** Saved last, after the Hexo check, with file names in pinyin. */
const PINYIN: Article = { url: 'http://html2.qktoutiao.com/detail/2022/01/05/1900000005.html', title: '冬至饺子馆排起长队', time: '2022-01-05 10:20', images: [] };

const CONFIG = `title: 新闻存档
url: https://news.example.com
timezone: Asia/Shanghai
post_asset_folder: true
new_post_name: :year/:title.md
`;
const SCAFFOLD = `---
title: {{ title }}
date: {{ date }}
tags:
archive_source: 趣头条存档
---
`;

const images = new Map<string, { bytes: Buffer; type: string }>();

const articleHtml = (a: Article) =>
  qutoutiaoPage(
    `<p>第一段：本报记者从市气象台获悉，受冷空气影响，全市气温明显下降，请市民注意防寒保暖，出行注意安全。</p>${a.images
      .map((src, i) => `<p><img data-size="640,360" data-src="${src}" alt="图${i + 1}"></p><p>第${i + 2}段：气象部门提醒，出行注意安全，关注最新天气预报和道路通行信息。</p>`)
      .join('')}<p>最后一段：预计本周末气温回升，市民可以根据天气情况合理安排出行。</p>`,
    { title: a.title, info: `齐鲁晚报&nbsp;&nbsp;${a.time}` },
  );

function route(req: RouteRequest): RouteAnswer | undefined {
  const article = [...ARTICLES, PINYIN].find((a) => req.host === new URL(a.url).host && req.path === new URL(a.url).pathname);
  if (article) return { status: 200, type: 'text/html; charset=utf-8', body: articleHtml(article) };
  if (req.host !== 'static.1sapp.com' || !req.path.startsWith('/blog-e2e/')) return undefined;
  const image = images.get(req.path);
  if (!image) return { status: 404, type: 'text/plain', body: 'not found' };
  if (!ARTICLES.some((a) => a.url === req.headers.referer)) return { status: 403, type: 'text/plain', body: 'hotlinking refused' };
  return { status: 200, type: image.type, body: image.bytes };
}

/** The build after the user allowed the image hosts (images.test.ts explains why). */
function grantedBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hexo-clipper-blog-build-'));
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { host_permissions: string[]; optional_host_permissions?: string[] };
  manifest.host_permissions = [...manifest.host_permissions, ...(manifest.optional_host_permissions ?? [])];
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

async function drawImages(page: Page): Promise<void> {
  const drawn = await page.evaluate(async () => {
    const draw = async (w: number, h: number, color: string, type: string) => {
      const canvas = new OffscreenCanvas(w, h);
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, w, h);
      const blob = await canvas.convertToBlob({ type, quality: 0.9 });
      return Array.from(new Uint8Array(await blob.arrayBuffer()));
    };
    return [await draw(64, 48, '#c0392b', 'image/png'), await draw(80, 40, '#2471a3', 'image/jpeg'), await draw(30, 60, '#1e8449', 'image/png')];
  });
  images.set('/blog-e2e/1.png', { bytes: Buffer.from(drawn[0]!), type: 'image/png' });
  images.set('/blog-e2e/2.jpg', { bytes: Buffer.from(drawn[1]!), type: 'image/jpeg' });
  images.set('/blog-e2e/3.png', { bytes: Buffer.from(drawn[2]!), type: 'image/png' });
}

/** Runs in an extension page: makes the Hexo site skeleton in OPFS (`blog/`), empty first. */
async function makeSite(page: Page): Promise<void> {
  await page.evaluate(
    async ([config, scaffold]) => {
      const opfs = await navigator.storage.getDirectory();
      await opfs.removeEntry('blog', { recursive: true }).catch(() => undefined);
      const blog = await opfs.getDirectoryHandle('blog', { create: true });
      const write = async (dir: FileSystemDirectoryHandle, name: string, text: string) => {
        const w = await (await dir.getFileHandle(name, { create: true })).createWritable();
        await w.write(text);
        await w.close();
      };
      await write(blog, '_config.yml', config);
      await write(await blog.getDirectoryHandle('scaffolds', { create: true }), 'post.md', scaffold);
      await (await blog.getDirectoryHandle('source', { create: true })).getDirectoryHandle('_posts', { create: true });
    },
    [CONFIG, SCAFFOLD] as const,
  );
}

/** Every file of the OPFS blog, relative paths and bytes. */
async function blogFiles(page: Page): Promise<Map<string, Buffer>> {
  const files = await page.evaluate(async () => {
    const out: [string, number[]][] = [];
    const walk = async (dir: FileSystemDirectoryHandle, prefix: string): Promise<void> => {
      for await (const [name, entry] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
        const path = prefix ? `${prefix}/${name}` : name;
        if (entry.kind === 'directory') await walk(entry as FileSystemDirectoryHandle, path);
        else out.push([path, Array.from(new Uint8Array(await (await (entry as FileSystemFileHandle).getFile()).arrayBuffer()))]);
      }
    };
    await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle('blog'), '');
    return out;
  });
  return new Map(files.map(([p, b]) => [p, Buffer.from(b)]));
}

const postsIn = (files: Map<string, Buffer>) => [...files.keys()].filter((p) => p.startsWith('source/_posts/')).sort();

async function openArticle(h: Harness, a: Article): Promise<{ page: Page; tabId: number }> {
  const page = await h.ext.context.newPage();
  await page.goto(a.url, { waitUntil: 'load' });
  return { page, tabId: await h.ext.tabIdOf(page) };
}

/** The popup for `tabId` in a window of its own, so the article's window keeps its selected tabs. */
async function popupInOwnWindow(h: Harness, tabId: number): Promise<Page> {
  const url = h.ext.extensionUrl(`popup.html?tabId=${tabId}`);
  const opened = h.ext.context.waitForEvent('page', { predicate: (p) => p.url() === url, timeout: 15000 });
  await h.ext.inWorker((u: string) => chrome.windows.create({ url: u, focused: false }), url);
  return opened;
}

async function finalStatus(popup: Page): Promise<{ kind: string | null; text: string }> {
  const status = popup.locator(tid('popup-status'));
  return poll(
    // One read of both, so a status that changes in between is never half old, half new.
    () => status.evaluate((el) => ({ kind: el.getAttribute('data-kind'), text: (el as HTMLElement).innerText })),
    (s) => s.kind === 'success' || s.kind === 'error' || (s.kind === 'info' && !s.text.startsWith('正在保存')),
    60000,
  );
}

describe('saving into a connected Hexo blog', () => {
  let h: Harness;
  let build: string;
  let ext: Page;

  beforeAll(async () => {
    build = grantedBuild();
    h = await startHarness({ route, extensionDir: build });
    ext = await h.ext.context.newPage();
    await ext.goto(h.ext.extensionUrl('options.html'));
    await drawImages(ext);
    await makeSite(ext);
  });
  afterAll(async () => {
    await h?.close();
    if (build) rmSync(build, { recursive: true, force: true });
  });

  it('the 博客 section connects the folder through the picker code, and shows what it read', async () => {
    const options = await h.ext.context.newPage();
    await options.goto(h.ext.extensionUrl('options.html#blog'));
    await options.locator(`${tid('blog-section')}[data-state="none"]`).waitFor({ timeout: 15000 });
    // The one thing a user does by hand: pick the folder. Everything after is the extension's own code.
    await options.evaluate(async () => {
      const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('blog');
      (window as unknown as { showDirectoryPicker: () => Promise<FileSystemDirectoryHandle> }).showDirectoryPicker = async () => folder;
    });
    await options.locator(tid('blog-connect')).click();
    await options.locator(`${tid('blog-section')}[data-state="connected"]`).waitFor({ timeout: 15000 });
    expect(await options.locator(tid('blog-title')).innerText()).toBe('新闻存档');
    expect(await options.locator(tid('blog-url')).innerText()).toBe('https://news.example.com');
    expect(await options.locator(tid('blog-read-timezone')).innerText()).toBe('Asia/Shanghai');
    expect(await options.locator(tid('blog-read-post_asset_folder')).innerText()).toBe('是');
    expect(await options.locator(tid('blog-read-new_post_name')).innerText()).toBe(':year/:title.md');
    expect(await options.locator(tid('blog-read-scaffold')).innerText()).toBe('archive_source: "趣头条存档"');
    await screenshot(options.locator('[data-group="blog"]'), 'options-blog-connected');
    await options.close();
  });

  it('one click in the popup saves the article with its images into source/_posts/2021/ and its asset folder', async () => {
    const { page, tabId } = await openArticle(h, FIRST);
    const popup = await popupInOwnWindow(h, tabId);
    expect(await popupReady(popup)).toBe('article');
    const target = popup.locator(tid('popup-blog'));
    await target.waitFor({ timeout: 15000 });
    expect(await target.innerText()).toBe('保存到博客：新闻存档');
    // The blog's post_asset_folder makes local images the default of this save.
    await poll(() => popup.locator(tid('popup-images')).inputValue(), (v) => v === 'local');
    await popup.locator(tid('popup-save')).click();
    const status = await finalStatus(popup);
    const path = `source/_posts/2021/${FIRST.title}.md`;
    expect(status).toEqual({ kind: 'success', text: `已保存到博客：${path}（图片 2 张）` });
    await screenshot(popup.locator('main'), 'popup-blog-saved');

    const files = await blogFiles(ext);
    expect(postsIn(files)).toEqual([path, `source/_posts/2021/${FIRST.title}/01.png`, `source/_posts/2021/${FIRST.title}/02.jpg`].sort());
    expect(files.get(`source/_posts/2021/${FIRST.title}/01.png`)!.equals(images.get('/blog-e2e/1.png')!.bytes)).toBe(true);
    expect(files.get(`source/_posts/2021/${FIRST.title}/02.jpg`)!.equals(images.get('/blog-e2e/2.jpg')!.bytes)).toBe(true);
    const post = files.get(path)!.toString('utf8');
    expect(post).toContain('date: 2021-07-27 15:58:00');
    expect(post).toContain(`source_url: ${FIRST.url}`);
    expect(post).toContain('{% asset_img 01.png "图1" %}');
    expect(post).not.toContain(IMG);
    await popup.close();
    await page.close();
  });

  it('a second visit shows it as already saved, with its path and date', async () => {
    const { page, tabId } = await openArticle(h, FIRST);
    const popup = await popupInOwnWindow(h, tabId);
    expect(await popupReady(popup)).toBe('article');
    const saved = popup.locator(tid('popup-already-saved'));
    await saved.waitFor({ timeout: 15000 });
    expect(await saved.getAttribute('data-path')).toBe(`source/_posts/2021/${FIRST.title}.md`);
    expect(await saved.innerText()).toContain('2021-07-27 15:58');
    await screenshot(popup.locator('main'), 'popup-blog-already-saved');
    // A plain save now writes nothing.
    const before = postsIn(await blogFiles(ext));
    await popup.locator(tid('popup-save')).click();
    expect((await finalStatus(popup)).text).toBe(`已保存：source/_posts/2021/${FIRST.title}.md（2021-07-27 15:58）`);
    expect(postsIn(await blogFiles(ext))).toEqual(before);
    await popup.close();

    // The reader says so as it opens, with the same choices; its save button says the same, as
    // news rather than an error.
    await ext.evaluate((id) => chrome.runtime.sendMessage({ type: 'open-reader', tabId: id }), tabId);
    const inReader = (id: string) => page.locator(`${READER} [data-testid="${id}"]`);
    await inReader('reader-already-saved').waitFor({ timeout: 30000 });
    expect(await inReader('reader-already-saved').getAttribute('data-path')).toBe(`source/_posts/2021/${FIRST.title}.md`);
    expect(await inReader('reader-already-saved').innerText()).toContain('2021-07-27 15:58');
    await inReader('reader-save').click();
    const readerStatus = inReader('reader-status');
    await readerStatus.waitFor({ timeout: 30000 });
    expect(await readerStatus.innerText()).toBe(`已保存：source/_posts/2021/${FIRST.title}.md（2021-07-27 15:58）`);
    expect(await readerStatus.getAttribute('data-kind')).toBe('info');
    expect(postsIn(await blogFiles(ext))).toEqual(before);
    await page.close();
  });

  it('selected tabs are saved in one action; the one already in the blog is skipped', async () => {
    // Read through `highlighted` and the named sites' host permissions: no `tabs`, nothing broad.
    const manifest = await h.ext.inWorker(() => chrome.runtime.getManifest());
    for (const broad of ['tabs', '<all_urls>', 'webRequest']) expect([...(manifest.permissions ?? []), ...(manifest.host_permissions ?? [])]).not.toContain(broad);
    const opened = [await openArticle(h, FIRST), await openArticle(h, SECOND), await openArticle(h, THIRD)];
    const windowTabs = await h.ext.inWorker(
      async (ids: number[]) => {
        const tabs = await Promise.all(ids.map((id) => chrome.tabs.get(id)));
        await chrome.tabs.highlight({ windowId: tabs[0]!.windowId, tabs: tabs.map((t) => t.index) });
        return (await chrome.tabs.query({ highlighted: true, windowId: tabs[0]!.windowId })).map((t) => t.id);
      },
      opened.map((o) => o.tabId),
    );
    expect([...windowTabs].sort()).toEqual(opened.map((o) => o.tabId).sort());

    const popup = await popupInOwnWindow(h, opened[1]!.tabId);
    expect(await popupReady(popup)).toBe('article');
    const button = popup.locator(tid('popup-save-tabs'));
    expect(await button.innerText()).toBe('保存选中的 3 个标签页');
    await button.click();
    const status = await finalStatus(popup);
    expect(status).toEqual({ kind: 'success', text: '已保存 2 篇，跳过 1 篇（已保存过），失败 0 篇。' });
    const rows = await popup.locator(`${tid('popup-tab-results')} li`).evaluateAll((lis) => lis.map((li) => [Number(li.getAttribute('data-tab')), li.getAttribute('data-outcome'), li.getAttribute('data-path')]));
    expect(rows).toEqual([
      [opened[0]!.tabId, 'skipped', `source/_posts/2021/${FIRST.title}.md`],
      [opened[1]!.tabId, 'saved', `source/_posts/2021/${SECOND.title}.md`],
      [opened[2]!.tabId, 'saved', `source/_posts/2022/${THIRD.title}.md`],
    ]);
    await screenshot(popup.locator('main'), 'popup-blog-tabs');
    expect(postsIn(await blogFiles(ext))).toEqual(
      [
        `source/_posts/2021/${FIRST.title}.md`,
        `source/_posts/2021/${FIRST.title}/01.png`,
        `source/_posts/2021/${FIRST.title}/02.jpg`,
        `source/_posts/2021/${SECOND.title}.md`,
        `source/_posts/2021/${SECOND.title}/01.png`,
        `source/_posts/2022/${THIRD.title}.md`,
      ].sort(),
    );
    await popup.close();
    for (const o of opened) await o.page.close();
  });

  it('real Hexo generates the blog: every post at its date, with the scaffold key and its images', async () => {
    const files = await blogFiles(ext);
    const dir = mkdtempSync(join(tmpdir(), 'hexo-blog-e2e-'));
    try {
      for (const [path, bytes] of files) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), bytes);
      }
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'site', hexo: { version: '8.0.0' }, dependencies: { hexo: '*', 'hexo-renderer-marked': '*' } }));
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
      const hexo = new Hexo(dir, { silent: true });
      await hexo.init();
      await hexo.load();
      await hexo.call('generate', {});
      const posts = hexo.locals.get('posts').toArray() as unknown as { title: string; date: { toISOString(): string }; content: string; archive_source?: string; source: string }[];
      await hexo.exit();
      expect(posts.map((p) => p.title).sort()).toEqual(ARTICLES.map((a) => a.title).sort());
      for (const a of ARTICLES) {
        const p = posts.find((x) => x.title === a.title)!;
        // The page's Beijing time, as the instant Hexo read on this Asia/Shanghai blog.
        expect(p.date.toISOString(), a.title).toBe(new Date(`${a.time.replace(' ', 'T')}:00+08:00`).toISOString());
        expect(p.archive_source, a.title).toBe('趣头条存档');
        const srcs = [...p.content.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]!);
        expect(srcs, a.title).toHaveLength(a.images.length);
        for (const src of srcs) expect(existsSync(join(dir, 'public', decodeURI(src))), src).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with 标题拼音 file names, a save loads the converter into the page and names the post in pinyin', async () => {
    const options = await h.ext.context.newPage();
    await options.goto(h.ext.extensionUrl('options.html#blog'));
    await options.locator(tid('opt-blog.slug')).selectOption('pinyin');
    await poll(() => storedSettings(h) as Promise<{ blog?: { slug?: string } } | undefined>, (s) => s?.blog?.slug === 'pinyin');
    await options.close();
    const { page, tabId } = await openArticle(h, PINYIN);
    const popup = await popupInOwnWindow(h, tabId);
    expect(await popupReady(popup)).toBe('article');
    await popup.locator(tid('popup-blog')).waitFor({ timeout: 15000 });
    await popup.locator(tid('popup-save')).click();
    const path = 'source/_posts/2022/dong-zhi-jiao-zi-guan-pai-qi-chang-dui.md';
    expect(await finalStatus(popup)).toEqual({ kind: 'success', text: `已保存到博客：${path}` });
    const post = (await blogFiles(ext)).get(path)!.toString('utf8');
    expect(post).toMatch(new RegExp(`^title: '?${PINYIN.title}'?$`, 'm'));
    await popup.close();
    await page.close();
  });
});
