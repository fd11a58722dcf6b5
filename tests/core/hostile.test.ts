/**
 * Hostile input: every page ends with a post or a clear `ok: false` reason, never a hang, a stack
 * overflow or a crash. Timeouts are generous (jsdom on a busy CI machine); nothing asserts a time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deeperThan, MAX_DEPTH, MAX_ELEMENTS } from '../../utils/core/extract';
import { clip, type ClipResult } from '../../utils/core/pipeline';
import { MAX_PARSE_DEPTH, nestsDeeperThan, nodeDeps, parsePage } from '../../utils/node/jsdom';
import { FIXED_NOW, FIXTURES, QUTOUTIAO_URL, qutoutiaoPage, readFixture, settingsWith } from '../helpers';

const ROOT = join(import.meta.dirname, '..', '..');
const SLOW = 180_000;
const REASONS = ['disabled', 'not-article-url', 'no-content', 'too-short', 'too-large'];

function run(html: string, url = QUTOUTIAO_URL): { result: ClipResult; doc: Document } {
  const doc = parsePage(html, url).window.document;
  return { result: clip(doc, url, settingsWith(), nodeDeps(() => FIXED_NOW)), doc };
}

function post(result: ClipResult): string {
  if (!result.ok) throw new Error(`expected a post, got ${result.reason}: ${result.message}`);
  return result.post.text;
}

function refusal(result: ClipResult): { reason: string; message: string } {
  if (result.ok) throw new Error(`expected a refusal, got a post titled ${result.article.title}`);
  return result;
}

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'clip.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: SLOW });
}

const para = (i: number) => `<p>第${i}段：记者从现场了解到，这一段新闻正文足够长，带有标点和数字${i}，用来组成很大的文章。</p>`;

describe('a 5 MB article page', () => {
  it(
    'is clipped whole',
    () => {
      const parts: string[] = [];
      let bytes = 0;
      while (bytes < 5_000_000) {
        const p = para(parts.length);
        parts.push(p);
        bytes += Buffer.byteLength(p);
      }
      const n = parts.length;
      const body = parts.join('');
      const html = qutoutiaoPage(body, { title: '超长文章' });
      expect(Buffer.byteLength(html)).toBeGreaterThan(5_000_000);
      const text = post(run(html).result);
      expect(text).toContain("title: '超长文章'");
      expect(text).toContain(`第0段：`);
      expect(text).toContain(`第${n - 1}段：`);
      expect(text.split('\n\n').length).toBeGreaterThan(n);
    },
    SLOW,
  );

  it(
    'with more elements than Readability may parse, is refused as too large',
    () => {
      const count = MAX_ELEMENTS + 5000;
      const filler = '<span>字</span>'.repeat(count);
      const { result } = run(qutoutiaoPage(para(1) + filler));
      const r = refusal(result);
      expect(r.reason).toBe('too-large');
      expect(r.message).toContain(String(MAX_ELEMENTS));
    },
    SLOW,
  );
});

describe('deep nesting', () => {
  it(
    '10,000 levels are refused as too large, and the page is left as it was',
    () => {
      const depth = 10_000;
      const { result, doc } = run(qutoutiaoPage('<div>'.repeat(depth) + para(1) + para(2) + '</div>'.repeat(depth)));
      const r = refusal(result);
      expect(r.reason).toBe('too-large');
      expect(r.message).toMatch(/levels deep/);
      expect(deeperThan(doc.documentElement, depth)).toBe(true);
      expect(doc.querySelector('div.content')?.textContent).toContain('第2段');
    },
    SLOW,
  );

  it('an article just inside the depth limit is still clipped', () => {
    const depth = MAX_DEPTH - 10;
    const text = post(run(qutoutiaoPage('<div>'.repeat(depth) + para(1) + para(2) + '</div>'.repeat(depth))).result);
    expect(text).toContain('第1段');
    expect(text).toContain('第2段');
  }, SLOW);

  it('deeperThan measures depth without recursion', () => {
    const doc = parsePage('<div><div><p>a</p></div><section><div><div><b>x</b></div></div></section></div><p>b</p>').window.document;
    const root = doc.body;
    expect(deeperThan(root, 5)).toBe(false);
    expect(deeperThan(root, 4)).toBe(true);
    expect(deeperThan(doc.querySelector('p')!, 0)).toBe(false);
  });

  it('the CLI refuses 10,000 levels before parsing, with a clear message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
    const file = join(dir, 'deep.html');
    writeFileSync(file, qutoutiaoPage('<div>'.repeat(10_000) + para(1) + '</div>'.repeat(10_000)));
    const r = cli(file, '--url', QUTOUTIAO_URL);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not an article: .*levels deep/);
    expect(r.stdout).toBe('');
  }, SLOW);

  it('the parse-depth estimate follows the parser: implied end tags are not depth', () => {
    expect(nestsDeeperThan('<div>'.repeat(MAX_PARSE_DEPTH + 1))).toBe(true);
    expect(nestsDeeperThan('<div>'.repeat(MAX_PARSE_DEPTH))).toBe(false);
    // Never closed, but closed by the parser: paragraphs, list items, cells.
    expect(nestsDeeperThan('<ul>' + '<li><p>x'.repeat(5000) + '</ul>')).toBe(false);
    // Stray openers inside a block the page closes are popped with it.
    expect(nestsDeeperThan('<div><span><b>x</div>'.repeat(5000))).toBe(false);
    // Markup inside scripts and comments is text.
    expect(nestsDeeperThan(`<script>${'"<div>"+'.repeat(5000)}""</script><!-- ${'<div>'.repeat(5000)} -->`)).toBe(false);
  });
});

describe('malformed and truncated HTML', () => {
  const full = readFixture('pages', '006.html');
  const expected = JSON.parse(readFixture('pages', '006.expected.json')) as { url: string; blocks: string[] };

  it.each([0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9])('a page cut at %s of its length ends in a post or a reason', (share) => {
    const { result } = run(full.slice(0, Math.floor(full.length * share)), expected.url);
    if (result.ok) {
      // Whatever survived the cut reads in order from the article's first paragraph.
      expect(result.post.text).toContain(expected.blocks[0]!.slice(0, 20));
    } else {
      expect(REASONS).toContain(result.reason);
      expect(result.message.length).toBeGreaterThan(10);
    }
  });

  it('a page cut after its article keeps the whole article', () => {
    const cut = full.indexOf(expected.blocks.at(-1)!) + expected.blocks.at(-1)!.length;
    const text = post(run(full.slice(0, cut + 10), expected.url).result);
    for (const block of expected.blocks) expect(text.replace(/\s+/g, '')).toContain(block.replace(/\s+/g, ''));
  });

  it('a page cut in the middle of a tag or an entity', () => {
    const body = para(1) + para(2) + '<p>第三段<img data-src="http://static.1sapp.com/a.jpg" data-size="400,300"';
    const text = post(run(qutoutiaoPage(body).slice(0, qutoutiaoPage(body).indexOf('data-size') + 5)).result);
    expect(text).toContain('第2段');
    const entity = post(run(qutoutiaoPage(para(1) + para(2) + '<p>第三段&am')).result);
    expect(entity).toContain('第三段&am');
  });

  it('tag soup: unclosed, misnested and stray end tags, bare brackets', () => {
    const html = `<html><body><div class="article"><h1>标题<div class="info">齐鲁晚报 2021-07-27 15:58</div><div class="content"><p>${para(1)}</span></div></b><p><p><table><td>${para(2)}</i></table><<<>>>&&&#xdddd;<b><i>${para(3)}</b></i></font></body></html></html><p>${para(4)}`;
    const text = post(run(html).result);
    for (const i of [1, 2, 3]) expect(text).toContain(`第${i}段`);
    expect(text).not.toMatch(/<\/?(span|font|table)\b/);
  });

  it('a binary file read as a page ends in a post or a reason', () => {
    const bytes = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 256));
    const { result } = run(bytes.toString('latin1'), 'https://example.com/2024/01/file.html');
    if (result.ok) expect(result.post.text).toMatch(/^---\ntitle: /);
    else expect(REASONS).toContain(result.reason);
  });
});

describe('an empty body', () => {
  it.each([
    ['an empty file', ''],
    ['an empty body', '<!doctype html><html><head><title>空</title></head><body></body></html>'],
    ['white space and comments only', '<html><body>  \n<!-- nothing -->\u3000&nbsp;</body></html>'],
    ['the article frame without text', qutoutiaoPage('<p> </p><p><br></p>')],
  ])('%s is "no content"', (_name, html) => {
    const r = refusal(run(html).result);
    expect(r.reason).toBe('no-content');
    expect(r.message).toMatch(/no article text|no text/);
  });

  it('a generic page with an empty body is "no content" too', () => {
    expect(refusal(run('<html><body></body></html>', 'https://example.com/2024/01/post.html').result).reason).toBe('no-content');
  });
});

describe('a page with 2,000 images', () => {
  it(
    'keeps every image, in order',
    () => {
      let body = para(0);
      for (let i = 0; i < 2000; i++) body += `<p><img data-src="http://static.1sapp.com/qupost/img/${i}.jpg" data-size="400,300"></p>${i % 100 === 0 ? para(i) : ''}`;
      const { result } = run(qutoutiaoPage(body));
      if (!result.ok) throw new Error(result.message);
      expect(result.article.images).toHaveLength(2000);
      expect(result.article.images[1999]!.src).toBe('http://static.1sapp.com/qupost/img/1999.jpg');
      expect(result.post.text).toContain('(http://static.1sapp.com/qupost/img/1999.jpg)');
      expect(result.post.text.indexOf('/img/10.jpg')).toBeLessThan(result.post.text.indexOf('/img/11.jpg'));
    },
    SLOW,
  );
});

describe('home and list pages', () => {
  const list = Array.from({ length: 60 }, (_, i) => `<li><a href="/detail/2021/06/15/${1600000000 + i}.html">第${i}条新闻：市民关心的热点问题有了新进展，点击查看</a></li>`).join('');

  it.each([
    ['Qutoutiao home', 'https://home.qutoutiao.net/'],
    ['Qutoutiao channel', 'https://home.qutoutiao.net/channel/1'],
    ['Qilu home', 'https://www.ql1d.com/'],
  ])('%s is not an article URL', (_name, url) => {
    const r = refusal(run(`<html><body><ul>${list}</ul></body></html>`, url).result);
    expect(r.reason).toBe('not-article-url');
    expect(r.message).toMatch(/home or list page/);
  });

  it('a list of links on another site is "no content"', () => {
    const r = refusal(run(`<html><head><title>新闻</title></head><body><h1>新闻列表</h1><ul>${list}</ul></body></html>`, 'https://news.example.com/list/').result);
    expect(r.reason).toBe('no-content');
    expect(r.message).toMatch(/list of links/);
  });
});

describe('a GBK-declared page, through the CLI', () => {
  const title = '济南黄河大桥今日通车，市民步行过桥“打卡”';

  it.each(['gbk.html', 'gb2312.html'])('%s is decoded with its declared charset', (name) => {
    const file = join(FIXTURES, 'hostile', name);
    const bytes = readFileSync(file);
    // The fixture really is GBK: not valid UTF-8, and the title's UTF-8 bytes are not in it.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(bytes.includes(Buffer.from(title))).toBe(false);
    const r = cli(file, '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { title: string; source: string; post: string };
    expect(out.title).toBe(title);
    expect(out.source).toBe('齐鲁晚报');
    expect(out.post).toContain('记者从济南市交通运输局获悉');
    expect(out.post).not.toContain('\ufffd');
  }, SLOW);

  it('a page declaring an unknown charset is read as UTF-8 rather than failing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
    const file = join(dir, 'odd.html');
    writeFileSync(file, qutoutiaoPage(para(1) + para(2)).replace('<meta charset="utf-8">', '<meta charset="x-no-such-charset">'));
    const r = cli(file, '--url', QUTOUTIAO_URL);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('第2段');
  }, SLOW);
});
