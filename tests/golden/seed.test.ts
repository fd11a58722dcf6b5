/**
 * The archive preset against the user's own post: `seed.html` must come out as `seed.archive.md`,
 * the format of the 19,000-post archive, field for field.
 */
import { JSDOM } from 'jsdom';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { clipHtml, readFixture } from '../helpers';

const expected = JSON.parse(readFixture('seed', 'seed.expected.json')) as { url: string };

function split(text: string) {
  const m = /^\n---\n([\s\S]*?)\n---\n\n([\s\S]*)$/.exec(text);
  if (!m) throw new Error('not in the archive layout (leading newline, ---, front matter, ---, blank line)');
  return { yaml: m[1]!, data: parseYaml(m[1]!) as Record<string, unknown>, body: m[2]! };
}

/** Element tree with attributes and text, white space between tags ignored. */
function tree(html: string): unknown {
  const { document } = new JSDOM(`<body>${html}</body>`).window;
  const walk = (node: Node): unknown => {
    if (node.nodeType === 3) return node.textContent!.trim() || null;
    const el = node as Element;
    const attrs = Object.fromEntries(el.getAttributeNames().sort().map((n) => [n, el.getAttribute(n)]));
    return { tag: el.tagName, attrs, children: Array.from(el.childNodes).map(walk).filter((c) => c !== null) };
  };
  return walk(document.body);
}

describe('archive preset on the seed page', () => {
  const post = clipHtml(readFixture('seed', 'seed.html'), expected.url, { preset: 'archive' }).post;
  const got = split(post.text);
  const want = split(readFixture('seed', 'seed.archive.md'));

  it('writes the same front-matter keys in the same order', () => {
    expect(Object.keys(got.data)).toEqual(Object.keys(want.data));
  });

  it('writes equal front-matter values (the date to the minute the page shows)', () => {
    expect(got.data).toEqual(want.data);
    expect(got.data.date).toBe('Tue, 27 Jul 2021 07:58:00 GMT');
  });

  it('writes the same body element tree, attributes and text', () => {
    expect(tree(got.body)).toEqual(tree(want.body));
  });

  it('matches the expected file byte for byte but for YAML list indentation', () => {
    const normalise = (t: string) => t.replace(/^categories: ?\n(?: +- .*\n)+/m, (block) => block.replace(/ +$/gm, '').replace(/^ +-/gm, ' -'));
    expect(normalise(post.text)).toBe(normalise(readFixture('seed', 'seed.archive.md')));
  });

  it('differs from the original archive post only where the page allows: minutes, and the promo footer', () => {
    // The seed's original archive post (`000_27f2c1dccffe2311.txt`), kept once: it is the blog corpus's 032.md.
    const original = split(readFixture('blog', 'corpus', '032.md'));
    expect(original.data.date).toBe('Tue, 27 Jul 2021 07:58:10 GMT');
    expect(original.body).toContain('找记者、求报道、求帮助');
    expect(got.body).not.toContain('找记者');
    expect({ ...got.data, date: null }).toEqual({ ...original.data, date: null });
  });
});
