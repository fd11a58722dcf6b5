import { describe, expect, it } from 'vitest';
import { clipPage, extractionKey } from '../../utils/clip-page';
import { nodeDeps, parsePage } from '../../utils/node/jsdom';
import { DEFAULT_SETTINGS } from '../../utils/settings/schema';
import { fixture, fixtureUrl } from './helpers';

const NOW = new Date('2024-01-02T03:04:05Z');
const PAGE = fixture('019.html');
const URL_019 = fixtureUrl(PAGE);
const doc = () => parsePage(PAGE, URL_019).window.document;
const deps = nodeDeps(() => NOW);

describe('clipPage reusing an article the page already extracted', () => {
  const first = clipPage(doc(), URL_019, DEFAULT_SETTINGS, deps);

  it('writes the same post without extracting again (the page may even be gone)', () => {
    const empty = parsePage('<html><body></body></html>', URL_019).window.document;
    const again = clipPage(empty, URL_019, DEFAULT_SETTINGS, deps, {}, undefined, first.article);
    expect(again.response).toEqual(first.response);
  });

  it('keeps the page title on the kept article when a post gets an edited title', () => {
    const edited = clipPage(doc(), URL_019, DEFAULT_SETTINGS, deps, { title: '改过的标题' }, undefined, first.article);
    expect(edited.response.ok && edited.response.title).toBe('改过的标题');
    expect(edited.article?.title).toBe(first.article?.title);
  });

  it('keys reuse on what changes extraction, not on how the post is written', () => {
    const base = extractionKey(URL_019, DEFAULT_SETTINGS);
    expect(extractionKey(URL_019, { ...DEFAULT_SETTINGS, preset: 'archive', tags: ['x'] })).toBe(base);
    expect(extractionKey(URL_019, { ...DEFAULT_SETTINGS, promoPatterns: ['关注我们'] })).not.toBe(base);
    expect(extractionKey(URL_019, { ...DEFAULT_SETTINGS, sites: { qutoutiao: false, qilu: true } })).not.toBe(base);
    expect(extractionKey(`${URL_019}#x`, DEFAULT_SETTINGS)).not.toBe(base);
  });
});

describe('clipPage with removals put back (the reader’s 恢复)', () => {
  const first = clipPage(doc(), URL_019, DEFAULT_SETTINGS, deps);
  const footer = first.article!.removed.find((r) => r.reason === 'qilu-footer')!;

  it('writes the restored footer into the post from the kept article, and says what was restored', () => {
    const empty = parsePage('<html><body></body></html>', URL_019).window.document;
    const again = clipPage(empty, URL_019, DEFAULT_SETTINGS, deps, {}, undefined, first.article, [footer.id!]);
    expect(again.response.ok && again.response.restored).toEqual([footer.id]);
    expect(again.response.ok && again.response.post).toContain('找记者、求报道、求帮助');
    expect(first.response.ok && first.response.post).not.toContain('找记者、求报道、求帮助');
    // The kept article stays as extracted: a later undo starts from it.
    expect(again.article).toBe(first.article);
    expect(again.shown?.restored).toEqual([footer.id]);
  });

  it('keys reuse on the exceptions too', () => {
    const base = extractionKey(URL_019, DEFAULT_SETTINGS);
    expect(extractionKey(URL_019, { ...DEFAULT_SETTINGS, exceptions: [{ site: 'qktoutiao.com', text: '找记者' }] })).not.toBe(base);
  });
});

describe('clipPage shaping the post for the blog it is saved into', () => {
  const scaffold = { keys: ['title', 'series', 'date', 'tags'], defaults: { series: '趣头条存档', top: false } };

  it("follows the scaffold's key order, adds its extra keys, and applies filename_case", () => {
    const settings = { ...DEFAULT_SETTINGS, filenamePattern: ':title-:id.md' };
    const title = { title: 'Hexo 寒潮 News' };
    const plain = clipPage(doc(), URL_019, settings, deps, title);
    const shaped = clipPage(doc(), URL_019, settings, deps, title, undefined, plain.article, [], { scaffold, filenameCase: 1 });
    if (!plain.response.ok || !shaped.response.ok) throw new Error('not clipped');
    const keys = (text: string) => [...text.split('\n---\n')[0]!.matchAll(/^(\w+):/gm)].map((m) => m[1]);
    expect(keys(plain.response.post).slice(0, 2)).toEqual(['title', 'date']);
    expect(keys(shaped.response.post).slice(0, 4)).toEqual(['title', 'series', 'date', 'tags']);
    expect(shaped.response.post).toContain('series: 趣头条存档');
    expect(shaped.response.post).toContain('top: false');
    expect(plain.response.post).not.toContain('series:');
    // filename_case 1 is Hexo's lower case, of the name (the extension is lower case already).
    expect(plain.response.filename).toContain('Hexo 寒潮 News');
    expect(shaped.response.filename).toBe(plain.response.filename.toLowerCase());
    // The body is the article's either way.
    expect(shaped.response.post.split('\n---\n')[1]).toBe(plain.response.post.split('\n---\n')[1]);
  });
});
