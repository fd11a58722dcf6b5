/**
 * On every generic page where our cleaning removed nothing (scripts aside, which Readability
 * drops too), the post says what plain Readability says: the same text as Readability's
 * `textContent` with its default options on a fresh parse of the page, once the post's Markdown
 * is rendered by hexo-renderer-marked and white space is set aside.
 */
import { Readability } from '@mozilla/readability';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { parsePage } from '../../utils/node/jsdom';
import { readFixture } from '../helpers';
import { renderHexo } from './hexo-render';
import { GENERIC_PAGES, genericClip, genericExpected } from './fixtures';

const textDom = new JSDOM('<!doctype html><body></body>');
const normalise = (text: string) => text.replace(/[\s\u00a0\u3000]+/g, '');

function renderedText(markdown: string): string {
  const root = textDom.window.document.createElement('div');
  root.innerHTML = renderHexo(markdown, { smartypants: false });
  return root.textContent ?? '';
}

const untouched = GENERIC_PAGES.filter((name) => {
  if (genericExpected(name).refused) return false;
  const result = genericClip(name);
  return result.ok && result.article.removed.every((r) => r.step === 'script');
});

it('the differential covers most of the set', () => expect(untouched.length).toBeGreaterThanOrEqual(8));

describe.each(untouched)('%s', (name) => {
  it("the post's text is plain Readability's", () => {
    const expected = genericExpected(name);
    const result = genericClip(name);
    if (!result.ok) throw new Error(result.message);
    const plain = new Readability(parsePage(readFixture('generic', `${name}.html`), expected.url).window.document).parse();
    expect(normalise(renderedText(result.post.body))).toBe(normalise(plain?.textContent ?? ''));
  });
});
