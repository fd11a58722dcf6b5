/**
 * Promotional text: site footers (齐鲁壹点's 找记者… paragraph and its QR code), the user's own
 * patterns, and calls to download an app at the article's end. Runs on Readability's output,
 * where text patterns no longer depend on the site's class names.
 */
import type { FooterRule } from '../sites/types';
import { compact, elementsByTag, hasDescendant, hasMedia, isBlock, squash } from './text';
import { dropContainer, keeps, removeNode, removeText } from './removals';
import type { Removal, RemovalCode } from './types';

export interface PromoPattern {
  pattern: RegExp;
  reason: string;
  /** What the UI calls it; a promotional text unless the rule says more (a site's footer pattern). */
  code?: RemovalCode;
}

/** A call to get an app or client; only removed at the article's end, never mid-article. */
const APP_MENTION = /(下载|安装|关注|搜索|打开)[^。！!]{0,30}?(APP|App|app|客户端)|应用(商店|市场)[^。]{0,20}(搜索|下载)/;
/**
 * What makes a mention of an app the publisher's own call rather than news: its client, an app
 * store, "more content", or a media outlet's name. "市民可下载“爱山东”APP预约" is news and stays.
 */
const PUBLISHER_HINT = /客户端|应用(商店|市场)|本文来自|更多|官方|“[^”]*(新闻|日报|晚报|早报|头条|壹点|报|视频|传媒)[^”]*”/;
const APP_CALL = { test: (text: string) => APP_MENTION.test(text) && PUBLISHER_HINT.test(text) };
export const isAppCall = (text: string): boolean => APP_CALL.test(text);
/** The platform's own words about what it hosts, below the article. */
export const DISCLAIMER = /仅代表.{0,12}(观点|立场)|不代表.{0,20}(观点|立场)|上传并发布|仅提供信息(发布|存储)|信息存储空间服务/;
/** How a trailing call opens when it shares a paragraph with the article's last words. */
const CALL_START = /^\s*[(（]|^\s*(更多|请|欢迎|敬请|下载|关注|搜索|应用|本文来自|打开)/;

/** Lines that belong to the article even below its last paragraph: credits and sources. */
const CREDIT_LINE =
  /^[【\[(（]?\s*(来源|编辑|责编|责任编辑|作者|记者|审核|审校|校对|监制|统筹|编审|值班编辑|原标题|文|图|通讯员|综合|本文来源|主编|编辑整理|实习生)\s*[:：|｜\s]|版权归原作者所有|向原创致敬/;

/** Leaf blocks: blocks with no block inside, plus loose images and text directly under root. */
function leafBlocks(root: Element): Element[] {
  const all = elementsByTag(root, '*');
  // One pass marking the ancestors of every block: asking each block for its own descendants
  // made this quadratic on long articles.
  const hasBlockInside = new Set<Element>();
  for (const el of all) {
    if (!isBlock(el)) continue;
    for (let p = el.parentElement; p && p !== root && !hasBlockInside.has(p); p = p.parentElement) hasBlockInside.add(p);
  }
  return all.filter((el) => isBlock(el) && !hasBlockInside.has(el));
}

function textNodes(el: Element): Text[] {
  const out: Text[] = [];
  const walker = el.ownerDocument.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) out.push(node as Text);
  return out;
}

/** The size the page declares: `data-size`, both attributes, or a size written in the image's URL. */
function imageSize(img: Element): [number, number] | undefined {
  const ds = /^\s*(\d+)\s*[,x×]\s*(\d+)\s*$/.exec(img.getAttribute('data-size') ?? '');
  if (ds) return [Number(ds[1]), Number(ds[2])];
  const w = Number(img.getAttribute('width'));
  const h = Number(img.getAttribute('height'));
  if (w > 0 && h > 0) return [w, h];
  const src = img.getAttribute('src') ?? '';
  const inUrl = /[?&]w(?:idth)?=(\d+)&h(?:eight)?=(\d+)|\/w\/(\d+)\/h\/(\d+)|[_-](\d{2,4})x(\d{2,4})\.\w+(?:$|\?)/.exec(src);
  if (inUrl) {
    const [a, b] = inUrl.slice(1).filter(Boolean).map(Number);
    if (a && b) return [a, b];
  }
  return undefined;
}

/**
 * A QR code's shape: square, at any size (they are drawn at 180 px or 430 px alike). Callers only
 * ask beside a promo. Of an image whose shape is not declared, a small width alone (`width="180"`)
 * counts; an article photo declares itself wide or tall, or is drawn wider than a QR code.
 */
function looksLikeQr(img: Element, unknownIsQr: boolean): boolean {
  const size = imageSize(img);
  if (size) {
    const [w, h] = size;
    return Math.abs(w - h) <= Math.max(w, h) * 0.1;
  }
  if (unknownIsQr) return true;
  const w = Number(img.getAttribute('width'));
  return w > 0 && w <= 300;
}

function isImageOnly(el: Element): boolean {
  return (compact(el.textContent) === '' && hasDescendant(el, 'img')) || el.tagName === 'IMG';
}

function nextBlock(el: Element, dir: 'next' | 'prev'): Element | null {
  let n = dir === 'next' ? el.nextElementSibling : el.previousElementSibling;
  while (n && compact(n.textContent) === '' && !hasMedia(n)) n = dir === 'next' ? n.nextElementSibling : n.previousElementSibling;
  return n;
}

function removeQrImages(scope: Element, removed: Removal[], unknownIsQr: boolean): void {
  const imgs = scope.tagName === 'IMG' ? [scope] : elementsByTag(scope, 'img');
  for (const img of imgs) {
    if (!looksLikeQr(img, unknownIsQr)) continue;
    removeNode(removed, img, { step: 'promo', code: 'promo-qr', reason: 'promo QR code', src: img.getAttribute('src') ?? '' });
  }
}

/**
 * Removes `match` from `block`: the whole block when nothing else is in it, else just the text.
 * A promo's QR code stands in the same block or in an image-only block right beside it.
 */
type QrScope = 'none' | 'inside' | 'around';

/** False when the user keeps this text (an exception): then nothing is removed. */
function removeMatch(block: Element, start: number, end: number, what: { code: RemovalCode; reason: string }, removed: Removal[], qr: QrScope): boolean {
  const raw = textNodes(block).map((t) => t.data).join('');
  const rest = raw.slice(0, start) + raw.slice(end);
  if (!removeText(removed, block, start, end, { step: 'promo', ...what, text: squash(raw.slice(start, end)) })) return false;
  if (qr !== 'none') removeQrImages(block, removed, true);
  if (qr === 'around') {
    for (const dir of ['next', 'prev'] as const) {
      const side = nextBlock(block, dir);
      if (side && isImageOnly(side)) removeQrImages(side, removed, false);
    }
  }
  if (/^[\s\p{P}]*$/u.test(rest) && !hasDescendant(block, 'img')) dropContainer(removed, block);
  return true;
}

/** Site and user patterns, wherever they stand. */
export function removePromoPatterns(root: Element, patterns: PromoPattern[], removed: Removal[]): void {
  if (!patterns.length) return;
  for (const block of leafBlocks(root)) {
    for (const { pattern, reason, code = 'promo-text' } of patterns) {
      if (!block.isConnected && block.parentNode === null) break;
      const raw = textNodes(block).map((t) => t.data).join('');
      const m = pattern.exec(raw);
      if (m && m[0].length > 0) removeMatch(block, m.index, m.index + m[0].length, { code, reason }, removed, 'around');
    }
  }
}

/** Text of a block as its text nodes hold it, offsets matching deleteTextRange. */
function rawText(block: Element): string {
  return textNodes(block).map((t) => t.data).join('');
}

/**
 * Footers recognised by their parts rather than their sentence: the anchor in one block, the rest
 * of that block and the short blocks right after it that continue it, as long as the whole holds
 * every required part. Its QR code may stand in those blocks or in an image-only block right
 * before or after them.
 */
export function removeFooters(root: Element, footers: FooterRule[], removed: Removal[]): void {
  const text = root.textContent ?? '';
  footers = footers.filter((f) => f.anchor.test(text));
  if (!footers.length) return;
  const blocks = leafBlocks(root);
  for (const footer of footers) {
    for (let i = 0; i < blocks.length; i++) {
      const block = blocks[i]!;
      if (!root.contains(block)) continue;
      const raw = rawText(block);
      const m = footer.anchor.exec(raw);
      if (!m) continue;
      const parts = [block];
      let text = raw.slice(m.index);
      for (let j = i + 1; j < blocks.length; j++) {
        const next = blocks[j]!;
        const t = squash(next.textContent);
        if (t === '') {
          if (hasMedia(next)) break;
          continue;
        }
        if (compact(t).length > 160 || CREDIT_LINE.test(t) || !footer.part.test(t)) break;
        parts.push(next);
        text += t;
      }
      if (!footer.required.every((re) => re.test(text))) continue;
      // A footer the user keeps (an exception) keeps its QR code too: ask before anything goes.
      const what = { code: 'promo-footer', reason: footer.reason } as const;
      if (keeps(removed, { step: 'promo', ...what, text: squash(raw.slice(m.index)) })) continue;
      const before = nextBlock(parts[0]!, 'prev');
      const after = nextBlock(parts[parts.length - 1]!, 'next');
      for (const part of parts) removeQrImages(part, removed, false);
      removeMatch(block, m.index, raw.length, what, removed, 'none');
      for (const part of parts.slice(1)) removeMatch(part, 0, rawText(part).length, what, removed, 'none');
      for (const side of [before, after]) if (side && isImageOnly(side)) removeQrImages(side, removed, false);
    }
  }
}

/** The trailing sentences of `text` that call to download an app, as a start offset; -1 if none. */
function trailingAppCall(text: string): number {
  const trimmed = text.replace(/\s+$/, '');
  // A closing parenthetical: `(本文来自澎湃新闻，更多原创资讯请下载“澎湃新闻”APP)`.
  const paren = /[(（][^()（）]*[)）]$/.exec(trimmed);
  if (paren && APP_CALL.test(paren[0])) return paren.index;
  // Otherwise whole sentences from the end, while each is a call to download.
  const sentences = trimmed.match(/[^。！!？?\n]+[。！!？?…~～]*\s*/g) ?? [];
  let cut = trimmed.length;
  for (let i = sentences.length - 1; i >= 0; i--) {
    const s = sentences[i] ?? '';
    if (!APP_CALL.test(s) && !/^[\s\p{P}]*$/u.test(s)) break;
    cut -= s.length;
  }
  return cut < trimmed.length && APP_CALL.test(trimmed.slice(cut)) ? cut : -1;
}

const APP_CALL_REMOVAL = { code: 'app-download-call', reason: 'app download call' } as const;

/** Calls to download an app below the last paragraph of the article proper. */
export function removeTrailingAppCalls(root: Element, removed: Removal[]): void {
  for (const block of leafBlocks(root).reverse()) {
    const text = squash(block.textContent);
    if (text === '' || (CREDIT_LINE.test(text) && text.length <= 80)) continue;
    const raw = textNodes(block).map((t) => t.data).join('');
    // The platform's disclaimer, once the appended feed and comments below it are gone.
    if (DISCLAIMER.test(text) && compact(text).length <= 200 && !hasDescendant(block, 'img')) {
      removeMatch(block, 0, raw.length, { code: 'platform-disclaimer', reason: 'platform disclaimer' }, removed, 'none');
      continue;
    }
    // A short paragraph that opens with a call to download is a call as a whole, whatever it adds.
    const firstSentence = /^[^。！!？?]*[。！!？?]?/.exec(text)?.[0] ?? '';
    const cut = text.length <= 150 && APP_CALL.test(firstSentence) ? 0 : trailingAppCall(raw);
    if (cut === 0 && text.length <= 300) {
      // A call the user keeps is where the article ends for this step.
      if (!removeMatch(block, 0, raw.length, APP_CALL_REMOVAL, removed, 'inside')) return;
      continue;
    }
    // The article's last real paragraph may still end with the call: cut that and stop.
    if (cut > 0 && CALL_START.test(raw.slice(cut))) removeMatch(block, cut, raw.length, APP_CALL_REMOVAL, removed, 'none');
    return;
  }
}

/** Compiles the user's patterns (validated by the settings schema). */
export function userPromoPatterns(patterns: string[], compile: (p: string) => RegExp | null): PromoPattern[] {
  return patterns.flatMap((p) => {
    const re = compile(p);
    return re ? [{ pattern: re, reason: 'custom promo pattern', code: 'custom-promo' as const }] : [];
  });
}

/** Empty blocks and stray line breaks left behind by removals. */
export function removeEmptyBlocks(root: Element, removed: Removal[]): void {
  let count = 0;
  const all = elementsByTag(root, '*').reverse();
  for (const el of all) {
    if (!isBlock(el) && el.tagName !== 'SPAN' && el.tagName !== 'STRONG' && el.tagName !== 'B' && el.tagName !== 'EM') continue;
    if (compact(el.textContent) !== '' || hasMedia(el)) continue;
    dropContainer(removed, el);
    count++;
  }
  if (count) removed.push({ step: 'empty', code: 'empty-blocks', params: { count }, reason: `${count} empty block${count > 1 ? 's' : ''}` });
}

/** Zero-width characters, which break search, copy and Markdown emphasis. */
export function scrubZeroWidth(root: Element, removed: Removal[]): void {
  // Most articles have none: one look at the whole text spares a walk over every text node.
  if (!/[\u200b-\u200d\u2060\ufeff]/.test(root.textContent ?? '')) return;
  let count = 0;
  for (const node of textNodes(root)) {
    const cleaned = node.data.replace(/[\u200b-\u200d\u2060\ufeff]/g, () => {
      count++;
      return '';
    });
    if (cleaned !== node.data) node.data = cleaned;
  }
  if (count) removed.push({ step: 'zero-width', code: 'zero-width', params: { count }, reason: `${count} zero-width character${count > 1 ? 's' : ''}` });
}
