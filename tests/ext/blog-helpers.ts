/** An in-memory stand-in for the File System Access handles, with the browser's error names, and a blog in it. */
import type { DirHandle, FileHandle } from '../../utils/extension/blog-fs';
import type { BlogHandle, BlogStore, StoredBlog } from '../../utils/extension/blog-handle';

export const domError = (name: string) => Object.assign(new Error(name), { name });

export class MemFile implements FileHandle {
  readonly kind = 'file' as const;
  bytes: Uint8Array = new Uint8Array();
  modified = 1;
  /** Makes the next write fail half way, as a full disk does. */
  failNextWrite = false;
  constructor(readonly name: string) {}
  async getFile() {
    const file = new File([this.bytes as BlobPart], this.name, { lastModified: this.modified });
    return file;
  }
  async createWritable() {
    let swap: Uint8Array = new Uint8Array();
    return {
      write: async (data: string | Uint8Array | Blob) => {
        if (this.failNextWrite) {
          this.failNextWrite = false;
          throw domError('QuotaExceededError');
        }
        swap = typeof data === 'string' ? new TextEncoder().encode(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(await (data as Blob).arrayBuffer());
      },
      // Like Chromium: the file changes on close only.
      close: async () => {
        this.bytes = swap;
        this.modified += 1;
      },
      abort: async () => undefined,
    };
  }
}

export class MemDir implements DirHandle {
  readonly kind = 'directory' as const;
  children = new Map<string, MemDir | MemFile>();
  constructor(readonly name: string) {}
  async getDirectoryHandle(name: string, o?: { create?: boolean }) {
    const found = this.children.get(name);
    if (found instanceof MemDir) return found;
    if (found) throw domError('TypeMismatchError');
    if (!o?.create) throw domError('NotFoundError');
    const dir = new MemDir(name);
    this.children.set(name, dir);
    return dir;
  }
  async getFileHandle(name: string, o?: { create?: boolean }) {
    const found = this.children.get(name);
    if (found instanceof MemFile) return found;
    if (found) throw domError('TypeMismatchError');
    if (!o?.create) throw domError('NotFoundError');
    const file = new MemFile(name);
    this.children.set(name, file);
    return file;
  }
  async removeEntry(name: string, o?: { recursive?: boolean }) {
    const found = this.children.get(name);
    if (!found) throw domError('NotFoundError');
    if (found instanceof MemDir && found.children.size && !o?.recursive) throw domError('InvalidModificationError');
    this.children.delete(name);
  }
  async *entries(): AsyncIterable<[string, MemDir | MemFile]> {
    yield* this.children.entries();
  }
}


/** A folder with these files (text or bytes), paths '/'-separated. */
export async function memFolder(name: string, files: Record<string, string | Uint8Array>): Promise<MemDir> {
  const root = new MemDir(name);
  for (const [path, content] of Object.entries(files)) {
    const parts = path.split('/');
    const file = parts.pop() as string;
    let dir: MemDir = root;
    for (const p of parts) dir = await dir.getDirectoryHandle(p, { create: true });
    const f = await dir.getFileHandle(file, { create: true });
    f.bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  }
  return root;
}

/** The handle store without IndexedDB (fake-indexeddb would strip the stand-in's methods when cloning it). */
export function memoryBlogStore(initial: StoredBlog | null = null): BlogStore & { stored(): StoredBlog | null } {
  let stored = initial;
  let cache: unknown = null;
  return {
    stored: () => stored,
    get: async () => stored,
    connect: async (handle: BlogHandle, now = 1) => {
      stored = { handle, name: handle.name, connectedAt: now };
      cache = null;
      return stored;
    },
    disconnect: async () => {
      stored = null;
      cache = null;
    },
    getIndexCache: async <T,>() => cache as T | null,
    putIndexCache: async (c: unknown) => {
      cache = c;
    },
  };
}

export const BLOG_CONFIG = `title: 我的新闻存档
url: https://news.example.com
timezone: Asia/Shanghai
post_asset_folder: true
new_post_name: :year/:title.md
default_category: 新闻
filename_case: 0
marked:
  postAsset: true
`;

export const SCAFFOLD = `---
title: {{ title }}
date: {{ date }}
tags:
archive_source: 趣头条
---
`;
