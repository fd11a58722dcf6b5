/**
 * `--out DIR` as a batch destination: posts written whole (assets first, the post last, each by
 * rename), names made unique against what is on disk, and "already saved" answered by the blog
 * index over the posts in DIR.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { postFiles, zipFiles, zipName, type OutputFile } from '../core/bundle';
import { uniqueFilename } from '../core/filename';
import type { HexoPost } from '../core/hexo';
import type { Destination, PostCandidate, PostOutput } from './batch';
import { writeAtomic } from './tasks';

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? listFiles(join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`],
  );
}

/** Interim: replaced by the shared blog index (utils/blog/index.ts) when it lands. */
interface ArticleIndex {
  find(candidate: PostCandidate): string | undefined;
  add(candidate: PostCandidate, file: string): void;
}

function interimIndex(dir: string, files: string[]): ArticleIndex {
  const keys = new Map<string, string>();
  const keysOf = (c: PostCandidate) => [c.url && `url:${c.url}`, c.title && c.published && `td:${c.title}|${c.published.slice(0, 16)}`].filter(Boolean) as string[];
  for (const f of files.filter((f) => /\.md$/.test(f))) {
    const text = readFileSync(join(dir, f), 'utf8');
    const url = /^source_url:\s*['"]?(\S+?)['"]?\s*$/m.exec(text)?.[1];
    if (url) keys.set(`url:${url}`, f);
  }
  return {
    find: (c) => keysOf(c).map((k) => keys.get(k)).find(Boolean),
    add: (c, file) => keysOf(c).forEach((k) => keys.set(k, file)),
  };
}

export async function openOutDestination(dir: string, zip: boolean): Promise<Destination> {
  const files = statSync(dir, { throwIfNoEntry: false }) ? listFiles(dir).filter((f) => !f.split('/').some((p) => p.startsWith('.'))) : [];
  // Names already on disk count as taken: a batch never overwrites a post.
  const taken = new Set(files.map((n) => n.normalize('NFC').toLowerCase()));
  const index = interimIndex(dir, files);
  return {
    dir,
    existing: async (candidate) => index.find(candidate),
    write: async (output: PostOutput, candidate) => {
      const post = { filename: output.filename, text: output.text } as HexoPost;
      let outputs: OutputFile[];
      if (!zip) {
        outputs = postFiles(post, output.assets, uniqueFilename(output.filename, taken));
      } else {
        const name = uniqueFilename(zipName(output.filename), taken);
        const inner = `${name.replace(/\.zip$/, '').split('/').pop()}.md`;
        outputs = [{ path: name, bytes: zipFiles(postFiles(post, output.assets, inner)) }];
      }
      // The post last: whoever sees it (Hexo, the index of a later run) finds its images there.
      for (const out of [...outputs.slice(1), outputs[0] as OutputFile]) writeAtomic(resolve(dir, out.path), out.bytes);
      const file = (outputs[0] as OutputFile).path;
      index.add(candidate, file);
      return { file: relative(process.cwd(), resolve(dir, file)), extra: outputs.length - 1 };
    },
  };
}
