/**
 * The pipeline skips Readability on a site root of plain paragraphs (utils/core/plain-markup.ts).
 * That is only sound if Readability would have handed such a root back unchanged, so every
 * fixture page that takes the short path is also run through Readability and the two posts must
 * be equal, in both presets.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../../utils/core/extract';
import { clip } from '../../utils/core/pipeline';
import { isPlainArticleMarkup } from '../../utils/core/plain-markup';
import { siteCases } from '../../scripts/lib/site-fixtures';
import { discoverUrl, nodeDeps } from '../../utils/node/jsdom';
import { docFor, FIXED_NOW, FIXTURES, QUTOUTIAO_URL, qutoutiaoPage, readFixture, settingsWith } from '../helpers';

function root(inner: string): Element {
  return docFor(`<div id="root">${inner}</div>`, QUTOUTIAO_URL).getElementById('root')!;
}

describe('isPlainArticleMarkup', () => {
  it('accepts paragraphs of text, images and inline formatting', () => {
    expect(isPlainArticleMarkup(root('<p>第一段<strong>加粗</strong><a href="/x">链接</a></p>\n<p><img src="a.jpg" data-size="720,305" alt=""></p><p>一行<br>又一行</p>'))).toBe(true);
  });

  it.each([
    ['no paragraph at all', '<span>只有一行</span>'],
    ['text loose in the root', '<p>段落</p>散落的文字'],
    ['an image loose in the root', '<p>段落</p><img src="a.jpg">'],
    ['a nested container', '<p>段落</p><div><p>里面</p></div>'],
    ['a list', '<p>段落</p><ul><li>一</li></ul>'],
    ['a heading', '<h2>小标题</h2><p>段落</p>'],
    ['a quotation', '<blockquote><p>引文</p></blockquote><p>段落</p>'],
    ['a class name', '<p class="share">分享</p>'],
    ['an id', '<p>段落<span id="x">字</span></p>'],
    ['an inline style', '<p style="display:none">隐藏</p>'],
    ['a hidden attribute', '<p>段落<span hidden>隐藏</span></p>'],
    ['aria-hidden', '<p>段落<span aria-hidden="true">隐藏</span></p>'],
    ['a byline link', '<p><a rel="author" href="/u">作者</a></p>'],
    ['a run of <br>', '<p>一行<br> <br>另一段</p>'],
    ['a font tag', '<p><font color="red">红字</font></p>'],
  ])('refuses %s, where Readability has work to do', (_name, inner) => {
    expect(isPlainArticleMarkup(root(inner))).toBe(false);
  });

  it('refuses a <br> right before a paragraph (only scripts build that; the parser closes the first <p>)', () => {
    const el = root('<p>一行</p>');
    const p = el.querySelector('p')!;
    p.append(el.ownerDocument.createElement('br'), el.ownerDocument.createElement('p'));
    p.lastElementChild!.textContent = '下一段';
    expect(isPlainArticleMarkup(el)).toBe(false);
  });
});

interface Page {
  name: string;
  html: string;
  url: string;
}

function fixturePages(): Page[] {
  const pages: Page[] = [];
  for (const dir of ['pages', 'seed', 'generic']) {
    for (const file of readdirSync(join(FIXTURES, dir)).filter((f) => f.endsWith('.html')).sort()) {
      const html = readFixture(dir, file);
      const url = discoverUrl(html, docFor(html, 'about:blank')) ?? 'https://example.com/news/1.html';
      pages.push({ name: `${dir}/${file}`, html, url });
    }
  }
  for (const c of siteCases()) {
    const html = readFileSync(c.page, 'utf8');
    const url = discoverUrl(html, docFor(html, 'about:blank')) ?? (JSON.parse(readFileSync(c.expected, 'utf8')) as { url: string }).url;
    pages.push({ name: `${c.site}/${c.name}`, html, url });
  }
  return pages;
}

const PAGES = fixturePages();
const usesReadability = (page: Page) => {
  const outcome = extract(docFor(page.html, page.url), page.url, {});
  if (!outcome.ok) throw new Error(`${page.name}: ${outcome.message}`);
  return outcome.extraction.readability;
};
const SHORT = PAGES.filter((p) => !usesReadability(p));

describe('skipping Readability on a plain site root', () => {
  it('is the path most site pages take, and generic pages never do', () => {
    expect(SHORT.length).toBeGreaterThanOrEqual(50);
    expect(SHORT.every((p) => !p.name.startsWith('generic/'))).toBe(true);
    expect(PAGES.filter((p) => p.name.startsWith('generic/')).length).toBeGreaterThan(0);
  });

  it.each(SHORT.map((p) => [p.name, p] as const))('%s: the post equals the one made through Readability', (_name, page) => {
    for (const preset of ['hexo', 'archive'] as const) {
      const settings = settingsWith({ preset });
      const deps = nodeDeps(() => FIXED_NOW);
      const short = clip(docFor(page.html, page.url), page.url, settings, deps);
      const full = clip(docFor(page.html, page.url), page.url, settings, deps, { readability: 'always' });
      if (!short.ok || !full.ok) throw new Error(`${page.name} was not clipped`);
      expect(short.post.text).toBe(full.post.text);
      // Readability drops empty paragraphs without a word; on the short path the pipeline's own
      // cleaner removes them and says so. Every other removal is the same.
      const said = (removed: typeof short.article.removed) => removed.filter((r) => r.step !== 'empty');
      expect(said(short.article.removed)).toEqual(said(full.article.removed));
      expect(short.article.images).toEqual(full.article.images);
    }
  });

  it('still runs Readability when the root holds more than paragraphs', () => {
    const html = qutoutiaoPage('<p>第一段：正文内容足够长，讲述了事情的经过。</p><div class="share"><a href="/s">分享到微信</a></div><p>第二段：各方的反应。</p>');
    const outcome = extract(docFor(html, QUTOUTIAO_URL), QUTOUTIAO_URL, {});
    expect(outcome.ok && outcome.extraction.readability).toBe(true);
  });

  it('reads the head metadata Readability would have given: author and site name fall back to it', () => {
    const html = qutoutiaoPage('<p>第一段：正文内容足够长，讲述了事情的经过和各方的反应。</p>', { info: '2021-07-27 15:58' }).replace(
      '</head>',
      '<meta name="author" content="张三"><meta property="og:site_name" content="某某日报"></head>',
    );
    const outcome = extract(docFor(html, QUTOUTIAO_URL), QUTOUTIAO_URL, {});
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.extraction.readability).toBe(false);
    expect(outcome.extraction).toMatchObject({ author: '张三', source: '某某日报' });
    const full = extract(docFor(html, QUTOUTIAO_URL), QUTOUTIAO_URL, {}, { readability: 'always' });
    expect(full.ok && full.extraction).toMatchObject({ author: '张三', source: '某某日报' });
  });
});
