/**
 * The Qilu footer in forms not seen in the golden set: split over two blocks, reworded, 「」
 * quotes, half-width punctuation; its QR code found by position and shape, at any size, and
 * article images beside it left alone.
 */
import { describe, expect, it } from 'vitest';
import { clipArticleHtml, compactText, QUTOUTIAO_URL, qutoutiaoPage } from '../helpers';

const BODY = '<p>齐鲁晚报·齐鲁壹点记者 王某</p><p>昨天上午，济南市交通运输局召开新闻发布会，介绍春运期间的出行安排和各项保障措施。</p><p>今年春运从1月17日开始，到2月25日结束，共计40天。</p>';
const QR = 'http://static.1sapp.com/qupost/img/2022/01/19/qr-code.png';
const PHOTO = 'http://static.1sapp.com/qupost/img/2022/01/19/photo.jpeg';

function clean(body: string) {
  const outcome = clipArticleHtml(qutoutiaoPage(body), QUTOUTIAO_URL);
  if (!outcome.ok) throw new Error(outcome.message);
  const { content, removed, images } = outcome.article;
  return { text: compactText(content), removed, images: images.map((i) => i.src) };
}

describe('the Qilu footer across blocks', () => {
  it.each([
    ['split over two paragraphs, half-width, 「」', '<p>找记者,求报道,求帮助,</p><p>各大应用市场下载「齐鲁壹点」APP或搜索微信小程序「壹点情报站」,全省600多位主流媒体记者在线等你来报料!</p>'],
    ['reworded, no 报料 at all', '<p>找记者、求报道、求帮助：</p><div>打开“齐鲁壹点”APP，或微信搜索“壹点情报站”小程序，数百位记者随时为你服务！</div>'],
    ['one paragraph, reworded middle', '<p>找记者、求报道、求帮助，下载『齐鲁壹点』客户端，全省各地记者在线等你！</p>'],
  ])('%s: removed and recorded', (_name, footer) => {
    const { text, removed } = clean(BODY + footer);
    expect(text).toContain('共计40天。');
    expect(text).not.toMatch(/找记者|齐鲁壹点.?(APP|客户端)|情报站/);
    expect(removed.some((r) => r.step === 'promo' && r.reason === 'qilu-footer' && /找记者/.test(r.text ?? ''))).toBe(true);
  });

  it('needs its distinctive parts: the opening alone, with no outlet or app, is article', () => {
    const { text } = clean(`${BODY}<p>找记者、求报道、求帮助，是不少市民遇到难题时的第一反应。</p>`);
    expect(text).toContain('找记者、求报道、求帮助，是不少市民遇到难题时的第一反应。');
  });

  it('does not run on into a credit line after the footer', () => {
    const { text } = clean(`${BODY}<p>找记者、求报道、求帮助，</p><p>下载「齐鲁壹点」APP，记者在线等你！</p><p>编辑：李四</p>`);
    expect(text).toContain('编辑：李四');
  });
});

describe('its QR code, by position and shape', () => {
  const footer = '<p>找记者、求报道、求帮助，各大应用市场下载“齐鲁壹点”APP或搜索微信小程序“壹点情报站”，全省600多位主流媒体记者在线等你来报料！</p>';
  it.each([
    ['width only, after the text', `${footer}<p><img src="${QR}" width="180"></p>`],
    ['larger than 300 px, after the text', `${footer}<p><img src="${QR}" data-size="430,430"></p>`],
    ['square by width and height, before the text', `<p><img src="${QR}" width="360" height="360"></p>${footer}`],
    ['declared in its URL, before a split footer', `<p><img src="${QR.replace('.png', '_258x258.png')}"></p><p>找记者,求报道,求帮助,</p><p>下载「齐鲁壹点」APP,记者在线等你!</p>`],
  ])('%s: removed and recorded', (_name, tail) => {
    const { images, removed } = clean(BODY + tail);
    expect(images).toEqual([]);
    expect(removed.some((r) => r.reason === 'promo QR code' && r.src?.startsWith(QR.replace('.png', '')))).toBe(true);
  });

  it('keeps a wide article photo right before the footer', () => {
    const { images } = clean(`${BODY}<p><img src="${PHOTO}" data-size="900,600"></p>${footer}<p><img src="${QR}" data-size="180,180"></p>`);
    expect(images).toEqual([PHOTO]);
  });

  it('keeps an article photo of unknown height drawn wide next to the footer', () => {
    const { images } = clean(`${BODY}<p><img src="${PHOTO}" width="640"></p>${footer}`);
    expect(images).toEqual([PHOTO]);
  });

  it('keeps a square article photo far from the footer', () => {
    const { images } = clean(`<p><img src="${PHOTO}" data-size="400,400"></p>${BODY}${footer}<p><img src="${QR}" data-size="180,180"></p>`);
    expect(images).toEqual([PHOTO]);
  });
});

describe('trailing app calls after appended chrome', () => {
  it('are found once the feed and comments below them are gone', () => {
    const appended =
      '<p>更多精彩内容，请下载“齐鲁晚报”客户端。</p>' +
      '<div class="guess"><div class="hd">猜你喜欢</div><div class="it"><a href="/detail/1.html">另一篇文章的标题，讲的是别的事情</a><span>12评论</span></div><div class="it"><a href="/detail/2.html">还有一篇文章的标题，也是别的事</a><span>9评论</span></div></div>' +
      '<div class="talk"><h4>热门评论</h4><div><span>用户1234567</span><p>说得好，支持！</p><span>12赞</span></div><div><span>用户7654321</span><p>关注了</p><span>3赞</span></div></div>';
    const { text, removed } = clean(BODY + appended);
    expect(text).toContain('共计40天。');
    expect(text).not.toMatch(/齐鲁晚报”客户端|猜你喜欢|另一篇文章|说得好/);
    expect(removed.some((r) => r.reason === 'app download call' && /客户端/.test(r.text ?? ''))).toBe(true);
  });
});
