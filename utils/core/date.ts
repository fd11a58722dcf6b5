/** Time zone arithmetic with Intl only, so the same code runs in the page, the worker and Node. */

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function zonedParts(date: Date, timeZone: string): ZonedParts {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(date)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const at = (k: string) => parts[k] ?? 0;
  return { year: at('year'), month: at('month'), day: at('day'), hour: at('hour'), minute: at('minute'), second: at('second') };
}

/** Minutes east of UTC in `timeZone` at `date`. */
export function offsetMinutes(date: Date, timeZone: string): number {
  const p = zonedParts(date, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60000);
}

/** The instant at which the wall clock in `timeZone` shows `parts`. */
export function fromZoned(parts: ZonedParts, timeZone: string): Date {
  const guess = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  // Two passes settle DST edges: the offset at the guess may differ from the offset at the answer.
  let t = guess - offsetMinutes(new Date(guess), timeZone) * 60000;
  t = guess - offsetMinutes(new Date(t), timeZone) * 60000;
  return new Date(t);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYY-MM-DD HH:mm:ss`, Hexo's own front-matter date format, in `timeZone`. */
export function formatLocal(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** ISO 8601 with the zone's offset, e.g. `2021-07-27T15:58:00+08:00`. */
export function formatIso(date: Date, timeZone: string): string {
  const p = zonedParts(date, timeZone);
  const off = offsetMinutes(date, timeZone);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** RFC 1123, as the archive writes it: `Tue, 27 Jul 2021 07:58:10 GMT`. */
export function formatRfc1123(date: Date): string {
  return date.toUTCString();
}

const DATE_TIME =
  /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?:\s*日)?(?:\s*(?:T|\s|(?<=日))\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?(?:\s*(Z|[+-]\d{2}:?\d{2}))?/;

/**
 * Finds the first date (with its time when shown) in a byline such as
 * `齐鲁晚报  2021-07-27 15:58` or `2022年01月19日 07:56`. A date without an offset is read
 * in `timeZone`, the zone the site publishes in.
 */
export function parsePageDate(text: string, timeZone: string): Date | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [, y = '', mo = '', d = '', h = '0', mi = '0', s = '0', zone] = m;
  const parts = { year: +y, month: +mo, day: +d, hour: +h, minute: +mi, second: +s };
  if (parts.month < 1 || parts.month > 12 || parts.day < 1 || parts.day > 31 || parts.hour > 23 || parts.minute > 59 || parts.second > 59) {
    return undefined;
  }
  if (zone) {
    const iso = `${y}-${pad(+mo)}-${pad(+d)}T${pad(+h)}:${pad(+mi)}:${pad(+s)}${zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`;
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return fromZoned(parts, timeZone);
}

/** An ISO string from metadata (`article:published_time`, JSON-LD); undefined when unreadable. */
export function parseIsoDate(text: string | null | undefined, timeZone: string): Date | undefined {
  if (!text) return undefined;
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(trimmed)) {
    const d = new Date(trimmed);
    if (!Number.isNaN(d.getTime())) return d;
  }
  return parsePageDate(trimmed, timeZone);
}
