/** `--images local|zip` against a local image host that, like the real ones, wants the article's Referer. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clipMain as cli } from '../batch/helpers';
import { qutoutiaoPage } from '../helpers';

const ARTICLE = 'http://html2.qktoutiao.com/detail/2021/07/27/1840579423.html';
const png = (n: number) => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, n]);
const referers: (string | undefined)[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    referers.push(req.headers.referer);
    const m = /^\/img\/(\d)\.(png|bin)$/.exec(req.url ?? '');
    if (!m || m[1] === '9') return res.writeHead(404).end();
    if (req.headers.referer !== ARTICLE) return res.writeHead(403).end('hotlinking refused');
    res.writeHead(200, { 'content-type': m[2] === 'bin' ? 'image/jpeg' : 'image/png' }).end(png(Number(m[1])));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function page(): string {
  const dir = mkdtempSync(join(tmpdir(), 'img-page-'));
  const imgs = ['1.png', '2.bin', '1.png', '9.png'].map((f) => `<p><img data-size="600,400" data-src="${base}/img/${f}"></p>`).join('');
  const file = join(dir, 'page.html');
  writeFileSync(file, qutoutiaoPage(`<p>第一段：正文内容足够长，讲述了事情的经过和各方的反应，记者进行了采访。</p>${imgs}<p>最后一段。</p>`, { title: '三张图片' }));
  return file;
}

describe('clip --images', () => {
  it('local: saves each image once beside the post, fetched with the article as Referer', async () => {
    const out = mkdtempSync(join(tmpdir(), 'img-out-'));
    const r = await cli('--out', out, '--url', ARTICLE, '--images', 'local', page());
    expect(r.code).toBe(0);
    expect(readdirSync(out).filter((f) => !f.startsWith('.')).sort()).toEqual(['三张图片', '三张图片.md']);
    expect(readdirSync(join(out, '三张图片'))).toEqual(['01.png', '02.jpg']);
    expect(readFileSync(join(out, '三张图片', '01.png'))).toEqual(png(1));
    expect(readFileSync(join(out, '三张图片', '02.jpg'))).toEqual(png(2));
    const post = readFileSync(join(out, '三张图片.md'), 'utf8');
    expect(post.match(/\{% asset_img 01\.png %\}/g)).toHaveLength(2);
    expect(post).toContain('{% asset_img 02.jpg %}');
    expect(post).toContain(`![](${base}/img/9.png)`);
    expect(post).toContain(`<!-- hexo-clipper: image not saved locally: ${base}/img/9.png (HTTP 404) -->`);
    expect(r.stderr).toContain(`image not saved: ${base}/img/9.png: refused by the server (HTTP 404)`);
    expect(referers.filter((x) => x !== ARTICLE)).toEqual([]);
  });

  it('zip: one archive with the post and its asset folder', async () => {
    const out = mkdtempSync(join(tmpdir(), 'img-zip-'));
    const r = await cli('--out', out, '--url', ARTICLE, '--images', 'zip', '--asset-style', 'relative', page());
    expect(r.code).toBe(0);
    expect(readdirSync(out).filter((f) => !f.startsWith('.'))).toEqual(['三张图片.zip']);
    const entries = unzipSync(readFileSync(join(out, '三张图片.zip')));
    expect(Object.keys(entries).sort()).toEqual(['三张图片.md', '三张图片/01.png', '三张图片/02.jpg']);
    expect(strFromU8(entries['三张图片.md']!)).toContain('![](01.png)');
  });

  it('zip: a second saved copy of the same article in the batch is already saved, not a second archive', async () => {
    const out = mkdtempSync(join(tmpdir(), 'img-zip-twice-'));
    // Saved twice by the browser: each copy names its URL in the "saved from" comment.
    const copies = [page(), page()].map((file) => {
      writeFileSync(file, `<!-- saved from url=(${String(ARTICLE.length).padStart(4, '0')})${ARTICLE} -->\n${readFileSync(file, 'utf8')}`);
      return file;
    });
    const r = await cli('--out', out, '--images', 'zip', '--jobs', '1', '--json', ...copies);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).filter((f) => !f.startsWith('.'))).toEqual(['三张图片.zip']);
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l).status)).toEqual(['written', 'skipped']);
  });

  it('a site that refuses without Referer would fail: the server really checks it', async () => {
    const res = await fetch(`${base}/img/1.png`);
    expect(res.status).toBe(403);
  });

  it('local without --out is refused with a reason', async () => {
    const r = await cli('--url', ARTICLE, '--images', 'local', page());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--images local needs --out DIR');
  });
});

describe('clip with image settings from --settings', () => {
  it('takes images.mode and assetStyle from the settings file when no flag is given', async () => {
    const out = mkdtempSync(join(tmpdir(), 'img-set-'));
    const settings = join(out, '..', `s-${Date.now()}.json`);
    writeFileSync(settings, JSON.stringify({ images: { mode: 'local', assetStyle: 'relative' } }));
    const r = await cli('--out', out, '--url', ARTICLE, '--settings', settings, page());
    expect(r.code).toBe(0);
    expect(readdirSync(join(out, '三张图片'))).toEqual(['01.png', '02.jpg']);
    expect(readFileSync(join(out, '三张图片.md'), 'utf8')).toContain('![](01.png)');
  });
});
