/**
 * The background's view of the connected blog: can it be written now, its effective settings,
 * its index (built once, cached in IndexedDB, updated on each save), and the save itself through
 * the core writer. Runs in the MV3 service worker: Chromium lets the worker use a handle read from
 * IndexedDB while its read-write permission stands, but it never shows a permission prompt
 * there, so a dropped permission is asked again from the popup's click (see Popup's save).
 */
import { loadBlogProfile, postsDir, type BlogProfile } from '../blog/profile';
import { effectiveSettings } from '../blog/settings';
import { BlogIndex, type BlogIndexCache, type IndexEntry, type IndexLookup } from '../blog/index';
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

/** Whether a blog folder is connected at all (usable or not), without reading it. */
export async function hasBlog(): Promise<boolean> {
  return (await blogStore().get().catch(() => null)) !== null;
}

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

/**
 * The index lives for the worker's life. A new worker answers from the IndexedDB cache at once
 * (every save updates it) and re-checks the folder in the background: in Chromium each file costs
 * browser round trips (about 1.5 ms to list and 1.5 ms to read on the project's machine), so a
 * 20,000-post blog cannot be re-read inside a popup's wait. Until the re-check ends, a post added
 * to the blog by hand may not be known yet: the worst case is a second copy of an article, never an
 * overwrite (the writer checks the names on disk).
 */
let memo: { key: string; index: BlogIndex; refreshing?: Promise<void>; written: IndexEntry[] } | undefined;

/**
 * The cache as it is, and a BlogFs listing exactly its files unchanged: `build` then takes every
 * entry from the cache and reads nothing. Entries the writer added carry no lastModified; -1
 * stands in for it here (the real re-check reads those files once).
 */
function cacheOnly(cache: BlogIndexCache): { fs: BlogFs; cache: BlogIndexCache } {
  const files = Object.fromEntries(Object.entries(cache.files).map(([path, f]) => [path, { ...f, lastModified: f.lastModified ?? -1 }]));
  const none = async () => null;
  const fs: BlogFs = {
    readText: none,
    readBytes: none,
    exists: async () => false,
    writeFile: async () => {
      throw new Error('read-only');
    },
    remove: async () => undefined,
    async *list() {
      for (const [path, f] of Object.entries(files)) yield { path, lastModified: f.lastModified, size: f.size };
    },
  };
  return { fs, cache: { ...cache, files } };
}

/** Enough requests in flight to hide the per-file round trip; more only queue in the browser. */
const READ_CONCURRENCY = 64;

export async function blogIndex(blog: Extract<OpenBlog, { kind: 'ready' }>): Promise<BlogIndex> {
  const dir = postsDir(blog.profile);
  const timezone = blog.settings.timezone;
  const key = `${blog.key}|${dir}|${timezone}`;
  if (memo?.key === key) return memo.index;
  const cache = await blogStore().getIndexCache<BlogIndexCache>().catch(() => null);
  const usable = cache && cache.version === 1 && cache.dir === dir && cache.timezone === timezone;
  if (!usable) {
    const { index } = await BlogIndex.build(blog.fs, { dir, timezone, concurrency: READ_CONCURRENCY });
    memo = { key, index, written: [] };
    await blogStore().putIndexCache(index.toCache()).catch(() => undefined);
    return index;
  }
  const cached = cacheOnly(cache);
  const { index } = await BlogIndex.build(cached.fs, { dir, timezone, cache: cached.cache });
  const current: NonNullable<typeof memo> = { key, index, written: [] };
  memo = current;
  current.refreshing = BlogIndex.build(blog.fs, { dir, timezone, cache, concurrency: READ_CONCURRENCY }).then(
    async ({ index: fresh }) => {
      if (memo !== current) return;
      // Saves made while the scan ran may have been written after it passed their folder.
      for (const entry of current.written) fresh.put(entry);
      memo = { key, index: fresh, written: [] };
      await blogStore().putIndexCache(fresh.toCache()).catch(() => undefined);
    },
    () => undefined,
  );
  return index;
}

/** Tests and benchmarks: wait for a background re-check of the folder to finish. */
export async function indexSettled(): Promise<void> {
  await memo?.refreshing;
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
  if (result.status === 'written' || result.status === 'updated') {
    if (memo?.refreshing) memo.written.push(result.entry);
    await blogStore().putIndexCache(index.toCache()).catch(() => undefined);
  }
  return result;
}
