/**
 * Golden tests over every fixture page: the text, images, metadata and removals the archive's
 * owner expects, plus the exact post, which changes only with UPDATE_FIXTURES=1.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { siteCases } from '../../scripts/lib/site-fixtures';
import { clipHtml, compactText, FIXTURES, lcsF1, type Expected } from '../helpers';

const GOLDEN = join(import.meta.dirname, '__golden__');

interface GoldenPage {
  html: string;
  expected: string;
  golden: string;
}
/** `tests/fixtures/pages/NAME.html` with its post in `__golden__/`, then every site's own cases, whose post sits beside the page. */
const SOURCES = new Map<string, GoldenPage>([
  ...readdirSync(join(FIXTURES, 'pages'))
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f): [string, GoldenPage] => [f, { html: join(FIXTURES, 'pages', f), expected: join(FIXTURES, 'pages', f.replace(/\.html$/, '.expected.json')), golden: join(GOLDEN, f.replace(/\.html$/, '.md')) }]),
  ...siteCases().map((c): [string, GoldenPage] => [`${c.site}/${c.name}`, { html: c.page, expected: c.expected, golden: c.post }]),
]);
const PAGES = [...SOURCES.keys()];
const source = (page: string) => SOURCES.get(page)!;
const expectedFor = (page: string) => JSON.parse(readFileSync(source(page).expected, 'utf8')) as Expected;
const readPage = (page: string) => readFileSync(source(page).html, 'utf8');
const UPDATE = process.env.UPDATE_FIXTURES === '1';

function splitPost(text: string): { frontMatter: Record<string, unknown>; body: string } {
  const m = /^\n?---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!m) throw new Error('no front matter block');
  return { frontMatter: parseYaml(m[1]!) as Record<string, unknown>, body: m[2]! };
}

/** Each page is clipped once, when a test first needs it: collecting the suite clips nothing. */
const clipped = new Map<string, { article: ReturnType<typeof clipHtml>['article']; post: ReturnType<typeof clipHtml>['post']; archive: ReturnType<typeof clipHtml>['post'] }>();
function clipPage(page: string) {
  let result = clipped.get(page);
  if (!result) {
    const { url } = expectedFor(page);
    const { article, post } = clipHtml(readPage(page), url);
    result = { article, post, archive: clipHtml(readPage(page), url, { preset: 'archive' }).post };
    clipped.set(page, result);
  }
  return result;
}

function bodyF1(page: string): number {
  return lcsF1(clipPage(page).article.content.textContent ?? '', expectedFor(page).blocks.join('\n'));
}

describe.each(PAGES)('%s', (page) => {
  const expected = expectedFor(page);

  it('is detected as its site, with the reposted sites recognised', () => {
    const { article } = clipPage(page);
    expect(article.site).toBe(expected.site);
    expect(article.rules).toEqual(expected.rules);
  });

  it('has the article title, published time and source', () => {
    const { article } = clipPage(page);
    expect(article.title).toBe(expected.title);
    expect(article.published).toBe(expected.published);
    expect(article.source).toBe(expected.source);
  });

  it('keeps the body text (LCS F1 ≥ 0.95)', () => {
    const { article } = clipPage(page);
    expect(bodyF1(page)).toBeGreaterThanOrEqual(0.95);
    const body = compactText(article.content);
    for (const block of expected.blocks) expect(body).toContain(compactText(block));
  });

  it('keeps every content image and only those', () => {
    const { article } = clipPage(page);
    expect(article.images.map((i) => i.src)).toEqual(expected.images);
    expect(article.cover).toBe(expected.images[0]);
  });

  it('drops the promo footer, its QR code, the beacon and the page chrome', () => {
    const { article, post, archive } = clipPage(page);
    for (const text of [post.text, archive.text]) {
      for (const promo of expected.promos) expect(text).not.toContain(promo);
      if (expected.promo) expect(text).not.toContain(expected.promo.image);
      expect(text).not.toContain(expected.beacon);
      for (const noise of expected.noise) expect(text).not.toContain(noise);
    }
    if (expected.promos.length) expect(article.removed.some((r) => r.step === 'promo' && r.text)).toBe(true);
    expect(article.removed.some((r) => r.step === 'tracking' && r.src === expected.beacon)).toBe(true);
  });

  it('writes front matter that parses back, in both presets', () => {
    const { post, archive } = clipPage(page);
    const hexo = splitPost(post.text).frontMatter;
    expect(hexo.title).toBe(expected.title);
    expect(hexo.date).toBe(expected.published.slice(0, 10) + ' ' + expected.published.slice(11, 19));
    const arch = splitPost(archive.text).frontMatter;
    expect(arch.title).toBe(expected.title);
    expect(new Date(arch.date as string).toISOString()).toBe(new Date(expected.published).toISOString());
  });

  it('matches its golden post', () => {
    const { post } = clipPage(page);
    const file = source(page).golden;
    if (UPDATE) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, post.text);
    }
    expect(existsSync(file), `${file} is missing: run UPDATE_FIXTURES=1 npm run test:unit on purpose`).toBe(true);
    expect(post.text).toBe(readFileSync(file, 'utf8'));
  });
});

describe('all pages', () => {
  it('average body-text F1 is at least 0.99', () => {
    const f1s = PAGES.map(bodyF1);
    expect(f1s.reduce((a, b) => a + b, 0) / f1s.length).toBeGreaterThanOrEqual(0.99);
  });
});
