import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleIdentities, articleIdentity, normalizeTitle, normalizeUrl, parsePostDate, postIdentities, urlIdentity } from '../../utils/core/identity';
import { readFrontMatter } from '../../utils/blog/frontmatter';
import { clipHtml, expectedFor, FIXTURES } from '../helpers';

describe('urlIdentity: the sites\' own article ids', () => {
  it.each([
    ['http://html2.qktoutiao.com/detail/2021/06/15/1603894611.html?content_id=1603894611&key=568628e0d993b197&cid=1&rss_source=&fr=1', 'qtt:1603894611'],
    ['https://HTML2.QKTOUTIAO.COM/detail/2021/06/15/1603894611.html', 'qtt:1603894611'],
    ['https://share.qutoutiao.net/detail/2021/6/15/1603894611.html#comments', 'qtt:1603894611'],
    ['https://html.shehuitu.com/detail/2021/06/15/1603894611.html?utm_source=wx', 'qtt:1603894611'],
    ['https://m.qktoutiao.com/share.html?content_id=1603894611', 'qtt:1603894611'],
    ['https://api.qutoutiao.net/article?id=1603894611&from=timeline', 'qtt:1603894611'],
    ['https://www.ql1d.com/general/22290794.html', 'qilu:22290794'],
    ['http://www.ql1d.com/general/22290794.html?from=groupmessage', 'qilu:22290794'],
    ['https://m.ql1d.com/general/22290794.html', 'qilu:22290794'],
    ['https://ql1d.com/news/show/id/22290794.html', 'qilu:22290794'],
    ['https://www.ql1d.com/news/show/id/22290794', 'qilu:22290794'],
  ])('%s → %s', (url, id) => {
    expect(urlIdentity(url)).toBe(id);
  });

  it('tells different articles on the same site apart', () => {
    expect(urlIdentity('https://html2.qktoutiao.com/detail/2021/06/15/1603894611.html')).not.toBe(urlIdentity('https://html2.qktoutiao.com/detail/2021/06/15/1603894612.html'));
    expect(urlIdentity('https://www.ql1d.com/general/1.html')).not.toBe(urlIdentity('https://www.ql1d.com/general/2.html'));
  });

  it('falls back to the normalised URL where a named site\'s URL carries no id', () => {
    expect(urlIdentity('https://html2.qktoutiao.com/about.html')).toBe('url:https://html2.qktoutiao.com/about.html');
    expect(urlIdentity('https://www.ql1d.com/')).toBe('url:https://www.ql1d.com');
  });

  it('is undefined for what is not an http(s) URL', () => {
    for (const url of ['', 'not a url', 'file:///tmp/a.html', 'javascript:alert(1)', 'about:blank']) expect(urlIdentity(url), url).toBeUndefined();
  });
});

describe('normalizeUrl', () => {
  it('one spelling for scheme and host case, default ports, fragments, tracking parameters and parameter order', () => {
    const a = normalizeUrl('HTTPS://News.Example.COM:443/a/B.html?b=2&utm_source=x&a=1&spm=1.2&fbclid=Z#top');
    const b = normalizeUrl('https://news.example.com/a/B.html?a=1&b=2&from=timeline&share_token=q&gclid=1');
    expect(a).toBe('https://news.example.com/a/B.html?a=1&b=2');
    expect(b).toBe(a);
    expect(normalizeUrl('http://example.com:80/x')).toBe('http://example.com/x');
    expect(normalizeUrl('http://example.com:8080/x')).toBe('http://example.com:8080/x');
  });

  it('keeps what picks the article: path case, other parameters, repeated names in their order', () => {
    expect(normalizeUrl('https://e.com/A')).not.toBe(normalizeUrl('https://e.com/a'));
    expect(normalizeUrl('https://e.com/a?id=1')).not.toBe(normalizeUrl('https://e.com/a?id=2'));
    expect(normalizeUrl('https://e.com/a?t=2&t=1&a=0')).toBe('https://e.com/a?a=0&t=2&t=1');
    expect(normalizeUrl('https://e.com/a?q=a%20b')).toBe(normalizeUrl('https://e.com/a?q=a+b'));
  });
});

describe('title plus date', () => {
  it('the archive\'s GMT date and our local date in the blog\'s zone are the same instant', () => {
    const archive = articleIdentity({ title: '稳定毕业去向落实率、提高留鲁率！', date: 'Tue, 27 Jul 2021 07:58:00 GMT', timeZone: 'Asia/Shanghai' });
    const ours = articleIdentity({ title: '稳定毕业去向落实率、提高留鲁率！', date: '2021-07-27 15:58:00', timeZone: 'Asia/Shanghai' });
    expect(archive).toBe('title:稳定毕业去向落实率、提高留鲁率!@2021-07-27T07:58Z');
    expect(ours).toBe(archive);
    // The same wall clock in another zone is another instant.
    expect(articleIdentity({ title: '稳定毕业去向落实率、提高留鲁率！', date: '2021-07-27 15:58:00', timeZone: 'UTC' })).not.toBe(archive);
  });

  it('compares to the minute', () => {
    const at = (date: string) => articleIdentity({ title: 't', date, timeZone: 'UTC' });
    expect(at('2021-07-27 07:58:59')).toBe(at('2021-07-27 07:58:00'));
    expect(at('Tue, 27 Jul 2021 07:58:10 GMT')).toBe(at('2021-07-27T07:58:00Z'));
    expect(at('2021-07-27 07:59:00')).not.toBe(at('2021-07-27 07:58:00'));
  });

  it('reads Date objects, ISO with offsets, and refuses what is no date', () => {
    expect(parsePostDate(new Date('2021-07-27T07:58:00Z'), 'Asia/Shanghai')?.toISOString()).toBe('2021-07-27T07:58:00.000Z');
    expect(parsePostDate('2021-07-27T15:58:00+08:00', 'UTC')?.toISOString()).toBe('2021-07-27T07:58:00.000Z');
    expect(parsePostDate('2021-07-27', 'Asia/Shanghai')?.toISOString()).toBe('2021-07-26T16:00:00.000Z');
    // A day on which the clocks change, either side of the change, and the days around it.
    expect(parsePostDate('2021-03-28 01:30:00', 'Europe/Berlin')?.toISOString()).toBe('2021-03-28T00:30:00.000Z');
    expect(parsePostDate('2021-03-28 03:30:00', 'Europe/Berlin')?.toISOString()).toBe('2021-03-28T01:30:00.000Z');
    expect(parsePostDate('2021-03-27 12:00:00', 'Europe/Berlin')?.toISOString()).toBe('2021-03-27T11:00:00.000Z');
    expect(parsePostDate('2021-03-29 12:00:00', 'Europe/Berlin')?.toISOString()).toBe('2021-03-29T10:00:00.000Z');
    for (const bad of ['', 'yesterday', '2021-13-01 00:00:00', '2021-07-27 25:00:00', 42, null, undefined]) expect(parsePostDate(bad, 'UTC'), String(bad)).toBeUndefined();
    expect(articleIdentity({ title: 'x', date: 'soon', timeZone: 'UTC' })).toBeUndefined();
    expect(articleIdentity({ title: '  ', date: '2021-07-27 07:58:00', timeZone: 'UTC' })).toBeUndefined();
  });

  it('normalises white space, full width, invisible characters and quote styles in titles', () => {
    expect(normalizeTitle('１００％ 掌握\u3000核心\u200b技术')).toBe(normalizeTitle('100%掌握核心技术'));
    expect(normalizeTitle('ＡＢＣ')).toBe('abc');
    // The archive wrote '' for " and _ for “”.
    expect(normalizeTitle("''南京胖哥''首露面")).toBe(normalizeTitle('“南京胖哥”首露面'));
    expect(normalizeTitle('上海近期开展连续_抗原+核酸_筛查')).toBe(normalizeTitle('上海近期开展连续“抗原+核酸”筛查'));
    // Front matter makes < inert as ＜: the saved title still answers to the page's.
    expect(normalizeTitle('a＜b＞')).toBe(normalizeTitle('a<b>'));
    expect(normalizeTitle('新闻一')).not.toBe(normalizeTitle('新闻二'));
  });
});

describe('articleIdentities and postIdentities', () => {
  it('a post we saved answers to its URL and to its title plus date', async () => {
    const expected = expectedFor('006.html');
    const { post, article } = clipHtml(readFileSync(join(FIXTURES, 'pages', '006.html'), 'utf8'), expected.url);
    const fromPost = postIdentities(readFrontMatter(post.text)!, 'Asia/Shanghai');
    const fromArticle = articleIdentities({ url: article.url, title: article.title, date: article.published ? new Date(article.published) : undefined });
    expect(fromPost).toEqual(fromArticle);
    expect(fromPost[0]).toBe('qtt:1603894611');
    expect(fromPost[1]).toMatch(/^title:.+@2021-06-15T07:01Z$/);
  });

  it('an archive post (no URL) answers to title plus date, the same one the page\'s clip gives', () => {
    const dir = join(FIXTURES, 'blog', 'corpus');
    // Every fourth corpus post: a spread of Qutoutiao and Qilu pages at a bearable cost in jsdom.
    const files = readdirSync(dir).filter((f) => f.endsWith('.md')).filter((_, i) => i % 4 === 0);
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const file of files) {
      const fm = readFrontMatter(readFileSync(join(dir, file), 'utf8'))!;
      const ids = postIdentities(fm, 'Asia/Shanghai');
      expect(ids, file).toHaveLength(1);
      const page = file.replace(/\.md$/, '.html');
      const expected = expectedFor(page);
      const { article } = clipHtml(readFileSync(join(FIXTURES, 'pages', page), 'utf8'), expected.url);
      expect(articleIdentities({ url: article.url, title: article.title, date: article.published ? new Date(article.published) : undefined })).toContain(ids[0]);
    }
  });

  it('no title or no date in the front matter: only the URL identity, or none', () => {
    expect(postIdentities({ title: 't' }, 'UTC')).toEqual([]);
    expect(postIdentities({ date: '2021-07-27 07:58:00' }, 'UTC')).toEqual([]);
    expect(postIdentities({ source_url: 'https://www.ql1d.com/general/5.html' }, 'UTC')).toEqual(['qilu:5']);
    expect(postIdentities({ title: 123, date: '2021-07-27 07:58:00' }, 'UTC')).toEqual(['title:123@2021-07-27T07:58Z']);
  });
});
