/**
 * Issue 5's "done when": a Qutoutiao page with three Referer-protected images saves all three in
 * local and in zip mode through the popup of the built extension, the files are the images the
 * host sent and decode as images, and real Hexo renders the post with every image found.
 *
 * The image host (`static.1sapp.com`, mapped to the fixture server) answers 403 unless the
 * Referer is the article's URL, and records whether a cookie came along.
 *
 * Permission: `*.1sapp.com` is an optional host permission, asked for when local or zip is picked.
 * Chromium's prompt cannot be answered headless (a request from a click stays pending), so the
 * local/zip tests load a copy of the build whose manifest lists the optional image hosts under
 * `host_permissions`: the state after the user clicked "Allow". The popup still calls
 * `permissions.request`, which then resolves at once. The real build, ungranted, is tested last.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@wxt-dev/browser';
import { strFromU8, unzipSync } from 'fflate';
import Hexo from 'hexo';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_DIR } from '../../scripts/lib/browser';
import type { RouteAnswer, RouteRequest } from '../../scripts/lib/fixture-server';
import { qutoutiaoPage } from '../helpers';
import { clearDownloads, openPopup, poll, popupReady, putSettings, ROOT, screenshot, startHarness, tid, type Harness } from './harness';

declare const chrome: typeof Browser;

const ARTICLE = 'http://html2.qktoutiao.com/detail/2099/03/03/1000000003.html';
const MISSING_ARTICLE = 'http://html2.qktoutiao.com/detail/2099/03/04/1000000004.html';
const IMG = 'http://static.1sapp.com/e2e';
const TITLE = '三张防盗链图片';

/** The images as the host serves them: filled in `beforeAll` with real PNG/JPEG bytes drawn by Chromium. */
const images = new Map<string, { bytes: Buffer; type: string }>();
/** One entry per image request the host saw. */
const seen: { path: string; referer?: string; cookie?: string; status: number }[] = [];

const articleHtml = (srcs: string[]) =>
  qutoutiaoPage(
    `<p>第一段：本报记者从市气象台获悉，受冷空气影响，全市气温明显下降，请市民注意防寒保暖。</p>${srcs
      .map((src, i) => `<p><img data-size="640,360" data-src="${src}" alt="图${i + 1}"></p><p>第${i + 2}段：气象部门提醒，出行注意安全，关注最新天气预报。</p>`)
      .join('')}<p>最后一段：预计本周末气温回升。</p>`,
    { title: TITLE, info: '齐鲁晚报&nbsp;&nbsp;2099-03-03 08:30' },
  );

const THREE = [`${IMG}/1.png`, `${IMG}/2.jpg`, `${IMG}/3`];

function route(req: RouteRequest): RouteAnswer | undefined {
  if (req.host === 'html2.qktoutiao.com' && req.path === new URL(ARTICLE).pathname) return { status: 200, type: 'text/html; charset=utf-8', body: articleHtml(THREE) };
  if (req.host === 'html2.qktoutiao.com' && req.path === new URL(MISSING_ARTICLE).pathname) {
    return { status: 200, type: 'text/html; charset=utf-8', body: articleHtml([...THREE, `${IMG}/gone.png`]) };
  }
  if (req.host !== 'static.1sapp.com' || !req.path.startsWith('/e2e/')) return undefined;
  if (req.path === '/e2e/cookie') return { status: 200, type: 'text/plain', body: `cookie: ${req.headers.cookie ?? ''}` };
  const image = images.get(req.path);
  const referer = req.headers.referer;
  // The hotlink protection of the real hosts, strictest form: the article's own URL or nothing.
  const status = !image ? 404 : referer === ARTICLE || referer === MISSING_ARTICLE ? 200 : 403;
  seen.push({ path: req.path, referer, cookie: req.headers.cookie, status });
  if (status !== 200 || !image) return { status, type: 'text/plain', body: status === 403 ? 'hotlinking refused' : 'not found' };
  return { status, type: image.type, body: image.bytes };
}

/** The build as it is after the user allowed the image hosts: optional hosts moved to host_permissions. */
function grantedBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hexo-clipper-granted-'));
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { host_permissions: string[]; optional_host_permissions?: string[] };
  expect(manifest.optional_host_permissions).toEqual(['*://*.1sapp.com/*', '*://*.ql1d.com/*', '*://*.qutoutiao.net/*']);
  manifest.host_permissions = [...manifest.host_permissions, ...manifest.optional_host_permissions!];
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

/** Real PNG and JPEG files, drawn and encoded by Chromium itself. */
async function drawImages(page: Page): Promise<void> {
  const drawn = await page.evaluate(async () => {
    const draw = async (w: number, h: number, color: string, type: string) => {
      const canvas = new OffscreenCanvas(w, h);
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, w, h);
      ctx.fillStyle = '#fff';
      ctx.fillRect(w / 4, h / 4, w / 2, h / 2);
      const blob = await canvas.convertToBlob({ type, quality: 0.9 });
      return Array.from(new Uint8Array(await blob.arrayBuffer()));
    };
    return [await draw(64, 48, '#c0392b', 'image/png'), await draw(80, 40, '#2471a3', 'image/jpeg'), await draw(30, 60, '#1e8449', 'image/jpeg')];
  });
  images.set('/e2e/1.png', { bytes: Buffer.from(drawn[0]!), type: 'image/png' });
  images.set('/e2e/2.jpg', { bytes: Buffer.from(drawn[1]!), type: 'image/jpeg' });
  // No extension in the URL: the saved name comes from the Content-Type.
  images.set('/e2e/3', { bytes: Buffer.from(drawn[2]!), type: 'image/jpeg' });
}

const SIZES: Record<string, [number, number]> = { '01.png': [64, 48], '02.jpg': [80, 40], '03.jpg': [30, 60] };
const SERVED: Record<string, string> = { '01.png': '/e2e/1.png', '02.jpg': '/e2e/2.jpg', '03.jpg': '/e2e/3' };

/** Width and height as Chromium decodes the file: it opens as an image, or this throws. */
async function decodedSize(page: Page, bytes: Buffer, type: string): Promise<[number, number]> {
  return page.evaluate(
    async ([data, mime]) => {
      const bitmap = await createImageBitmap(new Blob([new Uint8Array(data)], { type: mime }));
      return [bitmap.width, bitmap.height] as [number, number];
    },
    [Array.from(bytes), type] as const,
  );
}

const isPng = (b: Buffer) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
const isJpeg = (b: Buffer) => b[0] === 0xff && b[1] === 0xd8 && b[b.length - 2] === 0xff && b[b.length - 1] === 0xd9;

/** Every file under `dir`, relative, `/`-separated. */
function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

/** Waits until the browser reports `count` finished downloads and none in progress. */
async function downloadsDone(h: Harness, count: number): Promise<{ filename: string; state: string }[]> {
  const items = await poll(
    () => h.ext.inWorker(async () => (await chrome.downloads.search({})).map((d) => ({ filename: d.filename, state: d.state }))),
    (list) => list.length >= count && list.every((d) => d.state === 'complete'),
    20000,
  );
  expect(items.map((d) => d.state)).toEqual(Array(count).fill('complete'));
  return items;
}

/**
 * Real Hexo with `post_asset_folder: true` generates the site from `files` (paths under
 * source/_posts); returns each rendered <img src> and whether public/ has that file, with its bytes.
 */
async function renderInHexo(files: { path: string; bytes: Buffer }[]): Promise<{ src: string; bytes: Buffer | null }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hexo-site-'));
  try {
    writeFileSync(join(dir, '_config.yml'), 'title: test\ntimezone: Asia/Shanghai\nurl: http://example.com\npost_asset_folder: true\n');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'site', hexo: { version: '8.0.0' }, dependencies: { hexo: '*', 'hexo-renderer-marked': '*' } }));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    for (const f of files) {
      const target = join(dir, 'source', '_posts', f.path);
      mkdirSync(join(target, '..'), { recursive: true });
      writeFileSync(target, f.bytes);
    }
    const hexo = new Hexo(dir, { silent: true });
    await hexo.init();
    await hexo.load();
    await hexo.call('generate', {});
    const posts = hexo.locals.get('posts').toArray() as unknown as { content: string }[];
    await hexo.exit();
    expect(posts).toHaveLength(1);
    return [...posts[0]!.content.matchAll(/<img src="([^"]+)"/g)].map((m) => {
      const file = join(dir, 'public', decodeURI(m[1]!));
      return { src: m[1]!, bytes: existsSync(file) ? readFileSync(file) : null };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function openArticle(h: Harness, url: string): Promise<{ page: Page; popup: Page }> {
  const page = await h.ext.context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const tabId = await h.ext.tabIdOf(page);
  const popup = await openPopup(h, tabId);
  expect(await popupReady(popup)).toBe('article');
  return { page, popup };
}

async function saveFromPopup(popup: Page, mode: 'local' | 'zip'): Promise<string> {
  await popup.locator(tid('popup-images')).selectOption(mode);
  await popup.locator(tid('popup-save')).click();
  const status = popup.locator(tid('popup-status'));
  // `info` is also "saving…"; a save with failures ends as `info` too, with its own text.
  return poll(
    async () => ({ kind: await status.getAttribute('data-kind'), text: await status.innerText() }),
    (s) => s.kind === 'success' || s.kind === 'error' || (s.kind === 'info' && !s.text.startsWith('正在保存')),
    30000,
  ).then((s) => s.text);
}

describe('images saved by the extension, with the article as Referer', () => {
  let h: Harness;
  let granted: string;

  beforeAll(async () => {
    granted = grantedBuild();
    h = await startHarness({ route, extensionDir: granted });
    await drawImages(await h.ext.context.newPage());
    // A cookie for the image host in the browser's jar, to show the extension does not send it.
    await h.ext.context.addCookies([{ name: 'sid', value: 'user-session', domain: '.1sapp.com', path: '/' }]);
  });
  afterAll(async () => {
    await h?.close();
    rmSync(granted, { recursive: true, force: true });
  });

  it('the host really refuses without the article’s Referer, and the browser holds a cookie for it', async () => {
    const page = await h.ext.context.newPage();
    const direct = await page.goto(`${IMG}/1.png`);
    expect(direct?.status()).toBe(403);
    await page.goto(`${IMG}/cookie`);
    expect(await page.locator('body').innerText()).toBe('cookie: sid=user-session');
    await page.close();
  });

  it('local: NAME.md and NAME/01.png, 02.jpg, 03.jpg, the bytes the host sent, which Hexo renders', async () => {
    await clearDownloads(h);
    await putSettings(h, {});
    seen.length = 0;
    const { page, popup } = await openArticle(h, ARTICLE);
    const started = Date.now();
    const status = await saveFromPopup(popup, 'local');
    expect(status).toBe(`已保存：hexo-clipper/${TITLE}.md（图片 3 张）`);
    await downloadsDone(h, 4);
    const ms = Date.now() - started;
    await screenshot(popup.locator('main'), 'popup-images-local');

    const root = join(h.ext.downloadsDir, 'hexo-clipper');
    expect(listFiles(root).sort()).toEqual([`${TITLE}.md`, `${TITLE}/01.png`, `${TITLE}/02.jpg`, `${TITLE}/03.jpg`]);
    for (const name of Object.keys(SIZES)) {
      const bytes = readFileSync(join(root, TITLE, name));
      expect(bytes.equals(images.get(SERVED[name]!)!.bytes), name).toBe(true);
      expect(name.endsWith('.png') ? isPng(bytes) : isJpeg(bytes), name).toBe(true);
      expect(await decodedSize(page, bytes, name.endsWith('.png') ? 'image/png' : 'image/jpeg'), name).toEqual(SIZES[name]);
    }
    const post = readFileSync(join(root, `${TITLE}.md`), 'utf8');
    expect(post).toContain('{% asset_img 01.png "图1" %}');
    expect(post).toContain('{% asset_img 02.jpg "图2" %}');
    expect(post).toContain('{% asset_img 03.jpg "图3" %}');
    expect(post).not.toContain(IMG);
    expect(post).not.toContain('hexo-clipper: image not saved');

    // What the host saw from the extension: the article as Referer, no cookie, each image once.
    const fromExtension = seen.filter((s) => s.referer === ARTICLE);
    expect(fromExtension.map((s) => [s.path, s.status, s.cookie ?? null]).sort()).toEqual([
      ['/e2e/1.png', 200, null],
      ['/e2e/2.jpg', 200, null],
      ['/e2e/3', 200, null],
    ]);
    // The session rule is gone once the save is done.
    expect(await h.ext.inWorker(() => chrome.declarativeNetRequest.getSessionRules())).toEqual([]);

    const rendered = await renderInHexo(listFiles(root).map((path) => ({ path, bytes: readFileSync(join(root, path)) })));
    expect(rendered).toHaveLength(3);
    for (const r of rendered) expect(r.bytes, r.src).not.toBeNull();
    expect(rendered.map((r) => r.src.split('/').pop())).toEqual(['01.png', '02.jpg', '03.jpg']);
    expect(rendered.every((r, i) => r.bytes!.equals(images.get(SERVED[Object.keys(SERVED)[i]!]!)!.bytes))).toBe(true);
    console.log(`[images] local save of 3 images through the popup: ${ms} ms`);
    await page.close();
    await popup.close();
  });

  it('zip: one NAME.zip with the post and its folder; unzipped, Hexo renders it with every image', async () => {
    await clearDownloads(h);
    seen.length = 0;
    const { page, popup } = await openArticle(h, ARTICLE);
    const status = await saveFromPopup(popup, 'zip');
    expect(status).toBe(`已保存：hexo-clipper/${TITLE}.zip（图片 3 张）`);
    await downloadsDone(h, 1);

    const root = join(h.ext.downloadsDir, 'hexo-clipper');
    expect(listFiles(root)).toEqual([`${TITLE}.zip`]);
    const entries = unzipSync(readFileSync(join(root, `${TITLE}.zip`)));
    expect(Object.keys(entries).sort()).toEqual([`${TITLE}.md`, `${TITLE}/01.png`, `${TITLE}/02.jpg`, `${TITLE}/03.jpg`]);
    for (const name of Object.keys(SIZES)) {
      const bytes = Buffer.from(entries[`${TITLE}/${name}`]!);
      expect(bytes.equals(images.get(SERVED[name]!)!.bytes), name).toBe(true);
      expect(await decodedSize(page, bytes, name.endsWith('.png') ? 'image/png' : 'image/jpeg'), name).toEqual(SIZES[name]);
    }
    expect(strFromU8(entries[`${TITLE}.md`]!)).toContain('{% asset_img 01.png "图1" %}');
    expect(seen.filter((s) => s.referer === ARTICLE && s.status === 200 && !s.cookie)).toHaveLength(3);

    const rendered = await renderInHexo(Object.entries(entries).map(([path, bytes]) => ({ path, bytes: Buffer.from(bytes) })));
    expect(rendered).toHaveLength(3);
    for (const r of rendered) expect(r.bytes, r.src).not.toBeNull();
    await page.close();
    await popup.close();
  });

  it('an image the host does not have stays remote, is listed in the popup and noted in the post', async () => {
    await clearDownloads(h);
    const { page, popup } = await openArticle(h, MISSING_ARTICLE);
    const status = await saveFromPopup(popup, 'local');
    expect(status).toBe(`已保存：hexo-clipper/${TITLE}.md。1 张图片未能保存，已保留原链接并在文章中注明。`);
    await downloadsDone(h, 4);
    const items = popup.locator(`${tid('popup-image-failures')} li`);
    expect(await items.count()).toBe(1);
    expect(await items.first().getAttribute('data-src')).toBe(`${IMG}/gone.png`);
    expect(await items.first().innerText()).toContain('服务器拒绝（HTTP 404）');
    await screenshot(popup.locator('main'), 'popup-images-failure');
    const post = readFileSync(join(h.ext.downloadsDir, 'hexo-clipper', `${TITLE}.md`), 'utf8');
    expect(post).toContain(`![图4](${IMG}/gone.png)`);
    expect(post).toContain(`<!-- hexo-clipper: image not saved locally: ${IMG}/gone.png (HTTP 404) -->`);
    await page.close();
    await popup.close();
  });
});

describe('the real build, before the user allowed the image hosts', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ route });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('asks only for the image CDNs as optional, has no broad or cookie permissions, and holds no 1sapp.com access', async () => {
    const manifest = await h.ext.inWorker(() => chrome.runtime.getManifest());
    expect(manifest.optional_host_permissions).toEqual(['*://*.1sapp.com/*', '*://*.ql1d.com/*', '*://*.qutoutiao.net/*']);
    expect(manifest.permissions).toContain('declarativeNetRequestWithHostAccess');
    for (const broad of ['<all_urls>', 'webRequest', 'webRequestBlocking', 'tabs', 'cookies']) expect([...(manifest.permissions ?? []), ...(manifest.host_permissions ?? [])]).not.toContain(broad);
    expect(manifest.host_permissions?.some((p: string) => p.includes('1sapp'))).toBe(false);
    expect(await h.ext.inWorker(() => chrome.permissions.contains({ origins: ['http://static.1sapp.com/*'] }))).toBe(false);
  });

  it('a local save without the permission still writes the post, every image remote and noted, nothing fetched', async () => {
    await clearDownloads(h);
    seen.length = 0;
    const page = await h.ext.context.newPage();
    await page.goto(ARTICLE, { waitUntil: 'load' });
    const tabId = await h.ext.tabIdOf(page);
    // The message the popup sends (the popup itself would first show Chromium's prompt, which cannot be answered headless).
    const options = await h.ext.context.newPage();
    await options.goto(h.ext.extensionUrl('options.html'));
    const reply = (await options.evaluate((id) => chrome.runtime.sendMessage({ type: 'save', tabId: id, images: 'local' }), tabId)) as {
      ok: boolean;
      text: string;
      images: { saved: number; failures: { src: string; code: string; params: Record<string, unknown> }[] };
    };
    expect(reply.ok).toBe(true);
    expect(reply.images.saved).toBe(0);
    expect(reply.images.failures.map((f) => [f.code, f.params])).toEqual(Array(3).fill(['image-no-permission', { host: 'static.1sapp.com' }]));
    expect(reply.text).toBe(`已保存：hexo-clipper/${TITLE}.md。3 张图片未能保存，已保留原链接并在文章中注明。`);
    await downloadsDone(h, 1);
    const post = readFileSync(join(h.ext.downloadsDir, 'hexo-clipper', `${TITLE}.md`), 'utf8');
    for (const src of THREE) expect(post).toContain(`<!-- hexo-clipper: image not saved locally: ${src} (no permission for static.1sapp.com) -->`);
    expect(seen.filter((s) => s.referer === ARTICLE)).toEqual([]);
    await page.close();
    await options.close();
  });
});
