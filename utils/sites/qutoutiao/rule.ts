import type { SiteRule } from '../types';

/** Qutoutiao's share pages (`html2.qktoutiao.com/detail/2021/07/27/1840579423.html`) and their mirrors. */
export const qutoutiao: SiteRule = {
  id: 'qutoutiao',
  label: { zh: '趣头条', en: 'Qutoutiao' },
  hosts: ['*.qktoutiao.com', '*.qutoutiao.net', 'html.shehuitu.com'],
  // static.1sapp.com serves the article images, also of the Qilu articles it reposts.
  imageHosts: ['*.1sapp.com', '*.qutoutiao.net'],
  isArticle: (url) => /\/detail\/\d{4}\/\d{2}\/\d{2}\/\d+\.html$/.test(url.pathname) || /\/(article|detail)\//.test(url.pathname),
  fields: {
    title: { selectors: ['div.article > h1', '.article h1', 'h1'] },
    // div.info reads `齐鲁晚报  2021-07-27 15:58`: the source, then the time.
    published: { selectors: ['div.article div.info', 'div.info'], timeZone: 'Asia/Shanghai' },
    source: { selectors: ['div.article div.info', 'div.info'], pattern: /^\s*(.*?)\s*(?:\d{4}\s*[-/.年]|$)/ },
    content: { selectors: ['div.article div.content', 'div.content'] },
  },
  clean: [
    { selector: '#img', reason: 'image placeholder' },
    { selector: '.statement', reason: 'platform disclaimer' },
  ],
  lazyImageAttrs: ['data-src', 'data-original'],
  // Its articles are short Chinese news inside a known root: a low threshold keeps one-paragraph flashes.
  readability: { charThreshold: 20 },
  promo: [],
};
