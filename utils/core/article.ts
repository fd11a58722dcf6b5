/** The sanitized body as the article holds it: Readability's wrapper gone, its images listed, removals put back on request. */
import { rebuild } from './removals';
import { elementsByTag } from './text';
import type { Article, ArticleImage, Sanitizer } from './types';

export function imagesOf(content: Element): ArticleImage[] {
  return elementsByTag(content, 'img').flatMap((img) => {
    const src = img.getAttribute('src');
    if (!src) return [];
    const size = /^(\d+)\s*,\s*(\d+)$/.exec(img.getAttribute('data-size') ?? '');
    return [{ src, alt: img.getAttribute('alt') ?? '', ...(size ? { width: Number(size[1]), height: Number(size[2]) } : {}) }];
  });
}

function hasLooseText(el: Element): boolean {
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 3 && n.textContent?.trim()) return true;
  return false;
}

/** Readability wraps its output in `<div id="readability-page-1">`; the body starts inside it. */
export function unwrap(content: Element): Element {
  for (;;) {
    const only = content.firstElementChild;
    // Sibling walks, first-child moves and one fragment insert: jsdom re-reads live childNodes /
    // children lists and counts preceding siblings on every other kind of move, which made
    // unwrapping a 5 MB article take minutes.
    const single = only && only === content.lastElementChild && /^(DIV|ARTICLE|SECTION|MAIN)$/.test(only.tagName) && !hasLooseText(content);
    if (!single) break;
    const children = only.ownerDocument.createDocumentFragment();
    while (only.firstChild) children.appendChild(only.firstChild);
    content.replaceChild(children, only);
  }
  // White space around the body is the wrapper's, not the article's.
  while (content.firstChild?.nodeType === 3 && !content.firstChild.textContent?.trim()) content.firstChild.remove();
  while (content.lastChild?.nodeType === 3 && !content.lastChild.textContent?.trim()) content.lastChild.remove();
  return content;
}

/**
 * The article with the removals `ids` put back at their places, from the article alone: no
 * extraction runs again. The rebuilt body goes through the sanitizer like any other, and lives in
 * an inert document, so a restored tracking image is never requested (the reader shows it as a
 * placeholder; the post keeps its link).
 */
export function restoreArticle(article: Article, ids: readonly string[], sanitizer: Sanitizer): Article {
  if (!article.restorable || ids.length === 0) return { ...article, restored: [] };
  const inert = article.content.ownerDocument.implementation.createHTMLDocument('');
  const { root, restored } = rebuild(article.restorable, ids, inert);
  const content = inert.createElement('div');
  content.appendChild(sanitizer.toFragment(root.innerHTML, inert));
  const images = imagesOf(content);
  return { ...article, content, images, cover: images[0]?.src, restored };
}
