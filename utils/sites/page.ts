/**
 * The cheap question asked on every page load of a named site: is this an article? URL shape and
 * the rule's content root only; no Readability, no sanitizer, so the detect script stays small.
 */
import { ruleForHost } from './index';

export interface PageKind {
  /** The serving rule's id, or null off the registry's hosts. */
  site: string | null;
  article: boolean;
}

export function pageKind(doc: Document, url: URL, enabled: Record<string, boolean> = {}): PageKind {
  const rule = ruleForHost(url.hostname, enabled);
  if (!rule) return { site: null, article: false };
  const hasRoot = (rule.fields.content?.selectors ?? []).some((selector) => {
    const el = doc.querySelector(selector);
    return !!el && (el.textContent ?? '').trim() !== '';
  });
  // The same acceptance as the pipeline's: a content root, or an article-shaped URL.
  return { site: rule.id, article: hasRoot || rule.isArticle(url) };
}
