/**
 * Text that opens a Markdown block when it starts a line (`1) Lego …`, `- `, `# `, fences, table
 * rows, thematic breaks, setext underlines, indented code) stays one paragraph with its text when
 * hexo-renderer-marked renders the post, wherever the line starts: a paragraph, after a `<br>`,
 * in a list item, in a quote, or with its marker split across elements.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { toMarkdown } from '../../utils/core/markdown';
import { renderHexo } from '../generic/hexo-render';

const dom = new JSDOM('<!doctype html><body></body>');
const md = (html: string) => {
  const root = dom.window.document.createElement('div');
  root.innerHTML = html;
  return toMarkdown(root);
};
/** The rendered HTML's block elements, and its text with white space squeezed. */
function rendered(markdown: string) {
  const root = dom.window.document.createElement('div');
  root.innerHTML = renderHexo(markdown, { smartypants: false });
  for (const br of Array.from(root.querySelectorAll('br'))) br.replaceWith(' ');
  const blocks = Array.from(root.querySelectorAll('*')).map((e) => e.tagName.toLowerCase()).filter((t) => !['br', 'strong', 'em', 'a', 'span', 'code'].includes(t));
  return { blocks, text: (root.textContent ?? '').replace(/\s+/g, ' ').trim() };
}

const LINES = [
  '1) Lego bricks were sold in 1949.',
  '1. Lego bricks',
  '12) twelfth point',
  '3.14 is not a list',
  '- a dash first',
  '+ a plus first',
  '* a star first',
  '# not a heading',
  '###### six hashes',
  '#',
  '> not a quote',
  '```js not a fence',
  '~~~ not a fence either',
  '| a | b |',
  '***',
  '---',
  '___',
  '- - -',
  '* * *',
  '===',
  ':--- | ---',
  '2021年7月27日 15:58',
];

describe('block starters at the start of a paragraph', () => {
  it.each(LINES)('%s stays one paragraph with its text', (line) => {
    const out = rendered(md(`<p>${line.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`));
    expect(out.blocks).toEqual(['p']);
    expect(out.text).toBe(line);
  });
});

describe('block starters after a line break', () => {
  it.each(LINES)('Intro<br>%s stays in the one paragraph', (line) => {
    const out = rendered(md(`<p>Intro<br>${line.replace(/</g, '&lt;').replace(/>/g, '&gt;')}<br>end</p>`));
    expect(out.blocks).toEqual(['p']);
    expect(out.text).toBe(`Intro ${line} end`);
  });

  it('a table header and delimiter row written as text stay text', () => {
    const out = rendered(md('<p>| a | b |<br>| --- | --- |<br>| 1 | 2 |</p>'));
    expect(out.blocks).toEqual(['p']);
    expect(out.text).toBe('| a | b | | --- | --- | | 1 | 2 |');
  });

  it('four spaces after a break do not make code', () => {
    const out = rendered(md('<p>Intro<br>    indented text</p>'));
    expect(out.blocks).toEqual(['p']);
    expect(out.text).toBe('Intro indented text');
  });

  it('a line of = or - under a line does not make it a heading', () => {
    for (const underline of ['===', '---', '- -']) {
      const out = rendered(md(`<p>Title-like line<br>${underline}</p>`));
      expect(out.blocks).toEqual(['p']);
      expect(out.text).toBe(`Title-like line ${underline}`);
    }
  });
});

describe('block starters in other places a line starts', () => {
  it('in a list item: one item with its text', () => {
    const out = rendered(md('<ul><li>1) Lego</li><li>- dash</li><li># hash</li></ul>'));
    expect(out.blocks).toEqual(['ul', 'li', 'li', 'li']);
    expect(out.text).toBe('1) Lego - dash # hash');
  });

  it('in a quote, as a paragraph or as bare text', () => {
    const out = rendered(md('<blockquote><p>1) Lego</p>+ plus<br>&gt; nested?</blockquote>'));
    expect(out.blocks).toEqual(['blockquote', 'p', 'p']);
    expect(out.text).toBe('1) Lego + plus > nested?');
  });

  it('with the marker split across elements', () => {
    const out = rendered(md('<p><span>1</span>) Lego</p><p><span>-</span> dash</p>'));
    expect(out.blocks).toEqual(['p', 'p']);
    expect(out.text).toBe('1) Lego - dash');
  });

  it('in a div without paragraphs, and in a table cell', () => {
    const out = rendered(md('<div>1) Lego</div><table><thead><tr><th>h</th></tr></thead><tbody><tr><td>1) cell</td></tr></tbody></table>'));
    expect(out.blocks.filter((b) => ['ol', 'ul', 'pre', 'hr', 'h1'].includes(b))).toEqual([]);
    expect(out.text).toContain('1) Lego');
    expect(out.text).toContain('1) cell');
  });

  it('leaves real lists, headings, quotes and code as they were', () => {
    const out = rendered(md('<h2>Heading</h2><ol><li>one</li><li>two</li></ol><ul><li>a</li></ul><blockquote><p>q</p></blockquote><pre><code>1) code</code></pre>'));
    expect(out.blocks).toEqual(['h2', 'ol', 'li', 'li', 'ul', 'li', 'blockquote', 'p', 'pre']);
    expect(out.text).toBe('Heading one two a q 1) code');
  });

  it('does not touch the element it converts', () => {
    const root = dom.window.document.createElement('div');
    root.innerHTML = '<p>1) Lego<br>- x</p>';
    const before = root.innerHTML;
    md('<p>x</p>');
    toMarkdown(root);
    expect(root.innerHTML).toBe(before);
    expect(root.querySelector('p')!.childNodes).toHaveLength(3);
  });
});
