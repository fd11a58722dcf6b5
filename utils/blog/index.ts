/**
 * The blog's posts by article identity: "is this article already saved, and where?". Built from
 * the front matter of `source/_posts/**\/*.md`, kept as a cache keyed by path + lastModified +
 * size so a rebuild reads only the files that changed, and updated by the writer on each save.
 */
import { postIdentities, parsePostDate, type Identity } from '../core/identity';
import type { BlogFileEntry, BlogFs } from './fs';
import { readFrontMatterKeys } from './frontmatter';

export interface IndexEntry {
  /** Path from the blog's root, e.g. `source/_posts/新媒体/趣头条/标题.md`. */
  path: string;
  title: string;
  /** The post's date as an ISO instant, when it has a readable one. */
  date?: string;
  identities: Identity[];
}

export interface IndexLookup {
  path: string;
  title: string;
  date?: string;
}

interface CachedFile {
  lastModified?: number;
  size?: number;
  /** null: read, but not a post we can identify (no front matter, no title…). */
  entry: IndexEntry | null;
}

/** What `toCache()` gives and `build` takes back: plain JSON. */
export interface BlogIndexCache {
  version: 1;
  /** Local dates read in another zone give other identities: a cache for another zone is dropped. */
  timezone: string;
  dir: string;
  files: Record<string, CachedFile>;
}

export interface BuildStats {
  files: number;
  /** Files whose text was read (new or changed since the cache). */
  read: number;
  reused: number;
  /** Files that could not be read; they are left out of the index and retried next build. */
  failed: number;
}

const POST_FILE = /\.(md|markdown)$/i;
/** What `postIdentities` and an entry read. */
const INDEXED_KEYS = ['title', 'date', 'source_url'] as const;

/** The entry a post's text gives, or null when it has no front matter or no title. */
export function entryFromText(path: string, text: string, timezone: string): IndexEntry | null {
  const fm = readFrontMatterKeys(text, INDEXED_KEYS);
  if (!fm) return null;
  const title = typeof fm.title === 'string' ? fm.title : typeof fm.title === 'number' ? String(fm.title) : '';
  const identities = postIdentities(fm, timezone);
  if (!identities.length) return null;
  const date = parsePostDate(fm.date instanceof Date ? fm.date : typeof fm.date === 'string' ? fm.date : undefined, timezone);
  return { path, title, ...(date ? { date: date.toISOString() } : {}), identities };
}

async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export class BlogIndex {
  private byIdentity = new Map<Identity, IndexEntry>();
  private files = new Map<string, CachedFile>();

  private constructor(
    readonly dir: string,
    readonly timezone: string,
  ) {}

  /** An index with nothing in it, for a blog with no posts folder yet. */
  static empty(dir: string, timezone: string): BlogIndex {
    return new BlogIndex(dir, timezone);
  }

  /**
   * Reads every post below `dir` (the blog's `source/_posts`), reusing the cache's entry of each
   * file whose lastModified and size are unchanged.
   */
  static async build(fs: BlogFs, opts: { dir: string; timezone: string; cache?: BlogIndexCache | null; concurrency?: number }): Promise<{ index: BlogIndex; stats: BuildStats }> {
    const index = new BlogIndex(opts.dir, opts.timezone);
    const cache = opts.cache && opts.cache.version === 1 && opts.cache.timezone === opts.timezone && opts.cache.dir === opts.dir ? opts.cache.files : {};
    const toRead: BlogFileEntry[] = [];
    const stats: BuildStats = { files: 0, read: 0, reused: 0, failed: 0 };
    for await (const file of fs.list(opts.dir)) {
      if (!POST_FILE.test(file.path)) continue;
      stats.files++;
      const cached = cache[file.path];
      if (cached && file.lastModified !== undefined && cached.lastModified === file.lastModified && cached.size === file.size) {
        index.files.set(file.path, cached);
        stats.reused++;
      } else {
        toRead.push(file);
      }
    }
    await pool(toRead, opts.concurrency ?? 16, async (file) => {
      let text: string | null;
      try {
        text = await fs.readText(file.path);
      } catch {
        stats.failed++;
        return;
      }
      if (text === null) return;
      stats.read++;
      index.files.set(file.path, { lastModified: file.lastModified, size: file.size, entry: entryFromText(file.path, text, opts.timezone) });
    });
    // Identities in path order, so two posts of one article resolve the same way every build.
    for (const path of [...index.files.keys()].sort()) {
      const entry = index.files.get(path)?.entry;
      if (entry) index.addIdentities(entry);
    }
    return { index, stats };
  }

  private addIdentities(entry: IndexEntry): void {
    for (const id of entry.identities) if (!this.byIdentity.has(id)) this.byIdentity.set(id, entry);
  }

  /** The saved post of this identity. */
  lookup(identity: Identity): IndexLookup | undefined {
    const e = this.byIdentity.get(identity);
    return e ? { path: e.path, title: e.title, ...(e.date ? { date: e.date } : {}) } : undefined;
  }

  /** The saved post answering to any of these identities (an article's URL one first). */
  find(identities: Identity[]): IndexEntry | undefined {
    for (const id of identities) {
      const e = this.byIdentity.get(id);
      if (e) return e;
    }
    return undefined;
  }

  /** Records a post just written (or rewritten) at `entry.path`. */
  put(entry: IndexEntry, meta: { lastModified?: number; size?: number } = {}): void {
    this.remove(entry.path);
    this.files.set(entry.path, { ...meta, entry });
    for (const id of entry.identities) this.byIdentity.set(id, entry);
  }

  /** Forgets the post at `path`. */
  remove(path: string): void {
    const old = this.files.get(path)?.entry;
    this.files.delete(path);
    if (!old) return;
    for (const id of old.identities) {
      if (this.byIdentity.get(id) !== old) continue;
      this.byIdentity.delete(id);
      // Another post of the same article takes its place.
      for (const other of this.files.values()) {
        if (other.entry?.identities.includes(id)) {
          this.byIdentity.set(id, other.entry);
          break;
        }
      }
    }
  }

  get size(): number {
    let n = 0;
    for (const f of this.files.values()) if (f.entry) n++;
    return n;
  }

  entries(): IndexEntry[] {
    return [...this.files.values()].flatMap((f) => (f.entry ? [f.entry] : []));
  }

  toCache(): BlogIndexCache {
    return { version: 1, timezone: this.timezone, dir: this.dir, files: Object.fromEntries(this.files) };
  }
}
