import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removedSummary } from '../../utils/i18n';
import { EDITABLE_PATHS, SETTING_GROUPS } from '../../utils/settings/edit';
import { CHOICES } from '../../utils/settings/schema';
import { enT, locales, root, zhT } from './helpers';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('locales', () => {
  it('zh_CN and en have the same keys, none empty', () => {
    expect(Object.keys(locales.en).sort()).toEqual(Object.keys(locales.zh_CN).sort());
    for (const [key, { message }] of [...Object.entries(locales.zh_CN), ...Object.entries(locales.en)]) expect(message.trim(), key).not.toBe('');
  });

  it('has every literal key the UI asks for', () => {
    const files = [...sources(resolve(root, 'components')), ...sources(resolve(root, 'entrypoints')), ...sources(resolve(root, 'utils/extension'))];
    const keys = new Set<string>();
    for (const file of files) for (const m of readFileSync(file, 'utf8').matchAll(/\b(?:t|translate)\('([A-Za-z0-9_]+)'/g)) keys.add(m[1] as string);
    expect(keys.size).toBeGreaterThan(30);
    for (const key of keys) expect(locales.zh_CN, key).toHaveProperty(key);
  });

  it('names, explains and groups every setting', () => {
    for (const path of EDITABLE_PATHS) {
      const key = path.replace(/\./g, '_');
      expect(locales.zh_CN, path).toHaveProperty(`opt_${key}`);
      // A select's reason lists its labels (expect_oneOf), so it has no sentence of its own to keep in step.
      if (CHOICES[path]) expect(locales.zh_CN, path).not.toHaveProperty(`expect_${key}`);
      else expect(locales.zh_CN, path).toHaveProperty(`expect_${key}`);
    }
    expect(SETTING_GROUPS.flatMap((g) => g.paths).sort()).toEqual([...EDITABLE_PATHS].sort());
  });

  it('the manifest strings and the command descriptions exist', () => {
    for (const key of ['extName', 'extDescription', 'cmdToggleReader', 'cmdSavePost']) expect(locales.en).toHaveProperty(key);
    expect(zhT('extName')).not.toBe(enT('extName'));
  });

  it('writes the removed line in both languages', () => {
    const removed = [
      { step: 'promo' as const, reason: 'qilu-footer' },
      { step: 'tracking' as const, reason: 'tracking image (1x1)' },
      { step: 'tracking' as const, reason: 'tracking image (1x1)' },
    ];
    expect(removedSummary(removed, zhT)).toBe('已移除：推广页脚 1 处、跟踪图片 2 张');
    expect(removedSummary(removed, enT)).toBe('Removed: 1 promo footer(s), 2 tracking image(s)');
    expect(removedSummary([], zhT)).toBe('没有移除任何内容');
  });
});
