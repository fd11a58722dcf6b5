/**
 * Every message between the content scripts, the background and the extension pages, typed.
 * Replies are plain JSON (structured-clone safe), so they cross every boundary unchanged.
 */
import type { ImageFailure } from './core/assets';
import type { PostOptions } from './core/hexo';
import type { Removal } from './core/types';
import type { AssetStyle, ImageMode, Settings } from './settings/schema';

/** What the popup (or the reader) lets the user change for one save. */
/** What a post takes from the blog it goes into, as plain data a message can carry (no pinyin converter). */
export type BlogPostOptions = Omit<PostOptions, 'pinyin'>;

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
  | 'no-permission'
  | 'no-tab'
  | 'no-receiver'
  | 'download-failed'
  | 'download-cancelled'
  | 'invalid-overrides'
  | 'images-failed'
  /** A blog is connected and already has this article: `existing` says where. */
  | 'already-saved'
  /** The blog writer failed; nothing of this save was left in the blog. */
  | 'blog-write-failed'
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
  /** `already-saved`: the post the blog already has for this article. */
  existing?: SavedPost;
}

export type ClipResponse = ClipSuccess | Failure;

export interface SaveSuccess {
  ok: true;
  /** Saves into Downloads only. */
  downloadId?: number;
  /** The path inside Downloads: `subfolder/filename` (Chrome may still add ` (1)` on a clash); in a blog, the post's path from the blog's root. */
  filename: string;
  /** Saved into the connected blog: `written` a new post, `updated` the one already there. */
  blog?: { status: 'written' | 'updated'; path: string };
  /** A blog is connected but could not be written: the save went to Downloads, and this says why. */
  fallback?: BlogUnavailable;
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

// ---- the connected blog (issue 10) ------------------------------------------------------------

/** Why a connected blog could not be written: read-write permission dropped, config unreadable, other. */
export type BlogUnavailable = 'permission' | 'unreadable' | 'error';

/** A post already in the blog: its path from the blog's root, title, and date (ISO instant) when readable. */
export interface SavedPost {
  path: string;
  title: string;
  date?: string;
  /** `date` as `YYYY-MM-DD HH:mm` in the blog's timezone, for showing. */
  localDate?: string;
}

/** What the popup shows about the blog: connected or not, writable or why not, and this article in it. */
export interface BlogState {
  ok: true;
  /** `imageMode`: where a save into this blog starts (local on a `post_asset_folder` blog unless the user chose otherwise). */
  blog: null | { name: string; ready: true; title?: string; imageMode: ImageMode } | { name: string; ready: false; reason: BlogUnavailable };
  /** The article's post in the blog, when a lookup was asked for and the blog is readable. */
  existing: SavedPost | null;
}

/** One tab of a multi-tab save. */
export interface TabSaveResult {
  tabId: number;
  title?: string;
  outcome: 'saved' | 'skipped' | 'failed';
  /** Where it went (blog path or Downloads path), or the post already there for `skipped`. */
  path?: string;
  /** The outcome in the user's language. */
  text: string;
}

export interface TabInfo {
  ok: true;
  tabId: number;
  /** The registry rule serving the tab's host, or null when the host is not named (or unknown to us). */
  site: string | null;
  siteLabel: { zh: string; en: string } | null;
  url: string | null;
  /** Tabs selected (highlighted) together with this one in its window, this one included. */
  selected?: number[];
  /** The stored `images.mode`, where the popup's choice starts (the popup does not load the settings itself). */
  imageMode?: ImageMode;
}

/** Answered by the reader content script. */
export type ContentMessage =
  | { type: 'ping' }
  /** `settings`: the save's own (a blog's effective settings, else the stored ones, which the background reads anyway); the page reads them when absent. */
  /** `post`: what a post saved into a blog takes from the blog (scaffold, filename_case). */
  | { type: 'clip'; overrides?: ClipOverrides; local?: LocalImagesMessage; settings?: Settings; post?: BlogPostOptions }
  /** `open` forces a state; without it the reader toggles. */
  /**
   * `blog`: whether a blog folder is connected, so the reader asks whether it holds this article
   * (never asked otherwise: a question still in flight when the tab closes is an error in
   * Firefox's console).
   */
  /**
   * `settings`: the stored settings, which the background reads while it reaches the tab, so the
   * page starts extracting at once instead of reading and validating them itself. A prepared page
   * gets neither: it has those of its preparation, kept current.
   */
  | { type: 'toggle-reader'; open?: boolean; blog?: boolean; settings?: Settings }
  /** The page is an article and idle: extract it now, so the reader opens without waiting for it. */
  | { type: 'prepare'; settings: Settings; blog: boolean };

/** Answered by the background. `tabId` defaults to the sender's tab (the reader's save button). */
export type BackgroundMessage =
  | { type: 'page-status'; site: string | null; article: boolean }
  /** From the detector, once an article page is idle: load the reader into it ahead of the shortcut. */
  | { type: 'prepare-reader'; site: string }
  | { type: 'tab-info'; tabId: number }
  | { type: 'clip-tab'; tabId: number; overrides?: ClipOverrides }
  /** `images`: the popup's choice for this save; the setting when absent. */
  /** `intent` (blog only): rewrite the post already saved, or save another one beside it. */
  | { type: 'save'; tabId?: number; overrides?: ClipOverrides; images?: ImageMode; intent?: 'update' | 'new' }
  | { type: 'open-reader'; tabId: number }
  /** `article`: look it up in the blog's index too. */
  | { type: 'blog-state'; article?: { url: string; title: string; published: string | null } }
  | { type: 'save-tabs'; tabIds: number[] };

export function failure(error: ErrorCode, message: string, reason?: string): Failure {
  return reason ? { ok: false, error, message, reason } : { ok: false, error, message };
}

/** The port the detector reports a page's status on (a message with no answer to wait for). */
export const PAGE_STATUS_PORT = 'page-status';

export function isBackgroundMessage(m: unknown): m is BackgroundMessage {
  return m !== null && typeof m === 'object' && ['page-status', 'prepare-reader', 'tab-info', 'clip-tab', 'save', 'open-reader', 'blog-state', 'save-tabs'].includes((m as { type?: string }).type ?? '');
}

export function isContentMessage(m: unknown): m is ContentMessage {
  return m !== null && typeof m === 'object' && ['ping', 'clip', 'toggle-reader', 'prepare'].includes((m as { type?: string }).type ?? '');
}
