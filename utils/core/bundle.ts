/** The files one saved post makes: the post, its asset folder, or both in one zip. */
import { strToU8, zipSync } from 'fflate';
import { assetFolder, type Asset } from './assets';
import type { HexoPost } from './hexo';

export interface OutputFile {
  /** Relative path with `/` separators. */
  path: string;
  bytes: Uint8Array;
}

/** `NAME.md` and `NAME/01.jpg …`, Hexo's post-asset-folder layout. */
export function postFiles(post: HexoPost, assets: Asset[], filename = post.filename): OutputFile[] {
  const folder = assetFolder(filename);
  return [{ path: filename, bytes: strToU8(post.text) }, ...assets.map((a) => ({ path: `${folder}/${a.name}`, bytes: a.bytes }))];
}

// A fixed time keeps the archive byte-identical for the same post (zip stores local mtimes).
const ZIP_TIME = new Date('2000-01-01T00:00:00Z');

/** One zip of the same layout, for those who prefer one download. Images are stored, not recompressed. */
export function zipFiles(files: OutputFile[]): Uint8Array {
  const entries: Record<string, [Uint8Array, { level: 0 | 6; mtime: Date }]> = {};
  for (const f of files) entries[f.path] = [f.bytes, { level: /\.(md|markdown|html)$/i.test(f.path) ? 6 : 0, mtime: ZIP_TIME }];
  return zipSync(entries);
}

/** `NAME.md` → `NAME.zip`. */
export function zipName(postFilename: string): string {
  return `${assetFolder(postFilename)}.zip`;
}
