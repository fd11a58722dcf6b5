/**
 * The metadata chain (utils/core/metadata.ts): where title, dates, author, source and language
 * come from, each step of the order of trust, JSON-LD's shapes, and the zone a date is read in.
 */
import { describe, expect, it } from 'vitest';
import { readPageSignals, TRUST } from '../../utils/core/metadata';
import { clipArticleHtml, clipHtml, docFor, qutoutiaoPage, QUTOUTIAO_URL } from '../helpers';

const GENERIC_URL = 'https://news.example.org/story/city-park';
const BODY = Array.from({ length: 6 }, (_, i) => `<p>This is paragraph ${i + 1} of the article, long enough to be read as the body of a real news story about the park.</p>`).join('');
const page = (head: string, body = '') => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Park reopens - Example News</title>${head}</head><body><article><h1>Park reopens</h1>${body}${BODY}</article></body></html>`;
const ld = (value: unknown) => `<script type="application/ld+json">${JSON.stringify(value)}</script>`;
const generic = (html: string, url = GENERIC_URL) => {
  const r = clipArticleHtml(html, url);
  if (!r.ok) throw new Error(r.message);
  return r.article;
};

describe('the order of trust is written once', () => {
  it('generic pages: JSON-LD, meta, <time>, Readability, the visible stamp, the URL', () => {
    expect(TRUST.generic.published).toEqual(['json-ld', 'meta', 'time', 'readability', 'visible', 'url']);
  });
  it("named sites: the rule's selectors, the visible stamp, <time>, meta, JSON-LD, the URL", () => {
    expect(TRUST.site.published).toEqual(['rule', 'visible', 'time', 'meta', 'json-ld', 'url']);
  });

  const all = ld({ '@type': 'NewsArticle', headline: 'Park reopens', datePublished: '2024-03-20T10:30:00+01:00' }) + '<meta property="article:published_time" content="2024-03-21T10:30:00+01:00">';
  const time = '<time datetime="2024-03-22T10:30:00+01:00">22 March</time>';
  it('on a generic page JSON-LD wins over meta and <time>', () => {
    const a = generic(page(all, time));
    expect(a.publishedFrom).toBe('json-ld');
    expect(a.published).toBe('2024-03-20T17:30:00+08:00');
  });
  it('without JSON-LD, meta wins over <time>', () => {
    const a = generic(page('<meta property="article:published_time" content="2024-03-21T10:30:00+01:00">', time));
    expect([a.publishedFrom, a.published]).toEqual(['meta', '2024-03-21T17:30:00+08:00']);
  });
  it('with <time> alone, <time> is read', () => {
    const a = generic(page('', time));
    expect([a.publishedFrom, a.published]).toEqual(['time', '2024-03-22T17:30:00+08:00']);
  });
  it('with nothing at all, no date and the warning', () => {
    const a = generic(page(''));
    expect(a.published).toBeUndefined();
    expect(a.warnings).toContain('no-publish-time');
  });
});

describe('JSON-LD', () => {
  it('reads an article inside @graph, resolving @id references for author and publisher', () => {
    const graph = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebPage', '@id': '#page', name: 'Park reopens - Example News', datePublished: '2020-01-01T00:00:00Z' },
        { '@type': 'NewsArticle', headline: 'Park reopens', datePublished: '2024-03-20T10:30:00-04:00', dateModified: '2024-03-20T12:00:00-04:00', author: { '@id': '#p1' }, publisher: { '@id': '#org' }, inLanguage: 'en-US' },
        { '@type': 'Person', '@id': '#p1', name: 'Ann Lee' },
        { '@type': 'Organization', '@id': '#org', name: 'Example News' },
      ],
    };
    const s = readPageSignals(docFor(page(ld(graph)), GENERIC_URL)).jsonLd;
    expect(s).toEqual({ title: 'Park reopens', published: '2024-03-20T10:30:00-04:00', modified: '2024-03-20T12:00:00-04:00', author: 'Ann Lee', source: 'Example News', language: 'en-US' });
  });

  it.each(['NewsArticle', 'Article', 'BlogPosting', 'ReportageNewsArticle', 'AnalysisNewsArticle', ['Article', 'NewsArticle']])('reads @type %s', (type) => {
    expect(readPageSignals(docFor(page(ld({ '@type': type, datePublished: '2024-03-20' })), GENERIC_URL)).jsonLd.published).toBe('2024-03-20');
  });

  it('reads a top-level array and a list of authors', () => {
    const value = [{ '@type': 'BreadcrumbList' }, { '@type': 'BlogPosting', headline: 'x', author: [{ name: 'A' }, { name: 'B' }, 'C'] }];
    expect(readPageSignals(docFor(page(ld(value)), GENERIC_URL)).jsonLd.author).toBe('A, B, C');
  });

  it('ignores a malformed block and reads the next one', () => {
    const head = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2019-01-01",, }</script>' + ld({ '@type': 'NewsArticle', datePublished: '2024-03-20T10:30:00Z' });
    const a = generic(page(head));
    expect([a.publishedFrom, a.published]).toEqual(['json-ld', '2024-03-20T18:30:00+08:00']);
  });

  it('reads a block wrapped in CDATA markers', () => {
    const head = `<script type="application/ld+json">//<![CDATA[\n${JSON.stringify({ '@type': 'Article', datePublished: '2024-03-20T10:30:00Z' })}\n//]]></script>`;
    expect(readPageSignals(docFor(page(head), GENERIC_URL)).jsonLd.published).toBe('2024-03-20T10:30:00Z');
  });

  it('is read before the scripts are removed: the live page keeps them and the date is found', () => {
    const doc = docFor(page(ld({ '@type': 'NewsArticle', datePublished: '2024-03-20T10:30:00Z' })), GENERIC_URL);
    expect(readPageSignals(doc).jsonLd.published).toBe('2024-03-20T10:30:00Z');
    expect(doc.querySelectorAll('script')).toHaveLength(1);
  });
});

describe('the zone of a date written without one', () => {
  it("is the page's own when another of its dates has an offset", () => {
    const a = generic(page(ld({ '@type': 'NewsArticle', datePublished: '2024-03-20T10:30:00', dateModified: '2024-03-21T08:00:00+09:00' })));
    expect(a.published).toBe('2024-03-20T09:30:00+08:00');
    expect(a.publishedZoneAssumed).toBe(false);
  });
  it('is a zone the page names in a <meta>', () => {
    const a = generic(page('<meta name="timezone" content="America/New_York"><meta property="article:published_time" content="2024-03-20 10:30">'));
    expect(a.published).toBe('2024-03-20T22:30:00+08:00');
    expect(a.publishedZoneAssumed).toBe(false);
  });
  it("else the user's, and the result says it was assumed", () => {
    const a = generic(page('<meta property="article:published_time" content="2024-03-20 10:30">'));
    expect(a.published).toBe('2024-03-20T10:30:00+08:00');
    expect(a.publishedZoneAssumed).toBe(true);
    expect(a.warnings).toContain('publish-time-zone-assumed');
    const utc = clipArticleHtml(page('<meta property="article:published_time" content="2024-03-20 10:30">'), GENERIC_URL, { timezone: 'UTC' });
    expect(utc.ok && utc.article.published).toBe('2024-03-20T10:30:00+00:00');
  });
  it("on a named site it is the site's zone, not an assumption", () => {
    const a = clipHtml(qutoutiaoPage('<p>正文第一段，内容足够长，讲述了事情的经过。</p>', { info: '齐鲁晚报 2021-07-27 15:58' }), QUTOUTIAO_URL, { timezone: 'UTC' }).article;
    expect(a.published).toBe('2021-07-27T07:58:00+00:00');
    expect(a.publishedZoneAssumed).toBe(false);
  });
});

describe('named sites: the fallback chain (issue 16)', () => {
  const body = '<p>正文第一段，内容足够长，讲述了事情的经过和各方的反应。</p><p>正文第二段，记者在现场看到了更多细节。</p>';
  /** Qutoutiao's template with its info line renamed, as after a redesign. */
  const drifted = (meta: string, head = '') =>
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>测试标题</title>${head}</head><body><div class="article"><h1>测试标题</h1>${meta}<div class="content">${body}</div></div></body></html>`;
  const NO_DATE_URL = 'http://html2.qktoutiao.com/article/1840579423.html';
  const clipQ = (html: string, url = QUTOUTIAO_URL, settings: Record<string, unknown> = {}) => clipHtml(html, url, settings);

  it("1. the rule's selectors: the info line gives time and source", () => {
    const { article } = clipQ(qutoutiaoPage(body, { info: '大众日报 2022-03-19 09:53' }));
    expect([article.publishedFrom, article.published, article.source]).toEqual(['rule', '2022-03-19T09:53:00+08:00', '大众日报']);
  });

  it.each([
    ['<div class="meta-line">2022-03-19 09:53 来源：大众日报</div>', '2022-03-19T09:53:00+08:00'],
    ['<p class="m">来源：大众日报 2022年3月19日 09:53</p>', '2022-03-19T09:53:00+08:00'],
    ['<div class="m"><span>来源：大众日报</span><span>03-19 09:53</span></div>', '2022-03-19T09:53:00+08:00'],
  ])('2. a visible stamp next to the title: %s', (meta, iso) => {
    const { article } = clipQ(drifted(meta), 'http://html2.qktoutiao.com/detail/2022/03/19/1.html');
    expect([article.publishedFrom, article.published, article.source]).toEqual(['visible', iso, '大众日报']);
    expect(article.warnings).toEqual([]);
  });

  it('2. a stamp without its year takes the year from the page elsewhere', () => {
    const { article } = clipQ(drifted('<div class="m">07-27 15:58</div>', '<meta property="article:published_time" content="2021-07-28T00:00:00+08:00">'), NO_DATE_URL);
    expect([article.publishedFrom, article.published]).toEqual(['visible', '2021-07-27T15:58:00+08:00']);
  });

  it('2. a date inside the body is not the stamp', () => {
    const html = drifted('').replace('<div class="content">', '<div class="content"><p>2019-01-01 08:00 的旧闻回顾</p>');
    const { article } = clipQ(html, NO_DATE_URL);
    expect(article.published).toBeUndefined();
  });

  it('3. then <time datetime>, then meta, then JSON-LD', () => {
    const time = '<time datetime="2022-03-19T09:53:00+08:00">今天</time>';
    const meta = '<meta property="article:published_time" content="2022-03-18T09:53:00+08:00">';
    const json = ld({ '@type': 'NewsArticle', datePublished: '2022-03-17T09:53:00+08:00' });
    expect(clipQ(drifted(time, meta + json), NO_DATE_URL).article.publishedFrom).toBe('time');
    expect(clipQ(drifted('', meta + json), NO_DATE_URL).article.publishedFrom).toBe('meta');
    const fromLd = clipQ(drifted('', json), NO_DATE_URL).article;
    expect([fromLd.publishedFrom, fromLd.published]).toEqual(['json-ld', '2022-03-17T09:53:00+08:00']);
  });

  it("4. then the day in the URL's path, said to be a day only, written as 00:00", () => {
    const r = clipQ(drifted(''), 'http://html2.qktoutiao.com/detail/2022/03/19/1840579423.html');
    expect([r.article.publishedFrom, r.article.published, r.article.publishedDayOnly]).toEqual(['url', '2022-03-19T00:00:00+08:00', true]);
    expect(r.article.warnings).toEqual(['publish-time-day-only']);
    expect(r.post.frontMatter.date).toBe('2022-03-19 00:00:00');
  });

  it("4. a day is the user's day, whatever their zone", () => {
    const r = clipQ(drifted(''), 'http://html2.qktoutiao.com/detail/2022/03/19/1840579423.html', { timezone: 'America/New_York' });
    expect(r.article.published).toBe('2022-03-19T00:00:00-04:00');
    expect(r.post.frontMatter.date).toBe('2022-03-19 00:00:00');
  });

  it('5. else no date, and the warning', () => {
    const { article } = clipQ(drifted(''), NO_DATE_URL);
    expect(article.published).toBeUndefined();
    expect(article.warnings).toEqual(['no-publish-time']);
  });
});

describe('the other fields', () => {
  it('title: the page heading, else JSON-LD headline, else og:title without the site name', () => {
    expect(generic(page('')).title).toBe('Park reopens');
    const noH1 = (head: string) => page(head).replace('<h1>Park reopens</h1>', '');
    expect(generic(noH1(ld({ '@type': 'NewsArticle', headline: 'Park reopens after two years' })) ).title).toBe('Park reopens after two years');
    expect(generic(noH1('<meta property="og:title" content="Park reopens at last | Example News"><meta property="og:site_name" content="Example News">')).title).toBe('Park reopens at last');
  });

  it('author: JSON-LD, then <meta name=author>, never a profile URL', () => {
    expect(generic(page(ld({ '@type': 'Article', author: { name: 'Ann Lee' } }) + '<meta name="author" content="Bob">')).author).toBe('Ann Lee');
    expect(generic(page('<meta property="article:author" content="https://facebook.com/x"><meta name="author" content="Bob">')).author).toBe('Bob');
  });

  it('language and modified time', () => {
    const a = generic(page('<meta property="og:locale" content="en_GB"><meta property="article:modified_time" content="2024-03-21T08:00:00Z">'));
    expect(a.language).toBe('en-GB');
    expect(a.modified).toBe('2024-03-21T16:00:00+08:00');
  });
});
