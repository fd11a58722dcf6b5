/**
 * Builds the drift fixtures (tests/fixtures/drift/): real archive articles from the corpus put in
 * templates that have drifted the way sites drift, each page with what the pipeline must keep and
 * what must go. Reproducible: the same seed gives the same pages.
 *
 *   npx tsx scripts/make-drift-fixtures.ts [--seed 1] [--prefix ""] [--per-case 5] [--corpus DIR] [--out DIR]
 *
 * Cases: (a) redesign, the content root wraps title, meta line, disclaimer and related links;
 * (b) saved after scripts, a feed and comments appended inside the body container, with app calls;
 * (c) link lists in the middle and at the end; (d) the Qilu footer split over two blocks,
 * reworded; (e) QR codes of every shape and position next to the footer, with article images near.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { parse as parseYaml } from 'yaml';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const SEED = Number(args.get('seed') ?? 1);
const PREFIX = args.get('prefix') ?? '';
const PER_CASE = Number(args.get('per-case') ?? 5);
const CORPUS = args.get('corpus') ?? '/work/shared/corpus/posts';
const OUT = args.get('out') ?? join(import.meta.dirname, '..', 'tests', 'fixtures', 'drift');

/** mulberry32: small, seedable, the same sequence everywhere. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(SEED * 7919 + 17);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
function shuffle<T>(xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Post {
  id: string;
  title: string;
  date: Date;
  /** Article blocks: the text of a paragraph, or an image. */
  blocks: ({ kind: 'text'; html: string; text: string } | { kind: 'img'; src: string; size?: string })[];
}

const PROXY = 'https://cors.zfour.workers.dev/?';

function readPost(file: string): Post | null {
  const raw = readFileSync(file, 'utf8');
  const fm = /^\s*---\n([\s\S]*?)\n---\n/.exec(raw);
  if (!fm) return null;
  const front = parseYaml(fm[1]!) as { title?: unknown; date?: unknown };
  const title = String(front.title ?? '').trim();
  const date = new Date(String(front.date ?? ''));
  const body = raw.slice(fm[0].length);
  const doc = new JSDOM(`<body>${body}</body>`).window.document;
  const blocks: Post['blocks'] = [];
  for (const p of Array.from(doc.querySelectorAll('body > div > p, body > p'))) {
    // The archive kept the Qilu footer in some posts: the fixtures add their own.
    if (/找记者\s*[、,，]\s*求报道/.test(p.textContent ?? '')) continue;
    for (const img of Array.from(p.querySelectorAll('img'))) {
      blocks.push({ kind: 'img', src: (img.getAttribute('src') ?? '').replace(PROXY, ''), size: img.getAttribute('data-size') ?? undefined });
      img.remove();
    }
    for (const a of Array.from(p.querySelectorAll('[referrerpolicy]'))) a.removeAttribute('referrerpolicy');
    const text = (p.textContent ?? '').replace(/[\s\u00a0\u3000]+/g, ' ').trim();
    if (text) blocks.push({ kind: 'text', html: p.innerHTML.trim(), text });
  }
  const texts = blocks.filter((b) => b.kind === 'text');
  // Qilu's 情报站 roundups end in their own call to the app (a promo by the golden set's reading,
  // kept text by the archive's): which is right there is not what these fixtures test.
  if (texts.some((b) => /找记者/.test(b.text))) return null;
  if (!title || isNaN(date.getTime()) || texts.length < 4) return null;
  return { id: file.replace(/.*\//, '').replace(/\.md$/, ''), title, date, blocks };
}

const POSTS = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.md'))
  .sort()
  .map((f) => readPost(join(CORPUS, f)))
  .filter((p): p is Post => p !== null);
const TITLES = POSTS.map((p) => p.title);

// ---------------------------------------------------------------- chrome texts, varied per page

const RELATED_HEADINGS = ['相关推荐', '相关阅读', '延伸阅读', '推荐阅读', '热门推荐', '更多精彩', '相关新闻', '往期回顾'];
const FEED_HEADINGS = ['猜你喜欢', '为你推荐', '热门推荐', '大家都在看', '更多精彩'];
const COMMENT_HEADINGS = ['热门评论', '网友评论', '最新评论', '全部评论（NN）', '评论 NN', '精彩评论'];
const COMMENTS = [
  '说得好，支持！', '关注了', '小编辛苦了', '说的太对了，转发给家里人看看', '早该这样了', '身边也有这样的事', '看完了，有点感动',
  '希望越来越好', '点赞！', '这个必须支持一下', '我们这里也是这样', '有没有人知道具体在哪里？', '第一次见到这种情况', '太不容易了',
];
const NICKS = [() => `用户${int(1000000, 9999999)}`, () => `趣友_${int(100, 9999)}`, () => `壹点网友${int(1000, 99999)}`, () => `手机用户${int(10000, 99999)}`];
const DISCLAIMERS = [
  '本文为趣头条号作者或机构上传并发布，仅代表该作者或机构观点，不代表趣头条的观点或立场，趣头条仅提供信息发布平台。',
  '声明：本文由入驻平台的作者撰写，仅代表作者本人观点，不代表本站立场。',
  '免责声明：本文内容由用户上传并发布，平台仅提供信息存储空间服务，不代表平台观点或立场。',
];
const APP_CALLS = [
  '（本文来自澎湃新闻，更多原创资讯请下载“澎湃新闻”APP）',
  '更多精彩内容，请下载“齐鲁晚报”客户端。',
  '欢迎下载“大众日报”客户端，获取更多本地资讯。',
  '更多新闻请在各大应用市场搜索下载“新京报”APP。',
];
const CHROME_APP_CALLS = ['打开趣头条APP，查看更多精彩评论', '下载趣头条客户端，看更多热门资讯', '打开齐鲁壹点APP，阅读体验更佳，更多评论等你来看'];
const CLASS = {
  body: ['article-body', 'txt', 'rich-text', 'detail-body', 'main-text'],
  meta: ['meta', 'article-info', 'sub-title', 'pub-line', 'attr'],
  disclaimer: ['statement', 'declare', 'tip-box', 'copyright-note', 'shengming'],
  related: ['related', 'rel-list', 'xgyd', 'more-news', 'tuijian'],
  feed: ['feed', 'guess', 'rec-stream', 'list-more', 'cai-ni'],
  comment: ['comment', 'pinglun', 'talk-area', 'reply-box', 'discuss'],
};

function dateText(d: Date, style: number): string {
  const local = new Date(d.getTime() + 8 * 3600 * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  const [y, mo, da, h, mi] = [local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate(), local.getUTCHours(), local.getUTCMinutes()];
  return [`${y}-${p(mo)}-${p(da)} ${p(h)}:${p(mi)}`, `${y}年${mo}月${da}日 ${p(h)}:${p(mi)}`, `${p(mo)}-${p(da)} ${p(h)}:${p(mi)}`][style % 3]!;
}

function otherTitles(post: Post, n: number): string[] {
  return shuffle(TITLES.filter((t) => t !== post.title)).slice(0, n);
}

// ---------------------------------------------------------------- what a page must keep and lose

interface Expected {
  url: string;
  site: 'qutoutiao' | 'qilu';
  case: string;
  source: string;
  title: string;
  recoverable: boolean;
  blocks: string[];
  images: string[];
  /** Texts that must not be left in the body. */
  gone: string[];
  /** Images that must not be left (QR codes, feed thumbnails). */
  goneImages: string[];
  /** Each must be found among the recorded removals. */
  removals: { text?: string; src?: string }[];
}

type Template = 'qutoutiao' | 'qilu';

function url(template: Template, post: Post): string {
  const d = new Date(post.date.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10).replace(/-/g, '/');
  const n = 1600000000 + Number(post.id) * 7919;
  return template === 'qutoutiao' ? `http://html2.qktoutiao.com/detail/${d}/${n}.html` : `https://www.ql1d.com/general/${22000000 + Number(post.id) * 131}.html`;
}

function imgTag(template: Template, b: { src: string; size?: string }): string {
  const size = b.size ? ` data-size="${b.size}"` : '';
  return template === 'qutoutiao' ? `<img${size} data-src="${b.src}">` : `<img${size} src="${b.src}">`;
}

/** The article as paragraphs; `linkIn` wraps a few words of one paragraph in a link. */
function articleHtml(template: Template, post: Post, opts: { linkIn?: number } = {}): string[] {
  let n = 0;
  return post.blocks.map((b) => {
    if (b.kind === 'img') return `<p>${imgTag(template, b)}</p>`;
    let html = b.html;
    if (opts.linkIn === n++ && !/<a\b/.test(html)) {
      // Only a few words of a long paragraph: the paragraph stays, link and all.
      const m = /^([^<]{4,}?)([^<]{6})/.exec(html);
      if (m) html = `${m[1]}<a href="https://www.baidu.com/s?wd=${encodeURIComponent(m[2]!)}">${m[2]}</a>${html.slice(m[0].length)}`;
    }
    return `<p>${html}</p>`;
  });
}

function expectedBase(template: Template, post: Post, kase: string, source: string): Expected {
  return {
    url: url(template, post),
    site: template,
    case: kase,
    source,
    title: post.title,
    recoverable: true,
    blocks: post.blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : [])),
    images: post.blocks.flatMap((b) => (b.kind === 'img' ? [b.src] : [])),
    gone: [],
    goneImages: [],
    removals: [],
  };
}

/** A page around the content root; `inRoot` is the root's inner HTML, `around` what the page adds after. */
function page(template: Template, post: Post, head: { meta: string; rootClass: string; inRoot: string; titleInside: boolean; after?: string }): string {
  const pageUrl = url(template, post);
  const title = esc(post.title);
  const headHtml = `<!-- saved from url=(${String(pageUrl.length).padStart(4, '0')})${pageUrl} -->
<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${title}</title>
</head>
<body>
`;
  if (template === 'qutoutiao') {
    const heading = head.titleInside ? '' : `<h1>${title}</h1>\n<div class="info">${head.meta}</div>\n`;
    return `${headHtml}<div class="top-bar"><a class="open-app" href="https://new.3qtt.cn/app">打开趣头条，阅读体验更佳</a></div>
<div class="article">
${heading}<div class="${head.rootClass}">
${head.inRoot}
</div>
</div>
${head.after ?? ''}
</body>
</html>
`;
  }
  const heading = head.titleInside ? '' : `<h1 class="news-title">${title}</h1>\n<div class="news-origin">${head.meta}</div>\n`;
  return `${headHtml}<div class="header"><a class="logo" href="https://www.ql1d.com/">齐鲁壹点</a><ul class="nav"><li><a href="#">首页</a></li><li><a href="#">新闻</a></li></ul></div>
<div class="main"><div class="news-detail">
${heading}<article><div class="${head.rootClass}">
${head.inRoot}
</div></article>
</div></div>
${head.after ?? ''}
<div class="footer">Copyright © 齐鲁晚报·齐鲁壹点 版权所有</div>
</body>
</html>
`;
}

const SOURCES = ['齐鲁晚报', '封面新闻', '新京报', '澎湃新闻', '中国新闻网', '央视新闻'];

function metaLine(template: Template, source: string, post: Post): { html: string; text: string } {
  const d = dateText(post.date, int(0, 2));
  const extra = pick(['', ` 阅读 ${int(1000, 90000)}`, ` ${int(10, 900)}评论`]);
  const text = `${pick(['', '来源：'])}${source} ${d}${extra}`;
  if (template === 'qutoutiao') return { html: esc(text), text };
  const rest = text.replace(` ${d}`, '');
  return { html: `<span>${esc(rest)}</span><span>${d}</span>`, text: `${rest} ${d}` };
}

function relatedList(titles: string[], heading: string | null, style: number, cls: string): string {
  const base = 'https://example-news.cn';
  const items = titles.map((t, i) => ({ t: esc(t), href: `${base}/a/${1000 + i}.html` }));
  const h = heading ? esc(heading) : '';
  switch (style % 4) {
    case 0:
      return `<div class="${cls}">${h ? `<h3>${h}</h3>` : ''}<ul>${items.map((x) => `<li><a href="${x.href}">${x.t}</a></li>`).join('')}</ul></div>`;
    case 1:
      return `${h ? `<p><strong>${h}</strong></p>` : ''}${items.map((x) => `<p><a href="${x.href}">${x.t}</a></p>`).join('')}`;
    case 2:
      return `<div class="${cls}">${h ? `<div class="hd">${h}：</div>` : ''}${items.map((x) => `<div class="item"><a href="${x.href}"><span>${x.t}</span></a><span class="n">${int(100, 9000)}阅读</span></div>`).join('')}</div>`;
    default:
      return `${h ? `<p>${h}：</p>` : ''}<ul>${items.map((x) => `<li><a href="${x.href}">${x.t}</a></li>`).join('')}</ul>`;
  }
}

function feed(titles: string[], heading: string, cls: string, withImages: boolean): { html: string; images: string[] } {
  const images: string[] = [];
  const items = titles.map((t, i) => {
    const img = withImages ? `http://static.1sapp.com/qupost/img/feed/${SEED}${i}${int(100000, 999999)}.jpeg` : '';
    if (img) images.push(img);
    return `<div class="${cls}-item"><a href="/detail/2022/01/0${i + 1}/${int(100000, 999999)}.html">${img ? `<img data-src="${img}" data-size="200,150">` : ''}<p class="t">${esc(t)}</p></a><span class="src">${pick(SOURCES)}</span><span class="cnt">${int(2, 900)}评论</span></div>`;
  });
  return { html: `<div class="${cls}"><div class="${cls}-title">${esc(heading)}</div>${items.join('')}</div>`, images };
}

function comments(cls: string, n: number): { html: string; texts: string[]; heading: string } {
  const heading = pick(COMMENT_HEADINGS).replace('NN', String(int(5, 300)));
  const texts = shuffle(COMMENTS).slice(0, n);
  const items = texts.map((t) => `<div class="${cls}-item"><span class="nick">${pick(NICKS)()}</span><p class="txt">${esc(t)}</p><span class="time">${int(1, 23)}小时前</span><span class="zan">${int(2, 300)}赞</span><span class="re">回复</span></div>`);
  return { html: `<div class="${cls}"><h4>${esc(heading)}</h4>${items.join('')}<div class="${cls}-more">查看全部评论</div></div>`, texts, heading };
}

// ---------------------------------------------------------------- the cases

type Built = { html: string; expected: Expected };

function caseRedesign(post: Post, template: Template, i: number): Built {
  const source = pick(SOURCES);
  const exp = expectedBase(template, post, 'redesign', source);
  const meta = metaLine(template, source, post);
  const related = otherTitles(post, int(3, 6));
  const heading = pick(RELATED_HEADINGS);
  const disclaimer = pick(DISCLAIMERS);
  const body = articleHtml(template, post).join('');
  const wrapBody = i % 2 === 0;
  const parts = [
    `<h1 class="${pick(['title', 'art-title', 'hd'])}">${esc(post.title)}</h1>`,
    `<div class="${pick(CLASS.meta)}">${meta.html}</div>`,
    wrapBody ? `<div class="${pick(CLASS.body)}">${body}</div>` : body,
  ];
  const tail = shuffle([`<div class="${pick(CLASS.disclaimer)}">${esc(disclaimer)}</div>`, relatedList(related, heading, i, pick(CLASS.related))]);
  const rootClass = template === 'qutoutiao' ? 'content' : 'news-content';
  exp.gone.push(meta.text, disclaimer, heading, ...related);
  exp.removals.push({ text: meta.text }, { text: disclaimer }, { text: related[0] });
  return { html: page(template, post, { meta: meta.html, rootClass, inRoot: [...parts, ...tail].join('\n'), titleInside: true }), expected: exp };
}

function caseSavedAfterScripts(post: Post, template: Template, i: number): Built {
  const source = pick(SOURCES);
  const exp = expectedBase(template, post, 'saved-after-scripts', source);
  const meta = metaLine(template, source, post);
  const feedCls = pick(CLASS.feed);
  const f = feed(otherTitles(post, int(4, 7)), pick(FEED_HEADINGS), feedCls, i % 2 === 0);
  const c = comments(pick(CLASS.comment), int(3, 6));
  const call = pick(APP_CALLS);
  const chromeCall = pick(CHROME_APP_CALLS);
  // The article's own call sits at its end, before what the scripts appended; the page's call after them.
  const callBefore = i % 3 !== 1;
  const callAfter = i % 3 !== 0;
  const blocks = articleHtml(template, post);
  const inRoot = [
    ...blocks,
    callBefore ? `<p>${esc(call)}</p>` : '',
    i % 2 === 0 ? f.html + c.html : c.html + f.html,
    callAfter ? `<div class="${pick(['open-app', 'dl-bar', 'app-tip'])}"><a href="https://new.3qtt.cn/app">${esc(chromeCall)}</a></div>` : '',
  ].join('\n');
  const rootClass = template === 'qutoutiao' ? 'content' : 'normal-news-content';
  const titles = Array.from(f.html.matchAll(/<p class="t">([^<]*)</g), (m) => m[1]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"'));
  exp.gone.push(...titles, ...c.texts, c.heading);
  exp.goneImages.push(...f.images);
  exp.removals.push({ text: titles[0] }, { text: c.texts[0] });
  if (callBefore) {
    exp.gone.push(call);
    exp.removals.push({ text: call });
  }
  if (callAfter) {
    exp.gone.push(chromeCall);
    exp.removals.push({ text: chromeCall });
  }
  return { html: page(template, post, { meta: meta.html, rootClass, inRoot, titleInside: false }), expected: exp };
}

function caseLinkLists(post: Post, template: Template, i: number): Built {
  const source = pick(SOURCES);
  const exp = expectedBase(template, post, 'link-lists', source);
  const meta = metaLine(template, source, post);
  const textIdx = post.blocks.map((b, k) => (b.kind === 'text' ? k : -1)).filter((k) => k >= 0);
  const linkIn = int(0, textIdx.length - 1);
  const blocks = articleHtml(template, post, { linkIn });
  const [mid, end] = [otherTitles(post, int(2, 4)), otherTitles(post, int(3, 5))];
  const midHeading = i % 4 === 3 ? null : pick(RELATED_HEADINGS);
  const endHeading = pick(RELATED_HEADINGS);
  const at = Math.max(1, Math.floor(blocks.length / 2) + int(-1, 1));
  blocks.splice(at, 0, relatedList(mid, midHeading, i + 1, pick(CLASS.related)));
  blocks.push(relatedList(end, endHeading, i + 2, pick(CLASS.related)));
  exp.gone.push(...mid, ...end, endHeading, ...(midHeading ? [midHeading] : []));
  exp.removals.push({ text: mid[0] }, { text: end[0] });
  const rootClass = template === 'qutoutiao' ? 'content' : 'normal-news-content';
  return { html: page(template, post, { meta: meta.html, rootClass, inRoot: blocks.join('\n'), titleInside: false }), expected: exp };
}

const QUOTES: [string, string][] = [['「', '」'], ['“', '”'], ['"', '"'], ['『', '』']];

/** A reworded Qilu footer in two parts; half- or full-width punctuation. */
function qiluFooter(): [string, string] {
  const [l, r] = pick(QUOTES);
  const half = rand() < 0.5;
  const c = half ? ',' : '，';
  const e = half ? '!' : '！';
  const sep = pick(['、', half ? ',' : '，']);
  const first = `找记者${sep}求报道${sep}求帮助${pick([c, '', half ? ':' : '：'])}`;
  const middles = [
    `各大应用市场下载${l}齐鲁壹点${r}APP或搜索微信小程序${l}壹点情报站${r}${c}全省600多位主流媒体记者在线等你来报料${e}`,
    `请到应用商店下载${l}齐鲁壹点${r}客户端${c}或在微信搜索小程序${l}壹点情报站${r}${c}记者24小时在线等你爆料${e}`,
    `打开${l}齐鲁壹点${r}APP${c}或微信搜索${l}壹点情报站${r}小程序${c}数百位记者随时为你服务${e}`,
    `下载${l}齐鲁壹点${r}APP${c}全省各地记者在线等你${e}`,
  ];
  return [first, pick(middles)];
}

function qrImage(variant: number): { tag: string; src: string } {
  const src = `http://static.1sapp.com/qupost/img/2022/qr/${SEED}${variant}${int(10000, 99999)}.png`;
  const tags = [
    `<img src="${src}" width="180">`,
    `<img data-size="430,430" src="${src}">`,
    `<img src="${src}" width="360" height="360">`,
    `<img data-size="180,180" src="${src}">`,
    `<img src="${src}" width="258" height="258">`,
  ];
  return { tag: tags[variant % tags.length]!, src };
}

function caseSplitFooter(post: Post, template: Template, i: number): Built {
  const source = pick(['齐鲁晚报', '齐鲁壹点']);
  const exp = expectedBase(template, post, 'split-footer', source);
  const meta = metaLine(template, source, post);
  const [a, b] = qiluFooter();
  const tags = ['p', 'p', 'div'];
  const t2 = pick(tags);
  const footer = `<p>${esc(a)}</p><${t2}>${esc(b)}${i % 2 === 0 ? `<img data-size="180,180" src="http://static.1sapp.com/qupost/img/2022/qr/split${SEED}${i}.png">` : ''}</${t2}>`;
  if (i % 2 === 0) {
    exp.goneImages.push(`http://static.1sapp.com/qupost/img/2022/qr/split${SEED}${i}.png`);
    exp.removals.push({ src: `http://static.1sapp.com/qupost/img/2022/qr/split${SEED}${i}.png` });
  }
  exp.gone.push(a, b);
  exp.removals.push({ text: a }, { text: b });
  const rootClass = template === 'qutoutiao' ? 'content' : 'normal-news-content';
  return { html: page(template, post, { meta: meta.html, rootClass, inRoot: [...articleHtml(template, post), footer].join('\n'), titleInside: false }), expected: exp };
}

function caseQr(post: Post, template: Template, i: number): Built {
  const source = pick(['齐鲁晚报', '齐鲁壹点']);
  const exp = expectedBase(template, post, 'qr', source);
  const meta = metaLine(template, source, post);
  const qr = qrImage(i);
  const qrBefore = i % 2 === 1;
  const [a, b] = qiluFooter();
  const footer = rand() < 0.5 ? `<p>${esc(a)}${esc(b)}</p>` : `<p>${esc(a)}</p><p>${esc(b)}</p>`;
  // An article photo right before the footer (wide), and a square one far from it.
  const photo = `http://static.1sapp.com/qupost/img/2022/photo/${SEED}${i}${int(1000, 9999)}.jpeg`;
  const photoTag = pick([`<img data-size="900,600" src="${photo}">`, `<img src="${photo}" width="640" height="427">`, `<img data-size="720,1080" src="${photo}">`]);
  const square = `http://static.1sapp.com/qupost/img/2022/photo/sq${SEED}${i}.jpeg`;
  const squarePost: Post = { ...post, blocks: [...post.blocks] };
  squarePost.blocks.splice(1, 0, { kind: 'img', src: square, size: pick(['400,400', '800,800']) });
  // The wide photo stands right before the footer text, or right before the QR that precedes it.
  const blocks = articleHtml(template, squarePost);
  blocks.push(`<p>${photoTag}</p>`);
  if (qrBefore) blocks.push(`<p>${qr.tag}</p>`);
  blocks.push(footer);
  if (!qrBefore) blocks.push(`<p>${qr.tag}</p>`);
  exp.images = [...squarePost.blocks.flatMap((b2) => (b2.kind === 'img' ? [b2.src] : [])), photo];
  exp.gone.push(a, b);
  exp.goneImages.push(qr.src);
  exp.removals.push({ text: a }, { src: qr.src });
  const rootClass = template === 'qutoutiao' ? 'content' : 'normal-news-content';
  return { html: page(template, post, { meta: meta.html, rootClass, inRoot: blocks.join('\n'), titleInside: false }), expected: exp };
}

const CASES: [string, (post: Post, template: Template, i: number) => Built][] = [
  ['a', caseRedesign],
  ['b', caseSavedAfterScripts],
  ['c', caseLinkLists],
  ['d', caseSplitFooter],
  ['e', caseQr],
];

mkdirSync(OUT, { recursive: true });
const order = shuffle(POSTS);
let next = 0;
for (const [letter, build] of CASES) {
  for (let i = 0; i < PER_CASE; i++) {
    const post = order[next++ % order.length]!;
    const template: Template = (i + SEED) % 2 === 0 ? 'qutoutiao' : 'qilu';
    const { html, expected } = build(post, template, i);
    const name = `${PREFIX}${letter}${i + 1}`;
    writeFileSync(join(OUT, `${name}.html`), html);
    writeFileSync(join(OUT, `${name}.expected.json`), JSON.stringify(expected, null, 2) + '\n');
  }
}
console.log(`wrote ${CASES.length * PER_CASE} pages to ${OUT} (seed ${SEED})`);
