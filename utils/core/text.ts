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

export function isElement(node: Node | null | undefined): node is Element {
  return !!node && node.nodeType === 1;
}

export function isBlock(el: Element): boolean {
  return BLOCK_TAGS.has(el.tagName);
}

/** Media that make an otherwise empty block worth keeping. */
export function hasMedia(el: Element): boolean {
  return /^(IMG|VIDEO|AUDIO|IFRAME|PICTURE|SVG|TABLE|HR)$/.test(el.tagName) || !!el.querySelector('img, video, audio, iframe, picture, svg, table, hr');
}
