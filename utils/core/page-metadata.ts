/**
 * What a page says about itself beside the body: the fallbacks for the fields a site rule does not
 * read. Readability's `parse()` returns the same fields; this is the head's share of them for
 * pages that skip Readability (see plain-markup.ts).
 */
import { squash } from './text';

export interface PageMetadata {
  title?: string | null;
  siteName?: string | null;
  byline?: string | null;
  publishedTime?: string | null;
}

/**
 * `<meta>` names and properties per field, first found wins. Readability's JSON-LD and `dc:`
 * readings are left out: on these pages the site rule's own selectors come first.
 */
const META_KEYS: Record<Exclude<keyof PageMetadata, 'title'>, string[]> = {
  siteName: ['og:site_name'],
  byline: ['author', 'article:author'],
  publishedTime: ['article:published_time'],
};

/** One pass over the `<meta>` elements: a selector query per key costs more than the whole walk in jsdom. */
export function headMetadata(doc: Document): PageMetadata {
  const content = new Map<string, string>();
  for (const meta of Array.from(doc.getElementsByTagName('meta'))) {
    const value = squash(meta.getAttribute('content'));
    if (!value) continue;
    for (const key of [meta.getAttribute('property'), meta.getAttribute('name')]) {
      if (key && !content.has(key.toLowerCase())) content.set(key.toLowerCase(), value);
    }
  }
  const first = (keys: string[]) => keys.map((k) => content.get(k)).find((v) => v !== undefined);
  return {
    title: doc.title,
    siteName: first(META_KEYS.siteName),
    byline: first(META_KEYS.byline),
    publishedTime: first(META_KEYS.publishedTime),
  };
}
