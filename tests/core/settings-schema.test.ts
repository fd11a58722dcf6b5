/**
 * Everything derived from the settings schema stays in step with it: the defaults, the leaf
 * paths, every select's values and labels, repair of stored values of every version, and the
 * CLI's flag checks. Adding a value to a select (one edit in schema.ts) fails here until both
 * locales label it; the options page, popup and reader side is tests/ext/options-schema.test.tsx.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../scripts/clip';
import { migrateSettings } from '../../utils/settings/migrations';
import { clone, getPath, setPath, withPath } from '../../utils/settings/path';
import { CHOICES, choiceLabelKey, DEFAULT_SETTINGS, numberRange, SETTING_PATHS, SETTINGS_VERSION } from '../../utils/settings/schema';
import { checkField, checkFlag, repairSettings, resolveSettings, validateSettings } from '../../utils/settings/validate';

const root = resolve(import.meta.dirname, '../..');
const locale = (name: string) => JSON.parse(readFileSync(resolve(root, `public/_locales/${name}/messages.json`), 'utf8')) as Record<string, { message: string }>;
const LOCALES = { zh_CN: locale('zh_CN'), en: locale('en') };

/** The dotted paths of a plain settings value's leaves (`sites` is a leaf: its keys are data). */
function leafPaths(value: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(value).flatMap(([k, v]) => {
    const path = `${prefix}${k}`;
    return v !== null && typeof v === 'object' && !Array.isArray(v) && path !== 'sites' ? leafPaths(v as Record<string, unknown>, `${path}.`) : [path];
  });
}

/** A value no select offers. */
const NOT_A_CHOICE = 'not-a-choice';

describe('the schema and what derives from it', () => {
  it('gives defaults that pass their own checks, fresh on each resolve', () => {
    expect(validateSettings(DEFAULT_SETTINGS)).toEqual([]);
    expect(DEFAULT_SETTINGS.version).toBe(SETTINGS_VERSION);
    expect(DEFAULT_SETTINGS.sites).toEqual({ qutoutiao: true, qilu: true });
    const a = resolveSettings({});
    a.tags.push('x');
    a.images.mode = 'zip';
    expect(resolveSettings({}).tags).toEqual([]);
    expect(DEFAULT_SETTINGS.tags).toEqual([]);
    expect(DEFAULT_SETTINGS.images.mode).toBe('remote');
  });

  it('has one leaf path for every field of the settings, in the defaults and in the checks', () => {
    expect([...SETTING_PATHS].sort()).toEqual(leafPaths(DEFAULT_SETTINGS as unknown as Record<string, unknown>).sort());
    for (const path of SETTING_PATHS) expect(checkField(path, getPath(DEFAULT_SETTINGS, path)), path).toBeNull();
  });

  it('finds every select in the schema, each value accepted and nothing else', () => {
    expect(Object.keys(CHOICES).sort()).toEqual(
      ['body', 'blog.slug', 'dateStyle', 'images.assetStyle', 'images.mode', 'images.proxyScope', 'preset', 'reader.font', 'reader.theme'].sort(),
    );
    for (const [path, { values }] of Object.entries(CHOICES)) {
      expect(values.length, path).toBeGreaterThan(1);
      for (const value of values) expect(checkField(path, value), `${path} = ${value}`).toBeNull();
      expect(checkField(path, NOT_A_CHOICE)?.expected).toBe(`one of ${values.map((v) => `"${v}"`).join(', ')}`);
      expect(values).toContain(getPath(DEFAULT_SETTINGS, path));
    }
  });

  it('labels every value of every select in zh_CN and en, each with a key of its own', () => {
    const keys = Object.entries(CHOICES).flatMap(([path, { values }]) => values.map((v) => choiceLabelKey(path, v)));
    // Two selects sharing a key (choice_local for a date style and an image mode) would show one's label in the other.
    expect(new Set(keys).size).toBe(keys.length);
    for (const [name, messages] of Object.entries(LOCALES)) {
      for (const key of keys) expect(messages[key]?.message.trim(), `${name}: ${key}`).toBeTruthy();
      expect(messages.expect_oneOf?.message, name).toContain('$1');
    }
  });

  it('derives the reader’s font-size bounds from the check', () => {
    expect(numberRange('reader.fontSize')).toEqual({ min: 12, max: 32 });
    expect(checkField('reader.fontSize', 32)).toBeNull();
    expect(checkField('reader.fontSize', 33)).not.toBeNull();
  });

  it('keeps the reasons the CLI and importers print', () => {
    expect(checkField('dateStyle', 'iso')).toEqual({ path: 'dateStyle', expected: 'one of "local", "rfc1123"', got: '"iso"' });
    expect(checkField('filenamePattern', ':title-:nope.md')?.expected).toBe('a pattern such as ":year-:month-:day-:title.md" (unknown placeholder :nope)');
    expect(checkField('promoPatterns', ['ok', '/(/'])?.expected).toBe('a list of texts or /regular expressions/ ("/(/" is not a valid regular expression)');
    expect(checkField('exceptions', [{ site: 'a b', text: 'x' }])?.expected).toContain('"a b" is not a host name');
    expect(checkField('exceptions', [{ site: 'ql1d.com', text: 'x', extra: 1 }])).not.toBeNull();
    expect(checkField('sites', [true])).not.toBeNull();
    expect(checkField('images.maxImageKB', 1.5)?.expected).toBe('a whole number from 1 to 51200');
    expect(checkField('colour', 'red')?.expected).toBe('a known setting');
  });

  it('refuses keys that name Object’s own properties as unknown settings, without throwing', () => {
    const file = JSON.parse('{"constructor": 1, "__proto__": {"tags": ["x"]}, "reader": {"toString": 2}}') as unknown;
    expect(() => resolveSettings(file)).toThrow(/constructor: expected a known setting.*__proto__\.tags: expected a known setting.*reader\.toString: expected a known setting/);
    expect(checkField('hasOwnProperty', 1)?.expected).toBe('a known setting');
    expect(checkFlag('--x', 'constructor', 'y')).toBe('--x: expected a known setting, got "y"');
    expect(repairSettings(file).settings).toEqual(DEFAULT_SETTINGS);
  });
});

describe('one dotted-path helper', () => {
  it('reads, writes in place, and copies with one leaf replaced', () => {
    const s = clone(DEFAULT_SETTINGS);
    expect(getPath(s, 'reader.fontSize')).toBe(18);
    expect(getPath(s, 'reader.nope.deeper')).toBeUndefined();
    const next = withPath(s, 'reader.fontSize', 20);
    expect(next.reader.fontSize).toBe(20);
    expect(s.reader.fontSize).toBe(18);
    expect(next.images).not.toBe(s.images);
    const o: Record<string, unknown> = { a: 1 };
    setPath(o, 'b.c', 2);
    expect(o).toEqual({ a: 1, b: { c: 2 } });
  });
});

describe('stored values of every version', () => {
  const v1 = {
    version: 1,
    preset: 'archive',
    body: 'html',
    dateStyle: 'rfc1123',
    timezone: 'Asia/Shanghai',
    categories: ['新媒体', '趣头条', '分类'],
    tags: ['山东'],
    author: '趣头条',
    comments: false,
    coverFields: ['headimg', 'thumbnail'],
    sourceFields: false,
    filenamePattern: ':year/:title.md',
    images: { noReferrer: true, proxyPrefix: 'https://cors.zfour.workers.dev/?', proxyScope: 'http' },
    promoPatterns: ['关注我们'],
    sites: { qutoutiao: true, qilu: false },
    reader: { theme: 'sepia', font: 'sans', fontSize: 20, lineHeight: 2, width: 800, indent: true },
    autoReader: true,
    download: { subfolder: 'posts', saveAs: true },
  };

  it.each([1, 2, 3, 4, 5])('loads a v%i value whole, nothing repaired and nothing lost', (version) => {
    const stored = migrateSettings(v1, 1, version);
    const { settings, repaired } = repairSettings(migrateSettings(stored, version));
    expect(repaired).toEqual([]);
    expect(settings).toEqual({
      ...v1,
      version: SETTINGS_VERSION,
      images: { ...v1.images, mode: 'remote', assetStyle: 'asset_img', maxImageKB: 5120, maxArticleKB: 51200 },
      blog: { subfolder: '', slug: 'title' },
      exceptions: [],
      reader: { ...v1.reader, prepare: true },
    });
  });

  it('puts the default in place of a value the schema no longer offers, says so, and keeps the rest', () => {
    const stored = { ...DEFAULT_SETTINGS, author: '我', reader: { ...DEFAULT_SETTINGS.reader, theme: 'neon', fontSize: 22 }, images: { ...DEFAULT_SETTINGS.images, mode: 'cloud' } };
    const { settings, repaired } = repairSettings(stored);
    expect(repaired.sort()).toEqual(['images.mode', 'reader.theme']);
    expect(settings.reader.theme).toBe(DEFAULT_SETTINGS.reader.theme);
    expect(settings.images.mode).toBe(DEFAULT_SETTINGS.images.mode);
    expect(settings.reader.fontSize).toBe(22);
    expect(settings.author).toBe('我');
  });

  it('never throws on what a store can hold', () => {
    for (const junk of [null, 7, 'x', [], { reader: 'big' }, { images: [1] }, { sites: null, exceptions: [null] }]) {
      const { settings } = repairSettings(junk);
      expect(validateSettings(settings)).toEqual([]);
    }
  });
});

describe('the CLI’s flags accept exactly the schema’s values', () => {
  const FLAGS: [string, string][] = [
    ['preset', 'preset'],
    ['images', 'images.mode'],
    ['asset-style', 'images.assetStyle'],
  ];

  /** Runs the CLI in-process with no page: a refused flag fails first, an accepted one gets as far as "no page given". */
  async function run(...argv: string[]) {
    let stderr = '';
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => ((stderr += s), true) } } as never;
    const code = await main(argv, io);
    return { code, stderr };
  }

  it.each(FLAGS)('--%s takes every value of %s and refuses any other, listing them', async (flag, path) => {
    const values = CHOICES[path]?.values ?? [];
    for (const value of values) {
      expect(checkFlag(`--${flag}`, path, value)).toBeNull();
      const r = await run(`--${flag}`, value);
      expect(r.stderr, `${flag} ${value}`).toContain('no page given');
    }
    const listed = `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
    const r = await run(`--${flag}`, NOT_A_CHOICE);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`clip: --${flag}: expected ${listed}, got "${NOT_A_CHOICE}"\n`);
  });

  it('checks the image size flags with the settings’ ranges', async () => {
    expect((await run('--max-image-kb', '0')).stderr).toBe('clip: --max-image-kb: expected a whole number from 1 to 51200, got "0"\n');
    expect((await run('--max-article-kb', 'lots')).stderr).toBe('clip: --max-article-kb: expected a whole number from 1 to 204800, got "lots"\n');
    expect((await run('--max-image-kb', '100')).stderr).toContain('no page given');
  });
});
