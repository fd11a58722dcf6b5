import type { Settings } from '../settings/schema';

/** One thing the pipeline took out of the article, kept so the UI can say what went and tests can assert it. */
export interface Removal {
  step: 'pre-clean' | 'promo' | 'tracking' | 'placeholder' | 'script' | 'zero-width' | 'empty' | 'link-list' | 'chrome';
  reason: string;
  text?: string;
  src?: string;
}

/**
 * Strings turned into sanitized DOM. Passed in so the pipeline never chooses its DOM or its
 * sanitizer: the extension hands in the page's window, tests and the CLI a jsdom one.
 */
export interface Sanitizer {
  /** Parses untrusted HTML into a sanitized fragment owned by `doc`. */
  toFragment(html: string, doc: Document): DocumentFragment;
}

export interface ClipDeps {
  sanitizer: Sanitizer;
  /** The moment used when a page shows no publish time. */
  now: () => Date;
}

export interface ArticleImage {
  src: string;
  alt: string;
  width?: number;
  height?: number;
}

export type ClipOutcome =
  | { ok: true; article: Article }
  | { ok: false; reason: NotArticleReason; message: string };

export type NotArticleReason = 'not-article-url' | 'no-content' | 'too-short' | 'too-large';

export interface Article {
  site: string;
  /** Sites whose rules were applied, in order (a Qilu repost on Qutoutiao: qutoutiao, qilu). */
  rules: string[];
  generic: boolean;
  url: string;
  title: string;
  /** ISO 8601 with offset, or undefined when the page shows none. */
  published?: string;
  source?: string;
  author?: string;
  /** Sanitized article body, detached from the page. */
  content: Element;
  images: ArticleImage[];
  cover?: string;
  removed: Removal[];
  warnings: string[];
}

export type { Settings };
