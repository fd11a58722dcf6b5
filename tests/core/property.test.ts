/**
 * Property tests over generated titles, tags and categories: the front matter reads back equal
 * with the `yaml` library and with Hexo's own reader (hexo-front-matter, js-yaml underneath), and
 * file names are valid on Windows, macOS and Linux and never silently shared within a batch.
 */
import fc from 'fast-check';
import { parse as hexoParse } from 'hexo-front-matter';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatFilename, MAX_FILENAME_BYTES, uniqueFilename } from '../../utils/core/filename';
import { buildPost, inertText } from '../../utils/core/hexo';
import type { Article } from '../../utils/core/types';
import { parsePage } from '../../utils/node/jsdom';
import { FIXED_NOW, settingsWith } from '../helpers';

// CI keeps 10,000; a quick local loop can ask for fewer (PROPERTY_RUNS=500 npm run test:fast).
const RUNS = Number(process.env.PROPERTY_RUNS) || 10_000;

/** Pieces that trip YAML writers, Hexo, Nunjucks and file systems. */
const NASTY = [
  "'", '"', "''", ': ', ':', ' #', '#', '-', '- ', '---', '...', '? ', '!', '&a', '*a', '|', '>', '%', '@', '`', ',', '[', ']', '{', '}',
  'yes', 'no', 'Yes', 'NO', 'on', 'off', 'y', 'n', 'null', 'Null', '~', 'true', 'false', 'True',
  '2021-07-27', '2021-07-27 15:58:00', '2021-07-27T15:58:00Z', '15:58', '1e3', '0x1F', '0o17', '017', '.inf', '-.inf', '.nan', '1_000', '+1',
  '\n', '\n\n', '\r\n', '\t', '\n---\n', '\n...\n', '  ', ' ',
  '{{ title }}', '{% raw %}', '{#', '#}', '%}',
  '😀', '👨‍👩‍👧', '🇨🇳', '中文标题', '齐鲁壹点', '：', '“', '”', '，',
  'שלום', 'مرحبا', '\u202e', '\u202d', '\u200f', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u00a0', '\u3000',
  'CON', 'con', 'nul', 'COM1', 'lpt9', 'aux.', '.', '..', '/', '\\', '<', '>', '?', '*', '\u0000', '\u001f', '\u007f', '\u0085', '\u2028',
  // Non-printable in YAML: js-yaml refuses them unless double-quoted (a random run found U+FFFE).
  '\ufffe', '\uffff', '\ud800', '\udfff',
];

const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
);
/** Usually short, sometimes past the 200-byte file name limit. */
const text = fc.oneof(
  { weight: 9, arbitrary: fc.array(piece, { minLength: 1, maxLength: 8 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.array(piece, { minLength: 20, maxLength: 80 }).map((p) => p.join('')) },
);
const names = fc.array(text, { maxLength: 4 });
const categories = fc.oneof(names, fc.array(fc.array(text, { minLength: 1, maxLength: 3 }), { maxLength: 3 }));

const BASE_ARTICLE: Article = (() => {
  const doc = parsePage('<div><p>正文第一段。</p></div>', 'http://html2.qktoutiao.com/detail/2021/07/27/1840579423.html').window.document;
  return {
    site: 'qutoutiao',
    rules: ['qutoutiao'],
    generic: false,
    url: 'http://html2.qktoutiao.com/detail/2021/07/27/1840579423.html',
    title: '',
    published: '2021-07-27T15:58:00+08:00',
    content: doc.querySelector('div')!,
    images: [],
    removed: [],
    warnings: [],
  };
})();

const inertCats = (cats: string[] | string[][]) => cats.map((c) => (Array.isArray(c) ? c.map(inertText) : inertText(c)));

function build(title: string, tags: string[], cats: string[] | string[][], preset: 'hexo' | 'archive' = 'hexo') {
  const settings = { ...settingsWith({ preset }), tags, categories: cats };
  return buildPost({ ...BASE_ARTICLE, title }, settings, FIXED_NOW);
}

/** The front matter block: up to the first `---` line (not `^` with the m flag, which also breaks at U+2028). */
function frontMatterBlock(postText: string): string {
  const m = /^\n?---\n([\s\S]*?\n)---\n/.exec(postText);
  if (!m) throw new Error('no front matter block');
  return m[1]!;
}

describe('front matter reads back equal', () => {
  it(`with the yaml library and with Hexo's reader (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(text, names, categories, (title, tags, cats) => {
        const post = build(title, tags, cats);
        // Tag-like text is made inert on purpose (full-width brackets); nothing else may change.
        const want = { title: inertText(title), tags: tags.map(inertText), categories: inertCats(cats) };

        expect(post.frontMatter).toMatchObject(want);
        expect(parseYaml(frontMatterBlock(post.text))).toMatchObject(want);

        // Hexo splits at the first `---` line and reads the rest with js-yaml; dates become Date
        // objects there, so a title or a tag that looks like a date must not be written bare.
        const hexo = hexoParse(post.text) as Record<string, unknown>;
        expect(hexo.title).toBe(want.title);
        expect(hexo.tags).toEqual(want.tags);
        expect(hexo.categories).toEqual(want.categories);
        expect(hexo.date).toBeInstanceOf(Date);
        expect(String(hexo._content).replace(/^\n/, '')).toBe(post.body);
      }),
      { numRuns: RUNS },
    );
  });

  it('in the archive preset too', () => {
    fc.assert(
      fc.property(text, names, (title, cats) => {
        const post = build(title, [], cats, 'archive');
        // The archive writes no empty lists.
        const want = { title: inertText(title), ...(cats.length ? { categories: inertCats(cats) } : {}) };
        expect(parseYaml(frontMatterBlock(post.text))).toMatchObject(want);
        const hexo = hexoParse(post.text) as Record<string, unknown>;
        expect(hexo.title).toBe(want.title);
        expect(hexo.categories).toEqual(want.categories);
      }),
      { numRuns: 2000 },
    );
  });
});

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])\s*(\..*)?$/i;

/** Why a path segment is not a valid file or folder name on Windows, macOS or Linux; null if it is. */
function invalidSegment(segment: string): string | null {
  if (segment === '' || segment === '.' || segment === '..') return 'empty or a dot name';
  // eslint-disable-next-line no-control-regex
  if (/[<>:"/\\|?*\u0000-\u001f]/.test(segment)) return 'reserved character';
  if (/[. ]$/.test(segment)) return 'trailing dot or space';
  if (WINDOWS_RESERVED.test(segment)) return 'Windows device name';
  if (!segment.isWellFormed()) return 'lone surrogate';
  if (Buffer.byteLength(segment) > 255) return 'longer than 255 bytes';
  return null;
}

function expectValidPath(path: string): void {
  const segments = path.split('/');
  for (const s of segments) expect(invalidSegment(s), `${JSON.stringify(s)} in ${JSON.stringify(path)}`).toBeNull();
  const name = segments.at(-1)!;
  expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_FILENAME_BYTES);
  expect(name).toMatch(/\.md$/);
  expect(name.length).toBeGreaterThan('.md'.length);
}

const fileKey = (name: string) => name.normalize('NFC').toLowerCase();

describe('file names', () => {
  const vars = (title: string) => ({ title, date: FIXED_NOW, timeZone: 'Asia/Shanghai', site: 'qutoutiao', id: '1840579423' });

  it.each([':title.md', ':year/:month/:title.md', ':year-:month-:day-:title.md', ':title-:id.md'])(
    'from %s are valid on every OS and at most 200 bytes',
    (pattern) => {
      fc.assert(
        fc.property(text, (title) => {
          expectValidPath(formatFilename(pattern, vars(title)));
        }),
        { numRuns: RUNS },
      );
    },
  );

  it('two titles in a batch never share a file, and the names stay valid', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 2, maxLength: 30 }), fc.constantFrom(':title.md', ':year/:title.md'), (titles, pattern) => {
        const taken = new Set<string>();
        const names = titles.map((t) => uniqueFilename(formatFilename(pattern, vars(t)), taken));
        expect(new Set(names.map(fileKey)).size).toBe(titles.length);
        for (const n of names) expectValidPath(n);
      }),
      { numRuns: 2000 },
    );
  });

  it('names already taken on disk are not reused, whatever their case or normalisation', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 5 }), (title, copies) => {
        const first = formatFilename(':title.md', vars(title));
        const taken = new Set([fileKey(first.toUpperCase()), fileKey(first.normalize('NFD'))]);
        const names = Array.from({ length: copies }, () => uniqueFilename(first, taken));
        expect(names).not.toContain(first);
        expect(new Set(names.map(fileKey)).size).toBe(copies);
        for (const n of names) expectValidPath(n);
      }),
      { numRuns: 2000 },
    );
  });
});
