import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMAGE_FAILURE_CODES, REMOVAL_CODES, type Removal } from '../../utils/core/types';
import { getMessageTranslate, plural, reasonKey, reasonText, removedItem, removedSummary } from '../../utils/i18n';
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

  it('writes the removed line in both languages, with real plurals in English', () => {
    const removed: Removal[] = [
      { step: 'promo', code: 'promo-footer', reason: 'qilu-footer', text: '找记者' },
      { step: 'tracking', code: 'tracking-image', params: { kind: 'pixel' }, reason: 'tracking image (1×1 pixel)', src: 'http://a/1.gif' },
      { step: 'tracking', code: 'tracking-image', params: { kind: 'beacon' }, reason: 'tracking image (beacon)', src: 'http://a/2.gif' },
      { step: 'script', code: 'script', reason: 'script', text: 'x()' },
      { step: 'empty', code: 'empty-blocks', params: { count: 3 }, reason: '3 empty blocks' },
    ];
    expect(removedSummary(removed, zhT)).toBe('已移除：推广页脚 1 处、跟踪图片 2 张');
    expect(removedSummary(removed, enT)).toBe('Removed: 1 promo footer, 2 tracking images');
    expect(removedSummary([], zhT)).toBe('没有移除任何内容');
    expect(removed.map((r) => removedItem(r, enT))).toEqual(['Promo footer: 找记者', 'Tracking image: http://a/1.gif', 'Tracking image: http://a/2.gif', 'Script: x()', '3 empty paragraphs']);
    expect(removedItem(removed[4]!, zhT)).toBe('空段落 3 个');
  });
});

describe('reasonText: codes in the user’s language', () => {
  const codes = [...REMOVAL_CODES, ...IMAGE_FAILURE_CODES];

  it('has a message for every code in zh_CN and en, and a counted form of each removal for one and for many', () => {
    for (const code of codes) {
      const key = reasonKey(code);
      for (const [lang, messages] of Object.entries(locales)) {
        expect(messages, `${lang} ${key}`).toHaveProperty(key);
        if ((REMOVAL_CODES as readonly string[]).includes(code)) {
          expect(messages, `${lang} ${key}_one`).toHaveProperty(`${key}_one`);
          expect(messages, `${lang} ${key}_other`).toHaveProperty(`${key}_other`);
        }
      }
    }
    // Nothing falls back to the key, and the two languages differ (no English left in Chinese).
    for (const code of codes) {
      const counted = (REMOVAL_CODES as readonly string[]).includes(code);
      for (const params of counted ? [undefined, { count: 1 }, { count: 2 }] : [undefined]) {
        const zh = reasonText(code, params, zhT);
        const en = reasonText(code, params, enT);
        expect(zh, code).not.toContain('reason_');
        expect(en, code).not.toContain('reason_');
        expect(zh, code).not.toBe(en);
      }
    }
  });

  it('says one and two in English without “(s)”, and once in Chinese, through the browsers’ lookup too', () => {
    expect(reasonText('promo-footer', { count: 1 }, enT)).toBe('1 promo footer');
    expect(reasonText('promo-footer', { count: 2 }, enT)).toBe('2 promo footers');
    expect(reasonText('tracking-image', { count: 1 }, enT)).toBe('1 tracking image');
    expect(reasonText('tracking-image', { count: 2 }, enT)).toBe('2 tracking images');
    expect(reasonText('tracking-image', { count: 1 }, zhT)).toBe('跟踪图片 1 张');
    expect(reasonText('tracking-image', { count: 2 }, zhT)).toBe('跟踪图片 2 张');
    for (const code of REMOVAL_CODES) {
      expect(reasonText(code, { count: 1 }, enT), code).toMatch(/^1 \S/);
      expect(reasonText(code, { count: 2 }, enT), code).not.toBe(reasonText(code, { count: 1 }, enT).replace('1', '2'));
      expect(reasonText(code, { count: 2 }, enT), code).not.toContain('(s)');
    }
    // `browser.i18n.getMessage` over the en file: keys with `-` are not message names there.
    const getMessage = (key: string, subs?: string[]) => enT(key, subs);
    expect(reasonText('zero-width', { count: 2 }, getMessageTranslate(getMessage))).toBe('2 zero-width characters');
  });

  it('counts in every English message with a real plural, never “(s)”', () => {
    for (const [key, { message }] of Object.entries(locales.en)) expect(message, key).not.toMatch(/\w\((s|es)\)/);
    expect(plural('savedImagesFailed', 1, enT, ['a.md', 1])).toBe('Saved: a.md. 1 image could not be saved; it keeps its remote link, noted in the post.');
    expect(plural('savedImagesFailed', 2, enT, ['a.md', 2])).toBe('Saved: a.md. 2 images could not be saved; they keep their remote links, noted in the post.');
    expect(plural('savedWithImages', 1, zhT, ['a.md', 1])).toBe(plural('savedWithImages', 2, zhT, ['a.md', 2]).replace('2', '1'));
    expect(plural('popupRestored', 1, enT)).toBe('1 removal restored; saving includes it');
  });

  it('words each image failure with its parameters', () => {
    expect(reasonText('image-http', { status: 404 }, zhT)).toBe('服务器拒绝（HTTP 404）');
    expect(reasonText('image-http', { status: 404 }, enT)).toBe('refused by the server (HTTP 404)');
    expect(reasonText('image-no-permission', { host: 'cdn.example.org' }, zhT)).toBe('没有访问 cdn.example.org 的权限');
    expect(reasonText('image-too-large', { size: 6000 * 1024, limit: 5120 * 1024 }, enT)).toBe('too large (6000 KB, limit 5120 KB)');
    expect(reasonText('image-article-limit', { limit: 3 * 1024 }, zhT)).toBe('超出每篇文章的图片总上限（3 KB）');
    expect(reasonText('image-not-image', { type: 'text/html' }, enT)).toBe('not an image (text/html)');
    expect(reasonText('image-download-failed', { file: '02.jpg', detail: 'Invalid filename' }, zhT)).toBe('未能写入 02.jpg（Invalid filename）');
    expect(reasonText('image-fetch-failed', { detail: 'socket hang up' }, enT)).toBe('download failed (socket hang up)');
  });
});
