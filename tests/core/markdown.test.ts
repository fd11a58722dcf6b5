import { JSDOM } from 'jsdom';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { toMarkdown } from '../../utils/core/markdown';

const md = (html: string) => toMarkdown(new JSDOM(`<div id="r">${html}</div>`).window.document.getElementById('r')!);
/** Rendered the way hexo-renderer-marked renders, back to text and tags. */
const render = (markdown: string) => marked.parse(markdown, { async: false }) as string;

describe('toMarkdown', () => {
  it('writes bold that ends in CJK punctuation before text so it renders bold', () => {
    const out = md('<p><strong>疫情就是命令，防控就是责任。</strong>接到电话后，他立即赶到现场。</p>');
    const html = render(out);
    expect(html).toContain('<strong>疫情就是命令，防控就是责任。</strong>接到电话后');
    expect(html).not.toContain('**');
  });

  it('keeps plain ** emphasis where CommonMark reads it', () => {
    const out = md('<p>他说<strong>一定要坚持</strong>下去。</p>');
    expect(out).toBe('他说**一定要坚持**下去。');
    expect(render(out)).toContain('<strong>一定要坚持</strong>');
  });

  it('writes italic after an opening quote as HTML too', () => {
    const html = render(md('<p>他<em>“重要”</em>地说</p>'));
    expect(html).toContain('<em>“重要”</em>');
  });

  it('keeps text that looks like markup as text', () => {
    const out = md('<p>&lt;script&gt;alert(1)&lt;/script&gt; 与 &lt;img src=x onerror=alert(1)&gt;</p>');
    const html = render(out);
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;script&gt;');
  });

  it('escapes entity-like text so it stays literal', () => {
    const html = render(md('<p>写作 &amp;lt; 表示小于号</p>'));
    expect(html).toContain('&amp;lt;');
  });

  it('writes images, keeping referrerpolicy as an HTML tag', () => {
    expect(md('<p><img src="http://a.com/x (1).png" alt="图[1]"></p>')).toBe('![图\\[1\\]](http://a.com/x%20%281%29.png)');
    expect(md('<p><img src="http://a.com/x.png" referrerpolicy="no-referrer"></p>')).toBe('<img src="http://a.com/x.png" referrerpolicy="no-referrer">');
  });

  it('writes GFM tables', () => {
    const html = render(md('<table><thead><tr><th>城市</th><th>气温</th></tr></thead><tbody><tr><td>德州</td><td>-11℃</td></tr></tbody></table>'));
    expect(html.replace(/\s+/g, '')).toContain('<th>城市</th><th>气温</th>');
    expect(html.replace(/\s+/g, '')).toContain('<td>德州</td><td>-11℃</td>');
  });
});
