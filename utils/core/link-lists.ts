/**
 * Page chrome that sits inside the article body once a site redesigns or its scripts have run:
 * lists of links to other articles (相关推荐, 延伸阅读, 猜你喜欢 …) and comment sections. They are
 * judged by what they are, never by class names (gone after Readability and the sanitizer):
 * a short heading of the known kind, then items that are links; or a run of blocks that are
 * mostly links. An article paragraph holding a link is text with a link in it, and stays.
 */
import { compact, elementsByTag, hasDescendant, isBlock, squash } from './text';
import type { Removal } from './types';

/** Headings of link lists; what follows them is links to other articles. */
export const LIST_HEADING =
  /^[【\[「<《]?\s*(相关(推荐|阅读|新闻|文章|报道|链接|内容)|延伸阅读|推荐阅读|扩展阅读|猜你喜欢|热门(推荐|文章|新闻|阅读|资讯)|更多(精彩|阅读|推荐|新闻|资讯)|往期(回顾|推荐|精选|阅读)|精彩(推荐|阅读)|为你推荐|大家都在看|热点(新闻|推荐)|今日推荐|你可能(还)?(喜欢|感兴趣)|相关)\s*[】\]」>》]?\s*[:：>»]*$/;

/** Headings of comment sections: `热门评论`, `全部评论（12）`, `评论 35`, `共8条评论`. */
export const COMMENT_HEADING =
  /^([（(]?(热门|最新|全部|网友|精彩|最热|用户)?(评论|留言|跟帖)(区|列表)?\s*[（(]?\s*\d*\s*(条)?[)）]?|共\s*\d+\s*条(评论|留言))[:：]?$/;

/** Lines that close a comment section: `查看全部评论`, `展开更多回复`, `写评论…`. */
const COMMENT_TAIL = /^(查看|展开|加载|打开)?(全部|更多)?(\d+条)?(评论|回复|留言)|^写评论|^发表评论|^我来说两句/;

/** A comment's furniture: `121赞`, `回复`, `3小时前`. */
const COMMENT_FURNITURE = /\d+\s*(赞|点赞)|回复$|\d+\s*(分钟|小时|天)前/;

const MAX_ITEM_CHARS = 80;
const MAX_HEADING_CHARS = 16;

/** Characters of `el`'s text inside links. */
function linkedChars(el: Element): number {
  let n = 0;
  for (const a of elementsByTag(el, 'a')) {
    // Nested links count once.
    if (a.parentElement?.closest('a') && el.contains(a.parentElement.closest('a'))) continue;
    n += compact(a.textContent).length;
  }
  return n;
}

/** A link to another article: a short block whose text is mostly one link's title. */
export function isLinkedItem(el: Element): boolean {
  const text = compact(el.textContent).length;
  if (text === 0 || text > MAX_ITEM_CHARS) return false;
  return linkedChars(el) >= text * 0.6;
}

function blockChildren(el: Element): Element[] {
  return Array.from(el.children).filter((c) => compact(c.textContent) !== '' || hasDescendant(c, 'img'));
}

/** A list or container whose items are nearly all links to other articles. */
export function isLinkList(el: Element): boolean {
  if (!isBlock(el)) return false;
  const items = blockChildren(el);
  const headed = items.length > 0 && isHeading(items[0]!, LIST_HEADING);
  const rest = headed ? items.slice(1) : items;
  if (rest.length < (headed ? 1 : 2)) return false;
  if (!rest.every((c) => isLinkedItem(c) || isLinkList(c))) return false;
  const text = compact(el.textContent).length;
  return linkedChars(el) >= text * (headed ? 0.5 : 0.7);
}

export function isHeading(el: Element, pattern: RegExp): boolean {
  const text = squash(el.textContent);
  return text.length > 0 && compact(text).length <= MAX_HEADING_CHARS && pattern.test(text);
}

/** A comment section under its heading: short lines, or lines with likes and replies. */
function isCommentItem(el: Element): boolean {
  const text = squash(el.textContent);
  if (text === '') return !hasDescendant(el, 'img');
  return compact(text).length <= 150 || COMMENT_FURNITURE.test(text);
}

function record(removed: Removal[], reason: string, els: Element[]): void {
  const text = squash(els.map((e) => e.textContent ?? '').join(' '));
  removed.push({ step: 'link-list', reason, text: text.slice(0, 120) });
  for (const e of els) e.remove();
}

/**
 * Removes link lists and comment sections anywhere under `root`, each recorded. Returns how many
 * went, so a caller can tell whether the body changed.
 */
export function removeLinkLists(root: Element, removed: Removal[]): number {
  let count = 0;
  const walk = (container: Element): void => {
    const children = Array.from(container.children);
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (!child.isConnected && child.parentNode === null) continue;
      const section = commentRun(children, i);
      if (section) {
        record(removed, 'comment section', section);
        i += section.length - 1;
        count++;
        continue;
      }
      if (isHeading(child, LIST_HEADING)) {
        const list: Element[] = [];
        for (let j = i + 1; j < children.length; j++) {
          const next = children[j]!;
          if (compact(next.textContent) === '' && !hasDescendant(next, 'img')) continue;
          if (!isLinkedItem(next) && !isLinkList(next)) break;
          list.push(next);
        }
        if (list.length) {
          record(removed, 'link list', [child, ...list]);
          i += list.length;
          count++;
          continue;
        }
      }
      if (isLinkList(child) || isCommentSection(child)) {
        record(removed, isLinkList(child) ? 'link list' : 'comment section', [child]);
        count++;
        continue;
      }
      // A heading-less run of two or more linked titles.
      if (isLinkedItem(child) && !isBlockContainer(child)) {
        const run = [child];
        for (let j = i + 1; j < children.length && isLinkedItem(children[j]!); j++) run.push(children[j]!);
        if (run.length >= 2) {
          record(removed, 'link list', run);
          i += run.length - 1;
          count++;
          continue;
        }
      }
      if (isBlockContainer(child)) walk(child);
    }
  };
  walk(root);
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
  const heading = isHeading(first, COMMENT_HEADING) || (first.children.length > 0 && isHeading(first.firstElementChild!, COMMENT_HEADING) && compact(first.textContent) === compact(first.firstElementChild!.textContent));
  return heading && items.slice(1).every((c) => isCommentItem(c) || COMMENT_TAIL.test(squash(c.textContent)));
}
