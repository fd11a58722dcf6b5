/** The pipeline in the page: the live document and the page's own window for the sanitizer. */
import { clipPage, type PageClip } from '../clip-page';
import { createSanitizer } from '../core/sanitize';
import type { Sanitizer } from '../core/types';
import type { ClipOverrides, LocalImagesMessage } from '../messages';
import type { Settings } from '../settings/schema';

let sanitizer: Sanitizer | undefined;

/** `clip()` clones the document first: the page the user reads is never changed by a clip. */
export function clipThisPage(settings: Settings, overrides?: ClipOverrides, local?: LocalImagesMessage): PageClip {
  sanitizer ??= createSanitizer(window);
  return clipPage(document, location.href, settings, { sanitizer, now: () => new Date() }, overrides, local);
}
