import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { migrateSettings, SETTINGS_MIGRATIONS } from '../../utils/settings/migrations';
import { DEFAULT_SETTINGS, SETTINGS_VERSION } from '../../utils/settings/schema';
import { createSettingsItem, loadSettings, settingsItem, storeSettings, watchSettings } from '../../utils/extension/settings-storage';

beforeEach(() => {
  fakeBrowser.reset();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('settings storage', () => {
  it('touches storage only when first used, not when a script that imports it is injected', async () => {
    const get = vi.spyOn(fakeBrowser.storage.sync, 'get');
    vi.resetModules();
    const fresh = await import('../../utils/extension/settings-storage');
    await new Promise((r) => setTimeout(r, 20));
    expect(get).not.toHaveBeenCalled();
    await fresh.loadSettings();
    expect(get).toHaveBeenCalled();
  });

  it('lives in sync storage and reads as the defaults when nothing is stored', async () => {
    expect(settingsItem().key).toBe('sync:settings');
    const loaded = await loadSettings();
    expect(loaded).toEqual({ settings: DEFAULT_SETTINGS, repaired: [] });
  });

  it('tells a watcher of every change, repaired, until it stops watching', async () => {
    const seen: unknown[] = [];
    const stop = watchSettings((s) => seen.push(s));
    await storeSettings({ ...DEFAULT_SETTINGS, author: '甲' });
    // Written by another page without validation: the watcher gets the repaired value.
    await fakeBrowser.storage.sync.set({ settings: { ...DEFAULT_SETTINGS, author: '乙', reader: { ...DEFAULT_SETTINGS.reader, fontSize: 'huge' } } });
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen[0]).toEqual({ ...DEFAULT_SETTINGS, author: '甲' });
    expect(seen[1]).toEqual({ ...DEFAULT_SETTINGS, author: '乙' });
    stop();
    await storeSettings({ ...DEFAULT_SETTINGS, author: '丙' });
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toHaveLength(2);
  });

  it('keeps what was stored', async () => {
    const mine = { ...DEFAULT_SETTINGS, filenamePattern: ':year-:month-:day-:title.md', reader: { ...DEFAULT_SETTINGS.reader, theme: 'sepia' as const } };
    await storeSettings(mine);
    expect((await fakeBrowser.storage.sync.get('settings')).settings).toEqual(mine);
    expect((await loadSettings()).settings).toEqual(mine);
  });

  it('repairs invalid fields to defaults, keeps the valid ones, and names what it repaired', async () => {
    await fakeBrowser.storage.sync.set({
      settings: { ...DEFAULT_SETTINGS, author: '趣头条', filenamePattern: ':nope.md', reader: { ...DEFAULT_SETTINGS.reader, fontSize: 'huge', theme: 'dark' } },
    });
    const { settings, repaired } = await loadSettings();
    expect(repaired.sort()).toEqual(['filenamePattern', 'reader.fontSize']);
    expect(settings.filenamePattern).toBe(DEFAULT_SETTINGS.filenamePattern);
    expect(settings.reader.fontSize).toBe(DEFAULT_SETTINGS.reader.fontSize);
    expect(settings.reader.theme).toBe('dark');
    expect(settings.author).toBe('趣头条');
  });

  it('survives a stored value that is not an object at all', async () => {
    await fakeBrowser.storage.sync.set({ settings: 'corrupt' });
    expect(await loadSettings()).toEqual({ settings: DEFAULT_SETTINGS, repaired: ['(settings)'] });
  });

  it('survives a storage area that throws', async () => {
    vi.spyOn(fakeBrowser.storage.sync, 'get').mockRejectedValue(new Error('QUOTA'));
    const { settings, repaired } = await loadSettings();
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(repaired).toEqual(['(settings)']);
  });
});

describe('settings migrations', () => {
  it('has only real migrations, each up to the current version', () => {
    expect(SETTINGS_VERSION).toBe(5);
    for (const v of Object.keys(SETTINGS_MIGRATIONS).map(Number)) {
      expect(v).toBeGreaterThan(1);
      expect(v).toBeLessThanOrEqual(SETTINGS_VERSION);
    }
    expect(Object.keys(SETTINGS_MIGRATIONS).map(Number)).toEqual([2, 3, 4, 5]);
  });

  it('v3 → v4 adds an empty list of exceptions, and keeps one the value already has', () => {
    expect(migrateSettings({ version: 3, author: '我' }, 3, 4)).toEqual({ version: 4, author: '我', exceptions: [] });
    const mine = [{ site: 'ql1d.com', text: '找记者' }];
    expect(migrateSettings({ version: 3, exceptions: mine }, 3, 4)).toEqual({ version: 4, exceptions: mine });
    expect(migrateSettings('corrupt', 3)).toBe('corrupt');
  });

  it('v4 → v5 turns the reader preparation on, as it was before the switch, and keeps a stored choice', () => {
    expect(migrateSettings({ version: 4, reader: { theme: 'dark' } }, 4)).toEqual({ version: 5, reader: { prepare: true, theme: 'dark' } });
    expect(migrateSettings({ version: 4 }, 4)).toEqual({ version: 5, reader: { prepare: true } });
    expect(migrateSettings({ version: 4, reader: { prepare: false } }, 4)).toEqual({ version: 5, reader: { prepare: false } });
    expect(migrateSettings('corrupt', 4)).toBe('corrupt');
  });

  it('v1 → v2 adds the image-saving defaults and keeps the images fields the user had', () => {
    const v1 = { version: 1, preset: 'archive', images: { noReferrer: true, proxyPrefix: 'https://p.example/?', proxyScope: 'http' } };
    expect(migrateSettings(v1, 1, 2)).toEqual({
      version: 2,
      preset: 'archive',
      images: { mode: 'remote', assetStyle: 'asset_img', maxImageKB: 5120, maxArticleKB: 51200, noReferrer: true, proxyPrefix: 'https://p.example/?', proxyScope: 'http' },
    });
    // A v1 value without `images` (hand-edited) gets the new fields; the repair path fills in the rest.
    expect((migrateSettings({ version: 1 }, 1, 2) as { images: unknown }).images).toEqual({ mode: 'remote', assetStyle: 'asset_img', maxImageKB: 5120, maxArticleKB: 51200 });
    // Not an object: left to the repair path.
    expect(migrateSettings('corrupt', 1)).toBe('corrupt');
    // Already v2: nothing runs.
    expect(migrateSettings({ version: 2, images: { mode: 'zip' } }, 2, 2)).toEqual({ version: 2, images: { mode: 'zip' } });
  });

  it('v2 → v3 adds the blog defaults and keeps a blog field the user had', () => {
    expect(migrateSettings({ version: 2, author: 'A' }, 2, 3)).toEqual({ version: 3, author: 'A', blog: { subfolder: '', slug: 'title' } });
    expect(migrateSettings({ version: 2, blog: { slug: 'pinyin' } }, 2, 3)).toEqual({ version: 3, blog: { subfolder: '', slug: 'pinyin' } });
    expect(migrateSettings('corrupt', 2)).toBe('corrupt');
    expect(migrateSettings({ version: 3, blog: { subfolder: 'x', slug: 'id' } }, 3, 3)).toEqual({ version: 3, blog: { subfolder: 'x', slug: 'id' } });
  });

  it('a stored v1 value is migrated by WXT storage on read: same settings, image, blog, exception and reader-preparation defaults added, current version', async () => {
    const { mode: _m, assetStyle: _a, maxImageKB: _i, maxArticleKB: _k, ...v1Images } = DEFAULT_SETTINGS.images;
    const { blog: _b, exceptions: _x, ...v1Settings } = DEFAULT_SETTINGS;
    const { prepare: _p, ...v1Reader } = DEFAULT_SETTINGS.reader;
    const v1 = { ...v1Settings, version: 1, author: '我', images: { ...v1Images, noReferrer: true }, reader: v1Reader };
    await fakeBrowser.storage.sync.set({ settings: v1, settings$: { v: 1 } });
    const { settings, repaired } = await loadSettings(createSettingsItem());
    expect(repaired).toEqual([]);
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, author: '我', images: { ...DEFAULT_SETTINGS.images, noReferrer: true } });
    expect((await fakeBrowser.storage.sync.get('settings$'))['settings$']).toEqual({ v: SETTINGS_VERSION });
    expect(((await fakeBrowser.storage.sync.get('settings')).settings as { version: number }).version).toBe(SETTINGS_VERSION);
  });

  it('runs the steps after the stored version, in order, stamping each version', () => {
    const calls: number[] = [];
    const migrations = {
      2: (v: unknown) => (calls.push(2), { ...(v as object), fontSize: undefined, reader: { fontSize: (v as { fontSize: number }).fontSize } }),
      3: (v: unknown) => (calls.push(3), { ...(v as object), tags: ['a'] }),
    };
    expect(migrateSettings({ version: 1, fontSize: 20 }, 1, 3, migrations)).toEqual({ version: 3, fontSize: undefined, reader: { fontSize: 20 }, tags: ['a'] });
    expect(calls).toEqual([2, 3]);
    calls.length = 0;
    expect(migrateSettings({ version: 2 }, 2, 3, migrations)).toEqual({ version: 3, tags: ['a'] });
    expect(calls).toEqual([3]);
  });

  it('runs through WXT storage on a stored old version, then the repair path cleans what the migration left', async () => {
    // A made-up version 2 that moves `fontSize` under `reader` but lets an out-of-range value through.
    await fakeBrowser.storage.sync.set({ settings: { preset: 'hexo', fontSize: 99, author: 'A' }, settings$: { v: 1 } });
    const item = createSettingsItem(2, {
      2: (old: unknown) => {
        const { fontSize, ...rest } = old as { fontSize: number };
        return { ...rest, reader: { fontSize } };
      },
    });
    const { settings, repaired } = await loadSettings(item);
    expect((await fakeBrowser.storage.sync.get('settings$'))['settings$']).toEqual({ v: 2 });
    expect(settings.version).toBe(2);
    expect(settings.author).toBe('A');
    expect(repaired).toEqual(['reader.fontSize']);
    expect(settings.reader.fontSize).toBe(DEFAULT_SETTINGS.reader.fontSize);
  });

  it('a migration that throws leaves the old value to the repair path instead of crashing', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await fakeBrowser.storage.sync.set({ settings: { preset: 'archive', tags: 'not-a-list' }, settings$: { v: 1 } });
    const item = createSettingsItem(2, {
      2: () => {
        throw new Error('bad migration');
      },
    });
    const { settings, repaired } = await loadSettings(item);
    expect(settings.preset).toBe('archive');
    expect(repaired).toEqual(['tags']);
  });
});
