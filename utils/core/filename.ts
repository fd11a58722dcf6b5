/** Post file names from a Hexo `new_post_name`-style pattern, safe on Windows, macOS and Linux. */
import { zonedParts } from './date';

export const MAX_FILENAME_BYTES = 200;

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
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Fills the pattern and makes every path segment safe. `/` in the pattern makes folders;
 * `/` inside a title does not.
 */
export function formatFilename(pattern: string, vars: FilenameVars): string {
  const p = zonedParts(vars.date, vars.timeZone);
  const values: Record<Placeholder, string> = {
    title: vars.title,
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
  const folders = segments.slice(0, -1).map((s) => safeSegment(s) || '_');
  const name = truncateBytes(safeSegment(segments[segments.length - 1] ?? ''), MAX_FILENAME_BYTES - byteLength(extension)) || 'untitled';
  return [...folders, finishName(name) + extension].join('/');
}

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]/g;
// Half a surrogate pair has no UTF-8 form: file systems refuse it or store U+FFFD instead.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Windows ignores spaces after a device name: `CON .md` is the console too.
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])\s*(\..*)?$/i;

/** One path segment: no reserved characters, invisible or bidi controls, or Windows device names. */
export function safeSegment(text: string): string {
  let s = text
    .replace(LONE_SURROGATE, '')
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(FORBIDDEN, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    // Leading dots hide files on Unix; a leading '-' reads as an option in shells.
    .replace(/^[.\-\s]+/, '');
  if (RESERVED.test(s)) s = `_${s}`;
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
