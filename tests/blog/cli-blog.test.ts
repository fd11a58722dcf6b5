/**
 * `clip --blog` on a real Hexo site: a batch of fixture pages, their images served by a local
 * host that wants a Referer, is written into source/_posts/<subfolder>; real Hexo 8 then
 * generates the site and every post is there with its date, the scaffold's extra key and its
 * images; the same batch again writes nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Hexo from 'hexo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliProcess as cli, expectedFor, readFixture } from '../helpers';
import { SCAFFOLD } from './helpers';

const ROOT = join(import.meta.dirname, '..', '..');
const BATCH = ['006.html', '019.html', '032-ql.html', '042.html', '107.html', 'u004-ql.html'];
const IMAGE_HOSTS = /https?:\/\/(static\.1sapp\.com|wscdn\.ql1d\.com)/g;

let server: Server;
let base: string;
const requests: { url: string; referer?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', referer: req.headers.referer });
    // Like the real hosts: no Referer, no image.
    if (!req.headers.referer) return res.writeHead(403).end();
    // Distinct bytes per image, as real photos have.
    const body = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), createHash('sha1').update(req.url ?? '').digest()]);
    res.writeHead(200, { 'content-type': 'image/png' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function site(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hexo-blog-'));
  writeFileSync(join(dir, '_config.yml'), 'title: 测试博客\nurl: http://example.com\ntimezone: Asia/Shanghai\npost_asset_folder: true\nnew_post_name: :year/:title.md\n');
  mkdirSync(join(dir, 'scaffolds'));
  writeFileSync(join(dir, 'scaffolds', 'post.md'), SCAFFOLD);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'site', hexo: { version: '8.0.0' }, dependencies: { hexo: '*', 'hexo-renderer-marked': '*' } }));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  mkdirSync(join(dir, 'source', '_posts'), { recursive: true });
  return dir;
}

/** The batch's pages with their image hosts pointed at the local server. */
function pages(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'blog-pages-'));
  return BATCH.map((page) => {
    const file = join(dir, page);
    writeFileSync(file, readFixture('pages', page).replace(IMAGE_HOSTS, base));
    return file;
  });
}

function files(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), statSync(p).mtimeMs);
    }
  };
  walk(dir);
  return out;
}

interface LoadedPost {
  title: string;
  date: { toISOString(): string };
  content: string;
  source: string;
  series?: string;
}

describe('clip --blog on a real Hexo site', () => {
  it('writes the batch with images into the subfolder, Hexo generates every post, and a second run writes nothing', async () => {
    const blog = site();
    const settings = join(mkdtempSync(join(tmpdir(), 'blog-settings-')), 'settings.json');
    writeFileSync(settings, JSON.stringify({ blog: { subfolder: '新媒体/趣头条', slug: 'title' } }));
    const batch = pages();

    const first = await cli('--blog', blog, '--settings', settings, '--images', 'local', ...batch);
    expect(first.stderr).toMatch(new RegExp(`clip: ${BATCH.length} written to .*source/_posts/新媒体/趣头条, 0 already saved, 0 failed`));
    expect(first.code).toBe(0);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => !r.referer)).toEqual([]);
    const postsDir = join(blog, 'source', '_posts', '新媒体', '趣头条', '2021');
    expect(readdirSync(postsDir).filter((f) => f.endsWith('.md'))).toHaveLength(BATCH.filter((p) => expectedFor(p).published.startsWith('2021')).length);

    const hexo = new Hexo(blog, { silent: true });
    await hexo.init();
    await hexo.load();
    await hexo.call('generate', {});
    const loaded = hexo.locals.get('posts').toArray() as unknown as LoadedPost[];
    await hexo.exit();

    expect(loaded).toHaveLength(BATCH.length);
    for (const page of BATCH) {
      const expected = expectedFor(page);
      const post = loaded.find((l) => l.title === expected.title);
      expect(post, page).toBeDefined();
      expect(post!.source).toMatch(new RegExp(`^_posts/新媒体/趣头条/${expected.published.slice(0, 4)}/`));
      expect(post!.date.toISOString(), page).toBe(new Date(expected.published).toISOString());
      expect(post!.series, page).toBe('新闻存档');
      const srcs = [...post!.content.matchAll(/<img src="([^"]+)"/g)].map((m) => decodeURI(m[1]!));
      expect(srcs, page).toHaveLength(expected.images.length);
      for (const src of srcs) {
        expect(src, page).not.toContain('127.0.0.1');
        expect(existsSync(join(blog, 'public', src)), `${page}: ${src}`).toBe(true);
      }
    }

    const before = files(join(blog, 'source'));
    const second = await cli('--blog', blog, '--settings', settings, '--images', 'local', ...batch);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(new RegExp(`clip: 0 written to .*, ${BATCH.length} already saved, 0 failed`));
    expect(files(join(blog, 'source'))).toEqual(before);
  }, 600_000);

  it('a broken _config.yml: exit 2, one line saying why, nothing written', async () => {
    const blog = site();
    writeFileSync(join(blog, '_config.yml'), 'title: 测试\ntimezone: Asia/Shanghai\nurl: http: //x\n  post_asset_folder: [true\n');
    const r = await cli('--blog', blog, join(ROOT, 'tests', 'fixtures', 'pages', '006.html'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^clip: --blog .*: _config\.yml does not parse \(line \d+\): /);
    expect(readdirSync(join(blog, 'source', '_posts'))).toEqual([]);
  });

  it('not a blog, and --update without --blog, are refused with the reason', async () => {
    const notBlog = mkdtempSync(join(tmpdir(), 'not-blog-'));
    const page = join(ROOT, 'tests', 'fixtures', 'pages', '006.html');
    const r = await cli('--blog', notBlog, page);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a Hexo blog: no _config.yml');
    writeFileSync(join(notBlog, '_config.yml'), 'title: x\n');
    expect((await cli('--blog', notBlog, page)).stderr).toContain('not a Hexo blog: no source/ folder');
    expect((await cli('--update', page)).stderr).toContain('--update needs --blog');
  });

  it('--update rewrites an already-saved post in place', async () => {
    const blog = site();
    const page = join(ROOT, 'tests', 'fixtures', 'pages', '107.html');
    expect((await cli('--blog', blog, page)).code).toBe(0);
    const [name] = readdirSync(join(blog, 'source', '_posts', '2021'));
    const path = join(blog, 'source', '_posts', '2021', name!);
    writeFileSync(path, readFileSync(path, 'utf8').replace('series: 新闻存档', 'series: 改过'));
    const r = await cli('--blog', blog, '--update', page);
    expect(r.stderr).toContain('(updated)');
    expect(r.stderr).toMatch(/clip: 1 written to .* \(1 updated\), 0 already saved, 0 failed/);
    expect(readdirSync(join(blog, 'source', '_posts', '2021'))).toEqual([name]);
    expect(readFileSync(path, 'utf8')).toContain('series: 新闻存档');
  });
});
