/**
 * An article's identity: the one key the blog index, the batch journal and the popup use to
 * tell "already saved". Pure and cheap: no DOM, no clock.
 *
 * Forms (the prefix says which; two identities are the same article when the strings are equal):
 * - `qtt:ID`   a Qutoutiao article (its `content_id`), on any of its share hosts
 * - `qilu:ID`  a 齐鲁壹点 article id, on www. or m.
 * - `url:URL`  any other page: its URL normalised
 * - `title:TEXT@YYYY-MM-DDTHH:MMZ`  no URL known (the archive's posts record none): the title
 *   normalised and the publish instant to the minute, in UTC
 */
import { fromZoned } from './date';

export type Identity = string;

const QTT_HOSTS = /(^|\.)(qktoutiao\.com|qutoutiao\.net)$|^html\.shehuitu\.com$/;
const QILU_HOSTS = /(^|\.)ql1d\.com$/;

/**
 * Query parameters that say how a reader arrived, not which article: dropped so that a link from
 * a share sheet and a link from a feed are the same article.
 */
// Only names that are tracking everywhere: on a page of an unknown site any other parameter may
// be what picks the article.
const TRACKING_PARAM = /^(utm_.*|spm|from|share.*|fbclid|gclid|dclid|msclkid|yclid|mc_cid|mc_eid|_hsenc|_hsmi|igshid|ref_src|wxshare_count|isappinstalled|scene|clicktime|enterid)$/i;

const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443' };

function parseUrl(url: string): URL | undefined {
  try {
    const u = new URL(url.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : undefined;
  } catch {
    return undefined;
  }
}

/** A site's own article id, when the URL is one of the named sites' article URLs. */
function siteIdentity(u: URL): Identity | undefined {
  const host = u.hostname.toLowerCase();
  if (QTT_HOSTS.test(host)) {
    const path = /\/detail\/\d{4}\/\d{1,2}\/\d{1,2}\/(\d+)\.s?html?$/.exec(u.pathname)?.[1];
    const param = u.searchParams.get('content_id') ?? u.searchParams.get('id');
    const id = path ?? (param && /^\d+$/.test(param) ? param : undefined);
    if (id) return `qtt:${id.replace(/^0+(?=\d)/, '')}`;
  }
  if (QILU_HOSTS.test(host)) {
    const id = /^\/(?:general|news\/show\/id|news|article|detail)\/(?:[\w-]+\/)*?(\d+)(?:\.s?html?)?$/.exec(u.pathname)?.[1];
    if (id) return `qilu:${id.replace(/^0+(?=\d)/, '')}`;
  }
  return undefined;
}

/**
 * The URL in one spelling: lower-case scheme and host, no default port, no fragment, no
 * tracking parameters, the rest sorted (by name, then value: the order of repeated names is
 * kept because the sort is stable). The path keeps its case: servers may tell paths apart by it.
 */
export function normalizeUrl(url: string): string | undefined {
  const u = parseUrl(url);
  if (!u) return undefined;
  u.hash = '';
  if (DEFAULT_PORT[u.protocol] === u.port) u.port = '';
  const kept = [...u.searchParams].filter(([name]) => !TRACKING_PARAM.test(name));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  u.search = new URLSearchParams(kept).toString();
  let out = u.toString();
  if (u.pathname === '/' && !u.search) out = out.replace(/\/$/, '');
  return out;
}

/** The identity of a page URL; undefined when it is not an http(s) URL. */
export function urlIdentity(url: string): Identity | undefined {
  const u = parseUrl(url);
  if (!u) return undefined;
  const site = siteIdentity(u);
  if (site) return site;
  const normal = normalizeUrl(url);
  return normal ? `url:${normal}` : undefined;
}

// Invisible characters that survive copy and paste.
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]/g;
// The archive's scraper wrote `''` for `"` and `_` for `“”`; quotes of any width and style are
// noise when telling two titles apart, and the date beside the title keeps collisions away.
const QUOTE_LIKE = /["'`“”„‟‘’‚‛«»‹›「」『』〝〞〟＂＇_]/g;

/** The title as the identity compares it: NFKC (full width → half width), no quotes, no white space, lower case. */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(QUOTE_LIKE, '')
    .replace(/\s+/g, '')
    .toLowerCase();
}

const RFC1123 = /^[A-Za-z]{3},\s*\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(:\d{2})?\s*(GMT|UTC|Z|[+-]\d{4})$/;
const LOCAL = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * A front-matter or page date as an instant. Hexo's own forms: `2021-07-27 15:58:00` (wall clock
 * in the blog's `timezone`), RFC 1123 with GMT (the archive), ISO 8601 with an offset, or a Date
 * (a YAML 1.1 reader's timestamp). Undefined when it is none of these.
 */
export function parsePostDate(value: unknown, timeZone: string): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (RFC1123.test(text) || WITH_OFFSET.test(text)) {
    const d = new Date(text);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  const m = LOCAL.exec(text);
  if (!m) return undefined;
  const parts = { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +(m[4] ?? 0), minute: +(m[5] ?? 0), second: +(m[6] ?? 0) };
  if (parts.month < 1 || parts.month > 12 || parts.day < 1 || parts.day > 31 || parts.hour > 23 || parts.minute > 59 || parts.second > 59) return undefined;
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  try {
    return new Date(wall + dayOffset(parts, timeZone));
  } catch {
    return undefined;
  }
}

/**
 * The zone's offset (ms to add to a wall clock read as UTC) on this day. Intl is slow (tens of µs
 * a call) and the index reads tens of thousands of dates, so a day whose offset is the same at
 * its first and last hour is looked up once; a day on which the clocks change is computed exactly.
 */
function dayOffset(parts: { year: number; month: number; day: number; hour: number; minute: number; second: number }, timeZone: string): number {
  const key = `${timeZone}|${parts.year}-${parts.month}-${parts.day}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    const at = (hour: number) => fromZoned({ ...parts, hour, minute: 0, second: 0 }, timeZone).getTime() - Date.UTC(parts.year, parts.month - 1, parts.day, hour);
    const first = at(0);
    offset = first === at(23) ? first : Number.NaN;
    if (offsetCache.size > 100_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  if (!Number.isNaN(offset)) return offset;
  return fromZoned(parts, timeZone).getTime() - Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

const offsetCache = new Map<string, number>();

/** `title:…@2021-07-27T07:58Z`; undefined without a title or a readable date. */
export function titleDateIdentity(title: string, date: Date | undefined): Identity | undefined {
  const t = normalizeTitle(title);
  if (!t || !date || Number.isNaN(date.getTime())) return undefined;
  const minute = new Date(Math.floor(date.getTime() / 60000) * 60000).toISOString().slice(0, 16);
  return `title:${t}@${minute}Z`;
}

export interface IdentityInput {
  url?: string | null;
  title?: string | null;
  /** A Date, or a date string in one of Hexo's forms (see `parsePostDate`). */
  date?: Date | string | null;
  /** For date strings without an offset; the blog's timezone. */
  timeZone?: string;
}

/**
 * The article's identity: from its URL when it has one, else from title plus date. Undefined
 * when neither is usable.
 */
export function articleIdentity(input: IdentityInput): Identity | undefined {
  if (input.url) {
    const id = urlIdentity(input.url);
    if (id) return id;
  }
  const date = parsePostDate(input.date, input.timeZone ?? 'UTC');
  return titleDateIdentity(input.title ?? '', date);
}

/**
 * Every identity an article answers to: its URL's and its title+date's. A clip is "already
 * saved" when any of these is in the index, so a post saved without a URL (the archive) is
 * found by a clip that has one.
 */
export function articleIdentities(input: IdentityInput): Identity[] {
  const out: Identity[] = [];
  const byUrl = input.url ? urlIdentity(input.url) : undefined;
  if (byUrl) out.push(byUrl);
  const byTitle = titleDateIdentity(input.title ?? '', parsePostDate(input.date, input.timeZone ?? 'UTC'));
  if (byTitle) out.push(byTitle);
  return out;
}

/** The identities a saved post answers to, from its front matter (`source_url`, `title`, `date`). */
export function postIdentities(frontMatter: Record<string, unknown>, timeZone: string): Identity[] {
  const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  return articleIdentities({
    // Only `source_url`: a theme's `link` is the page a link post points to, not where it came from.
    url: text(frontMatter.source_url),
    title: text(frontMatter.title),
    date: frontMatter.date instanceof Date ? frontMatter.date : text(frontMatter.date),
    timeZone,
  });
}
