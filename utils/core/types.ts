import type { Restorable } from './removals';

/**
 * What a removal was, as a code: the UI words it in the user's language (`describe` in
 * utils/i18n.ts, one message per code in public/_locales). In the order the reader's summary
 * names them.
 */
export const REMOVAL_CODES = [
  'promo-footer',
  'app-download-call',
  'promo-qr',
  'custom-promo',
  'promo-text',
  'tracking-image',
  'platform-disclaimer',
  'link-list',
  'link-list-heading',
  'comment-section',
  'repeated-title',
  'meta-line',
  'cookie-banner',
  'modal-dialog',
  'paywall-prompt',
  'page-part',
  'script',
  'zero-width',
  'empty-blocks',
] as const;
export type RemovalCode = (typeof REMOVAL_CODES)[number];

/** Why an image kept its remote URL instead of being saved beside the post. */
export const IMAGE_FAILURE_CODES = ['image-http', 'image-no-permission', 'image-too-large', 'image-article-limit', 'image-not-image', 'image-download-failed', 'image-fetch-failed'] as const;
export type ImageFailureCode = (typeof IMAGE_FAILURE_CODES)[number];

/** A code's details (`count`, `status`, `host`…): numbers and plain strings, so it crosses messages as JSON. */
export type ReasonParams = Readonly<Record<string, string | number>>;

/** One thing the pipeline took out of the article, kept so the UI can say what went and tests can assert it. */
export interface Removal {
  step: 'pre-clean' | 'promo' | 'tracking' | 'script' | 'zero-width' | 'empty' | 'link-list' | 'chrome';
  /** What it was; the UI shows this, worded in the user's language. */
  code: RemovalCode;
  /** `count` for the counted codes (zero-width, empty-blocks), `kind` for a tracking image. */
  params?: ReasonParams;
  /** The rule's own name for it (`qilu-footer`, `share buttons`): for logs, the CLI's JSON and tests, never read back by the UI. */
  reason: string;
  text?: string;
  src?: string;
  /** Set on removals the user can put back (post-clean ones, `removals.ts`): `r1`, `r2`… in order. */
  id?: string;
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
  /** Where `published` was read (metadata.ts's steps: rule, visible, time, meta, json-ld, readability, url). */
  publishedFrom?: string;
  /** Only the day is known: `published` is that day at 00:00 in the user's zone. */
  publishedDayOnly?: boolean;
  /** The page gave no zone for its time: it was read in the user's zone. */
  publishedZoneAssumed?: boolean;
  /** Last modified, ISO 8601 with offset, when the page states it. */
  modified?: string;
  /** The page's language (BCP 47), when it states one. */
  language?: string;
  source?: string;
  author?: string;
  /** Sanitized article body, detached from the page. */
  content: Element;
  images: ArticleImage[];
  cover?: string;
  removed: Removal[];
  warnings: string[];
  /** What putting removals back needs; absent when nothing restorable was removed. */
  restorable?: Restorable;
  /** Ids of the removals put back in this copy (`restoreArticle`). */
  restored?: string[];
}

