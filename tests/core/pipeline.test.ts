import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clip, STEP_NAMES } from '../../utils/core/pipeline';
import { nodeDeps } from '../../utils/node/jsdom';
import { docFor, expectedFor, FIXED_NOW, readFixture, settingsWith } from '../helpers';

const run = (html: string, url: string, settings: Record<string, unknown> = {}) =>
  clip(docFor(html, url), url, settingsWith(settings), nodeDeps(() => FIXED_NOW));

describe('the live document', () => {
  it('is untouched by clipping (Readability works on a clone)', () => {
    const expected = expectedFor('032.html');
    const doc = docFor(readFixture('pages', '032.html'), expected.url);
    const before = doc.documentElement.outerHTML;
    const result = clip(doc, expected.url, settingsWith(), nodeDeps(() => FIXED_NOW));
    expect(result.ok).toBe(true);
    expect(doc.documentElement.outerHTML).toBe(before);
    expect(doc.querySelector('img[data-src]')).not.toBeNull();
  });
});

describe('pages that are not articles', () => {
  const list = `<html><head><title>趣头条</title></head><body><ul>${Array.from({ length: 30 }, (_, i) => `<li><a href="/detail/2021/07/27/${i}.html">第${i}条新闻的标题比较长一些，看看效果如何</a></li>`).join('')}</ul></body></html>`;

  it('a Qutoutiao home page is recognised by its URL', () => {
    const r = run(list, 'https://html2.qktoutiao.com/');
    expect(r).toMatchObject({ ok: false, reason: 'not-article-url' });
  });

  it('a Qilu list page is recognised by its URL', () => {
    expect(run(list, 'https://www.ql1d.com/news/list')).toMatchObject({ ok: false, reason: 'not-article-url' });
  });

  it('a list of links on another site is not an article', () => {
    const r = run(list, 'https://news.example.org/');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/list of links|article|text/);
  });

  it('an empty page says there is no text', () => {
    expect(run('<html><body></body></html>', 'https://news.example.org/a.html')).toMatchObject({ ok: false, reason: 'no-content' });
  });

  it('a page with one short line is too short', () => {
    expect(run('<html><body><p>你好，世界。</p></body></html>', 'https://news.example.org/a.html')).toMatchObject({ ok: false, reason: 'too-short' });
  });
});

describe('other sites', () => {
  const article = `<html><head><title>某地新闻 - 示例网</title><meta property="og:site_name" content="示例网"></head><body>
<nav><a href="/">首页</a><a href="/news">新闻</a></nav>
<article><h1>某地新闻</h1>${Array.from({ length: 8 }, (_, i) => `<p>这是第${i + 1}段正文，讲述了事情的经过，记者在现场进行了详细的采访，相关部门作出了回应，后续进展仍在关注之中。</p>`).join('')}</article>
<footer>版权所有</footer></body></html>`;

  it('get Readability alone, labelled generic', () => {
    const r = run(article, 'https://news.example.org/news/a.html');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.article.site).toBe('generic');
    expect(r.article.generic).toBe(true);
    expect(r.article.content.textContent).toContain('这是第8段正文');
    expect(r.article.content.textContent).not.toContain('版权所有');
    expect(r.article.warnings).toContain('no-publish-time');
    expect(r.post.frontMatter.date).toBe('2024-01-02 11:04:05');
  });

  it('a named site switched off in the settings falls back to generic', () => {
    const expected = expectedFor('006.html');
    const r = run(readFixture('pages', '006.html'), expected.url, { sites: { qutoutiao: false, qilu: true } });
    expect(r.ok && r.article.site).toBe('generic');
  });
});

describe('hostile content', () => {
  const url = 'http://html2.qktoutiao.com/detail/2021/07/27/1.html';
  const page = `<html><head><title>x</title></head><body><div class="article"><h1>标题<img src=x onerror="window.__pwned=1"></h1><div class="info">来源&nbsp;&nbsp;2021-07-27 15:58</div><div class="content">
<p>正文第一段，内容足够长，讲述了事情的经过和各方的反应。<script>window.__pwned=1</script></p>
<p onclick="window.__pwned=1">&lt;script&gt;alert(1)&lt;/script&gt; 这是文字，不是标签。</p>
<p><a href="javascript:alert(1)">链接</a><img src="http://a.com/p.png" onerror="alert(1)"><iframe src="https://evil.example/"></iframe></p>
<svg><script>alert(1)</script></svg><form action="https://evil.example"><input name=x></form></div></div></body></html>`;

  it('keeps no script, handler, javascript: URL or frame, in the article or the post', () => {
    for (const preset of ['hexo', 'archive']) {
      const r = run(page, url, { preset });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const html = r.article.content.outerHTML;
      expect(html).not.toMatch(/<script|onerror|onclick|javascript:|<iframe|<form|<input/i);
      expect(r.post.text).not.toMatch(/<script|onerror|onclick|javascript:|<iframe|<form/i);
      expect(r.article.title).toBe('标题');
    }
  });

  it('writes text that looked like markup as escaped text', () => {
    const r = run(page, url);
    expect(r.ok && r.post.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; 这是文字');
    const archive = run(page, url, { preset: 'archive' });
    expect(archive.ok && archive.post.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; 这是文字');
  });
});

describe('the order the documentation states', () => {
  const read = (path: string) => readFileSync(resolve(import.meta.dirname, '../..', path), 'utf8');
  /** The step names of `a → b → c` chains, in order; labels (`output:`) and asides in parentheses dropped. */
  const chain = (text: string) =>
    text
      .replace(/\([^)]*\)/g, ' ')
      .replace(/[a-z ]+:/g, '→')
      .split(/→|`/)
      .map((part) => part.trim())
      .filter((part) => /^[a-z]+(-[a-z]+)*$/.test(part));

  it('is the order STEPS runs, in the comment on pipeline.ts', () => {
    const comment = /\/\*\*([\s\S]*?)\*\//.exec(read('utils/core/pipeline.ts'))![1]!;
    const listed = comment.slice(comment.indexOf('reading the page:'), comment.indexOf('Everything after'));
    expect(chain(listed.replace(/^\s*\*/gm, ' '))).toEqual(STEP_NAMES);
  });

  it('is the order STEPS runs, in the README', () => {
    const readme = read('README.md');
    const paragraph = readme.slice(readme.indexOf('run in this order'), readme.indexOf('It takes its `Document`'));
    const spans = [...paragraph.matchAll(/`([^`]*)`/g)].map((m) => m[1]!).join(' → ');
    expect(chain(spans)).toEqual(STEP_NAMES);
  });
});
