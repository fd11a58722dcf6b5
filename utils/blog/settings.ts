/**
 * The blog's own configuration as the defaults of a save, under what the user chose.
 *
 * Settings are stored fully resolved, so "the user chose it" cannot be read from the store. A
 * setting counts as EXPLICIT when its value differs from the default of its preset
 * (`presetDefaults(settings.preset)`); a value equal to that default counts as "not chosen" and
 * the blog's value replaces it. The cost: a user who deliberately picked the preset's own value
 * (say `Asia/Shanghai`) gets the blog's instead; that is the blog's value for a post in that
 * blog, which is what such a user wants in nearly every case.
 */
import { offsetMinutes } from '../core/date';
import { parsePattern } from '../core/filename';
import type { Settings } from '../settings/schema';
import { presetDefaults } from '../settings/validate';
import type { BlogProfile } from './profile';

export interface BlogAdjustment {
  /** The settings path that took the blog's value. */
  path: string;
  value: unknown;
  /** Which config key it came from, for telling the user. */
  from: 'timezone' | 'new_post_name' | 'default_category' | 'post_asset_folder' | 'marked.postAsset';
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Hexo's placeholders this project fills the same way; `:hash` and custom keys are dropped. */
const HEXO_PLACEHOLDERS = new Set(['title', 'year', 'month', 'day', 'i_month', 'i_day', 'hour', 'minute', 'second', 'id']);

/**
 * `new_post_name` as a file-name pattern of ours, or undefined when nothing usable is left (a
 * pattern without `:title` that only Hexo can fill).
 */
export function patternFromNewPostName(newPostName: string): string | undefined {
  let pattern = newPostName.trim().replace(/\\/g, '/');
  pattern = pattern.replace(/:([a-z_]+)/g, (whole, key: string) => (HEXO_PLACEHOLDERS.has(key) ? whole : ''));
  pattern = pattern.replace(/(^|\/)[-_.]+(?=\/|$)/g, '$1').replace(/\/{2,}/g, '/').replace(/^\/+/, '');
  if (!/\.(md|markdown)$/i.test(pattern)) pattern = `${pattern.replace(/\.[A-Za-z]+$/, '')}.md`;
  return parsePattern(pattern) === null ? pattern : undefined;
}

/** The settings of a save into this blog, and which of them came from the blog. */
export function blogSettings(settings: Settings, profile: BlogProfile): { settings: Settings; adjustments: BlogAdjustment[] } {
  const defaults = presetDefaults(settings.preset);
  const out = JSON.parse(JSON.stringify(settings)) as Settings;
  const adjustments: BlogAdjustment[] = [];
  const take = (path: string, value: unknown, from: BlogAdjustment['from'], apply: () => void) => {
    apply();
    adjustments.push({ path, value, from });
  };

  // The one value the blog decides even over an explicit setting: Hexo reads a post's local date
  // in the blog's zone, so a date written in any other zone lands hours off on the blog.
  if (profile.timezone && profile.timezone !== settings.timezone) {
    take('timezone', profile.timezone, 'timezone', () => (out.timezone = profile.timezone!));
  }
  // The archive's GMT dates land hours early on a blog with any other zone (README: the
  // timezone trap), so a date style nobody chose follows the blog.
  if (profile.timezone && settings.dateStyle === 'rfc1123' && same(settings.dateStyle, defaults.dateStyle) && !isUtc(profile.timezone)) {
    take('dateStyle', 'local', 'timezone', () => (out.dateStyle = 'local'));
  }
  if (same(settings.filenamePattern, defaults.filenamePattern)) {
    const pattern = patternFromNewPostName(profile.newPostName);
    if (pattern && pattern !== settings.filenamePattern) take('filenamePattern', pattern, 'new_post_name', () => (out.filenamePattern = pattern));
  }
  // Hexo's own `uncategorized` means "none": writing it would make a category nobody asked for.
  if (profile.defaultCategory && profile.defaultCategory !== 'uncategorized' && same(settings.categories, defaults.categories) && settings.categories.length === 0) {
    take('categories', [profile.defaultCategory], 'default_category', () => (out.categories = [profile.defaultCategory!]));
  }
  if (profile.postAssetFolder && same(settings.images.mode, defaults.images.mode) && settings.images.mode === 'remote') {
    take('images.mode', 'local', 'post_asset_folder', () => (out.images.mode = 'local'));
  }
  // A blog keeps files, not archives: a zip choice means "save the images" there. Without
  // `post_asset_folder` Hexo neither copies a post's folder nor resolves `{% asset_img %}`, so
  // images saved beside the post would never show: they stay remote, whatever was chosen.
  if (out.images.mode === 'zip' || (out.images.mode === 'local' && !profile.postAssetFolder)) {
    const mode = profile.postAssetFolder ? 'local' : 'remote';
    take('images.mode', mode, 'post_asset_folder', () => (out.images.mode = mode));
  }
  if (profile.markedPostAsset && same(settings.images.assetStyle, defaults.images.assetStyle) && settings.images.assetStyle !== 'relative') {
    take('images.assetStyle', 'relative', 'marked.postAsset', () => (out.images.assetStyle = 'relative'));
  }
  return { settings: out, adjustments };
}

/** The settings of a save into this blog (see `blogSettings` for what changed and why). */
export function effectiveSettings(settings: Settings, profile: BlogProfile): Settings {
  return blogSettings(settings, profile).settings;
}

/** Whether the zone is UTC all year (GMT dates are then read right). */
function isUtc(zone: string): boolean {
  return [new Date('2021-01-15T00:00:00Z'), new Date('2021-07-15T00:00:00Z')].every((d) => offsetMinutes(d, zone) === 0);
}
