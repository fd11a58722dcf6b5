/**
 * The options page's preview runs the real pipeline on a bundled page (`public/sample-article.html`,
 * a 齐鲁壹点 report reposted on 趣头条), so every setting's effect is visible before a real save.
 */
import { clip } from './core/pipeline';
import type { Removal, Sanitizer } from './core/types';
import type { Settings } from './settings/schema';

export const SAMPLE_PATH = '/sample-article.html';
/** The URL the sample was saved from: the Qutoutiao rule serves it, the Qilu rule cleans its footer. */
export const SAMPLE_URL = 'http://html2.qktoutiao.com/detail/2021/12/24/1896674371.html';
/** A fixed clock keeps the preview stable (it is only used when a page shows no time). */
export const SAMPLE_NOW = new Date('2021-12-24T10:00:00Z');

export function samplePost(doc: Document, settings: Settings, sanitizer: Sanitizer): { ok: true; text: string; removed: Removal[] } | { ok: false; message: string } {
  const result = clip(doc, SAMPLE_URL, settings, { sanitizer, now: () => SAMPLE_NOW });
  return result.ok ? { ok: true, text: result.post.text, removed: result.article.removed } : { ok: false, message: result.message };
}
