/**
 * Editing settings one field at a time, as the options page, the popup and the reader do.
 * Pure: no storage, no browser.
 */
import { getPath, withPath } from './path';
import { COVER_FIELD_PRESETS, SETTING_PATHS, type PresetName, type Settings } from './schema';
import { presetDefaults } from './validate';

export function getSetting(settings: Settings, path: string): unknown {
  return getPath(settings, path);
}

/** A copy of `settings` with one leaf replaced; the original is untouched (Preact compares by identity). */
export function withSetting(settings: Settings, path: string, value: unknown): Settings {
  return withPath(settings, path, value);
}

/** What a preset decides: the output format. Reading, file naming, sites, downloads and whether images are saved locally stay the user's. */
export const PRESET_PATHS = ['body', 'dateStyle', 'categories', 'tags', 'author', 'comments', 'coverFields', 'sourceFields', 'images.noReferrer', 'images.proxyPrefix', 'images.proxyScope'];

export function applyPreset(settings: Settings, preset: PresetName): Settings {
  const defaults = presetDefaults(preset);
  return PRESET_PATHS.reduce((s, path) => withSetting(s, path, getSetting(defaults, path)), withSetting(settings, 'preset', preset));
}

export interface SettingGroup {
  id: 'output' | 'filename' | 'images' | 'reader' | 'sites' | 'blog';
  paths: string[];
}

/** The options page's sections (输出 / 文件名 / 图片 / 阅读 / 站点规则); every path but `version` appears once. */
export const SETTING_GROUPS: SettingGroup[] = [
  { id: 'output', paths: ['preset', 'body', 'dateStyle', 'timezone', 'categories', 'tags', 'author', 'comments', 'coverFields', 'sourceFields'] },
  { id: 'filename', paths: ['filenamePattern', 'download.subfolder', 'download.saveAs'] },
  { id: 'images', paths: ['images.mode', 'images.assetStyle', 'images.maxImageKB', 'images.maxArticleKB', 'images.noReferrer', 'images.proxyPrefix', 'images.proxyScope'] },
  { id: 'reader', paths: ['reader.theme', 'reader.font', 'reader.fontSize', 'reader.lineHeight', 'reader.width', 'reader.indent', 'reader.prepare', 'autoReader'] },
  { id: 'sites', paths: ['sites', 'promoPatterns', 'exceptions'] },
  { id: 'blog', paths: ['blog.subfolder', 'blog.slug'] },
];

export const EDITABLE_PATHS = SETTING_PATHS.filter((p) => p !== 'version');

/** `新媒体 / 趣头条 / 分类`: one hierarchy, levels separated by a slash. */
export function hierarchyToText(levels: string[]): string {
  return levels.join(' / ');
}

export function textToHierarchy(text: string): string[] {
  return text.split('/').map((s) => s.trim());
}

/** Categories as text: one hierarchy per line (the options page) or per `;` (the popup's single line). */
export function categoriesToText(categories: Settings['categories'], separator = '\n'): string {
  if (!categories.length) return '';
  if (categories.every((c) => typeof c === 'string')) return hierarchyToText(categories as string[]);
  return (categories as string[][]).map(hierarchyToText).join(separator === '\n' ? '\n' : `${separator} `);
}

/** Empty levels are kept so that validation can point at them rather than silently dropping them. */
export function textToCategories(text: string): Settings['categories'] {
  const lines = text.split(/[\n;；]/).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length === 0) return [];
  if (lines.length === 1) return textToHierarchy(lines[0] as string);
  return lines.map(textToHierarchy);
}

/** Tags and other name lists: commas in either width, or 、. */
export function textToList(text: string): string[] {
  return text.split(/[,，、]/).map((s) => s.trim()).filter((s) => s !== '');
}

export function listToText(list: string[]): string {
  return list.join(', ');
}

/** Which named cover preset a field list is, if any. */
export function coverPresetOf(fields: string[]): string {
  return Object.entries(COVER_FIELD_PRESETS).find(([, f]) => f.join(',') === fields.join(','))?.[0] ?? 'custom';
}
