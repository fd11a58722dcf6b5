/**
 * Re-cleaning real archive posts (the corpus copy in tests/fixtures/blog/corpus): every Qilu
 * footer and QR code goes, every other byte stays, and real Hexo loads the result.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Hexo from 'hexo';
import { describe, expect, it } from 'vitest';
import { recleanPost } from '../../utils/node/reclean';
import { clipMain, mtime, ROOT, tmp } from './helpers';

// The archive posts the blog tests index: one copy serves both.
const POSTS = join(ROOT, 'tests', 'fixtures', 'blog', 'corpus');
const names = readdirSync(POSTS).filter((f) => f.endsWith('.md')).sort();
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');
const FOOTER = /找记者\s*[、,，]\s*求报道\s*[、,，]\s*求帮助/;
/** The QR codes of the footers: square 180×180 images. */
const QR = /<img[^>]*data-size="180,180"[^>]*>/;

/** What the output lacks: the input minus the output, as the one cut it must be. */
function cut(before: string, after: string): { at: number; removed: string } {
  let p = 0;
  while (p < after.length && before[p] === after[p]) p++;
  let s = 0;
  while (s < after.length - p && before[before.length - 1 - s] === after[after.length - 1 - s]) s++;
  expect(before.slice(0, p) + before.slice(before.length - s)).toBe(after);
  // `<p>A</p><p>B` minus `<p>A</p>` also reads as minus `A</p><p>`: slide the cut back to the tag.
  const len = before.length - s - p;
  while (p > 0 && !before.startsWith('<p>', p) && before[p - 1] === before[p - 1 + len]) p--;
  return { at: p, removed: before.slice(p, p + len) };
}

describe('--reclean on the archive posts', () => {
  const before = Object.fromEntries(names.map((f) => [f, read(POSTS, f)]));
  const withFooter = names.filter((f) => FOOTER.test(before[f] as string));

  it('finds the footers the corpus holds', () => {
    expect(withFooter).toEqual(['019.md', '028.md', '032.md']);
  });

  it('--dry-run lists per post what would go and writes nothing', async () => {
    const dir = tmp('reclean-');
    cpSync(POSTS, dir, { recursive: true });
    const times = names.map((f) => mtime(join(dir, f)));
    const r = await clipMain('--reclean', dir, '--dry-run', '--jobs', '1');
    expect(r.code).toBe(0);
    expect(names.map((f) => mtime(join(dir, f)))).toEqual(times);
    for (const f of withFooter) expect(r.stdout).toMatch(new RegExp(`^${f}\\n  - Promo footer “找记者`, 'm'));
    expect(r.stdout).toContain('019.md\n');
    expect(r.stdout).toMatch(/019\.md\n(  - .*\n)*  - headimg dropped\n  - thumbnail dropped/);
    expect(r.stderr).toMatch(/reclean: 45 posts, 4 would change \(3 promo footers, 3 promo QR codes, 1 app download call\), 0 left untouched/);
  });

  it('--in-place removes every footer and its QR code and changes no other byte', async () => {
    const dir = tmp('reclean-');
    cpSync(POSTS, dir, { recursive: true });
    const times = Object.fromEntries(names.map((f) => [f, mtime(join(dir, f))]));
    const r = await clipMain('--reclean', dir, '--in-place', '--jobs', '1');
    expect(r.code).toBe(0);
    for (const f of names) {
      const after = read(dir, f);
      const was = before[f] as string;
      expect(after).not.toMatch(FOOTER);
      expect(after).not.toMatch(QR);
      if (!withFooter.includes(f) && f !== '034.md') {
        expect(after, f).toBe(was);
        expect(mtime(join(dir, f))).toBe(times[f]);
        continue;
      }
      // The front matter: only headimg/thumbnail lines that named the removed QR code go.
      let expected = was;
      const qrSrc = /src="([^"]+)"/.exec(QR.exec(was)?.[0] ?? '')?.[1];
      for (const key of ['headimg', 'thumbnail']) {
        const line = new RegExp(`^${key}: '([^']*)'\\n`, 'm').exec(was);
        if (line && line[1] === qrSrc) expected = expected.replace(line[0], '');
      }
      // The body: one cut, a whole paragraph holding the footer and its QR code (or 034's app call).
      const { removed } = cut(expected, after);
      expect(removed).toMatch(/^<p>[\s\S]*<\/p>$/);
      if (f === '034.md') expect(removed).toMatch(/^<p>【参与方式】下载齐鲁晚报官方客户端齐鲁壹点[^<]*<\/p>$/);
      else expect(removed).toMatch(new RegExp(`^<p>找记者、求报道、求帮助[^<]*报料！${QR.source}</p>$`));
    }
    // 019's only image was the QR code: its cover keys are gone, the rest of its front matter is not.
    expect(read(dir, '019.md')).not.toMatch(/^(headimg|thumbnail):/m);
    expect(read(dir, '028.md')).toMatch(/^headimg: 'https:\/\/cors\.zfour\.workers\.dev\/\?http:\/\/static\.1sapp\.com\/qupost\/img\/2021\/11\/23\/d9011ffda2dd7c1942b5071aa10d5001\.jpeg'$/m);
    // Run again: nothing left to do.
    const again = await clipMain('--reclean', dir, '--in-place', '--jobs', '1');
    expect(again.stderr).toMatch(/45 posts, 0 changed in place/);
  });

  it('--out writes only the changed posts there, and Hexo loads every re-cleaned post', async () => {
    const out = tmp('reclean-out-');
    const r = await clipMain('--reclean', POSTS, '--out', out, '--fix-dates', 'Asia/Shanghai', '--jobs', '2');
    expect(r.code).toBe(0);
    // Every post changes now: its date is rewritten.
    expect(readdirSync(out).sort()).toEqual(names);
    const loaded = await loadSite(out);
    expect(loaded).toHaveLength(names.length);
    for (const f of names) {
      const post = loaded.find((p) => p.source === `_posts/${f}`);
      expect(post, f).toBeDefined();
      const gmt = /^date: (.*)$/m.exec(before[f] as string)?.[1] as string;
      // `date: Tue, 15 Jun 2021 07:01:26 GMT` became `2021-06-15 15:01:26`, which a site in
      // Asia/Shanghai reads as the same instant (the GMT form it reads 8 hours early).
      expect(post?.date.toISOString()).toBe(new Date(gmt).toISOString());
      expect(post?.content).not.toMatch(FOOTER);
      expect(post?.content).not.toMatch(QR);
    }
  });
});

describe('recleanPost', () => {
  const post = (body: string, fm = "title: 't'\ndate: Tue, 15 Jun 2021 07:01:26 GMT\n") => `\n---\n${fm}---\n\n<div>   \n${body}  \n</div>\n            \n`;

  it('cuts a trailing app call out of the paragraph it ends, entities and all', () => {
    const text = post('<p>第一段&nbsp;正文。</p><p>最后一段正文。（本文来自澎湃新闻，更多原创资讯请下载“澎湃新闻”APP）</p>');
    const r = recleanPost(text);
    expect(r.ok && r.text).toBe(post('<p>第一段&nbsp;正文。</p><p>最后一段正文。</p>'));
  });

  it('rewrites a text node with entities whole, and only that node', () => {
    const text = post('<p>正文&amp;更多。</p><p>正文&lt;二&gt;。更多原创资讯请下载“澎湃新闻”APP</p>');
    const r = recleanPost(text);
    expect(r.ok && r.text).toBe(post('<p>正文&amp;更多。</p><p>正文&lt;二&gt;。</p>'));
  });

  it('removes a tracking pixel behind the archive proxy and moves the cover to the next image', () => {
    const pixel = 'https://cors.zfour.workers.dev/?http://log.1sapp.com/r.gif?cid=1&amp;t=2';
    const img = 'https://cors.zfour.workers.dev/?http://static.1sapp.com/a.png';
    const fm = `title: 't'\nheadimg: 'https://cors.zfour.workers.dev/?http://log.1sapp.com/r.gif?cid=1&t=2'\nauthor: 趣头条\n`;
    const r = recleanPost(post(`<p><img src="${pixel}" data-size="1,1"></p><p>正文。<img src="${img}" data-size="400,300"></p>`, fm));
    expect(r.ok && r.text).toBe(post(`<p>正文。<img src="${img}" data-size="400,300"></p>`, fm.replace(/headimg: .*/, `headimg: '${img}'`)));
  });

  it('leaves a post it cannot parse alone, with the reason', async () => {
    expect(recleanPost('no front matter')).toMatchObject({ ok: false, message: 'no YAML front matter' });
    expect(recleanPost('---\ntitle: [unclosed\n---\n<div></div>')).toMatchObject({ ok: false });
    expect(recleanPost(post('').replace(/<\/?div>/g, ''))).toMatchObject({ ok: false, message: 'the body is not HTML inside <div>' });
    const dir = tmp('reclean-bad-');
    writeFileSync(join(dir, 'bad.md'), 'no front matter');
    writeFileSync(join(dir, 'good.md'), post('<p>正文。</p>'));
    const r = await clipMain('--reclean', dir, '--in-place', '--jobs', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unparseable: bad.md: no YAML front matter');
    expect(read(dir, 'bad.md')).toBe('no front matter');
  });
});

interface LoadedPost {
  title: string;
  date: { toISOString(): string };
  content: string;
  source: string;
}

async function loadSite(postsDir: string): Promise<LoadedPost[]> {
  const dir = tmp('hexo-reclean-');
  writeFileSync(join(dir, '_config.yml'), 'title: test\ntimezone: Asia/Shanghai\nurl: http://example.com\n');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'site', hexo: { version: '8.0.0' }, dependencies: { hexo: '*', 'hexo-renderer-marked': '*' } }));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  mkdirSync(join(dir, 'source'), { recursive: true });
  cpSync(postsDir, join(dir, 'source', '_posts'), { recursive: true });
  expect(existsSync(join(dir, 'source', '_posts', '019.md'))).toBe(true);
  const hexo = new Hexo(dir, { silent: true });
  await hexo.init();
  await hexo.load();
  const posts = hexo.locals.get('posts').toArray() as unknown as LoadedPost[];
  await hexo.exit();
  return posts;
}
