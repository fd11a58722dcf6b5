/**
 * BlogFs over a File System Access directory handle: the blog folder the user picked on the
 * options page (or, in the e2e suite, a folder of the origin-private file system). Works in an
 * extension page and in the MV3 service worker alike: both can use a handle read from IndexedDB.
 */
import type { BlogFileEntry, BlogFs } from '../blog/fs';

/** The parts of the handle API used here (TypeScript's DOM types lack the async iteration of some targets). */
export interface DirHandle {
  readonly kind: 'directory';
  readonly name: string;
  getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<DirHandle>;
  getFileHandle(name: string, options?: { create?: boolean }): Promise<FileHandle>;
  removeEntry(name: string, options?: { recursive?: boolean }): Promise<void>;
  entries(): AsyncIterable<[string, DirHandle | FileHandle]>;
}

export interface FileHandle {
  readonly kind: 'file';
  readonly name: string;
  getFile(): Promise<File>;
  createWritable(options?: { keepExistingData?: boolean }): Promise<WritableFile>;
}

export interface WritableFile {
  write(data: string | Uint8Array | Blob): Promise<void>;
  close(): Promise<void>;
  abort(reason?: unknown): Promise<void>;
}

/** A path as BlogFs promises it: relative, '/'-separated, no '..'. Anything else is a caller's bug. */
function segments(path: string): string[] {
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (path.startsWith('/') || parts.some((p) => p === '..' || p.includes('\\'))) throw new Error(`not a relative blog path: ${path}`);
  return parts;
}

/** The browser says "not there" with NotFoundError, or TypeMismatchError when a file stands where a folder was asked for. */
function isMissing(e: unknown): boolean {
  const name = (e as { name?: string })?.name;
  return name === 'NotFoundError' || name === 'TypeMismatchError';
}

export function handleBlogFs(root: DirHandle): BlogFs {
  /**
   * File handles met by the last `list`: the index reads every listed post next, and walking
   * each path from the root again costs one browser round trip per folder level. A handle
   * whose file was removed since answers NotFoundError, read as "not there".
   */
  let listed = new Map<string, FileHandle>();

  const dirAt = async (parts: string[], create: boolean): Promise<DirHandle | null> => {
    let dir = root;
    for (const part of parts) {
      try {
        dir = await dir.getDirectoryHandle(part, { create });
      } catch (e) {
        if (!create && isMissing(e)) return null;
        throw e;
      }
    }
    return dir;
  };

  const fileAt = async (path: string): Promise<FileHandle | null> => {
    const known = listed.get(segments(path).join('/'));
    if (known) return known;
    const parts = segments(path);
    const name = parts.pop();
    if (name === undefined) return null;
    const dir = await dirAt(parts, false);
    if (!dir) return null;
    try {
      return await dir.getFileHandle(name);
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  };

  async function* walk(dir: DirHandle, prefix: string, seen: Map<string, FileHandle>): AsyncGenerator<BlogFileEntry> {
    const folders: [string, DirHandle][] = [];
    const files: [string, FileHandle][] = [];
    for await (const [name, entry] of dir.entries()) {
      const path = prefix ? `${prefix}/${name}` : name;
      if (entry.kind === 'directory') folders.push([path, entry]);
      else files.push([path, entry]);
    }
    // A folder's files at once: one after another, 20,000 posts cost 20,000 sequential round trips.
    const metas = await Promise.all(files.map(([, handle]) => handle.getFile().then((f) => ({ lastModified: f.lastModified, size: f.size }), () => null)));
    for (let i = 0; i < files.length; i++) {
      const [path, handle] = files[i]!;
      const meta = metas[i];
      if (!meta) continue;
      seen.set(path, handle);
      yield { path, ...meta };
    }
    for (const [path, folder] of folders) yield* walk(folder, path, seen);
  }

  const read = async <T>(path: string, as: (file: File) => Promise<T>): Promise<T | null> => {
    const handle = await fileAt(path);
    if (!handle) return null;
    try {
      return await as(await handle.getFile());
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  };

  return {
    readText: (path) => read(path, (f) => f.text()),
    readBytes: (path) => read(path, async (f) => new Uint8Array(await f.arrayBuffer())),
    async *list(dir) {
      const parts = segments(dir);
      const start = await dirAt(parts, false);
      listed = new Map();
      if (start) yield* walk(start, parts.join('/'), listed);
    },
    async exists(path) {
      const parts = segments(path);
      if (!parts.length) return true;
      const name = parts.pop() as string;
      const parent = await dirAt(parts, false);
      if (!parent) return false;
      for (const get of [() => parent.getDirectoryHandle(name), () => parent.getFileHandle(name)]) {
        try {
          await get();
          return true;
        } catch (e) {
          if (!isMissing(e)) throw e;
        }
      }
      return false;
    },
    async writeFile(path, data) {
      const parts = segments(path);
      const name = parts.pop();
      if (name === undefined) throw new Error('writeFile needs a file name');
      const dir = (await dirAt(parts, true)) as DirHandle;
      const file = await dir.getFileHandle(name, { create: true });
      // The stream writes a swap file that replaces the file only on close(): a failed write
      // leaves the old file (or an empty new one, which the writer's rollback removes).
      const stream = await file.createWritable();
      try {
        await stream.write(data);
      } catch (e) {
        await stream.abort().catch(() => undefined);
        throw e;
      }
      await stream.close();
    },
    async remove(path) {
      const parts = segments(path);
      const name = parts.pop();
      if (name === undefined) throw new Error('refusing to remove the blog folder itself');
      const gone = [...parts, name].join('/');
      for (const key of [...listed.keys()]) if (key === gone || key.startsWith(`${gone}/`)) listed.delete(key);
      const parent = await dirAt(parts, false);
      if (!parent) return;
      try {
        await parent.removeEntry(name, { recursive: true });
      } catch (e) {
        if (!isMissing(e)) throw e;
      }
    },
  };
}
