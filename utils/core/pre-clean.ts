/**
 * The copy of the page that pre-clean and Readability work on, and pre-clean itself: what must go
 * while class names and inline styles are still there (Readability drops both).
 */
import type { SiteRule } from '../sites/types';
import { removeConsentBanners } from './consent';
import { removeNode } from './removals';
import { elementsByTag, squash } from './text';
import { removeTrackingImages } from './tracking';
import type { Removal } from './types';

/**
 * A copy of the page whose body holds only the rule's content root: Readability scores far less,
 * and cannot wander into the related-articles list. Built from the root alone, since cloning the
 * whole page cost more than Readability's run on the root; the shallow Document clone keeps the
 * page's URL, so relative links resolve as on the page. The head joins it only if Readability runs.
 */
export function narrowCopy(doc: Document, liveRoot: Element): { copy: Document; root: Element } {
  const copy = doc.cloneNode(false) as Document;
  const html = copy.appendChild(copy.importNode(doc.documentElement, false));
  const body = html.appendChild(doc.body ? copy.importNode(doc.body, false) : copy.createElement('body'));
  const root = copy.importNode(liveRoot, true);
  body.appendChild(copy.createElement('article')).appendChild(root);
  return { copy, root };
}

/** Readability reads the title and the metadata from the head. */
export function withHead(copy: Document, doc: Document): Document {
  if (doc.head && !copy.head) copy.documentElement.insertBefore(copy.importNode(doc.head, true), copy.body);
  return copy;
}

/** Lazy images carry their URL in `data-src`; Readability and the reader need it in `src`. */
export function promoteLazyImages(root: Element | Document, attrs: string[], baseUrl: string): void {
  for (const img of elementsByTag(root, 'img')) {
    const lazy = attrs.map((a) => img.getAttribute(a)).find((v) => v && !v.startsWith('data:'));
    const src = lazy ?? img.getAttribute('src');
    for (const a of attrs) img.removeAttribute(a);
    if (!src) continue;
    try {
      img.setAttribute('src', new URL(src, baseUrl).href);
    } catch {
      img.setAttribute('src', src);
    }
  }
}

export function preClean(root: Element | Document, rules: SiteRule[], baseUrl: string, removed: Removal[]): void {
  for (const el of elementsByTag(root, 'script', 'noscript', 'style', 'template')) {
    // JSON-LD is data, not code: Readability reads its byline from it and, knowing the byline,
    // leaves the author line in the body, as it does on the page itself.
    if (el.tagName === 'SCRIPT' && /^\s*application\/ld\+json\s*$/i.test(el.getAttribute('type') ?? '')) continue;
    if (el.tagName === 'SCRIPT') removed.push({ step: 'script', code: 'script', reason: 'script', text: squash(el.textContent).slice(0, 80) || el.getAttribute('src') || '' });
    el.remove();
  }
  if (rules.some((r) => r.dropConsentBanners)) removeConsentBanners(root, removed);
  for (const rule of rules) {
    for (const { selector, reason, code = 'page-part' } of rule.clean) {
      for (const el of Array.from(root.querySelectorAll(selector))) {
        removeNode(removed, el, { step: 'pre-clean', code, reason, text: squash(el.textContent).slice(0, 80) });
      }
    }
  }
  // Inline styles (display:none, 1px) are gone after Readability, so trackers are judged here first.
  removeTrackingImages(root, removed, 'tracking', baseUrl);
}
