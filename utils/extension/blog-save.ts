/**
 * The background's view of the connected blog: can it be written now, its effective settings,
 * its index (built once, cached in IndexedDB, updated on each save), and the save itself through
 * the core writer. Runs in the MV3 service worker: Chromium lets the worker use a handle read from
 * IndexedDB while its read-write permission stands, but it never shows a permission prompt
 * there, so a dropped permission is asked again from the popup's click (see Popup's save).
 */
import { loadBlogProfile, postsDir, type BlogProfile } from '../blog/profile';
import { effectiveSettings } from '../blog/settings';
import { BlogIndex, type BlogIndexCache, type IndexLookup } from '../blog/index';
import { savePost, type SaveResult } from '../blog/write';
import type { BlogFs } from '../blog/fs';
import { articleIdentities, type Identity } from '../core/identity';
import type { BlogUnavailable } from '../messages';
import type { Settings } from '../settings/schema';
import { handleBlogFs } from './blog-fs';
import { blogPermission, createBlogStore, type BlogStore } from './blog-handle';


export type OpenBlog =
  | { kind: 'none' }
  | { kind: 'unavailable'; name: string; reason: BlogUnavailable; detail: string }
  | { kind: 'ready'; name: string; key: string; fs: BlogFs; profile: BlogProfile; settings: Settings };

let store: BlogStore | undefined;
const blogStore = () => (store ??= createBlogStore());

/** Tests hand in a store over fake-indexeddb. */
export function useBlogStore(s: BlogStore): void {
  store = s;
  memo = undefined;
}

/** The connected blog, read afresh (its config may have been edited since the last save). */
export async function openBlog(settings: Settings): Promise<OpenBlog> {
  let stored;
  try {
    stored = await blogStore().get();
  } catch (e) {
    return { kind: 'unavailable', name: '', reason: 'error', detail: `cannot read the blog handle: ${(e as Error).message}` };
  }
  if (!stored) return { kind: 'none' };
  const { handle, name } = stored;
  try {
    const permission = await blogPermission(handle, false);
    if (permission !== 'granted') return { kind: 'unavailable', name, reason: 'permission', detail: `read-write permission is ${permission}` };
    const fs = handleBlogFs(handle);
    const result = await loadBlogProfile(fs);
    if (!result.ok) return { kind: 'unavailable', name, reason: 'unreadable', detail: JSON.stringify(result.error) };
    return { kind: 'ready', name, key: `${name}@${stored.connectedAt}`, fs, profile: result.profile, settings: effectiveSettings(settings, result.profile) };
  } catch (e) {
    return { kind: 'unavailable', name, reason: 'error', detail: (e as Error).message };
  }
}

/** The index lives for the worker's life; a new worker starts from the IndexedDB cache, reading only changed files. */
let memo: { key: string; index: BlogIndex } | undefined;

export async function blogIndex(blog: Extract<OpenBlog, { kind: 'ready' }>): Promise<BlogIndex> {
  const dir = postsDir(blog.profile);
  const key = `${blog.key}|${dir}|${blog.settings.timezone}`;
  if (memo?.key === key) return memo.index;
  const cache = await blogStore().getIndexCache<BlogIndexCache>().catch(() => null);
  const { index } = await BlogIndex.build(blog.fs, { dir, timezone: blog.settings.timezone, cache });
  memo = { key, index };
  await blogStore().putIndexCache(index.toCache()).catch(() => undefined);
  return index;
}

export interface ArticleRef {
  url: string;
  title: string;
  /** ISO 8601, the clip's `published`. */
  published: string | null;
}

export function identitiesOf(article: ArticleRef, timeZone: string): Identity[] {
  return articleIdentities({ url: article.url, title: article.title, date: article.published, timeZone });
}

export async function lookup(blog: Extract<OpenBlog, { kind: 'ready' }>, article: ArticleRef): Promise<IndexLookup | null> {
  const index = await blogIndex(blog);
  const entry = index.find(identitiesOf(article, blog.settings.timezone));
  return entry ? { path: entry.path, title: entry.title, ...(entry.date ? { date: entry.date } : {}) } : null;
}

/**
 * `intent`: `update` rewrites the already-saved post in place; `new` writes another post even
 * though one exists (its identities then point at the newer one).
 */
export async function writeIntoBlog(
  blog: Extract<OpenBlog, { kind: 'ready' }>,
  files: { path: string; bytes: Uint8Array }[],
  article: ArticleRef,
  intent?: 'update' | 'new',
): Promise<SaveResult> {
  const index = await blogIndex(blog);
  const identities = identitiesOf(article, blog.settings.timezone);
  const result = await savePost(
    { fs: blog.fs, profile: blog.profile, subfolder: blog.settings.blog.subfolder, index, timezone: blog.settings.timezone },
    { files, identities: intent === 'new' ? [] : identities, update: intent === 'update' },
  );
  if (result.status === 'written' || result.status === 'updated') await blogStore().putIndexCache(index.toCache()).catch(() => undefined);
  return result;
}
