/**
 * The batch parses every page of a thread into one shared jsdom window (a window per page cost as
 * much as the page). These tests hold it to what a window of the page's own gave: the same posts,
 * whatever pages came before, in this thread and in the pool's worker threads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clip } from '../../utils/core/pipeline';
import { nodeDeps, parseDocument, parsePage } from '../../utils/node/jsdom';
import { createPool } from '../../utils/node/pool';
import { runClip, type ClipTaskResult } from '../../utils/node/tasks';
import { resolveSettings } from '../../utils/settings/validate';
import { FIXED_NOW, FIXTURES } from '../helpers';

interface Page {
  name: string;
  html: string;
  url: string;
}

/** Every fixture page with a known URL: the sites' pages and the generic ones (hostile CSS among them). */
function pages(): Page[] {
  const out: Page[] = [];
  for (const folder of ['pages', 'generic']) {
    const dir = join(FIXTURES, folder);
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.html')).sort()) {
      const expected = JSON.parse(readFileSync(join(dir, f.replace(/\.html$/, '.expected.json')), 'utf8')) as { url: string };
      out.push({ name: `${folder}/${f}`, html: readFileSync(join(dir, f), 'utf8'), url: expected.url });
    }
  }
  return out;
}

const settings = resolveSettings({});
const deps = nodeDeps(() => FIXED_NOW);

/** The whole outcome, post text and article, as comparable data. */
function outcome(doc: Document, url: string): unknown {
  const result = clip(doc, url, settings, deps);
  return result.ok ? { post: result.post, article: { ...result.article } } : { reason: result.reason, message: result.message };
}

const alone = (p: Page) => outcome(parsePage(p.html, p.url).window.document, p.url);

describe('pages parsed in a shared window', () => {
  const all = pages();

  it('give each page the post its own window gives, after whatever page came before', () => {
    expect(all.length).toBeGreaterThan(60);
    const expected = new Map(all.map((p) => [p.name, alone(p)]));
    expect([...expected.values()].filter((o) => (o as { post?: unknown }).post).length).toBeGreaterThan(50);
    for (const p of all) expect(outcome(parseDocument(p.html, p.url), p.url), p.name).toEqual(expected.get(p.name));
  });

  it('keep nothing of a page for the next: a base URL, ids, a page that fails to parse', () => {
    const page = all.find((p) => p.name === 'pages/006.html') as Page;
    const expected = alone(page);
    // A page with its own <base> and the same ids, and a hostile one, clipped just before.
    const based = page.html.replace(/<head([^>]*)>/i, '<head$1><base href="https://elsewhere.example/dir/">');
    outcome(parseDocument(based, 'https://elsewhere.example/x.html'), 'https://elsewhere.example/x.html');
    expect(() => parseDocument('<div style="width: calc(($a - $b) / 16 * 9)">x</div>', page.url)).not.toThrow();
    expect(outcome(parseDocument(page.html, page.url), page.url)).toEqual(expected);
    // The document is the page's: its URL, not the window's or the previous page's.
    const doc = parseDocument(page.html, page.url);
    expect(doc.URL).toBe(page.url);
    expect(doc.baseURI).toBe(page.url);
  });
});

describe('the worker pool', () => {
  it('writes, in its threads, the posts each page gets alone in this one', async () => {
    // Sites' pages and generic ones alternate, so each worker clips both kinds in a row.
    const all = pages().filter((_, i) => i % 4 === 0);
    const pool = createPool(2, settings);
    try {
      // Sequential: each worker clips many pages in a row; `now` differs, so compare only dated articles.
      const ours: ClipTaskResult[] = [];
      for (const p of all) ours.push(await pool.run<ClipTaskResult>({ kind: 'clip', html: p.html, url: p.url }));
      let compared = 0;
      all.forEach((p, i) => {
        const solo = runClip({ kind: 'clip', html: p.html, url: p.url }, settings);
        const theirs = ours[i] as ClipTaskResult;
        if (solo.ok && !solo.published) return;
        compared++;
        expect(theirs, p.name).toEqual(solo);
      });
      expect(compared).toBeGreaterThan(15);
    } finally {
      await pool.close();
    }
  });
});
