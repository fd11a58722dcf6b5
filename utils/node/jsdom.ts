/** Node hosts of the pipeline (CLI, tests, bench): a jsdom window, its sanitizer, and page URL discovery. */
import { JSDOM, VirtualConsole } from 'jsdom';
import { createSanitizer } from '../core/sanitize';
import type { ClipDeps, Sanitizer } from '../core/types';

/** jsdom could not build a DOM of the page; the message is one line, fit for the user. */
export class PageParseError extends Error {}

/**
 * Style sheets are never needed to clip, and jsdom's CSS parser throws on what browsers skip
 * (unprocessed SCSS such as `calc(($a - $b) / 16 * 9)`): their text goes before jsdom sees it.
 * An unclosed `<style>` swallows the rest of the page in a browser too.
 */
export function withoutStyleSheets(html: string): string {
  return html.replace(/(<style\b[^>]*>)[\s\S]*?(?:<\/style\s*>|$)/gi, '$1</style>');
}

const STYLE_ATTR = /\sstyle\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;

/**
 * The inline styles jsdom can read. They stay where they parse, since Readability and the
 * tracking check read `display:none` and `1px` from them; the ones jsdom throws on are dropped.
 */
function withParsableStyleAttributes(html: string): string {
  const probe = new JSDOM('<!doctype html><p></p>').window.document.createElement('p');
  const verdict = new Map<string, boolean>();
  return html.replace(STYLE_ATTR, (whole, quoted: string) => {
    const value = quoted.replace(/^["']|["']$/g, '');
    let ok = verdict.get(value);
    if (ok === undefined) {
      try {
        probe.setAttribute('style', value.replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
        ok = true;
      } catch {
        ok = false;
      }
      verdict.set(value, ok);
    }
    return ok ? whole : '';
  });
}

/**
 * Parses a saved page. No scripts run and nothing is fetched: the page is untrusted data.
 * Throws `PageParseError` (one line) when jsdom cannot build it even without its styles.
 */
export function parsePage(html: string, url?: string): JSDOM {
  const options = { url: url ?? 'about:blank', contentType: 'text/html', virtualConsole: new VirtualConsole() };
  const markup = withoutStyleSheets(html);
  try {
    return new JSDOM(markup, options);
  } catch {
    // Rare (an inline style jsdom cannot parse): worth a second pass only then.
  }
  try {
    return new JSDOM(withParsableStyleAttributes(markup), options);
  } catch (e) {
    throw new PageParseError(`the page cannot be parsed: ${String((e as Error).message ?? e).split('\n')[0]}`);
  }
}

let sharedWindow: JSDOM | undefined;
let documentsInWindow = 0;
/**
 * jsdom (29) files every element with an `id` or `name` under its window's named properties, a
 * DOMParser document's too (and the copies the pipeline clones), until it is detached: a window
 * keeps such documents, and they go only with the window, after several collections. A fresh
 * window every few documents bounds that (a 2,000-page run with 50 reached 1 GB), at a small cost.
 */
const DOCUMENTS_PER_WINDOW = 10;

/**
 * A Document of its own for `html`, parsed by DOMParser in a window shared with the thread's
 * other documents (building a window cost as much as parsing a page). Scripting is off, as in a
 * JSDOM without scripts; the URL is the document's (base of its relative links). No document has
 * a `defaultView`, so nothing a page holds is reachable from the next one.
 */
export function parseInSharedWindow(html: string, url = 'about:blank'): Document {
  if (!sharedWindow || documentsInWindow >= DOCUMENTS_PER_WINDOW) {
    sharedWindow?.window.close();
    sharedWindow = new JSDOM('', { virtualConsole: new VirtualConsole() });
    documentsInWindow = 0;
  }
  documentsInWindow++;
  // DOMParser gives its document the URL of the window's own document.
  sharedWindow.reconfigure({ url });
  return new sharedWindow.window.DOMParser().parseFromString(html, 'text/html');
}

/**
 * Lets a document go at once: its elements leave the window's named properties as a closed
 * window's did, so the collector need not wait for the window to go.
 */
export function discardDocument(doc: Document): void {
  doc.replaceChildren();
}

/** `parsePage`'s document, the same tree, without a window of its own: see parseInSharedWindow. */
export function parseDocument(html: string, url = 'about:blank'): Document {
  const markup = withoutStyleSheets(html);
  try {
    return parseInSharedWindow(markup, url);
  } catch {
    // As in parsePage: an inline style jsdom cannot parse.
  }
  try {
    return parseInSharedWindow(withParsableStyleAttributes(markup), url);
  } catch (e) {
    throw new PageParseError(`the page cannot be parsed: ${String((e as Error).message ?? e).split('\n')[0]}`);
  }
}

/** NUL bytes never occur in an HTML page: this is an image, an archive or another binary file. */
export function isBinary(text: string): boolean {
  return text.slice(0, 4096).includes('\u0000');
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

/**
 * One sanitizer per thread. DOMPurify takes its configuration with each call and its one hook is
 * the same for every page, so it keeps nothing of a page; its window, though, keeps what it
 * parsed (see DOCUMENTS_PER_WINDOW), so a fresh DOMPurify and window take over now and then.
 */
function renewingSanitizer(): Sanitizer {
  let inner: Sanitizer | undefined;
  let uses = 0;
  return {
    toFragment(html, doc) {
      if (!inner || uses >= DOCUMENTS_PER_WINDOW) {
        inner = createSanitizer(new JSDOM('<!doctype html><html><body></body></html>').window as unknown as Window & typeof globalThis);
        uses = 0;
      }
      uses++;
      return inner.toFragment(html, doc);
    },
  };
}

let sanitizer: Sanitizer | undefined;

export function nodeDeps(now: () => Date = () => new Date()): ClipDeps {
  sanitizer ??= renewingSanitizer();
  return { sanitizer, now };
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
