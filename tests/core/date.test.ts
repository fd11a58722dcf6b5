import { describe, expect, it } from 'vitest';
import { formatIso, formatLocal, formatRfc1123, fromZoned, parseIsoDate, parsePageDate } from '../../utils/core/date';

describe('parsePageDate', () => {
  it.each([
    ['齐鲁晚报  2021-07-27 15:58', '2021-07-27T07:58:00.000Z'],
    ['2022年01月19日 07:56', '2022-01-18T23:56:00.000Z'],
    ['2022年1月9日07:56:30', '2022-01-08T23:56:30.000Z'],
    ['发布时间：2021/11/23 09:52', '2021-11-23T01:52:00.000Z'],
    ['2021-07-27', '2021-07-26T16:00:00.000Z'],
    ['2021-07-27T15:58:00+09:00', '2021-07-27T06:58:00.000Z'],
  ])('reads %s in Asia/Shanghai unless the page says otherwise', (text, iso) => {
    expect(parsePageDate(text, 'Asia/Shanghai')?.toISOString()).toBe(iso);
  });

  it.each(['没有日期', '2021-13-01 10:00', '阅读 12345'])('finds no date in %s', (text) => {
    expect(parsePageDate(text, 'Asia/Shanghai')).toBeUndefined();
  });

  it('reads ISO metadata with an offset as given', () => {
    expect(parseIsoDate('2021-07-27T07:58:00Z', 'Asia/Shanghai')?.toISOString()).toBe('2021-07-27T07:58:00.000Z');
  });
});

describe('formatting', () => {
  const d = new Date('2021-07-27T07:58:10Z');
  it('writes Hexo local dates in the configured zone', () => {
    expect(formatLocal(d, 'Asia/Shanghai')).toBe('2021-07-27 15:58:10');
    expect(formatLocal(d, 'UTC')).toBe('2021-07-27 07:58:10');
    expect(formatLocal(d, 'America/New_York')).toBe('2021-07-27 03:58:10');
  });
  it('writes ISO with the offset', () => {
    expect(formatIso(d, 'Asia/Shanghai')).toBe('2021-07-27T15:58:10+08:00');
    expect(formatIso(new Date('2021-01-15T12:00:00Z'), 'America/New_York')).toBe('2021-01-15T07:00:00-05:00');
  });
  it('writes the archive date in RFC 1123 GMT', () => {
    expect(formatRfc1123(d)).toBe('Tue, 27 Jul 2021 07:58:10 GMT');
  });
  it('round-trips a wall-clock time across a DST change', () => {
    const t = fromZoned({ year: 2021, month: 3, day: 14, hour: 12, minute: 0, second: 0 }, 'America/New_York');
    expect(formatLocal(t, 'America/New_York')).toBe('2021-03-14 12:00:00');
  });
});
