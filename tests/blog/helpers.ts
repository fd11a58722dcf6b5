/** Blog folders for the blog tests: a temp folder through the Node BlogFs, or files in memory. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { BlogFileEntry, BlogFs } from '../../utils/blog/fs';
import { NodeBlogFs } from '../../utils/node/blog-fs';

export const SITE_CONFIG = `title: 测试博客
url: https://blog.example.com
timezone: Asia/Shanghai
post_asset_folder: true
new_post_name: :year/:title.md
`;

export const SCAFFOLD = `---
title: {{ title }}
date: {{ date }}
tags:
series: 新闻存档
---
`;

/** A blog folder on disk with these files (paths from its root). */
export function tempBlog(files: Record<string, string | Uint8Array> = { '_config.yml': SITE_CONFIG, 'scaffolds/post.md': SCAFFOLD, 'source/_posts/.keep': '' }): { dir: string; fs: NodeBlogFs } {
  const dir = mkdtempSync(join(tmpdir(), 'blog-'));
  for (const [path, data] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), data);
  }
  return { dir, fs: new NodeBlogFs(dir) };
}

/**
 * A BlogFs in memory whose writes can be made to fail: `failOn(path)` throws on writing that
 * path, as a full disk or a revoked permission would.
 */
export class MemoryBlogFs implements BlogFs {
  files = new Map<string, Uint8Array>();
  failOn: (path: string) => boolean = () => false;
  writes: string[] = [];

  constructor(initial: Record<string, string | Uint8Array> = {}) {
    for (const [p, d] of Object.entries(initial)) this.files.set(p, typeof d === 'string' ? new TextEncoder().encode(d) : d);
  }

  async readText(path: string) {
    const b = this.files.get(path);
    return b ? new TextDecoder().decode(b) : null;
  }
  async readBytes(path: string) {
    return this.files.get(path) ?? null;
  }
  async *list(dir: string): AsyncIterable<BlogFileEntry> {
    for (const [path, bytes] of [...this.files]) if (path.startsWith(`${dir}/`)) yield { path, size: bytes.length, lastModified: 1 };
  }
  async exists(path: string) {
    return this.files.has(path) || [...this.files.keys()].some((p) => p.startsWith(`${path}/`));
  }
  async writeFile(path: string, data: string | Uint8Array) {
    if (this.failOn(path)) throw new Error(`disk full writing ${path}`);
    this.writes.push(path);
    this.files.set(path, typeof data === 'string' ? new TextEncoder().encode(data) : data);
  }
  async remove(path: string) {
    for (const p of [...this.files.keys()]) if (p === path || p.startsWith(`${path}/`)) this.files.delete(p);
  }
  text(path: string): string | undefined {
    const b = this.files.get(path);
    return b ? new TextDecoder().decode(b) : undefined;
  }
}
