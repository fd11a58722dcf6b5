import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlogIndex } from '../../utils/blog/index';
import { profileFromText, type BlogProfile } from '../../utils/blog/profile';
import { savePost, type SaveTarget } from '../../utils/blog/write';
import type { OutputFile } from '../../utils/core/bundle';
import { articleIdentities } from '../../utils/core/identity';
import { MemoryBlogFs, tempBlog } from './helpers';

const enc = (s: string) => new TextEncoder().encode(s);
const profile = (() => {
  const r = profileFromText('timezone: Asia/Shanghai\npost_asset_folder: true\n', null);
  if (!r.ok) throw new Error('profile');
  return r.profile;
})() as BlogProfile;

function article(n: number, title = `文章${n}`, images = 2): { files: OutputFile[]; identities: string[] } {
  const url = `https://www.ql1d.com/general/${n}.html`;
  const text = `---\ntitle: '${title}'\ndate: 2021-07-27 15:${String(n % 60).padStart(2, '0')}:00\nsource_url: ${url}\n---\n\n正文 ${n}\n`;
  const name = `${title}.md`;
  const files = [{ path: name, bytes: enc(text) }, ...Array.from({ length: images }, (_, i) => ({ path: `${title}/0${i + 1}.jpg`, bytes: enc(`image ${n}.${i}`) }))];
  return { files, identities: articleIdentities({ url, title }) };
}

async function target(fs: MemoryBlogFs | ReturnType<typeof tempBlog>['fs'], subfolder = '新媒体/趣头条'): Promise<SaveTarget> {
  const { index } = await BlogIndex.build(fs, { dir: 'source/_posts', timezone: 'Asia/Shanghai' });
  return { fs, profile, subfolder, index, timezone: 'Asia/Shanghai' };
}

describe('savePost', () => {
  it('writes assets first and the post last, into the subfolder, and indexes it', async () => {
    const fs = new MemoryBlogFs({ 'source/_posts/.keep': '' });
    const t = await target(fs);
    const a = article(1);
    const r = await savePost(t, a);
    expect(r.status).toBe('written');
    if (r.status !== 'written') return;
    expect(r.path).toBe('source/_posts/新媒体/趣头条/文章1.md');
    expect(fs.writes).toEqual(['source/_posts/新媒体/趣头条/文章1/01.jpg', 'source/_posts/新媒体/趣头条/文章1/02.jpg', 'source/_posts/新媒体/趣头条/文章1.md']);
    expect(r.written).toEqual(fs.writes);
    expect(t.index.lookup('qilu:1')).toEqual({ path: r.path, title: '文章1', date: '2021-07-27T07:01:00.000Z' });
    expect(r.entry.identities).toContain('qilu:1');
  });

  it('skips an article already saved, wherever it is; with update rewrites it in place and replaces its asset folder whole', async () => {
    const old = article(7, '旧名字', 3);
    const fs = new MemoryBlogFs(Object.fromEntries(old.files.map((f) => [`source/_posts/存档/${f.path}`, f.bytes])));
    const t = await target(fs);
    const again = article(7, '新名字', 1);
    const skipped = await savePost(t, again);
    expect(skipped).toMatchObject({ status: 'skipped', existing: { path: 'source/_posts/存档/旧名字.md' } });
    expect(fs.writes).toEqual([]);

    const updated = await savePost(t, { ...again, update: true });
    expect(updated).toMatchObject({ status: 'updated', path: 'source/_posts/存档/旧名字.md' });
    expect(fs.text('source/_posts/存档/旧名字.md')).toContain("title: '新名字'");
    expect([...fs.files.keys()].filter((p) => p.includes('旧名字/')).sort()).toEqual(['source/_posts/存档/旧名字/01.jpg']);
    expect(fs.text('source/_posts/存档/旧名字/01.jpg')).toBe('image 7.0');
    expect(t.index.lookup('qilu:7')?.title).toBe('新名字');
  });

  it('never overwrites another article: a taken name gets -2, -3, and a lone folder of that name counts as taken', async () => {
    const fs = new MemoryBlogFs({ 'source/_posts/x/同名.md': 'another article, no front matter', 'source/_posts/x/同名-2/01.jpg': 'orphan' });
    const t = await target(fs, 'x');
    const r = await savePost(t, article(3, '同名'));
    expect(r.status === 'written' && r.path).toBe('source/_posts/x/同名-3.md');
    expect(fs.text('source/_posts/x/同名.md')).toBe('another article, no front matter');
    expect(fs.text('source/_posts/x/同名-2/01.jpg')).toBe('orphan');
    const r2 = await savePost(t, article(4, '同名'));
    expect(r2.status === 'written' && r2.path).toBe('source/_posts/x/同名-4.md');
  });

  it('a failure at any write leaves nothing of this save behind', async () => {
    for (const failing of ['01.jpg', '02.jpg', '.md']) {
      const fs = new MemoryBlogFs({ 'source/_posts/keep.md': 'other' });
      const t = await target(fs);
      fs.failOn = (p) => p.endsWith(failing);
      const r = await savePost(t, article(5));
      expect(r, failing).toMatchObject({ status: 'failed', code: 'write-failed' });
      expect([...fs.files.keys()], failing).toEqual(['source/_posts/keep.md']);
      expect(t.index.lookup('qilu:5')).toBeUndefined();
    }
  });

  it('a failed update puts the old post and its asset folder back as they were', async () => {
    const old = article(8, '旧', 2);
    const initial = Object.fromEntries(old.files.map((f) => [`source/_posts/${f.path}`, f.bytes]));
    const fs = new MemoryBlogFs(initial);
    const t = await target(fs, '');
    fs.failOn = (p) => p.endsWith('.md');
    const r = await savePost(t, { ...article(8, '新', 3), update: true });
    expect(r).toMatchObject({ status: 'failed', code: 'write-failed', path: 'source/_posts/旧.md' });
    expect(Object.fromEntries([...fs.files].map(([p, b]) => [p, new TextDecoder().decode(b)]))).toEqual(
      Object.fromEntries(Object.entries(initial).map(([p, b]) => [p, new TextDecoder().decode(b as Uint8Array)])),
    );
    expect(t.index.lookup('qilu:8')?.title).toBe('旧');
  });

  it('a rollback that fails too says so', async () => {
    const fs = new MemoryBlogFs({});
    const t = await target(fs);
    fs.failOn = (p) => p.endsWith('.md');
    fs.remove = async () => {
      throw new Error('permission revoked');
    };
    const r = await savePost(t, article(9));
    expect(r).toMatchObject({ status: 'failed', code: 'rollback-failed' });
    expect(r.status === 'failed' && r.message).toContain('permission revoked');
  });

  it('refuses files that are not one post with its asset folder, or that climb out', async () => {
    const t = await target(new MemoryBlogFs({}));
    expect(await savePost(t, { files: [{ path: 'a/01.jpg', bytes: enc('x') }], identities: [] })).toMatchObject({ status: 'failed', code: 'bad-request' });
    expect(await savePost(t, { files: [{ path: 'a.md', bytes: enc('x') }, { path: 'b/01.jpg', bytes: enc('x') }], identities: [] })).toMatchObject({ code: 'bad-request' });
    expect(await savePost(t, { files: [{ path: '../a.md', bytes: enc('x') }], identities: [] })).toMatchObject({ code: 'bad-request' });
  });

  it('through the Node BlogFs: files on disk, no temp files left, a second save skipped', async () => {
    const { dir, fs } = tempBlog();
    const t = await target(fs);
    const r = await savePost(t, article(11));
    expect(r.status).toBe('written');
    const folder = join(dir, 'source/_posts/新媒体/趣头条');
    expect(readdirSync(folder).sort()).toEqual(['文章11', '文章11.md']);
    expect(readdirSync(join(folder, '文章11')).sort()).toEqual(['01.jpg', '02.jpg']);
    expect(readFileSync(join(folder, '文章11.md'), 'utf8')).toContain('正文 11');
    const fresh = await target(fs);
    expect((await savePost(fresh, article(11))).status).toBe('skipped');
    expect(existsSync(join(folder, '文章11-2.md'))).toBe(false);
  });
});
