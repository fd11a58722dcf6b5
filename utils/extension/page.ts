/** The pipeline in the page: the live document and the page's own window for the sanitizer. */
import { clipPage, extractPage, extractionKey, type PageArticle, type PageClip } from '../clip-page';
import { createSanitizer } from '../core/sanitize';
import type { Article, ClipDeps, Removal, Sanitizer } from '../core/types';
import type { BlogPostOptions, ClipOverrides, LocalImagesMessage } from '../messages';
import type { Settings } from '../settings/schema';
import { pinyinInPage } from './pinyin';

let sanitizer: Sanitizer | undefined;
/** The last article extracted here: opening the reader, then saving, extracts once. */
let last: { key: string; article: Article; prepared?: string } | undefined;
/**
 * Removals the user put back in the reader, for the article in `last`. Every clip of this page
 * (the reader's save, the popup's) includes them until the reader closes or the page reloads.
 */
let restored: string[] = [];

/** What a removal is, whatever its id: ids are numbered per extraction. */
function signatures(removed: Removal[]): Map<string, string> {
  const seen = new Map<string, number>();
  const out = new Map<string, string>();
  for (const r of removed) {
    if (!r.id) continue;
    const base = JSON.stringify([r.step, r.reason, r.text ?? '', r.src ?? '']);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    out.set(r.id, `${base}#${n}`);
  }
  return out;
}

/**
 * The restored ids carried onto a new extraction (the options page changed a pattern, an exception
 * was added): the same removals by what they are; one that is no longer made drops out.
 */
function carry(ids: string[], from: Article, to: Article): string[] {
  const before = signatures(from.removed);
  const after = new Map([...signatures(to.removed)].map(([id, sig]) => [sig, id]));
  return ids.flatMap((id) => {
    const sig = before.get(id);
    const next = sig ? after.get(sig) : undefined;
    return next ? [next] : [];
  });
}

/**
 * The page's article as extracted (nothing put back), reused while the URL and the extraction
 * settings stay the same. `clip()` clones the document first: the page the user reads is never
 * changed by a clip.
 */
function pageArticle(settings: Settings, deps: ClipDeps, prepare = false): PageArticle {
  const key = extractionKey(location.href, settings);
  // Extracted ahead of time and not yet shown: good only while the page is still as it was then.
  const fresh = last?.prepared === undefined || last.prepared === pageShape();
  const reuse = last?.key === key && fresh ? last.article : undefined;
  const found = extractPage(document, location.href, settings, deps, reuse);
  if (!found.ok) return found;
  if (!reuse && last && restored.length) restored = carry(restored, last.article, found.article);
  last = { key, article: found.article, ...(prepare ? { prepared: pageShape() } : {}) };
  return found;
}

/** Cheap to take, and changed by a page that loads more text or elements after it went idle. */
function pageShape(): string {
  return `${document.body?.textContent?.length ?? 0}:${document.getElementsByTagName('*').length}`;
}

/**
 * The reader's extraction done before it is asked for (the page went idle), so the first open
 * finds the article ready and its code compiled. Nothing is shown or kept beyond `last`.
 */
export function prepareThisPage(settings: Settings): Article | undefined {
  if (last) return undefined;
  const found = pageArticle(settings, depsNow(), true);
  return found.ok ? found.shown : undefined;
}

function depsNow(now = new Date()): ClipDeps {
  sanitizer ??= createSanitizer(window);
  return { sanitizer, now: () => now };
}

/** What the reader shows: the article with the restored removals back, and no post written. */
export function showThisPage(settings: Settings): PageArticle {
  const deps = depsNow();
  const found = pageArticle(settings, deps);
  return found.ok && restored.length ? extractPage(document, location.href, settings, deps, found.article, restored) : found;
}

/** A save's or a copy's clip: the post is written from the article the reader shows. */
export function clipThisPage(settings: Settings, overrides?: ClipOverrides, local?: LocalImagesMessage, post?: BlogPostOptions): PageClip {
  // One clock reading for the extraction and the post, as `clipPage` does for itself.
  const deps = depsNow();
  const found = pageArticle(settings, deps);
  if (!found.ok) return { response: found.failure };
  const pinyin = pinyinInPage();
  return clipPage(document, location.href, settings, deps, overrides, local, found.article, restored, pinyin ? { ...post, pinyin } : post);
}

/** Puts back exactly `ids` (the reader's 恢复, 全部恢复 and 撤销) and answers the article as shown. */
export function restoreOnPage(settings: Settings, ids: string[]): PageArticle {
  restored = [...ids];
  return showThisPage(settings);
}

/** The reader closed: the page's article is as extracted again. */
export function forgetRestored(): void {
  restored = [];
}
