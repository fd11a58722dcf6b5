import { describe, expect, it } from 'vitest';
import { byteLength, formatFilename, parsePattern, safeSegment, truncateBytes, uniqueFilename } from '../../utils/core/filename';

const vars = { title: '稳定毕业去向落实率、提高留鲁率！', date: new Date('2021-07-27T07:58:00Z'), timeZone: 'Asia/Shanghai', site: 'qutoutiao', id: '1840579423' };

describe('formatFilename', () => {
  it('fills Hexo new_post_name placeholders in the configured zone', () => {
    expect(formatFilename(':title.md', vars)).toBe('稳定毕业去向落实率、提高留鲁率！.md');
    expect(formatFilename(':year-:month-:day-:title.md', vars)).toBe('2021-07-27-稳定毕业去向落实率、提高留鲁率！.md');
    expect(formatFilename(':year/:i_month/:id.md', { ...vars, date: new Date('2021-01-05T20:00:00Z') })).toBe('2021/1/1840579423.md');
  });

  it('makes a title with path and reserved characters one safe name', () => {
    expect(formatFilename(':title.md', { ...vars, title: 'a/b\\c:d*e?f"g<h>i|j' })).toBe('a b c d e f g h i j.md');
    expect(formatFilename(':title.md', { ...vars, title: 'CON' })).toBe('CON_.md');
    expect(formatFilename(':title.md', { ...vars, title: '...结尾有点. ' })).toBe('结尾有点.md');
    expect(formatFilename(':title.md', { ...vars, title: '\u200b\u202e' })).toBe('untitled.md');
  });

  it('keeps names within 200 bytes without breaking a character', () => {
    const name = formatFilename(':title.md', { ...vars, title: '长'.repeat(300) });
    expect(byteLength(name)).toBeLessThanOrEqual(200);
    expect(name.endsWith('长.md')).toBe(true);
    expect(truncateBytes('😀😀😀', 5)).toBe('😀');
  });
});

describe('parsePattern', () => {
  it.each([
    [':title.md', null],
    [':year-:month-:day-:title.md', null],
    ['', 'empty'],
    [':year.md', 'needs :title or :id'],
    [':title-:foo.md', 'unknown placeholder :foo'],
    ['../:title.md', 'must stay inside the folder'],
  ])('%s → %s', (pattern, problem) => {
    expect(parsePattern(pattern)).toBe(problem);
  });
});

describe('uniqueFilename', () => {
  it('never hands out the same name twice, case-insensitively', () => {
    const taken = new Set<string>();
    expect(uniqueFilename('新闻.md', taken)).toBe('新闻.md');
    expect(uniqueFilename('新闻.md', taken)).toBe('新闻-2.md');
    expect(uniqueFilename('News.md', taken)).toBe('News.md');
    expect(uniqueFilename('news.md', taken)).toBe('news-2.md');
  });

  it('keeps a suffixed name within the byte limit', () => {
    const taken = new Set<string>();
    const long = `${'长'.repeat(65)}.md`;
    uniqueFilename(long, taken);
    const second = uniqueFilename(long, taken);
    expect(second).not.toBe(long);
    expect(byteLength(second)).toBeLessThanOrEqual(200);
  });

  it('safeSegment strips bidi and zero-width controls', () => {
    expect(safeSegment('a\u202eb\u200bc')).toBe('abc');
  });

  it('safeSegment drops half surrogate pairs, which have no UTF-8 form, and keeps whole ones', () => {
    expect(safeSegment('a\ud800b\udfffc')).toBe('abc');
    expect(safeSegment('表情😀')).toBe('表情😀');
  });
});
