/** Text helpers shared by the cleaners and the metadata readers. */

export const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;

/** Collapses white space (including the ideographic space and nbsp) to single spaces. */
export function squash(text: string | null | undefined): string {
  return (text ?? '').replace(ZERO_WIDTH, '').replace(/[\s\u00a0\u3000]+/g, ' ').trim();
}

/** Text with no white space at all: how Chinese text is compared. */
export function compact(text: string | null | undefined): string {
  return (text ?? '').replace(ZERO_WIDTH, '').replace(/[\s\u00a0\u3000]+/g, '');
}

export const BLOCK_TAGS = new Set([
  'P', 'DIV', 'SECTION', 'ARTICLE', 'LI', 'UL', 'OL', 'BLOCKQUOTE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
  'FIGURE', 'FIGCAPTION', 'TABLE', 'TR', 'TD', 'TH', 'PRE', 'HEADER', 'FOOTER', 'CENTER',
]);

export function isBlock(el: Element): boolean {
  return BLOCK_TAGS.has(el.tagName);
}

/**
 * Descendant elements in document order, optionally only those named (lower-case local names,
 * `svg` included). A tree walk rather than a selector query, which costs far more per call in
 * jsdom, or a live `getElementsByTagName` list, which jsdom copies out in quadratic time.
 */
export function* descendants(root: Element | Document, tags?: readonly string[]): Generator<Element> {
  const doc = root.nodeType === 9 ? (root as Document) : (root as Element).ownerDocument;
  const walker = doc.createTreeWalker(root, 1 /* NodeFilter.SHOW_ELEMENT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!tags || tags.includes((node as Element).localName)) yield node as Element;
  }
}

export function elementsByTag(root: Element | Document, ...tags: string[]): Element[] {
  return Array.from(descendants(root, tags.includes('*') ? undefined : tags));
}

export function hasDescendant(root: Element, ...tags: string[]): boolean {
  return !descendants(root, tags).next().done;
}

const MEDIA_TAGS = ['img', 'video', 'audio', 'iframe', 'picture', 'svg', 'table', 'hr'];

/** Media that make an otherwise empty block worth keeping. */
export function hasMedia(el: Element): boolean {
  return /^(IMG|VIDEO|AUDIO|IFRAME|PICTURE|SVG|TABLE|HR)$/.test(el.tagName) || hasDescendant(el, ...MEDIA_TAGS);
}
