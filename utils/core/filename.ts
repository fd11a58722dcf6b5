/**
 * Post file names from a Hexo `new_post_name`-style pattern: safe on Windows, macOS and Linux, and
 * names real Hexo 8 processes and serves. Found by trying (tests/blog/filename-hexo.test.ts):
 * - a `%` not followed by two hex digits makes Hexo's loader throw `URI malformed` and skip the
 *   post silently; a valid `%25` loads, but the page lands in a folder literally named `%25…`
 *   that no URL reaches (a server decodes it to `%`). So no `%` at all.
 * - `#` starts the URL's fragment and `?` its query: the page exists but its link does not
 *   reach it (with `?`, posts even overwrite each other's page).
 * - A path segment starting with `_` or `.` is a hidden file to Hexo: never read.
 */
import type { SlugStyle } from '../settings/schema';
import { zonedParts } from './date';

export const MAX_FILENAME_BYTES = 200;

export type { SlugStyle };

const PLACEHOLDERS = ['title', 'year', 'month', 'day', 'i_month', 'i_day', 'hour', 'minute', 'second', 'site', 'id'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

/** Returns why a pattern is unusable, or null. */
export function parsePattern(pattern: string): string | null {
  if (pattern.trim() === '') return 'empty';
  if (pattern.length > 200) return 'longer than 200 characters';
  if (!pattern.includes(':title') && !pattern.includes(':id')) return 'needs :title or :id';
  for (const m of pattern.matchAll(/:([a-z_]+)/g)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(m[1] ?? '')) return `unknown placeholder :${m[1]}`;
  }
  if (/(^|\/)\.\.?(\/|$)|^\/|\\/.test(pattern)) return 'must stay inside the folder';
  return null;
}

export interface FilenameVars {
  title: string;
  date: Date;
  timeZone: string;
  site?: string;
  /** The article id from its URL, when it has one. */
  id?: string;
  /** What `:title` becomes (the `blog.slug` setting); the title itself by default. */
  slug?: SlugStyle;
  /** Title → pinyin, for `slug: 'pinyin'` (pinyin-pro is too large for every bundle: the host passes it in). */
  pinyin?: (text: string) => string;
  /** Hexo's `filename_case` on `:title`: 1 lower case, 2 upper case. */
  filenameCase?: 0 | 1 | 2;
}

/** The text `:title` stands for. */
export function slugText(vars: FilenameVars): string {
  const day = () => {
    const p = zonedParts(vars.date, vars.timeZone);
    return `${p.year}${pad(p.month)}${pad(p.day)}`;
  };
  let slug: string;
  switch (vars.slug ?? 'title') {
    case 'id':
      slug = vars.id || vars.title;
      break;
    case 'date-id':
      slug = `${day()}-${vars.id || vars.title}`;
      break;
    case 'pinyin':
      // Without a converter the title itself is the honest fallback: readable, and still safe.
      slug = vars.pinyin ? asciiSlug(vars.pinyin(vars.title)) || vars.id || day() : vars.title;
      break;
    default:
      slug = vars.title;
  }
  if (vars.filenameCase === 1) slug = slug.toLowerCase();
  else if (vars.filenameCase === 2) slug = slug.toUpperCase();
  return slug;
}

/** Lower-case ASCII letters and digits joined by single dashes. */
function asciiSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Fills the pattern and makes every path segment safe. `/` in the pattern makes folders;
 * `/` inside a title does not.
 */
export function formatFilename(pattern: string, vars: FilenameVars): string {
  const p = zonedParts(vars.date, vars.timeZone);
  const values: Record<Placeholder, string> = {
    title: slugText(vars),
    year: String(p.year),
    month: pad(p.month),
    day: pad(p.day),
    i_month: String(p.month),
    i_day: String(p.day),
    hour: pad(p.hour),
    minute: pad(p.minute),
    second: pad(p.second),
    site: vars.site ?? '',
    id: vars.id ?? '',
  };
  const extension = /\.(md|markdown|html)$/i.exec(pattern)?.[0] ?? '.md';
  const stem = pattern.endsWith(extension) ? pattern.slice(0, -extension.length) : pattern;
  const segments = stem.split('/').map((segment) =>
    segment.replace(/:(i_month|i_day|[a-z]+)/g, (whole, key: string) =>
      (PLACEHOLDERS as readonly string[]).includes(key) ? safeSegment(values[key as Placeholder]) : whole,
    ),
  );
  // A folder whose placeholders came out empty (`:site/` for a page of no known site) is left out.
  const folders = segments.slice(0, -1).map((s) => safeSegment(s)).filter((s) => s !== '');
  const name = truncateBytes(safeSegment(segments[segments.length - 1] ?? ''), MAX_FILENAME_BYTES - byteLength(extension)) || 'untitled';
  return [...folders, finishName(name) + extension].join('/');
}

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;
// Break Hexo or the post's URL (see the top): their full-width forms read the same.
const URL_BREAKING: Record<string, string> = { '%': '％', '#': '＃' };
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]/g;
// Half a surrogate pair has no UTF-8 form: file systems refuse it or store U+FFFD instead.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Windows ignores spaces after a device name: `CON .md` is the console too.
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])\s*(\..*)?$/i;

/** One path segment: no reserved characters, invisible or bidi controls, Windows device names, or what Hexo cannot serve. */
export function safeSegment(text: string): string {
  let s = text
    .replace(LONE_SURROGATE, '')
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(FORBIDDEN, ' ')
    .replace(/[%#]/g, (c) => URL_BREAKING[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim()
    // Leading dots hide files on Unix, and Hexo skips names starting with '.' or '_'; a leading
    // '-' reads as an option in shells.
    .replace(/^[._\-\s]+/, '');
  // `CON_.md` is no device; a prefix would not do, as Hexo hides names starting with '_'.
  if (RESERVED.test(s)) s = s.replace(/^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])/i, '$1_');
  return finishName(s);
}

/** Windows drops trailing dots and spaces, which would make two names collide. */
function finishName(name: string): string {
  return name.replace(/[.\s]+$/, '');
}

export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Cuts at a code point boundary (never halving a surrogate pair or a UTF-8 sequence). */
export function truncateBytes(text: string, maxBytes: number): string {
  if (byteLength(text) <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const b = byteLength(ch);
    if (bytes + b > maxBytes) break;
    out += ch;
    bytes += b;
  }
  return finishName(out);
}

/**
 * A name not in `taken` (compared case-insensitively, as Windows and macOS do): `name.md`,
 * then `name-2.md`, `name-3.md`… Adds the result to `taken`.
 */
export function uniqueFilename(filename: string, taken: Set<string>): string {
  const key = (n: string) => n.normalize('NFC').toLowerCase();
  const dot = filename.lastIndexOf('.');
  const stem = dot > filename.lastIndexOf('/') ? filename.slice(0, dot) : filename;
  const ext = filename.slice(stem.length);
  let candidate = filename;
  for (let i = 2; taken.has(key(candidate)); i++) {
    const suffix = `-${i}`;
    candidate = truncateBytes(stem, MAX_FILENAME_BYTES - byteLength(suffix + ext)) + suffix + ext;
  }
  taken.add(key(candidate));
  return candidate;
}
