/**
 * The index reads title, date and source_url line by line for speed: it must give exactly what a
 * full YAML parse gives, for posts written by this project and by hand.
 */
import fc from 'fast-check';
import { Document } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readFrontMatter, readFrontMatterKeys } from '../../utils/blog/frontmatter';
import { buildPost } from '../../utils/core/hexo';
import { parsePage } from '../../utils/node/jsdom';
import { FIXED_NOW, settingsWith } from '../helpers';

const KEYS = ['title', 'date', 'source_url'] as const;
const pick = (fm: Record<string, unknown> | null) => (fm ? Object.fromEntries(KEYS.filter((k) => k in fm).map((k) => [k, fm[k]])) : null);

const NASTY = ["'", '"', "''", ': ', ':', ' #', '#', '- ', '---', '? ', '!', '&a', '*a', '|', '>', '%', '`', '[', ']', '{', '}', 'null', '~', 'true', '2021-07-27', '\n', '\t', '  ', '😀', '中文', '\u2028', '\u0085', '\ufeff', '\\', '\\n', '\ud800', '\ufffe', 'title: x', '1e3', '0x1F', '0o17', '.inf', '-.5', '123', 'True', 'FALSE', 'Null', '2021-07-27 15:58:00'];
const text = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...NASTY) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) }), { minLength: 1, maxLength: 8 })
  .map((p) => p.join(''));

const content = parsePage('<div><p>正文。</p></div>', 'https://www.ql1d.com/general/1.html').window.document.querySelector('div')!;

describe('readFrontMatterKeys', () => {
  it('equals the full parse on posts this project writes, both presets', () => {
    fc.assert(
      fc.property(text, fc.constantFrom('hexo', 'archive'), (title, preset) => {
        const post = buildPost({ site: 'qilu', rules: ['qilu'], generic: false, url: 'https://www.ql1d.com/general/1.html', title, published: '2021-07-27T15:58:00+08:00', content, images: [], removed: [], warnings: [] }, settingsWith({ preset }), FIXED_NOW);
        expect(readFrontMatterKeys(post.text, KEYS)).toEqual(pick(readFrontMatter(post.text)));
      }),
      { numRuns: 1000 },
    );
  });

  it('equals the full parse on front matter written in any quoting style, with other keys around', () => {
    fc.assert(
      fc.property(text, text, fc.constantFrom('PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED') as fc.Arbitrary<'PLAIN'>, fc.boolean(), (title, other, style, json) => {
        const doc = new Document({ layout: 'post', title, tags: [other], date: '2021-07-27 15:58:00', source_url: `https://e.com/?q=${other}`, note: other });
        let yaml: string;
        try {
          yaml = doc.toString({ defaultStringType: style, doubleQuotedAsJSON: json, lineWidth: 40 });
        } catch {
          return;
        }
        const post = `---\n${yaml}---\n正文\n`;
        expect(readFrontMatterKeys(post, KEYS)).toEqual(pick(readFrontMatter(post)));
      }),
      { numRuns: 1000 },
    );
  });

  it('hand-written forms: comments, blank lines, block scalars, a key that is a list', () => {
    const cases = [
      '---\n# a comment\ntitle: 标题 # trailing\n\ndate: 2021-07-27 15:58:00\n---\n',
      '---\ntitle: >-\n  folded\n  title\ndate: 2021-07-27\n---\n',
      '---\ntitle:\n  - a\n  - b\n---\n',
      '---\ntitle: plain\n  continued\n---\n',
      "---\ntitle: 'it''s'\nsource_url: \"https://e.com/\\x41\"\n---\n",
      '---\ntitle: ~\n---\n',
      '---\n"title": quoted key\n---\n',
    ];
    for (const post of cases) expect(readFrontMatterKeys(post, KEYS), post).toEqual(pick(readFrontMatter(post)));
  });
});
