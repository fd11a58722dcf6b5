/** HTML → Markdown that renders as the article in Hexo's renderer (hexo-renderer-marked). */
import TurndownService from 'turndown';
import { gfm } from '@joplin/turndown-plugin-gfm';

const PUNCT = /[\p{P}\p{S}]/u;
const SPACE = /\s/;

function neighbourChar(node: Node, dir: 'prev' | 'next'): string {
  let n: Node | null = node;
  while (n) {
    const sib: Node | null = dir === 'prev' ? n.previousSibling : n.nextSibling;
    if (sib) {
      const t = sib.textContent ?? '';
      if (t) return dir === 'prev' ? t.slice(-1) : t.charAt(0);
      n = sib;
      continue;
    }
    n = n.parentNode;
    // A block boundary counts as white space.
    if (!n || /^(P|DIV|LI|TD|TH|BLOCKQUOTE|H[1-6]|SECTION|ARTICLE|BODY)$/.test((n as Element).tagName ?? '')) return '';
  }
  return '';
}

/**
 * CommonMark's flanking rules leave `**重要。**接着` literal: a closing run after punctuation must be
 * followed by white space or punctuation, and CJK text has neither. Such emphasis is written as
 * inline HTML, which every Markdown renderer reads.
 */
function flankingFails(content: string, node: Node): boolean {
  const first = content.charAt(0);
  const last = content.slice(-1);
  const before = neighbourChar(node, 'prev');
  const after = neighbourChar(node, 'next');
  const opens = !PUNCT.test(first) || before === '' || SPACE.test(before) || PUNCT.test(before);
  const closes = !PUNCT.test(last) || after === '' || SPACE.test(after) || PUNCT.test(after);
  return !opens || !closes;
}

function emphasis(tag: 'strong' | 'em', delimiter: string) {
  return (content: string, node: Node): string => {
    const inner = content.trim();
    if (!inner) return content;
    const lead = content.slice(0, content.indexOf(inner.charAt(0)));
    const trail = content.slice(content.lastIndexOf(inner.slice(-1)) + 1);
    const wrapped = flankingFails(inner, node) ? `<${tag}>${inner}</${tag}>` : `${delimiter}${inner}${delimiter}`;
    return lead + wrapped + trail;
  };
}

const attr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function createTurndown(): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '*',
    strongDelimiter: '**',
  });
  service.use(gfm);
  const baseEscape = service.escape.bind(service);
  // Text that looked like markup on the page must stay text in the post.
  service.escape = (text: string) =>
    baseEscape(text)
      // `\>` would become `\&gt;`, shown as a literal "&gt;"; `&gt;` alone never opens a quote.
      .replace(/^\\>/, '>')
      .replace(/&(?=#?\w+;)/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;');
  service.addRule('strong', { filter: ['strong', 'b'], replacement: emphasis('strong', '**') });
  service.addRule('em', { filter: ['em', 'i'], replacement: emphasis('em', '*') });
  service.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => {
      const img = node as HTMLImageElement;
      const src = img.getAttribute('src') ?? '';
      if (!src) return '';
      const alt = img.getAttribute('alt') ?? '';
      // Markdown has no way to say referrerpolicy; an HTML tag keeps it.
      if (img.hasAttribute('referrerpolicy')) {
        return `<img src="${attr(src)}"${alt ? ` alt="${attr(alt)}"` : ''} referrerpolicy="${attr(img.getAttribute('referrerpolicy') ?? '')}">`;
      }
      const url = src.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
      return `![${alt.replace(/[[\]\\]/g, '\\$&')}](${url})`;
    },
  });
  service.remove(['script', 'style', 'noscript']);
  return service;
}

/**
 * Marks where a line of text starts in the Markdown: turndown escapes block starters only at the
 * start of a text node, which misses `1)` (CommonMark accepts `)` after a number), a marker split
 * across nodes (`<span>1</span>) …`), and starts after `<br>`. A noncharacter never found in text.
 * Made at run time: written as a literal, the bundler puts the raw character into the content
 * script, and Chrome refuses to inject a file holding a noncharacter ("isn't UTF-8 encoded").
 */
const LINE_START = JSON.parse('"\\ufdd0"') as string;

const BLOCK = new Set(['P', 'DIV', 'LI', 'TD', 'TH', 'BLOCKQUOTE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'SECTION', 'ARTICLE', 'MAIN', 'HEADER', 'FOOTER', 'ASIDE', 'NAV', 'FIGURE', 'FIGCAPTION', 'DL', 'DT', 'DD', 'UL', 'OL', 'TABLE', 'THEAD', 'TBODY', 'TFOOT', 'TR', 'CAPTION', 'ADDRESS', 'CENTER', 'DETAILS', 'SUMMARY', 'FORM', 'FIELDSET', 'HR', 'PRE']);
const OPAQUE = new Set(['PRE', 'CODE', 'KBD', 'SAMP', 'IMG', 'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);

/** Puts a marker before the first text of every line: at a block's start and after each `<br>`. */
function markLineStarts(root: Element): Node[] {
  const marks: Node[] = [];
  const doc = root.ownerDocument;
  let atStart = true;
  const walk = (parent: Node): void => {
    for (let child = parent.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        if (!/\S/.test(child.nodeValue ?? '')) continue;
        if (atStart) marks.push(parent.insertBefore(doc.createTextNode(LINE_START), child));
        atStart = false;
      } else if (child.nodeType === 1) {
        const tag = (child as Element).tagName;
        if (tag === 'BR') {
          atStart = true;
          continue;
        }
        const block = BLOCK.has(tag);
        if (block) atStart = true;
        if (OPAQUE.has(tag)) atStart = block;
        else walk(child);
        if (block) atStart = true;
      }
    }
  };
  walk(root);
  return marks;
}

const ORDERED = /^(\d{1,9})([.)])(?=[ \t]|$)/;
const STARTERS = [
  /^[-+*](?=[ \t]|$)/, // bullets, and thematic breaks such as `- - -`
  /^#{1,6}(?=[ \t]|$)/, // ATX headings
  /^(?:>|`{3}|~{3}|=|\|)/, // quotes, fences, setext underlines, table rows
  /^([-_*])(?:[ \t]*\1){2,}[ \t]*$/, // thematic breaks
  /^:?-+:?[ \t]*\|/, // a table's delimiter row
];

/** A line of text made to start as text: a backslash before the ASCII punctuation that opens a block. */
function escapeLineStart(line: string): string {
  const ordered = ORDERED.exec(line);
  if (ordered) return `${ordered[1]}\\${line.slice(ordered[1]!.length)}`;
  return STARTERS.some((re) => re.test(line)) ? `\\${line}` : line;
}

let shared: TurndownService | undefined;

export function toMarkdown(content: Element): string {
  shared ??= createTurndown();
  const marks = markLineStarts(content);
  let markdown: string;
  try {
    markdown = shared.turndown(content as HTMLElement);
  } finally {
    for (const mark of marks) mark.parentNode?.removeChild(mark);
  }
  // White space after a line's start is dropped with the marker: four spaces would make code.
  return markdown
    .replace(/\uFDD0[ \t]*([^\n\uFDD0]*)/g, (_, line: string) => escapeLineStart(line))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
