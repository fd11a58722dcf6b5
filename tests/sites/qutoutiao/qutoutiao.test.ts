import { describe, expect, it } from 'vitest';
import { detect } from '../../../utils/core/extract';
import { qutoutiao, ruleForHost } from '../../../utils/sites';
import { clipHtml, docFor } from '../../helpers';
import { siteCase } from '../cases';

const { html, expected } = siteCase('qutoutiao', '089');

describe('qutoutiao rule', () => {
  it.each(['html2.qktoutiao.com', 'html.qktoutiao.com', 'qktoutiao.com', 'share.qutoutiao.net', 'html.shehuitu.com'])('serves %s', (host) => {
    expect(ruleForHost(host)).toBe(qutoutiao);
  });

  it.each(['qktoutiao.com.evil.org', 'notqktoutiao.com', 'example.com'])('does not serve %s', (host) => {
    expect(ruleForHost(host)).not.toBe(qutoutiao);
  });

  it('knows an article URL from a home page', () => {
    expect(qutoutiao.isArticle(new URL('http://html2.qktoutiao.com/detail/2021/06/15/1603894611.html?content_id=1'))).toBe(true);
    expect(qutoutiao.isArticle(new URL('http://html2.qktoutiao.com/'))).toBe(false);
  });

  it('is selected for the fixture page, which is not Qilu content', () => {
    const d = detect(docFor(html, expected.url), new URL(expected.url));
    expect(d.rule).toBe(qutoutiao);
    expect(d.rules.map((r) => r.id)).toEqual(['qutoutiao']);
    expect(d.contentRoot?.className).toBe('content');
  });

  const { article } = clipHtml(html, expected.url);

  it('reads the title from div.article > h1', () => expect(article.title).toBe(expected.title));
  it('reads the published time from div.info, in Asia/Shanghai', () => expect(article.published).toBe('2021-10-15T09:43:00+08:00'));
  it('reads the source from div.info', () => expect(article.source).toBe('新京报'));
  it('turns lazy data-src images into real ones, in order', () => expect(article.images.map((i) => i.src)).toEqual(expected.images));
  it('keeps the data-size of each image', () => expect(article.images[0]).toMatchObject({ width: expect.any(Number), height: expect.any(Number) }));
  it('keeps the closing reporter line of the body', () => expect(article.content.textContent).toContain('（总台记者 何英平）'));

  it('removes the 1×1 beacon', () => {
    expect(article.removed).toContainEqual(expect.objectContaining({ step: 'tracking', reason: 'tracking image (1×1 pixel)', src: expected.beacon }));
  });
  it('removes the #img placeholder', () => {
    expect(article.removed.some((r) => r.step === 'pre-clean' && r.reason === 'image placeholder')).toBe(true);
  });
  it('removes the inline script of the body', () => {
    expect(article.removed.some((r) => r.step === 'script')).toBe(true);
  });
  it('leaves related articles, comments and the download bar behind', () => {
    for (const noise of expected.noise) expect(article.content.textContent).not.toContain(noise);
  });
});
