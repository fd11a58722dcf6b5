/**
 * The pipeline. `STEPS` below is the order it runs in, and nothing else decides that order:
 *
 *   reading the page: parse-url → size-guard → detect → refuse-non-article → read-page-signals
 *     (the live page, only read) → copy-page → promote-lazy-images → pre-clean → readability
 *     (skipped on a plain site root) → prune-chrome → check-length → metadata
 *   cleaning the body: sanitize → record-removals → zero-width → tracking-images → link-lists →
 *     title-lines → promo-patterns → footers → app-calls → empty-blocks → finish-removals
 *   output: article → restore → post
 *
 * Everything after `sanitize` works on sanitized nodes only. `extract` stops after `metadata`,
 * `clipArticle` after `restore`, `clip` runs them all. Each step has one shape: it reads and
 * writes the context, and returns a refusal when the page is no article (the run stops there).
 * Pure: the document, URL, settings, sanitizer and clock come in as parameters, so it runs the
 * same in the content script, in jsdom tests and in the CLI.
 */
import { Readability } from '@mozilla/readability';
import type { Settings } from '../settings/schema';
import { compilePromoPattern } from '../settings/validate';
import { generic } from '../sites';
import type { SiteRule } from '../sites/types';
import { imagesOf, restoreArticle, unwrap } from './article';
import { formatIso } from './date';
import { detect, type Detection } from './detect';
import { deeperThan, linkDensity, MAX_DEPTH, MAX_ELEMENTS, MIN_ARTICLE_CHARS, textOf } from './guards';
import { buildPost, type HexoPost, type PostOptions } from './hexo';
import { removeLinkLists } from './link-lists';
import { findHeading, readField, readPageSignals, resolveMetadata, type ArticleMetadata } from './metadata';
import { htmlText, pruneChrome, removeLeadingTitleLines } from './page-chrome';
import { isPlainArticleMarkup } from './plain-markup';
import { narrowCopy, preClean, promoteLazyImages, withHead } from './pre-clean';
import { removeEmptyBlocks, removeFooters, removePromoPatterns, removeTrailingAppCalls, scrubZeroWidth, userPromoPatterns } from './promo';
import { exceptionMatcher, finishRemovals, recordPreClean, recordRemovals, type Restorable } from './removals';
import { compact, squash } from './text';
import { removeTrackingImages } from './tracking';
import type { Article, ClipDeps, ClipOutcome, NotArticleReason, Removal } from './types';

export { restoreArticle } from './article';

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

/** `restored`: ids of removals to put back (`Removal.id`), as the reader's 恢复 chose them. */
export interface ClipOptions extends ExtractOptions {
  restored?: readonly string[];
  /** What the post takes from its host: the pinyin converter, a blog's scaffold and file-name case. */
  post?: PostOptions;
}

type ExtractionOutcome = { ok: true; extraction: Extraction } | { ok: false; reason: NotArticleReason; message: string };

export type ClipResult = { ok: true; article: Article; post: HexoPost } | { ok: false; reason: string; message: string };

/** Why the run stopped: the page is no article, or none this pipeline can read. */
interface Refusal {
  reason: NotArticleReason;
  message: string;
}

/**
 * What the steps share. The inputs are fixed for the run; each step fills in what the later ones
 * read (the order of `STEPS` guarantees it is there, hence the `!` where they read it).
 */
interface StepContext {
  /** The page the user is reading: only ever read, never written (Readability works on `copy`). */
  readonly doc: Document;
  readonly pageUrl: string;
  /** Site rules switched on or off (`settings.sites`). */
  readonly sites: Record<string, boolean>;
  readonly options: ClipOptions;
  /** Absent for `extract`, which stops before anything needs them. */
  readonly settings?: Settings;
  readonly deps?: ClipDeps;

  url?: URL;
  detection?: Detection;
  /** Every removal so far; pre-clean's until `record-removals` starts the restorable record. */
  removed: Removal[];
  signals?: ReturnType<typeof readPageSignals>;
  heading?: string;
  /** The copy pre-clean and Readability work on, and the rule's content root inside it (null on generic pages). */
  copy?: Document;
  root?: Element | null;
  /** The pre-cleaned root as it was before Readability rewrote it; null when Readability did not run on a root. */
  pristine?: Element | null;
  parsed?: ReturnType<Readability['parse']> | null;
  html?: string;
  extraction?: Extraction;
  /** The sanitized body. */
  content?: Element;
  restorable?: Restorable;
  article?: Article;
  post?: HexoPost;
}

type Step = (ctx: StepContext) => Refusal | void;

function clipping(ctx: StepContext): { settings: Settings; deps: ClipDeps } {
  if (!ctx.settings || !ctx.deps) throw new Error('the cleaning steps need settings and deps (extract stops before them)');
  return { settings: ctx.settings, deps: ctx.deps };
}

const rulesOf = (ctx: StepContext): SiteRule[] => ctx.detection!.rules;

// Reading the page.

const parseUrl: Step = (ctx) => {
  try {
    ctx.url = new URL(ctx.pageUrl);
  } catch {
    return { reason: 'no-content', message: `not a valid page URL: ${ctx.pageUrl}` };
  }
};

const sizeGuard: Step = ({ doc }) => {
  if (doc.getElementsByTagName('*').length > MAX_ELEMENTS) return { reason: 'too-large', message: `the page has more than ${MAX_ELEMENTS} elements` };
  if (doc.documentElement && deeperThan(doc.documentElement, MAX_DEPTH)) return { reason: 'too-large', message: `the page nests elements more than ${MAX_DEPTH} levels deep` };
};

const detectStep: Step = (ctx) => {
  ctx.detection = detect(ctx.doc, ctx.url!, ctx.sites);
  recordPreClean(ctx.removed, ctx.options.keep);
};

const refuseNonArticle: Step = ({ doc, url, detection }) => {
  const { rule, contentRoot } = detection!;
  if (rule === generic || contentRoot) return;
  if (!rule.isArticle(url!)) return { reason: 'not-article-url', message: `this ${rule.label.en} page is not an article (home or list page)` };
  // The site's article frame is there but holds no text (a deleted or video-only article):
  // Readability on the whole page would make a post of the app banner and the related list.
  if ((rule.fields.content?.selectors ?? []).some((s) => doc.querySelector(s))) return { reason: 'no-content', message: `this ${rule.label.en} article has no text in its body` };
};

/** What the page says about itself, read from the untouched page: pre-clean removes scripts and boxes these read. */
const readPageSignalsStep: Step = (ctx) => {
  ctx.signals = readPageSignals(ctx.doc);
  ctx.heading = findHeading(ctx.doc);
};

/** Readability mutates what it gets: it never sees the page the user is reading. */
const copyPage: Step = (ctx) => {
  const contentRoot = ctx.detection!.contentRoot;
  const narrowed = contentRoot ? narrowCopy(ctx.doc, contentRoot) : undefined;
  ctx.copy = narrowed?.copy ?? (ctx.doc.cloneNode(true) as Document);
  ctx.root = narrowed?.root ?? null;
};

const promoteLazyImagesStep: Step = (ctx) => {
  const attrs = [...new Set(rulesOf(ctx).flatMap((r) => r.lazyImageAttrs).concat(generic.lazyImageAttrs))];
  promoteLazyImages(ctx.root ?? ctx.copy!, attrs, ctx.url!.href);
};

const preCleanStep: Step = (ctx) => preClean(ctx.root ?? ctx.copy!, rulesOf(ctx), ctx.url!.href, ctx.removed);

const readability: Step = (ctx) => {
  const { root, copy, doc } = ctx;
  const rule = ctx.detection!.rule;
  const rootHtml = root ? root.innerHTML : '';
  const skip = !!root && ctx.options.readability !== 'always' && isPlainArticleMarkup(root);
  // Readability rewrites the copy it reads: the pre-cleaned root is set aside to judge what it left out.
  ctx.pristine = root && !skip ? (root.cloneNode(true) as Element) : null;
  ctx.parsed = skip ? null : new Readability(withHead(copy!, doc), { ...rule.readability, maxElemsToParse: MAX_ELEMENTS, keepClasses: false }).parse();
  ctx.html = ctx.parsed ? (ctx.parsed.content ?? '') : rootHtml;
};

/**
 * What Readability left out of the rule's root is judged by what it is, never by its length:
 * chrome (link lists, feeds, comments, the title again, the meta line, the disclaimer) goes and is
 * recorded; if what remains is article Readability lost (short-line articles), the root without
 * the chrome is the truth.
 */
const pruneChromeStep: Step = (ctx) => {
  const { pristine, doc } = ctx;
  if (!pristine) return;
  const titles = [readField(doc, ctx.detection!.rule.fields.title) ?? ctx.heading ?? '', squash(doc.title), squash(doc.querySelector('meta[property="og:title"]')?.getAttribute('content'))];
  pruneChrome(pristine, htmlText(ctx.html!), titles, ctx.removed);
  if (textOf(ctx.html!) < compact(pristine.textContent).length * 0.9) ctx.html = pristine.innerHTML;
};

const checkLength: Step = ({ html, root }) => {
  const chars = textOf(html!);
  if (!html || chars === 0) return { reason: 'no-content', message: 'no article text was found on this page' };
  if (chars < (root ? MIN_ARTICLE_CHARS.siteRoot : MIN_ARTICLE_CHARS.generic)) return { reason: 'too-short', message: `the page has only ${chars} characters of text, too little for an article` };
  if (!root && linkDensity(html, chars) > 0.5) return { reason: 'no-content', message: 'this looks like a list of links, not an article' };
};

const metadata: Step = (ctx) => {
  const { doc, detection } = ctx;
  const { rule } = detection!;
  const found = resolveMetadata({
    doc,
    url: ctx.url!,
    rule,
    generic: rule === generic,
    signals: ctx.signals!,
    readability: ctx.parsed ?? null,
    timeZone: ctx.options.timeZone ?? rule.fields.published?.timeZone ?? 'Asia/Shanghai',
    heading: ctx.heading,
    now: ctx.options.now ?? (() => new Date()),
  });
  ctx.extraction = {
    detection: detection!,
    title: found.title || squash(doc.title) || 'untitled',
    published: found.published?.date,
    source: found.source,
    author: found.author,
    metadata: found,
    html: ctx.html!,
    readability: ctx.parsed != null,
    removed: ctx.removed,
  };
};

// Cleaning the body. From `sanitize` on only sanitized nodes exist.

const sanitize: Step = (ctx) => {
  const { deps } = clipping(ctx);
  const content = ctx.doc.createElement('div');
  content.appendChild(deps.sanitizer.toFragment(ctx.html!, ctx.doc));
  ctx.content = unwrap(content);
};

/** Post-clean's removals are restorable (markers in the body); pre-clean's record is carried over. */
const recordRemovalsStep: Step = (ctx) => {
  const pre = ctx.removed;
  ctx.removed = [...pre];
  recordRemovals(ctx.removed, ctx.content!, ctx.options.keep, pre);
};

const zeroWidth: Step = (ctx) => scrubZeroWidth(ctx.content!, ctx.removed);

const trackingImages: Step = (ctx) => removeTrackingImages(ctx.content!, ctx.removed, 'tracking', ctx.pageUrl);

/** Page chrome first: app calls and disclaimers are looked for at the article's end once it is gone. */
const linkLists: Step = (ctx) => {
  removeLinkLists(ctx.content!, ctx.removed);
};

const titleLines: Step = (ctx) => removeLeadingTitleLines(ctx.content!, [ctx.extraction!.title, ctx.doc.title], ctx.removed);

const promoPatterns: Step = (ctx) => {
  const { settings } = clipping(ctx);
  removePromoPatterns(ctx.content!, [...rulesOf(ctx).flatMap((r) => r.promo), ...userPromoPatterns(settings.promoPatterns, compilePromoPattern)], ctx.removed);
};

const footers: Step = (ctx) => removeFooters(ctx.content!, rulesOf(ctx).flatMap((r) => r.footers ?? []), ctx.removed);

const appCalls: Step = (ctx) => removeTrailingAppCalls(ctx.content!, ctx.removed);

const emptyBlocks: Step = (ctx) => removeEmptyBlocks(ctx.content!, ctx.removed);

const finishRemovalsStep: Step = (ctx) => {
  ctx.restorable = finishRemovals(ctx.removed);
};

// Output.

const article: Step = (ctx) => {
  const { settings } = clipping(ctx);
  const extraction = ctx.extraction!;
  const { rule, rules } = extraction.detection;
  const content = ctx.content!;
  const images = imagesOf(content);
  const warnings: string[] = [];
  const published = extraction.metadata.published;
  if (!published) warnings.push('no-publish-time');
  // Said where the time is shown: a day from the URL is not a time, an assumed zone may be hours off.
  if (published?.dayOnly) warnings.push('publish-time-day-only');
  if (published?.zoneAssumed) warnings.push('publish-time-zone-assumed');
  ctx.article = {
    site: rule.id,
    rules: rules.map((r) => r.id),
    generic: rule.id === 'generic',
    url: ctx.pageUrl,
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
    removed: ctx.removed,
    warnings,
    ...(ctx.restorable ? { restorable: ctx.restorable } : {}),
  };
};

/** The removals the reader's 恢复 chose, put back from the article alone. */
const restore: Step = (ctx) => {
  const { deps } = clipping(ctx);
  if (ctx.options.restored?.length) ctx.article = restoreArticle(ctx.article!, ctx.options.restored, deps.sanitizer);
};

const post: Step = (ctx) => {
  const { settings, deps } = clipping(ctx);
  ctx.post = buildPost(ctx.article!, settings, deps.now(), undefined, ctx.options.post);
};

/** The order. */
const STEPS = [
  ['parse-url', parseUrl],
  ['size-guard', sizeGuard],
  ['detect', detectStep],
  ['refuse-non-article', refuseNonArticle],
  ['read-page-signals', readPageSignalsStep],
  ['copy-page', copyPage],
  ['promote-lazy-images', promoteLazyImagesStep],
  ['pre-clean', preCleanStep],
  ['readability', readability],
  ['prune-chrome', pruneChromeStep],
  ['check-length', checkLength],
  ['metadata', metadata],
  ['sanitize', sanitize],
  ['record-removals', recordRemovalsStep],
  ['zero-width', zeroWidth],
  ['tracking-images', trackingImages],
  ['link-lists', linkLists],
  ['title-lines', titleLines],
  ['promo-patterns', promoPatterns],
  ['footers', footers],
  ['app-calls', appCalls],
  ['empty-blocks', emptyBlocks],
  ['finish-removals', finishRemovalsStep],
  ['article', article],
  ['restore', restore],
  ['post', post],
] as const satisfies readonly (readonly [string, Step])[];

export type StepName = (typeof STEPS)[number][0];

/** The step names in the order they run (the README's pipeline paragraph is checked against it). */
export const STEP_NAMES: readonly StepName[] = STEPS.map(([name]) => name);

/** Runs the steps from the first through `last`; the refusal that stopped it, if one did. */
function runThrough(ctx: StepContext, last: StepName): Refusal | undefined {
  for (const [name, step] of STEPS) {
    const refusal = step(ctx);
    if (refusal) return refusal;
    if (name === last) return undefined;
  }
  return undefined;
}

function context(doc: Document, pageUrl: string, settings: Settings, deps: ClipDeps, options?: ClipOptions): StepContext {
  const keep = exceptionMatcher(settings.exceptions, pageUrl, compilePromoPattern);
  return { doc, pageUrl, sites: settings.sites, settings, deps, options: { timeZone: settings.timezone, now: deps.now, ...options, keep }, removed: [] };
}

/** Detection and extraction only: the site rule, the fields and the unsanitized body. Never touches the live document. */
export function extract(doc: Document, pageUrl: string, enabled: Record<string, boolean>, options: ExtractOptions = {}): ExtractionOutcome {
  const ctx: StepContext = { doc, pageUrl, sites: enabled, options, removed: [] };
  const refusal = runThrough(ctx, 'metadata');
  return refusal ? { ok: false, ...refusal } : { ok: true, extraction: ctx.extraction! };
}

/** Extracts and cleans the article; the result is what the reader shows and a save writes. */
export function clipArticle(doc: Document, pageUrl: string, settings: Settings, deps: ClipDeps, options?: ClipOptions): ClipOutcome {
  const ctx = context(doc, pageUrl, settings, deps, options);
  const refusal = runThrough(ctx, 'restore');
  return refusal ? { ok: false, ...refusal } : { ok: true, article: ctx.article! };
}

/** The whole job: article and Hexo post. */
export function clip(doc: Document, pageUrl: string, settings: Settings, deps: ClipDeps, options?: ClipOptions): ClipResult {
  const ctx = context(doc, pageUrl, settings, deps, options);
  const refusal = runThrough(ctx, 'post');
  return refusal ? { ok: false, ...refusal } : { ok: true, article: ctx.article!, post: ctx.post! };
}
