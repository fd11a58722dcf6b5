/** The pipeline in the page: the live document and the page's own window for the sanitizer. */
import { clipPage, extractionKey, type PageClip } from '../clip-page';
import { createSanitizer } from '../core/sanitize';
import type { Article, Removal, Sanitizer } from '../core/types';
import type { BlogPostOptions, ClipOverrides, LocalImagesMessage } from '../messages';
import type { Settings } from '../settings/schema';

let sanitizer: Sanitizer | undefined;
/** The last article extracted here: opening the reader, then saving, extracts once. */
let last: { key: string; article: Article } | undefined;
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

/** `clip()` clones the document first: the page the user reads is never changed by a clip. */
export function clipThisPage(settings: Settings, overrides?: ClipOverrides, local?: LocalImagesMessage, post?: BlogPostOptions): PageClip {
  sanitizer ??= createSanitizer(window);
  const key = extractionKey(location.href, settings);
  const deps = { sanitizer, now: () => new Date() };
  const reuse = last?.key === key ? last.article : undefined;
  let clipped = clipPage(document, location.href, settings, deps, overrides, local, reuse, reuse ? restored : [], post);
  if (!reuse && last && restored.length && clipped.article) {
    restored = carry(restored, last.article, clipped.article);
    if (restored.length) clipped = clipPage(document, location.href, settings, deps, overrides, local, clipped.article, restored, post);
  }
  if (clipped.article) last = { key, article: clipped.article };
  return clipped;
}

/** Puts back exactly `ids` (the reader's 恢复, 全部恢复 and 撤销) and answers the rebuilt clip. */
export function restoreOnPage(settings: Settings, ids: string[]): PageClip {
  restored = [...ids];
  return clipThisPage(settings);
}

/** The reader closed: the page's article is as extracted again. */
export function forgetRestored(): void {
  restored = [];
}
