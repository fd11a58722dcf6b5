/**
 * Where an article's title, dates, author, source and language come from, and in which order of
 * trust. Everything the page says about itself is read here, from the untouched page, before
 * the pre-clean removes `<script>` (JSON-LD with it). The order is the `TRUST` table below; the
 * rest of this file only reads the candidates each step offers.
 */
import { findContentRoot } from '../sites/page';
import type { FieldRule, SiteRule } from '../sites/types';
import { fromOffset, fromZoned, isTimeZone, readDateText, zonedParts, type DateText } from './date';
import type { PageMetadata } from './page-metadata';
import { squash } from './text';

/** Where a value was read. */
export type MetaSource = 'rule' | 'visible' | 'time' | 'meta' | 'json-ld' | 'readability' | 'url' | 'heading';

/**
 * The order of trust, first found wins. A named site's own selectors know its template; its
 * visible time stamp is what readers see, while its head tags are often missing or stale. On
 * any other page the machine-readable statements come first: JSON-LD is written for search
 * engines and is the most deliberate, then `<meta>`, then `<time datetime>`, then what
 * Readability guessed; a stamp next to the title and a date in the URL come last.
 */
export const TRUST = {
  site: {
    title: ['rule', 'heading', 'json-ld', 'meta', 'readability'],
    published: ['rule', 'visible', 'time', 'meta', 'json-ld', 'url'],
    modified: ['json-ld', 'meta', 'time'],
    author: ['rule', 'json-ld', 'meta', 'readability'],
    source: ['rule', 'visible', 'meta', 'json-ld', 'readability'],
    language: ['json-ld', 'meta', 'readability'],
  },
  generic: {
    title: ['heading', 'json-ld', 'meta', 'readability'],
    published: ['json-ld', 'meta', 'time', 'readability', 'visible', 'url'],
    modified: ['json-ld', 'meta', 'time'],
    author: ['json-ld', 'meta', 'readability'],
    source: ['meta', 'json-ld', 'visible', 'readability'],
    language: ['json-ld', 'meta', 'readability'],
  },
} as const satisfies Record<'site' | 'generic', Record<keyof Fields, readonly MetaSource[]>>;

interface Fields {
  title?: string;
  published?: string;
  modified?: string;
  author?: string;
  source?: string;
  language?: string;
}

/** One step's offer for every field. Dates stay text until the chain picks one and its zone. */
type Offer = Fields;

/** What the page says about itself, read before any cleaning. */
export interface PageSignals {
  jsonLd: Offer;
  meta: Offer;
  time: Offer;
  /** Offsets stated by any dated element of the page: the zone a naive date there is in. */
  offsets: number[];
  /** An IANA zone the page names in a `<meta>`. */
  zoneName?: string;
}

export interface DateReading {
  date: Date;
  from: MetaSource;
  /** Only the day is known (a bare date, a date in the URL): the time written is 00:00. */
  dayOnly: boolean;
  /** The page gave no zone for a date without an offset; it was read in the user's zone. */
  zoneAssumed: boolean;
}

export interface ArticleMetadata {
  title?: string;
  published?: DateReading;
  modified?: DateReading;
  author?: string;
  source?: string;
  language?: string;
  /** Which step each field came from, for tests and the reader's tooltip. */
  from: Partial<Record<keyof Fields, MetaSource>>;
}

// ---- JSON-LD ----

type Json = Record<string, unknown>;

const ARTICLE_TYPE = /(Article|BlogPosting|Posting|Report)$/;
const PAGE_TYPE = /(WebPage|ItemPage)$/;

function types(node: Json): string[] {
  const t = node['@type'];
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string');
}

/** Every object of the JSON-LD blocks: top level, arrays, `@graph` and nested `mainEntity`. */
function flatten(value: unknown, out: Json[], depth = 0): void {
  if (depth > 8 || !value || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) flatten(v, out, depth + 1);
    return;
  }
  const node = value as Json;
  out.push(node);
  flatten(node['@graph'], out, depth + 1);
  flatten(node.mainEntity, out, depth + 1);
}

function parseJsonLd(text: string): unknown {
  // CMSs wrap the block in comments or CDATA markers.
  const cleaned = text.replace(/^\s*(?:<!--|\/\/\s*<!\[CDATA\[)/, '').replace(/(?:-->|\/\/\s*\]\]>)\s*$/, '');
  try {
    return JSON.parse(cleaned);
  } catch {
    return undefined;
  }
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return squash(value) || undefined;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** A person or organisation: a string, `{name}`, an `@id` reference into the graph, or a list of those. */
function names(value: unknown, byId: Map<string, Json>): string | undefined {
  const list = (Array.isArray(value) ? value : [value]).flatMap((v) => {
    if (typeof v === 'string') return [squash(v)];
    if (!v || typeof v !== 'object') return [];
    const node = v as Json;
    const ref = typeof node['@id'] === 'string' ? byId.get(node['@id']) : undefined;
    const name = str(node.name) ?? str(ref?.name);
    return name ? [name] : [];
  });
  const unique = [...new Set(list.filter(Boolean))];
  return unique.length ? unique.join(', ') : undefined;
}

function jsonLdOffer(doc: Document): Offer {
  const nodes: Json[] = [];
  for (const script of Array.from(doc.getElementsByTagName('script'))) {
    if (!/^\s*application\/ld\+json\s*$/i.test(script.getAttribute('type') ?? '')) continue;
    flatten(parseJsonLd(script.textContent ?? ''), nodes);
  }
  if (!nodes.length) return {};
  const byId = new Map<string, Json>();
  for (const n of nodes) if (typeof n['@id'] === 'string') byId.set(n['@id'], n);
  const article = nodes.find((n) => types(n).some((t) => ARTICLE_TYPE.test(t)));
  const page = nodes.find((n) => types(n).some((t) => PAGE_TYPE.test(t)));
  const site = nodes.find((n) => types(n).includes('WebSite'));
  const main = article ?? page;
  if (!main) return {};
  const lang = main.inLanguage ?? page?.inLanguage;
  return {
    title: str(main.headline) ?? (article ? str(main.name) : undefined),
    published: str(main.datePublished) ?? str(main.dateCreated) ?? (article ? str(page?.datePublished) : undefined),
    modified: str(main.dateModified) ?? (article ? str(page?.dateModified) : undefined),
    author: names(main.author, byId) ?? names(main.creator, byId),
    source: names(main.publisher, byId) ?? str(site?.name),
    language: str(lang) ?? (lang && typeof lang === 'object' ? str((lang as Json).alternateName) ?? str((lang as Json).name) : undefined),
  };
}

// ---- <meta> ----

/** `<meta>` keys per field (property, name, itemprop or http-equiv), first found wins. */
const META_KEYS: Record<keyof Fields, string[]> = {
  title: ['og:title', 'twitter:title', 'dc.title'],
  published: ['article:published_time', 'og:article:published_time', 'datepublished', 'pubdate', 'publishdate', 'publish-date', 'dc.date.issued', 'dcterms.created', 'dc.date', 'parsely-pub-date', 'sailthru.date', 'date'],
  modified: ['article:modified_time', 'og:updated_time', 'datemodified', 'dcterms.modified', 'last-modified'],
  author: ['author', 'article:author', 'dc.creator', 'parsely-author', 'sailthru.author'],
  source: ['og:site_name', 'application-name'],
  language: ['og:locale', 'content-language', 'dc.language'],
};

function metaOffer(doc: Document): { offer: Offer; zoneName?: string } {
  const content = new Map<string, string>();
  // One pass over the `<meta>` elements: a selector query per key costs more than the walk in jsdom.
  for (const meta of Array.from(doc.getElementsByTagName('meta'))) {
    const value = squash(meta.getAttribute('content'));
    if (!value) continue;
    for (const attr of ['property', 'name', 'itemprop', 'http-equiv']) {
      const key = meta.getAttribute(attr)?.toLowerCase();
      if (key && !content.has(key)) content.set(key, value);
    }
  }
  const offer: Offer = {};
  for (const field of Object.keys(META_KEYS) as (keyof Fields)[]) {
    // `article:author` is often a profile URL, not a name.
    const value = META_KEYS[field].map((k) => content.get(k)).find((v) => v !== undefined && !(field === 'author' && /^https?:/.test(v)));
    if (value) offer[field] = value;
  }
  if (offer.language) offer.language = offer.language.replace(/_/g, '-');
  const zone = content.get('timezone') ?? content.get('article:timezone');
  return { offer, zoneName: zone && isTimeZone(zone) ? zone : undefined };
}


// ---- <time datetime> ----

function timeOffer(doc: Document): Offer {
  const times = Array.from(doc.getElementsByTagName('time')).filter((t) => readDateText(t.getAttribute('datetime') ?? ''));
  const marked = (re: RegExp) => times.find((t) => re.test(`${t.getAttribute('itemprop') ?? ''} ${t.getAttribute('class') ?? ''} ${t.hasAttribute('pubdate') ? 'pubdate' : ''}`));
  const published = marked(/datePublished|pubdate|publish|posted/i) ?? times.find((t) => !/modif|updat/i.test(`${t.getAttribute('itemprop') ?? ''} ${t.getAttribute('class') ?? ''}`));
  const modified = marked(/dateModified|modif|updat/i);
  return { published: published?.getAttribute('datetime') ?? undefined, modified: modified?.getAttribute('datetime') ?? undefined };
}

/** Reads everything the page states about itself. Call it on the page before any cleaning. */
export function readPageSignals(doc: Document): PageSignals {
  const jsonLd = jsonLdOffer(doc);
  const { offer: meta, zoneName } = metaOffer(doc);
  const time = timeOffer(doc);
  const offsets = [jsonLd, meta, time].flatMap((o) => [o.published, o.modified]).flatMap((t) => {
    const read = t ? readDateText(t) : undefined;
    return read?.offset !== undefined ? [read.offset] : [];
  });
  return { jsonLd, meta, time, offsets, ...(zoneName ? { zoneName } : {}) };
}

// ---- the visible stamp near the title, and the URL ----

/** `2021-07-27 15:58`, `2021年7月27日 15:58`, or `07-27 15:58` whose year is read elsewhere. */
const SHORT_STAMP = /(?<![\d-])(\d{1,2})\s*[-/月]\s*(\d{1,2})\s*日?\s+(\d{1,2})\s*[:：]\s*(\d{2})(?![\d])/;
const SOURCE_LABEL = /来源\s*[：:]\s*([^\s|｜,，;；]{1,30})/;

/**
 * The text shown right around the title (the meta line of most templates): the title's next
 * siblings, then its parents', up to a few hundred characters, never entering the article body.
 */
/** An element's text with its text nodes kept apart: `<span>来源：某报</span><span>03-19</span>`. */
function spacedText(el: Element): string {
  const walker = el.ownerDocument.createTreeWalker(el, 4);
  const parts: string[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) parts.push(n.nodeValue ?? '');
  return squash(parts.join(' '));
}

function textNearTitle(doc: Document, titleEl: Element | null, body: Element | null): string {
  if (!titleEl) return '';
  const parts: string[] = [];
  let length = 0;
  const previous = titleEl.previousElementSibling;
  if (previous && !previous.contains(body) && squash(previous.textContent).length <= 80) parts.push(spacedText(previous));
  let node: Element | null = titleEl;
  for (let level = 0; node && level < 3 && length < 300; level++) {
    for (let sib = node.nextElementSibling; sib && length < 300; sib = sib.nextElementSibling) {
      if (sib === body || sib.contains(body)) return parts.join(' ');
      const text = spacedText(sib);
      parts.push(text);
      length += text.length;
    }
    node = node.parentElement;
    if (node === doc.body) break;
  }
  return parts.join(' ');
}

interface Visible {
  published?: DateText;
  source?: string;
}

function visibleStamp(text: string, yearHint: number | undefined): Visible {
  const out: Visible = {};
  const source = SOURCE_LABEL.exec(text)?.[1];
  if (source) out.source = source;
  const full = readDateText(text);
  if (full) {
    out.published = full;
    return out;
  }
  const short = SHORT_STAMP.exec(text);
  if (short && yearHint) {
    const parts = { year: yearHint, month: +short[1]!, day: +short[2]!, hour: +short[3]!, minute: +short[4]!, second: 0 };
    if (parts.month >= 1 && parts.month <= 12 && parts.day >= 1 && parts.day <= 31 && parts.hour <= 23 && parts.minute <= 59) {
      out.published = { parts, hasTime: true };
    }
  }
  return out;
}

/** `/detail/2022/03/19/…`, `/2022-03-19/…`, `/20220319/…`: the day an article was filed. */
export function dateInUrl(url: URL): DateText | undefined {
  const m = /\/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?=[/._-]|$)/.exec(url.pathname) ?? /\/((?:19|20)\d{2})(\d{2})(\d{2})(?=[/._-]|$)/.exec(url.pathname);
  if (!m) return undefined;
  const parts = { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: 0, minute: 0, second: 0 };
  if (parts.month < 1 || parts.month > 12 || parts.day < 1 || parts.day > 31) return undefined;
  return { parts, hasTime: false };
}

// ---- the chain ----

export interface ResolveInput {
  doc: Document;
  url: URL;
  rule: SiteRule;
  /** Whether `rule` is the generic one. */
  generic: boolean;
  signals: PageSignals;
  /** Readability's reading, or null when it did not run. */
  readability: PageMetadata | null;
  /** The user's zone: for days without a time and for dates the page gives no zone for. */
  timeZone: string;
  /** The page heading, read before cleaning (Readability may drop it). */
  heading?: string;
  now: () => Date;
}

/** A rule's field: the first selector that yields text wins; `pattern`'s first group narrows it. */
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

/** Readability strips a site suffix by counting words, which fails on Chinese titles without spaces. */
export function withoutSiteName(title: string, siteName: string | undefined): string {
  if (!siteName) return title;
  const escaped = siteName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return title.replace(new RegExp(`\\s*[-_|｜—–·:]\\s*${escaped}\\s*$`), '');
}

/**
 * The article's metadata by the order of trust in `TRUST`. Dates: an offset in the text is kept;
 * else a named site's zone; else the page's own (an offset it states elsewhere, a zone `<meta>`);
 * else the user's zone, said so in `zoneAssumed`. A bare day is that day at 00:00 in the user's
 * zone, said so in `dayOnly`.
 */
export function resolveMetadata(input: ResolveInput): ArticleMetadata {
  const { doc, url, rule, signals, readability } = input;
  const order = input.generic ? TRUST.generic : TRUST.site;
  const ruleZone = rule.fields.published?.timeZone;
  const pageZone = signals.zoneName ?? (signals.offsets.length ? signals.offsets[0] : undefined);

  let visible: Visible | undefined;
  const lazyVisible = (): Visible => {
    if (visible) return visible;
    const titleEl = (rule.fields.title?.selectors ?? []).map((s) => doc.querySelector(s)).find(Boolean) ?? doc.querySelector('h1');
    const body = findContentRoot(doc, rule);
    const yearHint = [signals.jsonLd.published, signals.meta.published, signals.time.published].map((t) => (t ? readDateText(t)?.parts.year : undefined)).find(Boolean) ?? dateInUrl(url)?.parts.year ?? yearNow(input.now(), input.timeZone);
    visible = visibleStamp(textNearTitle(doc, titleEl ?? null, body), yearHint);
    return visible;
  };

  const readabilityOffer: Offer = readability
    ? { title: readability.title ?? undefined, published: readability.publishedTime ?? undefined, author: readability.byline ?? undefined, source: readability.siteName ?? undefined, language: readability.lang ?? undefined }
    : {};

  const offer = (from: MetaSource, field: keyof Fields): string | undefined => {
    switch (from) {
      case 'rule':
        return field === 'title' || field === 'published' || field === 'author' || field === 'source' ? readField(doc, rule.fields[field]) : undefined;
      case 'heading':
        return input.heading;
      case 'json-ld':
        return signals.jsonLd[field];
      case 'meta':
        return signals.meta[field];
      case 'time':
        return signals.time[field];
      case 'readability':
        return squash(readabilityOffer[field]) || undefined;
      case 'visible':
        return field === 'source' ? lazyVisible().source : undefined;
      default:
        return undefined;
    }
  };

  const result: ArticleMetadata = { from: {} };
  for (const field of ['title', 'author', 'source', 'language'] as const) {
    for (const from of order[field] as readonly MetaSource[]) {
      const value = offer(from, field);
      if (value) {
        result[field] = value;
        result.from[field] = from;
        break;
      }
    }
  }
  if (result.title && result.from.title !== 'rule' && result.from.title !== 'heading') {
    result.title = withoutSiteName(result.title, signals.meta.source ?? signals.jsonLd.source ?? (squash(readabilityOffer.source) || undefined));
  }

  const toReading = (read: DateText, from: MetaSource): DateReading => {
    if (!read.hasTime) {
      return { date: fromZoned(read.parts, input.timeZone), from, dayOnly: true, zoneAssumed: false };
    }
    if (read.offset !== undefined) return { date: fromOffset(read.parts, read.offset), from, dayOnly: false, zoneAssumed: false };
    if (ruleZone) return { date: fromZoned(read.parts, ruleZone), from, dayOnly: false, zoneAssumed: false };
    if (typeof pageZone === 'string') return { date: fromZoned(read.parts, pageZone), from, dayOnly: false, zoneAssumed: false };
    if (typeof pageZone === 'number') return { date: fromOffset(read.parts, pageZone), from, dayOnly: false, zoneAssumed: false };
    return { date: fromZoned(read.parts, input.timeZone), from, dayOnly: false, zoneAssumed: true };
  };

  for (const field of ['published', 'modified'] as const) {
    for (const from of order[field] as readonly MetaSource[]) {
      let read: DateText | undefined;
      if (from === 'visible') read = lazyVisible().published;
      else if (from === 'url') read = dateInUrl(url);
      else {
        const text = offer(from, field);
        read = text ? readDateText(text) : undefined;
      }
      if (read) {
        result[field] = toReading(read, from);
        result.from[field] = from;
        break;
      }
    }
  }
  return result;
}

function yearNow(now: Date, timeZone: string): number {
  return zonedParts(now, timeZone).year;
}

/**
 * The article heading rather than `<title>`, which carries the site's name. Read before
 * Readability runs, since it removes headings it considers duplicates of the title.
 */
export function findHeading(doc: Document): string | undefined {
  const pageTitle = squash(doc.querySelector('meta[property="og:title"]')?.getAttribute('content')) || squash(doc.title);
  for (const h of Array.from(doc.querySelectorAll('h1, h2')).slice(0, 5)) {
    const text = squash(h.textContent);
    if (text.length >= 4 && pageTitle.includes(text)) return text;
  }
  return undefined;
}
