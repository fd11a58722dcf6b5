/** Node hosts of the pipeline (CLI, tests, bench): a jsdom window, its sanitizer, and page URL discovery. */
import { JSDOM, VirtualConsole } from 'jsdom';
import { createSanitizer } from '../core/sanitize';
import type { ClipDeps } from '../core/types';

/** Parses a saved page. No scripts run and nothing is fetched: the page is untrusted data. */
export function parsePage(html: string, url?: string): JSDOM {
  const virtualConsole = new VirtualConsole();
  return new JSDOM(html, { url: url ?? 'about:blank', contentType: 'text/html', virtualConsole });
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
