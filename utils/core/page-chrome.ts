/**
 * What a site rule's content root holds besides the article when the site has drifted: the title
 * again, the meta line under it, the platform's disclaimer, related links, a feed and comments
 * that scripts appended. Readability usually leaves these out; the question this module answers
 * is whether what Readability left out of the root is such chrome (it goes, and is recorded) or
 * article it dropped for being short (it stays).
 */
import { commentRun, isBlockContainer, withTextMemo, isCommentSection, isHeading, isLinkedItem, isLinkList, LIST_HEADING } from './link-lists';
import { DISCLAIMER, isAppCall } from './promo';
import { removeNode } from './removals';
import { compact, squash } from './text';
import type { Removal } from './types';

/** A date with a clock time, as meta lines print it: `2021-07-27 15:58`, `2021年7月27日 15:58`, `07-27 15:58`. */
const STAMP = /(\d{4}\s*[-/.年]\s*)?\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s+\d{1,2}:\d{2}/;

/** The line under a title: source, time, read or comment counts, no sentence in it. */
export function isMetaLine(text: string): boolean {
  const t = squash(text);
  return compact(t).length <= 60 && STAMP.test(t) && !/[。！？!?；;]/.test(t) && !/[，,]\s*\S{8,}/.test(t);
}

function isTitleLine(text: string, titles: string[]): boolean {
  const t = compact(text);
  return t.length >= 4 && titles.some((title) => compact(title) === t);
}

/** Readability's output as plain text, white space dropped, entities read. */
export function htmlText(html: string): string {
  return compact(
    html
      .replace(/<[^>]*>/g, '')
      .replace(/&(#x[\da-f]+|#\d+|\w+);/gi, (m, e: string) => {
        if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
        return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' } as Record<string, string>)[e] ?? m;
      }),
  );
}

type ChromeCode = 'link-list' | 'comment-section' | 'repeated-title' | 'meta-line' | 'platform-disclaimer' | 'app-download-call';

function chromeCode(el: Element, titles: string[]): ChromeCode | null {
  const text = squash(el.textContent);
  if (isLinkList(el)) return 'link-list';
  if (isCommentSection(el)) return 'comment-section';
  if (isTitleLine(text, titles)) return 'repeated-title';
  if (isMetaLine(text)) return 'meta-line';
  if (DISCLAIMER.test(text) && compact(text).length <= 200) return 'platform-disclaimer';
  if (compact(text).length <= 80 && isAppCall(text)) return 'app-download-call';
  return null;
}

/**
 * False when the user keeps it (an exception): then it stays where it is. The code in words is
 * the reason (`meta-line`: `meta line`), as logs and tests read it.
 */
function take(removed: Removal[], code: ChromeCode, els: Element[]): boolean {
  return removeNode(removed, els, { step: 'chrome', code, reason: code.replace(/-/g, ' '), text: squash(els.map((e) => e.textContent ?? '').join(' ')).slice(0, 120) });
}

/**
 * Removes from `root` the chrome among what Readability did not keep (`kept`: its text, compacted).
 * Anything else Readability dropped stays. Works on the pre-cleaned copy, classes and all.
 */
export function pruneChrome(root: Element, kept: string, titles: string[], removed: Removal[]): void {
  // Readability keeps the root's order, so each block is looked for from where the last was
  // found: one pass over `kept`, where a search from the start for each block was quadratic on
  // long articles. A block not found there is searched in the whole text a bounded number of times.
  let cursor = 0;
  let misses = 0;
  const inKept = (el: Element) => {
    const t = compact(el.textContent);
    if (t === '') return true;
    const at = kept.indexOf(t, cursor);
    if (at >= 0) {
      cursor = at + t.length;
      return true;
    }
    return ++misses <= 200 && kept.includes(t);
  };
  const walk = (container: Element): void => {
    const children = Array.from(container.children);
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (inKept(child)) continue;
      const comments = commentRun(children, i);
      if (comments) {
        take(removed, 'comment-section', comments);
        i += comments.length - 1;
        continue;
      }
      if (isHeading(child, LIST_HEADING)) {
        const list: Element[] = [];
        for (let j = i + 1; j < children.length && (isLinkedItem(children[j]!) || isLinkList(children[j]!)); j++) list.push(children[j]!);
        if (list.length) {
          take(removed, 'link-list', [child, ...list]);
          i += list.length;
          continue;
        }
      }
      const code = chromeCode(child, titles);
      if (code) take(removed, code, [child]);
      else if (isBlockContainer(child)) walk(child);
    }
  };
  withTextMemo(() => walk(root));
}

/**
 * The title repeated and the meta line at the top of the body, which a redesigned root carries
 * and Readability may keep. Only before the first line of article text.
 */
export function removeLeadingTitleLines(root: Element, titles: string[], removed: Removal[]): void {
  for (;;) {
    let first: Element | null = root.firstElementChild;
    while (first && compact(first.textContent) === '') first = first.nextElementSibling;
    // Descend to the first leaf that holds text.
    while (first && isBlockContainer(first)) {
      let inner: Element | null = first.firstElementChild;
      while (inner && compact(inner.textContent) === '') inner = inner.nextElementSibling;
      if (!inner) break;
      first = inner;
    }
    if (!first || first === root) return;
    const text = squash(first.textContent);
    const code = isTitleLine(text, titles) ? 'repeated-title' : isMetaLine(text) ? 'meta-line' : null;
    if (!code || first.querySelector('img')) return;
    if (!take(removed, code, [first])) return;
  }
}
