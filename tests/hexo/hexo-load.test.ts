/**
 * Real Hexo 8 with hexo-renderer-marked loads a batch of saved posts: titles, dates and bodies
 * come out as the articles were, in both presets.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Hexo from 'hexo';
import { describe, expect, it } from 'vitest';
import { uniqueFilename } from '../../utils/core/filename';
import { clipHtml, expectedFor, readFixture } from '../helpers';

const ROOT = join(import.meta.dirname, '..', '..');
const BATCH = ['006.html', '019.html', '032-ql.html', '034.html', '042.html', '107.html'];

interface LoadedPost {
  title: string;
  date: { toISOString(): string };
  content: string;
  source: string;
  disableNunjucks?: boolean;
}

async function loadSite(timezone: string, posts: { name: string; text: string }[]): Promise<LoadedPost[]> {
  const dir = mkdtempSync(join(tmpdir(), 'hexo-site-'));
  writeFileSync(join(dir, '_config.yml'), `title: test\ntimezone: ${timezone}\nurl: http://example.com\npost_asset_folder: false\n`);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'site', hexo: { version: '8.0.0' }, dependencies: { hexo: '*', 'hexo-renderer-marked': '*' } }));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  mkdirSync(join(dir, 'source', '_posts'), { recursive: true });
  for (const p of posts) writeFileSync(join(dir, 'source', '_posts', p.name), p.text);
  const hexo = new Hexo(dir, { silent: true });
  await hexo.init();
  await hexo.load();
  const loaded = hexo.locals.get('posts').toArray() as unknown as LoadedPost[];
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
});
