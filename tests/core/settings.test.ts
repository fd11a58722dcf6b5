import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../utils/settings/schema';
import { checkField, compilePromoPattern, repairSettings, resolveSettings, SettingsError } from '../../utils/settings/validate';

describe('resolveSettings', () => {
  it('gives the defaults for an empty object', () => {
    expect(resolveSettings({})).toEqual(DEFAULT_SETTINGS);
  });

  it('merges a partial file over the defaults of its preset', () => {
    const s = resolveSettings({ preset: 'archive', tags: ['山东'], images: { proxyScope: 'all' } });
    expect(s.body).toBe('html');
    expect(s.categories).toEqual(['新媒体', '趣头条', '分类']);
    expect(s.tags).toEqual(['山东']);
    expect(s.images).toEqual({ ...DEFAULT_SETTINGS.images, noReferrer: true, proxyPrefix: 'https://cors.zfour.workers.dev/?', proxyScope: 'all' });
    expect(s.reader).toEqual(DEFAULT_SETTINGS.reader);
  });

  it('lets explicit values win over the preset', () => {
    expect(resolveSettings({ preset: 'archive', author: '我' }).author).toBe('我');
    expect(resolveSettings({ preset: 'archive' }, { preset: 'hexo' }).body).toBe('markdown');
  });

  it('names every invalid field and what it accepts', () => {
    try {
      resolveSettings({ preset: 'hexo', timezone: 'Mars/Base', filenamePattern: ':year.md', categories: 'news', colour: 'red' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SettingsError);
      const paths = (e as SettingsError).issues.map((i) => i.path).sort();
      expect(paths).toEqual(['categories', 'colour', 'filenamePattern', 'timezone']);
      expect((e as SettingsError).message).toContain('timezone: expected an IANA time zone');
      expect((e as SettingsError).message).toContain('got "Mars/Base"');
    }
  });

  it('rejects an unknown preset before anything else', () => {
    expect(() => resolveSettings({ preset: 'jekyll' })).toThrow(/preset: expected one of "hexo", "archive"/);
  });

  it('rejects what is not an object', () => {
    expect(() => resolveSettings([1, 2])).toThrow(SettingsError);
    expect(() => resolveSettings(null)).toThrow(/a JSON object/);
  });
});

describe('checkField', () => {
  it.each([
    ['categories', [['新媒体', '趣头条'], ['山东']], true],
    ['categories', ['a', ['b']], false],
    ['coverFields', ['index_img'], true],
    ['coverFields', ['bad key'], false],
    ['images.proxyPrefix', 'http://insecure/?', false],
    ['images.proxyPrefix', '', true],
    ['download.subfolder', 'blog/posts', true],
    ['download.subfolder', '../outside', false],
    ['reader.fontSize', 40, false],
    ['promoPatterns', ['/([/'], false],
    ['promoPatterns', ['关注我们', '/下载.+APP/i'], true],
  ])('%s = %j valid: %s', (path, value, valid) => {
    expect(checkField(path, value) === null).toBe(valid);
  });
});

describe('repairSettings', () => {
  it('keeps valid stored values and repairs the rest to defaults', () => {
    const { settings, repaired } = repairSettings({ preset: 'archive', reader: { fontSize: 'huge', theme: 'dark' }, tags: 7 });
    expect(settings.preset).toBe('archive');
    expect(settings.reader.theme).toBe('dark');
    expect(settings.reader.fontSize).toBe(DEFAULT_SETTINGS.reader.fontSize);
    expect(settings.tags).toEqual([]);
    expect(repaired.sort()).toEqual(['reader.fontSize', 'tags']);
  });

  it('repairs a corrupt store as a whole', () => {
    expect(repairSettings('garbage')).toEqual({ settings: DEFAULT_SETTINGS, repaired: ['(settings)'] });
  });
});

describe('compilePromoPattern', () => {
  it('treats plain text literally and /regex/flags as a pattern', () => {
    expect(compilePromoPattern('a.b')!.test('axb')).toBe(false);
    expect(compilePromoPattern('/a.b/')!.test('axb')).toBe(true);
    expect(compilePromoPattern('/APP/i')!.test('app')).toBe(true);
    expect(compilePromoPattern('/(/')).toBeNull();
  });
});
