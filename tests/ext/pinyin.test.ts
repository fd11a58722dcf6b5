/**
 * The pinyin slug in the extension: the page's clip names the file in pinyin once the pinyin
 * content script has left its converter in the page, and by the title before (as it always did).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toPinyin } from '../../utils/core/pinyin';
import { PINYIN_GLOBAL, providePinyin } from '../../utils/extension/pinyin';
import { DEFAULT_SETTINGS, type Settings } from '../../utils/settings/schema';
import { fixture, showAsPage } from './helpers';

const PAGE = fixture('019.html');
const PINYIN: Settings = { ...DEFAULT_SETTINGS, blog: { ...DEFAULT_SETTINGS.blog, slug: 'pinyin' } };

async function clipName(settings: Settings): Promise<string> {
  vi.resetModules();
  const { clipThisPage } = await import('../../utils/extension/page');
  const { response } = clipThisPage(settings);
  if (!response.ok) throw new Error(response.message);
  return response.filename;
}

afterEach(() => {
  delete (globalThis as Record<string, unknown>)[PINYIN_GLOBAL];
});

describe('the pinyin slug in the page', () => {
  it('names the file by the title until the converter is there, then in pinyin', async () => {
    showAsPage(PAGE);
    const byTitle = await clipName(DEFAULT_SETTINGS);
    expect(await clipName(PINYIN)).toBe(byTitle);
    providePinyin(toPinyin);
    const name = await clipName(PINYIN);
    expect(name).toMatch(/^[a-z0-9-]+\.md$/);
    expect(name).toContain('han-chao');
    // Other slugs do not use it.
    expect(await clipName(DEFAULT_SETTINGS)).toBe(byTitle);
  });
});
