/** The limits past which a page is refused rather than processed, and the text measures they use. */
import { compact } from './text';

/** Readability's own guard against huge pages; past it we answer "too large" instead of hanging. */
export const MAX_ELEMENTS = 60000;
/**
 * Nesting deeper than this is no article's markup (Blink's parser stops nesting at 512). Past it we
 * answer "too large": Readability's time grows with the cube of the depth (3 s at 512 levels in
 * jsdom, minutes at 2,000) and recursive DOM code overflows the stack near 4,000.
 */
export const MAX_DEPTH = 256;
/**
 * Less text than this is not an article. A site rule's content root is trusted with a one-line
 * news flash; on other pages a few dozen characters are more likely a stray box than an article.
 */
export const MIN_ARTICLE_CHARS = { siteRoot: 10, generic: 40 };

/** Whether elements nest more than `limit` levels below `root`; iterative, so any depth is safe to measure. */
export function deeperThan(root: Element, limit: number): boolean {
  let depth = 0;
  let node = root;
  for (;;) {
    const child = node.firstElementChild;
    if (child) {
      node = child;
      if (++depth > limit) return true;
      continue;
    }
    for (;;) {
      if (node === root) return false;
      const next = node.nextElementSibling;
      if (next) {
        node = next;
        break;
      }
      node = node.parentElement ?? root;
      depth--;
    }
  }
}

/** Text length of an HTML string without parsing it into DOM: tags out, entities as one character. */
export function textOf(html: string): number {
  return compact(html.replace(/<[^>]*>/g, '').replace(/&[#\w]+;/g, 'x')).length;
}

/** Share of the text that sits inside links: a list page's is high, an article's low. */
export function linkDensity(html: string, chars: number): number {
  const linked = (html.match(/<a\b[^>]*>[\s\S]*?<\/a>/g) ?? []).reduce((n, a) => n + textOf(a), 0);
  return linked / chars;
}
