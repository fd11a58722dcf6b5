import { describe, expect, it } from 'vitest';
import { clipArticleHtml, QUTOUTIAO_URL, qutoutiaoPage } from '../helpers';

const BYLINE = '<p>齐鲁晚报·齐鲁壹点 记者 王小涵</p>';
const LEAD = '<p>7月27日，省人社厅召开新闻发布会，介绍上半年就业、社保、人事人才、劳动关系等全省人力资源社会保障工作情况。</p>';
const LAST = '<p>提供创业支持。积极扶持毕业生创业，在公共创业孵化基地安排一定比例场地，优先向毕业生提供。</p>';
const FOOTER = '找记者、求报道、求帮助，各大应用市场下载“齐鲁壹点”APP或搜索微信小程序“壹点情报站”，全省600多位主流媒体记者在线等你来报料！';
const QR = 'http://static.1sapp.com/qupost/img/2021/07/27/e419ca4ddfa0378cfa6ac33a481e5ad8.png';
const QR_IMG = `<img data-size="180,180" data-src="${QR}">`;
const PHOTO = 'http://static.1sapp.com/qupost/img/2021/07/27/d7d34180af8319b0cc5cba0033ece10d.png';
const PHOTO_IMG = `<img data-size="720,305" data-src="${PHOTO}">`;

function clean(body: string, settings: Record<string, unknown> = {}) {
  const outcome = clipArticleHtml(qutoutiaoPage(BYLINE + LEAD + body), QUTOUTIAO_URL, settings);
  if (!outcome.ok) throw new Error(outcome.message);
  const { article } = outcome;
  return { article, text: article.content.textContent ?? '', srcs: article.images.map((i) => i.src) };
}

describe('Qilu promo footer, in whatever markup it arrives', () => {
  const variants: Record<string, string> = {
    'own paragraph, QR inside': `${LAST}<p>${FOOTER}${QR_IMG}</p>`,
    'QR in the next paragraph': `${LAST}<p>${FOOTER}</p><p>${QR_IMG}</p>`,
    'QR before the text': `${LAST}<p>${QR_IMG}</p><p>${FOOTER}</p>`,
    'wrapped in span and strong': `${LAST}<p><span><strong>${FOOTER}</strong></span>${QR_IMG}</p>`,
    'broken by <br>': `${LAST}<p>${FOOTER.replace('，各大', '，<br>各大').replace('，全省', '，<br>全省')}${QR_IMG}</p>`,
    'half-width punctuation': `${LAST}<p>${FOOTER.replace(/，/g, ',').replace(/、/g, ',').replace('！', '!')}${QR_IMG}</p>`,
    'followed by empty paragraphs': `${LAST}<p>${FOOTER}${QR_IMG}</p><p>&nbsp;</p><p><br></p><p></p>`,
  };
  for (const [name, body] of Object.entries(variants)) {
    it(`removes it: ${name}`, () => {
      const { article, text, srcs } = clean(body);
      expect(text).not.toContain('找记者');
      expect(text).not.toContain('报料');
      expect(srcs).not.toContain(QR);
      expect(article.removed.filter((r) => r.step === 'promo' && r.reason === 'qilu-footer')).toHaveLength(1);
      expect(article.removed.some((r) => r.step === 'promo' && r.src === QR)).toBe(true);
      // Everything of the article stays.
      expect(text).toContain('齐鲁晚报·齐鲁壹点 记者 王小涵');
      expect(text).toContain('提供创业支持');
      expect(article.content.querySelectorAll('p:empty')).toHaveLength(0);
    });
  }

  it('keeps the article text that shares the footer paragraph', () => {
    const { text } = clean(`<p>提供创业支持，优先向毕业生提供。<br>${FOOTER}</p>`);
    expect(text).toContain('提供创业支持，优先向毕业生提供。');
    expect(text).not.toContain('找记者');
  });

  it('keeps a square content photo that is not beside the footer', () => {
    const square = 'http://static.1sapp.com/qupost/img/2021/07/27/square.jpeg';
    const { srcs } = clean(`<p><img data-size="400,400" data-src="${square}"></p>${LAST}<p>${FOOTER}${QR_IMG}</p>`);
    expect(srcs).toEqual([square]);
  });

  it('keeps the large image after a trailing call, and the photo before the footer', () => {
    const { srcs } = clean(`<p>${PHOTO_IMG}</p>${LAST}<p>${FOOTER}</p><p>${QR_IMG}</p>`);
    expect(srcs).toEqual([PHOTO]);
  });
});

describe('calls to download an app at the article end', () => {
  it('removes a trailing 新黄河 client call but keeps the editor line after it', () => {
    const { article, text } = clean(`${LAST}<p>更多内容请关注新黄河客户端。应用商店搜索“新黄河”,下载安装，随时随地看新闻。</p><p>编辑：张三</p>`);
    expect(text).not.toContain('新黄河');
    expect(text).toContain('编辑：张三');
    expect(article.removed.some((r) => r.reason === 'app download call' && r.text?.includes('新黄河客户端'))).toBe(true);
  });

  it('removes a closing (本文来自澎湃新闻…APP) from the last paragraph and keeps its text', () => {
    const { text } = clean('<p>警方已对此事立案调查，案件正在进一步侦办中。(本文来自澎湃新闻，更多原创资讯请下载“澎湃新闻”APP)</p>');
    expect(text).toContain('案件正在进一步侦办中。');
    expect(text).not.toContain('澎湃新闻');
  });

  it('keeps a sentence about an app in the middle of the article', () => {
    const mid = '市民可下载“爱山东”APP办理社保业务，足不出户即可完成。';
    const { text, article } = clean(`<p>${mid}</p>${LAST}`);
    expect(text).toContain(mid);
    expect(article.removed.some((r) => r.step === 'promo')).toBe(false);
  });

  it('keeps a last paragraph about a public-service app, which is news', () => {
    const last = '<p>请市民下载“爱山东”APP预约办理，预约成功后按时前往。</p>';
    expect(clean(last).text).toContain('请市民下载“爱山东”APP预约办理');
  });

  it('keeps a last paragraph that only mentions an app in passing', () => {
    const last = '<p>他打开手机上的打车APP查看行程，发现司机绕了远路。</p>';
    expect(clean(last).text).toContain('他打开手机上的打车APP查看行程');
  });
});

describe('custom promo patterns from the settings', () => {
  it('removes plain-text and /regex/ patterns wherever they stand', () => {
    const body = `<p>欢迎关注本号，每天更新。</p>${LAST}<p>点击上方蓝字关注我们第12期</p>`;
    const { text, article } = clean(body, { promoPatterns: ['欢迎关注本号，每天更新。', '/点击上方蓝字关注我们第\\d+期/'] });
    expect(text).not.toContain('欢迎关注本号');
    expect(text).not.toContain('点击上方蓝字');
    expect(text).toContain('提供创业支持');
    expect(article.removed.filter((r) => r.reason === 'custom promo pattern')).toHaveLength(2);
  });
});
