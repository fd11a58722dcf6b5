/**
 * One clipped article into the blog: "already saved?", images into the asset folder, the post
 * shaped by the blog (scaffold, filename_case, slug), then the whole-or-nothing write. The same
 * steps for the CLI's `--blog` and the extension's connected folder; hosts bring the BlogFs, the
 * image fetcher and (for pinyin slugs) the converter.
 */
import { fetchImages, type AssetLimits, type ImageFailure, type ImageFetcher } from '../core/assets';
import { postFiles } from '../core/bundle';
import { buildPost } from '../core/hexo';
import { articleIdentities } from '../core/identity';
import type { Article } from '../core/types';
import type { Settings } from '../settings/schema';
import { savePost, type SaveResult, type SaveTarget } from './write';

export interface ArticleSaveOptions {
  /** The settings of this save: `effectiveSettings(settings, profile)` with any per-save choices. */
  settings: Settings;
  now: Date;
  /** Needed when `settings.images.mode` is `local`. */
  images?: { fetcher: ImageFetcher; limits: AssetLimits };
  pinyin?: (text: string) => string;
  /** Rewrite an already-saved post in place instead of skipping it. */
  update?: boolean;
}

export type ArticleSaveResult = SaveResult & {
  /** Images that keep their remote URL, and why. */
  imageFailures: ImageFailure[];
};

/** The identities of a clipped article (its URL's, and its title plus publish time). */
export function clipIdentities(article: Pick<Article, 'url' | 'title' | 'published'>): string[] {
  return articleIdentities({ url: article.url, title: article.title, date: article.published ?? null });
}

export async function saveArticle(target: SaveTarget, article: Article, options: ArticleSaveOptions): Promise<ArticleSaveResult> {
  const identities = clipIdentities(article);
  // Before any image is fetched: an already-saved article costs nothing.
  const existing = target.index.find(identities);
  if (existing && !options.update) return { status: 'skipped', existing, imageFailures: [] };

  const { settings } = options;
  const postOptions = { scaffold: target.profile.scaffold, filenameCase: target.profile.filenameCase, pinyin: options.pinyin };
  let files;
  let imageFailures: ArticleSaveResult['imageFailures'] = [];
  if (settings.images.mode === 'local' && options.images && article.images.length) {
    const local = await fetchImages(article.images.map((i) => i.src), article.url, options.images.fetcher, options.images.limits);
    const post = buildPost(article, settings, options.now, { names: local.names, failures: local.failures, style: settings.images.assetStyle }, postOptions);
    files = postFiles(post, local.assets);
    imageFailures = local.failures;
  } else {
    files = postFiles(buildPost(article, settings, options.now, undefined, postOptions), []);
  }
  const result = await savePost(target, { files, identities, update: options.update });
  return { ...result, imageFailures };
}
