/**
 * The pipeline: detect → pre-clean (clone) → Readability (unless the site root is plain) →
 * sanitize → post-clean (on sanitized nodes only) → post.
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
import { exceptionMatcher, finishRemovals, rebuild, recordRemovals } from './removals';
import { elementsByTag } from './text';
import { removeTrackingImages } from './tracking';
import type { Article, ArticleImage, ClipDeps, ClipOutcome, Removal, Sanitizer } from './types';

/** `restored`: ids of removals to put back (`Removal.id`), as the reader's 恢复 chose them. */
export interface ClipOptions extends ExtractOptions {
  restored?: readonly string[];
}

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
export function clipArticle(doc: Document, pageUrl: string, settings: Settings, deps: ClipDeps, options?: ClipOptions): ClipOutcome {
  const keep = exceptionMatcher(settings.exceptions, pageUrl, compilePromoPattern);
  const outcome = extract(doc, pageUrl, settings.sites, { timeZone: settings.timezone, now: deps.now, ...options, keep });
  if (!outcome.ok) return outcome;
  const { extraction } = outcome;
  const { rule, rules } = extraction.detection;

  // Sanitize before any further DOM work: from here on only sanitized nodes exist.
  const content = doc.createElement('div');
  content.appendChild(deps.sanitizer.toFragment(extraction.html, doc));
  unwrap(content);

  const removed: Removal[] = [...extraction.removed];
  recordRemovals(removed, content, keep, extraction.removed);
  scrubZeroWidth(content, removed);
  removeTrackingImages(content, removed, 'tracking', pageUrl);
  // Page chrome first: app calls and disclaimers are looked for at the article's end once it is gone.
  removeLinkLists(content, removed);
  removeLeadingTitleLines(content, [extraction.title, doc.title], removed);
  removePromoPatterns(content, [...rules.flatMap((r) => r.promo), ...userPromoPatterns(settings.promoPatterns, compilePromoPattern)], removed);
  removeFooters(content, rules.flatMap((r) => r.footers ?? []), removed);
  removeTrailingAppCalls(content, removed);
  removeEmptyBlocks(content, removed);
  const restorable = finishRemovals(removed);

  const images = imagesOf(content);
  const warnings: string[] = [];
  const published = extraction.metadata.published;
  if (!published) warnings.push('no-publish-time');
  // Said where the time is shown: a day from the URL is not a time, an assumed zone may be hours off.
  if (published?.dayOnly) warnings.push('publish-time-day-only');
  if (published?.zoneAssumed) warnings.push('publish-time-zone-assumed');

  const article: Article = {
    site: rule.id,
    rules: rules.map((r) => r.id),
    generic: rule.id === 'generic',
    url: pageUrl,
    title: extraction.title,
    published: extraction.published ? formatIso(extraction.published, settings.timezone) : undefined,
    ...(published ? { publishedFrom: published.from, publishedDayOnly: published.dayOnly, publishedZoneAssumed: published.zoneAssumed } : {}),
    ...(extraction.metadata.modified ? { modified: formatIso(extraction.metadata.modified.date, settings.timezone) } : {}),
    ...(extraction.metadata.language ? { language: extraction.metadata.language } : {}),
    source: extraction.source,
    author: extraction.author,
    content,
    images,
    cover: images[0]?.src,
    removed,
    warnings,
    ...(restorable ? { restorable } : {}),
  };
  return { ok: true, article: options?.restored?.length ? restoreArticle(article, options.restored, deps.sanitizer) : article };
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

export type ClipResult = { ok: true; article: Article; post: HexoPost } | { ok: false; reason: string; message: string };

/** The whole job: article and Hexo post. */
export function clip(doc: Document, pageUrl: string, settings: Settings, deps: ClipDeps, options?: ClipOptions): ClipResult {
  const outcome = clipArticle(doc, pageUrl, settings, deps, options);
  if (!outcome.ok) return outcome;
  return { ok: true, article: outcome.article, post: buildPost(outcome.article, settings, deps.now()) };
}
