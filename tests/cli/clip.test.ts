import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clipMain } from '../batch/helpers';
import { FIXTURES } from '../helpers';

const ROOT = join(import.meta.dirname, '..', '..');
const page = (...p: string[]) => join(FIXTURES, ...p);

/** The real command as its own process: only for what only a process shows (its stdout as piped, its exit status). */
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'clip.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'clip-'));
/** What a batch wrote, without its hidden journal. */
const visible = (dir: string) => readdirSync(dir).filter((f) => !f.startsWith('.'));

// Most cases call the CLI's main(argv, io) in this process; two run the real command.
describe('clip CLI', () => {
  it('prints the archive post of the seed page, URL from the "saved from" comment', () => {
    const r = cli(page('seed', 'seed.html'), '--preset', 'archive');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('\n---\ntitle: \'稳定毕业去向落实率')).toBe(true);
    expect(r.stdout).toContain('date: Tue, 27 Jul 2021 07:58:00 GMT');
    expect(r.stdout).not.toContain('找记者');
  });

  it('prints one JSON object with --json', async () => {
    const r = await clipMain(page('pages', '019-ql.html'), '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['site', 'title', 'published', 'source', 'author', 'url', 'cover', 'images', 'removed', 'filename', 'post']));
    expect(out).toMatchObject({ site: 'qilu', published: '2021-12-24T17:38:00+08:00', source: '齐鲁壹点', url: 'https://www.ql1d.com/general/21926312.html' });
    expect(out.filename).toBe('-13℃，冻透了！德州寒潮模式继续发威，道路结冰黄色预警中.md'.replace(/^-/, ''));
    expect(out.removed.some((x: { reason: string }) => x.reason === 'qilu-footer')).toBe(true);
    expect(out.post).toContain('title: ');
  });

  it('takes --url over the comment, and a settings file merged over the defaults', async () => {
    const dir = tmp();
    const settings = join(dir, 's.json');
    writeFileSync(settings, JSON.stringify({ tags: ['山东'], filenamePattern: ':year-:month-:day-:id.md' }));
    const r = await clipMain(page('pages', '032.html'), '--url', 'http://html2.qktoutiao.com/detail/2021/07/27/999.html', '--settings', settings, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.url).toBe('http://html2.qktoutiao.com/detail/2021/07/27/999.html');
    expect(out.filename).toBe('2021-07-27-999.md');
    expect(out.post).toMatch(/tags:\n\s+- 山东/);
  });

  it('names the file in pinyin when the settings say so, for a single page as for a batch', async () => {
    const dir = tmp();
    const settings = join(dir, 's.json');
    writeFileSync(settings, JSON.stringify({ blog: { slug: 'pinyin' } }));
    const r = await clipMain(page('pages', '019.html'), '--settings', settings, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.filename).toMatch(/^[a-z0-9-]+\.md$/);
    expect(out.filename).toContain('dong-tou-le');
    expect(out.post).toContain('寒潮');
  });

  it('finds the URL in <link rel=canonical> when there is no comment', async () => {
    const dir = tmp();
    const html = readFileSync(page('pages', '006.html'), 'utf8')
      .replace(/^<!-- saved from url=[^>]*-->\n/, '')
      .replace('<head>', '<head><link rel="canonical" href="http://html2.qktoutiao.com/detail/2021/06/15/1603894611.html">');
    writeFileSync(join(dir, 'p.html'), html);
    const out = JSON.parse((await clipMain(join(dir, 'p.html'), '--json')).stdout);
    expect(out.url).toBe('http://html2.qktoutiao.com/detail/2021/06/15/1603894611.html');
    expect(out.site).toBe('qutoutiao');
  });

  it('writes a batch with --out: each article once, never overwriting another', async () => {
    const dir = tmp();
    const pages = ['006.html', '032.html', '032-ql.html'].map((p) => page('pages', p));
    const first = await clipMain('--out', dir, '--jobs', '1', ...pages);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('[1/3]');
    // 032 and 032-ql are one article (same title and publish time): the repost is already saved.
    expect(first.stderr).toContain('2 written');
    expect(first.stderr).toContain('1 already saved');
    expect(visible(dir).sort()).toEqual(["''南京胖哥''首露面：感谢大家把我从死神手上救回.md", '稳定毕业去向落实率、提高留鲁率！山东多渠道促进毕业生就业创业.md'].sort());
    const again = await clipMain('--out', dir, '--jobs', '1', page('pages', '006.html'));
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already saved');
    expect(visible(dir)).toHaveLength(2);
    // Another article under a name already taken (same title, another day) gets a suffix.
    const other = join(tmp(), 'other.html');
    writeFileSync(other, readFileSync(page('pages', '006.html'), 'utf8').replaceAll('1603894611', '1603894612').replace('2021-06-15 15:01', '2021-06-16 09:00'));
    const third = await clipMain('--out', dir, '--jobs', '1', other);
    expect(third.code).toBe(0);
    expect(visible(dir)).toContain("''南京胖哥''首露面：感谢大家把我从死神手上救回-2.md");
    expect(readFileSync(join(dir, "''南京胖哥''首露面：感谢大家把我从死神手上救回.md"), 'utf8')).toContain('2021-06-15 15:01');
  });

  it('exits 2 with a one-line reason on a file it cannot read', () => {
    const r = cli('/no/such/page.html');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot read .*ENOENT/);
    expect(r.stdout).toBe('');
  });

  it('exits 2 on a page that is not an article, writing nothing', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'home.html'), '<html><body><ul><li><a href="/a">一</a></li></ul></body></html>');
    const r = await clipMain('--out', join(dir, 'out'), '--url', 'https://html2.qktoutiao.com/', join(dir, 'home.html'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not an article');
    expect(visible(join(dir, 'out'))).toEqual([]);
  });

  it('exits 2 naming the bad setting and what it accepts', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 's.json'), JSON.stringify({ preset: 'hexo', dateStyle: 'iso' }));
    const r = await clipMain(page('pages', '006.html'), '--settings', join(dir, 's.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('dateStyle: expected one of "local", "rfc1123", got "iso"');
    writeFileSync(join(dir, 'broken.json'), '{ "preset": ');
    expect((await clipMain(page('pages', '006.html'), '--settings', join(dir, 'broken.json'))).stderr).toContain('is not valid JSON');
    expect((await clipMain(page('pages', '006.html'), '--preset', 'jekyll')).code).toBe(2);
  });

  it('exits 2 when no URL can be found', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'p.html'), '<html><body><p>正文</p></body></html>');
    const r = await clipMain(join(dir, 'p.html'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pass --url');
  });

  it('prints help', async () => {
    const r = await clipMain('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--preset');
  });
});
