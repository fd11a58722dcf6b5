/**
 * The connected blog folder, kept across browser restarts. A directory handle cannot go into
 * `storage.*` (JSON only) but IndexedDB stores it as it is, and the extension's pages and its
 * service worker share one IndexedDB: the options page stores, the worker saves through it.
 * The blog's index cache lives beside it, so disconnecting forgets both.
 */
import type { DirHandle } from './blog-fs';

const DB_NAME = 'hexo-clipper-blog';
const STORE = 'blog';
const ROOT_KEY = 'root';
const INDEX_KEY = 'index';

export type PermissionState = 'granted' | 'prompt' | 'denied';

/** What Chromium's handles add to the standard API: the per-handle permission. */
export interface BlogHandle extends DirHandle {
  queryPermission?(descriptor: { mode: 'read' | 'readwrite' }): Promise<PermissionState>;
  requestPermission?(descriptor: { mode: 'read' | 'readwrite' }): Promise<PermissionState>;
}

export interface StoredBlog {
  handle: BlogHandle;
  /** The folder's name, shown while the blog itself cannot be read (permission dropped). */
  name: string;
  connectedAt: number;
}

function open(idb: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = idb.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB open failed'));
  });
}

async function run<T>(idb: IDBFactory, mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest | void): Promise<T> {
  const db = await open(idb);
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      // Resolved on commit, not on the request: a written handle is there for the next reader.
      tx.oncomplete = () => resolve((request ? request.result : undefined) as T);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

/** `idb` is a parameter so unit tests run against fake-indexeddb. */
export function createBlogStore(idb: IDBFactory = globalThis.indexedDB) {
  return {
    async get(): Promise<StoredBlog | null> {
      // Where there is no IndexedDB no folder can have been connected: that is "no blog", not a
      // connected blog gone unreadable (whose save would wrongly say it fell back to Downloads).
      if (!idb) return null;
      const value = await run<StoredBlog | undefined>(idb, 'readonly', (s) => s.get(ROOT_KEY));
      return value && typeof value === 'object' && value.handle ? value : null;
    },
    /** A new folder replaces the old one, and the old one's index is dropped with it. */
    async connect(handle: BlogHandle, now = Date.now()): Promise<StoredBlog> {
      const stored: StoredBlog = { handle, name: handle.name, connectedAt: now };
      await run(idb, 'readwrite', (s) => {
        s.put(stored, ROOT_KEY);
        s.delete(INDEX_KEY);
      });
      return stored;
    },
    async disconnect(): Promise<void> {
      await run(idb, 'readwrite', (s) => {
        s.delete(ROOT_KEY);
        s.delete(INDEX_KEY);
      });
    },
    async getIndexCache<T>(): Promise<T | null> {
      return (await run<T | undefined>(idb, 'readonly', (s) => s.get(INDEX_KEY))) ?? null;
    },
    async putIndexCache(cache: unknown): Promise<void> {
      await run(idb, 'readwrite', (s) => s.put(cache, INDEX_KEY));
    },
  };
}

export type BlogStore = ReturnType<typeof createBlogStore>;

/**
 * Read-write access to the folder. `ask` only from a user's click in an extension page: Chrome
 * shows its prompt only with a user gesture, and never in the service worker (there
 * `requestPermission` answers `prompt` and shows nothing). A handle without the permission API
 * (the origin-private file system needs none) is treated as granted.
 */
export async function blogPermission(handle: BlogHandle, ask: boolean): Promise<PermissionState> {
  if (typeof handle.queryPermission !== 'function') return 'granted';
  const state = await handle.queryPermission({ mode: 'readwrite' });
  if (state !== 'prompt' || !ask || typeof handle.requestPermission !== 'function') return state;
  try {
    return await handle.requestPermission({ mode: 'readwrite' });
  } catch {
    // No gesture left, or the browser refused to ask: as good as a refusal this time.
    return 'denied';
  }
}

/** Whether this browser can connect a blog at all: Chromium's directory picker. Firefox has none. */
export function canPickFolder(scope: unknown = globalThis): boolean {
  return typeof (scope as { showDirectoryPicker?: unknown }).showDirectoryPicker === 'function';
}

/** The native folder picker, read-write; null when the user closed it. */
export async function pickFolder(scope: unknown = globalThis): Promise<BlogHandle | null> {
  const host = scope as { showDirectoryPicker(o: { mode: 'readwrite'; id?: string }): Promise<BlogHandle> };
  try {
    return await host.showDirectoryPicker({ mode: 'readwrite', id: 'hexo-blog' });
  } catch (e) {
    if ((e as { name?: string })?.name === 'AbortError') return null;
    throw e;
  }
}
