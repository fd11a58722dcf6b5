/** Node hosts of the pipeline (CLI, tests, bench): a jsdom window, its sanitizer, and page URL discovery. */
import { JSDOM, VirtualConsole } from 'jsdom';
import { createSanitizer } from '../core/sanitize';
import type { ClipDeps } from '../core/types';

/** Parses a saved page. No scripts run and nothing is fetched: the page is untrusted data. */
export function parsePage(html: string, url?: string): JSDOM {
  const virtualConsole = new VirtualConsole();
  return new JSDOM(html, { url: url ?? 'about:blank', contentType: 'text/html', virtualConsole });
}

/** Past this estimated depth a page is not parsed at all (the pipeline itself stops at 256). */
export const MAX_PARSE_DEPTH = 1024;

const NESTING_TAG = /<(\/?)(div|span|section|article|main|aside|header|footer|nav|figure|blockquote|center|ul|ol|dl|table|font|b|i|u|em|strong)\b[^>]*>/gi;

/**
 * Whether the markup nests deeper than `limit`, estimated from the tags that nest when left open
 * (not `<p>`, `<li>` or `<td>`, which the parser closes by itself); an end tag closes back to its
 * opener, as the parser does. jsdom spends time on the square of the depth while parsing (seconds
 * at 10,000 levels, hours at a million), where a browser stops nesting at 512.
 */
export function nestsDeeperThan(html: string, limit = MAX_PARSE_DEPTH): boolean {
  const markup = html.replace(/<!--[\s\S]*?(?:-->|$)|<(script|style|textarea|template)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, '');
  const open: string[] = [];
  for (const m of markup.matchAll(NESTING_TAG)) {
    const name = (m[2] as string).toLowerCase();
    if (!m[1]) {
      open.push(name);
      if (open.length > limit) return true;
      continue;
    }
    const at = open.lastIndexOf(name);
    if (at >= 0) open.length = at;
  }
  return false;
}

let sanitizerWindow: JSDOM | undefined;

export function nodeDeps(now: () => Date = () => new Date()): ClipDeps {
  sanitizerWindow ??= new JSDOM('<!doctype html><html><body></body></html>');
  return { sanitizer: createSanitizer(sanitizerWindow.window as unknown as Window & typeof globalThis), now };
}

/**
 * The page URL: the `<!-- saved from url=(NNNN)URL -->` comment browsers write when saving a
 * page, else `<link rel=canonical>`, else `og:url`.
 */
export function discoverUrl(html: string, doc?: Document): string | undefined {
  const saved = /<!--\s*saved from url=\(\d+\)(\S+?)\s*-->/i.exec(html.slice(0, 4096));
  if (saved) return saved[1];
  const canonical = doc?.querySelector('link[rel~="canonical"][href]')?.getAttribute('href');
  if (canonical && /^https?:\/\//.test(canonical)) return canonical;
  const og = doc?.querySelector('meta[property="og:url"][content]')?.getAttribute('content');
  if (og && /^https?:\/\//.test(og)) return og;
  return undefined;
}
