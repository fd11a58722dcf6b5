/** BlogFs over Node's fs, rooted at a blog folder: the CLI's `--blog`, the tests and the bench. */
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import type { BlogFileEntry, BlogFs } from '../blog/fs';

// Reads and stats are synchronous on purpose: a post is a few KB, and handing each of 20,000
// of them to libuv's thread pool and back costs three times the read itself (bench:index).
// Writes stay asynchronous.
export class NodeBlogFs implements BlogFs {
  constructor(readonly root: string) {}

  /** The absolute path of a blog path; refuses anything that would leave the root. */
  private abs(path: string): string {
    if (path.startsWith('/') || path.includes('\\') || path.split('/').some((s) => s === '..')) throw new Error(`path leaves the blog: ${path}`);
    return path === '' || path === '.' ? this.root : join(this.root, ...path.split('/').filter((s) => s !== '' && s !== '.'));
  }

  async readText(path: string): Promise<string | null> {
    try {
      return readFileSync(this.abs(path), 'utf8');
    } catch (e) {
      if (['ENOENT', 'EISDIR', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '')) return null;
      throw e;
    }
  }

  async readBytes(path: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(readFileSync(this.abs(path)));
    } catch (e) {
      if (['ENOENT', 'EISDIR', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '')) return null;
      throw e;
    }
  }

  async *list(dir: string): AsyncIterable<BlogFileEntry> {
    const base = this.abs(dir);
    const prefix = dir.replace(/\/+$/, '');
    let entries;
    try {
      entries = await readdir(base, { withFileTypes: true, recursive: true });
    } catch (e) {
      if (['ENOENT', 'ENOTDIR'].includes((e as NodeJS.ErrnoException).code ?? '')) return;
      throw e;
    }
    for (const d of entries) {
      if (!d.isFile()) continue;
      const full = join(d.parentPath, d.name);
      const s = statSync(full, { throwIfNoEntry: false });
      if (!s) continue;
      const rel = full.slice(base.length + 1).split(sep).join('/');
      yield { path: prefix ? `${prefix}/${rel}` : rel, lastModified: s.mtimeMs, size: s.size };
    }
  }

  async exists(path: string): Promise<boolean> {
    try {
      await stat(this.abs(path));
      return true;
    } catch {
      return false;
    }
  }

  /** Temp file beside the target, then rename: a reader sees the old file or the new, never half. */
  async writeFile(path: string, data: string | Uint8Array): Promise<void> {
    const target = this.abs(path);
    await mkdir(dirname(target), { recursive: true });
    const temp = join(dirname(target), `.${randomBytes(6).toString('hex')}.hexo-clipper.tmp`);
    try {
      await writeFile(temp, data, { flag: 'wx' });
      await rename(temp, target);
    } catch (e) {
      await unlink(temp).catch(() => undefined);
      throw e;
    }
  }

  async remove(path: string): Promise<void> {
    if (this.abs(path) === this.root) throw new Error('refusing to remove the blog folder itself');
    await rm(this.abs(path), { recursive: true, force: true });
  }
}
