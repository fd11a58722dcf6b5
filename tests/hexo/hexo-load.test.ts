/**
 * Real Hexo 8 with hexo-renderer-marked loads a batch of saved posts: titles, dates and bodies
 * come out as the articles were, in both presets.
 */
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Hexo from 'hexo';
import { describe, expect, it } from 'vitest';
import { assetFolder, fetchImages } from '../../utils/core/assets';
import { uniqueFilename } from '../../utils/core/filename';
import { buildPost } from '../../utils/core/hexo';
import { clipHtml, expectedFor, FIXED_NOW, readFixture, settingsWith } from '../helpers';

const ROOT = join(import.meta.dirname, '..', '..');
const BATCH = ['006.html', '019.html', '032-ql.html', '034.html', '042.html', '107.html'];

interface LoadedPost {
  title: string;
  date: { toISOString(): string };
  content: string;
  source: string;
  disableNunjucks?: boolean;
}

interface SiteFile {
  name: string;
  text?: string;
  bytes?: Uint8Array;
}

async function loadSite(timezone: string, posts: SiteFile[], opts: { assetFolder?: boolean; generate?: boolean } = {}): Promise<LoadedPost[] & { dir?: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'hexo-site-'));
  writeFileSync(join(dir, '_config.yml'), `title: test\ntimezone: ${timezone}\nurl: http://example.com\npost_asset_folder: ${opts.assetFolder ? 'true' : 'false'}\n`);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'site', hexo: { version: '8.0.0' }, dependencies: { hexo: '*', 'hexo-renderer-marked': '*' } }));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  mkdirSync(join(dir, 'source', '_posts'), { recursive: true });
  for (const p of posts) {
    const target = join(dir, 'source', '_posts', p.name);
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(target, p.bytes ?? p.text ?? '');
  }
  const hexo = new Hexo(dir, { silent: true });
  await hexo.init();
  await hexo.load();
  if (opts.generate) await hexo.call('generate', {});
  const loaded = hexo.locals.get('posts').toArray() as unknown as LoadedPost[] & { dir?: string };
  loaded.dir = dir;
  await hexo.exit();
  return loaded;
}

function batch(preset: string) {
  const taken = new Set<string>();
  return BATCH.map((page) => {
    const expected = expectedFor(page);
    const { post, article } = clipHtml(readFixture('pages', page), expected.url, { preset });
    return { name: uniqueFilename(post.filename, taken), text: post.text, expected, article };
  });
}

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, '');

describe('real Hexo loads saved posts', () => {
  it('hexo preset on an Asia/Shanghai site: titles, local dates, rendered bodies', async () => {
    const posts = batch('hexo');
    const loaded = await loadSite('Asia/Shanghai', posts);
    expect(loaded).toHaveLength(posts.length);
    for (const p of posts) {
      const got = loaded.find((l) => l.source.endsWith(p.name));
      expect(got, p.name).toBeDefined();
      expect(got!.title).toBe(p.expected.title);
      expect(got!.date.toISOString()).toBe(new Date(p.expected.published).toISOString());
      expect(text(got!.content)).toContain(p.expected.blocks[0]!.replace(/\s+/g, ''));
      expect(got!.content).not.toContain('**');
      for (const src of p.expected.images) expect(got!.content).toContain(`src="${src}"`);
    }
  }, 120000);

  it('archive preset on a UTC site: titles, GMT dates, HTML bodies with proxied no-referrer images', async () => {
    const posts = batch('archive');
    const loaded = await loadSite('UTC', posts);
    expect(loaded).toHaveLength(posts.length);
    for (const p of posts) {
      const got = loaded.find((l) => l.source.endsWith(p.name))!;
      expect(got.title).toBe(p.expected.title);
      expect(got.date.toISOString()).toBe(new Date(p.expected.published).toISOString());
      for (const src of p.expected.images) expect(got.content).toContain(`https://cors.zfour.workers.dev/?${src}`);
      expect(got.content.match(/referrerpolicy="no-referrer"/g) ?? []).toHaveLength(p.expected.images.length);
    }
  }, 120000);

  it('shows the trap the README warns of: archive GMT dates on an Asia/Shanghai site land 8 hours early', async () => {
    const [p] = batch('archive');
    const [got] = await loadSite('Asia/Shanghai', [p!]);
    const shift = new Date(p!.expected.published).getTime() - new Date(got!.date.toISOString()).getTime();
    expect(shift).toBe(8 * 3600 * 1000);
  }, 120000);

  it('renders a post with {{ }} in its text instead of failing on Nunjucks', async () => {
    const page = readFixture('pages', '006.html').replace('6月14日，', '6月14日，{{ page.title }} {% if x %}，');
    const expected = expectedFor('006.html');
    const { post } = clipHtml(page, expected.url);
    expect(post.frontMatter.disableNunjucks).toBe(true);
    const [got] = await loadSite('Asia/Shanghai', [{ name: post.filename, text: post.text }]);
    expect(got!.content).toContain('{{ page.title }} {% if x %}');
  }, 120000);

  it('renders {% asset_img %} of locally saved images to files that exist', async () => {
    const expected = expectedFor('042.html');
    const { article } = clipHtml(readFixture('pages', '042.html'), expected.url);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // Distinct bytes per image, as real photos have.
    const local = await fetchImages(article.images.map((i) => i.src), expected.url, async (url) => ({ bytes: new Uint8Array([...png, ...new TextEncoder().encode(url)]), contentType: 'image/png' }), { maxImageBytes: 1e6, maxTotalBytes: 1e7 });
    const post = buildPost(article, settingsWith(), FIXED_NOW, { names: local.names, failures: local.failures, style: 'asset_img' });
    const folder = assetFolder(post.filename);
    const files: SiteFile[] = [{ name: post.filename, text: post.text }, ...local.assets.map((a) => ({ name: `${folder}/${a.name}`, bytes: a.bytes }))];
    const loaded = await loadSite('Asia/Shanghai', files, { assetFolder: true, generate: true });
    const srcs = [...loaded[0]!.content.matchAll(/<img src="([^"]+)"/g)].map((m) => decodeURI(m[1]!));
    expect(srcs).toHaveLength(expected.images.length);
    for (const src of srcs) expect(existsSync(join(loaded.dir!, 'public', src)), src).toBe(true);
  }, 120000);
});
