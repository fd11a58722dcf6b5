/**
 * Page chrome that sits inside the article body once a site redesigns or its scripts have run:
 * lists of links to other articles (相关推荐, 延伸阅读, 猜你喜欢 …) and comment sections. They are
 * judged by what they are, never by class names (gone after Readability and the sanitizer):
 * a short heading of the known kind, then items that are links; or a run of blocks that are
 * mostly links. An article paragraph holding a link is text with a link in it, and stays.
 */
import { compact, elementsByTag, hasDescendant, isBlock, squash } from './text';
import { removeNode } from './removals';
import type { Removal } from './types';

/** Headings of link lists; what follows them is links to other articles. */
export const LIST_HEADING =
  /^[【\[「<《]?\s*(相关(推荐|阅读|新闻|文章|报道|链接|内容)|延伸阅读|推荐阅读|扩展阅读|猜你喜欢|热门(推荐|文章|新闻|阅读|资讯)|更多(精彩|阅读|推荐|新闻|资讯)|往期(回顾|推荐|精选|阅读)|精彩(推荐|阅读)|为你推荐|大家都在看|热点(新闻|推荐)|今日推荐|你可能(还)?(喜欢|感兴趣))\s*[】\]」>》]?\s*[:：>»]*$/;

/** Headings of comment sections: `热门评论`, `全部评论（12）`, `评论 35`, `共8条评论`. */
export const COMMENT_HEADING =
  /^([（(]?(热门|最新|全部|网友|精彩|最热|用户)?(评论|留言|跟帖)(区|列表)?\s*[（(]?\s*\d*\s*(条)?[)）]?|共\s*\d+\s*条(评论|留言))[:：]?$/;

/** Lines that close a comment section: `查看全部评论`, `展开更多回复`, `写评论…`. */
const COMMENT_TAIL = /^(查看|展开|加载|打开)?(全部|更多)?(\d+条)?(评论|回复|留言)|^写评论|^发表评论|^我来说两句/;

/** A comment's furniture: `121赞`, `回复`, `3小时前`. */
const COMMENT_FURNITURE = /\d+\s*(赞|点赞)|回复$|\d+\s*(分钟|小时|天)前/;

/** The words any of these headings holds: a body without them and without links has nothing to look at. */
const HEADING_WORDS =
  /相关(推荐|阅读|新闻|文章|报道|链接|内容)|延伸阅读|推荐阅读|扩展阅读|猜你喜欢|热门(推荐|文章|新闻|阅读|资讯)|更多(精彩|阅读|推荐|新闻|资讯)|往期|精彩(推荐|阅读)|为你推荐|大家都在看|热点(新闻|推荐)|今日推荐|你可能|评论|留言|跟帖/;

/**
 * Compact text per element for one pass: the checks below ask the same blocks for their text
 * several times, and jsdom walks the subtree each time.
 */
let memo: Map<Element, string> | null = null;
function ctext(el: Element): string {
  if (!memo) return compact(el.textContent);
  let t = memo.get(el);
  if (t === undefined) {
    t = compact(el.textContent);
    memo.set(el, t);
  }
  return t;
}

/** Runs `fn` with text memoised; a caller's removals only ever drop whole elements it no longer asks about. */
export function withTextMemo<T>(fn: () => T): T {
  const outer = memo;
  memo = outer ?? new Map();
  try {
    return fn();
  } finally {
    memo = outer;
  }
}

const MAX_ITEM_CHARS = 80;
const MAX_HEADING_CHARS = 16;

/** Characters of `el`'s text inside links. */
function linkedChars(el: Element): number {
  let n = 0;
  for (const a of elementsByTag(el, 'a')) {
    // Nested links count once.
    if (a.parentElement?.closest('a') && el.contains(a.parentElement.closest('a'))) continue;
    n += ctext(a).length;
  }
  return n;
}

/** A link to another article: a short block whose text is mostly one link's title. */
export function isLinkedItem(el: Element): boolean {
  const all = ctext(el);
  if (all.length === 0 || all.length > MAX_ITEM_CHARS) return false;
  const linked = linkedChars(el);
  if (linked === 0) return false;
  // A feed item's counters (`588评论`, `1.2万阅读`) are furniture, not text of its own.
  const counters = (all.match(ITEM_COUNTER) ?? []).join('').length;
  return linked >= (all.length - counters) * 0.6;
}

const ITEM_COUNTER = /\d+(\.\d+)?[万wW]?(评论|阅读|浏览|赞|次播放|人看过|条评论)/g;

function blockChildren(el: Element): Element[] {
  return Array.from(el.children).filter((c) => ctext(c) !== '' || hasDescendant(c, 'img'));
}

/** A list or container whose items are nearly all links to other articles. */
export function isLinkList(el: Element): boolean {
  if (!isBlock(el)) return false;
  const items = blockChildren(el);
  const headed = items.length > 0 && isHeading(items[0]!, LIST_HEADING);
  const rest = headed ? items.slice(1) : items;
  if (rest.length < (headed ? 1 : 2)) return false;
  if (!rest.every((c) => isLinkedItem(c) || isLinkList(c))) return false;
  const text = ctext(el).length;
  return linkedChars(el) >= text * (headed ? 0.5 : 0.7);
}

export function isHeading(el: Element, pattern: RegExp): boolean {
  const text = ctext(el);
  return text.length > 0 && text.length <= MAX_HEADING_CHARS && pattern.test(text);
}

/** A comment section under its heading: short lines, or lines with likes and replies. */
function isCommentItem(el: Element): boolean {
  const text = ctext(el);
  if (text === '') return !hasDescendant(el, 'img');
  return text.length <= 150 || COMMENT_FURNITURE.test(text);
}

/** The code in words is the reason (`link-list`: `link list`), as logs and tests read it. */
function record(removed: Removal[], code: 'comment-section' | 'link-list' | 'link-list-heading', els: Element[]): void {
  const text = squash(els.map((e) => e.textContent ?? '').join(' '));
  removeNode(removed, els, { step: 'link-list', code, reason: code.replace(/-/g, ' '), text: text.slice(0, 120) });
}

/**
 * Removes link lists and comment sections anywhere under `root`, each recorded. Returns how many
 * went, so a caller can tell whether the body changed.
 */
export function removeLinkLists(root: Element, removed: Removal[]): number {
  if (!hasDescendant(root, 'a') && !HEADING_WORDS.test(root.textContent ?? '')) return 0;
  return withTextMemo(() => removeFrom(root, removed));
}

function removeFrom(root: Element, removed: Removal[]): number {
  let count = 0;
  const walk = (container: Element): void => {
    const children = Array.from(container.children);
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (!child.isConnected && child.parentNode === null) continue;
      const section = commentRun(children, i);
      if (section) {
        record(removed, 'comment-section', section);
        i += section.length - 1;
        count++;
        continue;
      }
      if (isHeading(child, LIST_HEADING)) {
        const list: Element[] = [];
        for (let j = i + 1; j < children.length; j++) {
          const next = children[j]!;
          if (ctext(next) === '' && !hasDescendant(next, 'img')) continue;
          if (!isLinkedItem(next) && !isLinkList(next)) break;
          list.push(next);
        }
        if (list.length) {
          record(removed, 'link-list', [child, ...list]);
          i += list.length;
          count++;
          continue;
        }
      }
      if (isLinkList(child) || isCommentSection(child)) {
        record(removed, isLinkList(child) ? 'link-list' : 'comment-section', [child]);
        count++;
        continue;
      }
      // A heading-less run of two or more linked titles.
      if (isLinkedItem(child) && !isBlockContainer(child)) {
        const run = [child];
        for (let j = i + 1; j < children.length && isLinkedItem(children[j]!); j++) run.push(children[j]!);
        if (run.length >= 2) {
          record(removed, 'link-list', run);
          i += run.length - 1;
          count++;
          continue;
        }
      }
      if (isBlockContainer(child)) walk(child);
    }
  };
  walk(root);
  // A list heading whose list Readability dropped, left with no list under it: a heading of that
  // kind heads nothing in an article.
  for (const el of elementsByTag(root, '*').reverse()) {
    if (isBlock(el) && !isBlockContainer(el) && isHeading(el, LIST_HEADING)) {
      record(removed, 'link-list-heading', [el]);
      count++;
    }
  }
  return count;
}


/**
 * A comment heading at `i` and the comments under it. Comments come after the article, so the run
 * must reach the container's end or a link list; a heading mid-article (an article quoting what
 * readers said, under 网友评论) is followed by more article and is left alone.
 */
export function commentRun(children: Element[], i: number): Element[] | null {
  const heading = children[i];
  if (!heading || !isHeading(heading, COMMENT_HEADING)) return null;
  const section = [heading];
  let j = i + 1;
  for (; j < children.length && isCommentItem(children[j]!); j++) section.push(children[j]!);
  const next = children[j];
  if (next && !isLinkedItem(next) && !isLinkList(next)) return null;
  // Short lines alone could be an article's; comments carry likes, replies and times.
  const items = section.slice(1).filter((c) => !COMMENT_TAIL.test(ctext(c)));
  if (items.length && items.filter((c) => COMMENT_FURNITURE.test(ctext(c))).length * 2 < items.length) return null;
  return section;
}

export function isBlockContainer(el: Element): boolean {
  for (const c of Array.from(el.children)) if (isBlock(c)) return true;
  return false;
}

/** A container that opens with a comment heading and holds only comments. */
export function isCommentSection(el: Element): boolean {
  const items = blockChildren(el);
  const first = items[0];
  if (!first) return false;
  // The heading may sit one level down, in a title bar.
  const heading = isHeading(first, COMMENT_HEADING) || (first.children.length > 0 && isHeading(first.firstElementChild!, COMMENT_HEADING) && ctext(first) === ctext(first.firstElementChild!));
  if (!heading) return false;
  const comments = items.slice(1).filter((c) => !COMMENT_TAIL.test(ctext(c)));
  return comments.every(isCommentItem) && comments.filter((c) => COMMENT_FURNITURE.test(ctext(c))).length * 2 >= comments.length;
}
