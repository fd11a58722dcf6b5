import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { withScaffoldKeys } from '../../utils/extension/blog-scaffold';

const POST = "---\ntitle: '德州寒潮: 继续'\ndate: 2021-12-24 17:38:00\ntags: []\n---\n\n正文\n";
const front = (text: string) => parse(/---\n([\s\S]*?)---\n/.exec(text)![1]!) as Record<string, unknown>;

describe('withScaffoldKeys', () => {
  it('adds the scaffold’s extra keys with their defaults and leaves the post’s own lines as written', () => {
    const out = withScaffoldKeys(POST, { keys: ['title', 'date', 'tags', 'archive_source', 'top', 'series'], defaults: { tags: null, archive_source: '趣头条存档', top: false, series: ['新闻', '天气'] } });
    expect(out.startsWith("---\ntitle: '德州寒潮: 继续'\ndate: 2021-12-24 17:38:00\ntags: []\n")).toBe(true);
    expect(out.endsWith('---\n\n正文\n')).toBe(true);
    expect(front(out)).toEqual({ title: '德州寒潮: 继续', date: '2021-12-24 17:38:00', tags: [], archive_source: '趣头条存档', top: false, series: ['新闻', '天气'] });
  });

  it('keeps the archive format’s leading blank line, and changes nothing without a scaffold or new keys', () => {
    const archive = `\n${POST}`;
    expect(front(withScaffoldKeys(archive, { keys: [], defaults: { x: 1 } }).slice(1))).toMatchObject({ x: 1 });
    expect(withScaffoldKeys(archive, { keys: [], defaults: { x: 1 } }).startsWith('\n---\n')).toBe(true);
    expect(withScaffoldKeys(POST, null)).toBe(POST);
    expect(withScaffoldKeys(POST, { keys: ['title'], defaults: { title: 'x', date: 'y' } })).toBe(POST);
  });

  it('a default that needs quoting stays a string', () => {
    const out = withScaffoldKeys(POST, { keys: [], defaults: { note: 'a: b #c', when: '2021-01-01' } });
    expect(front(out)).toMatchObject({ note: 'a: b #c', when: '2021-01-01' });
  });
});
