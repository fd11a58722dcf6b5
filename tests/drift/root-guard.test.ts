/**
 * The root-vs-Readability guard (utils/core/extract.ts + page-chrome.ts): what Readability left
 * out of the rule's content root is judged by what it is. Chrome goes and is recorded; article
 * Readability dropped for being short stays.
 */
import { describe, expect, it } from 'vitest';
import { isMetaLine } from '../../utils/core/page-chrome';
import { clipArticleHtml, compactText, QUTOUTIAO_URL } from '../helpers';

const TITLE = '春运首日济南站发送旅客三万人次';
const page = (inRoot: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${TITLE}</title></head><body>
<div class="article"><div class="content">${inRoot}</div></div></body></html>`;
const related = '<div class="xgyd"><h3>相关阅读</h3><ul><li><a href="/a/1.html">济南西站增开夜间高铁十二列</a></li><li><a href="/a/2.html">春运期间公交线路调整一览</a></li><li><a href="/a/3.html">返乡人员健康管理最新要求</a></li></ul></div>';
const meta = '<div class="pub-line"><span>齐鲁晚报</span> <span>2022-01-17 09:30</span></div>';
const shortLines = ['早上六点', '候车室里', '人来人往', '一位老人', '提着鸡蛋', '准备回家'].map((l) => `<p>${l}</p>`).join('');
const longParas =
  '<div class="txt"><p>1月17日，2022年春运正式开始。记者从济南站了解到，当天预计发送旅客三万人次，车站增开临时旅客列车十二对。</p>' +
  '<p>为方便旅客出行，车站在进站口增设了自助核验闸机，并安排志愿者在售票厅引导老年旅客购票。</p></div>';

describe('the root-vs-Readability guard', () => {
  it('removes the title, meta line and related links a redesigned root wraps, and records each', () => {
    const html = page(`<h1>${TITLE}</h1>${meta}${longParas}${related}`);
    const outcome = clipArticleHtml(html, QUTOUTIAO_URL);
    if (!outcome.ok) throw new Error(outcome.message);
    const text = compactText(outcome.article.content);
    expect(text).toContain('当天预计发送旅客三万人次');
    expect(text).not.toMatch(/济南西站增开|相关阅读|2022-01-1709:30/);
    expect(text.startsWith('1月17日')).toBe(true);
    const reasons = outcome.article.removed.filter((r) => r.step === 'chrome' || r.step === 'link-list').map((r) => r.reason);
    expect(reasons).toEqual(expect.arrayContaining(['repeated title', 'meta line', 'link list']));
  });

  it('keeps the short lines Readability drops, taking only the chrome beside them', () => {
    const html = page(`${longParas}<div class="poem">${shortLines}</div>${related}`);
    const outcome = clipArticleHtml(html, QUTOUTIAO_URL);
    if (!outcome.ok) throw new Error(outcome.message);
    const text = compactText(outcome.article.content);
    for (const line of ['早上六点', '人来人往', '准备回家']) expect(text).toContain(line);
    expect(text).not.toContain('济南西站增开夜间高铁');
  });
});

describe('isMetaLine', () => {
  it.each(['齐鲁晚报 2022-01-17 09:30', '来源：封面新闻 2021年7月27日 15:58 阅读 1234', '01-17 09:30 35评论'])('takes %s', (line) => {
    expect(isMetaLine(line)).toBe(true);
  });
  it.each([
    '2022年1月17日 09:30，济南站迎来春运首日客流高峰。',
    '1月17日，2022年春运正式开始，记者从济南站了解到相关情况',
    '来源：看看新闻Knews综合',
  ])('leaves the article line %s', (line) => {
    expect(isMetaLine(line)).toBe(false);
  });
});
