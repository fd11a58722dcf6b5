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

/** Whether the runtime knows this IANA zone name. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
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
  /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?:\s*日)?(?:\s*(?:T|\s|(?<=日))\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2})(?:\.\d+)?)?)?(?:\s*(Z|[+-]\d{2}:?\d{2}))?/;

/** What a date text says, before any zone is chosen for it. */
export interface DateText {
  parts: ZonedParts;
  /** Minutes east of UTC, when the text carries an offset (`Z`, `+08:00`, `+0800`). */
  offset?: number;
  /** False for a bare day (`2024-03-20`): its time is unknown, not midnight. */
  hasTime: boolean;
}

function offsetOf(zone: string): number {
  if (zone === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** RFC 1123 / 2822, as some `<meta>` dates are written: `Tue, 27 Jul 2021 07:58:00 GMT`. */
const RFC_DATE = /\b(\d{1,2})\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(GMT|UTC|Z|[+-]\d{4})?/i;

/**
 * Reads the first date in `text` (a byline such as `齐鲁晚报  2021-07-27 15:58`, `2022年01月19日 07:56`,
 * ISO metadata, or an RFC 1123 date) without deciding its zone: that is the caller's to choose.
 */
export function readDateText(text: string): DateText | undefined {
  const m = DATE_TIME.exec(text);
  if (m) {
    const [, y = '', mo = '', d = '', h, mi, s = '0', zone] = m;
    const parts = { year: +y, month: +mo, day: +d, hour: +(h ?? 0), minute: +(mi ?? 0), second: +s };
    if (!validParts(parts)) return undefined;
    return { parts, hasTime: h !== undefined, ...(zone ? { offset: offsetOf(zone) } : {}) };
  }
  const r = RFC_DATE.exec(text);
  if (!r) return undefined;
  const [, d = '', mon = '', y = '', h = '', mi = '', s = '0', zone] = r;
  const parts = { year: +y, month: MONTHS.indexOf(mon.toLowerCase()) + 1, day: +d, hour: +h, minute: +mi, second: +s };
  if (!validParts(parts)) return undefined;
  return { parts, hasTime: true, ...(zone ? { offset: /^[+-]/.test(zone) ? offsetOf(zone) : 0 } : {}) };
}

function validParts(p: ZonedParts): boolean {
  return p.month >= 1 && p.month <= 12 && p.day >= 1 && p.day <= 31 && p.hour <= 23 && p.minute <= 59 && p.second <= 59;
}

/** The instant at which a clock `offset` minutes east of UTC shows `parts`. */
export function fromOffset(parts: ZonedParts, offset: number): Date {
  return new Date(Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - offset * 60000);
}

/**
 * Finds the first date (with its time when shown) in a byline such as
 * `齐鲁晚报  2021-07-27 15:58` or `2022年01月19日 07:56`. A date without an offset is read
 * in `timeZone`, the zone the site publishes in.
 */
export function parsePageDate(text: string, timeZone: string): Date | undefined {
  const read = readDateText(text);
  if (!read) return undefined;
  return read.offset !== undefined ? fromOffset(read.parts, read.offset) : fromZoned(read.parts, timeZone);
}

/** An ISO string from metadata (`article:published_time`, JSON-LD); undefined when unreadable. */
export function parseIsoDate(text: string | null | undefined, timeZone: string): Date | undefined {
  if (!text) return undefined;
  return parsePageDate(text.trim(), timeZone);
}
