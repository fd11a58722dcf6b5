/**
 * Where a batch writes: `--out DIR` (posts straight into DIR) or `--blog DIR` (a Hexo blog's
 * `source/_posts/<subfolder>`). Both go through the blog core: the shared article identity and
 * index answer "already saved", `savePost` writes each post whole or not at all.
 */
import { postFiles, zipFiles, zipName } from '../core/bundle';
import { uniqueFilename } from '../core/filename';
import type { HexoPost } from '../core/hexo';
import { articleIdentities, type Identity } from '../core/identity';
import type { BlogFileEntry, BlogFs } from '../blog/fs';
import { BlogIndex } from '../blog/index';
import { postsDir, type BlogProfile } from '../blog/profile';
import { savePost, type SaveTarget } from '../blog/write';
import type { Destination, PostCandidate, PostOutput } from './batch';

/** The posts folder `--out DIR` is, as the writer sees a blog: `source/_posts/x` is `DIR/x`. */
const OUT_PROFILE: BlogProfile = {
  postAssetFolder: true,
  newPostName: ':title.md',
  filenameCase: 0,
  sourceDir: 'source',
  markedPostAsset: false,
  scaffold: null,
  read: [],
  warnings: [],
};
const OUT_PREFIX = 'source/_posts';

/** A view of `fs` in which `source/_posts/…` is the root of `fs`: lets `--out DIR` use the blog writer. */
export function postsFolderAsBlog(fs: BlogFs): BlogFs {
  const inner = (path: string) => {
    const p = path.replace(/\/+$/, '');
    if (p === OUT_PREFIX) return '';
    if (!p.startsWith(`${OUT_PREFIX}/`)) throw new Error(`outside the posts folder: ${path}`);
    return p.slice(OUT_PREFIX.length + 1);
  };
  return {
    readText: (p) => fs.readText(inner(p)),
    readBytes: (p) => fs.readBytes(inner(p)),
    exists: (p) => fs.exists(inner(p)),
    writeFile: (p, d) => fs.writeFile(inner(p), d),
    remove: (p) => fs.remove(inner(p)),
    async *list(dir: string): AsyncIterable<BlogFileEntry> {
      for await (const e of fs.list(inner(dir))) yield { ...e, path: e.path ? `${OUT_PREFIX}/${e.path}` : OUT_PREFIX };
    },
  };
}

export interface DestinationOptions {
  /** What the user named, for messages and the journal's folder. */
  dir: string;
  /** The blog's folder as a BlogFs: for `--out`, the posts folder itself. */
  fs: BlogFs;
  kind: 'out' | 'blog';
  profile?: BlogProfile;
  subfolder: string;
  timezone: string;
  zip: boolean;
  update: boolean;
  /** Turns a blog path into what the user is shown. */
  display: (path: string) => string;
}

export async function openDestination(options: DestinationOptions): Promise<Destination & { index: BlogIndex }> {
  const fs = options.kind === 'out' ? postsFolderAsBlog(options.fs) : options.fs;
  const profile = options.kind === 'out' ? OUT_PROFILE : (options.profile as BlogProfile);
  const dir = postsDir(profile, options.subfolder);
  // A run killed mid-write leaves its temp file (never a post: a hidden name, renamed when whole).
  for await (const f of fs.list(postsDir(profile))) if (/(^|\/)\.[^/]*\.tmp$/.test(f.path)) await fs.remove(f.path);
  const { index } = await BlogIndex.build(fs, { dir: postsDir(profile), timezone: options.timezone });
  const target: SaveTarget = { fs, profile, subfolder: options.subfolder, index, timezone: options.timezone };
  const identities = (c: PostCandidate): Identity[] => articleIdentities({ url: c.url, title: c.title, date: c.published, timeZone: options.timezone });
  const shown = (path: string) => options.display(options.kind === 'out' ? path.slice(OUT_PREFIX.length + 1) : path);
  // With --update, the posts this run rewrote: a second input of the same article (a repost) is
  // already saved, not a second rewrite of the first.
  const rewritten = new Set<string>();

  return {
    dir: options.dir,
    index,
    existing: async (candidate) => {
      // With --update an article already saved is fetched and rewritten where it is.
      const found = index.find(identities(candidate));
      return found && (!options.update || rewritten.has(found.path)) ? shown(found.path) : undefined;
    },
    write: async (output: PostOutput, candidate) => {
      const post = { filename: output.filename, text: output.text } as HexoPost;
      if (options.zip) {
        // A zip is for carrying elsewhere (`--out` only): no post the index can read on the next
        // run, where only the journal remembers it; within this run the index knows it, so a
        // repost later in the batch is already saved.
        const taken = new Set<string>();
        let name = uniqueFilename(zipName(output.filename), taken);
        while (await fs.exists(`${dir}/${name}`)) name = uniqueFilename(zipName(output.filename), taken);
        const inner = `${name.replace(/\.zip$/, '').split('/').pop()}.md`;
        await fs.writeFile(`${dir}/${name}`, zipFiles(postFiles(post, output.assets, inner)));
        index.put({ path: `${dir}/${name}`, title: candidate.title ?? '', identities: identities(candidate) });
        return { file: shown(`${dir}/${name}`), extra: 0 };
      }
      const result = await savePost(target, { files: postFiles(post, output.assets), identities: identities(candidate), update: options.update });
      if (result.status === 'failed') throw new Error(`${result.code}: ${result.message}`);
      if (result.status === 'skipped') return { file: shown(result.existing.path), extra: 0, skipped: true };
      rewritten.add(result.path);
      return { file: shown(result.path), extra: output.assets.length, updated: result.status === 'updated' };
    },
  };
}
