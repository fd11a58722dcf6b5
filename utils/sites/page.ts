/**
 * The cheap question asked on every page load of a named site: is this an article? URL shape and
 * the rule's content root only; no Readability, no sanitizer, so the detect script stays small.
 */
import { compact } from '../core/text';
import { ruleForHost } from './index';
import type { SiteRule } from './types';

/** The rule's article body on this page: the first content selector that holds any text. */
export function findContentRoot(doc: ParentNode, rule: SiteRule): Element | null {
  for (const selector of rule.fields.content?.selectors ?? []) {
    const el = doc.querySelector(selector);
    if (el && compact(el.textContent).length > 0) return el;
  }
  return null;
}

export interface PageKind {
  /** The serving rule's id, or null off the registry's hosts. */
  site: string | null;
  article: boolean;
}

export function pageKind(doc: Document, url: URL, enabled: Record<string, boolean> = {}): PageKind {
  const rule = ruleForHost(url.hostname, enabled);
  if (!rule) return { site: null, article: false };
  // The same acceptance as the pipeline's: a content root, or an article-shaped URL.
  return { site: rule.id, article: findContentRoot(doc, rule) !== null || rule.isArticle(url) };
}
