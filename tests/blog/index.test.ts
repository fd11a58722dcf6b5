import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frontMatterBlock, readFrontMatter } from '../../utils/blog/frontmatter';
import { BlogIndex, entryFromText } from '../../utils/blog/index';
import { articleIdentities, urlIdentity } from '../../utils/core/identity';
import { FIXTURES } from '../helpers';
import { MemoryBlogFs, tempBlog } from './helpers';

const CORPUS = join(FIXTURES, 'blog', 'corpus');
const corpus = readdirSync(CORPUS).filter((f) => f.endsWith('.md')).slice(0, 12);

const ours = (title: string, date: string, url?: string, extra = '') =>
  `---\ntitle: '${title}'\ndate: ${date}\n${url ? `source_url: ${url}\n` : ''}${extra}---\n\n正文\n`;

describe('front matter', () => {
  it('finds it as Hexo does: leading blank lines, the form without a first ---, none at all', () => {
    expect(frontMatterBlock('\n---\ntitle: a\n---\nbody')).toBe('title: a\n');
    expect(frontMatterBlock('\ufeff---\r\ntitle: a\r\n---\r\n')).toBe('title: a\r\n');
    expect(frontMatterBlock('title: a\n---\nbody')).toBe('title: a\n');
    expect(frontMatterBlock('no front matter')).toBeNull();
    expect(frontMatterBlock('---\ntitle: never closed\n')).toBeNull();
    expect(readFrontMatter('---\n- a list\n---\n')).toBeNull();
    expect(readFrontMatter('---\ntitle: [unclosed\n---\n')).toBeNull();
  });
});

describe('BlogIndex', () => {
  it('indexes posts by every identity they answer to, in subfolders, .md and .markdown', async () => {
    const fs = new MemoryBlogFs({
      'source/_posts/a.md': ours('甲', '2021-07-27 15:58:00', 'https://www.ql1d.com/general/1.html'),
      'source/_posts/新媒体/趣头条/b.markdown': ours('乙', '2021-07-27 16:00:00', 'http://html2.qktoutiao.com/detail/2021/07/27/42.html?content_id=42&key=x'),
      'source/_posts/c.md': ours('丙', 'Tue, 27 Jul 2021 09:00:00 GMT'),
      'source/_posts/no-front-matter.md': '正文',
      'source/_posts/a/01.jpg': 'not a post',
      'source/about/index.md': ours('关于', '2021-01-01 00:00:00'),
    });
    const { index, stats } = await BlogIndex.build(fs, { dir: 'source/_posts', timezone: 'Asia/Shanghai' });
    expect(stats).toEqual({ files: 4, read: 4, reused: 0, failed: 0 });
    expect(index.size).toBe(3);
    expect(index.lookup('qilu:1')).toEqual({ path: 'source/_posts/a.md', title: '甲', date: '2021-07-27T07:58:00.000Z' });
    expect(index.lookup(urlIdentity('https://share.qutoutiao.net/detail/2021/07/27/42.html')!)?.path).toBe('source/_posts/新媒体/趣头条/b.markdown');
    // The archive form: found by title and date, from a clip that knows its URL too.
    const clip = articleIdentities({ url: 'https://html2.qktoutiao.com/detail/2021/07/27/77.html', title: '丙', date: new Date('2021-07-27T09:00:30Z') });
    expect(index.find(clip)?.path).toBe('source/_posts/c.md');
    expect(index.lookup('qilu:2')).toBeUndefined();
    expect(index.find(articleIdentities({ title: '关于', date: '2021-01-01 00:00:00', timeZone: 'Asia/Shanghai' }))).toBeUndefined();
  });

  it('reads the archive\'s real posts', async () => {
    const files = Object.fromEntries(corpus.map((f) => [`source/_posts/${f}`, readFileSync(join(CORPUS, f), 'utf8')]));
    const { index } = await BlogIndex.build(new MemoryBlogFs(files), { dir: 'source/_posts', timezone: 'Asia/Shanghai' });
    expect(index.size).toBe(corpus.length);
    for (const e of index.entries()) {
      expect(e.title).not.toBe('');
      expect(e.date).toMatch(/^20\d\d-/);
      expect(e.identities).toHaveLength(1);
    }
  });

  it('a rebuild from its cache re-reads only changed and new files, and forgets deleted ones', async () => {
    const { dir, fs } = tempBlog({ '_config.yml': 'title: x\n', ...Object.fromEntries(corpus.map((f) => [`source/_posts/${f}`, readFileSync(join(CORPUS, f), 'utf8')])) });
    const first = await BlogIndex.build(fs, { dir: 'source/_posts', timezone: 'Asia/Shanghai' });
    expect(first.stats.read).toBe(corpus.length);
    const cache = JSON.parse(JSON.stringify(first.index.toCache()));

    const changed = join(dir, 'source/_posts', corpus[0]!);
    writeFileSync(changed, ours('改过的标题', '2022-01-01 08:00:00', 'https://www.ql1d.com/general/9.html'));
    utimesSync(changed, new Date(), new Date(Date.now() + 5000));
    writeFileSync(join(dir, 'source/_posts/new.md'), ours('新的', '2022-01-02 08:00:00'));
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'source/_posts', corpus[1]!));

    const second = await BlogIndex.build(fs, { dir: 'source/_posts', timezone: 'Asia/Shanghai', cache });
    expect(second.stats).toEqual({ files: corpus.length, read: 2, reused: corpus.length - 2, failed: 0 });
    expect(second.index.lookup('qilu:9')?.title).toBe('改过的标题');
    expect(second.index.entries().map((e) => e.path)).not.toContain(`source/_posts/${corpus[1]}`);
    expect(second.index.size).toBe(corpus.length);
    // Another zone reads local dates differently: its cache is not used.
    const other = await BlogIndex.build(fs, { dir: 'source/_posts', timezone: 'UTC', cache });
    expect(other.stats.reused).toBe(0);
  });

  it('put and remove keep lookups right, another post of the same article taking over', async () => {
    const fs = new MemoryBlogFs({
      'source/_posts/a.md': ours('甲', '2021-07-27 15:58:00', 'https://www.ql1d.com/general/1.html'),
      'source/_posts/a-copy.md': ours('甲', '2021-07-27 15:58:00', 'https://www.ql1d.com/general/1.html'),
    });
    const { index } = await BlogIndex.build(fs, { dir: 'source/_posts', timezone: 'Asia/Shanghai' });
    expect(index.lookup('qilu:1')?.path).toBe('source/_posts/a-copy.md');
    index.remove('source/_posts/a-copy.md');
    expect(index.lookup('qilu:1')?.path).toBe('source/_posts/a.md');
    const entry = entryFromText('source/_posts/x.md', ours('新', '2021-08-01 10:00:00', 'https://www.ql1d.com/general/2.html'), 'Asia/Shanghai')!;
    index.put(entry);
    expect(index.lookup('qilu:2')).toEqual({ path: 'source/_posts/x.md', title: '新', date: '2021-08-01T02:00:00.000Z' });
    index.remove('source/_posts/a.md');
    expect(index.lookup('qilu:1')).toBeUndefined();
    expect(index.size).toBe(1);
  });

  it('a file that cannot be read is counted and left out, not fatal', async () => {
    const fs = new MemoryBlogFs({ 'source/_posts/a.md': ours('甲', '2021-07-27 15:58:00'), 'source/_posts/b.md': ours('乙', '2021-07-27 15:58:00') });
    const read = fs.readText.bind(fs);
    fs.readText = async (p) => (p.endsWith('b.md') ? Promise.reject(new Error('EIO')) : read(p));
    const { index, stats } = await BlogIndex.build(fs, { dir: 'source/_posts', timezone: 'UTC' });
    expect(stats.failed).toBe(1);
    expect(index.size).toBe(1);
  });

  it('a blog with no posts folder gives an empty index', async () => {
    const { fs } = tempBlog({ '_config.yml': 'title: x\n', 'source/.keep': '' });
    const { index, stats } = await BlogIndex.build(fs, { dir: 'source/_posts', timezone: 'UTC' });
    expect(index.size).toBe(0);
    expect(stats.files).toBe(0);
  });
});
