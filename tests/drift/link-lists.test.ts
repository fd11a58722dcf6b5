/**
 * Link lists and comment sections inside the body go wherever they stand, and are recorded; an
 * article paragraph that holds a link is article and stays.
 */
import { describe, expect, it } from 'vitest';
import { removeLinkLists } from '../../utils/core/link-lists';
import type { Removal } from '../../utils/core/types';
import { clipArticleHtml, compactText, docFor, QUTOUTIAO_URL, qutoutiaoPage } from '../helpers';

const P1 = '<p>第一段：市应急管理局昨日通报了上周发生的仓库火灾的调查结果，起火原因为电线老化短路。</p>';
const P2 = '<p>第二段：事故没有造成人员伤亡，过火面积约三百平方米，直接经济损失正在核算之中。</p>';
const P3 = '<p>第三段：有关部门要求各单位立即开展消防安全自查，发现隐患及时整改到位。</p>';
const links = (n: number) => Array.from({ length: n }, (_, i) => `<a href="https://news.example.cn/a/${i}.html">另一篇文章的标题第${i + 1}篇，讲别的事情</a>`);

function clean(body: string): { text: string; removed: Removal[] } {
  const outcome = clipArticleHtml(qutoutiaoPage(body), QUTOUTIAO_URL);
  if (!outcome.ok) throw new Error(outcome.message);
  return { text: compactText(outcome.article.content), removed: outcome.article.removed };
}

function root(inner: string): Element {
  return docFor(`<div id="r">${inner}</div>`, QUTOUTIAO_URL).getElementById('r')!;
}

describe('link lists in the body', () => {
  it.each([
    ['a heading and linked paragraphs, mid-article', `${P1}<p><strong>相关阅读</strong></p>${links(3).map((a) => `<p>${a}</p>`).join('')}${P2}${P3}`],
    ['a heading with a colon and a list, at the end', `${P1}${P2}${P3}<p>延伸阅读：</p><ul>${links(4).map((a) => `<li>${a}</li>`).join('')}</ul>`],
    ['a heading-less list of links', `${P1}<ul>${links(3).map((a) => `<li>${a}</li>`).join('')}</ul>${P2}${P3}`],
    ['a feed of items with counters', `${P1}${P2}${P3}<div><div>猜你喜欢</div>${links(3).map((a, i) => `<div>${a}<span>${i + 12}评论</span></div>`).join('')}</div>`],
    ['a run of linked paragraphs with no heading', `${P1}${P2}${links(2).map((a) => `<p>${a}</p>`).join('')}${P3}`],
  ])('removes %s and records it', (_name, body) => {
    const { text, removed } = clean(body);
    for (const p of [P1, P2, P3]) expect(text).toContain(compactText(p.replace(/<[^>]+>/g, '')));
    expect(text).not.toContain('另一篇文章的标题');
    expect(text).not.toMatch(/相关阅读|延伸阅读|猜你喜欢/);
    expect(removed.some((r) => (r.step === 'link-list' || r.step === 'chrome') && /另一篇文章的标题/.test(r.text ?? ''))).toBe(true);
  });

  it('never takes an article paragraph that merely contains a link', () => {
    const linked = '<p>据<a href="https://www.mem.gov.cn/">应急管理部</a>通报，今年以来全国共发生火灾多起，<a href="https://www.119.gov.cn/">消防部门</a>提醒市民注意用电安全。</p>';
    const { text, removed } = clean(`${P1}${linked}${linked.replace('今年', '去年')}${P2}${P3}`);
    expect(text).toContain('据应急管理部通报，今年以来全国共发生火灾多起');
    expect(text).toContain('据应急管理部通报，去年以来全国共发生火灾多起');
    expect(removed.filter((r) => r.step === 'link-list')).toEqual([]);
  });

  it('never takes a lone short linked line, nor a source line with a link', () => {
    const r = root(`${P1}<p><a href="https://x.cn/video">点击观看视频</a></p>${P2}<p>来源：<a href="https://x.cn">新华社</a></p>`);
    const removed: Removal[] = [];
    expect(removeLinkLists(r, removed)).toBe(0);
    expect(compactText(r)).toContain('点击观看视频');
    expect(compactText(r)).toContain('来源：新华社');
  });
});

describe('comment sections', () => {
  it('removes comments appended after the article, with their furniture', () => {
    const comments = '<div><h4>全部评论（35）</h4><div><span>用户123456</span><p>说得好，支持！</p><span>32赞</span></div><div><span>手机用户99</span><p>早该这样了</p><span>回复</span></div><p>查看全部评论</p></div>';
    const { text, removed } = clean(`${P1}${P2}${P3}${comments}`);
    expect(text).not.toMatch(/说得好|早该这样|全部评论/);
    expect(removed.some((r) => r.reason === 'comment section' && /说得好/.test(r.text ?? ''))).toBe(true);
  });

  it('leaves an article that quotes readers under a heading mid-article', () => {
    const r = root(`${P1}<p>网友评论</p><p>网友甲：这件事处理得很及时。</p><p>网友乙：希望以后不要再发生。</p>${P2}${P3}`);
    const removed: Removal[] = [];
    removeLinkLists(r, removed);
    expect(compactText(r)).toContain('网友甲：这件事处理得很及时。');
    expect(removed).toEqual([]);
  });
});
