/**
 * The pipeline: detect → pre-clean (clone) → Readability → post-clean → sanitize → post.
 * Pure: the document, URL, settings, sanitizer and clock come in as parameters, so it runs the
 * same in the content script, in jsdom tests and in the CLI.
 */
import type { Settings } from '../settings/schema';
import { compilePromoPattern } from '../settings/validate';
import { formatIso } from './date';
import { extract, type ExtractOptions } from './extract';
import { buildPost, type HexoPost } from './hexo';
import { removeLinkLists } from './link-lists';
import { removeLeadingTitleLines } from './page-chrome';
import { removeEmptyBlocks, removeFooters, removePromoPatterns, removeTrailingAppCalls, scrubZeroWidth, userPromoPatterns } from './promo';
import { elementsByTag } from './text';
import { removeTrackingImages } from './tracking';
import type { Article, ArticleImage, ClipDeps, ClipOutcome, Removal } from './types';

function imagesOf(content: Element): ArticleImage[] {
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
function unwrap(content: Element): Element {
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

/** Extracts and cleans the article; the result is what the reader shows and a save writes. */
export function clipArticle(doc: Document, pageUrl: string, settings: Settings, deps: ClipDeps, options?: ExtractOptions): ClipOutcome {
  const outcome = extract(doc, pageUrl, settings.sites, options);
  if (!outcome.ok) return outcome;
  const { extraction } = outcome;
  const { rule, rules } = extraction.detection;

  // Sanitize before any further DOM work: from here on only sanitized nodes exist.
  const content = unwrap(doc.createElement('div'));
  content.appendChild(deps.sanitizer.toFragment(extraction.html, doc));
  unwrap(content);

  const removed: Removal[] = [...extraction.removed];
  scrubZeroWidth(content, removed);
  removeTrackingImages(content, removed, 'tracking', pageUrl);
  // Page chrome first: app calls and disclaimers are looked for at the article's end once it is gone.
  removeLinkLists(content, removed);
  removeLeadingTitleLines(content, [extraction.title, doc.title], removed);
  removePromoPatterns(content, [...rules.flatMap((r) => r.promo), ...userPromoPatterns(settings.promoPatterns, compilePromoPattern)], removed);
  removeFooters(content, rules.flatMap((r) => r.footers ?? []), removed);
  removeTrailingAppCalls(content, removed);
  removeEmptyBlocks(content, removed);

  const images = imagesOf(content);
  const warnings: string[] = [];
  if (!extraction.published) warnings.push('no-publish-time');

  const article: Article = {
    site: rule.id,
    rules: rules.map((r) => r.id),
    generic: rule.id === 'generic',
    url: pageUrl,
    title: extraction.title,
    published: extraction.published ? formatIso(extraction.published, settings.timezone) : undefined,
    source: extraction.source,
    author: extraction.author,
    content,
    images,
    cover: images[0]?.src,
    removed,
    warnings,
  };
  return { ok: true, article };
}

export type ClipResult = { ok: true; article: Article; post: HexoPost } | { ok: false; reason: string; message: string };

/** The whole job: article and Hexo post. */
export function clip(doc: Document, pageUrl: string, settings: Settings, deps: ClipDeps, options?: ExtractOptions): ClipResult {
  const outcome = clipArticle(doc, pageUrl, settings, deps, options);
  if (!outcome.ok) return outcome;
  return { ok: true, article: outcome.article, post: buildPost(outcome.article, settings, deps.now()) };
}
