/** The pipeline in the page: the live document and the page's own window for the sanitizer. */
import { clipPage, extractionKey, type PageClip } from '../clip-page';
import { createSanitizer } from '../core/sanitize';
import type { Article, Sanitizer } from '../core/types';
import type { ClipOverrides, LocalImagesMessage } from '../messages';
import type { Settings } from '../settings/schema';

let sanitizer: Sanitizer | undefined;
/** The last article extracted here: opening the reader, then saving, extracts once. */
let last: { key: string; article: Article } | undefined;

/** `clip()` clones the document first: the page the user reads is never changed by a clip. */
export function clipThisPage(settings: Settings, overrides?: ClipOverrides, local?: LocalImagesMessage): PageClip {
  sanitizer ??= createSanitizer(window);
  const key = extractionKey(location.href, settings);
  const clipped = clipPage(document, location.href, settings, { sanitizer, now: () => new Date() }, overrides, local, last?.key === key ? last.article : undefined);
  if (clipped.article) last = { key, article: clipped.article };
  return clipped;
}
