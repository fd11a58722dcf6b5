/**
 * Generic pages of many shapes (tests/fixtures/generic/NAME.html with NAME.expected.json): the
 * metadata each states and where it was read, the text that must be there and the chrome that
 * must not, and the exact post, which changes only with UPDATE_FIXTURES=1.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compactText } from '../helpers';
import { GENERIC_PAGES, genericClip, genericExpected } from './fixtures';

const GOLDEN = join(import.meta.dirname, '__golden__');
const UPDATE = process.env.UPDATE_FIXTURES === '1';

it('the set holds at least a dozen page shapes', () => expect(GENERIC_PAGES.length).toBeGreaterThanOrEqual(12));

describe.each(GENERIC_PAGES)('%s', (name) => {
  const expected = genericExpected(name);
  const result = genericClip(name);

  if (expected.refused) {
    it(`is refused: ${expected.refused}`, () => {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toBe(expected.refused);
    });
    return;
  }
  if (!result.ok) throw new Error(`${name} not clipped: ${result.message}`);
  const { article, post } = result;

  it('is generic, with its title, author, source and language', () => {
    expect(article.site).toBe('generic');
    expect(article.title).toBe(expected.title);
    expect(article.author ?? null).toBe(expected.author);
    expect(article.source ?? null).toBe(expected.source);
    expect(article.language ?? null).toBe(expected.language);
  });

  it('has its publish time, from the step expected, with the right instant', () => {
    expect(article.published ?? null).toBe(expected.published);
    if (expected.published) expect(new Date(article.published!).getTime()).toBe(new Date(expected.published).getTime());
    expect(article.publishedFrom).toBe(expected.publishedFrom);
    expect(article.publishedDayOnly ?? false).toBe(expected.dayOnly ?? false);
    expect(article.publishedZoneAssumed ?? false).toBe(expected.zoneAssumed ?? false);
    expect(article.warnings.includes('publish-time-day-only')).toBe(expected.dayOnly ?? false);
    expect(article.warnings.includes('publish-time-zone-assumed')).toBe(expected.zoneAssumed ?? false);
    expect(article.modified ?? null).toBe(expected.modified ?? null);
  });

  it('keeps every block of the article and none of the chrome', () => {
    const body = compactText(article.content);
    for (const block of expected.blocks) expect(body).toContain(compactText(block));
    for (const noise of expected.noise) expect(post.body).not.toContain(noise);
  });

  it('records what it removed from the page', () => {
    const reasons = article.removed.filter((r) => r.step !== 'script').map((r) => r.reason);
    for (const reason of expected.removed ?? []) expect(reasons).toContain(reason);
  });

  it('writes the Hexo date of its publish time', () => {
    const date = expected.published ? `${expected.published.slice(0, 10)} ${expected.published.slice(11, 19)}` : undefined;
    expect(post.frontMatter.date).toBe(date);
  });

  it('matches its golden post', () => {
    const file = join(GOLDEN, `${name}.md`);
    if (UPDATE) {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(file, post.text);
    }
    expect(existsSync(file), `${file} is missing: run UPDATE_FIXTURES=1 on purpose`).toBe(true);
    expect(post.text).toBe(readFileSync(file, 'utf8'));
  });
});
