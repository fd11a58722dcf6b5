/**
 * Every message between the content scripts, the background and the extension pages, typed.
 * Replies are plain JSON (structured-clone safe), so they cross every boundary unchanged.
 */
import type { ImageFailure } from './core/assets';
import type { Removal } from './core/types';
import type { AssetStyle, ImageMode } from './settings/schema';

/** What the popup (or the reader) lets the user change for one save. */
export interface ClipOverrides {
  title?: string;
  tags?: string[];
  categories?: string[] | string[][];
}

export interface ClipSuccess {
  ok: true;
  site: string;
  /** `{zh, en}` of the serving rule: 趣头条 / 齐鲁壹点 / 通用. */
  siteLabel: { zh: string; en: string };
  rules: string[];
  generic: boolean;
  title: string;
  /** ISO 8601 with offset, or null. */
  published: string | null;
  /** The front matter's `date` as written. */
  date: string;
  source: string | null;
  author: string | null;
  url: string;
  cover: string | null;
  images: string[];
  removed: Removal[];
  /** Ids of the removals the user put back in the reader; this post includes them. */
  restored?: string[];
  warnings: string[];
  filename: string;
  /** The whole post file, byte for byte what a save writes. */
  post: string;
  tags: string[];
  categories: string[] | string[][];
}

/**
 * Images the background saved, sent back to the page so the post refers to them: `names` is the
 * `Map` of `fetchImages` as entries (messages carry JSON only).
 */
export interface LocalImagesMessage {
  names: [string, string][];
  failures: ImageFailure[];
  style: AssetStyle;
}

/** Codes the UI turns into a sentence in the user's language. */
export type ErrorCode =
  | 'not-article'
  | 'not-supported-site'
  | 'no-permission'
  | 'no-tab'
  | 'no-receiver'
  | 'download-failed'
  | 'download-cancelled'
  | 'invalid-overrides'
  | 'images-failed'
  | 'unknown';

export interface Failure {
  ok: false;
  error: ErrorCode;
  /** The pipeline's reason when error is `not-article` (`not-article-url`, `too-short`…). */
  reason?: string;
  /** Technical detail, English, for the console and bug reports. */
  message: string;
  /** The same in the user's language, where the background phrased it (a save from the reader). */
  text?: string;
}

export type ClipResponse = ClipSuccess | Failure;

export interface SaveSuccess {
  ok: true;
  downloadId: number;
  /** The path inside Downloads: `subfolder/filename` (Chrome may still add ` (1)` on a clash). */
  filename: string;
  /** Local and zip modes: what was done with the article's images. */
  images?: SavedImages;
  text?: string;
}

export interface SavedImages {
  mode: Exclude<ImageMode, 'remote'>;
  /** Distinct image URLs in the article. */
  total: number;
  /** Files written beside the post (identical images count once). */
  saved: number;
  /** Images that kept their remote URL, and why; the post notes them too. */
  failures: ImageFailure[];
  /** Every path written inside Downloads: the post and its asset folder, or the zip. */
  files: string[];
}
export type SaveResponse = SaveSuccess | Failure;

export interface TabInfo {
  ok: true;
  tabId: number;
  /** The registry rule serving the tab's host, or null when the host is not named (or unknown to us). */
  site: string | null;
  siteLabel: { zh: string; en: string } | null;
  url: string | null;
}

/** Answered by the reader content script. */
export type ContentMessage =
  | { type: 'ping' }
  | { type: 'clip'; overrides?: ClipOverrides; local?: LocalImagesMessage }
  /** `open` forces a state; without it the reader toggles. */
  | { type: 'toggle-reader'; open?: boolean };

/** Answered by the background. `tabId` defaults to the sender's tab (the reader's save button). */
export type BackgroundMessage =
  | { type: 'page-status'; site: string | null; article: boolean }
  | { type: 'tab-info'; tabId: number }
  | { type: 'clip-tab'; tabId: number; overrides?: ClipOverrides }
  /** `images`: the popup's choice for this save; the setting when absent. */
  | { type: 'save'; tabId?: number; overrides?: ClipOverrides; images?: ImageMode }
  | { type: 'open-reader'; tabId: number };

export interface ReaderState {
  ok: true;
  open: boolean;
}

export function failure(error: ErrorCode, message: string, reason?: string): Failure {
  return reason ? { ok: false, error, message, reason } : { ok: false, error, message };
}

export function isBackgroundMessage(m: unknown): m is BackgroundMessage {
  return m !== null && typeof m === 'object' && ['page-status', 'tab-info', 'clip-tab', 'save', 'open-reader'].includes((m as { type?: string }).type ?? '');
}

export function isContentMessage(m: unknown): m is ContentMessage {
  return m !== null && typeof m === 'object' && ['ping', 'clip', 'toggle-reader'].includes((m as { type?: string }).type ?? '');
}
