/**
 * Local and zip image saving in Firefox with the real build: the image hosts are optional
 * permissions, so picking "local" in the popup (with the keyboard: a user's input) shows Firefox's
 * permission doorhanger, which is answered as a user would. Headless Chromium cannot show that
 * prompt (tests/e2e/images.test.ts loads a pre-granted build instead).
 *
 * The image host (`static.1sapp.com`, mapped to the fixture server) answers 403 unless the
 * Referer is the article's URL, and records whether a cookie came along: the browser holds one.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { RouteAnswer, RouteRequest } from '../../scripts/lib/fixture-server';
import { qutoutiaoPage } from '../helpers';
import { firefoxDriver } from '../e2e/driver/firefox';
import type { Driver, DriverPage } from '../e2e/driver/types';
import { poll, popupReady, tid, useDriver } from '../e2e/scenarios/common';

const ARTICLE = 'http://html2.qktoutiao.com/detail/2099/03/03/1000000003.html';
const IMG = 'http://static.1sapp.com/e2e';
const TITLE = '三张防盗链图片';
const THREE = [`${IMG}/1.png`, `${IMG}/2.jpg`, `${IMG}/3`];
const images = new Map<string, { bytes: Buffer; type: string }>();
const seen: { path: string; referer?: string; cookie?: string; status: number }[] = [];

const articleHtml = qutoutiaoPage(
  `<p>第一段：本报记者从市气象台获悉，受冷空气影响，全市气温明显下降，请市民注意防寒保暖。</p>${THREE.map(
    (src, i) => `<p><img data-size="640,360" data-src="${src}" alt="图${i + 1}"></p><p>第${i + 2}段：气象部门提醒，出行注意安全，关注最新天气预报。</p>`,
  ).join('')}<p>最后一段：预计本周末气温回升。</p>`,
  { title: TITLE, info: '齐鲁晚报&nbsp;&nbsp;2099-03-03 08:30' },
);

function route(req: RouteRequest): RouteAnswer | undefined {
  if (req.host === 'html2.qktoutiao.com' && req.path === new URL(ARTICLE).pathname) return { status: 200, type: 'text/html; charset=utf-8', body: articleHtml };
  if (req.host !== 'static.1sapp.com' || !req.path.startsWith('/e2e/')) return undefined;
  if (req.path === '/e2e/cookie') return { status: 200, type: 'text/plain', body: `cookie: ${req.headers.cookie ?? ''}` };
  const image = images.get(req.path);
  const status = !image ? 404 : req.headers.referer === ARTICLE ? 200 : 403;
  seen.push({ path: req.path, referer: req.headers.referer, cookie: req.headers.cookie, status });
  if (status !== 200 || !image) return { status, type: 'text/plain', body: 'refused' };
  return { status, type: image.type, body: image.bytes };
}

const fromExtension = () => seen.filter((s) => s.referer === ARTICLE).map((s) => [s.path, s.status, s.cookie ?? null]).sort();
const EACH_ONCE = [
  ['/e2e/1.png', 200, null],
  ['/e2e/2.jpg', 200, null],
  ['/e2e/3', 200, null],
];

const SIZES: Record<string, [number, number]> = { '01.png': [64, 48], '02.jpg': [80, 40], '03.jpg': [30, 60] };
const SERVED: Record<string, string> = { '01.png': '/e2e/1.png', '02.jpg': '/e2e/2.jpg', '03.jpg': '/e2e/3' };

/** Real PNG and JPEG files, drawn and encoded by Firefox. */
async function drawImages(d: Driver): Promise<void> {
  const drawn = await d.inExtension(async () => {
    const draw = async (w: number, h: number, color: string, type: string) => {
      const canvas = new OffscreenCanvas(w, h);
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, w, h);
      const blob = await canvas.convertToBlob({ type, quality: 0.9 });
      return Array.from(new Uint8Array(await blob.arrayBuffer()));
    };
    return [await draw(64, 48, '#c0392b', 'image/png'), await draw(80, 40, '#2471a3', 'image/jpeg'), await draw(30, 60, '#1e8449', 'image/jpeg')];
  });
  images.set('/e2e/1.png', { bytes: Buffer.from(drawn[0]!), type: 'image/png' });
  images.set('/e2e/2.jpg', { bytes: Buffer.from(drawn[1]!), type: 'image/jpeg' });
  images.set('/e2e/3', { bytes: Buffer.from(drawn[2]!), type: 'image/jpeg' });
}

/** Width and height as Firefox decodes the file: it opens as an image, or this throws. */
const decodedSize = (d: Driver, bytes: Uint8Array, type: string) =>
  d.inExtension(
    async ([data, mime]: [number[], string]) => {
      const bitmap = await createImageBitmap(new Blob([new Uint8Array(data)], { type: mime }));
      return [bitmap.width, bitmap.height] as [number, number];
    },
    [Array.from(bytes), type] as [number[], string],
  );

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

async function saveStatus(popup: DriverPage): Promise<string> {
  await popup.click(tid('popup-save'));
  const s = await poll(
    async () => ({ kind: await popup.attr(tid('popup-status'), 'data-kind').catch(() => ''), text: await popup.text(tid('popup-status')).catch(() => '') }),
    (x) => x.kind === 'success' || x.kind === 'error' || (x.kind === 'info' && !x.text.startsWith('正在保存')),
    30000,
  );
  return s.text;
}

async function downloadsDone(d: Driver, count: number): Promise<void> {
  const items = await poll(() => d.downloads(), (l) => l.length >= count && l.every((x) => x.state === 'complete'), 20000);
  expect(items.map((x) => x.state)).toEqual(Array(count).fill('complete'));
}

const driver = useDriver(() => firefoxDriver({ lang: 'zh-CN', route }));

describe('images in Firefox, with the permission prompt answered', () => {
  it('local: the prompt is answered, the files are the bytes the host sent, fetched with the Referer and no cookie', async () => {
    const d = driver();
    await drawImages(d);
    // A cookie for the image host in the browser's jar, to show the extension does not send it.
    const jar = await d.openUrl(`${IMG}/cookie`);
    await jar.evaluate(() => void (document.cookie = 'sid=user-session; path=/'));
    await jar.reload();
    expect(await jar.text('body')).toBe('cookie: sid=user-session');
    await jar.close();

    await d.putSettings({});
    expect(await d.inExtension(() => browser.permissions.contains({ origins: ['*://*.1sapp.com/*'] }))).toBe(false);
    const page = await d.openUrl(ARTICLE);
    const popup = await d.openPopup(page.tabId);
    expect(await popupReady(popup)).toBe('article');
    // Options are remote, local, zip: one key down picks local, as a user's keyboard would.
    await popup.focus(tid('popup-images'));
    await popup.press('ArrowDown');
    expect(await d.answerPermissionPrompt(true)).toBe(true);
    expect(await poll(() => d.inExtension(() => browser.permissions.contains({ origins: ['*://*.1sapp.com/*'] })), (g) => g)).toBe(true);
    expect(await popup.value(tid('popup-images'))).toBe('local');

    seen.length = 0;
    expect(await saveStatus(popup)).toBe(`已保存：hexo-clipper/${TITLE}.md（图片 3 张）`);
    await downloadsDone(d, 4);
    const root = join(d.downloadsDir, 'hexo-clipper');
    expect(listFiles(root).sort()).toEqual([`${TITLE}.md`, `${TITLE}/01.png`, `${TITLE}/02.jpg`, `${TITLE}/03.jpg`]);
    for (const name of Object.keys(SIZES)) {
      const bytes = readFileSync(join(root, TITLE, name));
      expect(bytes.equals(images.get(SERVED[name]!)!.bytes), name).toBe(true);
      expect(await decodedSize(d, bytes, name.endsWith('.png') ? 'image/png' : 'image/jpeg'), name).toEqual(SIZES[name]);
    }
    const post = readFileSync(join(root, `${TITLE}.md`), 'utf8');
    expect(post).toContain('{% asset_img 01.png "图1" %}');
    // What the host saw from the extension: the article as Referer, no cookie, each image once.
    // (The page's own image loads send only its origin, strict-origin-when-cross-origin, and get 403.)
    expect(fromExtension()).toEqual(EACH_ONCE);
    await popup.close();
    await page.close();
  });

  it('zip: one NAME.zip with the post and its images, no second prompt', async () => {
    const d = driver();
    const page = await d.openUrl(ARTICLE);
    const popup = await d.openPopup(page.tabId);
    expect(await popupReady(popup)).toBe('article');
    await popup.focus(tid('popup-images'));
    await popup.press('ArrowDown');
    await popup.press('ArrowDown');
    expect(await popup.value(tid('popup-images'))).toBe('zip');
    expect(await d.answerPermissionPrompt(true, 1000)).toBe(false);
    seen.length = 0;
    expect(await saveStatus(popup)).toBe(`已保存：hexo-clipper/${TITLE}.zip（图片 3 张）`);
    await downloadsDone(d, 1);
    const entries = unzipSync(readFileSync(join(d.downloadsDir, 'hexo-clipper', `${TITLE}.zip`)));
    expect(Object.keys(entries).sort()).toEqual([`${TITLE}.md`, `${TITLE}/01.png`, `${TITLE}/02.jpg`, `${TITLE}/03.jpg`]);
    expect(strFromU8(entries[`${TITLE}.md`]!)).toContain('{% asset_img 02.jpg "图2" %}');
    for (const name of Object.keys(SIZES)) {
      const bytes = entries[`${TITLE}/${name}`]!;
      expect(Buffer.from(bytes).equals(images.get(SERVED[name]!)!.bytes), name).toBe(true);
      expect(await decodedSize(d, bytes, name.endsWith('.png') ? 'image/png' : 'image/jpeg'), name).toEqual(SIZES[name]);
    }
    expect(fromExtension()).toEqual(EACH_ONCE);
    await popup.close();
    await page.close();
  });
});

declare const browser: typeof import('@wxt-dev/browser').Browser;
