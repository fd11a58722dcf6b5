import { describe, expect, it } from 'vitest';
import { detect } from '../../../utils/core/extract';
import { qilu, qutoutiao, ruleForHost } from '../../../utils/sites';
import { clipHtml, docFor, QUTOUTIAO_URL, qutoutiaoPage, readFixture, type Expected } from '../../helpers';
import { siteCase } from '../cases';

// The golden page with the whole 找记者 footer and its QR code; the site's own case is below.
const expected = JSON.parse(readFixture('pages', '019-ql.expected.json')) as Expected;
const html = readFixture('pages', '019-ql.html');

describe('qilu rule', () => {
  it.each(['www.ql1d.com', 'm.ql1d.com', 'ql1d.com'])('serves %s', (host) => {
    expect(ruleForHost(host)).toBe(qilu);
  });

  it.each([
    ['https://www.ql1d.com/general/21926312.html', true],
    ['https://ql1d.com/news/show/id/21926312.html', true],
    ['https://m.ql1d.com/general/21926312.html', true],
    ['https://www.ql1d.com/', false],
    ['https://www.ql1d.com/news/list', false],
  ])('article shape of %s: %s', (url, yes) => {
    expect(qilu.isArticle(new URL(url))).toBe(yes);
  });

  it('is selected for the fixture page', () => {
    const d = detect(docFor(html, expected.url), new URL(expected.url));
    expect(d.rule).toBe(qilu);
    expect(d.contentRoot?.className).toBe('normal-news-content');
  });

  const { article } = clipHtml(html, expected.url);

  it('reads the title from h1.news-title', () => expect(article.title).toBe(expected.title));
  it('reads the published time from div.news-origin', () => expect(article.published).toBe(expected.published));
  it('reads the source from div.news-origin', () => expect(article.source).toBe('齐鲁壹点'));
  it('keeps the body text', () => {
    for (const block of expected.blocks) expect(article.content.textContent!.replace(/\s+/g, '')).toContain(block.replace(/\s+/g, ''));
  });

  it('removes the 找记者 promo footer', () => {
    expect(article.removed).toContainEqual(expect.objectContaining({ step: 'promo', reason: 'qilu-footer', text: expected.promo!.text }));
    expect(article.content.textContent).not.toContain('找记者');
  });
  it('removes the footer QR code', () => {
    expect(article.removed).toContainEqual(expect.objectContaining({ step: 'promo', reason: 'promo QR code', src: expected.promo!.image }));
  });
  it('removes the tracking pixel', () => {
    expect(article.removed.some((r) => r.step === 'tracking' && r.src === expected.beacon)).toBe(true);
  });
  it('without its content root, removes the share bar and the app download box before Readability', () => {
    const other = clipHtml(html.replace('normal-news-content', 'news-body-v2'), expected.url).article;
    expect(other.removed.map((r) => r.reason)).toEqual(expect.arrayContaining(['share buttons', 'app download box']));
    expect(other.content.textContent).not.toContain('下载齐鲁壹点APP');
    expect(other.content.textContent).toContain(expected.blocks[1]!.slice(0, 20));
  });
});

describe('qilu rule on its own case (034-ql)', () => {
  const own = siteCase('qilu', '034-ql');
  const { article } = clipHtml(own.html, own.expected.url);

  it('is served by the qilu rule alone', () => expect(article.rules).toEqual(['qilu']));
  it('reads title, published time and source', () => {
    expect([article.title, article.published, article.source]).toEqual([own.expected.title, own.expected.published, own.expected.source]);
  });
  it('removes the call to post in its app, and the beacon', () => {
    for (const promo of own.expected.promos) expect(article.content.textContent).not.toContain(promo);
    expect(article.removed.some((r) => r.step === 'tracking' && r.src === own.expected.beacon)).toBe(true);
  });
});

describe('Qilu content reposted on Qutoutiao', () => {
  it('is recognised by its byline and gets Qilu cleaning on top', () => {
    const page = qutoutiaoPage('<p>齐鲁晚报·齐鲁壹点 记者 张三</p><p>正文内容足够长，讲述了事情的经过和各方的反应，记者进行了采访。</p>');
    const d = detect(docFor(page, QUTOUTIAO_URL), new URL(QUTOUTIAO_URL));
    expect(d.rule).toBe(qutoutiao);
    expect(d.rules).toEqual([qutoutiao, qilu]);
  });

  it('is recognised by the footer alone, which then goes', () => {
    const page = qutoutiaoPage('<p>正文内容足够长，讲述了事情的经过和各方的反应，记者进行了采访。</p><p>找记者、求报道、求帮助，各大应用市场下载“齐鲁壹点”APP或搜索微信小程序“壹点情报站”，全省600多位主流媒体记者在线等你来报料！</p>');
    const { article } = clipHtml(page, QUTOUTIAO_URL);
    expect(article.rules).toEqual(['qutoutiao', 'qilu']);
    expect(article.content.textContent).not.toContain('找记者');
  });

  it('is not claimed for an unrelated article', () => {
    const page = qutoutiaoPage('<p>来源：新京报。正文内容足够长，讲述了事情的经过和各方的反应。</p>');
    expect(detect(docFor(page, QUTOUTIAO_URL), new URL(QUTOUTIAO_URL)).rules).toEqual([qutoutiao]);
  });

  it('is not cleaned as Qilu when the qilu rule is switched off', () => {
    const page = qutoutiaoPage('<p>齐鲁晚报·齐鲁壹点 记者 张三</p><p>正文内容足够长，讲述了事情的经过。</p>');
    expect(detect(docFor(page, QUTOUTIAO_URL), new URL(QUTOUTIAO_URL), { qilu: false }).rules).toEqual([qutoutiao]);
  });
});
