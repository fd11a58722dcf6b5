/**
 * The pipeline as the extension calls it: the same `clip()` as the CLI, plus the popup's
 * overrides, answered as a plain-JSON message. No browser APIs: the content script passes in its
 * document and sanitizer, tests pass jsdom's.
 */
import { buildPost, type LocalImageRefs, type PostOptions } from './core/hexo';
import { clipArticle, restoreArticle } from './core/pipeline';
import type { Article, ClipDeps } from './core/types';
import type { Settings } from './settings/schema';
import { generic, ruleById } from './sites';
import { failure, type Failure, type ClipOverrides, type ClipResponse, type LocalImagesMessage } from './messages';
import { checkOverrides } from './overrides';

export interface PageClip {
  response: ClipResponse;
  /** The article as extracted, nothing put back: what a later clip of this page reuses. */
  article?: Article;
  /** The article as shown and saved: `article` with the restored removals back in place. */
  shown?: Article;
}

/** `article` as extracted and `shown` with the restored removals back, as in `PageClip`. */
export type PageArticle = { ok: true; article: Article; shown: Article } | { ok: false; failure: Failure };

/**
 * `local`: images the background saved; the post then refers to `01.jpg…` instead of their URLs,
 * and notes the ones that failed.
 */
/**
 * The settings that change what is extracted (not how the post is written): an article clipped
 * under the same ones can be reused instead of extracted again.
 */
export function extractionKey(url: string, settings: Settings): string {
  return JSON.stringify([url, settings.sites, settings.promoPatterns, settings.timezone, settings.exceptions]);
}

/**
 * The article only, without the post: what the reader shows. Writing the post (Markdown, front
 * matter) waits for a save or a copy, which `clipPage` does from the same article.
 */
export function extractPage(doc: Document, url: string, settings: Settings, deps: ClipDeps, reuse?: Article, restored: readonly string[] = []): PageArticle {
  const result = reuse ? { ok: true as const, article: reuse } : clipArticle(doc, url, settings, deps);
  if (!result.ok) return { ok: false, failure: failure('not-article', result.message, result.reason) };
  const shown = restored.length ? restoreArticle(result.article, restored, deps.sanitizer) : result.article;
  return { ok: true, article: result.article, shown };
}

/**
 * `reuse` is an article this page already extracted under the same `extractionKey`: the save after
 * the reader opened, or the rebuild with saved image names, then write the post without running
 * Readability again, and from exactly the article the user saw. `restored`: removals the user
 * put back in the reader (`Removal.id`); the post is rebuilt from the article with them in place.
 */
export function clipPage(
  doc: Document,
  url: string,
  settings: Settings,
  deps: ClipDeps,
  overrides: ClipOverrides = {},
  local?: LocalImagesMessage,
  reuse?: Article,
  restored: readonly string[] = [],
  /** The blog's options for the post; `pinyin` when the page has the converter (utils/extension/pinyin.ts). */
  post?: PostOptions,
): PageClip {
  const problem = checkOverrides(overrides);
  if (problem) return { response: failure('invalid-overrides', problem) };
  const effective: Settings = {
    ...settings,
    ...(overrides.tags ? { tags: overrides.tags } : {}),
    ...(overrides.categories ? { categories: overrides.categories } : {}),
  };
  // One clock reading, so a rebuilt post has the same date as the first build.
  const now = deps.now();
  const fixed: ClipDeps = { ...deps, now: () => now };
  const found = extractPage(doc, url, effective, fixed, reuse, restored);
  if (!found.ok) return { response: found.failure };
  const { article: extracted, shown } = found;
  // The edited title is this post's, not the page's: the article kept for reuse keeps its own.
  const article = overrides.title !== undefined && overrides.title.trim() !== shown.title ? { ...shown, title: overrides.title.trim() } : shown;
  const refs: LocalImageRefs | undefined = local ? { names: new Map(local.names), failures: local.failures, style: local.style } : undefined;
  const built = buildPost(article, effective, now, refs, post);
  const rule = ruleById(article.site) ?? generic;
  return {
    article: extracted,
    shown,
    response: {
      ok: true,
      site: article.site,
      siteLabel: { ...rule.label },
      rules: [...article.rules],
      generic: article.generic,
      title: article.title,
      published: article.published ?? null,
      date: String(built.frontMatter.date ?? ''),
      source: article.source ?? null,
      author: article.author ?? null,
      url: article.url,
      cover: article.cover ?? null,
      images: article.images.map((i) => i.src),
      removed: article.removed.map((r) => ({ ...r })),
      restored: [...(article.restored ?? [])],
      warnings: [...article.warnings],
      filename: built.filename,
      post: built.text,
      tags: [...effective.tags],
      categories: JSON.parse(JSON.stringify(effective.categories)) as Settings['categories'],
    },
  };
}
