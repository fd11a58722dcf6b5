/**
 * What a save says, in the user's language: one wording for the popup, the reader's button and
 * the badge's title. Pure: the translator comes in.
 */
import { plural, type Translate } from '../i18n';
import type { Failure, SaveSuccess, TabSaveResult } from '../messages';

function downloadsText(result: SaveSuccess, t: Translate): string {
  if (!result.images) return t('savedAs', result.filename);
  const failed = result.images.failures.length;
  if (failed) return plural('savedImagesFailed', failed, t, [result.filename, failed]);
  return plural('savedWithImages', result.images.saved, t, [result.filename, result.images.saved]);
}

export function saveText(result: SaveSuccess, t: Translate): string {
  if (result.blog) {
    const done = t(result.blog.status === 'updated' ? 'blogUpdated' : 'blogSaved', result.blog.path);
    if (!result.images) return done;
    return result.images.failures.length ? `${done} ${t('blogImagesFailed', result.images.failures.length)}` : `${done}${t('blogImagesSaved', result.images.saved)}`;
  }
  // Connected but not writable: the user must learn the post is not in the blog, and why.
  if (result.fallback) return `${t(`blogFallback_${result.fallback}`)} ${downloadsText(result, t)}`;
  return downloadsText(result, t);
}

export function failureText(f: Failure, t: Translate): string {
  if (f.error === 'already-saved' && f.existing) return t('alreadySaved', [f.existing.path, f.existing.localDate ?? '?']);
  return t(`error_${f.error.replace(/-/g, '_')}`);
}

/** "保存 2 篇，跳过 1 篇（已在博客中），失败 0 篇". */
export function tabsSummary(results: TabSaveResult[], t: Translate): string {
  const count = (o: TabSaveResult['outcome']) => results.filter((r) => r.outcome === o).length;
  return t('tabsSummary', [count('saved'), count('skipped'), count('failed')]);
}
