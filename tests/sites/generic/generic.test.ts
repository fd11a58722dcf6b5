import { describe, expect, it } from 'vitest';
import { detect } from '../../../utils/core/extract';
import { generic } from '../../../utils/sites';
import { clipHtml, docFor } from '../../helpers';
import { siteCase } from '../cases';

const { html, expected } = siteCase('generic', 'article');

describe('generic rule', () => {
  it('is selected for a host no site rule names', () => {
    expect(detect(docFor(html, expected.url), new URL(expected.url)).rule).toBe(generic);
  });

  const { article } = clipHtml(html, expected.url);

  it('is labelled generic', () => {
    expect(article.site).toBe('generic');
    expect(article.generic).toBe(true);
  });
  it('takes the title from Readability, without the site suffix', () => expect(article.title).toBe(expected.title));
  it('takes the published time from article:published_time', () => expect(article.published).toBe(expected.published));
  it('takes the source from og:site_name', () => expect(article.source).toBe(expected.source));
  it('keeps the article image', () => expect(article.images.map((i) => i.src)).toEqual(expected.images));
  it('removes the tracking pixel', () => expect(article.removed.some((r) => r.step === 'tracking' && r.src === expected.beacon)).toBe(true));
  it('removes the trailing app call', () => expect(article.content.textContent).not.toContain(expected.promos[0]));
  it('leaves navigation, asides and footer behind', () => {
    for (const noise of expected.noise) expect(article.content.textContent).not.toContain(noise);
  });
});
