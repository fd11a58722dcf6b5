/**
 * Putting removals back (issue 14): a restored removal returns at its place in the post, from the
 * article alone; nothing restored means the post of today; exceptions keep content from being
 * removed at all; restoring never brings back live markup.
 */
import { describe, expect, it } from 'vitest';
import { buildPost } from '../../utils/core/hexo';
import { clip, clipArticle, restoreArticle } from '../../utils/core/pipeline';
import { finishRemovals, rebuild, recordRemovals, removeNode } from '../../utils/core/removals';
import type { Removal } from '../../utils/core/types';
import { nodeDeps } from '../../utils/node/jsdom';
import { compactText, docFor, expectedFor, FIXED_NOW, qutoutiaoPage, QUTOUTIAO_URL, readFixture, settingsWith } from '../helpers';

const deps = nodeDeps(() => FIXED_NOW);
const FOOTER = '找记者、求报道、求帮助，各大应用市场下载“齐鲁壹点”APP或搜索微信小程序“壹点情报站”，全省600多位主流媒体记者在线等你来报料！';

function articleOf(html: string, url: string, partial: Record<string, unknown> = {}) {
  const outcome = clipArticle(docFor(html, url), url, settingsWith(partial), deps);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.article;
}

const squashed = (s: string) => s.replace(/[\s\u00a0\u3000]+/g, '');

describe.each(['019-ql.html', '019.html', '028-ql.html', 'u004.html'])('restoring the Qilu footer on %s', (page) => {
  const html = readFixture('pages', page);
  const expected = expectedFor(page);
  const url = expected.url;

  it.each(['hexo', 'archive'] as const)('puts the footer back after the last paragraph, in the %s preset', (preset) => {
    const settings = settingsWith({ preset });
    const article = articleOf(html, url, { preset });
    const footer = article.removed.find((r) => r.reason === 'qilu-footer');
    expect(footer?.id).toMatch(/^r\d+$/);
    const before = buildPost(article, settings, FIXED_NOW).text;
    expect(squashed(before)).not.toContain(squashed(FOOTER).slice(0, 12));

    const restored = restoreArticle(article, [footer!.id!], deps.sanitizer);
    expect(restored.restored).toEqual([footer!.id]);
    const post = buildPost(restored, settings, FIXED_NOW).text;
    const body = squashed(post);
    const at = body.indexOf(squashed(expected.promo!.text));
    expect(at).toBeGreaterThan(0);
    // Its place: after the article's last block, and it is the last text of the body.
    const lastBlock = squashed(expected.blocks.at(-1)!);
    expect(body.indexOf(lastBlock.slice(-20))).toBeLessThan(at);
    // Only the footer came back: the QR code beside it is still removed.
    expect(post).not.toContain(expected.promo!.image);
    // Everything else is the post of today.
    const without = (t: string) => squashed(t.replace(expected.promo!.text, '').replace(/<p><\/p>/g, ''));
    expect(without(post)).toBe(without(before));
  });

  it('is the same post as today when nothing is restored, and after an undo', () => {
    const doc = () => docFor(html, url);
    const today = clip(doc(), url, settingsWith(), deps);
    const none = clip(doc(), url, settingsWith(), deps, { restored: [] });
    expect(today.ok && none.ok && none.post.text).toBe(today.ok && today.post.text);
    const article = articleOf(html, url);
    const all = restoreArticle(article, article.removed.flatMap((r) => (r.id ? [r.id] : [])), deps.sanitizer);
    expect(buildPost(all, settingsWith(), FIXED_NOW).text).not.toBe(today.ok && today.post.text);
    // Undo is putting back the smaller set: from the same article, not from the restored one.
    expect(buildPost(restoreArticle(article, [], deps.sanitizer), settingsWith(), FIXED_NOW).text).toBe(today.ok && today.post.text);
  });

  it('restores everything on request: footer, QR code and tracking pixel, each at its place', () => {
    const article = articleOf(html, url, { preset: 'archive' });
    const ids = article.removed.flatMap((r) => (r.id ? [r.id] : []));
    const all = restoreArticle(article, ids, deps.sanitizer);
    expect(all.restored?.sort()).toEqual([...ids].sort());
    const post = buildPost(all, settingsWith({ preset: 'archive' }), FIXED_NOW).text;
    expect(squashed(post)).toContain(squashed(expected.promo!.text));
    // The QR code stands in the footer's paragraph, after its text, as on the page.
    const qrAt = post.indexOf(expected.promo!.image);
    expect(qrAt).toBeGreaterThan(post.indexOf('报料'));
    expect(all.images.map((i) => i.src)).toContain(expected.promo!.image);
  });
});

describe('where a restored removal goes', () => {
  const body = `<p>第一段正文，讲述了事情的起因和经过，内容足够长。</p>
<p>找记者、求报道、求帮助，各大应用市场下载“齐鲁壹点”APP或搜索微信小程序“壹点情报站”，全省600多位主流媒体记者在线等你来报料！</p>
<p>第二段正文，说明了后续的进展，这里也有足够多的文字。</p>
<p>第三段正文：<span>尾声</span>，关注我们获取更多。</p>`;
  const html = qutoutiaoPage(body);

  it('puts a footer that stood mid-article back between the same paragraphs', () => {
    const article = articleOf(html, QUTOUTIAO_URL);
    const footer = article.removed.find((r) => r.reason === 'qilu-footer')!;
    const text = compactText(restoreArticle(article, [footer.id!], deps.sanitizer).content);
    const at = text.indexOf('找记者');
    expect(at).toBeGreaterThan(text.indexOf('第一段正文'));
    expect(at).toBeLessThan(text.indexOf('第二段正文'));
    expect(compactText(article.content)).not.toContain('找记者');
  });

  it('puts back text cut out of a paragraph inside it, across inline elements', () => {
    const article = articleOf(html, QUTOUTIAO_URL, { promoPatterns: ['尾声，关注我们'] });
    const cut = article.removed.find((r) => r.reason === 'custom promo pattern')!;
    expect(cut.text).toBe('尾声，关注我们');
    expect(compactText(article.content)).toContain('第三段正文：获取更多。');
    const back = restoreArticle(article, [cut.id!], deps.sanitizer);
    expect(compactText(back.content)).toContain('第三段正文：尾声，关注我们获取更多。');
    // The inline element the cut crossed is back too.
    expect(back.content.querySelector('span')?.textContent).toBe('尾声');
  });

  it('never offers a script; puts a part cut before Readability back after its neighbour on the page', () => {
    const page = readFixture('pages', '019-ql.html');
    const article = articleOf(page, expectedFor('019-ql.html').url);
    expect(article.removed.filter((r) => r.step === 'script').every((r) => r.id === undefined)).toBe(true);
    // The 1×1 pixel is judged by its inline style, before Readability: restorable by neighbour.
    const pixel = article.removed.find((r) => r.step === 'tracking')!;
    expect(pixel.id).toMatch(/^p\d+$/);
    const back = restoreArticle(article, [pixel.id!], deps.sanitizer);
    const blocks = Array.from(back.content.children);
    const at = blocks.findIndex((el) => el.tagName === 'IMG' || el.querySelector('img')?.getAttribute('src') === pixel.src);
    expect(at).toBe(1);
    expect(compactText(blocks[0]!)).toContain('今明两天，气温持续走低。');
    // What comes back from before Readability goes through the sanitizer: its inline style is gone.
    expect(back.content.querySelector('img')?.hasAttribute('style')).toBe(false);
    const all = restoreArticle(article, article.removed.flatMap((r) => (r.id ? [r.id] : [])), deps.sanitizer);
    expect(all.content.querySelector('script')).toBeNull();
  });

  it('brings back the paragraph a restored QR code stood in, without the footer text', () => {
    const page = readFixture('pages', '019-ql.html');
    const article = articleOf(page, expectedFor('019-ql.html').url);
    const qr = article.removed.find((r) => r.reason === 'promo QR code')!;
    const back = restoreArticle(article, [qr.id!], deps.sanitizer);
    const img = back.content.querySelector(`img[src="${qr.src}"]`);
    expect(img?.parentElement?.tagName).toBe('P');
    expect(compactText(back.content)).not.toContain('找记者');
  });
});

describe('exceptions (以后保留类似内容)', () => {
  const page = readFixture('pages', '019.html');
  const url = expectedFor('019.html').url;

  it('keeps the excepted text on its site: not removed, not listed, in the post at its place', () => {
    const article = articleOf(page, url, { exceptions: [{ site: 'qktoutiao.com', text: FOOTER }] });
    expect(article.removed.some((r) => r.reason === 'qilu-footer')).toBe(false);
    // Its QR code goes with it: the exception keeps the footer as the page had it.
    expect(article.removed.some((r) => r.reason === 'promo QR code')).toBe(false);
    expect(compactText(article.content).endsWith(squashed(FOOTER))).toBe(true);
  });

  it('applies to that site only', () => {
    const article = articleOf(page, url, { exceptions: [{ site: 'ql1d.com', text: FOOTER }] });
    expect(article.removed.some((r) => r.reason === 'qilu-footer')).toBe(true);
  });

  it('matches an image by its URL, and a /regex/', () => {
    const base = articleOf(page, url);
    const pixel = base.removed.find((r) => r.step === 'tracking' && r.id)!;
    const kept = articleOf(page, url, { exceptions: [{ site: 'html2.qktoutiao.com', text: pixel.src }] });
    expect(kept.removed.some((r) => r.id && r.src === pixel.src)).toBe(false);
    expect(Array.from(kept.content.querySelectorAll('img')).some((i) => i.getAttribute('src') === pixel.src)).toBe(true);
    const byRegex = articleOf(page, url, { exceptions: [{ site: 'qktoutiao.com', text: '/^找记者/' }] });
    expect(byRegex.removed.some((r) => r.reason === 'qilu-footer')).toBe(false);
  });
});

describe('restoring is sanitized like everything else', () => {
  const html = qutoutiaoPage(`<p>正文第一段，足够长的文字内容在这里，用来构成一篇文章。</p>
<p onclick="window.__pwned=1">广告：<a href="javascript:window.__pwned=1">点我</a><img src="x" onerror="window.__pwned=1"><script>window.__pwned=1</script>立即下载</p>
<p>正文第二段，依然是足够长的文字内容。<img src="http://stats.example.com/p.gif?x=1" onload="window.__pwned=1" width="1" height="1"></p>`);

  it('brings back no handler, script or javascript: URL', () => {
    const article = articleOf(html, QUTOUTIAO_URL, { promoPatterns: ['/广告：[\\s\\S]*立即下载/'] });
    const ids = article.removed.flatMap((r) => (r.id ? [r.id] : []));
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(article.removed.filter((r) => r.id).map((r) => r.step)).toEqual(expect.arrayContaining(['promo', 'tracking']));
    const back = restoreArticle(article, ids, deps.sanitizer);
    expect(compactText(back.content)).toContain('广告：点我立即下载');
    const live: string[] = [];
    for (const el of Array.from(back.content.querySelectorAll('*'))) {
      if (el.tagName === 'SCRIPT') live.push('script');
      for (const a of Array.from(el.attributes)) if (/^on/i.test(a.name) || /javascript:/i.test(a.value)) live.push(`${el.tagName}[${a.name}]`);
    }
    expect(live).toEqual([]);
    // The rebuilt body lives in an inert document: nothing in it is fetched or run.
    expect(back.content.ownerDocument).not.toBe(article.content.ownerDocument);
    expect(back.content.ownerDocument.defaultView).toBeNull();
  });
});

describe('the exceptions setting', () => {
  it('accepts {site, text} entries and names what is wrong otherwise', () => {
    expect(settingsWith({ exceptions: [{ site: 'ql1d.com', text: '找记者' }, { site: 'www.qktoutiao.com', text: '/关注.*APP/' }] }).exceptions).toHaveLength(2);
    expect(() => settingsWith({ exceptions: [{ site: 'not a host', text: 'x' }] })).toThrow(/exceptions: .*"not a host" is not a host name/);
    expect(() => settingsWith({ exceptions: [{ site: 'ql1d.com', text: '' }] })).toThrow(/exceptions: .*non-empty/);
    expect(() => settingsWith({ exceptions: [{ site: 'ql1d.com', text: '/(/' }] })).toThrow(/not a valid regular expression/);
    expect(() => settingsWith({ exceptions: [{ site: 'ql1d.com', text: 'x', extra: 1 }] })).toThrow(/exceptions/);
    expect(() => settingsWith({ exceptions: 'ql1d.com' })).toThrow(/exceptions/);
  });
});

describe('the removal helpers, as a new cleaning step uses them', () => {
  const setup = () => {
    const doc = docFor('<div id="c"><p>一</p><p>页脚甲</p><p>二</p><p>页脚乙</p></div>', 'https://example.com/a');
    const content = doc.getElementById('c')!;
    const removed: Removal[] = [];
    return { doc, content, removed, ps: Array.from(content.querySelectorAll('p')) };
  };

  it('records several nodes as one removal that comes back whole, each node at its place', () => {
    const { doc, content, removed, ps } = setup();
    recordRemovals(removed, content);
    expect(removeNode(removed, [ps[1]!, ps[3]!], { step: 'promo', code: 'promo-text', reason: 'footer across blocks', text: '页脚甲 页脚乙' })).toBe(true);
    const restorable = finishRemovals(removed)!;
    expect(removed).toEqual([{ step: 'promo', code: 'promo-text', reason: 'footer across blocks', text: '页脚甲 页脚乙', id: 'r1' }]);
    expect(content.textContent).toBe('一二');
    const inert = doc.implementation.createHTMLDocument('');
    const back = rebuild(restorable, ['r1'], inert);
    expect(Array.from(back.root.querySelectorAll('p')).map((p) => p.textContent)).toEqual(['一', '页脚甲', '二', '页脚乙']);
    expect(back.restored).toEqual(['r1']);
    expect(rebuild(restorable, [], inert).root.textContent).toBe('一二');
  });

  it('removes as before on an array nobody records, and keeps what an exception names', () => {
    const { content, removed, ps } = setup();
    removeNode(removed, ps[1]!, { step: 'promo', code: 'promo-text', reason: 'x', text: '页脚甲' });
    expect(removed).toEqual([{ step: 'promo', code: 'promo-text', reason: 'x', text: '页脚甲' }]);
    expect(content.textContent).toBe('一二页脚乙');
    const kept: Removal[] = [];
    recordRemovals(kept, content, (e) => e.text === '页脚乙');
    expect(removeNode(kept, ps[3]!, { step: 'promo', code: 'promo-text', reason: 'x', text: '页脚乙' })).toBe(false);
    expect(kept).toEqual([]);
    expect(content.textContent).toBe('一二页脚乙');
    expect(finishRemovals(kept)).toBeUndefined();
  });
});
