/**
 * Drift fixtures (scripts/make-drift-fixtures.ts): real archive articles in templates that have
 * drifted (a redesigned root, a page saved after its scripts ran, link lists in the body, the Qilu
 * footer reworded and split, QR codes of any shape). The article must come out whole and alone,
 * and everything taken out must be said.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clipHtml, compactText, FIXTURES, lcsF1 } from '../helpers';

interface DriftExpected {
  url: string;
  site: string;
  case: string;
  title: string;
  recoverable: boolean;
  blocks: string[];
  images: string[];
  gone: string[];
  goneImages: string[];
  removals: { text?: string; src?: string }[];
}

const DIR = join(FIXTURES, 'drift');
const PAGES = readdirSync(DIR).filter((f) => f.endsWith('.html')).sort();
const expectedFor = (page: string) => JSON.parse(readFileSync(join(DIR, page.replace(/\.html$/, '.expected.json')), 'utf8')) as DriftExpected;

/** Each page is clipped once, when a test first needs it: collecting the suite clips nothing, and no test depends on another having run. */
const clipped = new Map<string, { article: ReturnType<typeof clipHtml>['article']; post: ReturnType<typeof clipHtml>['post']; archive: ReturnType<typeof clipHtml>['post'] }>();
function clipPage(page: string) {
  let result = clipped.get(page);
  if (!result) {
    const { url } = expectedFor(page);
    const html = readFileSync(join(DIR, page), 'utf8');
    const { article, post } = clipHtml(html, url);
    result = { article, post, archive: clipHtml(html, url, { preset: 'archive' }).post };
    clipped.set(page, result);
  }
  return result;
}

const bodyF1 = (page: string) => lcsF1(clipPage(page).article.content.textContent ?? '', expectedFor(page).blocks.join('\n'));

function bodyOf(postText: string): string {
  return postText.replace(/^\n?---\n[\s\S]*?\n---\n/, '');
}

describe.each(PAGES)('%s', (page) => {
  const expected = expectedFor(page);

  it('is detected as its site', () => {
    expect(clipPage(page).article.site).toBe(expected.site);
  });

  it('keeps the article text and only it (body F1 1.0)', () => {
    const { article } = clipPage(page);
    if (expected.recoverable) expect(bodyF1(page)).toBe(1);
    const body = compactText(article.content);
    for (const block of expected.blocks) expect(body).toContain(compactText(block));
  });

  it('keeps every content image, in order, and no other', () => {
    const { article } = clipPage(page);
    expect(article.images.map((i) => i.src)).toEqual(expected.images);
  });

  it('leaves no chrome, link list, feed, comment, promo or QR code', () => {
    const { article, post, archive } = clipPage(page);
    const body = compactText(article.content);
    for (const text of [bodyOf(post.text), bodyOf(archive.text)]) {
      for (const src of expected.goneImages) expect(text).not.toContain(src);
    }
    for (const gone of expected.gone) expect(body, gone).not.toContain(compactText(gone));
  });

  it('records each removal', () => {
    const { article } = clipPage(page);
    for (const want of expected.removals) {
      if (want.src) {
        expect(article.removed.some((r) => r.src === want.src), want.src).toBe(true);
      } else {
        const head = compactText(want.text ?? '').slice(0, 12);
        expect(article.removed.some((r) => compactText(r.text ?? '').includes(head)), want.text).toBe(true);
      }
    }
  });
});

describe('all drift pages', () => {
  it('have at least five pages per case', () => {
    const cases = new Map<string, number>();
    for (const page of PAGES) {
      const c = expectedFor(page).case;
      cases.set(c, (cases.get(c) ?? 0) + 1);
    }
    expect([...cases.keys()].sort()).toEqual(['link-lists', 'qr', 'redesign', 'saved-after-scripts', 'split-footer']);
    for (const n of cases.values()) expect(n).toBeGreaterThanOrEqual(5);
  });

  it('report the body F1 per case', () => {
    const f1ByCase = new Map<string, number[]>();
    for (const page of PAGES) f1ByCase.set(expectedFor(page).case, [...(f1ByCase.get(expectedFor(page).case) ?? []), bodyF1(page)]);
    const summary = [...f1ByCase].map(([c, xs]) => `${c}: ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(4)} (min ${Math.min(...xs).toFixed(4)}, ${xs.length} pages)`);
    console.log(`drift body F1 by case\n  ${summary.join('\n  ')}`);
    expect(f1ByCase.size).toBe(5);
  });
});
