/**
 * Detection and extraction: picks the site rule, reads the metadata fields, pre-cleans a clone of
 * the page and runs Readability on the rule's content root. Never touches the live document.
 */
import { Readability } from '@mozilla/readability';
import { generic, ruleForHost, SITE_RULES } from '../sites';
import { findContentRoot } from '../sites/page';
import type { FieldRule, SiteRule } from '../sites/types';
import { parseIsoDate, parsePageDate } from './date';
import { headMetadata, type PageMetadata } from './page-metadata';
import { htmlText, pruneChrome } from './page-chrome';
import { isPlainArticleMarkup } from './plain-markup';
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
  /** The body HTML, still unsanitized: Readability's, or the site root's where Readability had nothing to do. */
  html: string;
  /** Whether Readability ran; false on a plain site root (plain-markup.ts). */
  readability: boolean;
  removed: Removal[];
}

/** `always` runs Readability even on plain markup: the differential test compares the two paths. */
export interface ExtractOptions {
  readability?: 'when-needed' | 'always';
}

export type ExtractionOutcome = { ok: true; extraction: Extraction } | { ok: false; reason: NotArticleReason; message: string };

export function readField(doc: ParentNode, rule: FieldRule | undefined): string | undefined {
  if (!rule) return undefined;
  for (const selector of rule.selectors) {
    for (const el of Array.from(doc.querySelectorAll(selector))) {
      const raw = rule.attr ? el.getAttribute(rule.attr) : el.textContent;
      let value = squash(raw);
      if (rule.pattern) value = squash(rule.pattern.exec(value)?.[1]);
      if (value) return value;
    }
  }
  return undefined;
}

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
    if (el.tagName === 'SCRIPT') removed.push({ step: 'script', reason: 'script', text: squash(el.textContent).slice(0, 80) || el.getAttribute('src') || '' });
    el.remove();
  }
  for (const rule of rules) {
    for (const { selector, reason } of rule.clean) {
      for (const el of Array.from(root.querySelectorAll(selector))) {
        removed.push({ step: 'pre-clean', reason, text: squash(el.textContent).slice(0, 80) });
        el.remove();
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

/**
 * The article heading rather than `<title>`, which carries the site's name. Read before
 * Readability runs, since it removes headings it considers duplicates of the title.
 */
function findHeading(doc: Document): string | undefined {
  const pageTitle = squash(doc.querySelector('meta[property="og:title"]')?.getAttribute('content')) || squash(doc.title);
  for (const h of Array.from(doc.querySelectorAll('h1, h2')).slice(0, 5)) {
    const text = squash(h.textContent);
    if (text.length >= 4 && pageTitle.includes(text)) return text;
  }
  return undefined;
}

/** Readability strips a site suffix by counting words, which fails on Chinese titles without spaces. */
function withoutSiteName(title: string, siteName: string | undefined): string {
  if (!siteName) return title;
  const escaped = siteName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return title.replace(new RegExp(`\\s*[-_|｜—–·]\\s*${escaped}\\s*$`), '');
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
  const lazyAttrs = [...new Set(rules.flatMap((r) => r.lazyImageAttrs).concat(generic.lazyImageAttrs))];

  if (rule !== generic && !detection.contentRoot && !rule.isArticle(url)) {
    return { ok: false, reason: 'not-article-url', message: `this ${rule.label.en} page is not an article (home or list page)` };
  }
  // The site's article frame is there but holds no text (a deleted or video-only article):
  // Readability on the whole page would make a post of the app banner and the related list.
  if (rule !== generic && !detection.contentRoot && (rule.fields.content?.selectors ?? []).some((s) => doc.querySelector(s))) {
    return { ok: false, reason: 'no-content', message: `this ${rule.label.en} article has no text in its body` };
  }

  const title = readField(doc, rule.fields.title) ?? findHeading(doc);
  const publishedText = readField(doc, rule.fields.published);
  const timeZone = rule.fields.published?.timeZone ?? 'Asia/Shanghai';
  const source = readField(doc, rule.fields.source);
  const author = readField(doc, rule.fields.author);

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
  const parsed = skip ? null : new Readability(withHead(target, doc), { charThreshold: 20, maxElemsToParse: MAX_ELEMENTS, keepClasses: false }).parse();
  const meta: PageMetadata = parsed ?? headMetadata(doc);

  let html = parsed ? parsed.content ?? '' : rootHtml;
  if (pristine) {
    // What Readability left out of the rule's root is judged by what it is, never by its length:
    // chrome (link lists, feeds, comments, the title again, the meta line, the disclaimer) goes and
    // is recorded; if what remains is article Readability lost (short-line articles), the root
    // without the chrome is the truth.
    pruneChrome(pristine, htmlText(html), [title ?? '', squash(doc.title), squash(doc.querySelector('meta[property="og:title"]')?.getAttribute('content'))], removed);
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

  return {
    ok: true,
    extraction: {
      detection,
      title: title || withoutSiteName(squash(meta.title) || squash(doc.title), squash(meta.siteName)) || 'untitled',
      published: publishedText ? parsePageDate(publishedText, timeZone) : parseIsoDate(meta.publishedTime, timeZone),
      source: source || squash(meta.siteName) || undefined,
      author: author || squash(meta.byline) || undefined,
      html,
      readability: parsed !== null,
      removed,
    },
  };
}
