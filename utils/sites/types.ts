/**
 * A site rule is data, in the style of Postlight Parser's custom extractors: selectors and
 * patterns, no code that touches the browser. The registry must import cleanly in Node,
 * because WXT reads the content script's `matches` from it at build time.
 */
import type { RemovalCode } from '../core/types';

/** Where a field is read: the first selector that yields text wins; `pattern`'s first group narrows it. */
export interface FieldRule {
  selectors: string[];
  attr?: string;
  pattern?: RegExp;
}

/**
 * The Readability options a rule wants; what it leaves out is Readability's default. A low
 * `charThreshold` suits short Chinese news inside a known content root; on the open web it makes
 * Readability settle for the first box with a sentence in it (a cookie notice).
 */
export interface ReadabilityOptions {
  charThreshold?: number;
  nbTopCandidates?: number;
  classesToPreserve?: string[];
}

export interface SiteRule {
  id: string;
  /** Shown in the popup and the reader. */
  label: { zh: string; en: string };
  /** Exact host names, or `*.example.com` for the domain and every subdomain. */
  hosts: string[];
  /** Whether a URL on one of `hosts` has an article's shape (a home or list page does not). */
  isArticle(url: URL): boolean;
  /**
   * Image CDNs this site's articles load from: the extension's optional host permissions for
   * local and zip saving (image-hosts.ts) and the e2e fixture server's mapped hosts derive from them.
   */
  imageHosts: string[];
  /** This site's articles served by another site's page (a Qilu article reposted on Qutoutiao). */
  reposts?: RepostRule;
  fields: {
    title?: FieldRule;
    published?: FieldRule & { timeZone: string };
    source?: FieldRule;
    author?: FieldRule;
    /** The article body's root. */
    content?: FieldRule;
  };
  /** Removed from the page clone before Readability, which drops the class names they use. `code`: what the UI calls it (`page-part` when absent). */
  clean: { selector: string; reason: string; code?: RemovalCode }[];
  /** `data-src`-style lazy attributes whose value becomes `src`. */
  lazyImageAttrs: string[];
  /** Passed to Readability for this rule's pages. */
  readability: ReadabilityOptions;
  /** Cookie and consent banners, modal dialogs: page chrome that is never the article (consent.ts). */
  dropConsentBanners?: boolean;
  /** Promotional texts removed wherever they stand in the body. `code`: what the UI calls it (`promo-text` when absent). */
  promo: { pattern: RegExp; reason: string; code?: RemovalCode }[];
  /** Promotional footers recognised by their parts, across adjacent blocks (promo.ts). */
  footers?: FooterRule[];
}

/**
 * A site's promotional footer as its parts: where it starts, what must be in it, and what a
 * block that continues it is made of. Rewordings and splits keep the parts, not the sentence.
 */
export interface FooterRule {
  anchor: RegExp;
  required: RegExp[];
  part: RegExp;
  reason: string;
}

/** The parts of a rule that can clean another site's page. */
export type RepostPart = 'clean' | 'lazyImageAttrs' | 'promo' | 'footers';

/**
 * How a site's reposts are recognised on any other site's page (generic ones included: Qilu
 * articles are mirrored widely), and which of the site's parts then run after the serving rule's.
 */
export interface RepostRule {
  /** Matched against the text of the serving rule's content root (the body on a generic page). */
  detect: RegExp[];
  applies: RepostPart[];
}
