/**
 * The fields Readability's `parse()` reports about a page beside its body. The order in which
 * they are trusted, against JSON-LD, `<meta>` and a site rule's selectors, is metadata.ts's.
 */
export interface PageMetadata {
  title?: string | null;
  siteName?: string | null;
  byline?: string | null;
  publishedTime?: string | null;
  lang?: string | null;
}
