/**
 * Whether a site rule's pre-cleaned content root is markup on which Readability has nothing to do.
 *
 * Readability earns its cost by scoring and pruning: it drops containers (`div`, `ul`, `table`,
 * forms, asides) whose text or link density looks like chrome, hidden or byline-classed nodes, and
 * it rebuilds `<br><br>` runs and loose text into paragraphs. A root made only of paragraphs that
 * hold text, images and inline formatting, with no attribute Readability reads, gives none of that
 * work a foothold: Readability would hand it back as it got it (the differential test in
 * tests/core/plain-markup.test.ts holds the two paths equal on every fixture page). On such a root
 * the pipeline skips Readability, which in jsdom costs about 2 ms before it reads a single
 * paragraph; anything else still goes through it.
 */

import { descendants } from './text';

/** Inline content Readability neither scores nor cleans. */
const INLINE_TAGS = new Set(['BR', 'IMG', 'SPAN', 'STRONG', 'B', 'EM', 'I', 'U', 'A', 'SUB', 'SUP']);

/**
 * Attributes Readability ignores on these tags. Anything else (class, id, style, hidden,
 * aria-*, rel, itemprop) can make it hide, drop or byline a node.
 */
const INERT_ATTRIBUTES: Record<string, Set<string>> = {
  IMG: new Set(['src', 'alt', 'title', 'width', 'height', 'data-size']),
  A: new Set(['href', 'title', 'target']),
};

function hasOnlyInertAttributes(el: Element): boolean {
  const allowed = INERT_ATTRIBUTES[el.tagName];
  for (const attr of Array.from(el.attributes)) if (!allowed?.has(attr.name)) return false;
  return true;
}

function isBlank(node: Node): boolean {
  return node.nodeType === 3 && !node.textContent?.trim();
}

/** A `<br>` whose next non-blank sibling is another `<br>` or a `<p>`: Readability rewrites both. */
function startsBreakRun(br: Element): boolean {
  let next = br.nextSibling;
  while (next && isBlank(next)) next = next.nextSibling;
  return next?.nodeType === 1 && ((next as Element).tagName === 'BR' || (next as Element).tagName === 'P');
}

export function isPlainArticleMarkup(root: Element): boolean {
  let paragraphs = 0;
  for (let child = root.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 1) {
      // Loose inline content in the root is wrapped into new paragraphs by Readability.
      if ((child as Element).tagName !== 'P') return false;
      paragraphs++;
    } else if (child.nodeType === 3 && !isBlank(child)) {
      return false;
    }
  }
  if (paragraphs === 0) return false;
  for (const el of descendants(root)) {
    if (el.tagName === 'P') {
      if (el.parentNode !== root || el.attributes.length > 0) return false;
    } else if (!INLINE_TAGS.has(el.tagName) || !hasOnlyInertAttributes(el)) {
      return false;
    }
    if (el.tagName === 'BR' && startsBreakRun(el)) return false;
  }
  return true;
}
