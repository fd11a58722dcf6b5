/**
 * Saving one post with its asset files into the blog, whole or not at all: assets first, the post
 * last (Hexo only shows a post once its .md is there), and on any failure everything this save
 * wrote is removed again. A different article's files are never overwritten.
 */
import { assetFolder } from '../core/assets';
import type { OutputFile } from '../core/bundle';
import { uniqueFilename } from '../core/filename';
import type { Identity } from '../core/identity';
import type { BlogFs } from './fs';
import { entryFromText, type BlogIndex, type IndexEntry } from './index';
import { postsDir, type BlogProfile } from './profile';

export interface SaveTarget {
  fs: BlogFs;
  profile: BlogProfile;
  /** The `blog.subfolder` setting: a folder under `source/_posts`. */
  subfolder: string;
  /** Consulted for "already saved" and updated after a save. */
  index: BlogIndex;
  /** The blog's timezone, for reading the written post's date back into the index. */
  timezone: string;
}

export interface SaveRequest {
  /** `postFiles()`'s output: the post (`NAME.md`) and its assets (`NAME/01.jpg`…), relative to the posts folder. */
  files: OutputFile[];
  /** `articleIdentities()` of the article: how "already saved" is told. */
  identities: Identity[];
  /** Rewrite the already-saved post in place (its old asset folder is replaced whole). */
  update?: boolean;
}

export type SaveFailureCode =
  /** A write or remove failed; everything this save wrote was removed again. */
  | 'write-failed'
  /** A write failed and putting the blog back failed too: `message` says what is left. */
  | 'rollback-failed'
  /** The files hold no post, or a path leaves the posts folder. */
  | 'bad-request';

export type SaveResult =
  | { status: 'written' | 'updated'; path: string; written: string[]; entry: IndexEntry }
  | { status: 'skipped'; existing: IndexEntry }
  | { status: 'failed'; code: SaveFailureCode; message: string; path?: string };

const POST = /\.(md|markdown|html)$/i;
const decoder = new TextDecoder();

function safeRelative(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !path.includes('\\') && path.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

/** The post file and its assets, with asset paths relative to the asset folder. */
function split(files: OutputFile[]): { post: OutputFile; assets: { name: string; bytes: Uint8Array }[] } | string {
  const post = files.find((f) => POST.test(f.path));
  if (!post) return 'no post file among the files';
  const folder = `${assetFolder(post.path)}/`;
  const assets: { name: string; bytes: Uint8Array }[] = [];
  for (const f of files) {
    if (f === post) continue;
    if (!f.path.startsWith(folder)) return `${f.path} is not in the post's asset folder ${folder}`;
    assets.push({ name: f.path.slice(folder.length), bytes: f.bytes });
  }
  for (const p of [post.path, ...assets.map((a) => a.name)]) if (!safeRelative(p)) return `unsafe path ${p}`;
  return { post, assets };
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The first name, `NAME.md`, `NAME-2.md`…, whose post and asset folder are both free. */
async function freeName(fs: BlogFs, dir: string, filename: string): Promise<string> {
  const tried = new Set<string>();
  for (;;) {
    const name = uniqueFilename(filename, tried);
    const path = `${dir}/${name}`;
    if (!(await fs.exists(path)) && !(await fs.exists(assetFolder(path)))) return path;
  }
}

/** Writes `files` in order; on failure removes what was written (and `cleanup`) and rethrows. */
async function writeAll(fs: BlogFs, files: { path: string; bytes: Uint8Array }[], written: string[]): Promise<void> {
  for (const f of files) {
    await fs.writeFile(f.path, f.bytes);
    written.push(f.path);
  }
}

async function newPost(target: SaveTarget, post: OutputFile, assets: { name: string; bytes: Uint8Array }[], identities: Identity[]): Promise<SaveResult> {
  const { fs } = target;
  const path = await freeName(fs, postsDir(target.profile, target.subfolder), post.path);
  const folder = assetFolder(path);
  const written: string[] = [];
  try {
    await writeAll(fs, [...assets.map((a) => ({ path: `${folder}/${a.name}`, bytes: a.bytes })), { path, bytes: post.bytes }], written);
  } catch (e) {
    try {
      // The name was free, so the folder is all ours: it goes whole.
      for (const p of [...written].reverse()) await fs.remove(p);
      if (assets.length) await fs.remove(folder);
    } catch (e2) {
      return { status: 'failed', code: 'rollback-failed', path, message: `${message(e)}; then removing what was written failed: ${message(e2)}` };
    }
    return { status: 'failed', code: 'write-failed', path, message: message(e) };
  }
  const entry = indexEntry(target, path, post.bytes, identities);
  return { status: 'written', path, written, entry };
}

async function updatePost(target: SaveTarget, existing: IndexEntry, post: OutputFile, assets: { name: string; bytes: Uint8Array }[], identities: Identity[]): Promise<SaveResult> {
  const { fs } = target;
  const path = existing.path;
  const folder = assetFolder(path);
  // What a failed update must put back.
  const old: { path: string; bytes: Uint8Array }[] = [];
  try {
    for await (const f of fs.list(folder)) {
      const bytes = await fs.readBytes(f.path);
      if (bytes) old.push({ path: f.path, bytes });
    }
  } catch (e) {
    return { status: 'failed', code: 'write-failed', path, message: `cannot read the old asset folder: ${message(e)}` };
  }
  const written: string[] = [];
  try {
    await fs.remove(folder);
    // The post is written last and atomically: until then the old post still stands.
    await writeAll(fs, [...assets.map((a) => ({ path: `${folder}/${a.name}`, bytes: a.bytes })), { path, bytes: post.bytes }], written);
  } catch (e) {
    try {
      await fs.remove(folder);
      for (const f of old) await fs.writeFile(f.path, f.bytes);
    } catch (e2) {
      return { status: 'failed', code: 'rollback-failed', path, message: `${message(e)}; then restoring the old asset folder failed: ${message(e2)}` };
    }
    return { status: 'failed', code: 'write-failed', path, message: message(e) };
  }
  const entry = indexEntry(target, path, post.bytes, identities);
  return { status: 'updated', path, written, entry };
}

/** The index entry of the written post: what its front matter says, plus the article's identities. */
function indexEntry(target: SaveTarget, path: string, bytes: Uint8Array, identities: Identity[]): IndexEntry {
  const read = entryFromText(path, decoder.decode(bytes), target.timezone);
  const all = [...new Set([...identities, ...(read?.identities ?? [])])];
  const entry: IndexEntry = { path, title: read?.title ?? '', ...(read?.date ? { date: read.date } : {}), identities: all };
  target.index.put(entry, { size: bytes.length });
  return entry;
}

/**
 * Saves the post into `source/_posts/<subfolder>/`. An article the index already has is skipped,
 * or with `update` rewritten where it is; a name taken by anything else gets `-2`, `-3`….
 */
export async function savePost(target: SaveTarget, request: SaveRequest): Promise<SaveResult> {
  const parts = split(request.files);
  if (typeof parts === 'string') return { status: 'failed', code: 'bad-request', message: parts };
  const existing = target.index.find(request.identities);
  if (existing && !request.update) return { status: 'skipped', existing };
  if (existing) return updatePost(target, existing, parts.post, parts.assets, request.identities);
  return newPost(target, parts.post, parts.assets, request.identities);
}
