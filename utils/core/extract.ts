/**
 * Detection and extraction: picks the site rule, reads the metadata fields, pre-cleans a clone of
 * the page and runs Readability on the rule's content root. Never touches the live document.
 */
import { Readability } from '@mozilla/readability';
import { generic, ruleForHost, SITE_RULES } from '../sites';
import { findContentRoot } from '../sites/page';
import type { SiteRule } from '../sites/types';
import { removeConsentBanners } from './consent';
import { findHeading, readField, readPageSignals, resolveMetadata, type ArticleMetadata } from './metadata';
import { htmlText, pruneChrome } from './page-chrome';
import { isPlainArticleMarkup } from './plain-markup';
import { recordPreClean, removeNode } from './removals';
import { removeTrackingImages } from './tracking';
import { compact, elementsByTag, squash } from './text';
import type { NotArticleReason, Removal } from './types';

/** Readability's own guard against huge pages; past it we answer "too large" instead of hanging. */
export const MAX_ELEMENTS = 60000;
/**
 * Nesting deeper than this is no article's markup (Blink's parser stops nesting at 512). Past it we
 * answer "too large": Readability's time grows with the cube of the depth (3 s at 512 levels in
 * jsdom, minutes at 2,000) and recursive DOM code overflows the stack near 4,000.
 */
export const MAX_DEPTH = 256;
/**
 * Less text than this is not an article. A site rule's content root is trusted with a one-line
 * news flash; on other pages a few dozen characters are more likely a stray box than an article.
 */
export const MIN_ARTICLE_CHARS = { siteRoot: 10, generic: 40 };

export interface Detection {
  rule: SiteRule;
  /** Rules whose cleaning applies, host rule first (a Qilu repost on Qutoutiao: qutoutiao, qilu). */
  rules: SiteRule[];
  contentRoot: Element | null;
}

export interface Extraction {
  detection: Detection;
  title: string;
  published?: Date;
  source?: string;
  author?: string;
  /** Every field with where it came from, dates with their precision (metadata.ts). */
  metadata: ArticleMetadata;
  /** The body HTML, still unsanitized: Readability's, or the site root's where Readability had nothing to do. */
  html: string;
  /** Whether Readability ran; false on a plain site root (plain-markup.ts). */
  readability: boolean;
  removed: Removal[];
}

/** `always` runs Readability even on plain markup: the differential test compares the two paths. */
export interface ExtractOptions {
  readability?: 'when-needed' | 'always';
  /** The user's zone: a bare day is 00:00 there, and a date the page gives no zone for is read in it. */
  timeZone?: string;
  /** For a time stamp shown without its year (`07-27 15:58`) when the page says the year nowhere else. */
  now?: () => Date;
  /** The user's exceptions (`removals.ts`): what pre-clean must leave in place. */
  keep?: (entry: Omit<Removal, 'id'>) => boolean;
}

export type ExtractionOutcome = { ok: true; extraction: Extraction } | { ok: false; reason: NotArticleReason; message: string };

/** Whether elements nest more than `limit` levels below `root`; iterative, so any depth is safe to measure. */
export function deeperThan(root: Element, limit: number): boolean {
  let depth = 0;
  let node = root;
  for (;;) {
    const child = node.firstElementChild;
    if (child) {
      node = child;
      if (++depth > limit) return true;
      continue;
    }
    for (;;) {
      if (node === root) return false;
      const next = node.nextElementSibling;
      if (next) {
        node = next;
        break;
      }
      node = node.parentElement ?? root;
      depth--;
    }
  }
}

/** Which rules serve this page. `enabled` switches site rules off (the options page). */
export function detect(doc: Document, url: URL, enabled: Record<string, boolean> = {}): Detection {
  const rule = ruleForHost(url.hostname, enabled) ?? generic;
  const contentRoot = rule === generic ? null : findContentRoot(doc, rule);
  const rules = [rule];
  const text = (contentRoot ?? doc.body)?.textContent ?? '';
  for (const other of SITE_RULES) {
    if (other === rule || enabled[other.id] === false || !other.signature) continue;
    if (other.signature.text.some((re) => re.test(text))) rules.push(other);
  }
  return { rule, rules, contentRoot };
}

/** Lazy images carry their URL in `data-src`; Readability and the reader need it in `src`. */
function promoteLazyImages(root: Element | Document, attrs: string[], baseUrl: string): void {
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

function preClean(root: Element | Document, rules: SiteRule[], baseUrl: string, removed: Removal[]): void {
  for (const el of elementsByTag(root, 'script', 'noscript', 'style', 'template')) {
    // JSON-LD is data, not code: Readability reads its byline from it and, knowing the byline,
    // leaves the author line in the body, as it does on the page itself.
    if (el.tagName === 'SCRIPT' && /^\s*application\/ld\+json\s*$/i.test(el.getAttribute('type') ?? '')) continue;
    if (el.tagName === 'SCRIPT') removed.push({ step: 'script', reason: 'script', text: squash(el.textContent).slice(0, 80) || el.getAttribute('src') || '' });
    el.remove();
  }
  if (rules.some((r) => r.dropConsentBanners)) removeConsentBanners(root, removed);
  for (const rule of rules) {
    for (const { selector, reason } of rule.clean) {
      for (const el of Array.from(root.querySelectorAll(selector))) {
        removeNode(removed, el, { step: 'pre-clean', reason, text: squash(el.textContent).slice(0, 80) });
      }
    }
  }
  // Inline styles (display:none, 1px) are gone after Readability, so trackers are judged here first.
  removeTrackingImages(root, removed, 'tracking', baseUrl);
}

/**
 * A copy of the page whose body holds only the rule's content root: Readability scores far less,
 * and cannot wander into the related-articles list. Built from the root alone, since cloning the
 * whole page cost more than Readability's run on the root; the shallow Document clone keeps the
 * page's URL, so relative links resolve as on the page. The head joins it only if Readability runs.
 */
function narrowCopy(doc: Document, liveRoot: Element): { copy: Document; root: Element } {
  const copy = doc.cloneNode(false) as Document;
  const html = copy.appendChild(copy.importNode(doc.documentElement, false));
  const body = html.appendChild(doc.body ? copy.importNode(doc.body, false) : copy.createElement('body'));
  const root = copy.importNode(liveRoot, true);
  body.appendChild(copy.createElement('article')).appendChild(root);
  return { copy, root };
}

/** Readability reads the title and the metadata from the head. */
function withHead(copy: Document, doc: Document): Document {
  if (doc.head && !copy.head) copy.documentElement.insertBefore(copy.importNode(doc.head, true), copy.body);
  return copy;
}

/** Text length of an HTML string without parsing it into DOM: tags out, entities as one character. */
function textOf(html: string): number {
  return compact(html.replace(/<[^>]*>/g, '').replace(/&[#\w]+;/g, 'x')).length;
}

/** Share of the text that sits inside links: a list page's is high, an article's low. */
function linkDensity(html: string, chars: number): number {
  const linked = (html.match(/<a\b[^>]*>[\s\S]*?<\/a>/g) ?? []).reduce((n, a) => n + textOf(a), 0);
  return linked / chars;
}

export function extract(doc: Document, pageUrl: string, enabled: Record<string, boolean>, options: ExtractOptions = {}): ExtractionOutcome {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return { ok: false, reason: 'no-content', message: `not a valid page URL: ${pageUrl}` };
  }
  if (doc.getElementsByTagName('*').length > MAX_ELEMENTS) {
    return { ok: false, reason: 'too-large', message: `the page has more than ${MAX_ELEMENTS} elements` };
  }
  if (doc.documentElement && deeperThan(doc.documentElement, MAX_DEPTH)) {
    return { ok: false, reason: 'too-large', message: `the page nests elements more than ${MAX_DEPTH} levels deep` };
  }
  // Detection and the fields only read the page; everything that writes works on a copy.
  const detection = detect(doc, url, enabled);
  const { rule, rules } = detection;
  const removed: Removal[] = [];
  recordPreClean(removed, options.keep);
  const lazyAttrs = [...new Set(rules.flatMap((r) => r.lazyImageAttrs).concat(generic.lazyImageAttrs))];

  if (rule !== generic && !detection.contentRoot && !rule.isArticle(url)) {
    return { ok: false, reason: 'not-article-url', message: `this ${rule.label.en} page is not an article (home or list page)` };
  }
  // The site's article frame is there but holds no text (a deleted or video-only article):
  // Readability on the whole page would make a post of the app banner and the related list.
  if (rule !== generic && !detection.contentRoot && (rule.fields.content?.selectors ?? []).some((s) => doc.querySelector(s))) {
    return { ok: false, reason: 'no-content', message: `this ${rule.label.en} article has no text in its body` };
  }

  // What the page says about itself is read here, from the untouched page: the pre-clean below
  // removes scripts, bylines' boxes and chrome that the metadata steps read.
  const signals = readPageSignals(doc);
  const heading = findHeading(doc);

  // Readability mutates what it gets: it never sees the page the user is reading.
  const narrowed = detection.contentRoot ? narrowCopy(doc, detection.contentRoot) : undefined;
  const target = narrowed?.copy ?? (doc.cloneNode(true) as Document);
  const root = narrowed?.root ?? null;
  promoteLazyImages(root ?? target, lazyAttrs, url.href);
  preClean(root ?? target, rules, url.href, removed);
  const rootHtml = root ? root.innerHTML : '';

  const skip = root !== null && options.readability !== 'always' && isPlainArticleMarkup(root);
  // Readability rewrites the copy it reads: the pre-cleaned root is set aside to judge what it left out.
  const pristine = root && !skip ? (root.cloneNode(true) as Element) : null;
  const parsed = skip ? null : new Readability(withHead(target, doc), { ...rule.readability, maxElemsToParse: MAX_ELEMENTS, keepClasses: false }).parse();

  let html = parsed ? parsed.content ?? '' : rootHtml;
  if (pristine) {
    // What Readability left out of the rule's root is judged by what it is, never by its length:
    // chrome (link lists, feeds, comments, the title again, the meta line, the disclaimer) goes and
    // is recorded; if what remains is article Readability lost (short-line articles), the root
    // without the chrome is the truth.
    pruneChrome(pristine, htmlText(html), [readField(doc, rule.fields.title) ?? heading ?? '', squash(doc.title), squash(doc.querySelector('meta[property="og:title"]')?.getAttribute('content'))], removed);
    if (textOf(html) < compact(pristine.textContent).length * 0.9) html = pristine.innerHTML;
  }
  const chars = textOf(html);
  if (!html || chars === 0) return { ok: false, reason: 'no-content', message: 'no article text was found on this page' };
  if (chars < (root ? MIN_ARTICLE_CHARS.siteRoot : MIN_ARTICLE_CHARS.generic)) {
    return { ok: false, reason: 'too-short', message: `the page has only ${chars} characters of text, too little for an article` };
  }
  if (!root && linkDensity(html, chars) > 0.5) {
    return { ok: false, reason: 'no-content', message: 'this looks like a list of links, not an article' };
  }

  const metadata = resolveMetadata({
    doc,
    url,
    rule,
    generic: rule === generic,
    signals,
    readability: parsed,
    timeZone: options.timeZone ?? rule.fields.published?.timeZone ?? 'Asia/Shanghai',
    heading,
    now: options.now ?? (() => new Date()),
  });
  return {
    ok: true,
    extraction: {
      detection,
      title: metadata.title || squash(doc.title) || 'untitled',
      published: metadata.published?.date,
      source: metadata.source,
      author: metadata.author,
      metadata,
      html,
      readability: parsed !== null,
      removed,
    },
  };
}
