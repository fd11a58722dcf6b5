import type { SiteRule } from '../types';

/**
 * 齐鲁壹点 (Qilu Evening News): `www.ql1d.com/general/ID.html`, `ql1d.com/news/show/id/ID.html`,
 * `m.ql1d.com/...`. Its articles are often reposted on Qutoutiao, recognised by the byline or the
 * footer below (`reposts`), and cleaned with this rule on top of Qutoutiao's.
 */
export const qilu: SiteRule = {
  id: 'qilu',
  label: { zh: '齐鲁壹点', en: 'Qilu' },
  hosts: ['*.ql1d.com'],
  isArticle: (url) => /\/(general|news\/show\/id|news|article|detail)\/[\w/-]*\d+(\.html?)?$/.test(url.pathname),
  imageHosts: ['*.ql1d.com'],
  reposts: {
    // Its byline or its footer, the two things a repost keeps.
    detect: [/齐鲁晚报\s*[·•・.]\s*齐鲁壹点/, /找记者\s*[、,，]\s*求报道/],
    applies: ['clean', 'lazyImageAttrs', 'promo', 'footers'],
  },
  fields: {
    title: { selectors: ['h1.news-title', '.news-detail h1', 'h1'] },
    published: { selectors: ['div.news-origin', '.news-time'], timeZone: 'Asia/Shanghai' },
    source: { selectors: ['div.news-origin span:first-child', 'div.news-origin'], pattern: /^\s*(.*?)\s*(?:\d{4}\s*[-/.年]|$)/ },
    content: { selectors: ['div.normal-news-content', '.news-content'] },
  },
  clean: [
    { selector: '.share-bar', reason: 'share buttons' },
    { selector: '.app-download', reason: 'app download box' },
  ],
  lazyImageAttrs: ['data-src', 'data-original'],
  // Its articles are short Chinese news inside a known root: a low threshold keeps one-paragraph flashes.
  readability: { charThreshold: 20 },
  promo: [
    {
      // `找记者、求报道、求帮助，各大应用市场下载“齐鲁壹点”APP或搜索微信小程序“壹点情报站”，全省600多位主流媒体记者在线等你来报料！`
      // in any punctuation width, broken by <br> or spans.
      pattern: /找记者\s*[、,，]\s*求报道\s*[、,，]\s*求帮助[\s\S]{0,120}?(?:报料|爆料)\s*[!！。.]?/,
      reason: 'qilu-footer',
      code: 'promo-footer',
    },
  ],
  footers: [
    {
      // The same footer reworded or split over two paragraphs (`找记者、求报道、求帮助,` / `下载「齐鲁壹点」APP…`):
      // its distinctive opening, the outlet's name and a call to its app or mini program.
      anchor: /找记者\s*[、,，]\s*求报道\s*[、,，]\s*求帮助/,
      required: [/齐鲁壹点/, /APP|App|app|客户端|小程序/],
      part: /齐鲁壹点|壹点情报站|情报站|应用(市场|商店)|报料|爆料|小程序|(下载|打开|搜索).{0,12}(APP|App|app|客户端)/,
      reason: 'qilu-footer',
    },
  ],
};
